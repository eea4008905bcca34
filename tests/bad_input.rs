//! Bad input never panics: each mistake gives a non-zero exit, a message naming the file (and
//! the line for YAML), and leaves the previous output byte-for-byte as it was.

mod common;

use common::*;

#[test]
fn malformed_front_matter_names_file_and_line() {
    let err = fails_cleanly(|s| edit(s, NEWS, "unit: thcs-mau", "unit: [thcs-mau"));
    // `unit:` is on line 5 of the file (line 1 is `---`, line 2 a comment).
    assert!(err.contains(&format!("{NEWS}:")), "{err}");
    let line: usize = err
        .split(&format!("{NEWS}:"))
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((5..=9).contains(&line), "line {line} in {err}");
}

#[test]
fn missing_required_field() {
    let err = fails_cleanly(|s| edit(s, NEWS, "date: 2023-10-02\n", ""));
    assert!(err.contains(NEWS), "{err}");
    assert!(err.contains("required field `date`"), "{err}");
}

#[test]
fn unknown_front_matter_key_names_its_line() {
    let err = fails_cleanly(|s| {
        edit(
            s,
            NEWS,
            "tags: [phát động]",
            "tags: [phát động]\ncolour: red",
        )
    });
    assert!(err.contains(&format!("{NEWS}:8")), "{err}");
    assert!(err.contains("colour"), "{err}");
}

#[test]
fn bad_date_names_its_line() {
    let err = fails_cleanly(|s| edit(s, NEWS, "date: 2023-10-02", "date: 2023-13-45"));
    assert!(err.contains(&format!("{NEWS}:4")), "{err}");
    assert!(err.contains("2023-13-45"), "{err}");
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn translation_into_a_language_not_in_config() {
    let err = fails_cleanly(|s| {
        std::fs::write(
            s.join("content/pages/gioi-thieu.fr.md"),
            "---\ntitle: À propos\n---\nBonjour\n",
        )
        .unwrap()
    });
    assert!(err.contains("content/pages/gioi-thieu.fr.md"), "{err}");
    assert!(err.contains("`fr` is not in the languages"), "{err}");
}

#[test]
fn template_syntax_error_names_the_template_and_line() {
    let err = fails_cleanly(|s| {
        std::fs::create_dir_all(s.join("templates")).unwrap();
        std::fs::write(
            s.join("templates/page.html"),
            "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}\n",
        )
        .unwrap();
    });
    assert!(err.contains("templates/page.html"), "{err}");
    assert!(
        err.contains(":3:") || err.contains("3 |"),
        "no line 3 in {err}"
    );
}

#[test]
fn unknown_unit_suggests_the_closest_id() {
    let err = fails_cleanly(|s| edit(s, NEWS, "unit: thcs-mau", "unit: thcs-maux"));
    assert!(err.contains(&format!("{NEWS}:5")), "{err}");
    assert!(err.contains("did you mean `thcs-mau`"), "{err}");
}

#[test]
fn broken_internal_link_names_its_line() {
    let err = fails_cleanly(|s| {
        edit(
            s,
            "content/pages/gioi-thieu.md",
            "@/themes/2023.md",
            "@/themes/2019.md",
        )
    });
    assert!(err.contains("content/pages/gioi-thieu.md:5"), "{err}");
    assert!(err.contains("@/themes/2019.md"), "{err}");
}

#[test]
fn two_pages_at_one_url() {
    let err = fails_cleanly(|s| {
        std::fs::write(
            s.join("content/pages/khac.md"),
            "---\ntitle: Khác\nslug: gioi-thieu\n---\n",
        )
        .unwrap()
    });
    assert!(err.contains("/gioi-thieu/"), "{err}");
    assert!(
        err.contains("content/pages/khac.md") || err.contains("content/pages/gioi-thieu.md"),
        "{err}"
    );
}

#[test]
fn unknown_config_key_names_its_line() {
    let err = fails_cleanly(|s| {
        edit(
            s,
            "site.yaml",
            "theme: default",
            "theme: default\nthem_colour: red",
        )
    });
    assert!(err.contains("site.yaml:4"), "{err}");
    assert!(err.contains("them_colour"), "{err}");
}

#[test]
fn not_utf8_and_no_front_matter() {
    let err = fails_cleanly(|s| {
        std::fs::write(s.join("content/pages/x.md"), b"---\ntitle: \xff\n---\n").unwrap()
    });
    assert!(
        err.contains("content/pages/x.md") && err.contains("UTF-8"),
        "{err}"
    );
    let err = fails_cleanly(|s| {
        std::fs::write(s.join("content/pages/y.md"), "Chỉ có nội dung\n").unwrap()
    });
    assert!(
        err.contains("content/pages/y.md:1") && err.contains("front matter"),
        "{err}"
    );
}

#[test]
fn several_mistakes_are_reported_together() {
    let err = fails_cleanly(|s| {
        edit(s, NEWS, "date: 2023-10-02", "date: nope");
        edit(
            s,
            "content/learners/nguyen-van-a.md",
            "category: cong-dan-hoc-tap",
            "category: hoc-gioi",
        );
    });
    assert!(
        err.contains(NEWS) && err.contains("content/learners/nguyen-van-a.md"),
        "{err}"
    );
    assert!(err.contains("2 errors"), "{err}");
}

#[test]
fn front_matter_naming_a_missing_template() {
    let err = fails_cleanly(|s| {
        edit(
            s,
            "content/pages/gioi-thieu.md",
            "title: Giới thiệu",
            "title: Giới thiệu\ntemplate: khong-co.html",
        )
    });
    assert!(err.contains("content/pages/gioi-thieu.md"), "{err}");
    assert!(
        err.contains("khong-co.html") && err.contains("page.html"),
        "{err}"
    );
}

#[test]
fn a_page_cannot_take_a_home_page_url() {
    let err = fails_cleanly(|s| {
        std::fs::write(s.join("content/pages/en.md"), "---\ntitle: En\n---\n").unwrap()
    });
    assert!(
        err.contains("content/pages/en.md") && err.contains("the en home page"),
        "{err}"
    );
}

#[test]
fn a_tag_without_letters_is_an_error() {
    let err = fails_cleanly(|s| edit(s, NEWS, "tags: [phát động]", "tags: [\"…\"]"));
    assert!(err.contains(&format!("{NEWS}:7")), "{err}");
}

#[test]
fn unit_websites_must_be_web_addresses() {
    let err = fails_cleanly(|s| {
        edit(
            s,
            "content/units.yaml",
            "  parent: phong-gddt",
            "  parent: phong-gddt\n  website: \"javascript:alert(1)\"",
        )
    });
    assert!(
        err.contains("content/units.yaml") && err.contains("not an http(s) address"),
        "{err}"
    );
}

#[test]
fn output_folders_that_are_not_loa_outputs_are_never_replaced() {
    let dir = starter_site();
    let site = dir.path().join("site");
    // A folder of someone else's files.
    let other = dir.path().join("www");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("keep.txt"), "mine").unwrap();
    let out = loa(&["build", "-o", "../www"], &site);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("loa did not write"));
    assert_eq!(
        std::fs::read_to_string(other.join("keep.txt")).unwrap(),
        "mine"
    );
    // The site's own folders.
    for own in ["content", "static/out", "templates"] {
        let out = loa(&["build", "-o", own], &site);
        assert!(!out.status.success(), "{own}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("refusing"),
            "{own}"
        );
    }
    assert!(site.join("content/_index.md").is_file());
    // A loa output is replaced on the next build.
    assert!(loa(&["build"], &site).status.success());
    assert!(loa(&["build"], &site).status.success());
    assert!(site.join("public/.loa-output").is_file());
    // A bad --base-url is refused.
    let out = loa(&["build", "--base-url", "example.vn/portal"], &site);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a site address"));
}

#[test]
fn a_misspelt_menu_target_names_its_line() {
    let err = fails_cleanly(|s| edit(s, "site.yaml", "section: learners }", "section: learner }"));
    assert!(err.contains("site.yaml:16"), "{err}");
    assert!(err.contains("`learner`"), "{err}");
}

#[test]
fn pictures_named_in_front_matter_must_exist_inside_the_site() {
    let err = fails_cleanly(|s| {
        edit(
            s,
            NEWS,
            "tags: [phát động]",
            "tags: [phát động]\ncover: ../../../../etc/passwd",
        )
    });
    assert!(
        err.contains(&format!("{NEWS}:8")) && err.contains("outside the site"),
        "{err}"
    );
    let err = fails_cleanly(|s| {
        edit(
            s,
            NEWS,
            "tags: [phát động]",
            "tags: [phát động]\ncover: khong-co.jpg",
        )
    });
    assert!(err.contains(NEWS) && err.contains("no such file"), "{err}");
    let err = fails_cleanly(|s| {
        edit(
            s,
            "content/learners/nguyen-van-a.md",
            "year: 2023",
            "year: 2023\nphoto: anh.jpg",
        )
    });
    assert!(
        err.contains("content/learners/nguyen-van-a.md") && err.contains("not a folder"),
        "{err}"
    );
}

#[test]
fn a_section_path_that_is_not_a_folder_names_its_line() {
    // `path: "."` once published the English news list over the English home and failed while
    // moving files into the output, leaving it half changed (issue #16).
    for path in ["\".\"", "./news", "news/../..", "a//b"] {
        let err = fails_cleanly(|s| {
            edit(
                s,
                "content/news/_index.en.md",
                "path: news",
                &format!("path: {path}"),
            )
        });
        assert!(err.contains("content/news/_index.en.md:3"), "{path}: {err}");
        assert!(err.contains("is not a folder name"), "{path}: {err}");
    }
}

#[test]
fn two_sections_at_one_url() {
    // The learners list published over the news list, silently, with exit 0 (issue #16).
    let err = fails_cleanly(|s| {
        edit(
            s,
            "content/learners/_index.en.md",
            "path: learners",
            "path: news",
        )
    });
    assert!(err.contains("/en/news/"), "{err}");
    assert!(err.contains("_index.en.md"), "{err}");
}

#[test]
fn yaml_files_that_are_not_utf8_name_line_and_column() {
    // A registry or config saved in a legacy Vietnamese encoding once gave an I/O error with no
    // position (issue #16).
    for file in ["content/units.yaml", "site.yaml"] {
        let err = fails_cleanly(|s| {
            let path = s.join(file);
            let mut bytes = std::fs::read(&path).unwrap();
            let at = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
            bytes.splice(at..at, *b"# Tr\xb8\xeang\n");
            std::fs::write(path, bytes).unwrap();
        });
        assert!(err.contains(&format!("{file}:2")), "{err}");
        assert!(err.contains("byte 0xB8 at line 2, column 5"), "{err}");
    }
}

#[test]
fn a_ui_string_no_strings_file_has_is_named_with_where_to_add_it() {
    // The error listed the template and every key there is, not where the key was missing.
    let err = fails_cleanly(|s| {
        std::fs::create_dir_all(s.join("templates/partials")).unwrap();
        std::fs::write(
            s.join("templates/partials/footer.html"),
            "<footer>{{ t.khong_co }}</footer>\n",
        )
        .unwrap();
    });
    assert!(err.contains("templates/partials/footer.html"), "{err}");
    assert!(
        err.contains("the UI string `t.khong_co` is in no i18n/<lang>.yaml"),
        "{err}"
    );
    assert!(
        err.contains("add `khong_co: …` to the i18n/<lang>.yaml"),
        "{err}"
    );
    assert!(!err.contains("Available fields"), "{err}");
}

#[test]
fn a_closed_message_pipe_does_not_stop_a_build() {
    // `loa build 2>&1 | head -1`: once the reader has gone, each message fails to write. It
    // used to panic (exit 101) at the first one, mid-build.
    for args in [&["build"][..], &["check"], &["check", "--format", "json"]] {
        let (_dir, site, _) = built_starter();
        std::fs::write(site.join("content/news/moi.md"), "x").unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
            .args(args)
            .current_dir(&site)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().unwrap();
        // The new post has no front matter: build and check fail, with their own exit code.
        assert_eq!(status.code(), Some(1), "{args:?}");
    }
}

#[test]
fn a_contact_page_or_address_that_does_not_exist_is_named_in_site_yaml() {
    for (contact, says) in [
        (
            "page: pages/khong-co.md",
            "the contact page `pages/khong-co.md` does not exist",
        ),
        ("email: tuanle at example.vn", "is not an e-mail address"),
    ] {
        let err = fails_cleanly(|s| {
            let config = s.join("site.yaml");
            let text = std::fs::read_to_string(&config).unwrap();
            let text = text.replace(
                "campaign:\n",
                &format!("campaign:\n  contact:\n    {contact}\n"),
            );
            assert!(text.contains("contact:"), "{text}");
            std::fs::write(config, text).unwrap();
        });
        assert!(err.contains("site.yaml:"), "{err}");
        assert!(err.contains(says), "{err}");
    }
}
