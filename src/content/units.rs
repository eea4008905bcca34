//! The units registry (`content/units.yaml`): every school, ward, agency and association that may
//! post news, with its name in each language and its parent district or province.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::Localized;
use crate::content::pano::OpeningField;
use crate::error::{Error, IoContext, Location, Result};
use crate::types::UnitId;

pub(crate) const UNITS_FILE: &str = "units.yaml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum UnitKind {
    Province,
    District,
    Ward,
    School,
    Agency,
    Association,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Unit {
    pub(crate) id: UnitId,
    pub(crate) kind: UnitKind,
    pub(crate) name: Localized,
    #[serde(default)]
    pub(crate) parent: Option<UnitId>,
    #[serde(default)]
    pub(crate) website: Option<String>,
    /// A logo: a file in static/ (`/img/logos/x.png`) or a web address.
    #[serde(default)]
    pub(crate) logo: Option<String>,
    /// Whether raw HTML in this unit's Markdown is published as written. Off by default: most
    /// units are schools and wards whose posts are not reviewed by the site's editors, so their
    /// HTML is sanitised (see `crate::content::sanitize`).
    #[serde(default)]
    pub(crate) trusted: bool,
    /// The unit's own opening ceremony, printed on the panos of its campaign kit. Without it a
    /// kit's pano gives the campaign's opening date and no place: the province's place under a
    /// ward's name would send people to the wrong ceremony.
    #[serde(default)]
    pub(crate) opening: Option<OpeningField>,
}

/// Units in file order, with an index by id.
#[derive(Debug, Default)]
pub(crate) struct Units {
    pub(crate) list: Vec<Unit>,
    index: HashMap<UnitId, usize>,
}

impl Units {
    pub(crate) fn load(abs: &Path, rel: &Path) -> Result<Units> {
        let bytes = std::fs::read(abs).at(rel)?;
        let text = crate::yaml::utf8(&bytes).map_err(|e| {
            Error::content(
                Location::at(rel, e.line),
                e.message,
                "retype the character there, or convert the file (e.g. with your editor's encoding menu)",
            )
        })?;
        Self::parse(&crate::text::nfc(text), rel)
    }

    pub(crate) fn parse(text: &str, rel: &Path) -> Result<Units> {
        let list: Vec<Unit> = if text.trim().is_empty() {
            Vec::new()
        } else {
            crate::yaml::from_str(text).map_err(|e| {
                let at = Location::at(rel, e.line);
                Error::content(
                    at,
                    e.message,
                    "each unit is `- id: …`, `kind:` (province, district, ward, school, agency, association), `name: {vi: …, en: …}`, optional `parent:`, `website:`, `logo:`, `trusted: true` and `opening: {date: 2023-10-02, time: 7 giờ 30, place: …}`",
                )
            })?
        };
        let at_id = |id: &UnitId| {
            let line = text
                .lines()
                .position(|l| {
                    let t = l.trim_start().trim_start_matches("- ");
                    t.strip_prefix("id:")
                        .is_some_and(|v| v.trim().trim_matches(['"', '\'']) == id.as_str())
                })
                .map(|i| i + 1);
            Location::at(rel, line)
        };
        let mut index = HashMap::new();
        for (i, u) in list.iter().enumerate() {
            if index.insert(u.id.clone(), i).is_some() {
                return Err(Error::content(
                    at_id(&u.id),
                    format!("unit id `{}` is used twice", u.id),
                    "give each unit its own id",
                ));
            }
        }
        for u in &list {
            if let Some(w) = &u.website
                && !(w.starts_with("https://") || w.starts_with("http://"))
            {
                return Err(Error::content(
                    at_id(&u.id),
                    format!(
                        "unit `{}` has website `{w}`, which is not an http(s) address",
                        u.id
                    ),
                    "write the full address, e.g. https://thcs-ngoquyen.edu.vn",
                ));
            }
            if let Some(l) = &u.logo
                && !(l.starts_with("https://") || l.starts_with("http://") || l.starts_with('/'))
            {
                return Err(Error::content(
                    at_id(&u.id),
                    format!(
                        "unit `{}` has logo `{l}`, which is neither a web address nor a file in static/",
                        u.id
                    ),
                    "put the logo in static/img/ and write `logo: /img/name.png`, or write its full https:// address",
                ));
            }
            if let Some(o) = &u.opening {
                check_opening(u, o, &at_id(&u.id), text)?;
            }
            if let Some(p) = &u.parent
                && !index.contains_key(p)
            {
                return Err(Error::content(
                    at_id(&u.id),
                    format!(
                        "unit `{}` has parent `{p}`, which is not in the registry",
                        u.id
                    ),
                    "add the parent unit to units.yaml or fix the id",
                ));
            }
        }
        Ok(Units { list, index })
    }

    /// Whether `id`'s HTML is published unsanitised; unknown units are not trusted.
    pub(crate) fn trusted(&self, id: &UnitId) -> bool {
        self.get(id).is_some_and(|u| u.trusted)
    }

    pub(crate) fn get(&self, id: &UnitId) -> Option<&Unit> {
        self.index.get(id).map(|&i| &self.list[i])
    }

    /// Known ids closest to a misspelt one, for "did you mean" hints (see `text::closest`).
    pub(crate) fn suggest(&self, wrong: &str) -> Vec<&str> {
        crate::text::closest(wrong, self.list.iter().map(|u| u.id.as_str()))
    }
}

/// A unit's `opening:` must say something a pano can print: a place or a time, in words.
fn check_opening(u: &Unit, o: &OpeningField, at_unit: &Location, text: &str) -> Result<()> {
    // The `opening:` line of this unit, for the message: the first after the unit's `id:` line.
    let at = match at_unit.line {
        Some(start) => {
            let line = text
                .lines()
                .enumerate()
                .skip(start)
                .take_while(|(_, l)| !l.trim_start().starts_with("- "))
                .find(|(_, l)| l.trim_start().starts_with("opening:"))
                .map(|(i, _)| i + 1);
            Location::at(&at_unit.file, line.or(Some(start)))
        }
        None => at_unit.clone(),
    };
    let blank = |s: &Option<String>| s.as_deref().is_some_and(|s| s.trim().is_empty());
    if blank(&o.place) || blank(&o.time) {
        return Err(Error::content(
            at,
            format!("unit `{}` has an empty `opening:` time or place", u.id),
            "write the time and place in words (`time: 7 giờ 30`, `place: Nhà văn hóa phường`), or leave the field out",
        ));
    }
    if o.place.is_none() && o.time.is_none() {
        return Err(Error::content(
            at,
            format!("unit `{}` has an `opening:` without a time or place", u.id),
            "give at least `place:` (where the unit's own ceremony is), e.g. `opening: {date: 2023-10-02, time: 7 giờ 30, place: Nhà văn hóa phường An Mỹ}`",
        ));
    }
    Ok(())
}

/// The hint for an id that is not in the registry: the closest ids, if any are close.
pub(crate) fn unknown_hint(units: &Units, wrong: &str) -> String {
    let suggestions = units.suggest(wrong);
    if suggestions.is_empty() {
        "add the unit to content/units.yaml, or use the id of a unit listed there".to_string()
    } else {
        let list: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
        format!(
            "did you mean {}? Units are listed in content/units.yaml",
            list.join(" or ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNITS: &str = "- id: tinh-qn\n  kind: province\n  name: Quảng Nam\n- id: thcs-ngo-quyen\n  kind: school\n  name: {vi: Trường THCS Ngô Quyền, en: Ngo Quyen School}\n  parent: tinh-qn\n";

    #[test]
    fn parses_and_suggests() {
        let u = Units::parse(UNITS, Path::new("content/units.yaml")).unwrap();
        assert_eq!(u.list.len(), 2);
        let s = u.suggest("thcs-ngo-quyenn");
        assert_eq!(s[0], "thcs-ngo-quyen");
    }

    #[test]
    fn unknown_parent_names_line() {
        let text = UNITS.replace("parent: tinh-qn", "parent: tinh-xx");
        let err = Units::parse(&text, Path::new("content/units.yaml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("content/units.yaml:4"), "{err}");
    }
}
