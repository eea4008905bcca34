//! Share cards of pages without a picture, on the starter site: a title of any length or script
//! still gives a card (cut at a word, characters the font lacks left out) and never fails the
//! build, and `page_cards: false` shares those pages with the site's card.

mod common;

use std::path::Path;

use common::*;

/// The `og:image` of a built page.
fn og_image(out: &Path, page: &str) -> String {
    let doc = parse(&out.join(page));
    select(&doc, "meta[property='og:image']")[0]
        .value()
        .attr("content")
        .unwrap()
        .to_string()
}

/// White pixels (the title's colour) in rows `rows` of a card.
fn white_in(card: &image::RgbImage, rows: std::ops::Range<u32>) -> usize {
    rows.flat_map(|y| (0..card.width()).map(move |x| (x, y)))
        .filter(|&(x, y)| card.get_pixel(x, y).0 == [255, 255, 255])
        .count()
}

#[test]
fn a_title_the_card_cannot_hold_is_cut_and_characters_the_font_lacks_left_out() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let long: Vec<String> = (1..=90).map(|i| format!("chữ{i}")).collect();
    let page = |name: &str, title: &str| {
        std::fs::write(
            site.join(format!("content/pages/{name}.md")),
            format!("---\ntitle: \"{title}\"\n---\n\nNội dung.\n"),
        )
        .unwrap();
    };
    page("dai", &long.join(" "));
    page("la", "Học tập suốt đời 😀 終身學習 ✓");
    let out = dir.path().join("out");
    build(&site, &out, None);

    for (name, html) in [("dai", "dai/index.html"), ("la", "la/index.html")] {
        assert_eq!(
            og_image(&out, html),
            format!("https://example.vn/share/{name}.png")
        );
        let card = image::open(out.join(format!("share/{name}.png")))
            .unwrap()
            .to_rgb8();
        assert_eq!(card.dimensions(), (1200, 630), "{name}");
        // The title box is 22–74 % of the height; the footer starts at 83 %.
        assert!(white_in(&card, 139..466) > 2_000, "{name}: no title drawn");
        assert_eq!(
            white_in(&card, 470..520),
            0,
            "{name}: the title runs out of its box"
        );
    }
}

#[test]
fn without_page_cards_pages_share_the_site_card() {
    let dir = starter_site();
    let site = dir.path().join("site");
    add_config(&site, "artwork:\n  page_cards: false\n");
    let out = dir.path().join("out");
    build(&site, &out, None);
    assert!(!out.join("share").exists(), "cards drawn though turned off");
    let image = og_image(&out, "gioi-thieu/index.html");
    assert!(
        image.starts_with("https://example.vn/artwork/vi/") && image.ends_with("/social.png"),
        "{image}"
    );
}

#[test]
fn a_new_title_is_drawn_on_the_card_and_a_body_edit_leaves_it() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let out = dir.path().join("out");
    let (page, card) = (
        "content/pages/gioi-thieu.md",
        out.join("share/gioi-thieu.png"),
    );
    build(&site, &out, None);
    let first = std::fs::read(&card).unwrap();
    edit(&site, page, "\n---\n", "\n---\n\nMột câu mới.\n");
    build(&site, &out, None);
    assert!(std::fs::read(&card).unwrap() == first, "body edit redrew");
    edit(&site, page, "title: ", "title: Về chúng tôi và ");
    build(&site, &out, None);
    assert!(std::fs::read(&card).unwrap() != first, "old title kept");
}

/// Cards come from the artwork cache as links, not copies: a province site has one per news
/// post. A card drawn in this build is linked too, so the next build, which finds it cached,
/// sees the same file and leaves it alone.
#[cfg(unix)]
#[test]
fn cards_are_linked_from_the_cache_and_a_drawn_card_is_not_written_again() {
    use std::os::unix::fs::MetadataExt;
    let dir = starter_site();
    let site = dir.path().join("site");
    let out = dir.path().join("out");
    let card = out.join("share/gioi-thieu.png");
    // A title no earlier build drew, so this build draws its card.
    edit(
        &site,
        "content/pages/gioi-thieu.md",
        "title: ",
        "title: Thẻ mới vẽ — ",
    );
    let first = build(&site, &out, None);
    assert!(first.written > 0);
    let meta = std::fs::metadata(&card).unwrap();
    assert!(meta.nlink() >= 2, "card not linked from the cache");
    let drawn = std::fs::read(&card).unwrap();
    assert!(image::load_from_memory(&drawn).unwrap().width() == 1200);

    edit(
        &site,
        "content/pages/gioi-thieu.md",
        "\n---\n",
        "\n---\n\nMột câu mới.\n",
    );
    let second = build(&site, &out, None);
    let again = std::fs::metadata(&card).unwrap();
    assert_eq!(again.ino(), meta.ino(), "the cached card was written again");
    assert_eq!(second.unchanged + second.written, first.written);
    assert!(
        second.written < 10,
        "{} files written again",
        second.written
    );

    // Another folder from the same cache: the same bytes.
    let other = dir.path().join("other");
    build(&site, &other, None);
    assert!(std::fs::read(other.join("share/gioi-thieu.png")).unwrap() == drawn);
}
