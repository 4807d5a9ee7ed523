//! Two forms of vendor documents (both DigitalOcean's) whose letter and
//! Prism disagreed with the SDK: a `required` name no part of the schema
//! declares (JSON Schema still wants the key, so Prism refused every call
//! the SDK could make), and `properties` given as a `$ref` (read by the
//! shared reader as the map it names, as Prism reads it).

use sdkgen::write::generate_spec_dir;
use sdkgen_import::{Options, REPORT_FILE, import_dir};
use serde_json::Value;

const DOCUMENT: &str = r##"
openapi: 3.0.3
info: { title: Checks, version: "1" }
servers: [{ url: https://api.example.com }]
paths:
  /checks:
    post:
      operationId: createCheck
      tags: [Checks]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              allOf:
                - $ref: "#/components/schemas/CheckUpdatable"
              required: [name, method, target]
      responses:
        "200": { description: ok }
  /uploads:
    post:
      operationId: upload
      tags: [Checks]
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file, label, kind]
              properties:
                file: { type: string, format: binary }
                label: { type: string }
      responses:
        "200": { description: ok }
  /balancers:
    post:
      operationId: createBalancer
      tags: [Checks]
      requestBody:
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Balancer" }
      responses:
        "200": { description: ok }
components:
  schemas:
    CheckUpdatable:
      type: object
      properties:
        name: { type: string }
        target: { type: string }
    Balancer:
      type: object
      required: [droplet_ids, Tag, tag]
      properties:
        $ref: "#/components/schemas/BalancerIds"
    BalancerIds:
      droplet_ids: { type: array, items: { type: integer } }
"##;

#[test]
fn required_names_no_part_declares_are_fields_of_any_value() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.yaml");
    std::fs::write(&doc, DOCUMENT).unwrap();
    let spec = dir.path().join("spec");
    import_dir(&doc, &spec, &Options::default(), |_, _| {}).unwrap();
    generate_spec_dir(&spec, "spec/checks/").unwrap_or_else(|e| panic!("{e}"));
    let services: Value =
        serde_yaml::from_str(&std::fs::read_to_string(spec.join("checks.imported.yaml")).unwrap())
            .unwrap();
    let models = &services["models"];
    let check = &models["CreateCheckRequest"];
    assert_eq!(check["all_of"][0], "CheckUpdatable", "{check:#}");
    // Declared by the part it combines: not carried again.
    assert!(check["fields"].get("name").is_none(), "{check:#}");
    assert_eq!(check["fields"]["method"]["type"], "any", "{check:#}");
    // Optional: nothing says what it holds, and answers may leave it out.
    assert!(
        check["fields"]["method"].get("required").is_none(),
        "{check:#}"
    );
    // A multipart body's model carries them too.
    let upload = &models["UploadRequest"]["fields"];
    assert_eq!(upload["kind"]["type"], "any", "{upload:#}");
    assert_eq!(upload["label"]["type"], "string", "{upload:#}");
    // `properties` given as a `$ref` are the properties it names.
    let balancer = &models["Balancer"]["fields"];
    assert_eq!(
        balancer["droplet_ids"]["type"], "list<integer>",
        "{balancer:#}"
    );
    assert!(balancer.get("$ref").is_none(), "{balancer:#}");
    // Two carried names one Rust name would take are told apart.
    assert_eq!(balancer["Tag"]["type"], "any", "{balancer:#}");
    assert!(balancer["tag"]["rust_name"].is_string(), "{balancer:#}");
    let report = std::fs::read_to_string(spec.join(REPORT_FILE)).unwrap();
    for expected in [
        "`#/paths/~1checks/post/requestBody/content/application~1json/schema/required` | `method` is required but no property declares it: carried as an optional field of any JSON value",
        "`#/components/schemas/Balancer/properties` | `properties` is given as a `$ref` (OpenAPI does not allow it)",
        "`kind` is required but no property declares it",
    ] {
        assert!(report.contains(expected), "{expected}\n{report}");
    }
}
