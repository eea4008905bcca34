//! Pictures as a screen meets them, on the demo built under a sub-path (part of `portal.rs`):
//! slogan and pano pages and their lists show light screen previews with their size, and no
//! page makes a browser fetch a print file (PDF, print SVG) except through a link.

use std::path::{Path, PathBuf};

use super::{BASE_PATH, ORIGIN, built, resolve};
use crate::common::*;

/// A print file: every PDF, and the SVGs drawn for print (slogan artwork, panos). The site's
/// own logo is an SVG too, and a picture.
fn is_print_file(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.ends_with(".pdf")
        || (path.ends_with(".svg") && (path.contains("/artwork/") || path.ends_with("/pano.svg")))
}

/// The URLs an attribute's `value` names: itself, or each candidate of a `srcset`.
pub(super) fn urls_in(attr: &str, value: &str) -> Vec<String> {
    if attr != "srcset" {
        return vec![value.to_string()];
    }
    value
        .split(',')
        .filter_map(|c| c.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// The URLs of a `srcset` of width descriptors, with their widths.
fn srcset(value: &str) -> Vec<(String, u32)> {
    value
        .split(',')
        .map(|c| {
            let (url, w) = c.trim().split_once(' ').expect("a candidate with a width");
            let w = w.trim().strip_suffix('w').expect("a width descriptor");
            (url.to_string(), w.parse().expect("a number of pixels"))
        })
        .collect()
}

/// The slogan and pano pages of both languages, and their lists.
fn artwork_pages(out: &Path) -> Vec<PathBuf> {
    let mut pages = Vec::new();
    for dir in ["pano", "en/posters", "khau-hieu", "en/slogans"] {
        let list = out.join(dir).join("index.html");
        assert!(list.is_file(), "{dir} has a list");
        pages.push(list);
        for entry in std::fs::read_dir(out.join(dir)).unwrap() {
            let page = entry.unwrap().path().join("index.html");
            if page.is_file() {
                pages.push(page);
            }
        }
    }
    pages.sort();
    pages
}

#[test]
fn no_page_embeds_or_preloads_a_print_file() {
    let b = built();
    let mut checked = 0;
    for page in html_files(&b.out) {
        let rel = page.strip_prefix(&b.out).unwrap().display().to_string();
        let doc = parse(&page);
        for (css, attr) in [
            ("img[src]", "src"),
            ("img[srcset]", "srcset"),
            ("source[srcset]", "srcset"),
            ("source[src]", "src"),
            ("object[data]", "data"),
            ("embed[src]", "src"),
            ("iframe[src]", "src"),
            ("video[poster]", "poster"),
            ("link[rel~=preload][href]", "href"),
            ("link[rel~=prefetch][href]", "href"),
        ] {
            for el in select(&doc, css) {
                for url in urls_in(attr, el.value().attr(attr).unwrap()) {
                    checked += 1;
                    assert!(!is_print_file(&url), "{rel}: {css} fetches {url}");
                }
            }
        }
        assert!(
            select(&doc, "object, embed").is_empty(),
            "{rel}: embeds a document"
        );
    }
    assert!(checked > 500, "only {checked} pictures checked");
}

#[test]
fn artwork_pages_show_light_screen_previews_with_their_size() {
    let b = built();
    let pages = artwork_pages(&b.out);
    // 2 pano pages and 13 slogan pages per language, and the four lists.
    assert_eq!(pages.len(), 34, "{pages:?}");
    let mut previews = 0;
    for page in &pages {
        let rel = page.strip_prefix(&b.out).unwrap().display().to_string();
        let doc = parse(page);
        let mut largest = 0;
        for img in select(&doc, "main img") {
            let v = img.value();
            let size = |a: &str| -> u32 {
                v.attr(a)
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| panic!("{rel}: an <img> without {a}: {}", img.html()))
            };
            let (width, height) = (size("width"), size("height"));
            let src = v.attr("src").unwrap();
            assert!(
                src.ends_with(".png") && src.starts_with(BASE_PATH),
                "{rel}: {src}"
            );
            // Browsers with WebP (all current ones) take a file of this list, never the PNG.
            let picture = img.parent().and_then(scraper::ElementRef::wrap).unwrap();
            assert_eq!(picture.value().name(), "picture", "{rel}: {src}");
            let source = scraper::ElementRef::wrap(picture.first_child().unwrap()).unwrap();
            assert_eq!(source.value().attr("type"), Some("image/webp"), "{rel}");
            assert!(source.value().attr("sizes").is_some(), "{rel}: no sizes");
            let list = srcset(source.value().attr("srcset").unwrap());
            assert!(
                list.first().unwrap().1 <= 480,
                "{rel}: no small copy of {src}"
            );
            assert_eq!(
                list.last().unwrap().1,
                width,
                "{rel}: the largest copy is the preview's size"
            );
            for (url, w) in &list {
                let file = resolve(&b.out, page, url).unwrap();
                let bytes = std::fs::read(&file).unwrap_or_else(|_| panic!("{rel}: no {url}"));
                let decoded = image::load_from_memory(&bytes).unwrap();
                assert_eq!(decoded.width(), *w, "{rel}: {url}");
                let wanted = (*w as f64 * height as f64 / width as f64).round() as i64;
                assert!(
                    (decoded.height() as i64 - wanted).abs() <= 1,
                    "{rel}: {url} is {}×{}, not in proportion to {width}×{height}",
                    decoded.width(),
                    decoded.height()
                );
                // Drawn type stays sharp: flat artwork is lossless; a pano's photo is not.
                let kind = if bytes[12..16] == *b"VP8L" {
                    "lossless"
                } else {
                    "lossy"
                };
                let expected = if url.contains("/artwork/") {
                    "lossless"
                } else {
                    "lossy"
                };
                assert_eq!(kind, expected, "{rel}: {url}");
            }
            let (url, _) = list.last().unwrap();
            largest += std::fs::metadata(resolve(&b.out, page, url).unwrap())
                .unwrap()
                .len();
            previews += 1;
        }
        // Even a screen dense enough to take the largest copies fetches this little.
        assert!(
            largest <= 200_000,
            "{rel}: {largest} bytes of pictures at most"
        );
    }
    // One preview per pano page and card, five per slogan page (the banner above and every
    // format beside its downloads).
    assert_eq!(previews, 4 + 4 + 26 * 5, "previews shown");
}

#[test]
fn a_printable_pano_fetches_its_poster_only_to_print() {
    let b = built();
    for dir in ["pano/2023-a3", "en/posters/2023-a3-poster"] {
        let svg = format!("{BASE_PATH}/{dir}/pano.svg");
        let css = std::fs::read_to_string(b.out.join(dir).join("page.css")).unwrap();
        let (screen, print) = css.split_once("@media print").unwrap();
        assert!(!screen.contains(".svg"), "{dir}: {screen}");
        assert!(print.contains(&format!("url(\"{svg}\")")), "{dir}: {print}");
        assert!(
            print.contains("print-color-adjust: exact"),
            "{dir}: {print}"
        );
        assert!(b.out.join(dir).join("pano.svg").is_file());
        // In the page, only the download link and the print button (which fetches it before
        // printing) name it.
        let doc = parse(&b.out.join(dir).join("index.html"));
        let download = select(&doc, &format!("a[href='{svg}'][download]"));
        assert_eq!(download.len(), 1, "{dir}: SVG download");
        let button = select(&doc, &format!("button[data-print='{svg}']"));
        assert_eq!(button.len(), 1, "{dir}: print button");
        let html = std::fs::read_to_string(b.out.join(dir).join("index.html")).unwrap();
        assert_eq!(html.matches("pano.svg").count(), 2, "{dir}");
        assert!(!html.contains(&format!("{ORIGIN}{svg}")), "{dir}");
    }
}
