//! Text boxes: a layout box's text as it is drawn (NFC, upper-cased when the box says so), the
//! font face that measures it, and its fitted lines placed in the box as the SVG templates get
//! them. Shared by slogan artwork and panos.

use std::collections::HashMap;

use serde::Serialize;

use super::Studio;
use super::fit::{Fitted, Measurer};
use super::layout::{Align, BoxSpec};
use crate::error::{Error, Result};

impl Studio {
    /// A box's text as it is drawn (NFC, upper-cased when the box says so) and the font that
    /// measures it; `template` names the box in messages.
    pub(super) fn box_text(
        &self,
        raw: &str,
        uppercase: bool,
        family: &str,
        weight: u16,
        template: &str,
    ) -> Result<(String, &Measurer)> {
        let mut content = crate::text::nfc(raw.trim());
        if uppercase {
            content = crate::text::nfc(&content.to_uppercase());
        }
        let m = self
            .measurer(family, weight)
            .ok_or_else(|| Error::Template {
                template: template.to_string(),
                message: format!("no font `{family}` of weight {weight} in the theme"),
                hint: "add that weight's TTF to the theme's fonts/ folder or change `weight`"
                    .into(),
            })?;
        Ok((content, m))
    }

    fn measurer(&self, family: &str, weight: u16) -> Option<&Measurer> {
        self.measurers
            .get(&(family.to_string(), weight))
            .or_else(|| {
                // The nearest weight of the family, as CSS would pick.
                self.measurers
                    .iter()
                    .filter(|((f, _), _)| f == family)
                    .min_by_key(|((_, w), _)| (*w as i32 - weight as i32).abs())
                    .map(|(_, m)| m)
            })
    }
}

/// Positions fitted lines in their box: centred vertically, aligned as the box asks, with
/// baselines from the font's real ascender. `dims` is (trim width, trim height, bleed).
pub(super) fn place(
    spec: &BoxSpec,
    family: &str,
    weight: u16,
    fitted: &Fitted,
    (tw, th, bleed): (f64, f64, f64),
) -> BoxOut {
    let frame = spec.frame(tw, th);
    let top = bleed + spec.y * th + (frame.h - fitted.height()) / 2.0;
    let (x, anchor) = match spec.align.unwrap_or(Align::Center) {
        Align::Left => (bleed + spec.x * tw, "start"),
        Align::Center => (bleed + (spec.x + spec.w / 2.0) * tw, "middle"),
        Align::Right => (bleed + (spec.x + spec.w) * tw, "end"),
    };
    let lines = fitted
        .lines
        .iter()
        .enumerate()
        .map(|(i, t)| LineOut {
            text: t.clone(),
            x: round(x),
            y: round(top + (fitted.above + i as f64 * fitted.leading) * fitted.size),
        })
        .collect();
    BoxOut {
        lines,
        size: round(fitted.size),
        weight,
        anchor,
        family: family.to_string(),
        x: round(bleed + spec.x * tw),
        y: round(bleed + spec.y * th),
        w: round(spec.w * tw),
        h: round(spec.h * th),
    }
}

/// Positions in the SVG are given to hundredths of a unit.
pub(super) fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The fitted boxes of one artwork, by box name.
#[derive(Debug, Default)]
pub struct Composition {
    pub boxes: HashMap<String, BoxOut>,
}

#[derive(Debug, Serialize)]
pub struct LineOut {
    pub text: String,
    pub x: f64,
    /// Baseline.
    pub y: f64,
}

/// A text box as the SVG template gets it, in the format's units (origin at the bleed corner).
#[derive(Debug, Serialize)]
pub struct BoxOut {
    pub lines: Vec<LineOut>,
    pub size: f64,
    pub weight: u16,
    pub anchor: &'static str,
    pub family: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}
