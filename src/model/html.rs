//! A page's body HTML as the model keeps it: LZ4-compressed. Every page's body stays in the
//! model from the Markdown stage to the end of the build (its page, the search index and the
//! anchor checks read it), and at 50 000 bilingual posts the bodies alone were a third of the
//! build's memory. HTML compresses to about a third, and LZ4 gives it back at gigabytes per
//! second, so a page pays microseconds for each read.

/// Compressed body HTML; [`Html::text`] gives it back.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Html(Box<[u8]>);

impl Html {
    pub(crate) fn new(html: &str) -> Html {
        if html.is_empty() {
            return Html::default();
        }
        Html(lz4_flex::compress_prepend_size(html.as_bytes()).into_boxed_slice())
    }

    /// The HTML, as it was given to [`Html::new`].
    pub(crate) fn text(&self) -> String {
        if self.0.is_empty() {
            return String::new();
        }
        // Only `new` makes these bytes, from a `&str`: neither step can fail.
        let bytes = lz4_flex::decompress_size_prepended(&self.0).expect("compressed by Html::new");
        String::from_utf8(bytes).expect("UTF-8 given to Html::new")
    }
}

impl std::fmt::Debug for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Html({} bytes compressed)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::Html;

    #[test]
    fn gives_back_what_it_was_given() {
        let body = "<p>Mỗi ngày đến trường là một ngày vui, một ngày học.</p>\n".repeat(40);
        let html = Html::new(&body);
        assert_eq!(html.text(), body);
        assert!(html.0.len() < body.len() / 4, "{} bytes", html.0.len());
        assert_eq!(Html::new("").text(), "");
        assert_eq!(Html::new("<p>a</p>"), Html::new("<p>a</p>"));
    }
}
