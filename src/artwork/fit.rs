//! Text fitting with real font metrics: the largest size at which a text fits a box in at most
//! N lines, breaking only at spaces, balancing the lines, preferring breaks after punctuation and
//! avoiding breaks inside two-syllable words listed by the theme ("suốt đời", "học tập").

use std::collections::HashSet;

/// Shapes text with one font face and measures it. Widths are in ems (multiply by the font size).
pub struct Measurer {
    data: std::sync::Arc<Vec<u8>>,
    pub units_per_em: f64,
    pub ascender: f64,
    pub descender: f64,
}

impl Measurer {
    pub fn new(data: std::sync::Arc<Vec<u8>>) -> Option<Measurer> {
        let face = rustybuzz::Face::from_slice(&data, 0)?;
        let upem = face.units_per_em() as f64;
        Some(Measurer {
            units_per_em: upem,
            ascender: face.ascender() as f64 / upem,
            descender: -(face.descender() as f64) / upem,
            data,
        })
    }

    fn face(&self) -> rustybuzz::Face<'_> {
        // Checked to parse in `new`.
        rustybuzz::Face::from_slice(&self.data, 0).expect("face parsed in Measurer::new")
    }

    /// Width of `text` in ems, with the font's own shaping (kerning, marks).
    pub fn width(&self, text: &str) -> f64 {
        let face = self.face();
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let glyphs = rustybuzz::shape(&face, &[], buffer);
        let advance: i64 = glyphs
            .glyph_positions()
            .iter()
            .map(|p| p.x_advance as i64)
            .sum();
        advance as f64 / self.units_per_em
    }

    /// Characters the font has no glyph for (whitespace is never missing).
    pub fn missing_glyphs(&self, text: &str) -> Vec<char> {
        let face = self.face();
        let mut missing: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace() && face.glyph_index(*c).is_none())
            .collect();
        missing.dedup();
        missing
    }
}

/// A box to fill, in the layout's units.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub w: f64,
    pub h: f64,
    pub max_lines: usize,
    pub line_height: f64,
}

#[derive(Debug, Clone)]
pub struct Fitted {
    pub lines: Vec<String>,
    pub size: f64,
    /// Widths of the lines at `size`.
    pub widths: Vec<f64>,
}

/// Word pairs that must stay on one line, from the theme (`artwork/keep-together.txt`).
#[derive(Debug, Default, Clone)]
pub struct KeepTogether(HashSet<(String, String)>);

impl KeepTogether {
    pub fn parse(text: &str) -> KeepTogether {
        let mut set = HashSet::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let words: Vec<String> = line.split_whitespace().map(|w| w.to_lowercase()).collect();
            for pair in words.windows(2) {
                set.insert((pair[0].clone(), pair[1].clone()));
            }
        }
        KeepTogether(set)
    }

    fn joins(&self, a: &str, b: &str) -> bool {
        let clean = |w: &str| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        };
        self.0.contains(&(clean(a), clean(b)))
    }
}

/// Height of `n` lines in ems: ascender of the first line, line steps, descender of the last.
pub fn block_height(m: &Measurer, n: usize, line_height: f64) -> f64 {
    m.ascender + m.descender + (n.saturating_sub(1)) as f64 * line_height
}

/// The largest size at which `lines` (already broken) fit the frame.
pub fn size_for(m: &Measurer, lines: &[String], frame: Frame) -> (f64, Vec<f64>) {
    let widths_em: Vec<f64> = lines.iter().map(|l| m.width(l)).collect();
    let widest = widths_em.iter().cloned().fold(0.0, f64::max).max(1e-6);
    let by_width = frame.w / widest;
    let by_height = frame.h / block_height(m, lines.len().max(1), frame.line_height);
    let size = by_width.min(by_height);
    (size, widths_em.iter().map(|w| w * size).collect())
}

/// Breaks `text` into at most `frame.max_lines` lines and finds the largest size that fits.
pub fn fit(m: &Measurer, text: &str, frame: Frame, keep: &KeepTogether) -> Fitted {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return Fitted {
            lines: Vec::new(),
            size: 0.0,
            widths: Vec::new(),
        };
    }
    let word_w: Vec<f64> = words.iter().map(|w| m.width(w)).collect();
    let space = m.width(" ");
    let n = words.len();
    // Width of words[i..j] on one line, in ems.
    let span = |i: usize, j: usize| -> f64 {
        word_w[i..j].iter().sum::<f64>() + space * (j - i - 1) as f64
    };
    // Cost of breaking before word j (0 < j < n): splitting a kept pair is bad, a break after
    // punctuation is good.
    let break_factor = |j: usize| -> f64 {
        let prev = words[j - 1];
        if keep.joins(prev, words[j]) {
            // Splitting "chuyển | đổi" reads as two words; a line 30 % smaller is the lesser evil.
            1.45
        } else if prev.ends_with([',', ';', ':', '.', '!', '?', '–', '-']) {
            0.96
        } else {
            1.0
        }
    };

    let mut best: Option<(f64, Vec<usize>)> = None;
    for k in 1..=frame.max_lines.min(n) {
        // dp[l][j]: the best way to put words[..j] on l lines, as (widest line, product of break
        // factors, start of the last line); compared by widest × factors, the effective width.
        let inf = f64::INFINITY;
        let mut dp = vec![vec![(inf, 1.0f64, 0usize); n + 1]; k + 1];
        dp[0][0] = (0.0, 1.0, 0);
        for l in 1..=k {
            for j in l..=n {
                for i in (l - 1)..j {
                    let (prev_w, prev_f, _) = dp[l - 1][i];
                    if prev_w == inf {
                        continue;
                    }
                    let factor = prev_f * if i > 0 { break_factor(i) } else { 1.0 };
                    let widest = prev_w.max(span(i, j));
                    let (cur_w, cur_f, _) = dp[l][j];
                    // Ties go to the later break, which keeps short words with what follows.
                    if cur_w == inf || widest * factor <= cur_w * cur_f {
                        dp[l][j] = (widest, factor, i);
                    }
                }
            }
        }
        let (widest, factor, _) = dp[k][n];
        if widest == inf {
            continue;
        }
        let mut breaks = Vec::with_capacity(k);
        let mut j = n;
        for l in (1..=k).rev() {
            let i = dp[l][j].2;
            breaks.push(i);
            j = i;
        }
        breaks.reverse();
        let by_width = frame.w / widest.max(1e-6);
        let by_height = frame.h / block_height(m, k, frame.line_height);
        // The size this layout allows, discounted by its break penalties, so a slightly smaller
        // size that keeps "học tập" together beats a bigger one that splits it.
        let score = by_width.min(by_height) / factor;
        if best.as_ref().is_none_or(|(s, _)| score > *s * 1.001) {
            best = Some((score, breaks));
        }
    }
    let (_, breaks) = best.expect("k = 1 always yields a layout");
    let mut lines = Vec::new();
    for (idx, &start) in breaks.iter().enumerate() {
        let end = breaks.get(idx + 1).copied().unwrap_or(n);
        lines.push(words[start..end].join(" "));
    }
    let (size, widths) = size_for(m, &lines, frame);
    Fitted {
        lines,
        size,
        widths,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measurer() -> Measurer {
        let data = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/fonts/BeVietnamPro_800ExtraBold.ttf"
        ))
        .unwrap();
        Measurer::new(std::sync::Arc::new(data)).unwrap()
    }

    #[test]
    fn long_text_on_a_wide_box_balances_two_lines() {
        let m = measurer();
        let frame = Frame {
            w: 4500.0,
            h: 450.0,
            max_lines: 3,
            line_height: 1.15,
        };
        let text = "THÚC ĐẨY CHUYỂN ĐỔI SỐ PHỤC VỤ HỌC TẬP SUỐT ĐỜI SAU ĐẠI DỊCH COVID-19";
        let f = fit(&m, text, frame, &KeepTogether::default());
        assert!(f.lines.len() >= 2, "{:?}", f.lines);
        let (a, b) = (f.widths[0], f.widths[1]);
        assert!((a - b).abs() / a.max(b) < 0.35, "unbalanced {:?}", f.lines);
        assert!(f.widths.iter().all(|w| *w <= frame.w + 1e-6));
    }

    #[test]
    fn keeps_listed_words_together() {
        let m = measurer();
        let frame = Frame {
            w: 700.0,
            h: 2000.0,
            max_lines: 8,
            line_height: 1.15,
        };
        let keep = KeepTogether::parse("học tập\nsuốt đời # lifelong\n");
        let f = fit(
            &m,
            "HỌC TẬP SUỐT ĐỜI LÀ CHÌA KHÓA CỦA SỰ THÀNH CÔNG",
            frame,
            &keep,
        );
        for l in &f.lines {
            assert_ne!(l, "TẬP", "{:?}", f.lines);
            assert!(!l.ends_with("SUỐT"), "{:?}", f.lines);
        }
    }

    #[test]
    fn finds_missing_glyphs() {
        let m = measurer();
        assert!(m.missing_glyphs("HỌC TẬP SUỐT ĐỜI ẬỐỜỰỶĐ").is_empty());
        assert_eq!(m.missing_glyphs("学"), vec!['学']);
    }
}
