//! The pages a word or a pair of words is on, while the index is built: page numbers in
//! increasing order, kept as the gaps between them in varints. Pages are added in order and
//! most words recur on nearby pages, so a page costs one or two bytes instead of four. At
//! 65 000 pages of one language the lists held 150 MiB as `u32`s, the largest part of a
//! province-sized build's peak.

/// Pages in increasing order, as varint gaps (the first counts from page 0).
#[derive(Default)]
pub(super) struct Postings {
    gaps: Vec<u8>,
    last: u32,
    len: u32,
}

impl Postings {
    /// Adds `page`, which is after every page added before.
    pub(super) fn push(&mut self, page: u32) {
        let gap = if self.len == 0 {
            page
        } else {
            page - self.last
        };
        put_varint(&mut self.gaps, gap);
        self.last = page;
        self.len += 1;
    }

    pub(super) fn last(&self) -> Option<u32> {
        (self.len > 0).then_some(self.last)
    }

    /// The pages, into `out` (cleared first).
    pub(super) fn pages_into(&self, out: &mut Vec<u32>) {
        out.clear();
        let (mut at, mut page) = (0, 0);
        for i in 0..self.len {
            let mut gap = 0u32;
            let mut shift = 0;
            loop {
                let b = self.gaps[at];
                at += 1;
                gap |= u32::from(b & 0x7F) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            page = if i == 0 { gap } else { page + gap };
            out.push(page);
        }
    }
}

/// `v` in 7 bits a byte, low bits first, the high bit set on all but the last byte.
pub(super) fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

#[cfg(test)]
mod tests {
    use super::Postings;

    #[test]
    fn pages_come_back_in_order_in_few_bytes() {
        let pages: Vec<u32> = [0, 1, 2, 130, 131, 20_000, 4_000_000_000].to_vec();
        let mut p = Postings::default();
        assert_eq!(p.last(), None);
        for &n in &pages {
            p.push(n);
        }
        assert_eq!(p.last(), Some(4_000_000_000));
        let mut out = vec![7];
        p.pages_into(&mut out);
        assert_eq!(out, pages);
        // 1 + 1 + 1 + 2 + 1 + 3 + 5 bytes.
        assert_eq!(p.gaps.len(), 14);
        let mut empty = Vec::new();
        Postings::default().pages_into(&mut empty);
        assert!(empty.is_empty());
    }
}
