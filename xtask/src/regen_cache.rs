//! A warm `cargo xtask regen` with nothing to do skips generation.
//!
//! Generating the two whole-API specs takes seconds, so regen records a
//! fingerprint of its inputs (every file under `spec/` and the xtask binary
//! itself, which holds the generator and its templates) and of the
//! `generated/` tree it wrote. When both still match, nothing can have
//! changed and regen says so without generating. Any difference (a spec
//! edit, a rebuilt generator, a hand edit under `generated/`, a file added
//! or removed) means a full regen. `cargo xtask check` never uses this: CI
//! always generates.
//!
//! A file is fingerprinted by its path, length and modification time, as
//! make and cargo judge freshness: reading the 25 MB the two whole APIs
//! generate took 180 ms of a warm regen, a `stat` per file a few.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// Where the fingerprint of the last regen is kept.
pub fn record_path(root: &Path) -> PathBuf {
    root.join("target").join("xtask").join("regen-fingerprint")
}

/// Every file under `dir` with its length and modification time into `h`,
/// directory by directory in name order. One `stat` per file (the directory
/// listing already says which entries are directories) and no list of the
/// whole tree: the 4,000 files of `generated/` are most of a warm regen's
/// own time, so each is a name compared and a few words hashed.
fn hash_tree(dir: &Path, h: &mut DefaultHasher) -> std::io::Result<()> {
    if dir.exists() {
        hash_dir(dir, h)?;
    }
    Ok(())
}

fn hash_dir(dir: &Path, h: &mut DefaultHasher) -> std::io::Result<()> {
    let mut entries = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| (e.file_name(), e)))
        .collect::<std::io::Result<Vec<_>>>()?;
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (name, entry) in entries {
        // A name cannot hold `/`, so a name and where its folder ends
        // (`u8::MAX` below) say unambiguously where each file sits.
        name.hash(h);
        if entry.file_type()?.is_dir() {
            hash_dir(&entry.path(), h)?;
            u8::MAX.hash(h);
        } else {
            let meta = entry.metadata()?;
            meta.len().hash(h);
            meta.modified()?.hash(h);
            // An editor that saves by writing a new file and renaming it
            // over the old one changes the inode even within one clock tick.
            #[cfg(unix)]
            std::os::unix::fs::MetadataExt::ino(&meta).hash(h);
        }
    }
    Ok(())
}

/// Where regen keeps formatted files between runs (see
/// `sdkgen::format_cache`): a directory per build of the generator, named by
/// the xtask binary's length and modification time, so a rebuilt generator
/// (a new template, a new `prettyplease`) starts from an empty one.
pub fn format_cache_dir(root: &Path) -> Option<PathBuf> {
    let mut h = DefaultHasher::new();
    hash_generator(&mut h)?;
    Some(format_cache_root(root).join(format!("{:016x}", h.finish())))
}

/// The xtask binary, which holds the generator and its templates, by its
/// length and modification time, into `h`.
fn hash_generator(h: &mut DefaultHasher) -> Option<()> {
    let exe = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    exe.len().hash(h);
    exe.modified().ok()?.hash(h);
    Some(())
}

/// The folder of every build's format cache.
pub fn format_cache_root(root: &Path) -> PathBuf {
    root.join("target").join("xtask").join("format-cache")
}

/// The fingerprint of the inputs (specs and generator) and of `generated/`.
fn current(root: &Path) -> Option<(u64, u64)> {
    let mut inputs = DefaultHasher::new();
    hash_generator(&mut inputs)?;
    hash_tree(&root.join("spec"), &mut inputs).ok()?;
    let mut outputs = DefaultHasher::new();
    hash_tree(&root.join("generated"), &mut outputs).ok()?;
    Some((inputs.finish(), outputs.finish()))
}

/// Whether the last regen's inputs and output are both unchanged.
pub fn fresh(root: &Path) -> bool {
    let Ok(recorded) = std::fs::read_to_string(record_path(root)) else {
        return false;
    };
    current(root).is_some_and(|(i, o)| recorded.trim() == format!("{i:016x} {o:016x}"))
}

/// Records the fingerprint after a successful regen (best effort: a failure
/// only means the next regen generates again).
pub fn record(root: &Path) {
    if let Some((i, o)) = current(root) {
        let path = record_path(root);
        let _ = std::fs::create_dir_all(path.parent().unwrap_or(root))
            .and_then(|_| std::fs::write(path, format!("{i:016x} {o:016x}\n")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_to_specs_or_generated_files_makes_the_record_stale() {
        let root = std::env::temp_dir().join(format!("regen-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("spec/api")).unwrap();
        std::fs::create_dir_all(root.join("generated/api/src")).unwrap();
        std::fs::write(root.join("spec/api/api.yaml"), "api: {}\n").unwrap();
        std::fs::write(root.join("generated/api/src/lib.rs"), "// generated\n").unwrap();
        assert!(!fresh(&root), "nothing recorded yet");
        record(&root);
        assert!(fresh(&root));
        std::fs::write(root.join("spec/api/api.yaml"), "api: { name: x }\n").unwrap();
        assert!(!fresh(&root), "a spec edit");
        record(&root);
        // The same length, told apart by its modification time.
        let spec = root.join("spec/api/api.yaml");
        std::fs::write(&spec, "api: { name: y }\n").unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&spec)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert!(!fresh(&root), "an edit of the same length");
        record(&root);
        std::fs::write(root.join("generated/api/src/lib.rs"), "// edited by hand\n").unwrap();
        assert!(!fresh(&root), "a hand edit under generated/");
        record(&root);
        std::fs::write(root.join("spec/api/extra.yaml"), "models: {}\n").unwrap();
        assert!(!fresh(&root), "a new spec file");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
