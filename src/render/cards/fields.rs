//! Cards written as structs, not maps. A card is a list of fields from several parts (every
//! page's, its kind's, its bundle's). Written with `#[serde(flatten)]`, serde makes it a map,
//! whose keys reach Tera as strings to allocate, one `Arc<str>` per field per card, and which
//! then had to be swapped for shared ones. Written as a struct, each key is the field's
//! `&'static str` name, which Tera keeps as it is. On the 10k bilingual corpus the cards were a
//! tenth of the build's CPU, half of it in that serialisation.
//!
//! The keys and their order are those `#[serde(flatten)]` gave: each part's fields in the order
//! its struct declares them, the parts in the order the card declares them.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::{
    BundleCard, Card, CardCommon, EveryKind, FullCard, KindCard, LearnerCard, NewsCard, PageCard,
    PanoCard, SloganCard, ThemeCard,
};
use crate::model::NewsShown;

/// A part of a card: writes its fields into the card's struct.
pub(in crate::render) trait Fields {
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error>;
}

/// `Fields` of a struct whose fields are all written as they are, by name. The struct is
/// destructured, so a field added to it and not here is a compile error, not a missing key.
macro_rules! plain_fields {
    ($($ty:ident { $($field:ident),* $(,)? })*) => {$(
        impl Fields for $ty {
            fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
                let $ty { $($field),* } = self;
                $(s.serialize_field(stringify!($field), $field)?;)*
                Ok(())
            }
        }
    )*};
}

plain_fields! {
    CardCommon {
        id, kind, lang, section, title, url, permalink, date, summary, description, sample,
        word_count, reading_minutes,
    }
    BundleCard { first_photo_path, photo_count }
    ThemeCard { theme, start, end, opening, report_deadline, issuer }
    SloganCard { text, years, order }
    LearnerCard { name, category, quote, photo, photo_path }
    PageCard { weight }
    PanoCard { preview }
}

impl Fields for NewsShown {
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        let NewsShown {
            participants,
            counts,
        } = self;
        s.serialize_field("participants", participants)?;
        // As the model's `skip_serializing_if`: no `counts` when the post counts nothing.
        if !counts.is_empty() {
            s.serialize_field("counts", counts)?;
        }
        Ok(())
    }
}

impl Fields for NewsCard {
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        let NewsCard {
            cover,
            cover_path,
            shown,
        } = self;
        s.serialize_field("cover", cover)?;
        s.serialize_field("cover_path", cover_path)?;
        shown.fields(s)
    }
}

impl Fields for KindCard {
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        match self {
            KindCard::Theme { theme, source } => {
                theme.fields(s)?;
                s.serialize_field("source", source)
            }
            KindCard::Slogan { source, slogan } => {
                s.serialize_field("source", source)?;
                slogan.fields(s)
            }
            KindCard::News(news) => news.fields(s),
            KindCard::Learner(learner) => learner.fields(s),
            KindCard::Pano(pano) => pano.fields(s),
            KindCard::Page(page) => page.fields(s),
        }
    }
}

impl Fields for EveryKind {
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        let EveryKind {
            theme,
            source,
            slogan,
            learner,
            news,
            page,
        } = self;
        theme.fields(s)?;
        s.serialize_field("source", source)?;
        slogan.fields(s)?;
        learner.fields(s)?;
        news.fields(s)?;
        page.fields(s)
    }
}

impl Fields for Card {
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        let Card {
            common,
            year,
            kind,
            photos,
        } = self;
        common.fields(s)?;
        s.serialize_field("year", year)?;
        kind.fields(s)?;
        photos.fields(s)
    }
}

impl Fields for FullCard {
    fn fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        let FullCard {
            common,
            unit,
            tags,
            year,
            kinds,
            photos,
        } = self;
        common.fields(s)?;
        s.serialize_field("unit", unit)?;
        s.serialize_field("tags", tags)?;
        s.serialize_field("year", year)?;
        kinds.fields(s)?;
        photos.fields(s)
    }
}

/// Serialises `value` as one struct of its fields; `len` is about how many there are (Tera
/// reserves that much room; the fields depend on the page's kind).
pub(in crate::render) fn as_struct<T: Fields, S: Serializer>(
    name: &'static str,
    len: usize,
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut s = serializer.serialize_struct(name, len)?;
    value.fields(&mut s)?;
    s.end()
}

impl Serialize for Card {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // 18 to 24 fields, and `unit` and `tags` added to lists' cards.
        as_struct("Card", 26, self, serializer)
    }
}

impl Serialize for FullCard {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        as_struct("FullCard", 40, self, serializer)
    }
}
