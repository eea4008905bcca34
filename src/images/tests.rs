use super::*;
use image::{ImageEncoder, Rgb, RgbImage};

/// A minimal little-endian EXIF block: IFD0 with Orientation and a GPS IFD with a latitude.
fn exif(orientation: u16) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(b"II*\0");
    t.extend_from_slice(&8u32.to_le_bytes());
    // IFD0: 2 entries.
    t.extend_from_slice(&2u16.to_le_bytes());
    t.extend_from_slice(&0x0112u16.to_le_bytes()); // Orientation
    t.extend_from_slice(&3u16.to_le_bytes());
    t.extend_from_slice(&1u32.to_le_bytes());
    t.extend_from_slice(&(orientation as u32).to_le_bytes());
    t.extend_from_slice(&0x8825u16.to_le_bytes()); // GPS IFD pointer
    t.extend_from_slice(&4u16.to_le_bytes());
    t.extend_from_slice(&1u32.to_le_bytes());
    t.extend_from_slice(&38u32.to_le_bytes());
    t.extend_from_slice(&0u32.to_le_bytes());
    // GPS IFD at 38: GPSLatitudeRef = "N".
    t.extend_from_slice(&1u16.to_le_bytes());
    t.extend_from_slice(&0x0001u16.to_le_bytes());
    t.extend_from_slice(&2u16.to_le_bytes());
    t.extend_from_slice(&2u32.to_le_bytes());
    t.extend_from_slice(b"N\0\0\0");
    t.extend_from_slice(&0u32.to_le_bytes());
    t
}

/// A 400 × 300 landscape photo stored sideways: red on the left half, blue on the right.
fn sideways_jpeg(path: &Path) {
    let img = RgbImage::from_fn(400, 300, |x, _| {
        if x < 200 {
            Rgb([230, 20, 20])
        } else {
            Rgb([20, 20, 230])
        }
    });
    let mut bytes = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90);
    enc.set_exif_metadata(exif(6)).unwrap();
    enc.write_image(&img, 400, 300, image::ExtendedColorType::Rgb8)
        .unwrap();
    assert!(bytes.windows(4).any(|w| w == b"Exif"));
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn exif_orientation_is_applied_and_no_metadata_survives() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("anh.jpg");
    sideways_jpeg(&src);
    let p = Processor::new(&dir.path().join("cache"), 82).unwrap();
    let out = p.process(&src, Op::FitWidth(960)).unwrap();
    // Orientation 6 = rotate 90° clockwise: the 400 × 300 photo stands 300 × 400, never upscaled.
    assert_eq!((out.width, out.height), (300, 400));
    let bytes = std::fs::read(&out.file).unwrap();
    assert!(
        !bytes.windows(4).any(|w| w == b"Exif"),
        "EXIF left in output"
    );
    assert!(
        !bytes.windows(2).any(|w| w == [0xFF, 0xE1]),
        "APP1 segment left in output"
    );
    let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
    // After rotating clockwise, the red (left) half is on top.
    let top = img.get_pixel(150, 50);
    let bottom = img.get_pixel(150, 350);
    assert!(top[0] > 150 && top[2] < 100, "top is {top:?}");
    assert!(bottom[2] > 150 && bottom[0] < 100, "bottom is {bottom:?}");
}

#[test]
fn widths_are_respected_and_a_second_run_decodes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("anh.png");
    RgbImage::from_pixel(2000, 1000, Rgb([1, 2, 3]))
        .save(&src)
        .unwrap();
    let cache = dir.path().join("cache");
    let first = Processor::new(&cache, 82).unwrap();
    for (w, expect) in [(480, (480, 240)), (960, (960, 480)), (4000, (2000, 1000))] {
        let out = first.process(&src, Op::FitWidth(w)).unwrap();
        assert_eq!((out.width, out.height), expect);
    }
    let fill = first
        .process(
            &src,
            Op::Fill {
                width: 300,
                height: 300,
            },
        )
        .unwrap();
    assert_eq!((fill.width, fill.height), (300, 300));
    assert_eq!(first.decoded(), 4);
    assert_eq!(first.prune(), 0);

    let second = Processor::new(&cache, 82).unwrap();
    let again = second.process(&src, Op::FitWidth(480)).unwrap();
    assert_eq!((again.width, again.height), (480, 240));
    assert_eq!(second.decoded(), 0, "a cached result was decoded again");
    // The three entries this run did not ask for are pruned.
    assert_eq!(second.prune(), 3);
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1);
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn webp_twins_are_cached_and_pruned_with_their_jpeg() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("anh.jpg");
    sideways_jpeg(&src);
    let cache = dir.path().join("cache");
    let on = Processor::new(&cache, 82).unwrap().with_webp(Some(78));
    let out = on.process(&src, Op::FitWidth(960)).unwrap();
    let twin = out.webp.clone().expect("a WebP twin");
    let img = image::open(&twin).unwrap();
    assert_eq!((img.width(), img.height()), (out.width, out.height));

    let again = Processor::new(&cache, 82).unwrap().with_webp(Some(78));
    assert_eq!(
        again.process(&src, Op::FitWidth(960)).unwrap().webp,
        Some(twin.clone())
    );
    assert_eq!(again.decoded(), 0);

    // WebP switched off: the JPEG is still a hit, and the unused twin is pruned.
    let off = Processor::new(&cache, 82).unwrap();
    assert_eq!(off.process(&src, Op::FitWidth(960)).unwrap().webp, None);
    assert_eq!(off.decoded(), 0);
    assert_eq!(off.prune(), 1);
    assert!(!twin.exists() && out.file.exists());

    // Switched on again: the missing twin is made, decoding once.
    let back = Processor::new(&cache, 82).unwrap().with_webp(Some(78));
    assert!(
        back.process(&src, Op::FitWidth(960))
            .unwrap()
            .webp
            .is_some()
    );
    assert_eq!(back.decoded(), 1);
}

#[test]
fn gps_blocks_are_found_in_jpegs() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("anh.jpg");
    sideways_jpeg(&src);
    assert!(jpeg_has_gps(&std::fs::read(&src).unwrap()));
    let p = Processor::new(&dir.path().join("cache"), 82).unwrap();
    let out = p.process(&src, Op::FitWidth(960)).unwrap();
    assert!(!jpeg_has_gps(&std::fs::read(out.file).unwrap()));
    assert!(!jpeg_has_gps(b"not a jpeg"));
}

#[test]
fn bad_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = Processor::new(&dir.path().join("cache"), 82).unwrap();
    let text = dir.path().join("ghi-chu.jpg");
    std::fs::write(&text, "không phải ảnh").unwrap();
    let e = p.process(&text, Op::FitWidth(480)).unwrap_err().to_string();
    assert!(
        e.contains("ghi-chu.jpg") && e.contains("not an image"),
        "{e}"
    );

    let src = dir.path().join("cut.png");
    RgbImage::from_pixel(200, 200, Rgb([9, 9, 9]))
        .save(&src)
        .unwrap();
    let bytes = std::fs::read(&src).unwrap();
    std::fs::write(&src, &bytes[..bytes.len() / 2]).unwrap();
    let e = p.process(&src, Op::FitWidth(480)).unwrap_err().to_string();
    assert!(e.contains("cut.png"), "{e}");

    // A 3 GB file is refused before it is read (issue #16: it took 3.1 GB of memory). Sparse,
    // so the test writes nothing.
    let huge = dir.path().join("huge.jpg");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(3 * 1024 * 1024 * 1024)
        .unwrap();
    let e = p.process(&huge, Op::FitWidth(480)).unwrap_err().to_string();
    assert!(e.contains("huge.jpg") && e.contains("3072 MB"), "{e}");

    // A PNG header claiming 100 000 × 100 000 pixels.
    let mut bomb = Vec::new();
    bomb.extend_from_slice(b"\x89PNG\r\n\x1a\n\0\0\0\r");
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    bomb.extend_from_slice(&ihdr);
    bomb.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    let path = dir.path().join("bomb.png");
    std::fs::write(&path, bomb).unwrap();
    let e = p.process(&path, Op::FitWidth(480)).unwrap_err().to_string();
    assert!(e.contains("bomb.png") && e.contains("too large"), "{e}");

    let e = p
        .process(&dir.path().join("khong-co.jpg"), Op::FitWidth(480))
        .unwrap_err()
        .to_string();
    assert!(e.contains("khong-co.jpg"), "{e}");
}

#[test]
fn one_photo_in_several_bundles_is_made_once_and_each_error_names_its_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("gallery-anh.jpg");
    sideways_jpeg(&a);
    let copies: Vec<PathBuf> = (0..4)
        .map(|i| {
            let p = dir.path().join(format!("pano-{i}.jpg"));
            std::fs::copy(&a, &p).unwrap();
            p
        })
        .collect();
    let p = Processor::new(&dir.path().join("cache"), 82).unwrap();
    // At once, as the build's worker threads ask for them.
    let sets: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = std::iter::once(&a)
            .chain(&copies)
            .map(|src| s.spawn(|| p.process_set(src, Op::FitWidth(960), &[120]).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(p.decoded(), 1, "the same bytes were decoded more than once");
    for (full, narrower) in &sets {
        assert_eq!(full.file, sets[0].0.file);
        assert_eq!((full.width, full.height), (300, 400));
        assert_eq!(narrower.len(), 1);
        assert_eq!(narrower[0].file, sets[0].1[0].file);
    }

    // Two files with the same broken bytes: each error names the file it is about.
    let bytes = std::fs::read(&a).unwrap();
    let cut = &bytes[..bytes.len() / 2];
    let (x, y) = (dir.path().join("x.jpg"), dir.path().join("y.jpg"));
    std::fs::write(&x, cut).unwrap();
    std::fs::write(&y, cut).unwrap();
    for src in [&x, &y] {
        let e = p.process_set(src, Op::FitWidth(960), &[]).unwrap_err();
        assert!(
            matches!(&e, ImageError::Truncated { path } if path == src),
            "{e}"
        );
    }
}
