//! A page's body HTML as the model keeps it: compressed ([`Packed`]), and at province scale on
//! disk.
//! Every page's body stays in the model from the Markdown stage to the end of the build (its
//! page, the search index and the anchor checks read it). At 50 000 bilingual posts the bodies
//! were a third of the build's memory; compressed, still more than a third of what was left.
//! So once a build's bodies pass [`IN_MEMORY`] bytes, the rest go to a scratch file in the
//! site's `.loa-cache/`: the kernel keeps them in its page cache while memory allows (they are
//! read back at page-cache speed, once or twice each) and can drop them when it does not, which
//! the process's own memory cannot. Small sites never touch the disk.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::error::{IoContext as _, Result};
use crate::packed::{Packed, unpack};

/// Compressed bodies a build keeps in its own memory before it spills to disk: a site of a few
/// thousand pages, and every test site, stays entirely in memory.
const IN_MEMORY: usize = 16 << 20;

/// Compressed body HTML; [`Html::text`] gives it back.
#[derive(Clone, Default)]
pub(crate) struct Html(Repr);

#[derive(Clone, Default)]
enum Repr {
    #[default]
    Empty,
    Memory(Packed),
    /// `len` compressed bytes at `at` in the spill file.
    Spilled {
        file: Arc<Spill>,
        at: u64,
        len: u32,
    },
}

impl Html {
    /// The body kept in memory, whatever its size (pages patched by `loa serve`, tests).
    pub(crate) fn new(html: &str) -> Html {
        if html.is_empty() {
            return Html::default();
        }
        Html(Repr::Memory(Packed::new(html)))
    }

    /// The body kept where `bodies` decides: in memory until the build's bodies pass
    /// [`IN_MEMORY`] bytes, in the spill file after (in memory when the file cannot be written).
    pub(crate) fn stored(html: &str, bodies: &Bodies) -> Html {
        if html.is_empty() {
            return Html::default();
        }
        let packed = Packed::new(html);
        let size = packed.bytes().len();
        let kept = bodies.in_memory.fetch_add(size, Ordering::Relaxed);
        if kept + size > bodies.limit
            && let Some(spill) = bodies.spill()
            && let Ok(len) = u32::try_from(size)
            && let Some(at) = spill.append(packed.bytes())
        {
            bodies.in_memory.fetch_sub(size, Ordering::Relaxed);
            return Html(Repr::Spilled {
                file: spill,
                at,
                len,
            });
        }
        Html(Repr::Memory(packed))
    }

    /// The HTML, as it was given to [`Html::new`] or [`Html::stored`]. Only reading a spilled
    /// body back can fail (an I/O error on the cache's disk).
    pub(crate) fn text(&self) -> Result<String> {
        match &self.0 {
            Repr::Empty => Ok(String::new()),
            Repr::Memory(packed) => Ok(packed.text()),
            Repr::Spilled { file, at, len } => file
                .read(*at, *len)
                .and_then(|bytes| {
                    unpack(&bytes).ok_or_else(|| std::io::ErrorKind::InvalidData.into())
                })
                .at(&file.path),
        }
    }
}

/// Two bodies are equal when their HTML is (`loa serve` compares a patched page with the old).
impl PartialEq for Html {
    fn eq(&self, other: &Html) -> bool {
        match (&self.0, &other.0) {
            (Repr::Empty, Repr::Empty) => true,
            (Repr::Memory(a), Repr::Memory(b)) => a == b,
            _ => matches!((self.text(), other.text()), (Ok(a), Ok(b)) if a == b),
        }
    }
}

impl Eq for Html {}

impl std::fmt::Debug for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Repr::Empty => write!(f, "Html(empty)"),
            Repr::Memory(p) => write!(f, "Html({} bytes compressed)", p.bytes().len()),
            Repr::Spilled { len, .. } => write!(f, "Html({len} bytes compressed, on disk)"),
        }
    }
}

/// Where one build's page bodies go (see the module documentation).
pub(crate) struct Bodies {
    /// The folder of the spill file, made when the first body spills.
    folder: PathBuf,
    limit: usize,
    in_memory: AtomicUsize,
    /// The spill file, opened once, when the first body spills (`None` if that failed).
    spill: OnceLock<Option<Arc<Spill>>>,
}

impl Bodies {
    /// Bodies of a site whose cache folder is `cache` (`.loa-cache/`).
    pub(crate) fn new(cache: &Path) -> Bodies {
        Bodies::with_limit(cache, IN_MEMORY)
    }

    fn with_limit(cache: &Path, limit: usize) -> Bodies {
        Bodies {
            folder: cache.join("bodies"),
            limit,
            in_memory: AtomicUsize::new(0),
            spill: OnceLock::new(),
        }
    }

    fn spill(&self) -> Option<Arc<Spill>> {
        self.spill
            .get_or_init(|| Spill::create(&self.folder).ok().map(Arc::new))
            .clone()
    }
}

/// The scratch file of spilled bodies: appended while the model is built, read at any offset
/// after. It is removed when the last body in it is dropped (on Unix at once: the open file
/// stays readable, and a build that is killed leaves nothing behind).
struct Spill {
    path: PathBuf,
    /// The file for appending, and its length.
    writer: Mutex<(File, u64)>,
    reader: File,
}

impl Spill {
    fn create(folder: &Path) -> std::io::Result<Spill> {
        std::fs::create_dir_all(folder)?;
        // One file per build: `loa serve` and a `loa build` of the same site may run at once.
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "{}-{}.lz4",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = folder.join(name);
        let writer = File::options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)?;
        let reader = File::open(&path)?;
        #[cfg(unix)]
        let _ = std::fs::remove_file(&path);
        Ok(Spill {
            path,
            writer: Mutex::new((writer, 0)),
            reader,
        })
    }

    /// Appends `bytes`, returning where they start; `None` when the disk refused them.
    fn append(&self, bytes: &[u8]) -> Option<u64> {
        let mut w = self.writer.lock().ok()?;
        let at = w.1;
        if w.0.write_all(bytes).is_err() {
            // A partial write leaves the file's end unknown: seek back so later bodies land
            // where the length says (or fail again and stay in memory).
            use std::io::Seek as _;
            let _ = w.0.seek(std::io::SeekFrom::Start(at));
            return None;
        }
        w.1 += bytes.len() as u64;
        Some(at)
    }

    fn read(&self, at: u64, len: u32) -> std::io::Result<Vec<u8>> {
        let mut buf = vec![0; len as usize];
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt as _;
            self.reader.read_exact_at(&mut buf, at)?;
        }
        #[cfg(windows)]
        {
            use std::os::windows::fs::FileExt as _;
            let mut done = 0;
            while done < buf.len() {
                match self.reader.seek_read(&mut buf[done..], at + done as u64)? {
                    0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                    n => done += n,
                }
            }
        }
        Ok(buf)
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::{Bodies, Html, Repr};

    #[test]
    fn gives_back_what_it_was_given() {
        let body = "<p>Mỗi ngày đến trường là một ngày vui, một ngày học.</p>\n".repeat(40);
        let html = Html::new(&body);
        assert_eq!(html.text().unwrap(), body);
        assert!(matches!(html.0, Repr::Memory(_)));
        assert_eq!(Html::new("").text().unwrap(), "");
        assert_eq!(Html::new("<p>a</p>"), Html::new("<p>a</p>"));
    }

    #[test]
    fn bodies_past_the_limit_go_to_disk_and_come_back_the_same() {
        let cache = tempfile::tempdir().unwrap();
        let bodies = Bodies::with_limit(cache.path(), 100);
        let texts: Vec<String> = (0..50)
            .map(|i| {
                format!("<p>Trang số {i}: đọc sách mỗi ngày, mọi lúc, mọi nơi.</p>\n").repeat(i + 1)
            })
            .collect();
        let stored: Vec<Html> = std::thread::scope(|s| {
            let halves = texts.split_at(25);
            let a = s.spawn(|| {
                halves
                    .0
                    .iter()
                    .map(|t| Html::stored(t, &bodies))
                    .collect::<Vec<_>>()
            });
            let b = s.spawn(|| {
                halves
                    .1
                    .iter()
                    .map(|t| Html::stored(t, &bodies))
                    .collect::<Vec<_>>()
            });
            let mut all = a.join().unwrap();
            all.extend(b.join().unwrap());
            all
        });
        let spilled = stored
            .iter()
            .filter(|h| matches!(h.0, Repr::Spilled { .. }))
            .count();
        assert!(spilled >= 45, "{spilled} of 50 spilled");
        for (text, html) in texts.iter().zip(&stored) {
            assert_eq!(&html.text().unwrap(), text);
        }
        assert_eq!(stored[30], Html::new(&texts[30]));
        assert_ne!(stored[30], stored[31]);
        // On Unix the scratch file is gone from the folder at once; everywhere once dropped.
        drop(stored);
        let left = std::fs::read_dir(cache.path().join("bodies"))
            .unwrap()
            .count();
        assert_eq!(left, 0);
    }

    #[test]
    fn a_cache_folder_that_cannot_be_made_keeps_bodies_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, "x").unwrap();
        let bodies = Bodies::with_limit(&file, 0);
        let html = Html::stored("<p>Xin chào</p>", &bodies);
        assert!(matches!(html.0, Repr::Memory(_)));
        assert_eq!(html.text().unwrap(), "<p>Xin chào</p>");
    }
}
