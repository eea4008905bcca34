//! Vietnamese typesetting as a print shop checks it: hundreds of slogans heavy in stacked marks
//! (every tone on ă, â, ê, ô, ơ, ư, and dots below, in capitals) drawn in every banner, flag and
//! pano format, with the gap between the ink of consecutive lines measured from the glyph
//! outlines of the drawn SVG, and the PNG read back for ink between lines.

mod common;

use std::path::{Path, PathBuf};

use common::{demo_site, repo};

/// Syllables whose marks reach far above the cap height, in lower case (the layouts set them
/// in capitals): every tone on the six vowels with a mark of their own.
const MARKED: [&str; 6] = ["ăắằẳẵặ", "âấầẩẫậ", "êếềểễệ", "ôốồổỗộ", "ơớờởỡợ", "ưứừửữự"];
/// Vowels with a dot below: the marks that reach down into the next line.
const DOTTED: &str = "ạẹịọụỵậặệộợự";
const ONSETS: [&str; 16] = [
    "", "b", "c", "d", "đ", "g", "h", "l", "m", "n", "ng", "nh", "ph", "t", "th", "tr",
];
const CODAS: [&str; 8] = ["", "c", "m", "n", "ng", "nh", "p", "t"];

/// A small deterministic generator, so a failure names the same slogan on every run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// `count` slogans of 5 to 16 syllables, alternating syllables with marks above and below so
/// that lines with marks above fall under lines with marks below wherever they break; every
/// marked vowel is used in turn.
fn stacked_slogans(count: usize) -> Vec<String> {
    let above: Vec<char> = MARKED.iter().flat_map(|s| s.chars()).collect();
    let below: Vec<char> = DOTTED.chars().collect();
    let mut rng = Lcg(2023);
    let (mut ai, mut bi) = (0usize, 0usize);
    (0..count)
        .map(|_| {
            let n = 5 + rng.next(12);
            let words: Vec<String> = (0..n)
                .map(|i| {
                    let vowel = if i % 2 == 0 {
                        ai += 1;
                        above[ai % above.len()]
                    } else {
                        bi += 1;
                        below[bi % below.len()]
                    };
                    format!(
                        "{}{}{}",
                        ONSETS[rng.next(ONSETS.len())],
                        vowel,
                        CODAS[rng.next(CODAS.len())]
                    )
                })
                .collect();
            let mut text = words.join(" ");
            if n > 9 && rng.next(3) == 0 {
                // A pause in the middle, as real slogans have.
                let cut = text
                    .match_indices(' ')
                    .nth(n / 2 - 1)
                    .map(|(i, _)| i)
                    .unwrap();
                text.insert(cut, ',');
            }
            let mut c = text.chars();
            let first = c.next().unwrap().to_uppercase().collect::<String>();
            first + c.as_str()
        })
        .collect()
}

#[test]
fn the_generated_slogans_use_every_stacked_mark() {
    let all: String = stacked_slogans(300).concat();
    for c in MARKED.iter().flat_map(|s| s.chars()).chain(DOTTED.chars()) {
        assert!(all.contains(c), "no {c}");
    }
}

/// A text line as drawn in a flattened SVG: the box around its glyph outlines' points, in the
/// SVG's user units (mm for print).
#[derive(Debug, Clone, Copy)]
struct Drawn {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// The lines of a flattened SVG as loa writes it: usvg turns each `<text>` into a `<g>` of
/// glyph paths, so every group whose children are all paths is one line of text. The numbers
/// of its `d` (absolute M, L, Q, C, Z, as usvg writes them) are its outline points.
fn drawn_lines(svg: &[u8]) -> Vec<Drawn> {
    let text = std::str::from_utf8(svg).unwrap();
    let doc = roxmltree::Document::parse(text).unwrap();
    let mut out = Vec::new();
    for g in doc.descendants().filter(|n| n.has_tag_name("g")) {
        let kids: Vec<_> = g.children().filter(|c| c.is_element()).collect();
        if kids.is_empty()
            || g.attributes().len() > 0
            || !kids.iter().all(|c| c.has_tag_name("path"))
        {
            continue;
        }
        let mut d = Drawn {
            x0: f64::MAX,
            y0: f64::MAX,
            x1: f64::MIN,
            y1: f64::MIN,
        };
        for path in kids {
            let nums: Vec<f64> = path
                .attribute("d")
                .unwrap()
                .split(|c: char| c.is_ascii_alphabetic() || c.is_whitespace() || c == ',')
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect();
            for p in nums.chunks(2) {
                d.x0 = d.x0.min(p[0]);
                d.x1 = d.x1.max(p[0]);
                d.y0 = d.y0.min(p[1]);
                d.y1 = d.y1.max(p[1]);
            }
        }
        out.push(d);
    }
    out
}

/// The clearance the default theme keeps between the ink of two lines, as a share of the size.
const CLEARANCE: f64 = 0.06;
/// Positions in the SVG are rounded to hundredths of a unit.
const ROUNDING: f64 = 0.02;

/// Every pair of consecutive lines in `boxes` whose drawn ink comes closer than the clearance:
/// each fitted line (its baseline and size from the composition) is matched to the drawn group
/// that holds its baseline and anchor, and the gap is measured between the drawn outlines.
fn close_pairs(
    what: &str,
    boxes: &std::collections::HashMap<String, loa::BoxOut>,
    svg: &[u8],
    found: &mut Vec<String>,
) -> usize {
    let drawn = drawn_lines(svg);
    let mut pairs = 0;
    for (name, b) in boxes {
        let matched: Vec<Drawn> = b
            .lines
            .iter()
            .map(|l| {
                *drawn
                    .iter()
                    .filter(|d| d.y0 <= l.y && l.y <= d.y1 + 0.05 * b.size)
                    .filter(|d| d.x0 - 0.15 * b.size <= l.x && l.x <= d.x1 + 0.15 * b.size)
                    .min_by(|a, c| (a.y1 - l.y).abs().total_cmp(&(c.y1 - l.y).abs()))
                    .unwrap_or_else(|| {
                        panic!(
                            "{what}: no drawn line for {:?} at {} {}: {drawn:?}",
                            l.text, l.x, l.y
                        )
                    })
            })
            .collect();
        for (i, pair) in matched.windows(2).enumerate() {
            pairs += 1;
            let gap = pair[1].y0 - pair[0].y1;
            if gap + ROUNDING < CLEARANCE * b.size {
                found.push(format!(
                    "{what} box {name}: {:?} / {:?} ink gap {gap:.2} < {:.2}",
                    b.lines[i].text,
                    b.lines[i + 1].text,
                    CLEARANCE * b.size
                ));
            }
        }
    }
    pairs
}

fn slug(i: usize) -> String {
    format!("gen-{i:03}")
}

/// The demo site with `slogans` added (banner and flag formats) and panos of every size whose
/// headline and slogan are generated ones.
fn stacked_site(slogans: &[String], panos: usize) -> tempfile::TempDir {
    let site = demo_site();
    let root = site.path();
    // Small previews: this test reads the SVG, and pixels cost time.
    let cfg = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        cfg.replacen("artwork:\n", "artwork:\n  preview_px: 64\n", 1),
    )
    .unwrap();
    for (i, text) in slogans.iter().enumerate() {
        std::fs::write(
            root.join(format!("content/slogans/{}.md", slug(i))),
            format!("---\ntext: \"{text}\"\nyears: [2023]\nformats: [bang-ron, co-phuon]\n---\n"),
        )
        .unwrap();
    }
    let sizes = ["A4", "A3", "A1", "pano-ngang", "pano-doc"];
    for p in 0..panos {
        let dir = root.join(format!("content/panos/gen-{p:02}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("index.md"),
            format!(
                "---\ntitle: Pano {p}\nsize: {}\ntheme: 2023\nheadline: \"{}\"\nslogan: {}\nqr: \"@/themes/2023.md\"\n---\n",
                sizes[p % sizes.len()],
                slogans[(p * 7) % slogans.len()],
                slug((p * 11 + 3) % slogans.len()),
            ),
        )
        .unwrap();
    }
    site
}

fn load(root: &Path) -> (loa::Site, loa::Theme) {
    loa::load(&loa::BuildArgs {
        root: root.to_path_buf(),
        output: None,
        base_url: None,
        drafts: false,
        colour: None,
        strict: false,
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn no_two_lines_of_any_artwork_come_closer_than_the_clearance() {
    let slogans = stacked_slogans(300);
    let site = stacked_site(&slogans, 10);
    let (site, theme) = load(site.path());
    let studio = loa::Studio::new(&site, &theme).unwrap();
    let mut found = Vec::new();
    let mut pairs = 0;
    let mut artworks = 0;
    let jobs = studio.jobs(&site).unwrap();
    for job in &jobs {
        let format = &studio.formats()[job.format];
        if !format.is_print() {
            continue;
        }
        let page = &site.pages[job.page];
        let what = format!("{} {}", page.rel.display(), format.name);
        let boxes = studio.compose(&site, job).unwrap().boxes;
        let outputs = studio
            .render(&site, job)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let svg = outputs.iter().find(|o| o.rel.ends_with(".svg")).unwrap();
        pairs += close_pairs(&what, &boxes, &svg.bytes, &mut found);
        artworks += 1;
    }
    let photos = loa::PrintPhotos::new(&site).unwrap();
    let mut pano_count = 0;
    for job in studio.pano_jobs(&site).unwrap() {
        let page = &site.pages[job.page];
        let art = studio
            .render_pano(&site, &photos, &job)
            .unwrap_or_else(|e| panic!("{}: {e}", page.rel.display()));
        pairs += close_pairs(
            &page.rel.display().to_string(),
            &art.boxes,
            &art.svg,
            &mut found,
        );
        pano_count += 1;
    }
    assert!(artworks >= 600 + 16, "{artworks} banner and flag artworks");
    assert!(pano_count >= 12, "{pano_count} panos");
    assert!(pairs > 2000, "only {pairs} pairs of lines measured");
    assert!(
        found.is_empty(),
        "{} of {pairs} pairs too close:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The theme's listed words and phrases, read as a person reads the file: one entry a line,
/// `#` starts a comment, `<number>` is any number.
fn listed() -> Vec<Vec<String>> {
    let dir = repo().join("themes/default/artwork");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path: PathBuf = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                let words: Vec<String> = line
                    .split('#')
                    .next()
                    .unwrap()
                    .split_whitespace()
                    .map(str::to_lowercase)
                    .collect();
                if words.len() >= 2 {
                    out.push(words);
                }
            }
        }
    }
    assert!(out.len() > 50, "the theme lists {} entries", out.len());
    out
}

fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Breaks inside a listed entry, and a last line of one word in a text of four or more.
fn bad_breaks(what: &str, lines: &[String], list: &[Vec<String>], found: &mut Vec<String>) {
    let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
    let mut starts = Vec::new();
    let mut at = 0;
    for l in lines {
        starts.push(at);
        at += l.split_whitespace().count();
    }
    for entry in list {
        for i in 0..words.len().saturating_sub(entry.len() - 1) {
            let span = &words[i..i + entry.len()];
            let matches = entry.iter().zip(span).all(|(e, w)| {
                let w = bare(w);
                if e == "<number>" {
                    !w.is_empty() && w.chars().all(|c| c.is_ascii_digit())
                } else {
                    *e == w
                }
            });
            // An entry running across a comma is not the listed word ("…, học tập").
            let paused = span[..span.len() - 1]
                .iter()
                .any(|w| w.ends_with([',', ';', ':', '.', '!', '?']));
            if matches && !paused && starts.iter().any(|&s| s > i && s < i + entry.len()) {
                found.push(format!(
                    "{what}: {:?} breaks \"{}\"",
                    lines,
                    entry.join(" ")
                ));
            }
        }
    }
    if words.len() >= 4 && lines.len() > 1 && lines.last().unwrap().split_whitespace().count() == 1
    {
        found.push(format!("{what}: {lines:?} ends on one word"));
    }
}

#[test]
fn demo_artwork_breaks_no_listed_word_and_leaves_no_orphan() {
    let (site, theme) = load(&repo());
    let studio = loa::Studio::new(&site, &theme).unwrap();
    let list = listed();
    let mut found = Vec::new();
    let mut texts = 0;
    let mut langs = std::collections::BTreeSet::new();
    for job in studio.jobs(&site).unwrap() {
        let page = &site.pages[job.page];
        let format = &studio.formats()[job.format].name;
        langs.insert(page.lang.to_string());
        for (name, b) in studio.compose(&site, &job).unwrap().boxes {
            let lines: Vec<String> = b.lines.iter().map(|l| l.text.clone()).collect();
            let what = format!("{} {format} {name}", page.rel.display());
            bad_breaks(&what, &lines, &list, &mut found);
            texts += 1;
        }
    }
    let photos = loa::PrintPhotos::new(&site).unwrap();
    for job in studio.pano_jobs(&site).unwrap() {
        let page = &site.pages[job.page];
        for (name, b) in studio.render_pano(&site, &photos, &job).unwrap().boxes {
            let lines: Vec<String> = b.lines.iter().map(|l| l.text.clone()).collect();
            bad_breaks(
                &format!("{} {name}", page.rel.display()),
                &lines,
                &list,
                &mut found,
            );
            texts += 1;
        }
    }
    assert_eq!(langs.len(), 2, "{langs:?}");
    assert!(texts > 300, "{texts} texts");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_checker_finds_a_split_word_and_an_orphan() {
    let list = vec![vec!["chuyển".to_string(), "đổi".to_string()]];
    let mut found = Vec::new();
    let lines = [
        "THÚC ĐẨY CHUYỂN".to_string(),
        "ĐỔI SỐ TRONG".to_string(),
        "TRƯỜNG".to_string(),
    ];
    bad_breaks("x", &lines, &list, &mut found);
    assert_eq!(found.len(), 2, "{found:?}");
}

/// Pixels between two lines of a flag's slogan are the flag's red, at print-preview resolution:
/// no dot of one line and no mark of the next reach into the gap.
#[test]
fn pixels_between_lines_are_background() {
    let slogans = stacked_slogans(12);
    let site = stacked_site(&slogans, 0);
    let root = site.path();
    let cfg = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        cfg.replacen("preview_px: 64", "preview_px: 3000", 1),
    )
    .unwrap();
    let (site_model, theme) = load(root);
    let studio = loa::Studio::new(&site_model, &theme).unwrap();
    let mut rows_checked = 0;
    for job in studio.jobs(&site_model).unwrap() {
        let page = &site_model.pages[job.page];
        let format = &studio.formats()[job.format];
        if format.name != "co-phuon" || !page.rel.to_string_lossy().contains("gen-") {
            continue;
        }
        let (tw, _, bleed) = format.dims();
        let boxes = studio.compose(&site_model, &job).unwrap().boxes;
        let outputs = studio.render(&site_model, &job).unwrap();
        let svg = &outputs
            .iter()
            .find(|o| o.rel.ends_with(".svg"))
            .unwrap()
            .bytes;
        let png = &outputs
            .iter()
            .find(|o| o.rel.ends_with(".png"))
            .unwrap()
            .bytes;
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
        // Indexed PNGs (flat artwork) read as the colours they index.
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let channels = info.line_size / info.width as usize;
        let scale = info.width as f64 / tw;
        let drawn = drawn_lines(svg);
        let slogan = &boxes["slogan"];
        // The drawn lines of the slogan box, top to bottom.
        let mut inks: Vec<Drawn> = slogan
            .lines
            .iter()
            .map(|l| {
                *drawn
                    .iter()
                    .find(|d| {
                        d.y0 <= l.y
                            && l.y <= d.y1 + 0.05 * slogan.size
                            && d.x0 <= l.x
                            && l.x <= d.x1
                    })
                    .unwrap()
            })
            .collect();
        inks.sort_by(|a, b| a.y0.total_cmp(&b.y0));
        let (x0, x1) = (
            (slogan.x - bleed) * scale,
            (slogan.x + slogan.w - bleed) * scale,
        );
        for pair in inks.windows(2) {
            // Rows strictly between the two inks, one pixel in from each for antialiasing.
            let top = ((pair[0].y1 - bleed) * scale).ceil() as usize + 1;
            let bottom = ((pair[1].y0 - bleed) * scale).floor() as usize;
            assert!(
                bottom > top + 2,
                "{}: lines {pair:?} leave no rows between them",
                page.rel.display()
            );
            for y in top..bottom {
                for x in (x0 as usize)..(x1 as usize) {
                    let p = &buf[y * info.line_size + x * channels..][..3];
                    let red = [0xc8i32, 0x10, 0x2e];
                    let off: i32 = p.iter().zip(red).map(|(a, b)| (*a as i32 - b).abs()).sum();
                    assert!(
                        off < 12,
                        "{}: ink at ({x}, {y}) between lines: {p:?}",
                        page.rel.display()
                    );
                }
                rows_checked += 1;
            }
        }
    }
    assert!(rows_checked > 500, "{rows_checked} rows checked");
}
