//! Markdown bodies of pages and section pages → HTML, with `@/` links resolved against the
//! model and untrusted units' HTML sanitised; one function for a full build and serve's patches.

use super::{Links, Page};
use crate::content::units::Units;
use crate::error::{Error, Location, Result};
use crate::types::Lang;

/// Where a Markdown body comes from: for its links' language, for messages, and whether its
/// author may publish raw HTML.
pub(super) struct Source<'a> {
    pub(super) lang: &'a Lang,
    pub(super) rel: &'a std::path::Path,
    pub(super) body_line: usize,
    /// Pages of a unit not marked `trusted` are sanitised; pages without a unit belong to the
    /// site's own editors.
    pub(super) trusted: bool,
}

impl<'a> Source<'a> {
    pub(super) fn of(units: &Units, page: &'a Page) -> Source<'a> {
        Source {
            lang: &page.lang,
            rel: &page.rel,
            body_line: page.body_line,
            trusted: page.unit().is_none_or(|u| units.trusted(u)),
        }
    }
}

/// Markdown to HTML, for a full build and for `loa serve`'s patches alike, so both give the same
/// (and the same sanitised) HTML.
pub(super) fn render_markdown(
    links: &Links,
    source: &Source,
    markdown: &str,
) -> Result<(
    crate::content::markdown::Rendered,
    Vec<crate::content::shortcode::Call>,
)> {
    let Source {
        lang,
        rel,
        body_line,
        trusted,
    } = *source;
    // Only loa writes the shortcode mark (see `shortcode::MARK`); it never changes a line count.
    let mut markdown = std::borrow::Cow::Borrowed(markdown);
    if markdown.contains(crate::content::shortcode::MARK) {
        markdown
            .to_mut()
            .retain(|c| c != crate::content::shortcode::MARK);
    }
    let (markdown, calls, bad) = crate::content::shortcode::extract(&markdown);
    Error::from_list(
        bad.into_iter()
            .map(|b| {
                Error::content(
                    Location::line(rel, body_line + b.line),
                    b.message,
                    "write a shortcode alone on its line: {{ gallery() }} or {{ gallery(photos=[\"a.jpg\"]) }}",
                )
            })
            .collect(),
    )?;
    let markdown = markdown.as_str();
    let line_of = |offset: usize| body_line + markdown[..offset].matches('\n').count();
    let config = &links.config;
    let settings = crate::content::markdown::Settings {
        base_path: config.base_path(),
        smart_punctuation: config.markdown.smart_punctuation,
        max_nesting: config.limits.nesting,
        max_elements: config.limits.elements,
        sanitised: !trusted,
        reserved_ids: &config.theme_ids,
    };
    let (md, broken) =
        crate::content::markdown::render(markdown, &settings, &|t| links.resolve(lang, t))
            .map_err(|deep| {
                let (message, hint) = deep.what.explain(&config.limits);
                Error::content(Location::line(rel, line_of(deep.offset)), message, hint)
            })?;
    if let Some(b) = broken.first() {
        return Err(Error::content(
            Location::line(rel, line_of(b.offset)),
            format!("link `{}` points to content that does not exist", b.target),
            "write the path of a Markdown file below content/, e.g. `@/themes/2023.md`",
        ));
    }
    let mut md = md;
    if !trusted {
        md.html = crate::content::sanitize::untrusted_html(&md.html, &config.theme_ids);
    }
    Ok((md, calls))
}
