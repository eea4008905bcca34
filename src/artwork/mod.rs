//! Slogan artwork: every slogan in every configured format (street banner, vertical flag, social
//! cards) as SVG, PNG and, for print formats, a PDF at physical size with bleed; and panos, the
//! posters and billboards of the campaign.
//!
//! Layouts are data in the theme: `artwork/<layout>.yaml` names the SVG template and its text
//! boxes (as fractions of the trim size); this module fits each box's text with the font's real
//! metrics and hands the lines and sizes to the tera SVG template. It reads the site model and the
//! theme and changes neither.
//!
//! The files, in the order a drawing goes through them: `studio` (everything loaded once),
//! `format` and `layout` (what is drawn at which size), `slogan` and `compose` (the slogan
//! pipeline), `pano/` (the pano pipeline), `boxes` (text fitted and placed, for both), `sheet`
//! (SVG → PNG and PDF, for both) and `screen` (the lighter previews the portal's pages show);
//! `card` draws the share cards of pages without a picture; `banner` picks the jobs
//! `loa banner` asks for.

mod banner;
mod boxes;
mod breaks;
mod cache;
mod card;
mod colour;
mod compose;
mod fit;
mod format;
mod ink;
mod layout;
mod palette;
pub(crate) mod pano;
mod pdf;
pub(crate) mod preflight;
mod qr;
mod screen;
mod sheet;
mod slogan;
mod studio;

pub(crate) use banner::banner_jobs;
pub use boxes::{BoxOut, Composition, LineOut};
pub(crate) use card::{CardJob, PageCards, card_jobs};
pub use format::Format;
pub(crate) use format::Size;
pub(crate) use pano::Panos;
pub(crate) use slogan::SloganArt;
pub use slogan::{ArtFile, Job};
pub use studio::Studio;
