//! The tera environment: the theme's templates loaded and checked, the template an output uses,
//! and rendering one into the sink, with errors that name the template file to open.

use std::sync::Arc;

use tera::{Context, Tera};

use super::Renderer;
use super::functions;
use crate::error::{Error, Result};
use crate::model::Site;
use crate::theme::Theme;
use crate::write::Sink;

/// Templates every theme must have.
const REQUIRED: [&str; 5] = [
    "base.html",
    "home.html",
    "list.html",
    "page.html",
    "404.html",
];

/// The theme's templates with loa's functions and filters; `pages()` makes its cards from `site`
/// and `cards`.
pub(super) fn load(
    site: &Arc<Site>,
    theme: &Theme,
    cards: &Arc<super::cards::Cards>,
    images: Arc<crate::images::Processor>,
    resized: functions::Resized,
) -> Result<Tera> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".htm"]);
    functions::register(&mut tera, site, theme, cards);
    functions::register_resize_image(&mut tera, site, images, resized);
    let mut sources = Vec::new();
    for f in &theme.templates {
        let text = String::from_utf8(f.bytes.clone()).map_err(|_| Error::Template {
            template: f.origin.display().to_string(),
            message: "the template is not UTF-8 text".into(),
            hint: "save it as UTF-8".into(),
        })?;
        sources.push((f.name.clone(), text));
    }
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| template_error(theme, e))?;
    for required in REQUIRED {
        if !tera.contains_template(required) {
            return Err(Error::Template {
                template: required.into(),
                message: format!("the theme `{}` has no `{required}`", theme.name),
                hint: "copy it from themes/default/templates/ into your theme or the site's templates/ folder".into(),
            });
        }
    }
    Ok(tera)
}

/// Turns a tera error into one naming the template file the user can open.
fn template_error(theme: &Theme, e: tera::Error) -> Error {
    let (name, message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            (r.filename().to_string(), e.to_string())
        }
        _ => (String::new(), e.to_string()),
    };
    let mut message = message;
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    let origin = theme
        .templates
        .iter()
        .find(|t| t.name == name)
        .map(|t| t.origin.display().to_string())
        .unwrap_or(if name.is_empty() {
            "(theme)".into()
        } else {
            name
        });
    let hint = match missing_string(&message).map(str::to_string) {
        // The template may be right to ask; the strings files are where the key is missing.
        Some(key) => {
            let first_line = message.find('\n').unwrap_or(message.len());
            message.replace_range(
                ..first_line,
                &format!("the UI string `t.{key}` is in no i18n/<lang>.yaml of the theme"),
            );
            format!(
                "add `{key}: …` to the i18n/<lang>.yaml of every language, in the theme or in the site's own i18n/ (which adds to the theme's), or correct the name in the template"
            )
        }
        None => "fix the template at the line shown; the previous output was left as it was".into(),
    };
    Error::Template {
        template: origin,
        message,
        hint,
    }
}

/// The key of a UI string a template asks for (`{{ t.key }}`) that no strings file has: Tera
/// says "Field `key` is not defined" and lists every key there is.
fn missing_string(message: &str) -> Option<&str> {
    let rest = message.split("Field `").nth(1)?;
    let key = rest.split('`').next()?;
    message.contains(&format!("t.{key}")).then_some(key)
}

impl Renderer {
    /// A template named by `template:` in front matter, which must exist.
    pub(super) fn chosen_template(&self, name: &str, rel: &std::path::Path) -> Result<String> {
        if self.tera.contains_template(name) {
            return Ok(name.to_string());
        }
        let mut known: Vec<&str> = self
            .tera
            .get_template_names()
            .filter(|n| {
                n.ends_with(".html") && !n.starts_with("partials/") && !n.starts_with("shortcodes/")
            })
            .collect();
        known.sort();
        Err(Error::content(
            crate::error::Location::file(rel),
            format!("`template: {name}` names a template that does not exist"),
            format!(
                "put {name} in the site's templates/ folder, or use one of: {}",
                known.join(", ")
            ),
        ))
    }

    /// The first of `candidates` the theme has, else `fallback`.
    pub(super) fn first_template(&self, candidates: &[&str], fallback: &str) -> String {
        candidates
            .iter()
            .find(|c| self.tera.contains_template(c))
            .map(|c| c.to_string())
            .unwrap_or_else(|| fallback.to_string())
    }

    pub(super) fn render(&self, template: &str, ctx: &Context) -> Result<String> {
        self.tera
            .render(template, ctx)
            .map_err(|e| template_error(&self.theme, e))
    }

    /// Renders a template into the file and emits it.
    pub(super) fn write_file(
        &self,
        out: &dyn Sink,
        rel: &str,
        template: &str,
        ctx: &Context,
    ) -> Result<()> {
        let text = self.render(template, ctx)?;
        self.emit(out, rel, text.as_bytes())
    }

    /// Renders an HTML page into `<path>index.html`.
    pub(super) fn write_html(
        &self,
        out: &dyn Sink,
        path: &str,
        template: &str,
        ctx: &Context,
    ) -> Result<()> {
        // Straight into bytes: rendering to a String would check every page's UTF-8 again.
        let mut html = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, ctx, &mut html)
            .map_err(|e| template_error(&self.theme, e))?;
        self.emit(out, &format!("{path}index.html"), &html)
    }
}
