//! How search cuts text into words. `js/search.js` cuts a query the same way, so what the
//! index holds and what a reader types meet:
//!
//! - a word is a run of letters, digits and combining marks (`\p{L}\p{N}\p{M}` in the script);
//! - it is kept in lower case as written (NFC, marks and all): the *exact* form, which ranks a
//!   reader's "học" above "hóc";
//! - and looked up by its *folded* form: marks removed and `đ` → `d`, so "hoc tap" finds
//!   "học tập".

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Whether `c` is part of a word. Letters Vietnamese is written in (Latin-1, Latin
/// Extended-A/B and Latin Extended Additional, U+1E00–U+1EFF) are answered without Unicode's
/// tables, which were most of the index's time at province scale.
fn is_word_char(c: char) -> bool {
    match c {
        '0'..='9' | 'a'..='z' | 'A'..='Z' => true,
        '\0'..='\u{7F}' | '\u{D7}' | '\u{F7}' => false,
        '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' | '\u{300}'..='\u{36F}' => true,
        _ => c.is_alphanumeric() || is_combining_mark(c),
    }
}

/// Calls `f` with each word of `text` in lower case. `html` skips tags and comments and reads
/// a character reference (`&amp;`) as a separator: every one the Markdown renderer writes
/// stands for punctuation, never for a letter.
///
/// It reads bytes, not characters: ASCII and the UTF-8 of Vietnamese letters (U+00C0–U+024F,
/// U+1E00–U+1EFF) and combining marks are told apart by their first bytes, and a word needs
/// lowering only if it has a capital or a letter outside those. At province scale this loop
/// runs over a hundred million bytes a build.
pub(super) fn each_word(text: &str, html: bool, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut buffer = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 && !b.is_ascii_alphanumeric() {
            i += 1;
            if html && b == b'<' {
                // `>` is ASCII, so the byte after it starts a character.
                i = bytes[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(bytes.len(), |end| i + end + 1);
            } else if html && b == b'&' {
                // At most a short name then `;`; anything else is a lone ampersand.
                let name = bytes[i..]
                    .iter()
                    .take(11)
                    .position(|&b| !(b.is_ascii_alphanumeric() || b == b'#'));
                if let Some(end) = name.filter(|&e| bytes[i + e] == b';') {
                    i += end + 1;
                }
            }
            continue;
        }
        let start = i;
        // Whether the word has a capital, or a character the fast paths do not cover.
        let mut lower_it = false;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                lower_it |= b.is_ascii_uppercase();
                i += 1;
                continue;
            }
            let next = |k: usize| bytes.get(i + k).map_or(0, |&b| (b & 0x3F) as u32);
            let (len, word_char, plain) = match b {
                // U+00C0–U+024F: Latin-1 letters and Latin Extended-A and B.
                0xC3..=0xC9 => {
                    let c = ((b as u32 & 0x1F) << 6) | next(1);
                    let lowercase = char::from_u32(c).is_some_and(plain_lower);
                    (2, c != 0xD7 && c != 0xF7, lowercase)
                }
                // U+0300–U+036F: combining marks, which NFC composes again after lowering.
                0xCC => (2, true, false),
                0xCD if bytes.get(i + 1).is_some_and(|&b| b <= 0xAF) => (2, true, false),
                // U+1E00–U+1EFF: Latin Extended Additional, upper case at even code points.
                0xE1 if bytes
                    .get(i + 1)
                    .is_some_and(|&b| (0xB8..=0xBB).contains(&b)) =>
                {
                    let c = 0x1000 | ((bytes[i + 1] as u32 & 0x3F) << 6) | next(2);
                    (3, true, c & 1 == 1 && !(0x1E96..=0x1E9F).contains(&c))
                }
                _ => {
                    // `i` is at a character boundary: it only ever moves by whole characters.
                    let c = text[i..].chars().next().unwrap_or(' ');
                    (c.len_utf8(), is_word_char(c), false)
                }
            };
            if !word_char {
                break;
            }
            lower_it |= !plain;
            i += len;
        }
        if i == start {
            // A character that is neither ASCII nor part of a word: a separator.
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let word = &text[start..i];
        if lower_it {
            f(lower(word, &mut buffer));
        } else {
            f(word);
        }
    }
}

/// `word` in lower case: itself when it is already (most words of a body are), else made in
/// `out`, composed (NFC) if lowering left combining marks apart.
fn lower<'a>(word: &'a str, out: &'a mut String) -> &'a str {
    let lowered = |c: char| match c {
        '\u{1E00}'..='\u{1E95}' | '\u{1EA0}'..='\u{1EFF}' => c as u32 & 1 == 1,
        _ => plain_lower(c),
    };
    if word.chars().all(lowered) {
        return word;
    }
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return out;
    }
    let mut marks = false;
    for c in word.chars() {
        match c {
            'A'..='Z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{DE}' => {
                out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c))
            }
            // Upper case letters are even here, and their lower case the next code point.
            '\u{1E00}'..='\u{1E95}' | '\u{1EA0}'..='\u{1EFF}' => {
                out.push(char::from_u32(c as u32 | 1).unwrap_or(c))
            }
            c if plain_lower(c) => out.push(c),
            'Đ' => out.push('đ'),
            'Ơ' => out.push('ơ'),
            'Ư' => out.push('ư'),
            _ => {
                marks |= is_combining_mark(c);
                out.extend(c.to_lowercase());
            }
        }
    }
    if marks {
        let composed: String = out.nfc().collect();
        *out = composed;
    }
    out
}

/// Whether `c` is a digit or a lower case letter that needs no lowering and no composing:
/// ASCII's, Latin-1's, and Vietnamese's ă đ ĩ ũ ơ ư (Latin Extended-A and B). Letters of Latin
/// Extended Additional (ạ, ế, ữ…) are lower case at odd code points and are told apart there.
fn plain_lower(c: char) -> bool {
    matches!(c, 'a'..='z' | '0'..='9' | '\u{DF}'..='\u{FF}' | 'ă' | 'đ' | 'ĩ' | 'ũ' | 'ơ' | 'ư')
}

/// The form a word is looked up by: `học` → `hoc`, `đời` → `doi`.
pub(super) fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_string();
    }
    crate::text::strip_diacritics(word)
}

/// Orders keys as JavaScript compares strings (UTF-16 code units), which the script's binary
/// search over shard boundaries relies on. It differs from byte order only when a string has a
/// character above U+FFFF (four UTF-8 bytes, the first 0xF0 or more), so only those are
/// compared the slow way: a province's index sorts a few hundred thousand keys.
pub(super) fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    let astral = |s: &str| s.bytes().any(|b| b >= 0xF0);
    if astral(a) || astral(b) {
        a.encode_utf16().cmp(b.encode_utf16())
    } else {
        a.cmp(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, html: bool) -> Vec<String> {
        let mut out = Vec::new();
        each_word(text, html, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn cuts_and_lowers_like_the_script() {
        assert_eq!(
            words("ĐỒNG HÀNH — Học sinh đọc sách, 2023-2024!", false),
            ["đồng", "hành", "học", "sinh", "đọc", "sách", "2023", "2024"]
        );
        // Written decomposed (NFD), it is the same word.
        assert_eq!(words("Ho\u{323}c", false), ["học"]);
        // The fast paths lower as Unicode does, over every letter they cover.
        assert_eq!(words("2×3÷4", false), ["2", "3", "4"]);
        let letters = ('\u{C0}'..='\u{24F}').chain('\u{1E00}'..='\u{1EFF}');
        for c in letters.filter(|c| c.is_alphabetic()) {
            let word = c.to_string();
            assert_eq!(
                words(&word, false),
                [word.to_lowercase()],
                "{c:?} U+{:X}",
                c as u32
            );
        }
        assert_eq!(fold("đồng"), "dong");
        assert_eq!(fold("học"), "hoc");
    }

    #[test]
    fn html_tags_and_references_are_not_words() {
        assert_eq!(
            words(
                "<p class=\"x\">Sách &amp; vở</p><!--loa-shortcode:0--><a href=\"/a\">đọc</a> R&amp;D &copy",
                true
            ),
            ["sách", "vở", "đọc", "r", "d", "copy"]
        );
        // Tags separate words, as the browser shows them apart.
        assert_eq!(words("<li>một</li><li>hai</li>", true), ["một", "hai"]);
    }

    #[test]
    fn keys_sort_as_javascript_compares() {
        let mut keys = vec![
            "\u{FF21}",
            "\u{1F600}",
            "a",
            "ab",
            "\u{1F600}a",
            "\u{E000}",
            "é",
        ];
        keys.sort_by(|a, b| js_order(a, b));
        assert_eq!(
            keys,
            [
                "a",
                "ab",
                "é",
                "\u{1F600}",
                "\u{1F600}a",
                "\u{E000}",
                "\u{FF21}"
            ]
        );
    }
}
