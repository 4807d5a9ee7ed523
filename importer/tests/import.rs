//! The importer against two small documents that use every construct it
//! maps (`tests/fixtures/shop-3.0.yaml`, `tests/fixtures/tickets-3.1.json`):
//! the spec it writes is pinned by snapshots, accepted by the generator, and
//! the crate the generator makes of it builds clippy-clean (as do those of
//! `split/` and of `payments-security-3.1.yaml`, whose client has a setter
//! for every kind of scheme).

#[path = "../../generator/tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

use sdkgen::write::generate_spec_dir;
use sdkgen_import::{Doc, HandWritten, IMPORTED_SUFFIX, Options, REPORT_FILE, import, import_dir};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Imports `name` into a fresh directory (with `hand` files written first).
fn import_into(
    name: &str,
    crate_name: &str,
    hand: &[(&str, &str)],
) -> (tempfile::TempDir, sdkgen_import::Imported) {
    let dir = tempfile::tempdir().unwrap();
    for (file, text) in hand {
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    let options = Options {
        crate_name: Some(crate_name.into()),
        ..Options::default()
    };
    let result = import_dir(&fixture(name), dir.path(), &options, |_, _| {}).unwrap();
    (dir, result)
}

/// Every file of a directory, in name order, as one text for a snapshot.
fn listing(dir: &Path) -> String {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            format!(
                "=== {} ===\n{}",
                p.file_name().unwrap().to_string_lossy(),
                std::fs::read_to_string(p).unwrap()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_openapi_3_0_document_becomes_a_spec_directory() {
    let (dir, result) = import_into("shop-3.0.yaml", "shop", &[]);
    assert_eq!((result.stats.operations, result.stats.imported), (11, 11));
    insta::assert_snapshot!("shop", listing(dir.path()));
    generate_spec_dir(dir.path(), "spec/shop/").unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn an_openapi_3_1_document_becomes_a_spec_directory() {
    let (dir, result) = import_into("tickets-3.1.json", "tickets", &[]);
    assert_eq!((result.stats.operations, result.stats.imported), (4, 4));
    insta::assert_snapshot!("tickets", listing(dir.path()));
    generate_spec_dir(dir.path(), "spec/tickets/").unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn what_cannot_be_mapped_is_reported_with_its_pointer() {
    let (_, result) = import_into("shop-3.0.yaml", "shop", &[]);
    let findings: Vec<String> = result
        .report
        .findings()
        .map(|f| format!("{} {}", f.pointer, f.message))
        .collect();
    let has = |pointer: &str, words: &str| {
        findings
            .iter()
            .any(|f| f.starts_with(pointer) && f.contains(words))
    };
    assert!(
        has(
            "#/paths/~1pets/get/parameters/5",
            "cookie parameters are not supported"
        ),
        "{findings:#?}"
    );
    assert!(
        has("#/paths/~1pets/get/parameters/4/schema", "sent as text"),
        "{findings:#?}"
    );
    // An object joined into one value is kept only when it holds no list.
    assert!(
        has(
            "#/paths/~1pets/get/parameters/9",
            "`explode: false` on object query parameter `near` is not kept: its property `places`"
        ),
        "{findings:#?}"
    );
    assert!(
        !findings.iter().any(|f| f.contains("`born`")),
        "{findings:#?}"
    );
    // An object's extra keys have no parameter to go in: said, not dropped.
    assert!(
        has(
            "#/paths/~1pets/get/parameters/11",
            "the keys beyond the declared properties"
        ),
        "{findings:#?}"
    );
    assert!(
        has(
            "#/paths/~1pets~1{petId}/get/responses/200/content/application~1xml",
            "also come as `application/xml`"
        ),
        "{findings:#?}"
    );
    assert!(
        has("#/paths/~1store~1orders/post/responses/201", "another body"),
        "{findings:#?}"
    );
    assert!(
        has(
            "#/components/schemas/Pet/allOf/1/properties/name",
            "first definition is kept"
        ),
        "{findings:#?}"
    );
    assert!(
        has(
            "#/components/schemas/Contact/discriminator/mapping",
            "`fax`"
        ),
        "{findings:#?}"
    );
    // A string or an integer is a union of the two; two strings (one a
    // date-time) could not be told apart, so stay `any`.
    assert!(
        !findings.iter().any(|f| f.contains("properties/note")),
        "{findings:#?}"
    );
    assert!(
        has(
            "#/components/schemas/Order/properties/when",
            "read as `any`"
        ),
        "{findings:#?}"
    );
    assert!(
        has(
            "#/components/schemas/NewPet/properties/price",
            "exclusiveMinimum"
        ),
        "{findings:#?}"
    );
    let report = std::fs::read_to_string(
        import_into("shop-3.0.yaml", "shop", &[])
            .0
            .path()
            .join(REPORT_FILE),
    )
    .unwrap();
    // Pagination findings have their own section.
    let paging = findings.iter().filter(|f| f.contains("pagination")).count();
    assert_eq!(paging, 1, "{findings:#?}");
    assert!(
        report.contains(
            "## Pagination (1 inferred: link 1; 0 operations with paging parameters left without)"
        ),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "## What was not carried over exactly ({})",
            findings.len() - paging
        )),
        "{report}"
    );
}

#[test]
fn hand_written_items_win_and_survive_a_reimport() {
    // The maintainer took `getPet` and `Pet` over by hand, with a name and a field of their own.
    let hand = "services:\n  Pets:\n    methods:\n      fetch_pet:\n        operation_id: getPet\n        method: GET\n        path: /pets/{petId}\n        parameters:\n          - { name: petId, in: path, type: string }\n        responses:\n          \"200\": Pet\nmodels:\n  Pet:\n    description: Corrected by hand\n    fields:\n      id: { type: string, required: true }\n      nickname: { type: string }\n      receipt: { type: Receipt }\n";
    let (dir, result) = import_into("shop-3.0.yaml", "shop", &[("pets.yaml", hand)]);
    assert_eq!(result.stats.hand_written, 1);
    let imported =
        std::fs::read_to_string(dir.path().join(format!("pets{IMPORTED_SUFFIX}"))).unwrap();
    assert!(
        !imported.contains("operation_id: getPet\n") && !imported.contains("\n  Pet:"),
        "{imported}"
    );
    // Imported methods still return the hand-written `Pet`.
    assert!(
        imported.contains("type: Pet,")
            || imported.contains("type: Pet\n")
            || imported.contains(": Pet }"),
        "{imported}"
    );
    // `Receipt` is only used by the hand-written model (the answer that has it is left out): it is imported for it.
    let types =
        std::fs::read_to_string(dir.path().join(format!("types{IMPORTED_SUFFIX}"))).unwrap();
    assert!(types.contains("\n  Receipt:"), "{types}");
    let krate = generate_spec_dir(dir.path(), "spec/shop/").unwrap_or_else(|e| panic!("{e}"));
    let pet = krate
        .files
        .iter()
        .find(|f| f.path == "src/models/pet.rs")
        .unwrap();
    assert!(
        pet.contents.contains("Corrected by hand") && pet.contents.contains("pub nickname"),
        "{}",
        pet.contents
    );

    // Importing again keeps the hand file and `api.yaml` as they are and rewrites only imported files.
    std::fs::write(
        dir.path().join("api.yaml"),
        std::fs::read_to_string(dir.path().join("api.yaml"))
            .unwrap()
            .replace("0.1.0", "0.3.0"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join(format!("gone{IMPORTED_SUFFIX}")),
        "models: {}\n",
    )
    .unwrap();
    let before = listing(dir.path());
    import_dir(
        &fixture("shop-3.0.yaml"),
        dir.path(),
        &Options::default(),
        |_, _| {},
    )
    .unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("pets.yaml")).unwrap(),
        hand
    );
    assert!(
        std::fs::read_to_string(dir.path().join("api.yaml"))
            .unwrap()
            .contains("0.3.0")
    );
    assert!(
        !dir.path().join(format!("gone{IMPORTED_SUFFIX}")).exists(),
        "a file the import no longer writes is removed"
    );
    assert_eq!(
        before.replace(
            &format!("=== gone{IMPORTED_SUFFIX} ===\nmodels: {{}}\n\n"),
            ""
        ),
        listing(dir.path())
    );
}

#[test]
fn the_same_document_always_gives_the_same_spec() {
    let source = std::fs::read_to_string(fixture("shop-3.0.yaml")).unwrap();
    let doc = Doc::parse("shop-3.0.yaml", &source).unwrap();
    let a = import(
        &doc,
        &HandWritten::default(),
        &Options::default(),
        |_, _| {},
    );
    let b = import(
        &doc,
        &HandWritten::default(),
        &Options::default(),
        |_, _| {},
    );
    assert_eq!(a.files, b.files);
}

#[test]
fn only_the_tags_asked_for_are_imported() {
    let source = std::fs::read_to_string(fixture("shop-3.0.yaml")).unwrap();
    let doc = Doc::parse("shop-3.0.yaml", &source).unwrap();
    let options = Options {
        tags: vec!["Store".into()],
        ..Options::default()
    };
    let result = import(&doc, &HandWritten::default(), &options, |_, _| {});
    assert_eq!((result.stats.imported, result.stats.filtered), (4, 7));
    let names: Vec<&str> = result.files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["store.imported.yaml"],
        "types only the Store service uses live in its file"
    );
}

#[test]
fn documents_that_cannot_be_read_are_errors_with_a_location() {
    let cases = [
        ("openapi: 3.0.3\npaths:\n  /a: [\n", "bad.yaml:4:"),
        (
            "swagger: \"1.2\"\npaths: {}\n",
            "Swagger 1.2 is not supported",
        ),
        ("swagger: \"2.0\"\ninfo: {}\n", "no `paths`"),
        (
            "openapi: 3.2.0\npaths: {}\n",
            "OpenAPI 3.2.0 is not supported",
        ),
        ("openapi: 3.0.3\ninfo: {}\n", "no `paths`"),
        ("{\"openapi\": \"3.1.0\", \"paths\": {,}}", "bad.yaml:1:"),
    ];
    for (source, expected) in cases {
        let err = Doc::parse("bad.yaml", source)
            .err()
            .unwrap_or_else(|| panic!("accepted {source:?}"))
            .to_string();
        assert!(
            err.starts_with("error: bad.yaml") && err.contains(expected),
            "{source:?}: {err}"
        );
    }
    // A failed import leaves the directory as it was.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.json"), "{\"swagger\": \"2.0\"}").unwrap();
    assert!(
        import_dir(
            &dir.path().join("bad.json"),
            &dir.path().join("spec"),
            &Options::default(),
            |_, _| {}
        )
        .is_err()
    );
    assert!(!dir.path().join("spec").exists());
}

#[test]
fn imported_crates_build_clippy_clean_and_document() {
    let crates: Vec<_> = [
        ("shop-3.0.yaml", "shop"),
        ("tickets-3.1.json", "tickets"),
        ("split/api.yaml", "split"),
        ("payments-security-3.1.yaml", "payments"),
    ]
    .iter()
    .map(|(file, name)| {
        let (dir, _) = import_into(file, name, &[]);
        generate_spec_dir(dir.path(), &format!("spec/{name}/")).unwrap_or_else(|e| panic!("{e}"))
    })
    .collect();
    let ws = common::workspace_of(&crates);
    // The target directory the generator's compile tests use: their
    // dependencies are checked once for both (test binaries run one at a time).
    let out = common::cargo_in(
        ws.path(),
        "generated-check",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = common::cargo_in(
        ws.path(),
        "generated-check",
        &[
            "doc",
            "--workspace",
            "--no-deps",
            "--all-features",
            "--quiet",
        ],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
