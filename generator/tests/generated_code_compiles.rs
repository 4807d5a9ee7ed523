//! Every fixture's generated crate must compile warning-free, like typify's
//! golden files: a snapshot that does not build is a bug, not a baseline.
//!
//! The fixture crates are written into one temporary workspace and checked
//! with a single `cargo clippy`, reusing the repository's lock file so no new
//! versions are resolved.

mod common;

use sdkgen::write::generate;

#[test]
fn every_fixture_crate_compiles_without_warnings() {
    let crates: Vec<_> = common::fixtures()
        .into_iter()
        .map(|(name, source)| {
            generate(&format!("generator/tests/fixtures/{name}.yaml"), &source)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        })
        .collect();
    let dir = common::workspace_of(&crates);
    // Serde derives a type's API does not need sit behind the `serialize` and
    // `deserialize` features, so each combination must build on its own.
    for features in [
        &[][..],
        &["--features", "deserialize"],
        &["--features", "serialize"],
        &["--all-features"],
    ] {
        let args: Vec<&str> = ["clippy", "--workspace", "--quiet", "--offline"]
            .iter()
            .chain(features)
            .chain(&["--", "-D", "warnings"])
            .copied()
            .collect();
        let out = common::cargo_in(dir.path(), "generated-check", &args, &[]);
        assert!(
            out.status.success(),
            "fixture crates do not compile cleanly with {features:?}:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // A crate with per-service features builds with any one service on, or none.
    for features in [
        &["--no-default-features"][..],
        &["--no-default-features", "--features", "billing"],
        &[
            "--no-default-features",
            "--features",
            "reports,full_service",
        ],
    ] {
        let args: Vec<&str> = ["clippy", "-p", "service_features", "--quiet", "--offline"]
            .iter()
            .chain(features)
            .chain(&["--", "-D", "warnings"])
            .copied()
            .collect();
        let out = common::cargo_in(dir.path(), "generated-check", &args, &[]);
        assert!(
            out.status.success(),
            "service_features does not compile cleanly with {features:?}:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
