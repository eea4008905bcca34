//! Text boxes: a layout box's text as it is drawn (NFC, upper-cased when the box says so), the
//! font face that measures it, and its fitted lines placed in the box as the SVG templates get
//! them. Shared by slogan artwork and panos.

use std::collections::HashMap;

use serde::Serialize;
use tera::Context;

use super::Studio;
use super::fit::{Fitted, Measurer};
use super::layout::{Align, BoxSpec, Layout};
use crate::error::{Error, Result};
use crate::model::Site;
use crate::types::Lang;

/// A layout box's text for one artwork, as drawn, with its weight and the font face that
/// measures it.
pub(super) struct BoxText<'a> {
    pub(super) content: String,
    pub(super) weight: u16,
    pub(super) measurer: &'a Measurer,
}

impl Studio {
    /// Every box of the layout `layout_name` with its text filled in from `ctx`, in the layout's
    /// order, each as it is needed (so the first box that fails is the one reported). `may_use`
    /// says which values box texts may use, for a template that fails.
    pub(super) fn box_texts<'a>(
        &'a self,
        layout_name: &'a str,
        layout: &'a Layout,
        ctx: &'a Context,
        may_use: &'a str,
    ) -> impl Iterator<Item = Result<(&'a str, &'a BoxSpec, BoxText<'a>)>> + 'a {
        layout.boxes.iter().map(move |(name, spec)| {
            let text = self.box_text(layout_name, layout, (name, spec), ctx, may_use)?;
            Ok((name.as_str(), spec, text))
        })
    }

    /// Fills in box `name` of the layout `layout_name` from `ctx` and finds the font that
    /// measures it.
    fn box_text(
        &self,
        layout_name: &str,
        layout: &Layout,
        (name, spec): (&str, &BoxSpec),
        ctx: &Context,
        may_use: &str,
    ) -> Result<BoxText<'_>> {
        let template = format!("artwork/{layout_name}.yaml (box {name})");
        let raw = self
            .tera
            .render(&format!("{layout_name}#{name}"), ctx)
            .map_err(|e| Error::Template {
                template: template.clone(),
                message: e.to_string(),
                hint: may_use.into(),
            })?;
        let weight = spec.weight.unwrap_or(700);
        let content = as_drawn(&raw, spec.uppercase);
        let family = &layout.family;
        let measurer = self
            .measurer(family, weight)
            .ok_or_else(|| Error::Template {
                template,
                message: format!("no font `{family}` of weight {weight} in the theme"),
                hint: "add that weight's TTF to the theme's fonts/ folder or change `weight`"
                    .into(),
            })?;
        Ok(BoxText {
            content,
            weight,
            measurer,
        })
    }

    /// What every box text may use beside its artwork's own values: the site's title, the
    /// language and the theme's UI strings (`t`) in it.
    pub(super) fn text_context(&self, site: &Site, lang: &Lang) -> Context {
        let mut ctx = Context::new();
        ctx.insert(
            "site_title",
            &site.config.language(lang).map(|l| l.title.clone()),
        );
        ctx.insert("lang", lang.as_str());
        ctx.insert("t", &self.strings.get(lang));
        ctx
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

/// The campaign's organiser in `lang`, which artwork names unless a unit's kit names the unit.
pub(super) fn campaign_organiser(site: &Site, lang: &Lang) -> Option<String> {
    site.config
        .campaign
        .organiser
        .as_ref()
        .map(|o| o.get(lang, site.config.default_lang()))
}

/// Text as a box draws it: trimmed, NFC, and upper-cased when the box says so.
pub(super) fn as_drawn(raw: &str, uppercase: bool) -> String {
    let content = crate::text::nfc(raw.trim());
    if uppercase {
        crate::text::nfc(&content.to_uppercase())
    } else {
        content
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
    /// Each text box of the layout, by name, as fitted.
    pub boxes: HashMap<String, BoxOut>,
}

/// A fitted line as the SVG template draws it, in the format's units.
#[derive(Debug, Serialize)]
pub struct LineOut {
    /// The line's text.
    pub text: String,
    /// Anchor point (see the box's `anchor`).
    pub x: f64,
    /// Baseline.
    pub y: f64,
}

/// A text box as the SVG template gets it, in the format's units (origin at the bleed corner).
#[derive(Debug, Serialize)]
pub struct BoxOut {
    /// The lines, top to bottom.
    pub lines: Vec<LineOut>,
    /// Text size in the format's unit.
    pub size: f64,
    weight: u16,
    /// SVG text-anchor of the lines: `start`, `middle` or `end`.
    pub(super) anchor: &'static str,
    family: String,
    /// Left edge of the box.
    pub x: f64,
    y: f64,
    /// Width of the box.
    pub w: f64,
    h: f64,
}
