//! loa: a static site generator for public campaigns.
//!
//! The pipeline, one module per stage: [`config`] and [`content`] load the site, [`model`] builds
//! the immutable [`model::Site`], [`render`] turns it into pages through the [`theme`]'s templates,
//! and [`write`] swaps the finished output in. [`build`] runs the stages in order; [`serve`] and
//! [`new`] are the other commands.

pub mod artwork;
mod assets;
pub mod check;
pub mod cli;
mod commands;
pub mod config;
pub mod content;
pub mod error;
pub mod images;
pub mod kit;
pub mod load;
pub mod model;
pub mod new;
pub(crate) mod output;
mod pipeline;
pub mod render;
pub mod serve;
pub mod text;
pub mod theme;
pub mod types;
pub mod write;
mod yaml;

pub use commands::banner::banner;
pub use commands::kit::{KitReport, kit};
pub use error::{Error, Result};
pub use load::{BuildArgs, load};
pub use pipeline::{BuildReport, build};
pub use serve::{Session, build_session};
pub use write::Sink;
