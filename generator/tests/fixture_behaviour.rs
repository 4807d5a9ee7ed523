//! Behaviour of fixture crates over real HTTP on 127.0.0.1: each
//! `tests/behaviour/<fixture>.rs` becomes an integration test of the crate
//! generated from `tests/fixtures/<fixture>.yaml`, run against a wiremock
//! server. The snapshot shows what a construct generates; this shows that
//! it decodes and encodes what the wire carries.

mod common;

use sdkgen::write::generate;

/// Dev-dependencies the behaviour tests use, at the versions the
/// repository's lock file already holds.
const DEV_DEPENDENCIES: &str = r#"
[dev-dependencies]
futures-util = { version = "0.3", default-features = false, features = ["std"] }
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread", "test-util"] }
uuid = { version = "1", default-features = false, features = ["std"] }
wiremock = "0.6"
"#;

/// `manifest` with the tests' dev-dependencies: added to the section a crate
/// with streams already has (for its README's doctest), each key once.
fn with_dev_dependencies(manifest: &str) -> String {
    const HEADER: &str = "[dev-dependencies]\n";
    let missing: String = DEV_DEPENDENCIES
        .lines()
        .filter(|l| l.contains(" = "))
        .filter(|l| {
            let key = l.split(" = ").next().unwrap_or_default();
            !manifest
                .lines()
                .any(|m| m.starts_with(&format!("{key} = ")))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    match manifest.find(HEADER) {
        Some(at) => {
            let at = at + HEADER.len();
            format!("{}{missing}{}", &manifest[..at], &manifest[at..])
        }
        None => format!("{manifest}\n{HEADER}{missing}"),
    }
}

#[test]
fn fixture_crates_behave_over_http() {
    let dir = common::root().join("generator/tests/behaviour");
    let mut tests: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    tests.sort();
    assert!(
        tests.len() >= 3,
        "expected behaviour tests in {}",
        dir.display()
    );
    let fixtures = common::fixtures();
    let mut crates = Vec::new();
    for test in &tests {
        let name = test.file_stem().unwrap().to_string_lossy().into_owned();
        let (_, source) = fixtures
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{}: no fixture spec named `{name}`", test.display()));
        crates.push(
            generate(&format!("generator/tests/fixtures/{name}.yaml"), source)
                .unwrap_or_else(|e| panic!("{name}: {e}")),
        );
    }
    let ws = common::workspace_of(&crates);
    for (krate, test) in crates.iter().zip(&tests) {
        let root = ws.path().join("generated").join(&krate.dir);
        let manifest = root.join("Cargo.toml");
        let toml = with_dev_dependencies(&std::fs::read_to_string(&manifest).unwrap());
        std::fs::write(&manifest, toml).unwrap();
        std::fs::create_dir_all(root.join("tests")).unwrap();
        std::fs::copy(test, root.join("tests/behaviour.rs")).unwrap();
    }
    let out = common::cargo_in(
        ws.path(),
        "fixture-behaviour",
        &[
            "test",
            "--workspace",
            "--offline",
            "--tests",
            "--quiet",
            "--no-fail-fast",
        ],
        &[],
    );
    assert!(
        out.status.success(),
        "fixture behaviour tests failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
