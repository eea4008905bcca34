//! `loa check`: everything a build would refuse, and what it would publish but should not, found
//! before publishing. Errors are what `loa build` stops on (front matter, config, unknown units,
//! broken `@/` links, duplicate URLs, slogans too long for a banner); warnings are problems a
//! reader would see: links to headings that do not exist, missing pictures, pictures without
//! alt text or captions, oversized photos, pano preflight findings; and a table of the pages
//! that are missing in a language. Exit status 1 on errors, 0 otherwise.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde::Serialize;

use crate::error::{Error, Location};
use crate::model::{Page, Site};
use crate::theme::Theme;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Finding {
    pub(crate) file: String,
    pub(crate) line: Option<usize>,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

impl Finding {
    fn at(at: &Location, message: impl Into<String>, hint: Option<&str>) -> Finding {
        Finding {
            file: at.file.display().to_string(),
            line: at.line,
            message: message.into(),
            hint: hint.map(str::to_string),
        }
    }
}

/// A page missing in some languages: its content key and the languages it lacks.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Untranslated {
    pub(crate) page: String,
    pub(crate) file: String,
    pub(crate) missing: Vec<String>,
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct Report {
    pub(crate) errors: Vec<Finding>,
    pub(crate) warnings: Vec<Finding>,
    pub(crate) untranslated: Vec<Untranslated>,
}

impl Report {
    pub(crate) fn ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The report as people read it in a terminal.
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        let line = |f: &Finding, kind: &str| {
            let place = match f.line {
                Some(l) => format!("{}:{l}", f.file),
                None => f.file.clone(),
            };
            let mut s = format!("{kind}: {place}: {}\n", f.message);
            if let Some(h) = &f.hint {
                s.push_str(&format!("  hint: {h}\n"));
            }
            s
        };
        for f in &self.errors {
            out.push_str(&line(f, "error"));
        }
        for f in &self.warnings {
            out.push_str(&line(f, "warning"));
        }
        if !self.untranslated.is_empty() {
            out.push_str(&format!(
                "\n{} pages are missing in a language:\n",
                self.untranslated.len()
            ));
            let width = self
                .untranslated
                .iter()
                .map(|u| u.page.len())
                .max()
                .unwrap_or(4);
            for u in &self.untranslated {
                out.push_str(&format!(
                    "  {:width$}  missing: {}\n",
                    u.page,
                    u.missing.join(", ")
                ));
            }
        }
        out.push_str(&format!(
            "\n{} {}, {} {}\n",
            self.errors.len(),
            if self.errors.len() == 1 {
                "error"
            } else {
                "errors"
            },
            self.warnings.len(),
            if self.warnings.len() == 1 {
                "warning"
            } else {
                "warnings"
            },
        ));
        out
    }
}

/// The report of a site that did not load: the errors loading found.
pub(crate) fn not_loaded(e: &Error) -> Report {
    Report {
        errors: findings_of(e),
        ..Default::default()
    }
}

/// Checks a loaded site.
pub(crate) fn check(site: &Site, theme: &Theme) -> Report {
    let mut report = Report::default();
    report
        .warnings
        .extend(site.warnings.iter().map(|w| finding_of_text(w)));
    artwork(site, theme, &mut report);
    campaign_year(site, &mut report);
    cms_config(site, &mut report);
    cms_unopenable(site, &mut report);
    let bundle_photos = site.photos_by_bundle();
    for page in &site.pages {
        markdown(site, theme, page, &mut report);
        let in_bundle = page.bundle.as_deref().and_then(|b| bundle_photos.get(b));
        photos(
            site,
            page,
            in_bundle.map_or(&[], Vec::as_slice),
            &mut report,
        );
    }
    report.untranslated = untranslated(site);
    report
}

/// Slogans too long for a format and lines whose ink collides are build errors; pano preflight
/// findings are warnings, but for text that runs into a frame, photo or QR code.
fn artwork(site: &Site, theme: &Theme, report: &mut Report) {
    if site.config.artwork.as_ref().is_some_and(|a| !a.enabled) {
        return;
    }
    let studio = match crate::artwork::Studio::new(site, theme) {
        Ok(s) => s,
        Err(e) => {
            report.errors.extend(findings_of(&e));
            return;
        }
    };
    match studio.jobs(site) {
        Ok(jobs) => {
            for job in &jobs {
                // `inspect` composes the artwork and reads the drawn lines back, as a build.
                if let Err(e) = studio.inspect(site, job) {
                    report.errors.extend(findings_of(&e));
                }
            }
        }
        Err(e) => report.errors.extend(findings_of(&e)),
    }
    let preflight = crate::artwork::pano::PrintPhotos::new(site)
        .and_then(|photos| studio.preflight(site, &photos));
    match preflight {
        Ok(issues) => {
            for (file, issue) in issues {
                let finding = Finding {
                    file: file.display().to_string(),
                    line: None,
                    message: issue.to_string(),
                    hint: None,
                };
                if issue.is_error() {
                    report.errors.push(finding);
                } else {
                    report.warnings.push(finding);
                }
            }
        }
        Err(e) => report.errors.extend(findings_of(&e)),
    }
}

/// The current year's slogans, which its kits and home page show (no other year's stand in for
/// them), and the current year's panos, whose slogan must be of that year too. With kits
/// configured (`artwork.kits`) a build would stop on these, so they are errors; otherwise the
/// portal still builds (its home page says the slogans are not published yet) and they are
/// warnings, so a site can go live before the year's slogans are announced.
/// A CMS configuration the site writes by hand instead of letting loa write it from the model:
/// where it no longer matches the model (see `cms::drift`).
fn cms_config(site: &Site, report: &mut Report) {
    if site.config.cms.is_none() {
        return;
    }
    let langs: Vec<&str> = site.config.langs().map(|l| l.as_str()).collect();
    let units: Vec<String> = site.units.list.iter().map(|u| u.id.to_string()).collect();
    let units: Vec<&str> = units.iter().map(String::as_str).collect();
    let profile = &site.config.profile;
    let categories: Vec<&str> = profile.categories.iter().map(String::as_str).collect();
    let counts: Vec<&str> = profile.counts.iter().map(String::as_str).collect();
    let model = crate::cms::drift::Model {
        langs: &langs,
        units: &units,
        categories: &categories,
        counts: &counts,
    };
    for file in [
        site.config.templates_dir().join("admin/config.yml"),
        site.config.static_dir().join("admin/config.yml"),
    ] {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let rel = file.strip_prefix(&site.config.root).unwrap_or(&file);
        for (line, message, hint) in crate::cms::drift::drift(&text, &model).unwrap_or_default() {
            report.warnings.push(Finding {
                file: rel.display().to_string(),
                line,
                message: format!(
                    "the CMS configuration, written by hand, no longer matches the site: {message}"
                ),
                hint: Some(hint),
            });
        }
    }
}

/// Pages the CMS form cannot open, because their default-language file is not named with its
/// language (see `cms::editable`): each with the command that fixes it, so that
/// `loa check 2>&1 | grep -oE '(mkdir -p|git mv) .*' | sh` renames them all.
fn cms_unopenable(site: &Site, report: &mut Report) {
    if site.config.cms.is_none() {
        return;
    }
    let default = site.config.default_lang();
    let files = site
        .pages
        .iter()
        .filter(|p| &p.lang == default)
        .map(|p| p.rel.as_path());
    let content = site.config.content_dir();
    let content = content
        .strip_prefix(&site.config.root)
        .unwrap_or(Path::new("content"));
    for u in crate::cms::editable::unopenable(content, default, files) {
        report.warnings.push(Finding {
            file: u.file.display().to_string(),
            line: None,
            message: "the CMS form cannot open this page: it finds each language's file by its name, the default language's too".into(),
            hint: Some(format!(
                "rename it as the form names it (loa reads both names as the same page): {}",
                u.command()
            )),
        });
    }
}

fn campaign_year(site: &Site, report: &mut Report) {
    let Some(year) = site.current_year else {
        return;
    };
    let artwork_on = site.config.artwork.as_ref().is_none_or(|a| a.enabled);
    let kits = match crate::kit::configured_units(site) {
        Ok(units) => artwork_on && !units.is_empty(),
        Err(e) => {
            report.errors.extend(findings_of(&e));
            artwork_on
        }
    };
    let mut found = Vec::new();
    let default = site.config.default_lang();
    match crate::kit::year_slogans(site, year, default) {
        Ok(_) => {
            // Each translation of the portal shows the year's slogans in its language.
            for lang in site.config.langs().filter(|l| *l != default) {
                if let Err(e) = crate::kit::year_slogans(site, year, lang) {
                    report.warnings.extend(findings_of(&e));
                }
            }
        }
        Err(e) => found.extend(findings_of(&e)),
    }
    for page in &site.pages {
        if page.kind == crate::content::Kind::Pano
            && &page.lang == default
            && matches!(&page.data, crate::model::PageData::Pano(s) if s.theme_year.or(site.current_year) == Some(year))
            && let Some(e) = crate::kit::pano_slogan_of_other_year(site, page.id, year)
        {
            found.extend(findings_of(&e));
        }
    }
    if kits {
        for f in &mut found {
            f.message.push_str(&format!(
                " (the site builds {year} unit kits: `artwork.kits` in site.yaml)"
            ));
        }
        report.errors.extend(found);
    } else {
        report.warnings.extend(found);
    }
}

/// Links to headings and pictures in a page's Markdown, read again from its file for lines.
fn markdown(site: &Site, theme: &Theme, page: &Page, report: &mut Report) {
    let path = site.config.root.join(&page.rel);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return;
    };
    let Some((_, _, body, body_line)) = crate::content::split_front_matter(&text) else {
        return;
    };
    let line_of = |offset: usize| body_line + body[..offset.min(body.len())].matches('\n').count();
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    let mut in_image: Option<(usize, String)> = None;
    let mut alt = String::new();
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(problem) = anchor_problem(site, page, &dest_url) {
                    report.warnings.push(Finding::at(
                        &Location::line(&page.rel, line_of(range.start)),
                        problem,
                        Some("link to a heading that exists (its id is the heading's text as a slug), or drop the #part"),
                    ));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                in_image = Some((range.start, dest_url.to_string()));
                alt.clear();
            }
            Event::Text(t) if in_image.is_some() => alt.push_str(&t),
            Event::End(pulldown_cmark::TagEnd::Image) => {
                let Some((start, src)) = in_image.take() else {
                    continue;
                };
                let at = Location::line(&page.rel, line_of(start));
                if alt.trim().is_empty() {
                    report.warnings.push(Finding::at(
                        &at,
                        format!("picture `{src}` has no alt text"),
                        Some("describe it for readers who cannot see it: ![Học viên lớp tin học](anh.jpg)"),
                    ));
                }
                if !picture_exists(site, theme, page, &src) {
                    report.warnings.push(Finding::at(
                        &at,
                        format!("picture `{src}` does not exist"),
                        Some("put the file beside the page (in its bundle folder) or in static/, and check the name's spelling"),
                    ));
                }
            }
            _ => {}
        }
    }
}

/// What is wrong with a link's `#heading` part, if anything: the heading must exist on the
/// page it points to (`@/…#x`, or this page for `#x`).
fn anchor_problem(site: &Site, page: &Page, dest: &str) -> Option<String> {
    let (target, anchor) = dest.split_once('#')?;
    if anchor.is_empty() || target.contains("://") {
        return None;
    }
    let html = if target.is_empty() {
        page.html.text()
    } else if target.starts_with("@/") {
        let key = crate::model::link_key(target, &site.config);
        let id = site
            .links
            .by_key
            .get(&(key.clone(), page.lang.clone()))
            .or_else(|| {
                site.links
                    .by_key
                    .get(&(key, site.config.default_lang().clone()))
            })?;
        site.pages[*id].html.text()
    } else {
        return None;
    };
    let html = match html {
        Ok(html) => html,
        Err(e) => return Some(format!("link `{dest}`: {e}")),
    };
    let has = html.contains(&format!("id=\"{anchor}\""));
    (!has).then(|| format!("link `{dest}`: the page has no heading `#{anchor}`"))
}

/// A picture path as a page gives it: beside the page, under static/ or the theme's static/.
fn picture_exists(site: &Site, theme: &Theme, page: &Page, src: &str) -> bool {
    if src.contains("://") || src.starts_with("data:") || src.is_empty() {
        return true;
    }
    let src = src.split(['?', '#']).next().unwrap_or(src);
    match src.strip_prefix('/') {
        Some(abs) => {
            let abs = abs
                .strip_prefix(site.config.base_path().trim_start_matches('/'))
                .map(|a| a.trim_start_matches('/'))
                .unwrap_or(abs);
            site.config.static_dir().join(abs).is_file()
                || theme.static_files.iter().any(|f| f.name == abs)
        }
        None => {
            let dir = page
                .bundle
                .clone()
                .or_else(|| {
                    site.config
                        .root
                        .join(&page.rel)
                        .parent()
                        .map(Path::to_path_buf)
                })
                .unwrap_or_default();
            dir.join(src).is_file()
        }
    }
}

/// Photos of the page's bundle (`in_bundle`) over the size limit, and without a caption in the
/// page's language.
fn photos(site: &Site, page: &Page, in_bundle: &[&Path], report: &mut Report) {
    for &file in in_bundle {
        let rel: PathBuf = file
            .strip_prefix(&site.config.root)
            .unwrap_or(file)
            .to_path_buf();
        // Captions are keyed by the NFC name, as front matter is written.
        let name = file
            .file_name()
            .map(|n| crate::text::nfc(&n.to_string_lossy()))
            .unwrap_or_default();
        // Once per photo, from the default language's page.
        if &page.lang == site.config.default_lang()
            && let Ok(meta) = std::fs::metadata(file)
            && meta.len() > crate::content::limits::PHOTO_WARN
        {
            report.warnings.push(Finding::at(
                &Location::file(&rel),
                format!(
                    "photo is {:.1} MB, over the {} MB limit",
                    meta.len() as f64 / 1_048_576.0,
                    crate::content::limits::PHOTO_WARN / 1_048_576
                ),
                Some("export it at about 3000 px on the long side; loa makes the web sizes itself"),
            ));
        }
        // A pano's photos are printed, not shown as a gallery with captions.
        if page.kind != crate::content::Kind::Pano && !page.captions.contains_key(&name) {
            report.warnings.push(Finding::at(
                &Location::file(&page.rel),
                format!("photo `{name}` has no caption in {}", page.lang),
                Some("add it under `captions:` in the front matter; the caption is also its alt text"),
            ));
        }
    }
}

/// Pages that exist in some languages and not in others, by content key.
fn untranslated(site: &Site) -> Vec<Untranslated> {
    let mut langs: BTreeMap<&str, (BTreeSet<&str>, &Path)> = BTreeMap::new();
    for p in &site.pages {
        let entry = langs
            .entry(p.key.as_str())
            .or_insert_with(|| (BTreeSet::new(), p.rel.as_path()));
        entry.0.insert(p.lang.as_str());
        if &p.lang == site.config.default_lang() {
            entry.1 = p.rel.as_path();
        }
    }
    langs
        .into_iter()
        .filter_map(|(key, (have, file))| {
            let missing: Vec<String> = site
                .config
                .langs()
                .filter(|l| !have.contains(l.as_str()))
                .map(|l| l.to_string())
                .collect();
            (!missing.is_empty()).then(|| Untranslated {
                page: key.to_string(),
                file: file.display().to_string(),
                missing,
            })
        })
        .collect()
}

/// Every problem an error carries, one finding each.
fn findings_of(e: &Error) -> Vec<Finding> {
    match e {
        Error::Many(list) => list.iter().flat_map(findings_of).collect(),
        Error::Config { at, message, hint } | Error::Content { at, message, hint } => {
            vec![Finding::at(at, message.clone(), Some(hint))]
        }
        Error::Template {
            template,
            message,
            hint,
        } => vec![Finding {
            file: template.clone(),
            line: None,
            message: message.clone(),
            hint: Some(hint.clone()),
        }],
        other => vec![finding_of_text(&other.to_string())],
    }
}

/// A warning as the build prints it (`file:line: message` or `file: message`), split up.
fn finding_of_text(text: &str) -> Finding {
    let (place, message) = match text.split_once(": ") {
        Some((place, rest))
            if !place.contains(' ') && (place.contains('/') || place.contains('.')) =>
        {
            (Some(place), rest)
        }
        _ => (None, text),
    };
    let (file, line) = match place {
        Some(p) => match p.rsplit_once(':') {
            Some((f, l)) if l.parse::<usize>().is_ok() => (f.to_string(), l.parse().ok()),
            _ => (p.to_string(), None),
        },
        None => (String::new(), None),
    };
    Finding {
        file,
        line,
        message: message.to_string(),
        hint: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_are_split_into_file_line_and_message() {
        let f = finding_of_text("content/news/a.md:12: the link is odd");
        assert_eq!(f.file, "content/news/a.md");
        assert_eq!(f.line, Some(12));
        assert_eq!(f.message, "the link is odd");
        let g = finding_of_text("the theme has no UI strings for `fr`: pages use vi");
        assert_eq!(g.file, "");
        assert!(g.message.starts_with("the theme"));
    }
}
