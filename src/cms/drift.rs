//! A CMS configuration written by hand (`templates/admin/config.yml` of the site with no
//! template tags, or `static/admin/config.yml`) is no longer written from the model, so it
//! drifts: a unit added to the registry is missing from the form's choices, a renamed category
//! is still offered. `loa check` reads such a file back and says where it no longer matches.

use serde_yaml::Value;

/// What the configuration must agree with.
pub(crate) struct Model<'a> {
    pub(crate) langs: &'a [&'a str],
    pub(crate) units: &'a [&'a str],
    pub(crate) categories: &'a [&'a str],
    pub(crate) counts: &'a [&'a str],
}

/// One way `text` no longer matches the model: (1-based line when found, message, hint).
pub(crate) type Drift = (Option<usize>, String, String);

/// Where the configuration in `text` no longer matches `model`; `None` when `text` is not a
/// YAML configuration at all (a template that fills it from the model, which cannot drift).
pub(crate) fn drift(text: &str, model: &Model) -> Option<Vec<Drift>> {
    let config: Value = serde_yaml::from_str(text).ok()?;
    config.get("collections")?;
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
    let mut found = Vec::new();
    let strs = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_sequence)
            .map(|s| {
                s.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let locales = strs(config.get("i18n").and_then(|i| i.get("locales")));
    if locales != model.langs {
        found.push((
            line("locales"),
            format!(
                "the form's languages are [{}], the site's are [{}]",
                locales.join(", "),
                model.langs.join(", ")
            ),
            "list the site's languages, the default first, under `i18n: locales:`".into(),
        ));
    }
    let collection = |name: &str| {
        config
            .get("collections")
            .and_then(Value::as_sequence)
            .and_then(|c| {
                c.iter()
                    .find(|c| c.get("name").and_then(Value::as_str) == Some(name))
            })
    };
    let field = |collection: &Value, name: &str| -> Option<Value> {
        collection
            .get("fields")?
            .as_sequence()?
            .iter()
            .find(|f| f.get("name").and_then(Value::as_str) == Some(name))
            .cloned()
    };
    let options = |f: &Value| -> Vec<String> {
        f.get("options")
            .and_then(Value::as_sequence)
            .map(|o| {
                o.iter()
                    .filter_map(|o| o.get("value").or(Some(o)).and_then(Value::as_str))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut compare = |what: &str, offered: Vec<String>, known: &[&str], source: &str| {
        for id in known.iter().filter(|id| !offered.iter().any(|o| o == *id)) {
            found.push((
                line(&format!("name: {what}")),
                format!("the form does not offer {what} `{id}`, which {source} has"),
                format!("add `{id}` to the form's choices, or remove the hand-written configuration so loa writes it"),
            ));
        }
        for id in offered.iter().filter(|o| !known.contains(&o.as_str())) {
            found.push((
                line(id),
                format!("the form offers {what} `{id}`, which {source} does not have"),
                "remove it from the form's choices, or remove the hand-written configuration so loa writes it".into(),
            ));
        }
    };
    if let Some(news) = collection("news") {
        if let Some(unit) = field(news, "unit") {
            compare("unit", options(&unit), model.units, "content/units.yaml");
        }
        let counts: Vec<String> = field(news, "counts")
            .and_then(|c| c.get("fields").cloned())
            .and_then(|f| f.as_sequence().cloned())
            .map(|f| {
                f.iter()
                    .filter_map(|x| x.get("name").and_then(Value::as_str).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        compare("count", counts, model.counts, "the campaign profile");
    }
    if let Some(learners) = collection("learners")
        && let Some(category) = field(learners, "category")
    {
        compare(
            "category",
            options(&category),
            model.categories,
            "the campaign profile",
        );
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: Model = Model {
        langs: &["vi", "en"],
        units: &["phong-gddt", "thcs-mau"],
        categories: &["a", "b"],
        counts: &[],
    };

    #[test]
    fn a_config_that_matches_says_nothing_and_a_template_is_not_read() {
        let text = "i18n: {locales: [vi, en]}\ncollections:\n  - name: news\n    fields:\n      - {name: unit, options: [{label: P, value: phong-gddt}, {label: T, value: thcs-mau}]}\n";
        assert_eq!(drift(text, &MODEL), Some(vec![]));
        assert_eq!(drift("{% for u in cms.units %}\n", &MODEL), None);
    }

    #[test]
    fn a_missing_unit_an_unknown_one_and_other_languages_are_named() {
        let text = "i18n: {locales: [vi]}\ncollections:\n  - name: news\n    fields:\n      - name: unit\n        options:\n          - {label: P, value: phong-gddt}\n          - {label: X, value: da-giai-the}\n";
        let found = drift(text, &MODEL).unwrap();
        let messages: Vec<&str> = found.iter().map(|f| f.1.as_str()).collect();
        assert!(
            messages[0].contains("[vi], the site's are [vi, en]"),
            "{messages:?}"
        );
        assert!(
            messages
                .contains(&"the form does not offer unit `thcs-mau`, which content/units.yaml has")
        );
        let unknown = found
            .iter()
            .find(|f| f.1.contains("`da-giai-the`"))
            .unwrap();
        assert_eq!(unknown.0, Some(8));
    }
}
