//! Integers past `i64`: `format: uint64` is carried as `uint64`, and an
//! integer whose stated values go above `i64::MAX` (DigitalOcean's Kafka
//! topic config) is read with a finding, its bounds kept: as `uint64` when
//! the document rules negatives out, else as `int128`.

use sdkgen_import::{Doc, HandWritten, Options, import};

const DOCUMENT: &str = r##"
openapi: 3.0.3
info: { title: Kafka, version: "1" }
servers: [{ url: https://api.example.com }]
paths:
  /topics:
    get:
      operationId: getTopic
      tags: [Topics]
      parameters:
        - { name: after, in: query, schema: { type: integer, format: uint64, minimum: -5 } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/TopicConfig" }
components:
  schemas:
    TopicConfig:
      type: object
      properties:
        flush_messages:
          type: integer
          example: 9223372036854776000
          default: 9223372036854776000
        huge_lag: { type: integer, example: 9223372036854776000, maximum: 1.0e40 }
        max_lag:
          type: integer
          minimum: 0
          maximum: 9223372036854776000
        offset: { type: integer, format: uint64, maximum: 18446744073709551615 }
        partitions: { type: integer, format: uint32, example: 4000000000 }
        signed: { type: integer, minimum: -1, maximum: 9223372036854776000 }
        plain: { type: integer, example: 3 }
"##;

#[test]
fn integers_past_i64_are_read_as_uint64_or_int128() {
    let doc = Doc::parse("kafka.yaml", DOCUMENT).unwrap();
    let imported = import(
        &doc,
        &HandWritten::default(),
        &Options::default(),
        |_, _| {},
    );
    let text: String = imported.files.iter().map(|(_, t)| t.as_str()).collect();
    let line = |field: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(&format!("{field}:")))
            .unwrap_or_else(|| panic!("no `{field}` in\n{text}"))
            .trim()
            .to_owned()
    };
    // Stated values above i64::MAX, nothing ruling out negatives.
    assert!(
        line("flush_messages").contains("type: int128"),
        "{}",
        line("flush_messages")
    );
    // A minimum of 0 or more rules them out.
    assert!(
        line("max_lag").contains("type: uint64"),
        "{}",
        line("max_lag")
    );
    assert!(
        line("max_lag").contains("maximum: 9223372036854776000"),
        "{}",
        line("max_lag")
    );
    // The format says so; its bound is carried in full.
    assert!(
        line("offset").contains("type: uint64"),
        "{}",
        line("offset")
    );
    assert!(
        line("offset").contains("maximum: 18446744073709551615"),
        "{}",
        line("offset")
    );
    // Smaller formats fit in i64; a negative value keeps the integer signed,
    // and one above i64::MAX beside it needs 128 bits.
    assert!(
        line("partitions").contains("type: integer"),
        "{}",
        line("partitions")
    );
    assert!(
        line("signed").contains("type: int128"),
        "{}",
        line("signed")
    );
    assert!(line("plain").contains("type: integer"), "{}", line("plain"));
    // A bound no u64 can break is left out, with a finding.
    let after = text.lines().find(|l| l.contains("name: after")).unwrap();
    assert!(after.contains("type: uint64"), "{after}");
    assert!(!after.contains("minimum"), "{after}");

    let findings: Vec<String> = imported
        .report
        .findings()
        .map(|f| format!("{}: {}", f.pointer, f.message))
        .collect();
    let about = |what: &str| findings.iter().filter(|f| f.contains(what)).count();
    assert!(
        findings.iter().any(|f| f.contains("flush_messages")
            && f.ends_with(
                "integer states 9223372036854776000, above i64's range, and no `minimum` of 0 \
                 or more rules out negatives: read as `int128`"
            )),
        "{findings:#?}"
    );
    assert!(
        findings.iter().any(|f| f.contains("signed")
            && f.ends_with("above i64's range, and -1, below 0: read as `int128`")),
        "{findings:#?}"
    );
    // A bound past every i128 is left out, with a finding.
    assert!(
        !line("huge_lag").contains("maximum"),
        "{}",
        line("huge_lag")
    );
    assert!(
        findings
            .iter()
            .any(|f| f.contains("`maximum: 1e+40` is not checked: it is outside `int128`'s range")),
        "{findings:#?}"
    );
    assert!(
        findings
            .iter()
            .any(|f| f.contains("max_lag") && f.contains("`minimum: 0` rules out negatives")),
        "{findings:#?}"
    );
    assert!(
        findings
            .iter()
            .any(|f| f.contains("`minimum: -5` is not checked: it is outside `uint64`'s range")),
        "{findings:#?}"
    );
    // Carried exactly: no finding for the format itself, nor for uint32.
    assert_eq!(about("format `uint64`"), 0, "{findings:#?}");
    assert_eq!(about("format `uint32`"), 0, "{findings:#?}");
    assert_eq!(about("read as `uint64`"), 1, "{findings:#?}");
    assert_eq!(about("read as `int128`"), 3, "{findings:#?}");
}
