//! Generated crates depend on the runtime by the version the generator
//! knows; it must be the version `runtime/Cargo.toml` publishes.

mod common;

#[test]
fn generated_crates_ask_for_the_runtime_version_that_exists() {
    let manifest = std::fs::read_to_string(common::root().join("runtime/Cargo.toml")).unwrap();
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = "))
        .map(|v| v.trim_matches('"'))
        .unwrap();
    assert_eq!(sdkgen::emit::RUNTIME_VERSION, version);
}
