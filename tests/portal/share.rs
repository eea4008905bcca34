//! Share cards and the Content-Security-Policy, on every page of the demo built under a
//! sub-path (part of `portal.rs`, which builds it once).

use std::collections::BTreeMap;

use super::{BASE_PATH, ORIGIN, built, resolve};
use crate::common::*;

/// The `content` of every `<meta property|name=…>` of a page, by key (repeated keys in order).
fn metas(doc: &scraper::Html) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in select(doc, "meta[content]") {
        let v = m.value();
        if let Some(key) = v.attr("property").or(v.attr("name")) {
            out.entry(key.to_string())
                .or_default()
                .push(v.attr("content").unwrap().to_string());
        }
    }
    out
}

#[test]
fn every_page_has_a_share_card_with_absolute_urls_and_its_locale() {
    let b = built();
    let site = format!("{ORIGIN}{BASE_PATH}/");
    let pages = html_files(&b.out);
    assert!(pages.len() > 150, "{} pages", pages.len());
    for page in &pages {
        let rel = page.strip_prefix(&b.out).unwrap().display().to_string();
        let doc = parse(page);
        let m = metas(&doc);
        let one = |key: &str| -> &str {
            match m.get(key).map(Vec::as_slice) {
                Some([v]) if !v.trim().is_empty() => v,
                other => panic!("{rel}: {key} is {other:?}, wanted one non-empty value"),
            }
        };
        for key in ["og:title", "og:description", "og:site_name", "og:image:alt"] {
            one(key);
        }
        assert!(["website", "article"].contains(&one("og:type")), "{rel}");
        assert_eq!(one("twitter:card"), "summary_large_image", "{rel}");

        let canonical = select(&doc, "link[rel=canonical]")[0].value().attr("href");
        assert_eq!(
            Some(one("og:url")),
            canonical,
            "{rel}: og:url is the canonical URL"
        );
        assert!(one("og:url").starts_with(&site), "{rel}: {}", one("og:url"));

        // The picture: absolute, published, and either a 1200 × 630 card or the page's photo,
        // with the size it says it has.
        let image = one("og:image");
        assert!(
            image.starts_with(&site),
            "{rel}: og:image {image} is not absolute"
        );
        let file = resolve(&b.out, page, image).unwrap();
        assert!(
            file.is_file(),
            "{rel}: og:image {image} is not in the output"
        );
        let (w, h) = image::image_dimensions(&file).unwrap();
        assert_eq!(one("og:image:width"), w.to_string(), "{rel}: {image}");
        assert_eq!(one("og:image:height"), h.to_string(), "{rel}: {image}");
        let own_photo = file.parent() == page.parent();
        assert!(
            own_photo || (w, h) == (1200, 630),
            "{rel}: {image} is {w}×{h}, neither a card nor the page's photo"
        );

        // The locale from the page's language, and the other language when the page has it.
        let lang = select(&doc, "html")[0].value().attr("lang").unwrap();
        let (locale, other) = match lang {
            "vi" => ("vi_VN", "en_US"),
            "en" => ("en_US", "vi_VN"),
            l => panic!("{rel}: lang {l}"),
        };
        assert_eq!(one("og:locale"), locale, "{rel}");
        let translated = select(&doc, "link[rel=alternate][hreflang=en]").len() == 1;
        match m.get("og:locale:alternate") {
            None => assert!(!translated, "{rel}: translated, but no og:locale:alternate"),
            Some(alts) => assert_eq!(alts, &[other.to_string()], "{rel}"),
        }
    }
}

#[test]
fn shared_pages_show_their_own_picture() {
    let b = built();
    let image = |rel: &str| -> String { metas(&parse(&b.out.join(rel)))["og:image"][0].clone() };
    // A news post with photos: its cover, from its own folder.
    let post = "tin-tuc/2023-10-02-tam-ky-phat-dong-tuan-le-2023/";
    assert!(
        image(&format!("{post}index.html")).starts_with(&format!("{ORIGIN}{BASE_PATH}/{post}")),
        "{}",
        image(&format!("{post}index.html"))
    );
    // A slogan: its own social card.
    assert_eq!(
        image("khau-hieu/2023-cong-dan-hoc-tap/index.html"),
        format!("{ORIGIN}{BASE_PATH}/artwork/vi/2023-cong-dan-hoc-tap/social.png")
    );
    // Home pages: the site's card, a slogan of the current year, in their language.
    for (home, lang) in [("index.html", "vi"), ("en/index.html", "en")] {
        let card = image(home);
        assert!(
            card.starts_with(&format!("{ORIGIN}{BASE_PATH}/artwork/{lang}/2023-"))
                && card.ends_with("/social.png"),
            "{home}: {card}"
        );
    }
}

/// The campaign red the default theme's cards are drawn on.
const CARD_RED: [u8; 3] = [0xc8, 0x10, 0x2e];

#[test]
fn pages_without_a_picture_share_a_card_drawn_with_their_title() {
    // The home pages keep the site's card (`shared_pages_show_their_own_picture`).
    let b = built();
    let mut cards = Vec::new();
    for (page, card, title) in [
        (
            "gioi-thieu/index.html",
            "share/gioi-thieu.png",
            "Giới thiệu",
        ),
        ("en/about/index.html", "share/en/about.png", "About"),
        (
            "tin-tuc/2023-10-08-quang-nam-bieu-duong-guong-tu-hoc/index.html",
            "share/tin-tuc/2023-10-08-quang-nam-bieu-duong-guong-tu-hoc.png",
            "Hội Khuyến học tỉnh Quảng Nam biểu dương những tấm gương tự học năm 2023",
        ),
        // Generated pages: a unit's, a section's list (and its later pages), a tag's.
        (
            "don-vi/thcs-chu-van-an/index.html",
            "share/don-vi/thcs-chu-van-an.png",
            "Trường Trung học cơ sở Chu Văn An",
        ),
        ("tin-tuc/trang/2/index.html", "share/tin-tuc.png", "Tin tức"),
        (
            "en/tags/digital-skills/index.html",
            "share/en/tags/digital-skills.png",
            "digital skills",
        ),
    ] {
        let m = metas(&parse(&b.out.join(page)));
        assert_eq!(
            m["og:image"],
            [format!("{ORIGIN}{BASE_PATH}/{card}")],
            "{page}"
        );
        assert_eq!(m["og:image:alt"], [title.to_string()], "{page}");
        assert_eq!(m["og:image:width"], ["1200"], "{page}");
        let file = b.out.join(card);
        // Flat colours, so a card costs a few tens of kilobytes, not the hundreds of a photo.
        let bytes = std::fs::metadata(&file).unwrap().len();
        assert!(bytes < 60_000, "{card} is {bytes} bytes");
        let img = image::open(&file).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (1200, 630), "{card}");
        assert_eq!(img.get_pixel(4, 4).0, CARD_RED, "{card}: the card's ground");
        // The title is drawn in white across the middle of the card.
        let white = (150..450)
            .flat_map(|y| (80..1100).map(move |x| (x, y)))
            .filter(|&(x, y)| img.get_pixel(x, y).0 == [255, 255, 255])
            .count();
        assert!(white > 2_000, "{card}: {white} white pixels of title");
        cards.push(img);
    }
    assert!(
        cards[0] != cards[1],
        "the two languages' cards are the same"
    );
}

#[test]
fn pages_carry_a_content_security_policy_they_keep() {
    let b = built();
    let headers = std::fs::read_to_string(b.out.join("_headers")).unwrap();
    let header = headers
        .lines()
        .find_map(|l| l.trim().strip_prefix("Content-Security-Policy: "))
        .expect("_headers sends a Content-Security-Policy");
    for page in html_files(&b.out) {
        let rel = page.strip_prefix(&b.out).unwrap().display().to_string();
        let doc = parse(&page);
        let meta = select(&doc, "meta[http-equiv=Content-Security-Policy]");
        assert_eq!(meta.len(), 1, "{rel}: no CSP meta");
        let policy = meta[0].value().attr("content").unwrap();
        assert!(policy.contains("script-src 'self'"), "{rel}: {policy}");
        assert!(!policy.contains("unsafe-inline"), "{rel}: {policy}");
        assert!(
            header.starts_with(policy),
            "{rel}: _headers and meta differ"
        );
        // What the policy would refuse: inline scripts, handlers and styles.
        for s in select(&doc, "script") {
            assert!(s.value().attr("src").is_some(), "{rel}: inline <script>");
        }
        assert!(
            select(&doc, "style, [style]").is_empty(),
            "{rel}: inline style"
        );
        for e in select(&doc, "*") {
            for (name, _) in e.value().attrs() {
                assert!(!name.starts_with("on"), "{rel}: inline handler {name}");
            }
        }
    }
}
