//! `loa news new`: a school's editor starts a post with one command. The post must build and show
//! on its unit's page, an unknown unit must be refused with the closest ids, and nothing that
//! exists is ever overwritten.

mod common;

use common::*;

const TITLE: &str = "Ngày hội đọc sách: “Sách là bạn”";
const FOLDER: &str = "content/news/2023-10-03-ngay-hoi-doc-sach-sach-la-ban";

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn creates_a_post_that_builds_and_shows_on_its_unit_page() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let made = loa(
        &[
            "news",
            "new",
            "--unit",
            "thcs-mau",
            "--date",
            "2023-10-03",
            TITLE,
        ],
        &site,
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let file = site.join(FOLDER).join("index.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("unit: thcs-mau\n"), "{text}");
    assert!(text.contains("date: 2023-10-03\n"), "{text}");
    assert!(
        text.contains("# - Ảnh:"),
        "a guide in the post's language:\n{text}"
    );

    // An English post gets `index.en.md` and an English guide.
    let en = loa(
        &[
            "news",
            "new",
            "--unit",
            "thcs-mau",
            "--lang",
            "en",
            "--date",
            "2023-10-03",
            "Reading day",
        ],
        &site,
    );
    assert!(en.status.success(), "{}", stderr(&en));
    let en_text =
        std::fs::read_to_string(site.join("content/news/2023-10-03-reading-day/index.en.md"))
            .unwrap();
    assert!(en_text.contains("# - Photos:"), "{en_text}");

    let out = site.join("public");
    build(&site, &out, None);
    let post = parse(&out.join("tin-tuc/2023-10-03-ngay-hoi-doc-sach-sach-la-ban/index.html"));
    let h1: String = select(&post, "h1")[0].text().collect();
    assert_eq!(h1, TITLE);
    let unit = parse(&out.join("don-vi/thcs-mau/index.html"));
    let links: Vec<&str> = select(&unit, "a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        links.contains(&"/tin-tuc/2023-10-03-ngay-hoi-doc-sach-sach-la-ban/"),
        "{links:?}"
    );
    let unit_en = parse(&out.join("en/units/thcs-mau/index.html"));
    let text: String = select(&unit_en, "main")[0].text().collect();
    assert!(text.contains("Reading day"), "{text}");
}

#[test]
fn never_overwrites_an_existing_post() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let args = [
        "news",
        "new",
        "--unit",
        "thcs-mau",
        "--date",
        "2023-10-03",
        TITLE,
    ];
    assert!(loa(&args, &site).status.success());
    let file = site.join(FOLDER).join("index.md");
    std::fs::write(&file, "edited by the school").unwrap();
    let again = loa(&args, &site);
    assert_eq!(again.status.code(), Some(1));
    let err = stderr(&again);
    assert!(
        err.contains(FOLDER) && err.contains("already exists"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "edited by the school"
    );
}

#[test]
fn refuses_an_unknown_unit_with_the_closest_ids() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let before = snapshot(&site.join("content"));
    // Typed from the Vietnamese name, with capitals and diacritics.
    for wrong in ["thcs-maux", "THCS-Mẫu"] {
        let o = loa(&["news", "new", "--unit", wrong, "Tin mới"], &site);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains("content/units.yaml"), "{err}");
        assert!(err.contains("did you mean `thcs-mau`"), "{err}");
    }
    let o = loa(&["news", "new", "--unit", "hoi-nong-dan", "Tin mới"], &site);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("add the unit to content/units.yaml"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        before,
        snapshot(&site.join("content")),
        "nothing was created"
    );
}
