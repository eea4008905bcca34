//! The units registry on the portal: an index grouped by parent and kind with news counts, and
//! an Atom feed per unit linked from its page.

mod common;

use common::*;

#[test]
fn units_index_groups_by_parent_and_kind_and_each_unit_has_a_feed() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let units = site.join("content/units.yaml");
    let mut text = std::fs::read_to_string(&units).unwrap();
    text.push_str("\n- id: phuong-moi\n  kind: ward\n  name: {vi: Phường Mới, en: New Ward}\n  parent: phong-gddt\n  logo: /img/favicon.svg\n");
    std::fs::write(&units, text).unwrap();
    let out = site.join("public");
    build(&site, &out, None);

    let index = parse(&out.join("don-vi/index.html"));
    let groups = select(&index, ".unit-parent");
    assert_eq!(groups.len(), 2, "top level, then phong-gddt's units");
    let second: String = groups[1].text().collect();
    assert!(second.contains("Phòng Giáo dục và Đào tạo"), "{second}");
    assert!(second.contains("2 đơn vị"), "{second}");
    let kinds: Vec<String> = groups[1]
        .select(&scraper::Selector::parse("h3").unwrap())
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(kinds, ["Xã, phường, thị trấn", "Trường học, trung tâm"]);
    // The starter's one post (and its count) is under its school.
    let school: String = select(&index, ".unit-parent li")
        .iter()
        .map(|li| li.text().collect::<String>())
        .find(|t| t.contains("Trường THCS Mẫu"))
        .unwrap();
    assert!(school.contains("1 tin"), "{school}");
    assert_eq!(select(&index, "img.unit-logo").len(), 1);

    // The unit page links its feed, which lists only that unit's news.
    let page = parse(&out.join("don-vi/thcs-mau/index.html"));
    let alt = select(&page, "link[rel=alternate][type='application/atom+xml']");
    let hrefs: Vec<&str> = alt.iter().filter_map(|l| l.value().attr("href")).collect();
    assert!(hrefs.contains(&"/don-vi/thcs-mau/atom.xml"), "{hrefs:?}");
    let feed = std::fs::read_to_string(out.join("don-vi/thcs-mau/atom.xml")).unwrap();
    let xml = roxmltree::Document::parse(&feed).unwrap();
    let entries = xml
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .count();
    assert_eq!(entries, 1);
    let empty = std::fs::read_to_string(out.join("don-vi/phuong-moi/atom.xml")).unwrap();
    let xml = roxmltree::Document::parse(&empty).unwrap();
    assert_eq!(
        xml.descendants()
            .filter(|n| n.has_tag_name("entry"))
            .count(),
        0
    );
    assert!(out.join("en/units/thcs-mau/atom.xml").is_file());
}

#[test]
fn a_unit_logo_must_be_a_web_address_or_a_static_file() {
    let dir = starter_site();
    let site = dir.path().join("site");
    set_starter_school(&site, "logo: javascript:alert(1)");
    let o = loa(&["build"], &site);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("content/units.yaml:8") && err.contains("logo"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
}

/// A unit's news and a tag's come a page at a time; each later page says which it is in its
/// title, so a reader's tabs and a search engine's results tell them apart.
#[test]
fn later_pages_of_a_units_and_a_tags_news_say_their_number() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let news = site.join("content/news");
    let first = news.join("2023-10-02-le-phat-dong");
    let second = news.join("2023-10-05-ngay-hoi-doc-sach");
    copy_dir(&first, &second);
    // Vietnamese only: the English file's slug would be taken twice.
    std::fs::remove_file(second.join("index.en.md")).unwrap();
    edit(
        &site,
        "content/news/2023-10-05-ngay-hoi-doc-sach/index.md",
        "date: 2023-10-02",
        "date: 2023-10-05",
    );
    add_config(&site, "paginate: 1\n");
    let out = site.join("public");
    build(&site, &out, None);
    let title = |rel: &str| -> String {
        let doc = parse(&out.join(rel).join("index.html"));
        select(&doc, "title")[0].text().collect()
    };
    for list in ["don-vi/thcs-mau/", "tu-khoa/phat-dong/"] {
        let (one, two) = (title(list), title(&format!("{list}trang/2/")));
        assert!(!one.contains("Trang"), "{one}");
        assert!(two.contains("– Trang 2 ·"), "{two}");
    }
}
