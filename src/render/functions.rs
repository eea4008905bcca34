//! Functions and filters for theme authors:
//! - `url(path="@/news/x.md")` → that content's URL in the current language;
//!   `url(path="/css/site.css")` → a site path with the base path in front;
//! - `pages(section="news", limit=3)` → cards of a section in the current language;
//! - `unit(id="thcs-ngo-quyen")` → a unit's name, kind and URL in the current language;
//! - `trans(key="read_more")` → a UI string of the current language (`t.read_more` also works);
//!   `trans(key="og_locale", lang="en")` → one of another language;
//! - `x | date(format="long")` → "ngày 02 tháng 10 năm 2023" / "2 October 2023";
//! - `x | upper_vi` → Unicode-correct capitals ("đời" → "ĐỜI");
//! - `n | num` → `1.300` / `1,300`, with the language's `thousands_separator`.
//!
//! The current language is read from the template context (`lang`), so templates need not pass it.

use crate::types::Lang;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tera::{Error as TeraError, Kwargs, State, Tera, TeraResult, Value};

use crate::model::{PageId, Site};
use crate::theme::{I18nValue, Strings, Theme, format_date};
use crate::types::Date;

use super::cards::Cards;
use super::views::UnitView;

fn current_lang(state: &State) -> TeraResult<String> {
    Ok(state.get::<String>("lang")?.unwrap_or_default())
}

pub(super) fn register(tera: &mut Tera, site: &Arc<Site>, theme: &Theme, cards: &Arc<Cards>) {
    let base_path = site.config.base_path().to_string();

    // Tera functions must be 'static and run from many threads at once: they hold the site by
    // reference count, or copies of what they need in shared, immutable maps.
    {
        let base_path = base_path.clone();
        let links = site.links.clone();
        tera.register_function(
            "url",
            move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
                let path = kwargs.must_get::<&str>("path")?;
                if path.starts_with("@/") {
                    let lang = match kwargs.get::<&str>("lang")? {
                        Some(l) => l.to_string(),
                        None => current_lang(state)?,
                    };
                    // Resolved by the model's own `@/` rules (`Site::content_url`), so templates
                    // and Markdown links always agree.
                    return Lang::parse(&lang)
                        .filter(|l| links.has_lang(l))
                        .and_then(|l| links.resolve(&l, path))
                        .ok_or_else(|| {
                            TeraError::message(format!("url(): no content at `{path}`"))
                        });
                }
                if path.contains("://") {
                    return Ok(path.to_string());
                }
                Ok(format!("{base_path}/{}", path.trim_start_matches('/')))
            },
        );
    }

    register_pages(tera, site, cards);

    let mut units: HashMap<(String, String), Value> = HashMap::new();
    for lang in site.config.langs() {
        for u in &site.units.list {
            if let Some(v) = UnitView::new(site, &u.id, lang) {
                units.insert(
                    (u.id.to_string(), lang.to_string()),
                    Value::from_serializable(&v),
                );
            }
        }
    }
    let units = Arc::new(units);
    tera.register_function(
        "unit",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let id = kwargs.must_get::<&str>("id")?;
            let lang = current_lang(state)?;
            units.get(&(id.to_string(), lang)).cloned().ok_or_else(|| {
                TeraError::message(format!("unit(): no unit `{id}` in content/units.yaml"))
            })
        },
    );

    let strings: Arc<HashMap<String, Strings>> = Arc::new(
        theme
            .strings
            .iter()
            .map(|(l, s)| (l.to_string(), s.clone()))
            .collect(),
    );
    {
        let strings = strings.clone();
        tera.register_function("trans", move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let key = kwargs.must_get::<&str>("key")?;
            // Another language's string, for what names the other languages (og:locale:alternate).
            let lang = match kwargs.get::<&str>("lang")? {
                Some(l) => l.to_string(),
                None => current_lang(state)?,
            };
            match strings.get(&lang).and_then(|s| s.get(key)) {
                Some(I18nValue::Text(t)) => Ok(t.clone()),
                _ => Err(TeraError::message(format!(
                    "trans(): no UI string `{key}` for language `{lang}`: add it to the theme's i18n/{lang}.yaml"
                ))),
            }
        });
    }

    let date_strings = strings.clone();
    tera.register_filter(
        "date",
        move |val: Value, kwargs: Kwargs, state: &State| -> TeraResult<String> {
            if val.is_none() || val.is_undefined() {
                return Ok(String::new());
            }
            let Some(text) = val.as_str() else {
                return Err(TeraError::message(
                    "date: expects a date string such as 2023-10-02",
                ));
            };
            let date = Date::parse(text).ok_or_else(|| {
                TeraError::message(format!("date: `{text}` is not a YYYY-MM-DD date"))
            })?;
            let format = kwargs.get::<&str>("format")?.unwrap_or("long");
            let lang = current_lang(state)?;
            Ok(format_date(date, format, date_strings.get(&lang)))
        },
    );

    {
        let strings = strings.clone();
        tera.register_filter(
            "num",
            move |val: Value, _: Kwargs, state: &State| -> TeraResult<String> {
                let Some(n) = val.as_i128() else {
                    return Ok(val.as_str().map(str::to_string).unwrap_or_default());
                };
                Ok(group_thousands(n, separator(&strings, state)?))
            },
        );
    }

    {
        let strings = strings.clone();
        // `{{ t.photo_count | plural(n=3) }}`: a UI string with a count. Written as a list
        // [one, other] in the theme's i18n file for languages whose words change with the
        // number ("1 photo", "3 photos"), as one text for those whose do not (Vietnamese). `{n}`
        // becomes the number as `num` writes it; `fill=false` keeps `{n}` (for scripts).
        tera.register_filter(
            "plural",
            move |val: Value, kwargs: Kwargs, state: &State| -> TeraResult<String> {
                let n = kwargs.must_get::<i64>("n")?;
                let form = match val.as_array() {
                    Some(forms) if !forms.is_empty() => {
                        let at = if n == 1 { 0 } else { forms.len() - 1 };
                        forms[at].as_str().unwrap_or_default().to_string()
                    }
                    _ => val.as_str().unwrap_or_default().to_string(),
                };
                if kwargs.get::<bool>("fill")? == Some(false) {
                    return Ok(form);
                }
                let number = group_thousands(i128::from(n), separator(&strings, state)?);
                Ok(form.replace("{n}", &number))
            },
        );
    }

    // `{{ name | quoted }}`: a string as a double-quoted literal that JSON, JavaScript and YAML
    // all read back as the same text (the CMS's config.yml, a script's argument). `<`, `>` and
    // `&` are escaped too, so it cannot close a <script> element around it.
    tera.register_filter("quoted", |val: &str, _: Kwargs, _: &State| -> String {
        serde_json::to_string(val)
            .unwrap_or_default()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    });

    tera.register_filter("upper_vi", |val: &str, _: Kwargs, _: &State| -> String {
        crate::text::nfc(&val.to_uppercase())
    });
}

/// `1300` → `1.300` (Vietnamese) or `1,300` (English): the separator is a UI string.
/// The current language's `thousands_separator` (`.` in Vietnamese), `,` when it has none.
fn separator<'a>(strings: &'a HashMap<String, Strings>, state: &State) -> TeraResult<&'a str> {
    let lang = current_lang(state)?;
    Ok(
        match strings
            .get(&lang)
            .and_then(|s| s.get("thousands_separator"))
        {
            Some(I18nValue::Text(t)) => t,
            _ => ",",
        },
    )
}

fn group_thousands(n: i128, sep: &str) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

pub(super) type Resized = Arc<std::sync::Mutex<Vec<(String, std::path::PathBuf)>>>;

/// `resize_image(path=…, width=…, height=…, op=…)`, as in Zola: `path` is inside content/
/// (`news/x/anh.jpg`) or static/ (`/img/a.jpg`); ops are `fit` (default), `fill`, `fit_width`,
/// `fit_height`. Returns `{url, width, height}` and, for photos with WebP twins on, `webp_url`;
/// the file is published under /processed_images/.
pub(super) fn register_resize_image(
    tera: &mut Tera,
    site: &Site,
    images: Arc<crate::images::Processor>,
    resized: Resized,
) {
    use crate::images::Op;
    let content = site.config.content_dir();
    let static_dir = site.config.static_dir();
    let base_path = site.config.base_path().to_string();
    // The same thumbnail is asked for by every list a card appears on: remember answers, so a
    // photo is read and hashed once per build, not once per list page.
    let memo: Arc<std::sync::Mutex<HashMap<String, Value>>> = Arc::default();
    tera.register_function("resize_image", move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
        let path = kwargs.must_get::<&str>("path")?;
        let width = kwargs.get::<u32>("width")?;
        let height = kwargs.get::<u32>("height")?;
        let op = match (kwargs.get::<&str>("op")?.unwrap_or("fit"), width, height) {
            ("fit", Some(w), Some(h)) => Op::Fit { width: w, height: h },
            ("fill", Some(w), Some(h)) => Op::Fill { width: w, height: h },
            ("fit_width", Some(w), _) => Op::FitWidth(w),
            ("fit_height", _, Some(h)) => Op::FitHeight(h),
            (op, _, _) => {
                return Err(TeraError::message(format!(
                    "resize_image: op `{op}` needs width and height (fit, fill), width (fit_width) or height (fit_height)"
                )));
            }
        };
        // Only files inside the site's content/ and static/ folders, whatever the path says.
        if std::path::Path::new(path)
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            return Err(TeraError::message(format!(
                "resize_image: `{path}` points outside the site"
            )));
        }
        let memo_key = format!("{path}|{op:?}");
        if let Some(v) = memo.lock().ok().and_then(|m| m.get(&memo_key).cloned()) {
            return Ok(v);
        }
        let written = match path.strip_prefix('/') {
            Some(rel) => static_dir.join(rel),
            None => content.join(path),
        };
        let Some(file) = crate::content::on_disk(&written) else {
            return Err(TeraError::message(format!(
                "resize_image: no image at `{path}` (paths start in content/, or in static/ with a leading /)"
            )));
        };
        let done = images
            .process(&file, op)
            .map_err(|e| TeraError::message(format!("resize_image: {e}")))?;
        let name = done
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rel = format!("processed_images/{name}");
        let webp_rel = done.webp.as_ref().and_then(|twin| {
            let name = twin.file_name()?.to_string_lossy().into_owned();
            Some((format!("processed_images/{name}"), twin.clone()))
        });
        if let Ok(mut list) = resized.lock() {
            list.push((rel.clone(), done.file.clone()));
            list.extend(webp_rel.clone());
        }
        let mut map = tera::Map::new();
        map.insert("url".into(), Value::from(format!("{base_path}/{rel}")));
        if let Some((webp, _)) = webp_rel {
            map.insert("webp_url".into(), Value::from(format!("{base_path}/{webp}")));
        }
        map.insert("width".into(), Value::from(done.width));
        map.insert("height".into(), Value::from(done.height));
        let value = Value::from(map);
        if let Ok(mut m) = memo.lock() {
            m.insert(memo_key, value.clone());
        }
        Ok(value)
    });
}

/// `pages(section=…, limit=…)`: a section's cards in the current language. Registered again
/// when `loa serve` patches the site (see `Renderer::patch_site`), so templates never see a
/// stale card. Each section's cards are made the first time a template asks for them and kept
/// for the build, only as many as were asked for: a base template that shows the six newest
/// news on every page makes six cards, not one per page per call.
pub(super) fn register_pages(tera: &mut Tera, site: &Arc<Site>, cards: &Arc<Cards>) {
    type Made = Mutex<HashMap<(String, String), Vec<(PageId, Value)>>>;
    let site = site.clone();
    let cards = cards.clone();
    let made: Made = Mutex::new(HashMap::new());
    tera.register_function(
        "pages",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Vec<Value>> {
            let section = kwargs.must_get::<&str>("section")?;
            let limit = kwargs.get::<usize>("limit")?.unwrap_or(usize::MAX);
            let lang = current_lang(state)?;
            let Some(ids) = Lang::parse(&lang)
                .and_then(|l| site.section(section, &l))
                .map(|s| &s.pages)
            else {
                return Ok(Vec::new());
            };
            let wanted = limit.min(ids.len());
            let mut made = made
                .lock()
                .map_err(|_| TeraError::message("pages(): a render failed"))?;
            let list = made.entry((section.to_string(), lang)).or_default();
            for &id in &ids[list.len().min(wanted)..wanted] {
                list.push((id, cards.value(&site, id)));
            }
            Ok(list[..wanted]
                .iter()
                .map(|(id, card)| {
                    super::deps::saw(*id);
                    card.clone()
                })
                .collect())
        },
    );
}

/// Registers a `pages()` that holds nothing of the site, while the site is patched (the real
/// one owns it by reference count).
pub(super) fn release_pages(tera: &mut Tera) {
    tera.register_function("pages", |_: Kwargs, _: &State| -> TeraResult<Vec<Value>> {
        Err(TeraError::message(
            "pages() is not available while the site is patched",
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_and_english_dates() {
        let mut vi = Strings::new();
        vi.insert(
            "date_long".into(),
            I18nValue::Text("ngày {day2} tháng {month2} năm {year}".into()),
        );
        let mut en = Strings::new();
        en.insert(
            "date_long".into(),
            I18nValue::Text("{day} {month_name} {year}".into()),
        );
        en.insert(
            "months".into(),
            I18nValue::List(
                [
                    "January",
                    "February",
                    "March",
                    "April",
                    "May",
                    "June",
                    "July",
                    "August",
                    "September",
                    "October",
                    "November",
                    "December",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            ),
        );
        let d = Date::parse("2023-10-02").unwrap();
        assert_eq!(
            format_date(d, "long", Some(&vi)),
            "ngày 02 tháng 10 năm 2023"
        );
        assert_eq!(format_date(d, "long", Some(&en)), "2 October 2023");
        assert_eq!(format_date(d, "iso", None), "2023-10-02");
        assert_eq!(group_thousands(1300, "."), "1.300");
        assert_eq!(group_thousands(1234567, ","), "1,234,567");
        assert_eq!(group_thousands(999, "."), "999");
    }
}
