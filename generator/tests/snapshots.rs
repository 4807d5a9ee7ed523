//! Snapshot tests: the IR of the RingCentral spec, and the code generated
//! for one small fixture spec per construct. Review changes with
//! `cargo insta review`.

mod common;

use sdkgen::lower;
use sdkgen::write::generate;

#[test]
fn ringcentral_ir() {
    let source = std::fs::read_to_string(common::root().join("spec/ringcentral/api.yaml")).unwrap();
    let api = lower::load("spec/ringcentral/api.yaml", &source).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_yaml_snapshot!("ringcentral_ir", api);
}

#[test]
fn fixture_output() {
    let fixtures = common::fixtures();
    assert!(
        fixtures.len() >= 12,
        "expected the fixture specs, found {}",
        fixtures.len()
    );
    for (name, source) in fixtures {
        let krate = generate(&format!("generator/tests/fixtures/{name}.yaml"), &source)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        // The runtime is copied verbatim and tested on its own; snapshots show what the spec drives.
        let text: String = krate
            .files
            .iter()
            .filter(|f| !f.path.starts_with("src/runtime/"))
            .map(|f| format!("=== {} ===\n{}\n", f.path, f.contents))
            .collect();
        insta::assert_snapshot!(format!("fixture_{name}"), text);
    }
}
