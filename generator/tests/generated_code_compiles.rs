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
    let mut crates: Vec<_> = common::fixtures()
        .into_iter()
        .map(|(name, source)| {
            generate(&format!("generator/tests/fixtures/{name}.yaml"), &source)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        })
        .collect();
    crates.push(generate("many_types.yaml", &many_types()).unwrap_or_else(|e| panic!("{e}")));
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
    for (krate, features) in [
        ("service_features", &["--no-default-features"][..]),
        (
            "service_features",
            &["--no-default-features", "--features", "billing"],
        ),
        (
            "service_features",
            &[
                "--no-default-features",
                "--features",
                "reports,full_service",
            ],
        ),
        // Types in modules of their own, one holding only the other service's.
        (
            "many_types",
            &["--no-default-features", "--features", "alpha"],
        ),
        (
            "many_types",
            &["--no-default-features", "--features", "beta"],
        ),
    ] {
        let args: Vec<&str> = ["clippy", "-p", krate, "--quiet", "--offline"]
            .iter()
            .chain(features)
            .chain(&["--", "-D", "warnings"])
            .copied()
            .collect();
        let out = common::cargo_in(dir.path(), "generated-check", &args, &[]);
        assert!(
            out.status.success(),
            "{krate} does not compile cleanly with {features:?}:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A spec with more types than one module of `models` holds, each used by
/// one of two services behind features (`Alpha` by `alpha`, `Beta` by
/// `beta`): in name order the first module holds types of both, the last
/// only `Beta`'s.
fn many_types() -> String {
    let mut spec = String::from(
        "api:\n  name: Many\n  crate: many_types\n  version: 0.1.0\n  description: Types in several modules.\n  license: MIT\n  servers: [{ name: production, url: \"https://api.example.com\" }]\n  features: { default: [] }\nmodels:\n",
    );
    for (service, count) in [("Alpha", 40), ("Beta", 60)] {
        spec.push_str(&format!("  {service}:\n    fields:\n"));
        for i in 1..count {
            spec.push_str(&format!("      f{i}: {{ type: {service}{i} }}\n"));
        }
        for i in 1..count {
            spec.push_str(&format!(
                "  {service}{i}:\n    fields:\n      id: {{ type: string }}\n"
            ));
        }
    }
    spec.push_str("services:\n");
    for service in ["Alpha", "Beta"] {
        spec.push_str(&format!(
            "  {service}:\n    methods:\n      get_{}:\n        method: GET\n        path: /{}\n        responses: {{ \"200\": {service} }}\n",
            service.to_lowercase(),
            service.to_lowercase()
        ));
    }
    spec
}
