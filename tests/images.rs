//! Photos in page bundles: upright, no EXIF/GPS in anything published, responsive variants that
//! never upscale, and a cache that makes an unchanged rebuild decode nothing.

mod common;

use std::path::Path;

use common::*;
use image::{ImageEncoder, Rgb, RgbImage};

/// Little-endian EXIF: Orientation = 6 and a GPS IFD with a latitude reference.
fn exif_rotated_with_gps() -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(b"II*\0");
    t.extend_from_slice(&8u32.to_le_bytes());
    t.extend_from_slice(&2u16.to_le_bytes());
    for (tag, typ, count, value) in [(0x0112u16, 3u16, 1u32, 6u32), (0x8825, 4, 1, 38)] {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&typ.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value.to_le_bytes());
    }
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(&1u16.to_le_bytes());
    t.extend_from_slice(&1u16.to_le_bytes());
    t.extend_from_slice(&2u16.to_le_bytes());
    t.extend_from_slice(&2u32.to_le_bytes());
    t.extend_from_slice(b"N\0\0\0");
    t.extend_from_slice(&0u32.to_le_bytes());
    t
}

/// A 2000 × 1500 phone photo stored sideways: red left half, blue right half.
fn phone_photo(path: &Path, shade: u8) {
    let img = RgbImage::from_fn(2000, 1500, |x, _| {
        if x < 1000 {
            Rgb([230, shade, 20])
        } else {
            Rgb([20, shade, 230])
        }
    });
    let mut bytes = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85);
    enc.set_exif_metadata(exif_rotated_with_gps()).unwrap();
    enc.write_image(&img, 2000, 1500, image::ExtendedColorType::Rgb8)
        .unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The first half of a phone photo, as an interrupted upload leaves it.
fn truncated_jpeg() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.jpg");
    phone_photo(&path, 10);
    let bytes = std::fs::read(&path).unwrap();
    bytes[..bytes.len() / 2].to_vec()
}

/// A valid PNG header claiming 100 000 × 100 000 pixels: 40 GB once decoded.
fn png_bomb() -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut crc = 0xFFFF_FFFFu32;
    for &b in &ihdr {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    let mut bomb = b"\x89PNG\r\n\x1a\n\0\0\0\r".to_vec();
    bomb.extend_from_slice(&ihdr);
    bomb.extend_from_slice(&(!crc).to_be_bytes());
    bomb
}

fn no_exif(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        !bytes.windows(4).any(|w| w == b"Exif"),
        "{} carries EXIF",
        path.display()
    );
}

#[test]
fn bundle_photos_are_upright_stripped_resized_and_cached() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let bundle = site.join("content/news/2023-10-02-le-phat-dong");
    phone_photo(&bundle.join("anh-1.jpg"), 10);
    phone_photo(&bundle.join("anh-2.jpg"), 60);
    let out = site.join("public");
    let first = build(&site, &out, None);
    assert!(first.images_decoded >= 2);

    for page in ["tin-tuc/2023-10-02-le-phat-dong", "en/news/week-launched"] {
        let d = out.join(page);
        for (file, w, h) in [
            ("anh-1.jpg", 1500, 2000),
            ("anh-1-480w.jpg", 480, 640),
            ("anh-1-960w.jpg", 960, 1280),
            ("anh-1.webp", 1500, 2000),
            ("anh-1-480w.webp", 480, 640),
            ("anh-1-960w.webp", 960, 1280),
        ] {
            let path = d.join(file);
            no_exif(&path);
            let format = image::ImageFormat::from_path(&path).unwrap();
            let bytes = std::fs::read(&path).unwrap();
            assert_eq!(image::guess_format(&bytes).unwrap(), format, "{file}");
            let img = image::open(&path).unwrap().to_rgb8();
            assert_eq!(img.dimensions(), (w, h), "{file}");
            // Rotated upright: the red half is on top.
            let top = img.get_pixel(w / 2, h / 4);
            assert!(top[0] > 150 && top[2] < 100, "{file}: top is {top:?}");
        }
        // Never upscaled: no 1600 px variant of a 1500 px wide photo.
        assert!(!d.join("anh-1-1600w.jpg").exists());
        assert!(!d.join("anh-1-1600w.webp").exists());
        // WebP is smaller than the JPEG of the same size.
        let size = |f: &str| std::fs::metadata(d.join(f)).unwrap().len();
        assert!(size("anh-1.webp") < size("anh-1.jpg"));
    }

    let second = build(&site, &out, None);
    assert_eq!(
        second.images_decoded, 0,
        "an unchanged rebuild decoded photos"
    );

    phone_photo(&bundle.join("anh-2.jpg"), 200);
    let third = build(&site, &out, None);
    assert_eq!(
        third.images_decoded, 1,
        "only the changed photo is redone, decoded once for all its sizes"
    );
}

#[test]
fn a_broken_photo_names_its_file() {
    let dir = starter_site();
    let site = dir.path().join("site");
    std::fs::write(
        site.join("content/news/2023-10-02-le-phat-dong/hong.jpg"),
        "không phải ảnh",
    )
    .unwrap();
    // `--strict`: the starter school is not trusted, so the build would leave the post out
    // with the same message as a warning (tests/quarantine.rs).
    let out = loa(&["build", "--strict"], &site);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("content/news/2023-10-02-le-phat-dong/hong.jpg"),
        "{err}"
    );
}

#[test]
fn news_pages_show_their_photos_with_srcset_and_sizes() {
    let dir = starter_site();
    let site = dir.path().join("site");
    phone_photo(
        &site.join("content/news/2023-10-02-le-phat-dong/anh.jpg"),
        10,
    );
    let out = site.join("public");
    build(&site, &out, None);
    let page = out.join("tin-tuc/2023-10-02-le-phat-dong/index.html");
    let doc = parse(&page);
    let imgs = select(&doc, ".gallery img");
    assert_eq!(imgs.len(), 1);
    let img = imgs[0].value();
    assert_eq!(img.attr("width"), Some("1500"));
    assert_eq!(img.attr("height"), Some("2000"));
    assert_eq!(img.attr("loading"), Some("lazy"));
    assert!(!img.attr("alt").unwrap_or("").is_empty());
    let srcset = img.attr("srcset").unwrap();
    for part in srcset.split(", ") {
        let url = part.split(' ').next().unwrap();
        let file = out.join(url.trim_start_matches('/'));
        assert!(file.is_file(), "srcset entry {url} missing");
    }
    assert_eq!(srcset.matches("w,").count() + 1, 3, "{srcset}");

    // The same sizes as WebP, offered first; each entry names a real WebP of that width.
    let sources = select(&doc, ".gallery picture source");
    assert_eq!(sources.len(), 1);
    let source = sources[0].value();
    assert_eq!(source.attr("type"), Some("image/webp"));
    assert_eq!(source.attr("sizes"), img.attr("sizes"));
    let webp = source.attr("srcset").unwrap();
    assert_eq!(webp.matches("w,").count() + 1, 3, "{webp}");
    for part in webp.split(", ") {
        let (url, w) = part.split_once(' ').unwrap();
        let bytes = std::fs::read(out.join(url.trim_start_matches('/'))).unwrap();
        assert_eq!(
            image::guess_format(&bytes).unwrap(),
            image::ImageFormat::WebP
        );
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!(format!("{}w", decoded.width()), w, "{url}");
    }
    // Without JavaScript the link opens the JPEG; the lightbox takes the full-size WebP.
    let link = select(&doc, ".gallery a")[0].value();
    assert!(link.attr("href").unwrap().ends_with("/anh.jpg"));
    assert!(link.attr("data-webp").unwrap().ends_with("/anh.webp"));
}

#[test]
fn broken_truncated_and_oversized_photos_and_name_clashes_are_named() {
    for (name, bytes, says) in [
        ("cut.jpg", truncated_jpeg(), "cut short"),
        ("bomb.png", png_bomb(), "too large"),
        ("notes.webp", b"RIFF not really".to_vec(), "not an image"),
    ] {
        let dir = starter_site();
        let site = dir.path().join("site");
        let bundle = site.join("content/news/2023-10-02-le-phat-dong");
        std::fs::write(bundle.join(name), bytes).unwrap();
        // Strict, as the school is not trusted (see `a_broken_photo_names_its_file`).
        let out = loa(&["build", "--strict"], &site);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name} built");
        assert!(
            err.contains(&format!("content/news/2023-10-02-le-phat-dong/{name}")),
            "{name}: {err}"
        );
        assert!(err.contains(says), "{name}: {err}");
        // Named once, where the message says which file: not again inside the message.
        assert_eq!(err.matches(name).count(), 1, "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }

    // `anh.jpg` and `anh.webp` would both publish `anh.jpg` (and `anh.webp`).
    let dir = starter_site();
    let site = dir.path().join("site");
    let bundle = site.join("content/news/2023-10-02-le-phat-dong");
    phone_photo(&bundle.join("anh.jpg"), 10);
    let img = image::open(bundle.join("anh.jpg")).unwrap();
    img.save(bundle.join("anh.webp")).unwrap();
    let out = loa(&["build", "--strict"], &site);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("anh.jpg") && err.contains("anh.webp") && err.contains("rename"),
        "{err}"
    );
}

#[test]
fn templates_can_resize_images_and_cannot_reach_outside_the_site() {
    let dir = starter_site();
    let site = dir.path().join("site");
    phone_photo(
        &site.join("content/news/2023-10-02-le-phat-dong/anh.jpg"),
        10,
    );
    std::fs::create_dir_all(site.join("templates")).unwrap();
    let template = |path: &str| {
        format!(
            "{{% extends \"page.html\" %}}{{% block after_content %}}{{% set r = resize_image(path=\"{path}\", width=200, height=150, op=\"fill\") %}}<img id=\"thumb\" src=\"{{{{ r.url }}}}\" width=\"{{{{ r.width }}}}\" height=\"{{{{ r.height }}}}\" alt=\"\">{{% endblock after_content %}}"
        )
    };
    std::fs::write(
        site.join("templates/news.html"),
        template("news/2023-10-02-le-phat-dong/anh.jpg"),
    )
    .unwrap();
    let out = site.join("public");
    build(&site, &out, None);
    let doc = parse(&out.join("tin-tuc/2023-10-02-le-phat-dong/index.html"));
    let img = select(&doc, "#thumb")[0].value();
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("200"), Some("150"))
    );
    let file = out.join(img.attr("src").unwrap().trim_start_matches('/'));
    let thumb = image::open(&file).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (200, 150));
    no_exif(&file);

    std::fs::write(
        site.join("templates/news.html"),
        template("../../../etc/passwd"),
    )
    .unwrap();
    let run = loa(&["build"], &site);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(
        err.contains("templates/news.html") && err.contains("outside the site"),
        "{err}"
    );
}

#[test]
fn news_covers_become_cropped_card_thumbnails() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let post = site.join("content/news/2023-10-02-le-phat-dong");
    phone_photo(&post.join("bia.jpg"), 10);
    let md = std::fs::read_to_string(post.join("index.md")).unwrap();
    std::fs::write(
        post.join("index.md"),
        md.replacen("tags: [phát động]", "tags: [phát động]\ncover: bia.jpg", 1),
    )
    .unwrap();
    let out = site.join("public");
    build(&site, &out, None);
    let doc = parse(&out.join("tin-tuc/index.html"));
    let img = select(&doc, ".news-card img.card-cover")[0].value();
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("640"), Some("360"))
    );
    let file = out.join(img.attr("src").unwrap().trim_start_matches('/'));
    assert_eq!(image::open(&file).unwrap().width(), 640);
    no_exif(&file);
}

#[test]
fn learner_photos_from_static_become_square_thumbnails() {
    let dir = starter_site();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("static/img")).unwrap();
    phone_photo(&site.join("static/img/chan-dung.jpg"), 10);
    let file = site.join("content/learners/nguyen-van-a.md");
    let md = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        md.replacen("year: 2023", "year: 2023\nphoto: /img/chan-dung.jpg", 1),
    )
    .unwrap();
    let out = site.join("public");
    let report = build(&site, &out, None);
    // The original in static/ is published as it is, so its GPS position is pointed out.
    assert_warned(&report, "static/img/chan-dung.jpg carries a GPS position");
    let doc = parse(&out.join("guong-dien-hinh/index.html"));
    let img = select(&doc, ".learner-card .avatar img")[0].value();
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("160"), Some("160"))
    );
    let src = out.join(img.attr("src").unwrap().trim_start_matches('/'));
    no_exif(&src);
}

#[test]
fn captions_are_shown_and_used_as_alt_text_per_language() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let post = site.join("content/news/2023-10-02-le-phat-dong");
    phone_photo(&post.join("anh.jpg"), 10);
    for (file, caption) in [
        ("index.md", "Học sinh đọc sách"),
        ("index.en.md", "Pupils reading"),
    ] {
        let md = std::fs::read_to_string(post.join(file)).unwrap();
        let md = md.replacen(
            "\n---\n",
            &format!("\ncaptions:\n  anh.jpg: {caption}\n---\n"),
            1,
        );
        std::fs::write(post.join(file), md).unwrap();
    }
    let out = site.join("public");
    build(&site, &out, None);
    for (page, caption) in [
        ("tin-tuc/2023-10-02-le-phat-dong", "Học sinh đọc sách"),
        ("en/news/week-launched", "Pupils reading"),
    ] {
        let doc = parse(&out.join(page).join("index.html"));
        let img = select(&doc, ".gallery img")[0].value();
        assert_eq!(img.attr("alt"), Some(caption));
        let fig: String = select(&doc, ".gallery figcaption")[0].text().collect();
        assert_eq!(fig, caption);
    }
}

#[test]
fn albums_get_an_index_with_cover_thumbnails() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let album = site.join("content/galleries/ngay-hoi-doc-sach");
    std::fs::create_dir_all(&album).unwrap();
    std::fs::write(
        album.join("index.md"),
        "---\ntitle: Ngày hội đọc sách\ndate: 2023-10-04\n---\n",
    )
    .unwrap();
    std::fs::write(
        site.join("content/galleries/_index.md"),
        "---\ntitle: Thư viện ảnh\npath: thu-vien-anh\n---\n",
    )
    .unwrap();
    phone_photo(&album.join("a.jpg"), 10);
    phone_photo(&album.join("b.jpg"), 90);
    let out = site.join("public");
    build(&site, &out, None);
    let index = parse(&out.join("thu-vien-anh/index.html"));
    let cover = select(&index, ".album img")[0].value();
    assert_eq!(
        (cover.attr("width"), cover.attr("height")),
        (Some("640"), Some("480"))
    );
    assert!(
        out.join(cover.attr("src").unwrap().trim_start_matches('/'))
            .is_file()
    );
    let meta: String = select(&index, ".album .meta")[0].text().collect();
    assert!(meta.contains("2 ảnh"), "{meta}");
    let page = parse(&out.join("thu-vien-anh/ngay-hoi-doc-sach/index.html"));
    assert_eq!(select(&page, ".gallery img").len(), 2);
}

#[test]
fn the_gallery_shortcode_places_chosen_photos_in_the_text() {
    let dir = starter_site();
    let site = dir.path().join("site");
    let post = site.join("content/news/2023-10-02-le-phat-dong");
    phone_photo(&post.join("a.jpg"), 10);
    phone_photo(&post.join("b.jpg"), 90);
    let album = site.join("content/galleries/doc-sach");
    std::fs::create_dir_all(&album).unwrap();
    std::fs::write(album.join("index.md"), "---\ntitle: Đọc sách\n---\n").unwrap();
    phone_photo(&album.join("c.jpg"), 150);
    let md = std::fs::read_to_string(post.join("index.md")).unwrap();
    let md = md.replace(
        "Viết nội dung tin ở đây.",
        "Mở đầu.\n{{ gallery(photos=[\"b.jpg\"]) }}\nGiữa bài.\n\n{{ gallery(album=\"doc-sach\") }}\n\nKết.\n\n```\n{{ gallery() }}\n```\n",
    );
    std::fs::write(post.join("index.md"), md).unwrap();
    let out = site.join("public");
    build(&site, &out, None);

    let doc = parse(&out.join("tin-tuc/2023-10-02-le-phat-dong/index.html"));
    // Both galleries sit inside the text, in order, with only the chosen photos.
    let inside = select(&doc, ".prose .gallery");
    assert_eq!(inside.len(), 2);
    let srcs = |g: &scraper::ElementRef| -> Vec<String> {
        g.select(&scraper::Selector::parse("img").unwrap())
            .map(|i| i.value().attr("src").unwrap().to_string())
            .collect()
    };
    assert_eq!(srcs(&inside[0]), ["/tin-tuc/2023-10-02-le-phat-dong/b.jpg"]);
    let from_album = srcs(&inside[1]);
    assert_eq!(from_album.len(), 1);
    assert!(from_album[0].ends_with("/doc-sach/c.jpg"), "{from_album:?}");
    let prose: String = select(&doc, ".prose")[0].text().collect();
    let (first, rest) = prose.split_once("Giữa bài.").unwrap();
    assert!(first.contains("Mở đầu."));
    assert!(rest.contains("Kết."));
    // The code block shows the call as written; the page's own photos are not repeated below.
    assert!(prose.contains("{{ gallery() }}"), "{prose}");
    assert_eq!(select(&doc, ".gallery").len(), 2);

    // The English translation inherits no body: its own photos still show at the end.
    let en = parse(&out.join("en/news/week-launched/index.html"));
    assert_eq!(select(&en, ".gallery img").len(), 2);
}

#[test]
fn shortcode_mistakes_name_the_file_and_line() {
    for (call, says) in [
        ("{{ galery() }}", "there is no shortcode `galery`"),
        ("{{ gallery(album=\"khong-co\") }}", "no album `khong-co`"),
        ("{{ gallery(photos=[\"x.jpg\"]) }}", "no photo `x.jpg`"),
        ("{{ gallery(album=doc) }}", "quote"),
    ] {
        let dir = starter_site();
        let site = dir.path().join("site");
        let post = site.join("content/news/2023-10-02-le-phat-dong/index.md");
        let md = std::fs::read_to_string(&post).unwrap();
        let line = md
            .lines()
            .position(|l| l.starts_with("Viết nội dung"))
            .unwrap()
            + 1;
        std::fs::write(&post, md.replace("Viết nội dung tin ở đây.", call)).unwrap();
        // Strict: the starter's school is not trusted, and its broken post would be quarantined.
        let out = loa(&["build", "--strict"], &site);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{call} built");
        assert!(
            err.contains(&format!(
                "content/news/2023-10-02-le-phat-dong/index.md:{line}"
            )),
            "{call}: {err}"
        );
        assert!(err.contains(says), "{call}: {err}");
    }
}

#[test]
fn photos_named_in_nfd_are_published_under_the_nfc_names_markdown_uses() {
    // macOS and zip tools write "ảnh bìa.jpg" decomposed; front matter and Markdown are NFC.
    // Such photos were published under their NFD names, and NFC references pointed at nothing.
    let dir = starter_site();
    let site = dir.path().join("site");
    let post = site.join("content/news/2023-10-02-le-phat-dong");
    let nfc = "ảnh bìa.jpg";
    let nfd = "a\u{309}nh bi\u{300}a.jpg";
    assert_ne!(nfc, nfd);
    phone_photo(&post.join(nfd), 10);
    let md = std::fs::read_to_string(post.join("index.md")).unwrap();
    let md = md.replacen(
        "tags: [phát động]",
        &format!("tags: [phát động]\ncover: {nfc}\ncaptions:\n  {nfc}: Lễ phát động"),
        1,
    );
    let md = md.replacen(
        "Viết nội dung tin ở đây.",
        &format!("{{{{ gallery(photos=[\"{nfc}\"]) }}}}"),
        1,
    );
    std::fs::write(post.join("index.md"), md).unwrap();
    let out = site.join("public");
    build(&site, &out, None);
    let page = out.join("tin-tuc/2023-10-02-le-phat-dong");
    assert!(
        page.join(nfc).is_file(),
        "no {nfc} in {:?}",
        std::fs::read_dir(&page).unwrap().collect::<Vec<_>>()
    );
    assert!(!page.join(nfd).exists());
    let doc = parse(&page.join("index.html"));
    let img = select(&doc, ".gallery img")[0].value();
    assert_eq!(img.attr("alt"), Some("Lễ phát động"));
    let list = parse(&out.join("tin-tuc/index.html"));
    let cover = select(&list, ".news-card img.card-cover")[0].value();
    let file = out.join(cover.attr("src").unwrap().trim_start_matches('/'));
    assert_eq!(image::open(&file).unwrap().width(), 640);
}

/// A photo found in several bundles is made once, under a lock its other copies wait on. Making
/// it must not wait for rayon jobs: a rayon worker that waits takes other jobs meanwhile, such as
/// the same photo in another bundle, and would then wait on its own lock forever. With the JPEG
/// and WebP of a size made as a `rayon::join`, this test hung in three runs of four.
#[test]
fn the_same_photo_in_many_bundles_is_made_once_without_a_deadlock() {
    use rayon::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let mut photos = Vec::new();
    // Two photos, each in twenty bundles: each photo's first copy takes the lock, and its
    // other copies, spread over the list, are what a waiting worker might take.
    let photo = |path: &Path, shade: u8| {
        let img = RgbImage::from_fn(900, 600, |x, y| Rgb([(x / 4) as u8, shade, (y / 3) as u8]));
        img.save(path).unwrap();
    };
    for copy in 0..20 {
        for i in 0..2u8 {
            let path = root.join(format!("{copy}-{i}.jpg"));
            photo(&path, i * 100);
            photos.push(path);
        }
    }
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(16)
            .build()
            .unwrap();
        for round in 0..8 {
            let cache = root.join(format!("cache-{round}"));
            let p = loa::Processor::new(&cache, 82).unwrap().with_webp(Some(78));
            let made: Vec<usize> = pool.install(|| {
                photos
                    .par_iter()
                    .map(|photo| {
                        let fit = loa::Op::Fit {
                            width: 800,
                            height: 800,
                        };
                        p.process_set(photo, fit, &[240, 480]).unwrap().1.len()
                    })
                    .collect()
            });
            assert!(made.iter().all(|&n| n == 2), "{made:?}");
            // Each photo decoded once, whatever the number of its copies.
            assert_eq!(p.decoded(), 2);
        }
        done.send(()).unwrap();
    });
    match finished.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(()) => {}
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("making the photos did not finish: a worker waits on a lock it holds")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            panic!("making the photos failed (see the panic above)")
        }
    }
}
