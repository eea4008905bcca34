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
                PageData::Page { weight, .. } => (0, *weight),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_page;

    fn order(pages: &[Page], by: SortBy) -> Vec<&str> {
        let mut ids: Vec<PageId> = (0..pages.len()).collect();
        sort_pages(&mut ids, pages, by);
        ids.iter().map(|&i| pages[i].title.as_str()).collect()
    }

    fn weight(weight: i32) -> PageData {
        PageData::Page { weight, form: None }
    }

    #[test]
    fn by_date_newest_first_then_by_title_in_vietnamese_order() {
        let pages = [
            test_page(0, "Đọc sách", Some("2023-10-02"), weight(0)),
            test_page(1, "Dạy nghề", Some("2023-10-02"), weight(0)),
            test_page(2, "Khai mạc", Some("2023-10-05"), weight(0)),
            test_page(3, "Ảnh", None, weight(0)),
        ];
        // Đ sorts after D (not with it, as a byte or ASCII-folded order would have it), and a
        // page without a date comes last.
        assert_eq!(
            order(&pages, SortBy::Date),
            ["Khai mạc", "Dạy nghề", "Đọc sách", "Ảnh"]
        );
        assert_eq!(
            order(&pages, SortBy::Title),
            ["Ảnh", "Dạy nghề", "Đọc sách", "Khai mạc"]
        );
    }

    #[test]
    fn slogans_newest_year_first_then_by_order_and_pages_by_weight() {
        let slogan = |years: Vec<i32>, order: i32| PageData::Slogan {
            text: String::new(),
            years,
            order,
            source: None,
            formats: Vec::new(),
            lines: None,
        };
        let slogans = [
            test_page(0, "a", None, slogan(vec![2022], 1)),
            test_page(1, "b", None, slogan(vec![2022, 2023], 2)),
            test_page(2, "c", None, slogan(vec![2023], 1)),
        ];
        assert_eq!(order(&slogans, SortBy::Order), ["c", "b", "a"]);
        let pages = [
            test_page(0, "Giới thiệu", None, weight(2)),
            test_page(1, "Liên hệ", None, weight(-1)),
            test_page(2, "Biểu mẫu", None, weight(2)),
        ];
        assert_eq!(
            order(&pages, SortBy::Weight),
            ["Liên hệ", "Biểu mẫu", "Giới thiệu"]
        );
    }

    #[test]
    fn an_edited_page_is_in_order_only_between_its_neighbours() {
        let mut pages = vec![
            test_page(0, "a", Some("2023-10-01"), weight(0)),
            test_page(1, "b", Some("2023-10-02"), weight(0)),
            test_page(2, "c", Some("2023-10-03"), weight(0)),
        ];
        let mut ids: Vec<PageId> = (0..3).collect();
        sort_pages(&mut ids, &pages, SortBy::Date);
        assert_eq!(ids, [2, 1, 0]);
        let pos = ids.iter().position(|&i| i == 1).unwrap();
        assert!(in_order(&ids, pos, SortBy::Date, |i| &pages[i]));
        // Moved past its newer neighbour: the list must be sorted again.
        pages[1].date = Date::parse("2023-10-04");
        assert!(!in_order(&ids, pos, SortBy::Date, |i| &pages[i]));
    }
}
