//! One document's front matter → a [`Page`]: required fields, units, pictures, slug and URL.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{BuildOptions, Page, Section};
use crate::config::Config;
use crate::content::frontmatter::*;
use crate::content::units::Units;
use crate::content::{Document, Front};
use crate::error::{Error, Location, Result};
use crate::types::{Date, Lang, Slug, UnitId};

/// What a news post shows beyond what every page has, and that no list, URL or file depends
/// on. Templates and cards get these fields as they are (the renderer flattens the struct), and
/// `loa serve` patches a post whose edit changes only these. So a field editors should be able
/// to write and templates to show is added here, in `NewsFront` and in `news_page`, and nowhere
/// else.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NewsShown {
    /// How many took part (for the results report).
    pub participants: Option<u32>,
    /// What else the post counts, by the campaign profile's `counts` ids (for the report).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub counts: BTreeMap<String, u64>,
}

/// A news post's tag: as the editor wrote it, and the slug its page is at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tag {
    pub(crate) name: String,
    pub(crate) slug: Slug,
}

/// The part of a page that depends on its kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum PageData {
    /// `themes/<year>.md`.
    Theme {
        /// The campaign year.
        year: i32,
        /// The year's theme (chủ đề).
        theme: String,
        /// First day of the campaign's period (a week, a month, a day).
        start: Date,
        /// Last day of the period.
        end: Date,
        /// The opening ceremony.
        opening: Option<Opening>,
        /// When units' reports are due.
        report_deadline: Option<Date>,
        /// Who issued the plan.
        issuer: Option<String>,
        /// The document it is taken from.
        source: Option<String>,
    },
    /// `slogans/*.md`.
    Slogan {
        /// The slogan as it is hung.
        text: String,
        /// The campaign years it belongs to.
        years: Vec<i32>,
        /// Its place among the year's slogans.
        order: i32,
        /// The document it is taken from.
        source: Option<String>,
        /// Artwork formats for this slogan; empty means every configured format.
        formats: Vec<String>,
        /// Line breaks the editor chose for the artwork.
        lines: Option<Lines>,
    },
    /// `news/`.
    News {
        /// The unit it belongs to.
        #[serde(rename = "unit_id")]
        unit: UnitId,
        /// Its tags, one per spelling-insensitive slug.
        tags: Vec<Tag>,
        /// The picture lists show.
        cover: Option<String>,
        /// What the post shows and nothing lists or links by.
        #[serde(flatten)]
        shown: NewsShown,
    },
    /// `learners/*.md`.
    Learner {
        /// The learner's name.
        name: String,
        /// The unit it belongs to.
        #[serde(rename = "unit_id")]
        unit: UnitId,
        /// The category they are honoured in: an id of the campaign profile's `categories`
        /// (the titles a campaign honours people with).
        category: String,
        /// Their words.
        quote: Option<String>,
        /// The year they were honoured.
        year: Option<i32>,
        /// Their portrait.
        photo: Option<String>,
    },
    /// `panos/*.md`: the checked layout, size and pictures.
    Pano(Box<crate::content::pano::PanoSpec>),
    /// Any other page.
    Page {
        /// Its place in lists and menus (lighter first).
        weight: i32,
        /// A results report's administrative form (`form:`), for printing.
        form: Option<Box<crate::content::frontmatter::ReportForm>>,
    },
}

/// Captions and alt texts of bundle photos by file name, from `captions:` and `photos:`.
type PhotoTexts = (BTreeMap<String, String>, BTreeMap<String, String>);

/// What `captions:` and `photos:` say of each bundle photo; a photo captioned in both is an
/// error, since one of the two would be dropped without a word.
fn photo_notes(d: &Document) -> Result<PhotoTexts> {
    let (map, list) = match &d.front {
        Front::News(f) => (f.captions.clone(), f.photos.clone()),
        Front::Page(f) => (f.captions.clone(), f.photos.clone()),
        _ => (None, None),
    };
    let nfc = crate::text::nfc;
    let mut captions: BTreeMap<String, String> = map
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (nfc(&k), nfc(&v)))
        .collect();
    let mut alts = BTreeMap::new();
    for note in list.unwrap_or_default() {
        let file = nfc(&note.file);
        if let Some(c) = note.caption.filter(|c| !c.trim().is_empty())
            && captions.insert(file.clone(), nfc(&c)).is_some()
        {
            return Err(Error::content(
                d.at_field("photos"),
                format!("photo `{file}` is captioned twice, under `captions:` and `photos:`"),
                "keep one of the two captions",
            ));
        }
        if let Some(a) = note.alt.filter(|a| !a.trim().is_empty()) {
            alts.insert(file, nfc(&a));
        }
    }
    Ok((captions, alts))
}

fn missing(d: &Document, field: &str, example: &str) -> Error {
    Error::content(
        Location::line(&d.rel, 2),
        format!("required field `{field}` is missing from the front matter"),
        format!("add a line such as `{field}: {example}` between the `---` lines"),
    )
}

macro_rules! required {
    ($d:expr, $f:expr, $field:ident, $example:expr) => {
        match $f.$field.clone() {
            Some(v) => v,
            None => return Err(missing($d, stringify!($field), $example)),
        }
    };
}

/// A picture named in front matter must be a web address, a file in static/ (`/img/a.jpg`), or a
/// file in the page's own bundle; it may not climb out of either folder.
fn check_image_ref(
    config: &Config,
    d: &Document,
    field: &str,
    value: &Option<String>,
) -> Result<Option<String>> {
    let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.starts_with("https://") || v.starts_with("http://") {
        return Ok(Some(v.to_string()));
    }
    let err = |what: String, hint: &str| Err(Error::content(d.at_field(field), what, hint));
    if std::path::Path::new(v)
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return err(
            format!("`{field}: {v}` points outside the site"),
            "put the picture in the page's folder, or in static/ and write it as /img/name.jpg",
        );
    }
    let file = match (v.strip_prefix('/'), &d.bundle) {
        (Some(rel), _) => config.static_dir().join(rel),
        (None, Some(bundle)) => bundle.join(v),
        (None, None) => {
            return err(
                format!(
                    "`{field}: {v}` is a file name, but this page is not a folder (page bundle) that could hold it"
                ),
                "make the page a folder with index.md and the picture beside it, or put the picture in static/ and write /img/name.jpg",
            );
        }
    };
    if crate::content::on_disk(&file).is_none() {
        return err(
            format!("`{field}: {v}`: there is no such file ({})", file.display()),
            "check the file name (letters, accents and case must match)",
        );
    }
    Ok(Some(v.to_string()))
}

fn check_unit(units: &Units, d: &Document, unit: &UnitId) -> Result<()> {
    if units.get(unit).is_some() {
        return Ok(());
    }
    let hint = crate::content::units::unknown_hint(units, unit.as_str());
    Err(Error::content(
        d.at_field("unit"),
        format!("unit `{unit}` is not in the units registry"),
        hint,
    ))
}

/// What lists and pages show of a page, whatever its kind.
struct Shown {
    title: String,
    date: Option<Date>,
    summary: String,
    description: String,
}

pub(super) fn make_page(
    config: &Config,
    units: &Units,
    sections: &BTreeMap<(String, Lang), Section>,
    d: Document,
    opts: &BuildOptions,
) -> Result<Option<Page>> {
    let Some(common) = d.front.common() else {
        return Ok(None);
    };
    let (shown, data) = match &d.front {
        Front::Theme(f) => theme_page(&d, f)?,
        Front::Slogan(f) => slogan_page(&d, f)?,
        Front::News(f) => news_page(config, units, &d, f)?,
        Front::Learner(f) => learner_page(config, units, &d, f)?,
        Front::Pano(f) => pano_page(config, units, &d, f)?,
        Front::Page(f) => page_page(&d, f)?,
        Front::Section(_) => return Ok(None),
    };
    if common.draft && !opts.drafts {
        return Ok(None);
    }
    let (captions, alts) = photo_notes(&d)?;
    let last = d.key.rsplit('/').next().unwrap_or(&d.key);
    let slug = match &common.slug {
        Some(s) => Slug::from_text(s),
        None => Slug::from_text(last),
    };
    if slug.is_empty() {
        return Err(Error::content(
            Location::line(&d.rel, 2),
            "this page has an empty URL slug",
            "set `slug:` in the front matter to a few words, e.g. `slug: khai-mac`",
        ));
    }
    if slug.as_str().len() > Slug::MAX_LEN {
        let at = if common.slug.is_some() {
            d.at_field("slug")
        } else {
            Location::file(&d.rel)
        };
        return Err(Error::content(
            at,
            format!(
                "this page's URL slug is {} characters long, over the {} a web address folder may have",
                slug.as_str().len(),
                Slug::MAX_LEN
            ),
            "set `slug:` in the front matter to a few words, e.g. `slug: khai-mac`",
        ));
    }
    let section_segment = sections
        .get(&(d.section.clone(), d.lang.clone()))
        .map(|s| s.segment.clone())
        .unwrap_or_else(|| d.section.clone());
    let path = {
        let prefix = config.lang_prefix(&d.lang);
        if section_segment.is_empty() {
            format!("{prefix}/{slug}/")
        } else {
            format!("{prefix}/{section_segment}/{slug}/")
        }
    };
    Ok(Some(Page {
        id: 0,
        kind: d.kind(),
        key: d.key,
        lang: d.lang,
        section: d.section,
        slug,
        path,
        title: shown.title,
        date: shown.date,
        summary: shown.summary,
        description: shown.description,
        sample: common.sample,
        template: common.template,
        markdown: d.body,
        html: Default::default(),
        shortcodes: Vec::new(),
        toc: Vec::new(),
        word_count: 0,
        data,
        bundle: d.bundle,
        captions,
        alts,
        body_line: d.body_line,
        rel: d.rel,
    }))
}

impl Page {
    /// Takes what rendering the body's Markdown gave: HTML, shortcodes, outline, summary. The
    /// HTML goes where `bodies` keeps a build's bodies, or stays in memory without it.
    pub(super) fn take_markdown(
        &mut self,
        md: crate::content::markdown::Rendered,
        calls: Vec<crate::content::shortcode::Call>,
        bodies: Option<&super::html::Bodies>,
    ) {
        self.shortcodes = calls;
        if self.summary.is_empty() {
            self.summary = crate::text::truncate_words(&md.first_paragraph, 220);
        }
        self.word_count = md.word_count;
        self.html = match bodies {
            Some(bodies) => super::Html::stored(&md.html, bodies),
            None => super::Html::new(&md.html),
        };
        self.toc = md.toc;
    }
}

/// A campaign year: its theme and dates.
fn theme_page(d: &Document, f: &ThemeFront) -> Result<(Shown, PageData)> {
    let nfc = |s: &Option<String>| s.as_deref().map(crate::text::nfc);
    let year = required!(&d, f, year, "2023");
    let theme = required!(&d, f, theme, "Xây dựng năng lực tự học trong kỷ nguyên số");
    let start = required!(&d, f, start, "2023-10-02");
    let end = required!(&d, f, end, "2023-10-08");
    if end < start {
        return Err(Error::content(
            d.at_field("end"),
            format!("end {end} is before start {start}"),
            "swap the two dates",
        ));
    }
    Ok((
        Shown {
            title: crate::text::nfc(&theme),
            date: Some(start),
            summary: String::new(),
            description: nfc(&f.description).unwrap_or_default(),
        },
        PageData::Theme {
            year,
            theme: crate::text::nfc(&theme),
            start,
            end,
            opening: f.opening.clone(),
            report_deadline: f.report_deadline,
            issuer: nfc(&f.issuer),
            source: nfc(&f.source),
        },
    ))
}

/// A slogan, with the years it is for and its artwork formats.
/// The longest slogan (or line of a slogan) loa tries to lay out: the longest real ones are
/// under 120 characters, and the artwork says how much of a longer one fits each format.
const SLOGAN_MAX_CHARS: usize = 4000;

fn slogan_page(d: &Document, f: &SloganFront) -> Result<(Shown, PageData)> {
    let nfc = |s: &Option<String>| s.as_deref().map(crate::text::nfc);
    let text = required!(&d, f, text, "Chung tay xây dựng cộng đồng văn minh");
    let years = required!(&d, f, years, "[2022]");
    // A slogan is a phrase hung across a street; thousands of words cannot be printed legibly,
    // and fitting them to a banner took the artwork's line breaker minutes (found by fuzzing).
    let written: Vec<&String> = match &f.lines {
        Some(Lines::All(v)) => v.iter().collect(),
        Some(Lines::PerFormat(m)) => m.values().flatten().collect(),
        None => Vec::new(),
    };
    for (field, t) in
        std::iter::once(("text", &text)).chain(written.into_iter().map(|l| ("lines", l)))
    {
        let n = t.chars().count();
        if n > SLOGAN_MAX_CHARS {
            return Err(Error::content(
                d.at_field(field),
                format!(
                    "this slogan is too long to lay out: {n} characters, over the {SLOGAN_MAX_CHARS} loa lays out (a banner holds far fewer)"
                ),
                "write the slogan as the short phrase it is hung as; long text belongs in a page",
            ));
        }
    }
    Ok((
        Shown {
            title: crate::text::nfc(&text),
            date: None,
            summary: String::new(),
            description: String::new(),
        },
        PageData::Slogan {
            text: crate::text::nfc(&text),
            years,
            order: f.order.unwrap_or(0),
            source: nfc(&f.source),
            formats: f.formats.clone().unwrap_or_default(),
            lines: f.lines.clone().map(|l| match l {
                Lines::All(v) => Lines::All(v.iter().map(|s| crate::text::nfc(s)).collect()),
                Lines::PerFormat(m) => Lines::PerFormat(
                    m.into_iter()
                        .map(|(k, v)| (k, v.iter().map(|s| crate::text::nfc(s)).collect()))
                        .collect(),
                ),
            }),
        },
    ))
}

/// A unit's news: unit, tags and cover checked against the site.
fn news_page(
    config: &Config,
    units: &Units,
    d: &Document,
    f: &NewsFront,
) -> Result<(Shown, PageData)> {
    let nfc = |s: &Option<String>| s.as_deref().map(crate::text::nfc);
    let title = required!(&d, f, title, "Lễ phát động tại trường");
    let date = required!(&d, f, date, "2023-10-02");
    let unit = required!(&d, f, unit, "thcs-ngo-quyen");
    check_unit(units, d, &unit)?;
    let written = f.tags.as_deref().unwrap_or_default();
    // Each tag is a page that lists the post: a post with thousands of tags would make
    // thousands of pages from one file.
    let max = config.limits.tags;
    if written.len() > max {
        return Err(Error::content(
            d.at_field("tags"),
            format!(
                "this post has {} tags, over the limit of {max}",
                written.len()
            ),
            "keep the few tags readers would search for (most posts need 2–5), or raise `limits: tags:` in site.yaml",
        ));
    }
    let tags = written
        .iter()
        .map(|t| crate::text::nfc(t.trim()))
        .filter(|t| !t.is_empty())
        .map(|name| Tag {
            slug: Slug::from_text(&name),
            name,
        })
        .collect::<Vec<_>>();
    // Two spellings of one tag ("Văn hóa đọc", "văn hoá đọc") are one tag page: the
    // post is listed there once, under the first spelling.
    let mut tags = tags;
    let mut seen = std::collections::HashSet::new();
    tags.retain(|t| seen.insert(t.slug.clone()));
    if let Some(long) = tags.iter().find(|t| t.slug.as_str().len() > Slug::MAX_LEN) {
        return Err(Error::content(
            d.at_field("tags"),
            format!(
                "tag `{}` is too long to be a tag page's address ({} characters at most)",
                crate::text::ellipsis(&long.name, 40),
                Slug::MAX_LEN
            ),
            "use a word or two as the tag, e.g. `văn hóa đọc`",
        ));
    }
    if let Some(bad) = tags.iter().find(|t| t.slug.is_empty()) {
        return Err(Error::content(
            d.at_field("tags"),
            format!(
                "tag `{}` has no letters or digits to make a URL from",
                bad.name
            ),
            "use a word or two as the tag, e.g. `văn hóa đọc`",
        ));
    }
    Ok((
        Shown {
            title: crate::text::nfc(&title),
            date: Some(date),
            summary: nfc(&f.summary).unwrap_or_default(),
            description: String::new(),
        },
        PageData::News {
            unit,
            tags,
            cover: check_image_ref(config, d, "cover", &f.cover)?,
            shown: NewsShown {
                participants: f.participants,
                counts: f.counts.clone().unwrap_or_default(),
            },
        },
    ))
}

/// An exemplary learner of a unit.
fn learner_page(
    config: &Config,
    units: &Units,
    d: &Document,
    f: &LearnerFront,
) -> Result<(Shown, PageData)> {
    let nfc = |s: &Option<String>| s.as_deref().map(crate::text::nfc);
    let name = required!(&d, f, name, "Nguyễn Thị Lan");
    let unit = required!(&d, f, unit, "phuong-an-my");
    // Its value was checked against the campaign's categories when the file was read.
    let categories = &config.profile.categories;
    let example = categories.first().map_or("<category>", String::as_str);
    let category = required!(&d, f, category, example);
    check_unit(units, d, &unit)?;
    Ok((
        Shown {
            title: crate::text::nfc(&name),
            date: None,
            summary: String::new(),
            description: String::new(),
        },
        PageData::Learner {
            name: crate::text::nfc(&name),
            unit,
            category,
            quote: nfc(&f.quote),
            year: f.year,
            photo: check_image_ref(config, d, "photo", &f.photo)?,
        },
    ))
}

/// A printable poster, its layout and pictures checked (see `content::pano`).
fn pano_page(
    config: &Config,
    units: &Units,
    d: &Document,
    f: &PanoFront,
) -> Result<(Shown, PageData)> {
    let nfc = |s: &Option<String>| s.as_deref().map(crate::text::nfc);
    let title = required!(&d, f, title, "Pano lễ khai mạc 2023");
    let spec = crate::content::pano::spec(config, units, d, f)?;
    Ok((
        Shown {
            title: crate::text::nfc(&title),
            date: None,
            summary: String::new(),
            description: nfc(&f.description).unwrap_or_default(),
        },
        PageData::Pano(Box::new(spec)),
    ))
}

/// A free page.
fn page_page(d: &Document, f: &PageFront) -> Result<(Shown, PageData)> {
    let nfc = |s: &Option<String>| s.as_deref().map(crate::text::nfc);
    let title = required!(&d, f, title, "Giới thiệu");
    Ok((
        Shown {
            title: crate::text::nfc(&title),
            date: f.date,
            summary: String::new(),
            description: nfc(&f.description).unwrap_or_default(),
        },
        PageData::Page {
            weight: f.weight.unwrap_or(0),
            form: f.form.clone().map(Box::new),
        },
    ))
}
