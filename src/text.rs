//! Text handling that must be right for Vietnamese: NFC normalisation, slugs, and a sort key in
//! Vietnamese dictionary order.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Every text read from a user's file passes through here, so composed and decomposed input
/// (NFC and NFD) are the same string from the moment they are read.
///
/// Control characters other than tab and line breaks are dropped here too: they arrive from
/// copy-and-paste out of office documents, show as nothing, and make feeds invalid XML.
pub(crate) fn nfc(s: &str) -> String {
    let clean: std::borrow::Cow<str> = if has_control(s) {
        s.chars()
            .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
            .collect::<String>()
            .into()
    } else {
        s.into()
    };
    if simple(&clean) || unicode_normalization::is_nfc(&clean) {
        clean.into_owned()
    } else {
        clean.nfc().collect()
    }
}

/// Whether `s` has a control character (general category Cc: U+0000–U+001F, U+007F–U+009F)
/// other than tab and line breaks. Read exactly on the UTF-8 bytes, as [`simple`] is: a coarser
/// byte test (any byte below 0x20) is met by every line break, and then every character of the
/// text would be decoded to look for one.
fn has_control(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| match c {
        b'\t' | b'\n' | b'\r' => false,
        0x00..=0x1F | 0x7F => true,
        // U+0080–U+009F: C2 80–9F.
        0xC2 => matches!(b.get(i + 1), Some(0x80..=0x9F)),
        _ => false,
    })
}

/// Whether every character of `s` is in U+0000–U+02FF, U+1E00–U+1EFF or U+2010–U+2027: ASCII
/// and precomposed Latin letters (Vietnamese lives in U+1E00–U+1EFF) and punctuation, which are
/// NFC and never combine, so text of only those needs no full check. Read on the UTF-8 bytes:
/// decoding each character took 3 % of a 10 000-post build's CPU.
fn simple(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0x00..=0x7F => i += 1,
            // U+0080–U+02FF: lead bytes C2–CB.
            0xC2..=0xCB => i += 2,
            // U+1E00–U+1EFF: E1 B8–BB.
            0xE1 if matches!(b.get(i + 1), Some(0xB8..=0xBB)) => i += 3,
            // U+2010–U+2027: E2 80 90–A7.
            0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x90..=0xA7)) => {
                i += 3
            }
            _ => return false,
        }
    }
    true
}

/// Bytes as a `String` when they are UTF-8, as `String::from_utf8` does, but checked with SIMD:
/// std's check takes the slow path on every Vietnamese letter (two or three bytes each), and
/// page bodies are checked each time they are unpacked (`packed.rs`), 4–5 % of a 10 000-post
/// build's CPU with std's.
pub(crate) fn utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        // std's error says where the first bad byte is.
        return String::from_utf8(bytes);
    }
    // SAFETY: simdutf8 just found every byte sequence valid UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Removes Vietnamese diacritics: `Chào mừng năm học mới` → `Chao mung nam hoc moi`. `đ` is a separate
/// letter, not a d with a combining mark, so decomposition alone does not reach it.
pub fn strip_diacritics(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            other => other,
        })
        .collect()
}

/// A URL-safe slug: `Chào mừng năm học mới!` → `chao-mung-nam-hoc-moi`.
pub(crate) fn slugify(s: &str) -> String {
    let ascii = deunicode::deunicode(&strip_diacritics(s));
    let mut out = String::with_capacity(ascii.len());
    let mut dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// How many characters to insert, delete or replace to make `a` into `b` (Levenshtein), for
/// "did you mean" hints.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The ids among `known` closest to a misspelt `wrong` (compared as slugs, without marks or
/// case, since editors often type ids from a Vietnamese name), nearest first, at most three.
pub(crate) fn closest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wrong = slugify(wrong);
    let mut scored: Vec<(usize, &str)> = known
        .into_iter()
        .map(|k| (edit_distance(&wrong, k), k))
        .collect();
    scored.sort();
    let limit = (wrong.len() / 3).max(2);
    scored
        .into_iter()
        .filter(|(d, _)| *d <= limit)
        .take(3)
        .map(|(_, k)| k)
        .collect()
}

/// `s` cut to `max` characters with an ellipsis, for messages that quote what a file says:
/// a value pasted a thousand times over must not fill the terminal.
pub(crate) fn ellipsis(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

/// The Vietnamese alphabet: ă, â, đ, ê, ô, ơ, ư are letters of their own, each right after
/// its base letter (so "Đào" sorts after "Dung", not among the d's nor after "Z").
const ALPHABET: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";

/// A key for sorting titles and names in Vietnamese dictionary order: letters first (with the
/// Vietnamese letters in place), then tones as a tie-break in the order a à ả ã á ạ.
pub(crate) fn sort_key(s: &str) -> (Vec<u32>, Vec<u8>) {
    let rank = |c: char| -> u32 {
        if let Some(i) = ALPHABET.chars().position(|a| a == c) {
            100 + i as u32
        } else if c.is_ascii_digit() {
            10 + c as u32 - '0' as u32
        } else if c.is_whitespace() {
            1
        } else {
            1000 + c as u32
        }
    };
    let mut letters: Vec<u32> = Vec::with_capacity(s.len());
    let mut tones = Vec::new();
    let mut base = ' ';
    for c in s.to_lowercase().nfd() {
        let modified = match (base, c) {
            ('a', '\u{306}') => Some('ă'),
            ('a', '\u{302}') => Some('â'),
            ('e', '\u{302}') => Some('ê'),
            ('o', '\u{302}') => Some('ô'),
            ('o', '\u{31b}') => Some('ơ'),
            ('u', '\u{31b}') => Some('ư'),
            _ => None,
        };
        if let Some(m) = modified {
            if let Some(last) = letters.last_mut() {
                *last = rank(m);
            }
            continue;
        }
        let tone = match c {
            '\u{300}' => Some(1),
            '\u{309}' => Some(2),
            '\u{303}' => Some(3),
            '\u{301}' => Some(4),
            '\u{323}' => Some(5),
            _ => None,
        };
        match tone {
            Some(t) => {
                if let Some(last) = tones.last_mut() {
                    *last = t;
                }
            }
            None if is_combining_mark(c) => {}
            None => {
                base = c;
                letters.push(rank(c));
                tones.push(0);
            }
        }
    }
    (letters, tones)
}

/// Cuts text at a word boundary so it is at most `max` characters, adding an ellipsis.
pub(crate) fn truncate_words(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for word in s.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_takes_what_std_takes_and_names_the_same_bad_byte() {
        let good = "Chào mừng năm học mới, ĐỒNG HÀNH 🎉\n".repeat(50);
        assert_eq!(utf8(good.clone().into_bytes()).unwrap(), good);
        for cut in [b"\xC3".as_slice(), b"\xE1\xBB", b"\xFF", b"\xED\xA0\x80"] {
            let mut bad = good.clone().into_bytes();
            bad.splice(700..700, cut.iter().copied());
            let ours = utf8(bad.clone()).unwrap_err();
            let std = String::from_utf8(bad).unwrap_err();
            assert_eq!(ours.utf8_error(), std.utf8_error());
            assert!(ours.utf8_error().valid_up_to() <= 700);
        }
    }

    #[test]
    fn vietnamese_slugs() {
        assert_eq!(slugify("Chào mừng năm học mới"), "chao-mung-nam-hoc-moi");
        assert_eq!(
            slugify("ĐỒNG HÀNH cùng đất nước!"),
            "dong-hanh-cung-dat-nuoc"
        );
        assert_eq!(slugify("  Ngày hội -- 2023  "), "ngay-hoi-2023");
        assert_eq!(slugify("Chuyển đổi số"), "chuyen-doi-so");
    }

    /// The byte test says what the character ranges say, at and around every boundary.
    #[test]
    fn simple_text_and_controls_are_read_from_bytes_as_from_characters() {
        let by_chars = |s: &str| {
            s.chars().all(|c| {
                matches!(c, '\0'..='\u{2FF}' | '\u{1E00}'..='\u{1EFF}' | '\u{2010}'..='\u{2027}')
            })
        };
        let edges = [
            0x0, 0x7F, 0x80, 0xA0, 0x2FF, 0x300, 0x36F, 0x1DFF, 0x1E00, 0x1EA0, 0x1EFF, 0x1F00,
            0x200F, 0x2010, 0x201C, 0x2027, 0x2028, 0x20AB, 0xFDD0, 0x1F600,
        ];
        for &a in &edges {
            for &b in &edges {
                let (a, b) = (char::from_u32(a).unwrap(), char::from_u32(b).unwrap());
                for s in [
                    format!("{a}"),
                    format!("x{a}{b}y"),
                    format!("Xin chào {a} bạn{b}"),
                ] {
                    assert_eq!(simple(&s), by_chars(&s), "{s:?}");
                }
            }
        }
        assert!(simple("Chào mừng năm học mới — “bài học” ©"));
        for c in (0..0x3000).filter_map(char::from_u32) {
            for s in [format!("{c}"), format!("a\n{c}b\t"), format!("ờ{c}\r\n")] {
                let by_chars = s
                    .chars()
                    .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
                assert_eq!(has_control(&s), by_chars, "{s:?}");
            }
        }
        assert!(!simple("Cha\u{300}o"));
    }

    #[test]
    fn nfd_input_slugs_and_normalises_like_nfc() {
        let nfd: String = "Chào mừng năm học mới".nfd().collect();
        assert_ne!(nfd, "Chào mừng năm học mới");
        assert_eq!(nfc(&nfd), "Chào mừng năm học mới");
        assert_eq!(slugify(&nfd), "chao-mung-nam-hoc-moi");
        assert_eq!(nfc("a\u{8}b\tc\n"), "ab\tc\n");
        // C1 controls (two bytes in UTF-8) go too; text that is already NFC comes back as it is.
        assert_eq!(nfc("Đời\u{85}sống — “học” ©"), "Đờisống — “học” ©");
        // A precomposed letter followed by a combining mark still gets composed.
        assert_eq!(nfc("e\u{302}\u{301}"), "ế");
    }

    #[test]
    fn sort_key_puts_d_stroke_next_to_d() {
        let mut names = vec![
            "Đào", "Bình", "Dung", "Zen", "An", "Ân", "Ăn", "Ơn", "Ông", "Oanh",
        ];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            vec![
                "An", "Ăn", "Ân", "Bình", "Dung", "Đào", "Oanh", "Ông", "Ơn", "Zen"
            ]
        );
        let mut tones = vec!["má", "mạ", "ma", "mã", "mà", "mả"];
        tones.sort_by_key(|n| sort_key(n));
        assert_eq!(tones, vec!["ma", "mà", "mả", "mã", "má", "mạ"]);
        // Decomposed input sorts like composed input.
        let nfd: String = "Đào".nfd().collect();
        assert_eq!(sort_key(&nfd), sort_key("Đào"));
    }

    #[test]
    fn strips_tags_and_truncates() {
        assert_eq!(truncate_words("một hai ba bốn", 8), "một hai…");
    }
}
