//! Formatted Rust kept between runs, by the text it was formatted from.
//!
//! Parsing each rendered file with `syn` and printing it with `prettyplease`
//! is most of what generating costs, and after a spec edit nearly every file
//! renders to the same text as before. When a caller names a cache
//! directory (`cargo xtask regen` does; `check` and the tests do not), a
//! rendered text whose formatted form is stored there is not parsed and
//! printed again. The output cannot differ: an entry is keyed by the whole
//! rendered text (two 64-bit hashes and its length) and written only after
//! that text parsed, and the caller gives a directory per build of the
//! generator, so a new `syn` or `prettyplease` never reads an old entry.
//!
//! The cache is best effort: an entry that cannot be read or written only
//! means formatting again.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

static DIR: OnceLock<PathBuf> = OnceLock::new();
/// The entries this process read or wrote: what [`prune`] keeps.
static USED: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// Keeps formatted files under `dir` for the rest of the process; the first
/// call wins. `dir` must be one per build of the generator.
pub fn use_dir(dir: PathBuf) {
    let _ = DIR.set(dir);
}

/// The formatted form of `rendered`, if the cache holds it.
pub(crate) fn get(rendered: &str) -> Option<String> {
    let path = entry(DIR.get()?, rendered);
    let formatted = std::fs::read_to_string(&path).ok()?;
    used(path);
    Some(formatted)
}

/// Stores `formatted` as the form of `rendered` (which parsed).
pub(crate) fn put(rendered: &str, formatted: &str) {
    let Some(dir) = DIR.get() else { return };
    let path = entry(dir, rendered);
    // Written aside and renamed, so a reader on another thread (or a run
    // stopped halfway) never sees part of an entry.
    let aside = path.with_extension(format!("{}.tmp", std::process::id()));
    let written = std::fs::create_dir_all(dir)
        .and_then(|_| std::fs::write(&aside, formatted))
        .and_then(|_| std::fs::rename(&aside, &path));
    match written {
        Ok(()) => used(path),
        Err(_) => {
            let _ = std::fs::remove_file(&aside);
        }
    }
}

fn used(path: PathBuf) {
    if let Ok(mut set) = USED.lock() {
        set.insert(path);
    }
}

/// Removes every entry this process did not read or write, and every other
/// build's directory beside the cache's: after a whole regen, the cache
/// holds exactly the files it generated, so it never grows with edits.
pub fn prune() {
    let Some(dir) = DIR.get() else { return };
    let Ok(used) = USED.lock() else { return };
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if !used.contains(&entry.path()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    let Some(parent) = dir.parent() else { return };
    for other in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        if other.path() != *dir {
            let _ = std::fs::remove_dir_all(other.path());
        }
    }
}

/// The file of `rendered`'s entry under `dir`.
fn entry(dir: &Path, rendered: &str) -> PathBuf {
    let hash = |seed: u8| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        seed.hash(&mut h);
        rendered.hash(&mut h);
        h.finish()
    };
    dir.join(format!(
        "{:016x}{:016x}-{}.rs",
        hash(1),
        hash(2),
        rendered.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_that_differ_anywhere_have_entries_of_their_own() {
        let dir = Path::new("/cache");
        let a = entry(dir, "fn a() {}");
        assert_eq!(a, entry(dir, "fn a() {}"));
        assert_ne!(a, entry(dir, "fn b() {}"));
        assert_ne!(a, entry(dir, "fn a() {} "));
        assert!(a.starts_with(dir));
    }
}
