//! The format cache regen uses: a crate generated through it, empty or full,
//! is byte for byte the crate generated without it, an edited spec gets its
//! changed files formatted again, and a save keeps only what the process
//! used.
//!
//! A test binary of its own, as the cache is set once per process.

mod common;

use sdkgen::write::generate;

#[test]
fn generating_through_the_cache_gives_the_same_files() {
    let path = "generator/tests/fixtures/query_styles.yaml";
    let source = std::fs::read_to_string(common::root().join(path)).unwrap();
    let edited = source.replace("Sent as its own pairs", "Sent, edited, as its own pairs");
    assert_ne!(edited, source);
    // Without a cache first: it is set for the rest of the process.
    let plain = generate(path, &source).unwrap().files;
    let plain_edited = generate(path, &edited).unwrap().files;

    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("this-build");
    sdkgen::format_cache::use_dir(cache.clone());
    let rust_files = plain.iter().filter(|f| f.path.ends_with(".rs")).count();
    assert_eq!(generate(path, &source).unwrap().files, plain);
    let other_build = dir.path().join("older-build");
    std::fs::create_dir_all(&other_build).unwrap();
    let filled = sdkgen::format_cache::save();
    assert!(
        filled > 0 && filled <= rust_files,
        "{filled} of {rust_files}"
    );
    assert!(cache.join("entries").is_file());
    assert!(!other_build.exists(), "another build's cache is removed");
    assert_eq!(generate(path, &source).unwrap().files, plain);
    assert_eq!(sdkgen::format_cache::save(), filled);

    // The edit changes one model's file: that one is formatted anew, its
    // new text one more entry (this process also used the old one).
    assert_eq!(generate(path, &edited).unwrap().files, plain_edited);
    assert_eq!(sdkgen::format_cache::save(), filled + 1);
}
