//! `loa serve` rebuilds only the files an edit changes; the result must be the full build's,
//! byte for byte, after any sequence of edits: body and title edits and a translation's edit
//! (rebuilt incrementally), and adding, renaming and deleting posts (full builds).

mod common;
#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

use std::path::{Path, PathBuf};

use loa::Session;

fn args(site: &Path, out: &Path) -> loa::BuildArgs {
    loa::BuildArgs {
        root: site.to_path_buf(),
        output: Some(out.to_path_buf()),
        base_url: Some("http://127.0.0.1:1111".into()),
        drafts: false,
        colour: None,
        strict: false,
    }
}

/// What serve does after a save: the session if it can, else a full build. Returns whether the
/// rebuild was incremental.
fn rebuild(session: &mut Option<Session>, args: &loa::BuildArgs, changed: &[&str]) -> bool {
    let changed: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
    if let Some(s) = session.as_mut()
        && let Some(r) = s.update(&changed).unwrap()
    {
        assert!(r.rendered >= 1, "{r:?}");
        return true;
    }
    let (_, new) = loa::build_session(args).unwrap();
    *session = new;
    false
}

/// The incremental output equals a fresh full build of the same site.
fn assert_same_as_full(site: &Path, out: &Path, scratch: &Path, step: &str) {
    let _ = std::fs::remove_dir_all(scratch);
    loa::build(&args(site, scratch)).unwrap();
    let (inc, full) = (common::snapshot(out), common::snapshot(scratch));
    let (ki, kf): (Vec<_>, Vec<_>) = (inc.keys().collect(), full.keys().collect());
    assert_eq!(ki, kf, "{step}: different files");
    for (rel, bytes) in &inc {
        assert!(
            bytes == &full[rel],
            "{step}: {} differs from a full build:\n{}",
            rel.display(),
            String::from_utf8_lossy(bytes)
        );
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn incremental_rebuilds_equal_full_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("corpus");
    gen_corpus::generate(&gen_corpus::Args {
        posts: 60,
        langs: vec!["vi".into(), "en".into()],
        en_share: 0.8,
        units: 6,
        photos: 0,
        out: site.clone(),
    });
    // Five news a page: the news list, unit pages and each year's theme page (its year's
    // news) run to several pages, so the title and body edits below land on later pages too.
    edit(
        &site.join("content/news/_index.md"),
        "paginate: 20",
        "paginate: 5",
    );
    let (out, scratch) = (dir.path().join("out"), dir.path().join("full"));
    let a = args(&site, &out);
    let (_, session) = loa::build_session(&a).unwrap();
    let mut session = session;
    assert!(session.is_some());

    // Posts with an English translation, oldest first.
    let news = site.join("content/news");
    let mut posts: Vec<String> = std::fs::read_dir(&news)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('_') && news.join(n).join("index.en.md").exists())
        .collect();
    posts.sort();
    let rel = |post: &str, file: &str| format!("content/news/{post}/{file}");
    let (p1, p2, p3) = (&posts[3], &posts[20], &posts[40]);

    // 1. The body of a post.
    let f = rel(p1, "index.md");
    edit(
        &site.join(&f),
        "\n---\n",
        "\n---\n\nĐoạn mở đầu **mới** của bài viết.\n",
    );
    assert!(
        rebuild(&mut session, &a, &[&f]),
        "a body edit is incremental"
    );
    assert_same_as_full(&site, &out, &scratch, "body edit");

    // 2. A title (lists and neighbours show it; news is sorted by date, so order holds).
    let f = rel(p2, "index.md");
    edit(&site.join(&f), "title: \"", "title: \"Tiêu đề đã sửa: ");
    assert!(
        rebuild(&mut session, &a, &[&f]),
        "a title edit is incremental"
    );
    assert_same_as_full(&site, &out, &scratch, "title edit");

    // 3. A translation.
    let f = rel(p3, "index.en.md");
    edit(&site.join(&f), "title: \"", "title: \"Edited: ");
    assert!(
        rebuild(&mut session, &a, &[&f]),
        "a translation edit is incremental"
    );
    assert_same_as_full(&site, &out, &scratch, "translation edit");

    // 4. A new post: lists, feeds and the sitemap change, so a full build.
    let new_post = news.join("2023-10-03-bai-moi");
    std::fs::create_dir(&new_post).unwrap();
    std::fs::write(
        new_post.join("index.md"),
        "---\ntitle: Bài mới trong tuần lễ\ndate: 2023-10-03\nunit: don-vi-1\ntags: [\"văn hóa đọc\"]\n---\n\nNội dung.\n",
    )
    .unwrap();
    assert!(!rebuild(
        &mut session,
        &a,
        &["content/news/2023-10-03-bai-moi/index.md"]
    ));
    assert_same_as_full(&site, &out, &scratch, "add");

    // 5. Rename a post (its URL changes).
    let renamed = news.join("2023-10-03-bai-moi-doi-ten");
    std::fs::rename(&new_post, &renamed).unwrap();
    assert!(!rebuild(
        &mut session,
        &a,
        &[
            "content/news/2023-10-03-bai-moi/index.md",
            "content/news/2023-10-03-bai-moi-doi-ten/index.md"
        ]
    ));
    assert_same_as_full(&site, &out, &scratch, "rename");

    // 6. Delete a post.
    std::fs::remove_dir_all(news.join(p2)).unwrap();
    assert!(!rebuild(&mut session, &a, &[&rel(p2, "index.md")]));
    assert_same_as_full(&site, &out, &scratch, "delete");

    // 7. A date change moves the post in every list: a full build.
    let f = rel(p1, "index.md");
    let text = std::fs::read_to_string(site.join(&f)).unwrap();
    let date = text
        .lines()
        .find(|l| l.starts_with("date:"))
        .unwrap()
        .to_string();
    edit(&site.join(&f), &date, "date: 2023-10-04");
    assert!(
        !rebuild(&mut session, &a, &[&f]),
        "a date edit is structural"
    );
    assert_same_as_full(&site, &out, &scratch, "date edit");

    // 8. And an edit after those full builds is incremental again.
    let f = rel(p3, "index.md");
    edit(&site.join(&f), "\n---\n", "\n---\n\nThêm một câu.\n");
    assert!(rebuild(&mut session, &a, &[&f]));
    assert_same_as_full(&site, &out, &scratch, "edit after full builds");
}
