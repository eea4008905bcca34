//! loa: a static site generator for public campaigns.
//!
//! A build reads top to bottom: [`load`] turns the site folder (site.yaml, content, theme) into
//! the immutable model ([`Site`]); the outputs (the portal's pages, photos, static files, slogan
//! artwork, panos, kits) each plan their jobs against the model and produce them into one sink;
//! `write` puts every byte on disk. `pipeline` runs those stages for `loa build` and `loa serve`;
//! `commands/` holds one file per verb of the command line. The README's "How it is built" has
//! the map.
//!
//! What is public here is what the binary, the tests and the benchmarks use.

#![warn(unreachable_pub, missing_docs)]

/// `eprintln!` that cannot panic: when stderr is a pipe whose reader has gone (`loa build 2>&1 |
/// head -1`), the message is lost, not the build. Defined before the modules, which use it.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `println!` that cannot panic, as [`say!`] for stdout.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod artwork;
mod assets;
mod campaign;
mod check;
mod cli;
mod cms;
mod commands;
mod config;
mod content;
mod error;
mod images;
mod kit;
mod load;
mod memory;
mod model;
mod new;
mod output;
mod packed;
mod pipeline;
mod render;
mod serve;
mod text;
mod theme;
mod types;
mod write;
mod yaml;

pub use artwork::pano::{PanoArt, PanoJob, PrintPhotos};
pub use artwork::preflight::Issue as PanoIssue;
pub use artwork::{ArtFile, BoxOut, Composition, Format, Job, LineOut, Studio};
pub use cli::main as cli_main;
pub use commands::banner::banner;
pub use commands::kit::{KitReport, kit};
pub use content::{Kind, is_image};
pub use error::{Error, Result};
pub use images::{Op, Processor};
pub use load::{BuildArgs, load};
pub use model::{Page, PageData, Site};
pub use new::new_site;
pub use pipeline::{BuildReport, build};
pub use serve::{Session, build_session};
pub use text::strip_diacritics;
pub use theme::Theme;
pub use types::Date;
pub use write::Sink;
