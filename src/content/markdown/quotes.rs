//! Smart punctuation's double quotes, paired. The parser turns every `"` that cannot close a
//! quotation into an opening “, so a lone `"` (an inch mark, a quotation that goes on in the next
//! paragraph, a typo) printed an opening quote that never closes, and `"a *"b"* c"` ended in “.
//! Quotes are paired again here: a “ that stands where a quotation can end closes the open one,
//! and openers left without a closer in the same paragraph, heading or cell go back to the `"`
//! the author typed.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Opens,
    Closes,
    /// Made an opener by the parser, but after a word and before a space or punctuation.
    OpensOrCloses,
}

/// Double quotes the parser made from `"`, as they arrive.
#[derive(Default)]
pub(super) struct Quotes {
    /// (index in the events, role, block it is in)
    seen: Vec<(usize, Role, usize)>,
    block: usize,
}

impl Quotes {
    /// Notes `event`, about to be pushed at `index`; `range` is where it is in `markdown`.
    pub(super) fn note(
        &mut self,
        index: usize,
        event: &Event,
        markdown: &str,
        range: std::ops::Range<usize>,
    ) {
        match event {
            Event::Text(t) if &markdown[range.clone()] == "\"" && (&**t == "“" || &**t == "”") =>
            {
                let role = if &**t == "”" {
                    Role::Closes
                } else {
                    let before = markdown[..range.start].chars().next_back();
                    let after = markdown[range.end..].chars().next();
                    let ends_word = before.is_some_and(|c| !c.is_whitespace())
                        && after.is_none_or(|c| !c.is_alphanumeric());
                    if ends_word {
                        Role::OpensOrCloses
                    } else {
                        Role::Opens
                    }
                };
                self.seen.push((index, role, self.block));
            }
            Event::Start(tag) if !inline(tag) => self.block += 1,
            Event::End(tag) if !inline_end(tag) => self.block += 1,
            _ => {}
        }
    }

    /// Pairs the quotes again; the openers that no closer follows become `"`.
    pub(super) fn unpaired_back(self, events: &mut [Event]) {
        let mut open: Vec<usize> = Vec::new();
        let mut block = usize::MAX;
        let mut lone = Vec::new();
        for (index, role, b) in self.seen {
            if b != block {
                lone.append(&mut open);
                block = b;
            }
            match role {
                Role::Closes => {
                    open.pop();
                }
                Role::OpensOrCloses if !open.is_empty() => {
                    open.pop();
                    events[index] = Event::Text(CowStr::Borrowed("”"));
                }
                Role::Opens | Role::OpensOrCloses => open.push(index),
            }
        }
        lone.append(&mut open);
        for index in lone {
            events[index] = Event::Text(CowStr::Borrowed("\""));
        }
    }
}

fn inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}
