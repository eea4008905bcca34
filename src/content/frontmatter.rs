//! Front matter of each content kind as written by editors. Every field is optional here:
//! a translation inherits the fields it leaves out from the default-language file, and only after
//! that merge do we check which required fields are still missing.

use serde::{Deserialize, Serialize};

use crate::types::{Date, UnitId};

/// Declares a front-matter struct whose fields are all optional, plus `inherit`, which fills the
/// fields a translation leaves out from the default-language version, and `FIELDS`, the names an
/// editor may write (for the hint of a misspelt one). `page { … }` adds the fields every page
/// kind takes ([`Common`]) after its own, and `common()` to read them.
macro_rules! front_matter {
    ($(#[$meta:meta])* $name:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        front_matter!(@declare $(#[$meta])* $name { $($field: $ty),* });
    };
    ($(#[$meta:meta])* page $name:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        front_matter!(@declare $(#[$meta])* $name {
            $($field: $ty,)* sample: bool, draft: bool, slug: String, template: String
        });

        impl $name {
            pub(crate) fn common(&self) -> Common {
                Common {
                    sample: self.sample.unwrap_or(false),
                    draft: self.draft.unwrap_or(false),
                    slug: self.slug.clone(),
                    template: self.template.clone(),
                }
            }
        }
    };
    (@declare $(#[$meta:meta])* $name:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(crate) struct $name {
            $(#[serde(default)] pub $field: Option<$ty>,)*
        }

        impl $name {
            pub(crate) const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];

            pub(crate) fn inherit(self, base: &Self) -> Self {
                Self { $($field: self.$field.or_else(|| base.$field.clone()),)* }
            }
        }
    };
}

/// The fields every kind of page takes, whatever its own.
#[derive(Debug, Clone, Default)]
pub(crate) struct Common {
    /// Sample content, marked as such on the page until the office replaces it.
    pub(crate) sample: bool,
    /// Left out of the build unless `--drafts`.
    pub(crate) draft: bool,
    /// The last part of the URL instead of the file name.
    pub(crate) slug: Option<String>,
    /// A template of the theme instead of the kind's own.
    pub(crate) template: Option<String>,
}

front_matter!(
    /// `_index.md` of a section (and of the site root, for the home page).
    SectionFront {
        title: String,
        description: String,
        path: String,
        sort_by: SortBy,
        paginate: usize,
        template: String,
    }
);

front_matter!(
    /// `content/themes/<year>.md`: one campaign year.
    page ThemeFront {
        year: i32,
        theme: String,
        start: Date,
        end: Date,
        opening: Opening,
        report_deadline: Date,
        issuer: String,
        source: String,
        description: String,
    }
);

front_matter!(
    /// `content/slogans/*.md`: one slogan (khẩu hiệu).
    page SloganFront {
        text: String,
        years: Vec<i32>,
        order: i32,
        source: String,
        formats: Vec<String>,
        lines: Lines,
    }
);

front_matter!(
    /// `content/news/*`: activity news from a unit.
    page NewsFront {
        title: String,
        date: Date,
        unit: UnitId,
        summary: String,
        tags: Vec<String>,
        cover: String,
        captions: std::collections::BTreeMap<String, String>,
        photos: Vec<PhotoNote>,
        participants: u32,
        counts: std::collections::BTreeMap<String, u64>,
    }
);

front_matter!(
    /// `content/learners/*.md`: an exemplary learner (gương điển hình).
    page LearnerFront {
        name: String,
        unit: UnitId,
        category: String,
        quote: String,
        year: i32,
        photo: String,
    }
);

front_matter!(
    /// `content/panos/*.md`: a printable poster or billboard (see `content::pano`).
    page PanoFront {
        title: String,
        description: String,
        layout: String,
        size: crate::content::pano::SizeField,
        bleed: String,
        theme: i32,
        slogan: String,
        headline: String,
        organiser: String,
        unit: UnitId,
        opening: crate::content::pano::OpeningField,
        photos: Vec<crate::content::pano::PhotoField>,
        qr: String,
    }
);

front_matter!(
    /// Free pages (`content/pages/`) and pages of any other section.
    page PageFront {
        title: String,
        description: String,
        date: Date,
        captions: std::collections::BTreeMap<String, String>,
        photos: Vec<PhotoNote>,
        weight: i32,
        form: ReportForm,
    }
);

/// One entry of `photos:`: what a bundle photo says, in the file's language. The form a CMS
/// writes (a list of objects); `captions:` says the same as a map.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PhotoNote {
    /// The photo's file name in the bundle.
    pub(crate) file: String,
    /// Shown under the photo; also its alt text unless `alt` says more.
    #[serde(default)]
    pub(crate) caption: Option<String>,
    /// What the photo shows, for readers who cannot see it, when the caption does not say it.
    #[serde(default)]
    pub(crate) alt: Option<String>,
}

/// `form:` of a results report (`content/reports/<year>.md`): the parts of the administrative
/// report form (Nghị định 30/2020/NĐ-CP) that print around it. Each is optional; a translation
/// gives its own in its language.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportForm {
    /// The authority above the issuer, "UBND TỈNH QUẢNG NAM".
    #[serde(default)]
    pub(crate) authority: Option<String>,
    /// Who issues the report, "SỞ GIÁO DỤC VÀ ĐÀO TẠO".
    #[serde(default)]
    pub(crate) issuer: Option<String>,
    /// The line under "BÁO CÁO": what the report is of ("Kết quả thực hiện kế hoạch…"); the
    /// page's title when not given.
    #[serde(default)]
    pub(crate) subject: Option<String>,
    /// The document number, "125/BC-SGDĐT".
    #[serde(default)]
    pub(crate) number: Option<String>,
    /// Where it is signed, before its date: "Quảng Nam".
    #[serde(default)]
    pub(crate) place: Option<String>,
    /// "Nơi nhận": who gets a copy.
    #[serde(default)]
    pub(crate) recipients: Vec<String>,
    /// The signer's title, "GIÁM ĐỐC", and name.
    #[serde(default)]
    pub(crate) signer: Option<String>,
    #[serde(default)]
    pub(crate) signer_name: Option<String>,
}

/// Explicit line breaks for a slogan's artwork: one list for every format, or one per format
/// name (with `default` for the rest). Editors use it where balancing would split a two-syllable
/// word such as "học sinh" across lines.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Lines {
    All(Vec<String>),
    PerFormat(std::collections::BTreeMap<String, Vec<String>>),
}

impl Lines {
    pub(crate) fn for_format(&self, format: &str) -> Option<&[String]> {
        match self {
            Lines::All(l) => Some(l),
            Lines::PerFormat(m) => m
                .get(format)
                .or_else(|| m.get("default"))
                .map(Vec::as_slice),
        }
    }
}

/// The opening ceremony of a campaign year: when and where.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    #[serde(default)]
    pub(crate) date: Option<Date>,
    #[serde(default)]
    pub(crate) place: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SortBy {
    Date,
    Title,
    Order,
    Year,
    Weight,
}
