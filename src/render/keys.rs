//! Template map keys kept once for the whole program, so the maps of cards share their names.

use tera::value::Key;

/// A card's field name as a `&'static str` key. `#[serde(flatten)]` makes serde write a card as
/// a map, and Tera then allocates every key: an `Arc<str>` per field per card, about a third of
/// what the cards of a 100 000-page site hold. The names are the card structs' fields, a small
/// fixed set, so they are kept once for the whole program (and no more than `MAX` of them, so a
/// map with keys of the editor's could never grow the set without bound).
pub(super) fn static_key(key: Key<'static>) -> Key<'static> {
    const MAX: usize = 512;
    type Names = rustc_hash::FxHashSet<&'static str>;
    static NAMES: std::sync::OnceLock<std::sync::RwLock<Names>> = std::sync::OnceLock::new();
    // Each thread's copy of the names it has met: the lookup of every field of every card then
    // takes no lock shared with the other threads.
    thread_local! {
        static MET: std::cell::RefCell<Names> = Default::default();
    }
    let Key::String(name) = key else {
        return key;
    };
    if let Some(known) = MET.with_borrow(|met| met.get(&*name).copied()) {
        return Key::Str(known);
    }
    let names = NAMES.get_or_init(Default::default);
    let known = match names.read().ok().and_then(|n| n.get(&*name).copied()) {
        Some(known) => known,
        None => {
            let Ok(mut names) = names.write() else {
                return Key::String(name);
            };
            match names.get(&*name) {
                Some(known) => *known,
                None if names.len() >= MAX => return Key::String(name),
                None => {
                    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
                    names.insert(leaked);
                    leaked
                }
            }
        }
    };
    MET.with_borrow_mut(|met| met.insert(known));
    Key::Str(known)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_met_twice_is_one_static_str() {
        let a = static_key(Key::String("photo_count".into()));
        let b = static_key(Key::String("photo_count".into()));
        let (Key::Str(a), Key::Str(b)) = (a, b) else {
            panic!("field names become static keys");
        };
        assert_eq!(a, "photo_count");
        assert!(std::ptr::eq(a, b), "both point at the one copy kept");
        // Another thread finds the copy the first one kept.
        let c = std::thread::spawn(|| match static_key(Key::String("photo_count".into())) {
            Key::Str(c) => c as *const str as *const u8 as usize,
            _ => 0,
        })
        .join()
        .unwrap();
        assert_eq!(c, a.as_ptr() as usize);
        assert!(matches!(static_key(Key::Str("id")), Key::Str("id")));
    }
}
