//! Builds the repository's demo site into a temp dir and checks the portal as a reader and a
//! crawler would: languages, switcher, hreflang, every link and asset, feeds, sitemap, pagination;
//! share cards and the Content-Security-Policy in `portal/share.rs`, pictures as screens fetch
//! them in `portal/pictures.rs`.

mod common;
#[path = "portal/pictures.rs"]
mod pictures;
#[path = "portal/share.rs"]
mod share;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::*;

const ORIGIN: &str = "https://example.test";
const BASE_PATH: &str = "/portal";

/// The demo built below a sub-path, so every link must carry the base path to resolve. Built
/// once per test run (the tests only read it) into Cargo's temp dir for integration tests.
struct Built {
    _site: tempfile::TempDir,
    out: PathBuf,
}

fn built() -> &'static Built {
    static BUILT: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let site = demo_site_in(kept_tempdir());
        let out = site.path().join("public");
        build(site.path(), &out, Some(&format!("{ORIGIN}{BASE_PATH}")));
        Built { _site: site, out }
    })
}

fn resolve(out: &Path, page: &Path, link: &str) -> Option<PathBuf> {
    target_file(out, ORIGIN, BASE_PATH, page, link)
}

fn ids(doc: &scraper::Html) -> BTreeSet<String> {
    select(doc, "[id]")
        .iter()
        .filter_map(|e| e.value().attr("id").map(str::to_string))
        .collect()
}

#[test]
fn both_language_homes_exist_with_their_language() {
    let b = built();
    for (file, lang) in [("index.html", "vi"), ("en/index.html", "en")] {
        let doc = parse(&b.out.join(file));
        let html = select(&doc, "html");
        assert_eq!(html[0].value().attr("lang"), Some(lang), "{file}");
        let h1: String = select(&doc, "h1")[0].text().collect();
        assert!(!h1.trim().is_empty(), "{file} has an empty h1");
    }
    let vi: String = select(&parse(&b.out.join("index.html")), "h1")[0]
        .text()
        .collect();
    assert!(
        vi.contains("Xây dựng năng lực tự học trong kỷ nguyên số"),
        "{vi}"
    );
}

#[test]
fn every_internal_link_and_asset_resolves() {
    let b = built();
    let files = html_files(&b.out);
    assert!(files.len() > 100, "only {} pages", files.len());
    let mut id_cache: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in &files {
        let doc = parse(file);
        for (css, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("img[src]", "src"),
            ("img[srcset]", "srcset"),
            ("source[srcset]", "srcset"),
            ("script[src]", "src"),
            ("form[action]", "action"),
        ] {
            for el in select(&doc, css) {
                for link in &pictures::urls_in(attr, el.value().attr(attr).unwrap()) {
                    let link = link.as_str();
                    let Some(target) = resolve(&b.out, file, link) else {
                        continue;
                    };
                    checked += 1;
                    if !target.is_file() {
                        broken.push(format!("{} → {link}", file.display()));
                        continue;
                    }
                    if let Some((_, frag)) = link.split_once('#')
                        && !frag.is_empty()
                        && target.extension().is_some_and(|e| e == "html")
                    {
                        let known = id_cache
                            .entry(target.clone())
                            .or_insert_with(|| ids(&parse(&target)));
                        if !known.contains(frag) {
                            broken.push(format!("{} → {link} (no id {frag})", file.display()));
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));

    // Fonts referenced from the stylesheet are published too.
    let css = std::fs::read_to_string(b.out.join("css/site.css")).unwrap();
    for part in css.split("url(\"").skip(1) {
        let rel = part.split('"').next().unwrap();
        assert!(b.out.join("css").join(rel).is_file(), "css url {rel}");
    }
}

#[test]
fn switcher_links_resolve_and_point_to_the_translation() {
    let b = built();
    let mut translated = 0;
    for file in html_files(&b.out) {
        let doc = parse(&file);
        let links = select(&doc, ".lang-switch a[href]");
        if file.ends_with("404.html") {
            continue;
        }
        assert_eq!(
            links.len(),
            1,
            "{}: expected one switcher link",
            file.display()
        );
        for a in links {
            let href = a.value().attr("href").unwrap();
            let target = resolve(&b.out, &file, href).unwrap();
            assert!(target.is_file(), "{} → {href}", file.display());
            let lang = a.value().attr("hreflang").unwrap();
            let target_doc = parse(&target);
            assert_eq!(
                select(&target_doc, "html")[0].value().attr("lang"),
                Some(lang)
            );
            match a.value().attr("title") {
                None => translated += 1,
                // Not translated: the nearest list in that language (a tag's → the tags), named
                // in the title, not that language's home (issue #15).
                Some(title) => {
                    let h1: String = select(&target_doc, "h1")
                        .first()
                        .map(|h| h.text().collect())
                        .unwrap_or_default();
                    assert!(
                        !h1.is_empty() && title.ends_with(&format!(": {}", h1.trim())),
                        "{} → {href}: {title:?}, {h1:?}",
                        file.display()
                    );
                }
            }
        }
    }
    assert!(
        translated > 50,
        "only {translated} pages link to a translation"
    );
}

#[test]
fn hreflang_pairs_are_symmetric() {
    let b = built();
    let mut pairs = 0;
    for file in html_files(&b.out) {
        let doc = parse(&file);
        let canonical = select(&doc, "link[rel=canonical]")
            .first()
            .and_then(|l| l.value().attr("href"))
            .map(str::to_string);
        let alternates: Vec<(String, String)> = select(&doc, "link[rel=alternate][hreflang]")
            .iter()
            .map(|l| {
                (
                    l.value().attr("hreflang").unwrap().to_string(),
                    l.value().attr("href").unwrap().to_string(),
                )
            })
            .filter(|(l, _)| l != "x-default")
            .collect();
        if alternates.is_empty() {
            continue;
        }
        let canonical =
            canonical.unwrap_or_else(|| panic!("{}: alternates but no canonical", file.display()));
        assert!(
            alternates.iter().any(|(_, h)| *h == canonical),
            "{}: alternates do not include the page itself",
            file.display()
        );
        for (lang, href) in &alternates {
            assert!(href.starts_with(ORIGIN), "{href} is not absolute");
            let target = resolve(&b.out, &file, href).unwrap();
            assert!(target.is_file(), "{} → {href}", file.display());
            let other = parse(&target);
            assert_eq!(
                select(&other, "html")[0].value().attr("lang"),
                Some(lang.as_str())
            );
            let back: Vec<String> = select(&other, "link[rel=alternate][hreflang]")
                .iter()
                .filter_map(|l| l.value().attr("href").map(str::to_string))
                .collect();
            assert!(
                back.contains(&canonical),
                "{href} does not link back to {canonical}"
            );
            pairs += 1;
        }
    }
    assert!(pairs > 100, "only {pairs} hreflang links");
}

#[test]
fn feeds_and_sitemap_parse_and_point_into_the_site() {
    let b = built();
    for feed in ["atom.xml", "en/atom.xml"] {
        let text = std::fs::read_to_string(b.out.join(feed)).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let entries: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .collect();
        assert!(entries.len() >= 12, "{feed}: {} entries", entries.len());
        for e in entries {
            let link = e
                .children()
                .find(|n| n.has_tag_name("link"))
                .and_then(|n| n.attribute("href"))
                .unwrap();
            let target = resolve(&b.out, &b.out.join(feed), link).unwrap();
            assert!(target.is_file(), "{feed}: {link}");
            let updated = e.children().find(|n| n.has_tag_name("updated")).unwrap();
            assert!(chrono::DateTime::parse_from_rfc3339(updated.text().unwrap()).is_ok());
        }
    }
    let text = std::fs::read_to_string(b.out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap())
        .collect();
    assert!(locs.len() > 100);
    for loc in &locs {
        let target = resolve(&b.out, &b.out.join("sitemap.xml"), loc).unwrap();
        assert!(target.is_file(), "sitemap: {loc}");
    }
    let alternates = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "link" && n.attribute("hreflang").is_some())
        .count();
    assert!(
        alternates > 100,
        "sitemap has {alternates} hreflang alternates"
    );
    // Crawlers read robots.txt at a domain's root only: one below /portal/ would be a file no
    // crawler reads, and the domain's own robots.txt must name the sitemap (issue #16).
    assert!(!b.out.join("robots.txt").exists());
}

#[test]
fn robots_txt_at_a_domain_root_names_the_sitemap() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let out = dir.path().join("out");
    build(&site, &out, Some(ORIGIN));
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(
        robots.contains(&format!("Sitemap: {ORIGIN}/sitemap.xml")),
        "{robots}"
    );
}

#[test]
fn news_pagination_pages_exist_and_link_to_each_other() {
    let b = built();
    // 15 demo news posts, 6 per page: /tin-tuc/, /tin-tuc/trang/2/, /tin-tuc/trang/3/.
    let pages = [
        b.out.join("tin-tuc/index.html"),
        b.out.join("tin-tuc/trang/2/index.html"),
        b.out.join("tin-tuc/trang/3/index.html"),
    ];
    for p in &pages {
        assert!(p.is_file(), "{}", p.display());
    }
    assert!(!b.out.join("tin-tuc/trang/4").exists());
    let mut seen_titles = BTreeSet::new();
    for (i, p) in pages.iter().enumerate() {
        let doc = parse(p);
        let next = select(&doc, ".pagination a[rel=next]");
        let prev = select(&doc, ".pagination a[rel=prev]");
        if i + 1 < pages.len() {
            let href = next[0].value().attr("href").unwrap();
            assert_eq!(resolve(&b.out, p, href).unwrap(), pages[i + 1]);
        } else {
            assert!(next.is_empty());
        }
        if i > 0 {
            let href = prev[0].value().attr("href").unwrap();
            assert_eq!(resolve(&b.out, p, href).unwrap(), pages[i - 1]);
        } else {
            assert!(prev.is_empty());
        }
        for card in select(&doc, ".news-card .card-title a") {
            assert!(
                seen_titles.insert(card.text().collect::<String>()),
                "a post is on two pages"
            );
        }
    }
    assert_eq!(seen_titles.len(), 15);
    // English uses the default pagination word.
    assert!(b.out.join("en/news/page/2/index.html").is_file());
}

/// A theme's page lists its year's news a page at a time, as a unit's page does: at a province's
/// scale a year has thousands, and all on one page made pages of 1.6 MB.
#[test]
fn a_themes_news_come_a_page_at_a_time() {
    let b = built();
    let titles = |doc: &scraper::Html, year: &str| -> Vec<String> {
        select(doc, ".news-card")
            .into_iter()
            .filter(|card| {
                card.select(&scraper::Selector::parse("time").unwrap())
                    .any(|t| {
                        t.value()
                            .attr("datetime")
                            .is_some_and(|d| d.starts_with(year))
                    })
            })
            .map(|card| {
                card.select(&scraper::Selector::parse(".card-title a").unwrap())
                    .flat_map(|a| a.text())
                    .collect()
            })
            .collect()
    };
    // Every Vietnamese news post of 2023, from the news list's pages.
    let mut of_2023 = BTreeSet::new();
    for list in ["tin-tuc/", "tin-tuc/trang/2/", "tin-tuc/trang/3/"] {
        of_2023.extend(titles(&parse(&b.out.join(list).join("index.html")), "2023"));
    }
    // The demo's news section shows 6 a page, and 2023 has more than 6 and at most 12.
    assert!((7..=12).contains(&of_2023.len()), "{of_2023:?}");
    let pages = [
        b.out.join("chu-de/2023/index.html"),
        b.out.join("chu-de/2023/trang/2/index.html"),
    ];
    assert!(!b.out.join("chu-de/2023/trang/3").exists());
    let (first, second) = (parse(&pages[0]), parse(&pages[1]));
    let mut shown = Vec::new();
    for doc in [&first, &second] {
        let on_page = titles(doc, "");
        assert!(on_page.len() <= 6, "{on_page:?}");
        shown.extend(on_page);
    }
    // Each once, none of another year.
    assert_eq!(shown.len(), of_2023.len(), "{shown:?}");
    assert_eq!(shown.into_iter().collect::<BTreeSet<_>>(), of_2023);

    // The theme's facts, text and slogans are on the first page only.
    for part in [".facts", ".prose", ".slogan-list"] {
        assert!(!select(&first, part).is_empty(), "{part}");
        assert!(select(&second, part).is_empty(), "{part}");
    }
    // The pages link to each other, and the second says which it is.
    let next = select(&first, ".pagination a[rel=next]")[0]
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(resolve(&b.out, &pages[0], next).unwrap(), pages[1]);
    let prev = select(&second, ".pagination a[rel=prev]")[0]
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(resolve(&b.out, &pages[1], prev).unwrap(), pages[0]);
    let title: String = select(&second, "title")[0].text().collect();
    assert!(title.contains("Trang 2"), "{title}");
    let canonical = select(&second, "link[rel=canonical]")[0]
        .value()
        .attr("href")
        .unwrap();
    assert!(canonical.ends_with("/chu-de/2023/trang/2/"), "{canonical}");
    // Its English twin is page 2 of the English theme's news, when that has a page 2.
    let en = b.out.join("en/themes/2023/page/2/index.html");
    let hreflang_en = select(&second, "link[rel=alternate][hreflang=en]");
    if en.is_file() {
        let href = hreflang_en[0].value().attr("href").unwrap();
        assert!(href.ends_with("/en/themes/2023/page/2/"), "{href}");
    } else {
        assert!(hreflang_en.is_empty());
    }
}

#[test]
fn units_have_pages_with_their_news() {
    let b = built();
    let doc = parse(&b.out.join("don-vi/th-kim-dong/index.html"));
    let h1: String = select(&doc, "h1")[0].text().collect();
    assert_eq!(h1.trim(), "Trường Tiểu học Kim Đồng");
    assert!(!select(&doc, ".news-card").is_empty());
    let en = parse(&b.out.join("en/units/th-kim-dong/index.html"));
    let h1: String = select(&en, "h1")[0].text().collect();
    assert_eq!(h1.trim(), "Kim Dong Primary School");
}

#[test]
fn dates_are_written_the_vietnamese_and_english_way() {
    let b = built();
    let vi = std::fs::read_to_string(b.out.join("chu-de/2023/index.html")).unwrap();
    assert!(vi.contains("ngày 02 tháng 10 năm 2023"), "vi date missing");
    let en = std::fs::read_to_string(b.out.join("en/themes/2023/index.html")).unwrap();
    assert!(en.contains("2 October 2023"), "en date missing");
}

#[test]
fn internal_content_links_resolve_per_language() {
    let b = built();
    // The About page links to the themes archive with `@/`; each language gets its own URL.
    let vi = parse(&b.out.join("gioi-thieu/index.html"));
    let en = parse(&b.out.join("en/about/index.html"));
    let hrefs = |d: &scraper::Html| -> Vec<String> {
        select(d, ".prose a[href]")
            .iter()
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect()
    };
    assert!(
        hrefs(&vi).iter().any(|h| h == "/portal/chu-de/"),
        "{:?}",
        hrefs(&vi)
    );
    assert!(
        hrefs(&en).iter().any(|h| h == "/portal/en/themes/"),
        "{:?}",
        hrefs(&en)
    );
}

#[test]
fn slogans_are_grouped_by_year_and_featured_on_the_home_page() {
    let b = built();
    let doc = parse(&b.out.join("khau-hieu/index.html"));
    let headings: Vec<String> = select(&doc, ".year-heading")
        .iter()
        .map(|h| h.text().collect::<String>())
        .collect();
    assert_eq!(
        headings,
        vec![
            "Khẩu hiệu năm 2023",
            "Khẩu hiệu năm 2022",
            "Khẩu hiệu năm 2021"
        ]
    );
    // 5 of 2023, 5 of 2022, 3 of 2021, all on one page.
    assert_eq!(select(&doc, ".slogan").len(), 13);
    // The home page of 2023 shows the 2023 slogans under "2023", and no other year's.
    for (home, title, this_year, earlier) in [
        (
            "index.html",
            "Khẩu hiệu năm 2023",
            "XÂY DỰNG NĂNG LỰC TỰ HỌC TRONG KỶ NGUYÊN SỐ",
            [
                "HỌC TẬP SUỐT ĐỜI LÀ CHÌA KHÓA CỦA SỰ THÀNH CÔNG",
                "THÚC ĐẨY CHUYỂN ĐỔI SỐ PHỤC VỤ HỌC TẬP SUỐT ĐỜI SAU ĐẠI DỊCH COVID-19",
            ],
        ),
        (
            "en/index.html",
            "Slogans of 2023",
            "BUILDING SELF-LEARNING CAPACITY IN THE DIGITAL AGE",
            [
                "LIFELONG LEARNING IS THE KEY TO SUCCESS",
                "PROMOTING DIGITAL TRANSFORMATION FOR LIFELONG LEARNING AFTER THE COVID-19 PANDEMIC",
            ],
        ),
    ] {
        let home = parse(&b.out.join(home));
        let heading: Vec<String> = select(&home, ".slogans-band h2")
            .iter()
            .map(|h| h.text().collect::<String>())
            .collect();
        assert_eq!(heading, vec![title.to_string()]);
        let band: Vec<String> = select(&home, ".slogans-band .slogan")
            .iter()
            .map(|s| s.text().collect::<String>())
            .collect();
        assert_eq!(band.len(), 5, "{band:?}");
        assert!(band.contains(&this_year.to_string()), "{band:?}");
        for old in earlier {
            assert!(!band.contains(&old.to_string()), "{band:?}");
        }
        assert!(
            band.iter()
                .all(|s| !s.contains("COVID") && !s.contains("2022")),
            "{band:?}"
        );
    }
}

#[test]
fn a_home_page_of_a_year_without_slogans_shows_no_other_years() {
    let site = demo_site();
    for f in std::fs::read_dir(site.path().join("content/slogans")).unwrap() {
        let p = f.unwrap().path();
        if p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("2023-")
        {
            std::fs::remove_file(&p).unwrap();
        }
    }
    // The panos of 2023 name 2023 slogans; without them they print the campaign line.
    for pano in ["2023-a3", "2023-pano-ngang"] {
        let p = site.path().join(format!("content/panos/{pano}/index.md"));
        let text = std::fs::read_to_string(&p).unwrap();
        let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("slogan:")).collect();
        std::fs::write(&p, kept.join("\n") + "\n").unwrap();
    }
    let yaml = site.path().join("site.yaml");
    let config = std::fs::read_to_string(&yaml).unwrap();
    // Without kits: a kit of a year without slogans is refused (tests/kit.rs).
    std::fs::write(
        &yaml,
        config.replace("kits: [phuong-an-my, thcs-chu-van-an]", "kits: false"),
    )
    .unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, None);
    for (home, words) in [
        (
            "index.html",
            "Khẩu hiệu tuyên truyền năm 2023 chưa được công bố.",
        ),
        (
            "en/index.html",
            "The slogans of 2023 are not published yet.",
        ),
    ] {
        let doc = parse(&out.join(home));
        assert!(select(&doc, ".slogans-band .slogan").is_empty(), "{home}");
        let band: String = select(&doc, ".slogans-band")
            .iter()
            .map(|s| s.text().collect::<String>())
            .collect();
        assert!(band.contains(words), "{home}: {band}");
        assert!(!band.contains("2022"), "{home}: {band}");
    }
}

#[test]
fn every_page_says_how_to_reach_the_organiser_in_its_language() {
    // `campaign: contact:` of the demo's site.yaml (issue #15: the contact page was linked
    // from nowhere and the footer had no address).
    let b = built();
    let mut pages = 0;
    for file in html_files(&b.out) {
        let doc = parse(&file);
        let english = select(&doc, "html")[0].value().attr("lang") == Some("en");
        let contact = select(&doc, "footer address.footer-contact");
        assert_eq!(contact.len(), 1, "{}", file.display());
        let text: String = contact[0].text().collect();
        let address = if english {
            "100 Hung Vuong Street"
        } else {
            "Số 100 đường Hùng Vương"
        };
        assert!(text.contains(address), "{}: {text}", file.display());
        let hrefs: Vec<&str> = select(&doc, "footer address.footer-contact a")
            .iter()
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert!(hrefs.contains(&"tel:02353000123"), "{hrefs:?}");
        assert!(hrefs.contains(&"mailto:tuanle@example.vn"), "{hrefs:?}");
        let page = hrefs
            .iter()
            .find(|h| !h.contains(':'))
            .unwrap_or_else(|| panic!("{}: no contact page link", file.display()));
        let target = resolve(&b.out, &file, page).unwrap();
        let h1: String = select(&parse(&target), "h1")[0].text().collect();
        assert_eq!(
            h1.trim(),
            if english { "Contact" } else { "Liên hệ" },
            "{page}"
        );
        pages += 1;
    }
    assert!(pages > 100, "{pages}");
}
