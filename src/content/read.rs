//! One Markdown file of `content/` → a [`Document`]: where it sits (page key, section,
//! language, from its path), its front matter parsed as its kind's fields, and its body.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::frontmatter::*;
use super::{Document, Front, Kind};
use crate::config::Config;
use crate::error::{Error, Location, Result};
use crate::types::Lang;

/// A Markdown file found below `content/`.
pub(super) struct Found {
    pub(super) abs: PathBuf,
    pub(super) rel: PathBuf,
    pub(super) content_rel: PathBuf,
}

/// Splits `name.en` into (`name`, `en`) when the suffix is a configured language; a suffix that
/// looks like a language code but is not configured is an error, since such a file would
/// otherwise silently become a page of the default language.
pub(super) fn split_lang(stem: &str, config: &Config, rel: &Path) -> Result<(String, Lang)> {
    if let Some((base, suffix)) = stem.rsplit_once('.') {
        if config.has_lang(suffix) {
            let lang = config
                .langs()
                .find(|l| l.as_str() == suffix)
                .cloned()
                .unwrap_or_else(|| config.default_lang().clone());
            return Ok((base.to_string(), lang));
        }
        if Lang::looks_like_code(suffix) {
            let configured: Vec<&str> = config.langs().map(Lang::as_str).collect();
            return Err(Error::content(
                Location::file(rel),
                format!(
                    "this file is a translation into `{suffix}`, but `{suffix}` is not in the languages of site.yaml ({})",
                    configured.join(", ")
                ),
                format!(
                    "add `- code: {suffix}` to `languages` in site.yaml, or rename the file without the `.{suffix}` suffix"
                ),
            ));
        }
    }
    Ok((stem.to_string(), config.default_lang().clone()))
}

/// Where a Markdown file sits in the site: its page key (shared by its translations), section
/// and language, from its path alone.
pub(super) struct Place {
    pub(super) key: String,
    pub(super) section: String,
    pub(super) lang: Lang,
    pub(super) is_index: bool,
    pub(super) is_bundle: bool,
}

pub(super) fn place(config: &Config, f: &Found) -> Result<Place> {
    let stem = f
        .abs
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let (base, lang) = split_lang(stem, config, &f.rel)?;
    let parent = f.content_rel.parent().unwrap_or(Path::new(""));
    let parent_str = path_to_key(parent);
    let section = f
        .content_rel
        .components()
        .next()
        .filter(|_| f.content_rel.components().count() > 1)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();

    // File names from macOS arrive decomposed (NFD); keys and slugs are always NFC.
    let base = crate::text::nfc(&base);
    let parent_str = crate::text::nfc(&parent_str);
    let is_index = base == "_index";
    let is_bundle = base == "index";
    let key = if is_index || is_bundle {
        parent_str.clone()
    } else if parent_str.is_empty() {
        base.clone()
    } else {
        format!("{parent_str}/{base}")
    };
    if is_bundle && parent_str.is_empty() {
        return Err(Error::content(
            Location::file(&f.rel),
            "`index.md` at the top of content/ is ambiguous",
            "the home page is `content/_index.md`; rename this file",
        ));
    }

    Ok(Place {
        key,
        section,
        lang,
        is_index,
        is_bundle,
    })
}

pub(super) fn read_document(config: &Config, f: &Found) -> Result<Document> {
    let bytes = super::limits::read_post(config, &f.abs, &f.rel)?;
    let text = crate::text::utf8(bytes).map_err(|e| {
        Error::content(
            Location::file(&f.rel),
            format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
            "save it as UTF-8 in your editor (\"Save with encoding → UTF-8\")",
        )
    })?;
    let text = crate::text::nfc(&text);
    let Place {
        key,
        section,
        lang,
        is_index,
        is_bundle,
    } = place(config, f)?;

    let (yaml, yaml_line, body, body_line) = split_front_matter(&text).ok_or_else(|| {
        Error::content(
            Location::line(&f.rel, 1),
            "no front matter: the file must start with a `---` line, the YAML fields, and another `---` line",
            "add e.g.\n    ---\n    title: Tiêu đề\n    ---\n  at the top of the file",
        )
    })?;
    let kind = Kind::of_section(&section);
    let parse_err = |e: crate::yaml::YamlError| {
        let at = match e.line {
            Some(l) => Location::line(&f.rel, yaml_line + l - 1),
            None => Location::line(&f.rel, yaml_line),
        };
        let renamed = RENAMED
            .iter()
            .find(|(old, _)| e.message.contains(&format!("unknown field `{old}`")));
        let hint = match renamed {
            Some((old, new)) => format!(
                "`{old}` is now called `{new}` (a campaign's period need not be a week): rename it"
            ),
            None => fields_hint(is_index, kind),
        };
        Error::content(at, e.message, hint)
    };
    let nesting = config.limits.nesting;
    let front = if is_index {
        Front::Section(parse_yaml(yaml, nesting).map_err(parse_err)?)
    } else {
        match kind {
            Kind::Theme => Front::Theme(parse_yaml(yaml, nesting).map_err(parse_err)?),
            Kind::Slogan => Front::Slogan(parse_yaml(yaml, nesting).map_err(parse_err)?),
            Kind::News => Front::News(parse_yaml(yaml, nesting).map_err(parse_err)?),
            Kind::Learner => Front::Learner(parse_yaml(yaml, nesting).map_err(parse_err)?),
            Kind::Pano => Front::Pano(parse_yaml(yaml, nesting).map_err(parse_err)?),
            Kind::Page => Front::Page(parse_yaml(yaml, nesting).map_err(parse_err)?),
        }
    };
    let document = Document {
        rel: f.rel.clone(),
        key,
        section,
        lang,
        is_index,
        bundle: is_bundle.then(|| f.abs.parent().map(Path::to_path_buf).unwrap_or_default()),
        front,
        yaml: yaml.to_string(),
        body_line,
        body: crate::packed::Packed::new(body),
    };
    // Checked here, with the other mistakes a file can hold, so one build names them all.
    match &document.front {
        Front::Learner(LearnerFront {
            category: Some(category),
            ..
        }) => {
            let at = document.at_field("category");
            config.profile.check_category(category, at)?;
        }
        Front::News(NewsFront {
            counts: Some(counts),
            ..
        }) => {
            for count in counts.keys() {
                let at = document.at_field("counts");
                config.profile.check_count(count, at)?;
            }
        }
        _ => {}
    }
    Ok(document)
}

/// Empty front matter (`---\n---`) is an empty mapping, not YAML's `null`.
/// Front matter nests at most `limits: nesting:` of site.yaml deep.
fn parse_yaml<T: DeserializeOwned + Default>(
    yaml: &str,
    nesting: usize,
) -> Result<T, crate::yaml::YamlError> {
    if yaml.trim().is_empty() {
        return Ok(T::default());
    }
    crate::yaml::from_str_nesting(yaml, nesting)
}

/// Fields an older loa read under another name: (old name, new name).
const RENAMED: &[(&str, &str)] = &[("week_start", "start"), ("week_end", "end")];

pub(super) fn fields_hint(is_index: bool, kind: Kind) -> String {
    let fields = if is_index {
        SectionFront::FIELDS
    } else {
        match kind {
            Kind::Theme => ThemeFront::FIELDS,
            Kind::Slogan => SloganFront::FIELDS,
            Kind::News => NewsFront::FIELDS,
            Kind::Learner => LearnerFront::FIELDS,
            Kind::Pano => PanoFront::FIELDS,
            Kind::Page => PageFront::FIELDS,
        }
    };
    // What an editor could not guess from a field's name alone.
    let shown: Vec<String> = fields
        .iter()
        .map(|&f| match (kind, f) {
            (_, "sort_by") if is_index => "sort_by (date|title|order|year|weight)".into(),
            (Kind::Theme, "opening") => "opening {date, place}".into(),
            (Kind::Pano, "size") => {
                "size (A4, A3, A1, A0, pano-ngang, pano-doc or {width, height})".into()
            }
            (Kind::Pano, "theme") => "theme (a year)".into(),
            (Kind::Pano, "opening") => "opening {date, time, place}".into(),
            (Kind::Pano, "photos") => {
                "photos (file names, or {file, fit: cover|contain, focus: [x, y]})".into()
            }
            (Kind::Pano, "qr") => "qr (a web address or @/ page)".into(),
            (Kind::News | Kind::Page, "photos") => "photos ({file, caption, alt})".into(),
            (Kind::Page, "form") => {
                "form (a results report's: {authority, issuer, subject, number, place, recipients, signer, signer_name})".into()
            }
            _ => f.to_string(),
        })
        .collect();
    format!(
        "fix the YAML; the fields this kind of file takes are: {}",
        shown.join(", ")
    )
}

fn path_to_key(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Splits `---\nyaml\n---\nbody`. Returns (yaml, line of first YAML line, body, line of body).
/// Accepts a UTF-8 BOM and Windows line endings, since both come from common Windows editors.
pub(crate) fn split_front_matter(text: &str) -> Option<(&str, usize, &str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let rest = &text[first_end + 1..];
    let mut offset = 0;
    for (line, l) in (2..).zip(rest.split_inclusive('\n')) {
        let t = l.trim_end();
        if t == "---" || t == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + l.len()..];
            return Some((yaml, 2, body, line + 1));
        }
        offset += l.len();
    }
    // A closing line with no newline after it ends the file.
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_with_lines() {
        let (y, yl, b, bl) = split_front_matter("---\ntitle: A\ndate: x\n---\nBody\n").unwrap();
        assert_eq!(y, "title: A\ndate: x\n");
        assert_eq!(yl, 2);
        assert_eq!(b, "Body\n");
        assert_eq!(bl, 5);
        assert!(split_front_matter("title: A\n").is_none());
        assert!(split_front_matter("---\ntitle: A\n").is_none());
        let (y, ..) = split_front_matter("\u{feff}---\r\ntitle: A\r\n---\r\nB").unwrap();
        assert_eq!(y, "title: A\r\n");
    }

    /// The hint lists exactly the fields serde accepts, in its order, with the notes editors
    /// need for structured ones.
    #[test]
    fn the_hint_names_every_field_of_each_kind() {
        let hint = |is_index, kind| fields_hint(is_index, kind);
        let want = |fields: &str| {
            format!("fix the YAML; the fields this kind of file takes are: {fields}")
        };
        assert_eq!(
            hint(true, Kind::News),
            want(
                "title, description, path, sort_by (date|title|order|year|weight), paginate, template"
            )
        );
        assert_eq!(
            hint(false, Kind::Theme),
            want(
                "year, theme, start, end, opening {date, place}, report_deadline, issuer, source, description, sample, draft, slug, template"
            )
        );
        assert_eq!(
            hint(false, Kind::Slogan),
            want("text, years, order, source, formats, lines, sample, draft, slug, template")
        );
        assert_eq!(
            hint(false, Kind::News),
            want(
                "title, date, unit, summary, tags, cover, captions, photos ({file, caption, alt}), participants, counts, sample, draft, slug, template"
            )
        );
        assert_eq!(
            hint(false, Kind::Learner),
            want("name, unit, category, quote, year, photo, sample, draft, slug, template")
        );
        assert_eq!(
            hint(false, Kind::Pano),
            want(
                "title, description, layout, size (A4, A3, A1, A0, pano-ngang, pano-doc or {width, height}), bleed, theme (a year), slogan, headline, organiser, unit, opening {date, time, place}, photos (file names, or {file, fit: cover|contain, focus: [x, y]}), qr (a web address or @/ page), sample, draft, slug, template"
            )
        );
        assert_eq!(
            hint(false, Kind::Page),
            want(
                "title, description, date, captions, photos ({file, caption, alt}), weight, form (a results report's: {authority, issuer, subject, number, place, recipients, signer, signer_name}), sample, draft, slug, template"
            )
        );
    }
}
