//! The campaign profile (issue #20): a campaign's categories of exemplary people come from the
//! theme's `campaign.yaml` or from `campaign: categories:` in site.yaml, never from loa's code.

mod common;

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

#[test]
fn no_campaign_category_is_named_in_rust_code() {
    let profile = std::fs::read_to_string(repo().join("themes/default/campaign.yaml")).unwrap();
    let ids: Vec<&str> = profile
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- "))
        .collect();
    assert_eq!(ids.len(), 5, "{ids:?}");
    for entry in walkdir::WalkDir::new(repo().join("src")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for id in &ids {
                assert!(
                    !text.contains(id),
                    "{} names the category `{id}`: it belongs in campaign.yaml",
                    entry.path().display()
                );
            }
        }
    }
}
