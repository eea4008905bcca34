//! Vietnamese typesetting as a print shop checks it: hundreds of slogans heavy in stacked marks
//! (every tone on ă, â, ê, ô, ơ, ư, and dots below, in capitals) drawn in every banner, flag and
//! pano format, with the gap between the ink of consecutive lines measured from the glyph
//! outlines of the drawn SVG, and the PNG read back for ink between lines.

mod common;

use std::path::{Path, PathBuf};

use common::{demo_site, loa, repo};

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
