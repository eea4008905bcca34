//! The order of every list: newest first, by order or weight, or by title in Vietnamese
//! collation; and whether an edited page still sorts where it was (for `loa serve`).

use super::{Page, PageData, PageId};
use crate::content::frontmatter::SortBy;
use crate::types::Date;

pub(crate) fn sort_pages(ids: &mut [PageId], pages: &[Page], by: SortBy) {
    // Keys computed once per page, not once per comparison: a collation key allocates. The sort
    // is stable and ids come in ascending, so equal keys keep id order (see `in_order`).
    ids.sort_by_cached_key(|id| sort_key(by, &pages[*id]));
}

/// Where a page sorts in a list sorted `by`: newest first for dates and years, then by order or
/// weight, then by title in Vietnamese collation.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct SortKey(
    std::cmp::Reverse<Option<Date>>,
    std::cmp::Reverse<Option<i32>>,
    (i32, i32),
    (Vec<u32>, Vec<u8>),
);

pub(super) fn sort_key(by: SortBy, page: &Page) -> SortKey {
    use std::cmp::Reverse;
    let title = crate::text::sort_key(&page.title);
    match by {
        SortBy::Date => SortKey(Reverse(page.date), Reverse(None), (0, 0), title),
        SortBy::Title => SortKey(Reverse(None), Reverse(None), (0, 0), title),
        SortBy::Year => SortKey(Reverse(None), Reverse(page.year()), (0, 0), title),
        SortBy::Order | SortBy::Weight => {
            let order = match &page.data {
                PageData::Slogan { order, years, .. } => {
                    (-years.iter().max().copied().unwrap_or(0), *order)
                }
                PageData::Page { weight } => (0, *weight),
                _ => (0, 0),
            };
            SortKey(Reverse(None), Reverse(None), order, title)
        }
    }
}

/// Whether the page at `pos` of a list sorted `by` still sorts between its neighbours, with
/// `page_of` giving the (possibly edited) page of an id.
pub(super) fn in_order<'p>(
    ids: &[PageId],
    pos: usize,
    by: SortBy,
    page_of: impl Fn(PageId) -> &'p Page,
) -> bool {
    let key = |i: usize| (sort_key(by, page_of(ids[i])), ids[i]);
    let here = key(pos);
    (pos == 0 || key(pos - 1) < here) && (pos + 1 >= ids.len() || here < key(pos + 1))
}
