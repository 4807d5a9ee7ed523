//! Rate-limit groups: an operation's `x-throttling-group` becomes its
//! method's `rate_limit`, and a new `api.yaml` lists every group met, with
//! no budget (the document gives none), which the generator accepts.

use sdkgen::write::generate_spec_dir;
use sdkgen_import::{Options, import_dir};
use serde_json::{Value, json};

const DOCUMENT: &str = r#"
openapi: 3.0.3
info: { title: Throttled, version: "1" }
servers: [{ url: https://api.example.com }]
paths:
  /things:
    get:
      operationId: listThings
      tags: [Things]
      x-throttling-group: Light
      responses: { "204": { description: ok } }
    post:
      operationId: createThing
      tags: [Things]
      x-throttling-group: Heavy
      responses: { "204": { description: ok } }
  /ping:
    get:
      operationId: ping
      tags: [Things]
      responses: { "204": { description: ok } }
"#;

#[test]
fn throttling_groups_become_rate_limit_groups_the_generator_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.yaml");
    std::fs::write(&doc, DOCUMENT).unwrap();
    let spec = dir.path().join("spec");
    import_dir(&doc, &spec, &Options::default(), |_, _| {}).unwrap();
    let read = |name: &str| -> Value {
        serde_yaml::from_str(&std::fs::read_to_string(spec.join(name)).unwrap()).unwrap()
    };
    let api = read("api.yaml");
    assert_eq!(
        api["api"]["rate_limits"],
        json!({"groups": {"Light": {}, "Heavy": {}}})
    );
    let methods = &read("things.imported.yaml")["services"]["Things"]["methods"];
    assert_eq!(methods["list_things"]["rate_limit"], "Light");
    assert_eq!(methods["create_thing"]["rate_limit"], "Heavy");
    assert!(methods["ping"].get("rate_limit").is_none());
    let krate = generate_spec_dir(&spec, "spec/throttled/")
        .unwrap_or_else(|e| panic!("the generator refuses the import: {e}"));
    let client = krate
        .files
        .iter()
        .find(|f| f.path == "src/client.rs")
        .unwrap();
    assert!(
        client.contents.contains("RateGroup::unknown(\"Light\")"),
        "{}",
        client.contents
    );
}
