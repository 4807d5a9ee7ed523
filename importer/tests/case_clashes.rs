//! Wire names that differ only in case (`active`/`Active`/`ACTIVE`,
//! `USER_ID`/`UserId`/`userId`) get one Rust name from the generator's
//! naming; the importer gives each its own, the same on every import, and
//! lists every renaming, so the generator accepts the spec.

use sdkgen::write::generate_spec_dir;
use sdkgen_import::{Options, REPORT_FILE, import_dir};

const DOCUMENT: &str = r##"
openapi: 3.0.3
info: { title: Cases, version: "1" }
servers: [{ url: https://api.example.com }]
paths:
  /users/{USER_ID}:
    get:
      operationId: getUser
      tags: [Users]
      parameters:
        - { name: USER_ID, in: path, required: true, schema: { type: string } }
        - { name: UserId, in: query, schema: { type: string } }
        - { name: userId, in: header, schema: { type: string } }
        - name: state
          in: query
          schema: { type: string, enum: [active, Active, ACTIVE] }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/User" }
components:
  schemas:
    User:
      type: object
      properties:
        USER_ID: { type: string }
        UserId: { type: string }
        userId: { type: integer }
        kind: { $ref: "#/components/schemas/Kind" }
    Kind:
      type: string
      enum: [active, Active, ACTIVE]
    kind:
      type: object
      properties:
        a: { type: string }
"##;

/// The spec directory's files and the report, as one text.
fn import_once() -> String {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.yaml");
    std::fs::write(&doc, DOCUMENT).unwrap();
    let spec = dir.path().join("spec");
    import_dir(&doc, &spec, &Options::default(), |_, _| {}).unwrap();
    generate_spec_dir(&spec, "spec/cases/").unwrap_or_else(|e| panic!("{e}"));
    let mut files: Vec<_> = std::fs::read_dir(&spec)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
        + &std::fs::read_to_string(spec.join(REPORT_FILE)).unwrap()
}

#[test]
fn names_differing_only_in_case_get_distinct_reported_rust_names() {
    let text = import_once();
    assert_eq!(text, import_once(), "the same document, the same spec");
    for line in [
        // Parameters: the location first, as a parameter's own fallback.
        "`UserId` is `user_id_query` in Rust",
        "`userId` is `user_id_header` in Rust",
        // Enum values, inline and named: numbered.
        "`Active` is `Active2` in Rust",
        "`ACTIVE` is `Active3` in Rust",
        // Fields.
        "`UserId` is `user_id_2` in Rust",
        "`userId` is `user_id_3` in Rust",
        // Types.
        "named `Kind2`: `Kind` is taken by another type",
    ] {
        assert!(text.contains(line), "no `{line}` in:\n{text}");
    }
}
