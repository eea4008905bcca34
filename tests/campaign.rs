//! The campaign profile (issue #20): a campaign's categories of exemplary people, what its news
//! count and its words come from the theme's `campaign.yaml` or from `campaign:` in site.yaml,
//! never from loa's code. Both built-in starters build, each with its own campaign on its pages,
//! its artwork, its report and its kits.

mod common;

use std::path::Path;

use common::pdf::Pdf;
use common::*;

/// The starter site running another campaign: its categories replace the theme's, and its
/// i18n names them.
fn reading_campaign(site: &std::path::Path) {
    edit(
        site,
        "site.yaml",
        "campaign:\n",
        "campaign:\n  categories: [nguoi-doc-tieu-bieu, gia-dinh-doc-sach]\n",
    );
    std::fs::create_dir_all(site.join("i18n")).unwrap();
    std::fs::write(
        site.join("i18n/vi.yaml"),
        "category_nguoi-doc-tieu-bieu: Người đọc tiêu biểu\ncategory_gia-dinh-doc-sach: Gia đình đọc sách\n",
    )
    .unwrap();
    std::fs::write(
        site.join("i18n/en.yaml"),
        "category_nguoi-doc-tieu-bieu: Outstanding reader\ncategory_gia-dinh-doc-sach: Reading family\n",
    )
    .unwrap();
}

#[test]
fn a_site_names_its_own_categories_and_pages_show_their_names() {
    let dir = starter_site();
    let site = dir.path().join("site");
    reading_campaign(&site);
    // The English translation takes its category from the Vietnamese page.
    edit(
        &site,
        "content/learners/nguyen-van-a.md",
        "category: cong-dan-hoc-tap",
        "category: nguoi-doc-tieu-bieu",
    );
    let out = dir.path().join("out");
    build(&site, &out, None);
    let badge = |page: &str| {
        let doc = parse(&out.join(page));
        select(&doc, ".badge")
            .first()
            .map(|b| b.text().collect::<String>())
            .unwrap_or_default()
    };
    assert_eq!(
        badge("guong-dien-hinh/nguyen-van-a/index.html"),
        "Người đọc tiêu biểu"
    );
    let en = html_files(&out.join("en"))
        .into_iter()
        .find(|p| p.to_string_lossy().contains("nguyen-van-a"))
        .expect("the English learner page");
    let en = en
        .strip_prefix(&out)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(badge(&en), "Outstanding reader");
}

#[test]
fn a_category_outside_the_profile_is_refused_with_the_file_and_a_suggestion() {
    // Today's campaign, from the theme: a misspelt title gets the nearest one.
    let err = fails_cleanly(|s| {
        edit(
            s,
            "content/learners/nguyen-van-a.md",
            "category: cong-dan-hoc-tap",
            "category: cong-dan-hoc-tapp",
        )
    });
    assert!(err.contains("content/learners/nguyen-van-a.md:4"), "{err}");
    assert!(err.contains("did you mean `cong-dan-hoc-tap`"), "{err}");
    // Another campaign's profile: today's titles are no longer categories.
    let err = fails_cleanly(reading_campaign);
    assert!(
        err.contains("content/learners/nguyen-van-a.md")
            && err.contains("`cong-dan-hoc-tap` is not one of the campaign's categories")
            && err.contains("nguoi-doc-tieu-bieu, gia-dinh-doc-sach"),
        "{err}"
    );
}

#[test]
fn a_profile_with_an_id_that_is_not_a_slug_is_refused() {
    let err = fails_cleanly(|s| {
        edit(
            s,
            "site.yaml",
            "campaign:\n",
            "campaign:\n  categories: [Người đọc tiêu biểu]\n",
        )
    });
    assert!(err.contains("site.yaml"), "{err}");
    assert!(err.contains("`nguoi-doc-tieu-bieu`"), "{err}");
}

/// What a starter site is expected to show: its campaign's name in the year of its sample
/// content, a learner's category badge, and what its report counts besides participants.
struct Starter {
    name: &'static str,
    year: i32,
    campaign_of_year: &'static str,
    learner: &'static str,
    badge: &'static str,
    /// A count of the campaign's own: its column heading and its total, as the page writes it.
    count: Option<(&'static str, &'static str)>,
    /// A unit to make a kit for.
    unit: &'static str,
    kit_title: &'static str,
    /// Words of the other campaign, which must not show anywhere in this one's output.
    foreign: &'static [&'static str],
}

const STARTERS: [Starter; 2] = [
    Starter {
        name: "learning-week",
        year: 2023,
        campaign_of_year: "Tuần lễ hưởng ứng học tập suốt đời năm 2023",
        learner: "guong-dien-hinh/nguyen-van-a/index.html",
        badge: "Công dân học tập",
        count: None,
        unit: "thcs-mau",
        kit_title: "Bộ ấn phẩm tuyên truyền Tuần lễ hưởng ứng học tập suốt đời năm 2023",
        foreign: &["Ngày Sách", "Book and Reading"],
    },
    Starter {
        name: "reading-day",
        year: 2025,
        campaign_of_year: "Ngày Sách và Văn hóa đọc Việt Nam năm 2025",
        learner: "guong-sang/nguyen-ngoc-minh-anh/index.html",
        badge: "Đại sứ Văn hóa đọc",
        count: Some(("Sách trao tặng, luân chuyển", "3.960")),
        unit: "phuong-tan-an",
        kit_title: "Bộ ấn phẩm tuyên truyền Ngày Sách và Văn hóa đọc Việt Nam năm 2025",
        foreign: &["suốt đời", "Tuần lễ", "Lifelong"],
    },
];

fn text_of(doc: &scraper::Html, css: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn squeeze(s: &str) -> String {
    s.to_lowercase().split_whitespace().collect()
}

#[test]
fn each_starter_builds_its_own_campaign_into_pages_artwork_report_and_kits() {
    for s in &STARTERS {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        loa::new_site(&site, Some(s.name)).unwrap();
        let out = dir.path().join("out");
        let report = build(&site, &out, None);
        assert!(
            report.warnings.is_empty(),
            "{}: {:?}",
            s.name,
            report.warnings
        );

        // The home page names this year's campaign; no page names the other campaign.
        let home = parse(&out.join("index.html"));
        assert_eq!(text_of(&home, ".hero .eyebrow"), [s.campaign_of_year]);
        for page in html_files(&out) {
            let html = std::fs::read_to_string(&page).unwrap();
            for word in s.foreign {
                assert!(
                    !html.contains(word),
                    "{}: {} says {word:?}",
                    s.name,
                    page.display()
                );
            }
        }
        let learner = parse(&out.join(s.learner));
        assert_eq!(text_of(&learner, ".badge"), [s.badge], "{}", s.name);

        // The report: its own count as a column, added up, on the page and in the CSV.
        let year = s.year;
        let page = parse(&out.join(format!("bao-cao/{year}/index.html")));
        let head = text_of(&page, "table.report-units thead th");
        let foot = text_of(&page, "table.report-units tfoot td");
        let csv =
            std::fs::read_to_string(out.join(format!("bao-cao/{year}/report-{year}.csv"))).unwrap();
        let csv_head = csv.lines().next().unwrap();
        match s.count {
            Some((name, total)) => {
                assert_eq!(head.last().map(String::as_str), Some(name), "{head:?}");
                assert_eq!(foot.last().map(String::as_str), Some(total), "{foot:?}");
                assert!(csv_head.ends_with(&format!("\"{name}\"")), "{csv_head}");
                let plain = total.replace('.', "");
                let total_row = csv.lines().last().unwrap();
                assert!(total_row.ends_with(&format!(",{plain}")), "{total_row}");
            }
            None => {
                assert_eq!(head.len(), 4, "{head:?}");
                assert_eq!(csv_head.split(',').count(), 5, "{csv_head}");
            }
        }

        // The artwork's header, read back from a print PDF.
        let flags: Vec<_> = walkdir::WalkDir::new(out.join("artwork/vi"))
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| p.file_name().is_some_and(|n| n == "co-phuon.pdf"))
            .collect();
        assert!(!flags.is_empty(), "{}: no flag PDF", s.name);
        for flag in &flags {
            let text = squeeze(&Pdf::load(flag).text());
            assert!(
                text.contains(&squeeze(s.campaign_of_year)),
                "{}: {}: {text}",
                s.name,
                flag.display()
            );
        }

        // The unit's kit: its README is titled with the campaign.
        let kits = dir.path().join("kits");
        let args = loa::BuildArgs {
            root: site.clone(),
            ..Default::default()
        };
        loa::kit(&args, &[s.unit.to_string()], None, None, &kits)
            .unwrap_or_else(|e| panic!("{}: {e}", s.name));
        let zip = std::fs::File::open(kits.join(format!("{}-{year}.zip", s.unit))).unwrap();
        let mut zip = zip::ZipArchive::new(zip).unwrap();
        let mut readme = String::new();
        std::io::Read::read_to_string(
            &mut zip
                .by_name(&format!("{0}-{year}/{0}_README.txt", s.unit))
                .unwrap(),
            &mut readme,
        )
        .unwrap();
        assert!(readme.contains(s.kit_title), "{}: {readme}", s.name);
    }
}

/// `campaign:` of site.yaml with another campaign's words for both languages, minus `leave_out`.
fn reading_words(site: &Path, leave_out: &str) {
    let starter =
        std::fs::read_to_string(repo().join("themes/default/starters/reading-day/site.yaml"))
            .unwrap();
    let campaign = &starter[starter.find("\ncampaign:\n").unwrap() + 1..];
    let campaign: String = campaign
        .lines()
        .filter(|l| !l.trim_start().starts_with(leave_out) || leave_out.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let config = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    let before = &config[..config.find("\ncampaign:\n").unwrap() + 1];
    std::fs::write(site.join("site.yaml"), format!("{before}{campaign}")).unwrap();
    // The starter's learner and news, in the other campaign's terms.
    edit(
        site,
        "content/learners/nguyen-van-a.md",
        "category: cong-dan-hoc-tap",
        "category: gia-dinh-doc-sach",
    );
}

#[test]
fn words_given_in_site_yaml_are_a_whole_campaign() {
    // Everything given: it builds, and the pages speak of the new campaign.
    let dir = starter_site();
    let site = dir.path().join("site");
    reading_words(&site, "");
    let out = dir.path().join("out");
    build(&site, &out, None);
    let home = parse(&out.join("index.html"));
    assert_eq!(
        text_of(&home, ".hero .eyebrow"),
        ["Ngày Sách và Văn hóa đọc Việt Nam năm 2023"]
    );

    // A word left out: the old campaign's would print on the new one's banners.
    let err = fails_cleanly(|s| reading_words(s, "kit_readme_title"));
    assert!(err.contains("site.yaml:"), "{err}");
    assert!(err.contains("`kit_readme_title`"), "{err}");
    // A misspelt word is named with the nearest one.
    let err = fails_cleanly(|s| {
        reading_words(s, "");
        edit(
            s,
            "site.yaml",
            "      campaign_name:",
            "      campaing_name:",
        );
    });
    assert!(err.contains("`campaing_name`"), "{err}");
    assert!(err.contains("did you mean `campaign_name`"), "{err}");
    // A category with no name in a language.
    let err = fails_cleanly(|s| reading_words(s, "category_gia-dinh-doc-sach: Reading family"));
    assert!(
        err.contains("`category_gia-dinh-doc-sach` has no name in `en`"),
        "{err}"
    );
}

#[test]
fn a_count_outside_the_profile_is_refused_with_the_file_and_a_suggestion() {
    let err = fails_cleanly(|s| {
        reading_words(s, "");
        edit(
            s,
            NEWS,
            "tags: [phát động]\n",
            "tags: [phát động]\ncounts: {book: 12}\n",
        );
    });
    assert!(err.contains(&format!("{NEWS}:")), "{err}");
    assert!(
        err.contains("count `book` is not one of the campaign's counts"),
        "{err}"
    );
    assert!(err.contains("did you mean `books`"), "{err}");
    // Today's campaign counts nothing but participants.
    let err = fails_cleanly(|s| {
        edit(
            s,
            NEWS,
            "tags: [phát động]\n",
            "tags: [phát động]\ncounts: {books: 12}\n",
        );
    });
    assert!(err.contains("lists no counts"), "{err}");
}

/// Every campaign the repository knows: the theme's profile and each starter's site.yaml.
fn campaign_files() -> Vec<std::path::PathBuf> {
    let mut files = vec![repo().join("themes/default/campaign.yaml")];
    for starter in std::fs::read_dir(repo().join("themes/default/starters")).unwrap() {
        files.push(starter.unwrap().path().join("site.yaml"));
    }
    files
}

#[test]
fn no_campaign_word_or_category_is_in_rust_code() {
    // What names a campaign: its categories and its name in each language, from every profile.
    let mut words: Vec<String> = vec![
        "suốt đời".into(),
        "tuần lễ".into(),
        "lifelong".into(),
        "ngày sách".into(),
    ];
    for file in campaign_files() {
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let profile = yaml.get("campaign").unwrap_or(&yaml);
        // A starter of the theme's own campaign gives no profile of its own.
        let Some(categories) = profile.get("categories") else {
            continue;
        };
        let categories = categories.as_sequence().unwrap();
        assert!(!categories.is_empty(), "{}", file.display());
        words.extend(categories.iter().map(|c| c.as_str().unwrap().to_string()));
        for lang in ["vi", "en"] {
            let name = profile["words"][lang]["campaign_name"].as_str().unwrap();
            words.push(name.to_lowercase());
        }
    }
    // The theme's profile and the second starter's.
    for name in [
        "lifelong learning week",
        "vietnam book and reading culture day",
    ] {
        assert!(words.iter().any(|w| w == name), "{words:?}");
    }
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(repo().join("src")) {
        let path = entry.unwrap().into_path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        // Unit tests too: their sample text is neutral Vietnamese, not a campaign's.
        let code = std::fs::read_to_string(&path).unwrap().to_lowercase();
        for (i, line) in code.lines().enumerate() {
            for w in &words {
                if line.contains(w.as_str()) {
                    found.push(format!("{}:{}: {w}", path.display(), i + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "campaign words in Rust code (they belong in a campaign profile):\n{}",
        found.join("\n")
    );
}

#[test]
fn a_theme_page_written_for_an_older_loa_is_told_the_new_field_names() {
    let err = fails_cleanly(|s| {
        edit(s, "content/themes/2023.md", "\nstart:", "\nweek_start:");
    });
    assert!(err.contains("content/themes/2023.md:"), "{err}");
    assert!(err.contains("`week_start` is now called `start`"), "{err}");
}
