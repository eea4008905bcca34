//! Drawn artwork kept between builds in `.loa-cache/artwork/`, keyed by what decides every pixel:
//! the finished SVG (after the layout template and text fitting), the format, the fonts, and the
//! bytes of every local picture the SVG refers to. Rasterising and writing PDFs is most of a small
//! site's build time, and a rebuild after editing one news post should not redraw every banner.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Raised when loa draws or encodes the same artwork into different bytes (as indexed PNGs of
/// flat artwork did, lossy WebP previews at effort 2 and lossless ones of many colours at
/// effort 0 do), so files cached by the earlier code are not taken for the new ones'.
const REVISION: u32 = 5;

pub(super) struct ArtCache {
    dir: PathBuf,
    /// Fonts, program version, preview size and PDF colour settings: the same for every artwork
    /// of a build.
    salt: blake3::Hash,
    used: Mutex<HashSet<String>>,
}

impl ArtCache {
    /// `print` describes how PDFs and screen previews are made (colour mode, output intent,
    /// palettes; preview sizes and quality).
    pub(super) fn new(dir: &Path, fonts: &[&[u8]], preview_px: u32, print: &str) -> ArtCache {
        let mut h = blake3::Hasher::new();
        h.update(concat!("loa ", env!("CARGO_PKG_VERSION"), "\0").as_bytes());
        h.update(&REVISION.to_le_bytes());
        h.update(&preview_px.to_le_bytes());
        h.update(&(print.len() as u64).to_le_bytes());
        h.update(print.as_bytes());
        for f in fonts {
            h.update(&(f.len() as u64).to_le_bytes());
            h.update(f);
        }
        ArtCache {
            dir: dir.to_path_buf(),
            salt: h.finalize(),
            used: Mutex::new(HashSet::new()),
        }
    }

    /// The key of one artwork. `resources` is where relative picture paths in the SVG resolve.
    pub(super) fn key(&self, svg: &str, format: &str, extra: &str, resources: &Path) -> String {
        let mut h = blake3::Hasher::new();
        h.update(self.salt.as_bytes());
        for part in [format, extra, svg] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        // A picture replaced under the same name must give a new key.
        for href in hrefs(svg) {
            if href.starts_with("data:") || href.contains("://") || href.starts_with('#') {
                continue;
            }
            let path = if Path::new(href).is_absolute() {
                PathBuf::from(href)
            } else {
                resources.join(href)
            };
            h.update(href.as_bytes());
            match std::fs::read(&path) {
                Ok(bytes) => h.update(&bytes),
                Err(_) => h.update(b"\0missing"),
            };
        }
        h.finalize().to_hex()[..32].to_string()
    }

    /// The cached files of `key` with these suffixes (`.png`, `-480w.webp`), all or nothing.
    pub(super) fn get(&self, key: &str, suffixes: &[String]) -> Option<Vec<Vec<u8>>> {
        let files: Option<Vec<Vec<u8>>> = suffixes
            .iter()
            .map(|suffix| std::fs::read(self.dir.join(format!("{key}{suffix}"))).ok())
            .collect();
        if files.is_some() {
            self.mark_used(key);
        }
        files
    }

    /// The cached `suffix` file of `key`, when the cache has it: for a sink that links the
    /// file instead of reading it (`Sink::link_cached`).
    pub(super) fn file(&self, key: &str, suffix: &str) -> Option<PathBuf> {
        let path = self.dir.join(format!("{key}{suffix}"));
        if !path.is_file() {
            return None;
        }
        self.mark_used(key);
        Some(path)
    }

    /// Keeps `key` through [`ArtCache::prune`].
    fn mark_used(&self, key: &str) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(key.to_string());
        }
    }

    /// Keeps the files of `key`. A cache that cannot be written only costs time, never the build.
    pub(super) fn put(&self, key: &str, files: &[(&str, &[u8])]) {
        for (suffix, bytes) in files {
            let path = self.dir.join(format!("{key}{suffix}"));
            // Replaced in one step, so a build stopped halfway never leaves half a file.
            if crate::write::replace(&path, bytes).is_err() {
                return;
            }
        }
        self.mark_used(key);
    }

    /// Removes artwork no longer drawn; call after a successful build only.
    pub(super) fn prune(&self) {
        let Ok(used) = self.used.lock() else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            // Keys are hex: the key ends where the suffix starts.
            let key = name.split(['.', '-']).next().unwrap_or_default();
            if !key.is_empty() && !used.contains(key) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// The values of `href="…"` and `xlink:href="…"` attributes.
fn hrefs(svg: &str) -> impl Iterator<Item = &str> {
    svg.match_indices("href=\"").filter_map(move |(at, m)| {
        let rest = &svg[at + m.len()..];
        rest.find('"').map(|end| &rest[..end])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_follows_svg_format_and_pictures() {
        let dir = tempfile::tempdir().unwrap();
        let cache = ArtCache::new(&dir.path().join("c"), &[b"font"], 800, "cmyk");
        std::fs::write(dir.path().join("logo.png"), b"one").unwrap();
        let svg = r#"<svg><image href="logo.png"/></svg>"#;
        let a = cache.key(svg, "banner", "", dir.path());
        assert_eq!(a, cache.key(svg, "banner", "", dir.path()));
        assert_ne!(a, cache.key(svg, "flag", "", dir.path()));
        assert_ne!(a, cache.key("<svg/>", "banner", "", dir.path()));
        std::fs::write(dir.path().join("logo.png"), b"two").unwrap();
        assert_ne!(a, cache.key(svg, "banner", "", dir.path()));
        let other_fonts = ArtCache::new(&dir.path().join("c"), &[b"other"], 800, "cmyk");
        assert_ne!(
            cache.key(svg, "banner", "", dir.path()),
            other_fonts.key(svg, "banner", "", dir.path())
        );

        let suffixes = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(cache.get("k", &suffixes(&[".png"])).is_none());
        cache.put("k", &[(".png", b"p"), (".pdf", b"d"), ("-480w.webp", b"w")]);
        assert_eq!(
            cache
                .get("k", &suffixes(&[".png", ".pdf", "-480w.webp"]))
                .unwrap(),
            vec![b"p".to_vec(), b"d".to_vec(), b"w".to_vec()]
        );
        std::fs::write(dir.path().join("c/old.png"), b"x").unwrap();
        std::fs::write(dir.path().join("c/old-480w.webp"), b"x").unwrap();
        cache.prune();
        assert!(dir.path().join("c/k.png").exists());
        assert!(dir.path().join("c/k-480w.webp").exists());
        assert!(!dir.path().join("c/old.png").exists());
        assert!(!dir.path().join("c/old-480w.webp").exists());
    }
}
