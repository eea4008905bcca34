//! The CMS admin (issue #19): with `cms:` in site.yaml the build writes `admin/index.html` and
//! Decap CMS's `admin/config.yml`, generated from the content model, read back here as YAML.

mod common;

use common::*;
use serde_yaml::Value;

const CMS: &str =
    "cms:\n  backend: github\n  repo: so-gddt/cong-thong-tin\n  local_backend: true\n";

/// A starter site (of `campaign`) with `cms:` added, built; returns its config.yml.
fn built_config(campaign: Option<&str>) -> (tempfile::TempDir, Value) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    loa::new_site(&site, campaign).unwrap();
    add_config(&site, CMS);
    let out = dir.path().join("out");
    build(&site, &out, None);
    let text = std::fs::read_to_string(out.join("admin/config.yml")).unwrap();
    let config = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}:\n{text}"));
    (dir, config)
}

fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["collections"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no collection {name}"))
}

fn field<'a>(collection: &'a Value, name: &str) -> &'a Value {
    collection["fields"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

/// (value, label) of a select field's options.
fn options(field: &Value) -> Vec<(String, String)> {
    field["options"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|o| {
            let s = |k: &str| o[k].as_str().unwrap().to_string();
            (s("value"), s("label"))
        })
        .collect()
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_sequence()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect()
}

#[test]
fn a_site_without_cms_has_no_admin_page() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let out = dir.path().join("out");
    build(&site, &out, None);
    assert!(!out.join("admin").exists());
}

#[test]
fn the_cms_config_follows_the_content_model() {
    let (dir, config) = built_config(None);
    assert_eq!(config["backend"]["name"], "github");
    assert_eq!(config["backend"]["repo"], "so-gddt/cong-thong-tin");
    assert_eq!(config["backend"]["branch"], "main");
    assert_eq!(config["local_backend"], true);
    assert_eq!(config["publish_mode"], "editorial_workflow");
    assert_eq!(config["locale"], "vi");
    // Languages as site.yaml lists them, the default first.
    assert_eq!(config["i18n"]["structure"], "multiple_files");
    assert_eq!(strs(&config["i18n"]["locales"]), ["vi", "en"]);
    assert_eq!(config["i18n"]["default_locale"], "vi");

    // News: page bundles, photos into the bundle, one select option per unit of units.yaml.
    let news = collection(&config, "news");
    assert_eq!(news["folder"], "content/news");
    assert_eq!(news["path"], "{{slug}}/index");
    assert_eq!(news["media_folder"], "");
    let units = std::fs::read_to_string(dir.path().join("site/content/units.yaml")).unwrap();
    let ids: Vec<&str> = units
        .lines()
        .filter_map(|l| l.strip_prefix("- id: "))
        .collect();
    let unit = options(field(news, "unit"));
    assert_eq!(
        unit.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>(),
        ids
    );
    assert_eq!(unit[1].1, "Trường THCS Mẫu");
    // What the build requires, the form requires; the date is written as loa reads it.
    for f in ["title", "date", "unit", "body"] {
        assert_ne!(field(news, f)["required"], false, "{f}");
    }
    let photos = field(news, "photos");
    assert_eq!(photos["widget"], "list");
    let sub = |name: &str| {
        photos["fields"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()
            .clone()
    };
    // A photo needs its caption; alt text is for when the caption does not say what it shows.
    assert_ne!(sub("caption")["required"], false);
    assert_eq!(sub("alt")["required"], false);
    assert_eq!(sub("file")["widget"], "image");
    for f in ["summary", "tags", "cover", "participants"] {
        assert_eq!(field(news, f)["required"], false, "{f}");
    }
    let date = field(news, "date");
    assert_eq!(date["format"], "YYYY-MM-DD");
    // A year of four digits from 1900 on: a year typed with a digit too many (20233) or too few
    // (0023) is refused in the form, in the editor's language. A time after the day, which loa
    // accepts and ignores, does not stop an older post from being saved again.
    let pattern = date["pattern"][0].as_str().unwrap();
    assert_eq!(pattern, r"^(19|20)\d{2}-\d{2}-\d{2}([T ].+)?$");
    assert_eq!(
        date["pattern"][1], "năm phải đủ bốn chữ số, ví dụ 2025",
        "the message is the theme's, in the site's language"
    );
    let max = field(news, "cover")["media_library"]["config"]["max_file_size"]
        .as_u64()
        .unwrap();
    assert_eq!(max, 12 * 1024 * 1024);
    assert_eq!(field(news, "tags")["max"], 50);
    // Today's campaign counts nothing but participants.
    assert!(
        news["fields"]
            .as_sequence()
            .unwrap()
            .iter()
            .all(|f| f["name"] != "counts")
    );

    // Learners: the campaign's categories, named.
    let category = options(field(collection(&config, "learners"), "category"));
    assert_eq!(category.len(), 5);
    assert_eq!(
        category[0],
        (
            "cong-dan-hoc-tap".to_string(),
            "Công dân học tập".to_string()
        )
    );
}

#[test]
fn another_campaigns_categories_and_counts_reach_the_form() {
    let (_dir, config) = built_config(Some("reading-day"));
    let news = collection(&config, "news");
    let counts = field(news, "counts");
    assert_eq!(counts["widget"], "object");
    let books = &counts["fields"][0];
    assert_eq!(books["name"], "books");
    assert_eq!(books["label"], "Sách trao tặng, luân chuyển");
    let category = options(field(collection(&config, "learners"), "category"));
    let ids: Vec<&str> = category.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(
        ids,
        [
            "dai-su-van-hoa-doc",
            "gia-dinh-doc-sach",
            "thu-vien-than-thien"
        ]
    );
}

#[test]
fn the_admin_page_loads_the_pinned_cms_and_previews_with_the_portals_styles() {
    let dir = starter_site();
    let site = dir.path().join("site");
    add_config(&site, CMS);
    let out = dir.path().join("out");
    build(&site, &out, None);
    let page = parse(&out.join("admin/index.html"));
    let scripts = select(&page, "script");
    assert_eq!(
        scripts[0].value().attr("src"),
        Some("https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js")
    );
    // The admin page runs no inline script: its policy does not allow one.
    assert_eq!(scripts[1].value().attr("src"), Some("/admin/preview.js"));
    let inline = std::fs::read_to_string(out.join("admin/preview.js")).unwrap();
    let css = inline
        .split('"')
        .nth(1)
        .unwrap_or_else(|| panic!("{inline}"));
    assert!(css.starts_with("/css/site"), "{inline}");
    assert!(
        out.join(css.trim_start_matches('/')).is_file(),
        "{css} is not in the output"
    );
    // The date control that replaces Decap's (scripts/cms-e2e types into it) is labelled in the
    // site's language.
    assert!(
        inline.contains(r#"today: "Hôm nay", clear: "Xóa""#),
        "{inline}"
    );
    // Hosts that read _headers give /admin/ a policy of its own: the portal's would block the
    // CMS's script and its calls to the Git host (scripts/cms-e2e runs the CMS under it).
    let headers = std::fs::read_to_string(out.join("_headers")).unwrap();
    let admin = headers
        .split("/admin/*\n")
        .nth(1)
        .expect("a rule for /admin/*");
    assert!(
        admin.starts_with("  ! Content-Security-Policy\n"),
        "{admin}"
    );
    let policy = admin.lines().nth(1).unwrap();
    assert!(
        policy.contains("script-src 'self' 'unsafe-eval' https://unpkg.com;"),
        "{policy}"
    );
    assert!(
        policy.contains("connect-src 'self' blob: https://api.github.com http://localhost:8081;"),
        "{policy}"
    );
    assert!(
        !policy.contains("script-src 'self' 'unsafe-inline'"),
        "{policy}"
    );
    let config = select(&page, "link[rel=cms-config-url]");
    assert_eq!(config[0].value().attr("href"), Some("/admin/config.yml"));
    assert!(out.join("admin/config.yml").is_file());
}

#[test]
fn a_cms_block_that_names_no_repository_is_refused_with_its_line() {
    let err = fails_cleanly(|s| {
        add_config(s, "cms:\n  backend: github\n  repo: cong-thong-tin\n");
    });
    assert!(err.contains("site.yaml:"), "{err}");
    assert!(
        err.contains("`cong-thong-tin` is not `owner/name`"),
        "{err}"
    );
    let err = fails_cleanly(|s| add_config(s, "cms:\n  backend: bitbucket\n  repo: a/b\n"));
    assert!(err.contains("bitbucket"), "{err}");
    let err = fails_cleanly(|s| {
        add_config(s, "cms:\n  backend: github\n  repo: a/b\n  app_id: x\n");
    });
    assert!(err.contains("app_id is for GitLab"), "{err}");
}

#[test]
fn a_post_written_by_the_cms_names_its_default_language_and_is_the_same_page() {
    // Decap CMS writes the default language's file as `index.vi.md`.
    let dir = starter_site();
    let site = dir.path().join("site");
    let post = site.join(NEWS);
    std::fs::rename(&post, post.with_file_name("index.vi.md")).unwrap();
    let out = dir.path().join("out");
    build(&site, &out, None);
    let page = parse(&out.join("tin-tuc/2023-10-02-le-phat-dong/index.html"));
    let title: String = select(&page, "h1")[0].text().collect();
    assert!(title.contains("Lễ phát động"), "{title}");
    assert!(out.join("en/news/week-launched/index.html").is_file());

    // Both names at once are one page written twice.
    let err = fails_cleanly(|s| {
        let post = s.join(NEWS);
        std::fs::copy(&post, post.with_file_name("index.vi.md")).unwrap();
    });
    assert!(
        err.contains("index.vi.md: this is the `vi` version of the same page as"),
        "{err}"
    );
}

#[test]
fn a_self_hosted_gitea_gets_its_api_and_no_editorial_workflow_decap_lacks_there() {
    let dir = starter_site();
    let site = dir.path().join("site");
    add_config(
        &site,
        "cms:\n  backend: gitea\n  repo: so-gddt/cong-thong-tin\n  base_url: https://git.so-gddt.vn/\n  app_id: 3f2a\n",
    );
    let out = dir.path().join("out");
    build(&site, &out, None);
    let text = std::fs::read_to_string(out.join("admin/config.yml")).unwrap();
    let config: Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(config["backend"]["name"], "gitea");
    assert_eq!(
        config["backend"]["api_root"],
        "https://git.so-gddt.vn/api/v1"
    );
    assert_eq!(config["publish_mode"], "simple");
    // Editors log in through the office's own OAuth application.
    assert_eq!(config["backend"]["auth_type"], "pkce");
    assert_eq!(config["backend"]["app_id"], "3f2a");
    assert!(config.get("local_backend").is_none());
}

#[test]
fn photos_written_as_a_list_give_each_language_its_caption_and_alt_text() {
    // The form a CMS writes: `photos:` as a list of {file, caption, alt}.
    let dir = starter_site();
    let site = dir.path().join("site");
    let bundle = site.join(NEWS).parent().unwrap().to_path_buf();
    write_png(&bundle.join("anh-1.png"));
    edit(
        &site,
        NEWS,
        "tags: [phát động]\n",
        "tags: [phát động]\nphotos:\n  - file: anh-1.png\n    caption: Học sinh đọc sách\n    alt: Ba học sinh ngồi đọc sách dưới gốc cây\n",
    );
    let en = bundle.join("index.en.md");
    let text = std::fs::read_to_string(&en).unwrap();
    let text = text.replacen(
        "---\n",
        "---\nphotos:\n  - file: anh-1.png\n    caption: Pupils reading\n",
        1,
    );
    std::fs::write(&en, text).unwrap();
    let out = dir.path().join("out");
    build(&site, &out, None);
    let figure = |page: &str| {
        let doc = parse(&out.join(page));
        let img = select(&doc, "figure img")[0]
            .value()
            .attr("alt")
            .unwrap()
            .to_string();
        let caption: String = select(&doc, "figure figcaption")[0].text().collect();
        (img, caption)
    };
    assert_eq!(
        figure("tin-tuc/2023-10-02-le-phat-dong/index.html"),
        (
            "Ba học sinh ngồi đọc sách dưới gốc cây".to_string(),
            "Học sinh đọc sách".to_string()
        )
    );
    // No alt text of its own: the caption stands in.
    assert_eq!(
        figure("en/news/week-launched/index.html"),
        ("Pupils reading".to_string(), "Pupils reading".to_string())
    );

    // A photo captioned both ways would lose one caption without a word.
    let err = fails_cleanly(|s| {
        edit(
            s,
            NEWS,
            "tags: [phát động]\n",
            "tags: [phát động]\ncaptions: {anh-1.png: Một}\nphotos:\n  - {file: anh-1.png, caption: Hai}\n",
        );
    });
    assert!(err.contains("captioned twice"), "{err}");
}

#[test]
fn loa_check_says_where_a_hand_written_cms_config_no_longer_matches_the_model() {
    let dir = starter_site();
    let site = dir.path().join("site");
    add_config(&site, CMS);
    // Written by hand once, before the school `thcs-mau` was added and with a unit since gone.
    std::fs::create_dir_all(site.join("templates/admin")).unwrap();
    std::fs::write(
        site.join("templates/admin/config.yml"),
        "i18n: {structure: multiple_files, locales: [vi, en], default_locale: vi}\n\
         collections:\n  - name: news\n    folder: content/news\n    fields:\n      - name: unit\n        widget: select\n        options:\n          - {label: Phòng GD, value: phong-gddt}\n          - {label: Cũ, value: thcs-cu}\n",
    )
    .unwrap();
    let out = loa(&["check"], &site);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("templates/admin/config.yml:6: the CMS configuration, written by hand, no longer matches the site: the form does not offer unit `thcs-mau`"),
        "{text}"
    );
    assert!(
        text.contains("templates/admin/config.yml:10:")
            && text.contains("unit `thcs-cu`, which content/units.yaml does not have"),
        "{text}"
    );
}

/// Decap finds a page's languages by file name, the default language's too (`index.vi.md`), so
/// a page written as `index.md` opens in the form as its translation alone, with an empty form
/// (scripts/cms-e2e opens one). `loa check` names those files and the rename that fixes them;
/// renamed, the site builds the same, and `loa news new` writes the form's name from the start.
#[test]
fn loa_check_names_the_pages_the_cms_form_cannot_open_and_the_rename_that_opens_them() {
    let dir = starter_site();
    let site = dir.path().join("site");
    add_config(&site, CMS);
    // A post written as one file, which the form opens only as a folder.
    std::fs::write(
        site.join("content/news/2023-10-09-tin-le.md"),
        "---\ntitle: Tin lẻ\ndate: 2023-10-09\nunit: thcs-mau\n---\nMột tệp.\n",
    )
    .unwrap();
    let before = dir.path().join("before");
    build(&site, &before, None);
    let out = loa(&["check"], &site);
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{text}");
    // A warning at each such file, with the command that renames it.
    let news = "content/news/2023-10-02-le-phat-dong/index.md";
    assert!(
        text.contains(&format!(
            "warning: {news}: the CMS form cannot open this page: it finds each language's file by its name"
        )),
        "{text}"
    );
    assert!(
        text.contains("hint: rename it as the form names it (loa reads both names as the same page): mkdir -p content/news/2023-10-09-tin-le && git mv content/news/2023-10-09-tin-le.md content/news/2023-10-09-tin-le/index.vi.md\n"),
        "{text}"
    );
    // What `grep -oE '(mkdir -p|git mv) .*' | sh` runs, done here without Git.
    let renames: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.split_once("git mv ").map(|(_, cmd)| cmd))
        .map(|cmd| {
            let (from, to) = cmd.split_once(' ').unwrap();
            (from.to_string(), to.to_string())
        })
        .collect();
    assert_eq!(
        renames,
        [
            (
                "content/learners/nguyen-van-a.md",
                "content/learners/nguyen-van-a.vi.md"
            ),
            (news, "content/news/2023-10-02-le-phat-dong/index.vi.md"),
            (
                "content/news/2023-10-09-tin-le.md",
                "content/news/2023-10-09-tin-le/index.vi.md"
            ),
            (
                "content/pages/gioi-thieu.md",
                "content/pages/gioi-thieu.vi.md"
            ),
            (
                "content/slogans/hoc-tap-suot-doi.md",
                "content/slogans/hoc-tap-suot-doi.vi.md"
            ),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    for (from, to) in &renames {
        std::fs::create_dir_all(site.join(to).parent().unwrap()).unwrap();
        std::fs::rename(site.join(from), site.join(to)).unwrap();
    }
    let out = loa(&["check"], &site);
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{text}");
    assert!(!text.contains("the CMS form cannot open"), "{text}");

    // Renamed, the site builds the same, byte for byte.
    let after = dir.path().join("after");
    build(&site, &after, None);
    let files = |root: &std::path::Path| -> Vec<(std::path::PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(root)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    };
    let (before, after) = (files(&before), files(&after));
    assert!(before.len() > 100, "{}", before.len());
    for ((a, x), (b, y)) in before.iter().zip(&after) {
        assert_eq!(a, b);
        assert!(x == y, "{} differs once renamed", a.display());
    }
    assert_eq!(before.len(), after.len());

    // A new post on a site with the CMS gets the name the form opens.
    let made = loa(
        &[
            "news",
            "new",
            "--unit",
            "thcs-mau",
            "--date",
            "2023-10-03",
            "Ngày hội đọc sách",
        ],
        &site,
    );
    assert!(made.status.success());
    assert!(
        site.join("content/news/2023-10-03-ngay-hoi-doc-sach/index.vi.md")
            .is_file()
    );
    let out = loa(&["check"], &site);
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!text.contains("the CMS form cannot open"), "{text}");
}
