//! Formatted Rust kept between runs, by the text it was formatted from.
//!
//! Parsing each rendered file with `syn` and printing it with `prettyplease`
//! is most of what generating costs, and after a spec edit nearly every file
//! renders to the same text as before. When a caller names a cache
//! directory (`cargo xtask regen` does; `check` and the tests do not), a
//! rendered text whose formatted form the cache holds is not parsed and
//! printed again. The output cannot differ: an entry is keyed by the whole
//! rendered file (two 64-bit hashes and its length, see `Key`) and made
//! only after that file parsed, and the caller gives a directory per build
//! of the generator, so a new `syn` or `prettyplease` never reads an old
//! entry.
//!
//! The entries live in one file, `entries`, read on the first lookup and
//! written by [`save`]: creating a file per entry cost more system time on
//! this project's machines than the formatting it saved. The cache is best
//! effort: a file that cannot be read or written only means formatting again.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

static DIR: OnceLock<PathBuf> = OnceLock::new();
static CACHE: Mutex<Option<Cache>> = Mutex::new(None);

/// The entries of the file as read, and those this process used or made.
#[derive(Default)]
struct Cache {
    stored: HashMap<String, String>,
    used: HashMap<String, String>,
}

/// Keeps formatted files under `dir` for the rest of the process; the first
/// call wins. `dir` must be one per build of the generator.
pub fn use_dir(dir: PathBuf) {
    let _ = DIR.set(dir);
}

/// The key of a rendered file: its template's text and the printed
/// tokens of the fragments the template placed ([`crate::emit`] keeps code
/// built as tokens apart from the text), which together are the whole
/// rendered file. Two 64-bit hashes and the length, computed without the
/// file's text ever being built.
pub(crate) struct Key(String);

/// The key of `text` with `fragments` in its placeholders, when a cache is
/// in use ([`use_dir`]); none otherwise, so that `check` and the tests do
/// not print every fragment for nothing.
pub(crate) fn key(text: &str, fragments: &[proc_macro2::TokenStream]) -> Option<Key> {
    DIR.get()?;
    Some(Key::of(text, fragments))
}

impl Key {
    /// The key of `text` with `fragments` in its placeholders.
    fn of(text: &str, fragments: &[proc_macro2::TokenStream]) -> Key {
        let mut hashes = Hashes::default();
        hashes.add(text.as_bytes());
        // Printed into one buffer and hashed whole: a hasher fed the many
        // short pieces `Display` writes is slower than the printing.
        let mut printed = String::new();
        for fragment in fragments {
            printed.clear();
            let _ = write!(printed, "{fragment}");
            // A byte no text has, so moving code between the template and
            // a fragment changes the key.
            hashes.add(&[0xff]);
            hashes.add(printed.as_bytes());
        }
        Key(format!(
            "{:016x}{:016x}-{}",
            hashes.first.finish(),
            hashes.second.finish(),
            hashes.len
        ))
    }
}

/// Two differently seeded hashes of the same bytes, and their count.
struct Hashes {
    first: std::collections::hash_map::DefaultHasher,
    second: std::collections::hash_map::DefaultHasher,
    len: usize,
}

impl Default for Hashes {
    fn default() -> Self {
        let seeded = |seed: u8| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            h.write_u8(seed);
            h
        };
        Hashes {
            first: seeded(1),
            second: seeded(2),
            len: 0,
        }
    }
}

impl Hashes {
    fn add(&mut self, bytes: &[u8]) {
        self.first.write(bytes);
        self.second.write(bytes);
        self.len += bytes.len();
    }
}

/// The formatted form of the file of `key`, if the cache holds it.
pub(crate) fn get(key: &Key) -> Option<String> {
    let dir = DIR.get()?;
    let mut guard = CACHE.lock().ok()?;
    let cache = guard.get_or_insert_with(|| read(dir));
    if let Some(text) = cache.used.get(&key.0) {
        return Some(text.clone());
    }
    let text = cache.stored.remove(&key.0)?;
    cache.used.insert(key.0.clone(), text.clone());
    Some(text)
}

/// Keeps `formatted` as the form of the file of `key` (which parsed).
pub(crate) fn put(key: Key, formatted: &str) {
    if DIR.get().is_none() {
        return;
    }
    if let Ok(mut guard) = CACHE.lock() {
        let cache = guard.get_or_insert_with(Cache::default);
        cache.used.insert(key.0, formatted.to_owned());
    }
}

/// Writes the entries this process used or made, and only those, so the
/// cache holds what the last run generated and never grows with edits;
/// removes other builds' directories beside it. Returns how many entries
/// it wrote.
pub fn save() -> usize {
    let Some(dir) = DIR.get() else { return 0 };
    let Ok(guard) = CACHE.lock() else { return 0 };
    let Some(cache) = guard.as_ref() else {
        return 0;
    };
    let mut keys: Vec<&String> = cache.used.keys().collect();
    keys.sort();
    // Each text is copied once, into a buffer of the file's size: per
    // entry its key, a space, its length (at most 20 digits), a newline
    // and its text.
    let size = keys
        .iter()
        .map(|k| k.len() + 22 + cache.used[*k].len())
        .sum();
    let mut out = String::with_capacity(size);
    for key in &keys {
        let text = &cache.used[*key];
        let _ = writeln!(out, "{key} {}", text.len());
        out.push_str(text);
    }
    let path = dir.join("entries");
    // Written aside and renamed, so a run stopped halfway leaves the last
    // whole file.
    let aside = dir.join(format!("entries.{}.tmp", std::process::id()));
    let written = std::fs::create_dir_all(dir)
        .and_then(|_| std::fs::write(&aside, out))
        .and_then(|_| std::fs::rename(&aside, &path));
    if written.is_err() {
        let _ = std::fs::remove_file(&aside);
        return 0;
    }
    if let Some(parent) = dir.parent() {
        for other in std::fs::read_dir(parent).into_iter().flatten().flatten() {
            if other.path() != *dir {
                let _ = std::fs::remove_dir_all(other.path());
            }
        }
    }
    keys.len()
}

/// The entries stored under `dir`; a file that ends early or is not ours
/// gives the entries before the fault.
fn read(dir: &Path) -> Cache {
    let mut stored = HashMap::new();
    let text = std::fs::read_to_string(dir.join("entries")).unwrap_or_default();
    let mut rest = text.as_str();
    while let Some((head, after)) = rest.split_once('\n') {
        let Some((key, len)) = head.split_once(' ') else {
            break;
        };
        let Some(body) = len.parse::<usize>().ok().and_then(|n| after.get(..n)) else {
            break;
        };
        stored.insert(key.to_owned(), body.to_owned());
        rest = &after[body.len()..];
    }
    Cache {
        stored,
        used: HashMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_that_differ_anywhere_have_keys_of_their_own() {
        let key = |text: &str| Key::of(text, &[]).0;
        let a = key("fn a() {}");
        assert_eq!(a, key("fn a() {}"));
        assert_ne!(a, key("fn b() {}"));
        assert_ne!(a, key("fn a() {} "));
    }

    #[test]
    fn fragments_are_part_of_the_key() {
        use quote::quote;
        let key = |text: &str, fragments: &[proc_macro2::TokenStream]| Key::of(text, fragments).0;
        let a = key(
            "impl A { x }",
            &[quote!(
                fn a() {}
            )],
        );
        assert_eq!(
            a,
            key(
                "impl A { x }",
                &[quote!(
                    fn a() {}
                )]
            )
        );
        assert_ne!(
            a,
            key(
                "impl A { x }",
                &[quote!(
                    fn b() {}
                )]
            )
        );
        assert_ne!(
            a,
            key(
                "impl A { x }",
                &[
                    quote!(
                        fn a() {}
                    ),
                    quote!()
                ]
            )
        );
        assert_ne!(a, key("impl A { x }", &[]));
        // The same text split differently between template and fragments.
        assert_ne!(key("a", &[quote!(b c)]), key("a b", &[quote!(c)]));
    }

    #[test]
    fn a_cut_or_foreign_file_gives_the_entries_before_the_fault() {
        let dir = std::env::temp_dir().join(format!("format-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("entries"), "k1 3\nabck2 10\nshort").unwrap();
        let cache = read(&dir);
        assert_eq!(cache.stored.len(), 1);
        assert_eq!(cache.stored["k1"], "abc");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
