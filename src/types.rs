//! Small types that carry meaning, so a language code is never confused with a slug or a unit id.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A language code from `site.yaml` (`vi`, `en`, `fr`…).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Lang(String);

impl Lang {
    /// Language codes are short lowercase ASCII tags, optionally with a region (`pt-br`).
    pub(crate) fn parse(code: &str) -> Option<Lang> {
        let valid = Self::looks_like_code(code);
        valid.then(|| Lang(code.to_string()))
    }

    /// Whether a file-name suffix such as `en` in `about.en.md` looks like a language code, used
    /// to tell a translation for an unconfigured language from an ordinary dotted file name.
    pub(crate) fn looks_like_code(code: &str) -> bool {
        let mut parts = code.split('-');
        let base = parts.next().unwrap_or("");
        let base_ok = (2..=3).contains(&base.len()) && base.chars().all(|c| c.is_ascii_lowercase());
        let rest_ok = parts
            .all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
        base_ok && rest_ok
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Lang::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{s}` is not a language code: use a short lowercase code such as `vi` or `en`"
            ))
        })
    }
}

/// The last segment of a page URL: lowercase ASCII letters, digits and dashes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// Makes a slug from any text (a title, a file name), removing Vietnamese diacritics.
    /// The longest URL segment loa makes: readable in an address bar, and far below the 255
    /// bytes a file name may have (a longer one failed only when its folder was written).
    pub(crate) const MAX_LEN: usize = 120;

    pub(crate) fn from_text(text: &str) -> Slug {
        Slug(crate::text::slugify(text))
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The id of a unit (school, ward, agency…) in `content/units.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct UnitId(String);

impl UnitId {
    pub(crate) fn parse(s: &str) -> Option<UnitId> {
        let ok = !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        ok.then(|| UnitId(s.to_string()))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for UnitId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        UnitId::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{s}` is not a unit id: use lowercase ASCII letters, digits and dashes, e.g. `thcs-ngo-quyen`"
            ))
        })
    }
}

/// A calendar date written `YYYY-MM-DD` in front matter. A full timestamp
/// (`2023-10-02T08:00:00+07:00`) is accepted and kept to its date: campaign content is dated by
/// day, and keeping times out avoids time-zone surprises in "N days left".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(pub NaiveDate);

impl Date {
    /// 1970-01-01: the `<updated>` of a feed on a site with no dated page at all.
    pub(crate) const EPOCH: Date = match NaiveDate::from_ymd_opt(1970, 1, 1) {
        Some(d) => Date(d),
        None => panic!("1970-01-01 is a date"),
    };

    /// `YYYY-MM-DD`, or None.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        // Templates format every date shown through this (the `date` filter), tens of thousands
        // of times in a province's build: a plain day goes to chrono's ISO reader, whose items
        // are fixed, not to `parse_from_str`, which parses its format string on every call.
        let plain = s.len() == 10
            && s.bytes().enumerate().all(|(i, c)| match i {
                4 | 7 => c == b'-',
                _ => c.is_ascii_digit(),
            });
        if plain {
            return s.parse::<NaiveDate>().ok().map(Date);
        }
        let day = s.get(..10)?;
        let rest = &s[10..];
        if !rest.is_empty() && !rest.starts_with(['T', ' ']) {
            return None;
        }
        if !rest.is_empty() && chrono::DateTime::parse_from_rfc3339(&s.replace(' ', "T")).is_err() {
            // Allow a time without an offset too ("2023-10-02 08:00").
            let t = rest[1..].trim();
            if chrono::NaiveTime::parse_from_str(t, "%H:%M:%S").is_err()
                && chrono::NaiveTime::parse_from_str(t, "%H:%M").is_err()
            {
                return None;
            }
        }
        NaiveDate::parse_from_str(day, "%Y-%m-%d").ok().map(Date)
    }

    pub(crate) fn year(&self) -> i32 {
        self.0.year()
    }

    pub(crate) fn month(&self) -> u32 {
        self.0.month()
    }

    pub(crate) fn day(&self) -> u32 {
        self.0.day()
    }

    /// `YYYY-MM-DD`. chrono's `Display` writes `%Y-%m-%d` without parsing a format string
    /// (every date a template shows is serialised through here).
    pub(crate) fn iso(&self) -> String {
        self.0.to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{s}` is not a valid date: write it as YYYY-MM-DD, e.g. 2023-10-02"
            ))
        })
    }
}

/// A physical length in millimetres: print sizes are always carried in this type, so they are
/// never confused with pixels or PDF points.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize)]
#[serde(transparent)]
pub struct Mm(pub f64);

impl Mm {
    /// Millimetres in an inch.
    pub const PER_INCH: f64 = 25.4;

    /// PDF points (1/72 inch).
    pub(crate) fn to_pt(self) -> f64 {
        self.0 / Self::PER_INCH * 72.0
    }
}

/// A length as written in site.yaml or front matter: `5000mm`, `20 mm`, `1200px`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Length {
    Mm(Mm),
    Px(f64),
}

impl Length {
    pub(crate) fn parse(s: &str) -> Option<Length> {
        let s = s.trim();
        let (num, unit) = if let Some(n) = s.strip_suffix("mm") {
            (n, "mm")
        } else if let Some(n) = s.strip_suffix("cm") {
            (n, "cm")
        } else if let Some(n) = s.strip_suffix("px") {
            (n, "px")
        } else {
            return None;
        };
        let v: f64 = num.trim().parse().ok()?;
        if !v.is_finite() || v < 0.0 {
            return None;
        }
        Some(match unit {
            "mm" => Length::Mm(Mm(v)),
            "cm" => Length::Mm(Mm(v * 10.0)),
            _ => Length::Px(v),
        })
    }
}

impl<'de> Deserialize<'de> for Length {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Length::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{s}` is not a length: write a number with its unit, e.g. 5000mm, 20mm or 1200px"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        assert_eq!(Length::parse("5000mm"), Some(Length::Mm(Mm(5000.0))));
        assert_eq!(Length::parse("2.5 cm"), Some(Length::Mm(Mm(25.0))));
        assert_eq!(Length::parse("1200px"), Some(Length::Px(1200.0)));
        assert_eq!(Length::parse("1200"), None);
        assert_eq!(Length::parse("-3mm"), None);
        assert!((Mm(25.4).to_pt() - 72.0).abs() < 1e-9);
    }

    #[test]
    fn dates() {
        assert_eq!(Date::parse("2023-10-02").unwrap().iso(), "2023-10-02");
        assert_eq!(
            Date::parse("2023-10-02T08:00:00+07:00").unwrap().iso(),
            "2023-10-02"
        );
        assert_eq!(Date::parse("2023-10-02 08:30").unwrap().iso(), "2023-10-02");
        assert!(Date::parse("2023-13-02").is_none());
        assert!(Date::parse("02/10/2023").is_none());
        assert!(Date::parse("2023-10-02xyz").is_none());
        assert!(Date::parse("2023-02-30").is_none());
    }

    /// `parse` and `iso` skip chrono's format parser for plain days: they must agree with it.
    #[test]
    fn plain_days_are_read_and_written_as_chrono_does() {
        let chrono_parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(Date);
        for s in [
            "2023-10-02",
            "0000-01-01",
            "9999-12-31",
            "2024-02-29",
            "2023-02-29",
            "1900-02-29",
            "2000-02-29",
            "2023-00-10",
            "2023-10-00",
            "2023-12-32",
            "2023-1a-02",
            "20231-10-2",
        ] {
            assert_eq!(Date::parse(s), chrono_parse(s), "{s}");
        }
        for (y, m, d) in [
            (2023, 10, 2),
            (0, 1, 1),
            (9999, 12, 31),
            (10000, 1, 1),
            (-5, 3, 4),
        ] {
            let date = Date(NaiveDate::from_ymd_opt(y, m, d).unwrap());
            assert_eq!(date.iso(), date.0.format("%Y-%m-%d").to_string());
        }
    }

    #[test]
    fn language_codes() {
        assert!(Lang::looks_like_code("en"));
        assert!(Lang::looks_like_code("pt-br"));
        assert!(!Lang::looks_like_code("draft"));
        assert!(!Lang::looks_like_code("2"));
        assert!(!Lang::looks_like_code("EN"));
    }
}
