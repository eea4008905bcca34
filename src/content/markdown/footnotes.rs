//! Footnotes numbered and linked both ways, as GitHub does: `[^ghi chú]` becomes note 1 with the
//! id `fn-1`, its references `fnref-1`, `fnref-1-2`…, and the note links back to each. The label
//! never reaches the HTML: written by hand it could hold anything, and as an id it collided with
//! headings and the theme's ids. Labels match without regard to case (`[^Ghi]` and `[^ghi]` are
//! one note), as the parser already matches them; its HTML writer did not, which left dead links.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// The key a label is matched by: case and runs of whitespace do not count.
fn key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// References of one note that get an id and a link back from it. A note is cited a few times;
/// 160 000 citations of one note (1 MB of `x[^a] `) made 25 MB of HTML with every one linked.
const MAX_BACK_LINKS: usize = 20;

fn reference_id(number: usize, nth: usize) -> String {
    if nth == 1 {
        format!("fnref-{number}")
    } else {
        format!("fnref-{number}-{nth}")
    }
}

/// Replaces footnote references and definitions in `events` by their HTML; returns every id
/// given, which headings must not take.
pub(super) fn rewrite(events: &mut Vec<Event<'_>>) -> Vec<String> {
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut references: Vec<usize> = Vec::new();
    for event in events.iter() {
        let label = match event {
            Event::FootnoteReference(label) => label,
            Event::Start(Tag::FootnoteDefinition(label)) => label,
            _ => continue,
        };
        let next = numbers.len() + 1;
        let n = *numbers.entry(key(label)).or_insert(next);
        if n > references.len() {
            references.push(0);
        }
        if matches!(event, Event::FootnoteReference(_)) {
            references[n - 1] += 1;
        }
    }
    if numbers.is_empty() {
        return Vec::new();
    }
    let mut ids = Vec::new();
    let mut seen = vec![0; references.len()];
    let mut defined = vec![false; references.len()];
    // The note being written and whether it got the id (a second note of the same label does not).
    let mut open: Vec<Option<usize>> = Vec::new();
    let mut out = Vec::with_capacity(events.len() + 2 * numbers.len());
    for event in events.drain(..) {
        match event {
            Event::FootnoteReference(label) => {
                let n = numbers[&key(&label)];
                seen[n - 1] += 1;
                let id = if seen[n - 1] <= MAX_BACK_LINKS {
                    let id = reference_id(n, seen[n - 1]);
                    let attribute = format!(" id=\"{id}\"");
                    ids.push(id);
                    attribute
                } else {
                    String::new()
                };
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-reference\"{id}><a href=\"#fn-{n}\">{n}</a></sup>"
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = numbers[&key(&label)];
                let first = !std::mem::replace(&mut defined[n - 1], true);
                let id = if first {
                    ids.push(format!("fn-{n}"));
                    format!(" id=\"fn-{n}\"")
                } else {
                    String::new()
                };
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\"{id}><sup class=\"footnote-definition-label\">{n}</sup>"
                ))));
                open.push(first.then_some(n));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(n) = open.pop().flatten() {
                    let back: String = (1..=references[n - 1].min(MAX_BACK_LINKS))
                        .map(|nth| {
                            let mark = if nth == 1 {
                                String::new()
                            } else {
                                format!("<sup>{nth}</sup>")
                            };
                            format!(
                                " <a href=\"#{}\" class=\"footnote-backref\">↩{mark}</a>",
                                reference_id(n, nth)
                            )
                        })
                        .collect();
                    // Inside the note's last paragraph, where a reader's eye ends.
                    let at = if matches!(out.last(), Some(Event::End(TagEnd::Paragraph))) {
                        out.len() - 1
                    } else {
                        out.len()
                    };
                    if !back.is_empty() {
                        out.insert(at, Event::InlineHtml(CowStr::from(back)));
                    }
                }
                out.push(Event::End(TagEnd::FootnoteDefinition));
            }
            other => out.push(other),
        }
    }
    *events = out;
    ids
}
