//! A property declared by several parts of an `allOf`: a value must meet
//! every part, so two object definitions of it are combined into one model
//! (DigitalOcean's service autoscaling adds request metrics to the CPU
//! metrics of the spec it extends; once the second definition was dropped,
//! and the SDK lost what it was sent). A definition that says nothing new
//! (the same schema reached twice) is no finding; two scalar definitions
//! that differ keep the first, reported.

use sdkgen::write::generate_spec_dir;
use sdkgen_import::{Options, REPORT_FILE, import_dir};
use serde_json::Value;

const DOCUMENT: &str = r##"
openapi: 3.0.3
info: { title: Merges, version: "1" }
servers: [{ url: https://api.example.com }]
paths:
  /services:
    post:
      operationId: createService
      tags: [Services]
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/ServiceScaling" }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Copy" }
components:
  schemas:
    Scaling:
      type: object
      properties:
        min: { type: integer }
        metrics:
          type: object
          properties:
            cpu: { type: integer, description: Target CPU percent. }
        label: { type: string }
    ServiceScaling:
      allOf:
        - $ref: "#/components/schemas/Scaling"
        - type: object
          properties:
            metrics:
              type: object
              properties:
                requests: { type: integer }
    Copy:
      allOf:
        - $ref: "#/components/schemas/Scaling"
        - type: object
          properties:
            metrics:
              type: object
              properties:
                cpu: { type: integer, description: Worded otherwise. }
            label: { type: integer }
"##;

#[test]
fn object_properties_defined_by_several_parts_are_combined() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.yaml");
    std::fs::write(&doc, DOCUMENT).unwrap();
    let spec = dir.path().join("spec");
    import_dir(&doc, &spec, &Options::default(), |_, _| {}).unwrap();
    generate_spec_dir(&spec, "spec/merges/").unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(spec.join("services.imported.yaml")).unwrap();
    let services: Value = serde_yaml::from_str(&text).unwrap();
    let models = &services["models"];

    // The parent whose `metrics` is redefined is merged in, not a parent:
    // its field would be defined twice.
    let service = &models["ServiceScaling"];
    assert!(service["all_of"].is_null(), "{service:#}");
    assert_eq!(service["fields"]["min"]["type"], "integer", "{service:#}");
    let metrics = service["fields"]["metrics"]["type"].as_str().unwrap();
    assert_ne!(metrics, "ScalingMetrics", "{text}");
    let combined = &models[metrics]["fields"];
    assert_eq!(combined["cpu"]["type"], "integer", "{text}");
    assert_eq!(combined["requests"]["type"], "integer", "{text}");
    // The parent keeps its own metrics type, with no request metrics.
    let own = &models["ScalingMetrics"]["fields"];
    assert_eq!(own["cpu"]["type"], "integer", "{text}");
    assert!(own["requests"].is_null(), "{text}");

    // A redefinition the parent already says all of leaves the parent a
    // parent; a scalar that differs keeps the first, reported.
    let copy = &models["Copy"];
    assert_eq!(copy["all_of"][0], "Scaling", "{copy:#}");
    let report = std::fs::read_to_string(spec.join(REPORT_FILE)).unwrap();
    assert!(
        report.contains("`#/components/schemas/Copy/allOf/1/properties/label` | property `label` is also defined"),
        "{report}"
    );
    assert!(!report.contains("properties/metrics"), "{report}");
}
