//! Every fixture's generated crate must compile warning-free, like typify's
//! golden files: a snapshot that does not build is a bug, not a baseline.
//!
//! The fixture crates are written into one temporary workspace and checked
//! with a single `cargo check`, reusing the repository's lock file so no new
//! versions are resolved.

mod common;

use std::process::Command;

use sdkgen::write::generate;

#[test]
fn every_fixture_crate_compiles_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    for (name, source) in common::fixtures() {
        let krate = generate(&format!("generator/tests/fixtures/{name}.yaml"), &source).unwrap_or_else(|e| panic!("{name}: {e}"));
        for f in &krate.files {
            let path = dir.path().join(&krate.dir).join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &f.contents).unwrap();
        }
        members.push(format!("{:?}", krate.dir));
    }
    std::fs::write(dir.path().join("Cargo.toml"), format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "))).unwrap();
    std::fs::copy(common::root().join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    // A target directory of its own: the outer `cargo test` may hold the main one.
    let target = common::root().join("target/fixture-check");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["clippy", "--workspace", "--quiet", "--offline", "--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", target)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "fixture crates do not compile cleanly:\n{}", String::from_utf8_lossy(&out.stderr));
}
