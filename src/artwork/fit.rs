//! Text fitting with real font metrics and real ink: the largest size at which a text fits a box
//! in at most N lines. All the breaks of a box are chosen together (every way of breaking a
//! slogan's few words is scored, pruned by a bound), with costs for splitting a listed word or
//! phrase (`breaks`), a last line of one word, and ragged lines. Lines are set so the ink of one
//! line (its marks below: Ọ, Ậ, Ự) never comes closer than a clearance to the ink of the next
//! (its marks above: Ầ, Ễ, Ở), measured from the glyph outlines as shaped: font metrics alone
//! put stacked Vietnamese marks on top of each other at the 1.1–1.2 em leading capitals are
//! usually set at.

use std::collections::HashMap;

use super::breaks::{Gap, KeepTogether};

/// Shapes text with one font face and measures it. Widths are in ems (multiply by the font size).
pub(super) struct Measurer {
    data: std::sync::Arc<Vec<u8>>,
    pub(super) units_per_em: f64,
    pub(super) ascender: f64,
    pub(super) descender: f64,
    /// Every text measured so far. Fitting measures each word of a text, and the words of page
    /// titles repeat from card to card (Vietnamese words are syllables): at 10 000 news posts,
    /// shaping the same few thousand words again took a quarter of a build whose cards were
    /// all cached.
    measured: std::sync::RwLock<HashMap<String, (f64, Ink)>>,
}

/// Texts a measurer remembers at most; past it, it starts again (a long `loa serve` session).
const MEASURED_MAX: usize = 200_000;

/// The ink of a line: how far its glyph outlines reach above and below the baseline, in ems
/// (both positive outwards).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Ink {
    pub(super) top: f64,
    pub(super) bottom: f64,
}

impl Ink {
    fn max(self, o: Ink) -> Ink {
        Ink {
            top: self.top.max(o.top),
            bottom: self.bottom.max(o.bottom),
        }
    }
}

impl Measurer {
    pub(super) fn new(data: std::sync::Arc<Vec<u8>>) -> Option<Measurer> {
        let face = rustybuzz::Face::from_slice(&data, 0)?;
        let upem = face.units_per_em() as f64;
        Some(Measurer {
            units_per_em: upem,
            ascender: face.ascender() as f64 / upem,
            descender: -(face.descender() as f64) / upem,
            data,
            measured: Default::default(),
        })
    }

    fn face(&self) -> rustybuzz::Face<'_> {
        // Checked to parse in `new`.
        rustybuzz::Face::from_slice(&self.data, 0).expect("face parsed in Measurer::new")
    }

    fn shape(&self, face: &rustybuzz::Face<'_>, text: &str) -> rustybuzz::GlyphBuffer {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        rustybuzz::shape(face, &[], buffer)
    }

    /// Width of `text` in ems, with the font's own shaping (kerning, marks).
    pub(super) fn width(&self, text: &str) -> f64 {
        self.measure(text).0
    }

    /// Width (as `width`) and ink of `text`, from one shaping: each glyph's outline box, moved
    /// by its shaping offset (a mark positioned over its base is measured where it is drawn).
    pub(super) fn measure(&self, text: &str) -> (f64, Ink) {
        if let Some(known) = self.measured.read().ok().and_then(|m| m.get(text).copied()) {
            return known;
        }
        let measured = self.shape_and_measure(text);
        if let Ok(mut memo) = self.measured.write() {
            if memo.len() >= MEASURED_MAX {
                memo.clear();
            }
            memo.insert(text.to_string(), measured);
        }
        measured
    }

    fn shape_and_measure(&self, text: &str) -> (f64, Ink) {
        let face = self.face();
        let glyphs = self.shape(&face, text);
        let mut ink = Ink::default();
        let mut advance: i64 = 0;
        for (info, pos) in glyphs.glyph_infos().iter().zip(glyphs.glyph_positions()) {
            advance += pos.x_advance as i64;
            let id = rustybuzz::ttf_parser::GlyphId(info.glyph_id as u16);
            if let Some(b) = face.glyph_bounding_box(id) {
                let dy = pos.y_offset as f64;
                ink = ink.max(Ink {
                    top: (b.y_max as f64 + dy) / self.units_per_em,
                    bottom: -(b.y_min as f64 + dy) / self.units_per_em,
                });
            }
        }
        (advance as f64 / self.units_per_em, ink)
    }

    /// Characters the font has no glyph for (whitespace is never missing).
    pub(super) fn missing_glyphs(&self, text: &str) -> Vec<char> {
        let face = self.face();
        let mut missing: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace() && face.glyph_index(*c).is_none())
            .collect();
        missing.dedup();
        missing
    }
}

/// The clearance between the ink of two lines when a layout does not set one, as a fraction of
/// the text size: about what a dot below needs to stay a dot over a circumflex at banner size.
pub(super) const DEFAULT_CLEARANCE: f64 = 0.06;

/// A box to fill, in the layout's units.
#[derive(Debug, Clone, Copy)]
pub(super) struct Frame {
    pub(super) w: f64,
    pub(super) h: f64,
    pub(super) max_lines: usize,
    /// The leading the design asks for, in ems: lines are set at least this far apart, and
    /// further when their ink needs it.
    pub(super) line_height: f64,
    /// Least distance between the ink of two lines, in ems.
    pub(super) clearance: f64,
    /// The smallest legible size: layouts below it are taken only when none reaches it.
    pub(super) min_size: f64,
}

#[derive(Debug, Clone)]
pub(super) struct Fitted {
    pub(super) lines: Vec<String>,
    pub(super) size: f64,
    /// Widths of the lines at `size`.
    pub(super) widths: Vec<f64>,
    /// Baseline to baseline, in ems.
    pub(super) leading: f64,
    /// From the top of the block to the first baseline, and from the last baseline to the
    /// bottom of the block, in ems: the font's ascender and descender, or the ink where it
    /// reaches further (stacked marks over capitals do).
    pub(super) above: f64,
    pub(super) below: f64,
}

impl Fitted {
    /// Height of the block at its size.
    pub(super) fn height(&self) -> f64 {
        self.size * block_height(self.above, self.below, self.lines.len(), self.leading)
    }
}

/// The vertical set of some lines, in ems: leading, space above the first baseline and below the
/// last.
#[derive(Debug, Clone, Copy)]
struct Set {
    leading: f64,
    above: f64,
    below: f64,
}

fn set_lines(m: &Measurer, inks: &[Ink], frame: &Frame) -> Set {
    let mut leading = frame.line_height;
    for pair in inks.windows(2) {
        leading = leading.max(pair[0].bottom + pair[1].top + frame.clearance);
    }
    Set {
        leading,
        above: inks.first().map_or(0.0, |i| i.top).max(m.ascender),
        below: inks.last().map_or(0.0, |i| i.bottom).max(m.descender),
    }
}

/// Height of `n` lines in ems.
fn block_height(above: f64, below: f64, n: usize, leading: f64) -> f64 {
    above + below + n.saturating_sub(1) as f64 * leading
}

fn fitted(m: &Measurer, lines: Vec<String>, frame: Frame) -> Fitted {
    let (widths_em, inks): (Vec<f64>, Vec<Ink>) = lines.iter().map(|l| m.measure(l)).unzip();
    let set = set_lines(m, &inks, &frame);
    let widest = widths_em.iter().cloned().fold(0.0, f64::max).max(1e-6);
    let by_width = frame.w / widest;
    let by_height = frame.h / block_height(set.above, set.below, lines.len().max(1), set.leading);
    let size = by_width.min(by_height);
    Fitted {
        widths: widths_em.iter().map(|w| w * size).collect(),
        lines,
        size,
        leading: set.leading,
        above: set.above,
        below: set.below,
    }
}

/// The largest size at which `lines` (already broken) fit the frame.
pub(super) fn size_for(m: &Measurer, lines: &[String], frame: Frame) -> Fitted {
    fitted(m, lines.to_vec(), frame)
}

/// A last line of one word is an orphan when the text has at least this many words.
const ORPHAN_WORDS: usize = 4;
/// What an orphan multiplies a layout's score by.
const ORPHAN_FACTOR: f64 = 0.45;
/// What a line of a single word before the last multiplies a layout's score by.
const LONE_FACTOR: f64 = 0.85;
/// Weight of raggedness: the squared shortfall of each line against the widest.
const RAGGED_WEIGHT: f64 = 0.6;

/// Layouts tried per line count at most. A long text in a tall box (where the bound prunes
/// little) stops there with the best layout found so far, which the search order makes a good
/// one; no slogan of the demo or of the tests comes near it.
const SEARCH_BUDGET: usize = 50_000;

/// Everything the search for breaks needs, measured once.
struct Problem<'a> {
    m: &'a Measurer,
    frame: Frame,
    word_w: Vec<f64>,
    word_ink: Vec<Ink>,
    space: f64,
    gaps: Vec<Gap>,
}

impl Problem<'_> {
    /// Width of words[i..j] on one line, in ems.
    fn span(&self, i: usize, j: usize) -> f64 {
        self.word_w[i..j].iter().sum::<f64>() + self.space * (j - i - 1) as f64
    }

    fn line_ink(&self, i: usize, j: usize) -> Ink {
        self.word_ink[i..j]
            .iter()
            .fold(Ink::default(), |a, b| a.max(*b))
    }

    /// The score of breaking before each of `starts` (the first is 0): the size it allows,
    /// times the factors of its breaks, orphan and raggedness; and the size itself.
    fn score(&self, starts: &[usize]) -> (f64, f64) {
        let n = self.word_w.len();
        let ends = starts.iter().skip(1).copied().chain([n]);
        let mut widths = Vec::with_capacity(starts.len());
        let mut inks = Vec::with_capacity(starts.len());
        for (&i, j) in starts.iter().zip(ends) {
            widths.push(self.span(i, j));
            inks.push(self.line_ink(i, j));
        }
        let set = set_lines(self.m, &inks, &self.frame);
        let widest = widths.iter().cloned().fold(0.0, f64::max).max(1e-6);
        let by_width = self.frame.w / widest;
        let by_height =
            self.frame.h / block_height(set.above, set.below, starts.len(), set.leading);
        let size = by_width.min(by_height);
        let mut score = size;
        for &s in &starts[1..] {
            score *= self.gaps[s - 1].factor();
        }
        if n >= ORPHAN_WORDS && starts.len() > 1 {
            let last = starts.len() - 1;
            if starts[last] == n - 1 {
                score *= ORPHAN_FACTOR;
            }
            // A word alone on a line inside the text ("MỘT", "OF") reads as a stray.
            for (idx, &s) in starts[..last].iter().enumerate() {
                if starts[idx + 1] == s + 1 {
                    score *= LONE_FACTOR;
                }
            }
        }
        let ragged: f64 = widths.iter().map(|w| (1.0 - w / widest).powi(2)).sum();
        (score / (1.0 + RAGGED_WEIGHT * ragged), size)
    }
}

/// Breaks `text` into at most `frame.max_lines` lines and finds the largest size that fits,
/// weighing size against the cost of its breaks.
pub(super) fn fit(m: &Measurer, text: &str, frame: Frame, keep: &KeepTogether) -> Fitted {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return Fitted {
            lines: Vec::new(),
            size: 0.0,
            widths: Vec::new(),
            leading: frame.line_height,
            above: m.ascender,
            below: m.descender,
        };
    }
    let (word_w, word_ink) = words.iter().map(|w| m.measure(w)).unzip();
    let problem = Problem {
        m,
        frame,
        word_w,
        word_ink,
        space: m.width(" "),
        gaps: keep.gaps(&words),
    };
    let n = words.len();
    // The tallest a line's ink can be, for the bound on height.
    let least_set = Set {
        leading: frame.line_height,
        above: m.ascender,
        below: m.descender,
    };
    let best_factor = problem.gaps.iter().map(|g| g.factor()).fold(1.0, f64::max);
    let mut found = Found {
        best: (f64::NEG_INFINITY, Vec::new()),
        largest: (0.0, vec![0]),
        budget: 0,
    };
    for k in 1..=frame.max_lines.min(n) {
        let by_height =
            frame.h / block_height(least_set.above, least_set.below, k, least_set.leading);
        found.budget = SEARCH_BUDGET;
        let mut starts = vec![0];
        search(
            &problem,
            k,
            by_height,
            best_factor,
            &mut starts,
            1.0,
            0.0,
            &mut found,
        );
    }
    // Layouts that reach the legible minimum compete on score; when none does, the largest is
    // taken, and the caller says how far it falls short.
    let starts = if found.best.1.is_empty() {
        found.largest.1
    } else {
        found.best.1
    };
    let lines: Vec<String> = starts
        .iter()
        .enumerate()
        .map(|(idx, &s)| words[s..starts.get(idx + 1).copied().unwrap_or(n)].join(" "))
        .collect();
    fitted(m, lines, frame)
}

/// What the search has found: the best-scoring layout that reaches the frame's least size, the
/// largest layout of all, and how many more layouts it may try.
struct Found {
    best: (f64, Vec<usize>),
    largest: (f64, Vec<usize>),
    budget: usize,
}

/// Depth-first over where each line starts. A branch is cut when even its best case (no wider
/// line, only pauses to come, the least leading) cannot beat the best layout so far: slogans
/// have a handful of words, and the bound keeps the search to a few hundred layouts where trying
/// every one would be tens of thousands.
#[allow(clippy::too_many_arguments)]
fn search(
    p: &Problem,
    k: usize,
    by_height: f64,
    best_factor: f64,
    starts: &mut Vec<usize>,
    factor: f64,
    widest: f64,
    found: &mut Found,
) {
    if found.budget == 0 {
        return;
    }
    found.budget -= 1;
    let n = p.word_w.len();
    let placed = starts.len();
    let start = *starts.last().expect("starts begins with 0");
    if placed == k {
        let widest = widest.max(p.span(start, n));
        if (p.frame.w / widest).min(by_height) * factor <= found.best.0 {
            return;
        }
        let (score, size) = p.score(starts);
        if size + 1e-9 >= p.frame.min_size {
            // Ties go to the earlier layout found: fewer lines, then later breaks first.
            if score > found.best.0 * 1.000_001 || found.best.1.is_empty() {
                found.best = (score, starts.clone());
            }
        } else if size > found.largest.0 {
            found.largest = (size, starts.clone());
        }
        return;
    }
    let remaining = k - placed;
    // The next line starts at `next`: this line is words[start..next], and `remaining` lines
    // still need a word each. Later starts first, so long lines are tried before short ones.
    for next in ((start + 1)..=(n - remaining)).rev() {
        let widest = widest.max(p.span(start, next));
        let f = factor * p.gaps[next - 1].factor();
        let bound =
            (p.frame.w / widest).min(by_height) * f * best_factor.powi(remaining as i32 - 1);
        if bound <= found.best.0 {
            // Shorter lines (earlier `next`) can still do better: only width fell.
            continue;
        }
        starts.push(next);
        search(p, k, by_height, best_factor, starts, f, widest, found);
        starts.pop();
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
            clearance: DEFAULT_CLEARANCE,
            min_size: 0.0,
        };
        let text = "THÚC ĐẨY CHUYỂN ĐỔI SỐ PHỤC VỤ BẢO VỆ MÔI TRƯỜNG SAU ĐẠI DỊCH COVID-19";
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
            clearance: DEFAULT_CLEARANCE,
            min_size: 0.0,
        };
        let mut keep = KeepTogether::default();
        keep.add_list("bảo vệ\nmôi trường # environment\n");
        let f = fit(
            &m,
            "BẢO VỆ MÔI TRƯỜNG LÀ TRÁCH NHIỆM CỦA MỖI NGƯỜI DÂN",
            frame,
            &keep,
        );
        for l in &f.lines {
            assert_ne!(l, "VỆ", "{:?}", f.lines);
            assert!(!l.ends_with("MÔI"), "{:?}", f.lines);
        }
    }

    #[test]
    fn finds_missing_glyphs() {
        let m = measurer();
        assert!(m.missing_glyphs("HỌC SINH ĐỌC SÁCH ẬỐỜỰỶĐ").is_empty());
        assert_eq!(m.missing_glyphs("学"), vec!['学']);
    }
}
