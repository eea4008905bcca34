//! Where a line of artwork may break, and what a break costs. Vietnamese writes every syllable
//! apart, so a space is not a word boundary: "chuyển đổi" is one word and "CHUYỂN ĐỔI / SỐ" reads
//! as nonsense on a flag. The theme lists words and phrases that belong together
//! (`artwork/*.txt`); a site adds its own in its `artwork/` folder, and unit names are added from
//! the units registry.

use std::collections::HashMap;

/// How bad a break between two words is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Gap {
    /// After punctuation: where a reader pauses anyway.
    Pause,
    /// Between two words.
    Free,
    /// Inside a listed phrase of four or more words ("chuyển đổi số quốc gia"): the phrase reads on,
    /// but a reader has to put it together again.
    InPhrase,
    /// Inside a listed word of two or three syllables ("chuyển đổi"), a number with its unit
    /// ("năm 2023"), or a name ("An Mỹ"): the word falls apart.
    InWord,
}

impl Gap {
    /// What a break here multiplies a layout's score (its text size) by: a layout that splits a
    /// word must be almost twice as large to win over one that keeps it whole.
    pub(super) fn factor(self) -> f64 {
        match self {
            Gap::Pause => 1.04,
            Gap::Free => 1.0,
            Gap::InPhrase => 0.5,
            Gap::InWord => 0.45,
        }
    }
}

/// One token of a listed entry: a word (lower case, NFC) or any number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Token {
    Word(String),
    Number,
}

impl Token {
    fn matches(&self, word: &str) -> bool {
        match self {
            Token::Word(w) => w == word,
            Token::Number => !word.is_empty() && word.chars().all(|c| c.is_ascii_digit()),
        }
    }
}

/// Words and phrases that should stay on one line.
#[derive(Debug, Default, Clone)]
pub(super) struct KeepTogether {
    /// Entries by their first token's word (numbers never start an entry).
    entries: HashMap<String, Vec<Vec<Token>>>,
}

/// A word as entries are matched: without surrounding punctuation, lower case.
fn clean(word: &str) -> String {
    crate::text::nfc(
        &word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase(),
    )
}

impl KeepTogether {
    /// Reads a list: one entry a line, `#` starts a comment, `<number>` stands for any number
    /// ("năm <number>" keeps "NĂM 2023" together).
    pub(super) fn add_list(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            self.add(line);
        }
    }

    /// Adds one entry (a word of several syllables, or a phrase).
    pub(super) fn add(&mut self, entry: &str) {
        let tokens: Vec<Token> = entry
            .split_whitespace()
            .map(|w| {
                if w == "<number>" {
                    Token::Number
                } else {
                    Token::Word(clean(w))
                }
            })
            .filter(|t| !matches!(t, Token::Word(w) if w.is_empty()))
            .collect();
        if tokens.len() < 2 {
            return;
        }
        let Token::Word(first) = &tokens[0] else {
            return;
        };
        let list = self.entries.entry(first.clone()).or_default();
        if !list.contains(&tokens) {
            list.push(tokens);
        }
    }

    /// Adds the proper part of a name: its run of capitalised words at the end ("Kim Đồng",
    /// "Quảng Nam"), as a word. The whole name is not a phrase: "Sở Giáo dục và Đào tạo / tỉnh
    /// Quảng Nam" is how a footer should break it, and the words of its common part are in the
    /// lists.
    pub(super) fn add_name(&mut self, name: &str) {
        let words: Vec<&str> = name.split_whitespace().collect();
        let capitalised = words
            .iter()
            .rev()
            .take_while(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
            .count();
        if (2..words.len()).contains(&capitalised) {
            let tail = words[words.len() - capitalised..].join(" ");
            self.add(&tail);
        }
    }

    /// The kind of each gap of `words`: entry `j - 1` is the gap before `words[j]`.
    pub(super) fn gaps(&self, words: &[&str]) -> Vec<Gap> {
        let cleaned: Vec<String> = words.iter().map(|w| clean(w)).collect();
        let mut gaps: Vec<Gap> = words
            .windows(2)
            .map(|pair| {
                if clean(pair[0]).chars().count() == 1 {
                    // A word of one letter ("a", "ở") belongs to what follows it: a line
                    // ending on it reads as cut off.
                    Gap::InPhrase
                } else if pair[0].ends_with([',', ';', ':', '.', '!', '?', '–', '—']) {
                    Gap::Pause
                } else {
                    Gap::Free
                }
            })
            .collect();
        for start in 0..words.len() {
            let Some(candidates) = self.entries.get(&cleaned[start]) else {
                continue;
            };
            for tokens in candidates {
                let end = start + tokens.len();
                if end > words.len()
                    || !tokens
                        .iter()
                        .zip(&cleaned[start..end])
                        .all(|(t, w)| t.matches(w))
                {
                    continue;
                }
                // An entry that itself runs across punctuation ("…, học") is not the listed
                // word: the text only happens to contain its syllables.
                if gaps[start..end - 1].contains(&Gap::Pause) {
                    continue;
                }
                let kind = if tokens.len() <= 3 {
                    Gap::InWord
                } else {
                    Gap::InPhrase
                };
                for g in &mut gaps[start..end - 1] {
                    *g = (*g).max(kind);
                }
            }
        }
        gaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_and_numbers() {
        let mut k = KeepTogether::default();
        k.add_list("chuyển đổi\nbảo vệ môi trường # a phrase\nnăm <number>\n");
        let words: Vec<&str> = "THÚC ĐẨY CHUYỂN ĐỔI SỐ, BẢO VỆ MÔI TRƯỜNG NĂM 2023"
            .split(' ')
            .collect();
        let g = k.gaps(&words);
        assert_eq!(g[0], Gap::Free); // THÚC | ĐẨY: not listed here
        assert_eq!(g[2], Gap::InWord); // CHUYỂN | ĐỔI
        assert_eq!(g[4], Gap::Pause); // SỐ, | HỌC
        assert_eq!(&g[5..8], &[Gap::InPhrase; 3]);
        assert_eq!(g[8], Gap::Free);
        assert_eq!(g[9], Gap::InWord); // NĂM | 2023
    }

    #[test]
    fn names_keep_their_proper_part() {
        let mut k = KeepTogether::default();
        k.add_name("Trường Tiểu học Kim Đồng");
        let words: Vec<&str> = "TRƯỜNG TIỂU HỌC KIM ĐỒNG".split(' ').collect();
        let g = k.gaps(&words);
        assert_eq!(g[3], Gap::InWord);
        assert_eq!(g[0], Gap::Free);
    }

    #[test]
    fn an_entry_across_punctuation_does_not_count() {
        let mut k = KeepTogether::default();
        k.add("học tập");
        let words = ["HỌC,", "TẬP"];
        assert_eq!(k.gaps(&words), vec![Gap::Pause]);
    }
}
