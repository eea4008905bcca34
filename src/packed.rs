//! Text kept LZ4-compressed while a build holds it and nobody reads it: a Markdown body from
//! the moment its file is read until the model renders it, and a page's body HTML after (see
//! `model::html`). At 50 000 bilingual posts the bodies read were half of what reading held.
//! Vietnamese prose compresses to about half, and LZ4 gives it back at gigabytes per second.

/// Compressed text; [`Packed::text`] gives it back.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Packed(Box<[u8]>);

impl Packed {
    pub(crate) fn new(text: &str) -> Packed {
        if text.is_empty() {
            return Packed::default();
        }
        Packed(lz4_flex::compress_prepend_size(text.as_bytes()).into_boxed_slice())
    }

    /// The text, as it was given to [`Packed::new`].
    pub(crate) fn text(&self) -> String {
        // Only `new` makes these bytes, from a `&str`: they always decode.
        unpack(&self.0).expect("compressed by Packed::new")
    }

    /// The compressed bytes, to keep elsewhere and give back to [`unpack`].
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }
}

/// The text of bytes [`Packed::bytes`] gave; `None` when they were damaged on the way.
pub(crate) fn unpack(bytes: &[u8]) -> Option<String> {
    if bytes.is_empty() {
        return Some(String::new());
    }
    crate::text::utf8(lz4_flex::decompress_size_prepended(bytes).ok()?).ok()
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Packed({} bytes compressed)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::{Packed, unpack};

    #[test]
    fn gives_back_what_it_was_given() {
        let body = "<p>Mỗi ngày đến trường là một ngày vui, một ngày học.</p>\n".repeat(40);
        let packed = Packed::new(&body);
        assert_eq!(packed.text(), body);
        assert!(packed.bytes().len() < body.len() / 4, "{:?}", packed);
        assert_eq!(unpack(packed.bytes()).as_deref(), Some(&body[..]));
        assert_eq!(unpack(&packed.bytes()[..20]), None);
        assert_eq!(Packed::new("").text(), "");
        assert!(Packed::new("").bytes().is_empty());
        assert_eq!(Packed::new("<p>a</p>"), Packed::new("<p>a</p>"));
    }
}
