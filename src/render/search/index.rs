//! The word and phrase index of one language: every word of every page, with the pages it is
//! in, cut into shards by folded word so a query fetches only the few it needs.
//!
//! Pages are numbered 0..n in the order results tie (newest first), which is also the order of
//! the metadata chunks. Binary layout, read by `js/search.js` (`Reader`):
//!
//! - **varint**: 7 bits a byte, low bits first, high bit set on all but the last byte.
//! - **string**: varint byte length, then UTF-8.
//! - **page set**: varint `h`, then by `h & 3`:
//!   `0` a list of `h >> 2` varints, each the gap after the previous page (the first counts
//!   from page 0); `1` a bitmap of `h >> 2` bytes (page `p` is bit `p & 7` of byte `p >> 3`);
//!   `2` the pages *not* in the set, as a list like `0`. The smallest of the three is written:
//!   words most pages share ("và", "học") cost a few hundred bytes, not a bitmap.
//! - **word shard** (`w<n>.bin`), entries in key order: the folded key (string), the number of
//!   written forms, and for each the form (string, empty when it is the key itself) and four
//!   page sets: the pages with that form in the title, the unit or tags, the summary, the body.
//! - **pair shard** (`b<n>.bin`): adjacent words, for phrases: key `"hoc tap"` (the two folded
//!   words and a space), then two page sets: pages with the pair in the title, and anywhere.

use rustc_hash::{FxHashMap, FxHashSet};

use super::postings::{Postings, put_varint};
use super::words::{each_word, fold, js_order};

/// The fields of a page a word is found in, by weight of a hit (the script ranks them).
pub(super) const TITLE: u8 = 1;
pub(super) const META: u8 = 2;
pub(super) const SUMMARY: u8 = 4;
pub(super) const BODY: u8 = 8;
const FIELDS: [u8; 4] = [TITLE, META, SUMMARY, BODY];

/// About how many bytes a shard holds before the next begins. A query fetches one shard per
/// word (two for the word being typed) and one per adjacent pair, so this bounds its transfer;
/// smaller shards mean more files and a longer list of boundaries in the manifest.
const SHARD_BYTES: usize = 12_000;

/// One page's words, made once per page (and kept by `loa serve` between rebuilds).
#[derive(Debug, Default)]
pub(crate) struct PageWords {
    /// Each distinct word in lower case as written, one after the other.
    text: String,
    /// Where each word ends in `text`, and the fields it is in.
    words: Vec<(u32, u8)>,
    /// Adjacent words in one field, as indexes into `words`; [`IN_TITLE`] is set on the second
    /// index of a pair found in the title.
    pairs: Vec<(u32, u32)>,
}

const IN_TITLE: u32 = 1 << 31;

impl PageWords {
    fn words(&self) -> impl Iterator<Item = (&str, u8)> {
        let mut start = 0;
        self.words.iter().map(move |&(end, mask)| {
            let word = &self.text[start..end as usize];
            start = end as usize;
            (word, mask)
        })
    }
}

/// A piece of a page's text to index: the text, whether it is HTML, and its field.
pub(super) struct Text<'a>(pub(super) &'a str, pub(super) bool, pub(super) u8);

/// A page's words → their index in [`PageWords::words`].
type WordTable = Keyed<u32>;
/// A page's pairs as `first << 32 | second`, with [`IN_TITLE`] on the second when in the title:
/// a pair in both the title and elsewhere is there twice, which `Builder::add` takes in its
/// stride.
type PairTable = FxHashSet<u64>;

/// A map from words, in two parts: words of at most 16 bytes keyed by their bytes as one
/// number ([`short_key`]), the rest by their text. Vietnamese is written in syllables of at
/// most seven letters, 16 bytes in UTF-8 even with two marks, so nearly every word is hashed
/// and compared in one step, with nothing allocated; at province scale that is tens of
/// millions of lookups a build.
struct Keyed<V> {
    short: FxHashMap<u128, V>,
    long: FxHashMap<Box<str>, V>,
}

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed {
            short: FxHashMap::default(),
            long: FxHashMap::default(),
        }
    }
}

impl<V: Copy> Keyed<V> {
    /// The value of `word`, or the one `make` gives it the first time it is asked for.
    fn get_or(&mut self, word: &str, make: impl FnOnce() -> V) -> V {
        match short_key(word) {
            Some(key) => *self.short.entry(key).or_insert_with(make),
            None => match self.long.get(word) {
                Some(&v) => v,
                None => *self.long.entry(word.into()).or_insert_with(make),
            },
        }
    }

    fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
    }
}

/// `word`'s bytes as a number when it has at most 16: zero bytes after its end tell its length,
/// since no word has a zero byte (NUL is not a letter).
fn short_key(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    let mut key = [0u8; 16];
    key.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(u128::from_le_bytes(key))
}

thread_local! {
    /// The tables [`page_words`] fills, kept by each thread: emptied, they keep their capacity,
    /// so a page does not grow them again from nothing.
    static TABLES: std::cell::RefCell<(WordTable, PairTable)> = Default::default();
}

pub(super) fn page_words(texts: &[Text]) -> PageWords {
    TABLES.with(|tables| match tables.try_borrow_mut() {
        Ok(mut tables) => {
            let (index, pairs) = &mut *tables;
            page_words_with(texts, index, pairs)
        }
        Err(_) => page_words_with(texts, &mut Default::default(), &mut Default::default()),
    })
}

fn page_words_with(texts: &[Text], index: &mut WordTable, pairs: &mut PairTable) -> PageWords {
    index.clear();
    pairs.clear();
    let mut page = PageWords::default();
    for Text(text, html, field) in texts {
        let mut prev: Option<u32> = None;
        each_word(text, *html, |w| {
            let at = index.get_or(w, || {
                // A word seen for the first time goes at the end of the page's text.
                page.text.push_str(w);
                page.words.push((page.text.len() as u32, 0));
                page.words.len() as u32 - 1
            });
            page.words[at as usize].1 |= field;
            if let Some(p) = prev {
                let second = if *field == TITLE { at | IN_TITLE } else { at };
                pairs.insert((p as u64) << 32 | second as u64);
            }
            prev = Some(at);
        });
    }
    page.pairs = pairs
        .drain()
        .map(|p| ((p >> 32) as u32, p as u32))
        .collect();
    page.text.shrink_to_fit();
    page.words.shrink_to_fit();
    page
}

/// The shards of one language: each with the first key it holds, and its bytes.
pub(super) struct Shards {
    pub(super) words: Vec<(String, Vec<u8>)>,
    pub(super) pairs: Vec<(String, Vec<u8>)>,
}

/// A written form of a word and the pages it is in, by field.
struct Form {
    text: Box<str>,
    pages: [Postings; 4],
}

/// The pages with a pair of words in the title, and anywhere.
type PairPages = [Postings; 2];

/// Collects pages' words in index order, then writes the shards.
pub(super) struct Builder {
    count: u32,
    next: u32,
    forms: Vec<Form>,
    form_of: Keyed<u32>,
    /// Folded keys, and the forms of each; a form's key is `key_of[form]`.
    keys: Vec<(String, Vec<u32>)>,
    key_index: FxHashMap<String, u32>,
    key_of: Vec<u32>,
    /// (first key, second key) → its pages.
    pairs: FxHashMap<(u32, u32), PairPages>,
    local: Vec<u32>,
}

impl Builder {
    /// A builder for `count` pages, to be given in order.
    pub(super) fn new(count: usize) -> Builder {
        Builder {
            count: count as u32,
            next: 0,
            forms: Vec::new(),
            form_of: Keyed::default(),
            keys: Vec::new(),
            key_index: FxHashMap::default(),
            key_of: Vec::new(),
            pairs: FxHashMap::default(),
            local: Vec::new(),
        }
    }

    /// The next page's words.
    pub(super) fn add(&mut self, page: &PageWords) {
        let n = self.next;
        self.next += 1;
        self.local.clear();
        for (word, mask) in page.words() {
            let next = self.forms.len() as u32;
            let form = self.form_of.get_or(word, || next);
            if form == next {
                self.new_form(word);
            }
            self.local.push(form);
            let pages = &mut self.forms[form as usize].pages;
            for (i, field) in FIELDS.iter().enumerate() {
                if mask & field != 0 {
                    pages[i].push(n);
                }
            }
        }
        for &(a, b) in &page.pairs {
            let key = |i: u32| self.key_of[self.local[i as usize] as usize];
            let pair = (key(a), key(b & !IN_TITLE));
            // Two written pairs of a page can fold to one ("Học tập", "học tập").
            let [in_title, anywhere] = self.pairs.entry(pair).or_default();
            if anywhere.last() != Some(n) {
                anywhere.push(n);
            }
            if b & IN_TITLE != 0 && in_title.last() != Some(n) {
                in_title.push(n);
            }
        }
    }

    /// Adds `word` as form number `forms.len()`, under its folded key.
    fn new_form(&mut self, word: &str) {
        let folded = fold(word);
        let key = match self.key_index.get(&folded) {
            Some(&k) => k,
            None => {
                self.keys.push((folded.clone(), Vec::new()));
                self.key_index.insert(folded, self.keys.len() as u32 - 1);
                self.keys.len() as u32 - 1
            }
        };
        let form = self.forms.len() as u32;
        self.forms.push(Form {
            text: word.into(),
            pages: Default::default(),
        });
        self.key_of.push(key);
        self.keys[key as usize].1.push(form);
    }

    /// The index of the pages given.
    pub(super) fn finish(self) -> Shards {
        let Builder {
            count,
            forms,
            mut keys,
            pairs,
            ..
        } = self;
        // Keys in the script's order, and each key's place in it.
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| js_order(&keys[a as usize].0, &keys[b as usize].0));
        let mut rank = vec![0u32; keys.len()];
        for (i, &k) in order.iter().enumerate() {
            rank[k as usize] = i as u32;
        }
        // A pair's key is "first second", and a space sorts before every character of a word,
        // so pairs sort by their words' places: no key is written out to be compared.
        let mut pairs: Vec<(u64, (u32, u32), PairPages)> = pairs
            .into_iter()
            .map(|((a, b), sets)| {
                let place = (rank[a as usize] as u64) << 32 | rank[b as usize] as u64;
                (place, (a, b), sets)
            })
            .collect();
        pairs.sort_unstable_by_key(|p| p.0);
        let mut cut = Cutter::default();
        let mut entry = Vec::new();
        let mut pages = Vec::new();
        for (_, (a, b), sets) in &pairs {
            let (a, b) = (&keys[*a as usize].0, &keys[*b as usize].0);
            entry.clear();
            put_varint(&mut entry, (a.len() + 1 + b.len()) as u32);
            entry.extend_from_slice(a.as_bytes());
            entry.push(b' ');
            entry.extend_from_slice(b.as_bytes());
            for set in sets {
                set.pages_into(&mut pages);
                put_set(&mut entry, &pages, count);
            }
            cut.add(&entry, || format!("{a} {b}"));
        }
        let pairs = cut.finish();

        let mut cut = Cutter::default();
        for k in order {
            let (key, mut form_ids) = std::mem::take(&mut keys[k as usize]);
            entry.clear();
            put_str(&mut entry, &key);
            form_ids.sort_unstable_by(|&a, &b| {
                js_order(&forms[a as usize].text, &forms[b as usize].text)
            });
            put_varint(&mut entry, form_ids.len() as u32);
            for f in form_ids {
                let form = &forms[f as usize];
                put_str(&mut entry, if *form.text == key { "" } else { &form.text });
                for set in &form.pages {
                    set.pages_into(&mut pages);
                    put_set(&mut entry, &pages, count);
                }
            }
            cut.add(&entry, || key);
        }
        Shards {
            words: cut.finish(),
            pairs,
        }
    }
}

/// Entries in key order, cut into shards of about [`SHARD_BYTES`].
#[derive(Default)]
struct Cutter {
    done: Vec<(String, Vec<u8>)>,
}

impl Cutter {
    /// Adds the entry of `key`, which is asked for only when the entry begins a shard.
    fn add(&mut self, entry: &[u8], key: impl FnOnce() -> String) {
        match self.done.last_mut() {
            Some((_, bytes)) if bytes.len() < SHARD_BYTES => bytes.extend_from_slice(entry),
            _ => self.done.push((key(), entry.to_vec())),
        }
    }

    fn finish(mut self) -> Vec<(String, Vec<u8>)> {
        // The first shard starts at the smallest key there is, so every key has a shard.
        if let Some(first) = self.done.first_mut() {
            first.0.clear();
        }
        self.done
    }
}

fn varint_len(v: u32) -> usize {
    match v {
        0..0x80 => 1,
        0x80..0x4000 => 2,
        0x4000..0x20_0000 => 3,
        0x20_0000..0x1000_0000 => 4,
        _ => 5,
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

/// Gaps of an ascending list: each page after the previous one plus one.
fn gaps(pages: impl Iterator<Item = u32>) -> impl Iterator<Item = u32> {
    let mut next = 0;
    pages.map(move |p| {
        let gap = p - next;
        next = p + 1;
        gap
    })
}

/// `pages` (ascending, each below `count`) as the smallest of a list, a bitmap and the list of
/// the pages left out.
fn put_set(out: &mut Vec<u8>, pages: &[u32], count: u32) {
    let list: usize = gaps(pages.iter().copied()).map(varint_len).sum();
    let bitmap = pages.last().map_or(0, |&p| p as usize / 8 + 1);
    let missing = || {
        let mut at = 0;
        (0..count).filter(move |p| {
            if pages.get(at) == Some(p) {
                at += 1;
                false
            } else {
                true
            }
        })
    };
    let left_out = if pages.len() * 2 > count as usize {
        Some(gaps(missing()).map(varint_len).sum::<usize>())
    } else {
        None
    };
    if left_out.is_some_and(|l| l < list.min(bitmap)) {
        put_varint(out, ((count - pages.len() as u32) << 2) | 2);
        for gap in gaps(missing()) {
            put_varint(out, gap);
        }
    } else if bitmap < list {
        put_varint(out, ((bitmap as u32) << 2) | 1);
        let start = out.len();
        out.resize(start + bitmap, 0);
        for &p in pages {
            out[start + p as usize / 8] |= 1 << (p % 8);
        }
    } else {
        put_varint(out, (pages.len() as u32) << 2);
        for gap in gaps(pages.iter().copied()) {
            put_varint(out, gap);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a page set back, as the script does.
    fn read_set(bytes: &[u8], at: &mut usize, count: u32) -> Vec<u32> {
        let mut varint = |at: &mut usize| {
            let (mut v, mut shift) = (0u32, 0);
            loop {
                let b = bytes[*at];
                *at += 1;
                v |= ((b & 0x7f) as u32) << shift;
                if b < 0x80 {
                    return v;
                }
                shift += 7;
            }
        };
        let h = varint(at);
        let len = h >> 2;
        let list = |at: &mut usize, varint: &mut dyn FnMut(&mut usize) -> u32| {
            let mut next = 0;
            (0..len)
                .map(|_| {
                    let p = next + varint(at);
                    next = p + 1;
                    p
                })
                .collect::<Vec<u32>>()
        };
        match h & 3 {
            0 => list(at, &mut varint),
            1 => {
                let bits = &bytes[*at..*at + len as usize];
                *at += len as usize;
                (0..len * 8)
                    .filter(|p| bits[*p as usize / 8] & (1 << (p % 8)) != 0)
                    .collect()
            }
            _ => {
                let out = list(at, &mut varint);
                (0..count).filter(|p| !out.contains(p)).collect()
            }
        }
    }

    #[test]
    fn page_sets_read_back_in_every_form() {
        let count = 1000;
        let sparse: Vec<u32> = vec![0, 7, 300, 999];
        let dense: Vec<u32> = (0..count).filter(|p| p % 3 != 0).collect();
        let nearly_all: Vec<u32> = (0..count).filter(|p| ![5, 600].contains(p)).collect();
        for (set, mode) in [(&sparse, 0), (&dense, 1), (&nearly_all, 2), (&vec![], 0)] {
            let mut out = Vec::new();
            put_set(&mut out, set, count);
            assert_eq!(out[0] & 3, mode, "{set:?}");
            let mut at = 0;
            assert_eq!(&read_set(&out, &mut at, count), set);
            assert_eq!(at, out.len());
        }
        // Nearly all pages cost the two left out, not a bitmap of 125 bytes.
        let mut out = Vec::new();
        put_set(&mut out, &nearly_all, count);
        assert!(out.len() < 8, "{}", out.len());
    }

    #[test]
    fn long_and_short_words_are_kept_once_each() {
        // 16 bytes is the longest word keyed as a number; 17 goes by its text.
        let (w16, w17) = ("nghiêngnghiêng", "nghiêngnghiêng1");
        assert_eq!((w16.len(), w17.len()), (16, 17));
        let text = format!("{w16} {w17} a {w17} {w16} a");
        let p = page_words(&[Text(&text, false, BODY)]);
        let words: Vec<&str> = p.words().map(|(w, _)| w).collect();
        assert_eq!(words, [w16, w17, "a"]);
        assert_eq!(
            short_key("ab"),
            short_key("ab\0"),
            "no word has a zero byte"
        );
        assert_ne!(short_key("ab"), short_key("ba"));
        assert_eq!(short_key(w17), None);
    }

    #[test]
    fn words_keep_their_fields_and_pairs_stay_in_one_field() {
        let p = page_words(&[
            Text("Học tập", false, TITLE),
            Text("<p>mỗi ngày, học</p>", true, BODY),
        ]);
        let words: Vec<(&str, u8)> = p.words().collect();
        let mask = |w: &str| words.iter().find(|(x, _)| *x == w).map(|x| x.1);
        assert_eq!(mask("học"), Some(TITLE | BODY));
        assert_eq!(mask("ngày"), Some(BODY));
        let named: Vec<(&str, &str, bool)> = p
            .pairs
            .iter()
            .map(|&(a, b)| {
                let t = b & IN_TITLE != 0;
                (words[a as usize].0, words[(b & !IN_TITLE) as usize].0, t)
            })
            .collect();
        assert!(named.contains(&("học", "tập", true)));
        assert!(named.contains(&("ngày", "học", false)));
        // The title's last word and the body's first are not a pair.
        assert!(!named.iter().any(|&(a, b, _)| a == "tập" && b == "mỗi"));
    }
}
