//! Text handling that must be right for Vietnamese: NFC normalisation, slugs, and a sort key that
//! orders "Đ" after "D" rather than after "Z".

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Every text read from a user's file passes through here, so composed and decomposed input
/// (NFC and NFD) are the same string from the moment they are read.
pub fn nfc(s: &str) -> String {
    if unicode_normalization::is_nfc(s) {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// Removes Vietnamese diacritics: `Học tập suốt đời` → `Hoc tap suot doi`. `đ` is a separate
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

/// A URL-safe slug: `Học tập suốt đời!` → `hoc-tap-suot-doi`.
pub fn slugify(s: &str) -> String {
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

/// A key for sorting titles and names: letters compare by base letter first, then by the full
/// lower-cased text so that "Ánh" and "Anh" keep a stable order.
pub fn sort_key(s: &str) -> (String, String) {
    (strip_diacritics(s).to_lowercase(), s.to_lowercase())
}

/// Plain text from an HTML fragment, for summaries and feeds.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts text at a word boundary so it is at most `max` characters, adding an ellipsis.
pub fn truncate_words(s: &str, max: usize) -> String {
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
    fn vietnamese_slugs() {
        assert_eq!(slugify("Học tập suốt đời"), "hoc-tap-suot-doi");
        assert_eq!(slugify("ĐỒNG HÀNH cùng đất nước!"), "dong-hanh-cung-dat-nuoc");
        assert_eq!(slugify("  Tuần lễ -- 2023  "), "tuan-le-2023");
        assert_eq!(slugify("Chuyển đổi số"), "chuyen-doi-so");
    }

    #[test]
    fn nfd_input_slugs_and_normalises_like_nfc() {
        let nfd: String = "Học tập suốt đời".nfd().collect();
        assert_ne!(nfd, "Học tập suốt đời");
        assert_eq!(nfc(&nfd), "Học tập suốt đời");
        assert_eq!(slugify(&nfd), "hoc-tap-suot-doi");
    }

    #[test]
    fn sort_key_puts_d_stroke_next_to_d() {
        let mut names = vec!["Đào", "Bình", "Dung", "Zen", "An"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, vec!["An", "Bình", "Dung", "Đào", "Zen"]);
    }

    #[test]
    fn strips_tags_and_truncates() {
        assert_eq!(strip_tags("<p>Một <b>hai</b> &amp; ba</p>"), "Một hai & ba");
        assert_eq!(truncate_words("một hai ba bốn", 8), "một hai…");
    }
}
