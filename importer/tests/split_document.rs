//! A document split over files (`tests/fixtures/split/`), with the quirks of
//! real vendor documents: the import follows every relative `$ref`, gives
//! clashing wire names distinct Rust names, carries or reports every
//! constraint, names the file of each finding, and the generator accepts
//! what it writes (the crate is built with the other fixtures' in
//! `import.rs`).

use std::path::Path;

use sdkgen::write::generate_spec_dir;
use sdkgen_import::{Options, import_dir};

#[test]
fn a_split_document_imports_whole_and_the_generator_accepts_it() {
    let document = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/split/api.yaml");
    let dir = tempfile::tempdir().unwrap();
    let result = import_dir(&document, dir.path(), &Options::default(), |_, _| {}).unwrap();
    assert_eq!((result.stats.operations, result.stats.imported), (2, 2));
    let calls = std::fs::read_to_string(dir.path().join("calls.imported.yaml")).unwrap();
    for expected in [
        "rust_name: date_created_before",
        "rust_name: date_created_after",
        // The schema in its own file is one type, referred to by name, itself included.
        "type: Call",
        "from ops/calls_list.yml#",
    ] {
        assert!(calls.contains(expected), "{expected} missing in\n{calls}");
    }
    let findings: Vec<String> = result
        .report
        .findings()
        .map(|f| format!("{} {}", f.pointer, f.message))
        .collect();
    let has = |needle: &str| findings.iter().any(|f| f.contains(needle));
    assert!(
        has("ops/parameters.yml#/date_created_before `DateCreated<` is `date_created_before`"),
        "{findings:#?}"
    );
    assert!(
        has(
            "models/call.yml#/properties/direction `maxLength` is not checked: an enum's listed values"
        ),
        "{findings:#?}"
    );
    assert!(
        has("models/call_status.yml# `pattern` is not checked"),
        "{findings:#?}"
    );
    assert!(
        has(
            "models/call.yml#/properties/duration/minimum the integer -9223372036854776000 is past 64 bits"
        ),
        "{findings:#?}"
    );
    generate_spec_dir(dir.path(), "spec/split/").unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_reference_that_leaves_the_folder_is_an_error_naming_it_and_writes_nothing() {
    let outer = tempfile::tempdir().unwrap();
    let doc_dir = outer.path().join("doc");
    std::fs::create_dir_all(&doc_dir).unwrap();
    std::fs::write(outer.path().join("secret.yml"), "get: {responses: {}}\n").unwrap();
    std::fs::write(
        doc_dir.join("api.yaml"),
        "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    $ref: '../secret.yml'\n",
    )
    .unwrap();
    let spec = outer.path().join("spec");
    let e = import_dir(
        &doc_dir.join("api.yaml"),
        &spec,
        &Options::default(),
        |_, _| {},
    )
    .err()
    .unwrap();
    assert!(
        e.contains("api.yaml")
            && e.contains("#/paths/~1a")
            && e.contains("leaves the document's folder"),
        "{e}"
    );
    assert!(!spec.exists(), "a failed import wrote {}", spec.display());
}
