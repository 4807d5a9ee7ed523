//! Idioms of vendor documents that once made an SDK fail on calls the
//! document itself allows: a body declared on a `204` answer (which HTTP
//! never sends); `allOf: [{$ref: …}, {nullable: true}]`, OpenAPI 3.0's way
//! to let a referenced type be `null` (read once as a model of the
//! referenced union's object branch, so its string branch did not decode);
//! an `anyOf` of `required` lists beside `properties` (read once as a
//! union of non-objects, so the body was `any`); and a discriminator without
//! a mapping over members whose tag allows one value, several, or one
//! beside `null` (once sent as the member's schema name, which the tag's
//! enum refuses).

use sdkgen::write::generate_spec_dir;
use sdkgen_import::{Options, REPORT_FILE, import_dir};
use serde_json::Value;

const DOCUMENT: &str = r##"
openapi: 3.0.3
info: { title: Idioms, version: "1" }
servers: [{ url: https://api.example.com }]
paths:
  /batches:
    post:
      operationId: createBatch
      tags: [Things]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                file_ids: { type: array, items: { type: string } }
                files: { type: array, items: { type: string } }
                chunking: { $ref: "#/components/schemas/Chunking" }
              anyOf:
                - required: [file_ids]
                - required: [files]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Thing" }
  /characters:
    post:
      operationId: createCharacter
      tags: [Things]
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [video]
              properties:
                video: { type: string, format: binary }
                name: { type: string }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Thing" }
  /things/{id}:
    delete:
      operationId: deleteThing
      tags: [Things]
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "204":
          description: ""
          content:
            application/json:
              schema: { type: object, properties: {} }
    get:
      operationId: getThing
      tags: [Things]
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Thing" }
components:
  schemas:
    Thing:
      type: object
      required: [choice]
      properties:
        choice:
          allOf:
            - $ref: "#/components/schemas/Choice"
            - nullable: true
        named:
          allOf:
            - $ref: "#/components/schemas/Named"
            - nullable: true
    Choice:
      oneOf:
        - { type: string, enum: [none, auto] }
        - $ref: "#/components/schemas/Named"
    Chunking:
      oneOf:
        - $ref: "#/components/schemas/AutoChunking"
        - $ref: "#/components/schemas/StaticChunking"
        - $ref: "#/components/schemas/WebChunking"
        - $ref: "#/components/schemas/ReferenceChunking"
      discriminator: { propertyName: type }
    AutoChunking:
      type: object
      required: [type]
      properties:
        type: { type: string, enum: [auto] }
    StaticChunking:
      type: object
      required: [type]
      properties:
        type: { type: string, const: static }
        size: { type: integer }
    WebChunking:
      type: object
      required: [type]
      properties:
        type: { type: string, enum: [web, web_2025] }
    ReferenceChunking:
      type: object
      required: [id]
      properties:
        type:
          anyOf:
            - { type: string, enum: [reference] }
            - { type: "null" }
        id: { type: string }
    Named:
      type: object
      properties:
        name: { type: string }
"##;

#[test]
fn no_content_answers_are_bodiless_and_nullable_parts_make_the_reference_nullable() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.yaml");
    std::fs::write(&doc, DOCUMENT).unwrap();
    let spec = dir.path().join("spec");
    import_dir(&doc, &spec, &Options::default(), |_, _| {}).unwrap();
    generate_spec_dir(&spec, "spec/idioms/").unwrap_or_else(|e| panic!("{e}"));
    let services: Value =
        serde_yaml::from_str(&std::fs::read_to_string(spec.join("things.imported.yaml")).unwrap())
            .unwrap();
    let delete = &services["services"]["Things"]["methods"]["delete_thing"];
    let answer = delete["responses"].get("204").expect("the 204 answer");
    assert!(answer.is_null() || answer["type"].is_null(), "{delete:#}");
    let report = std::fs::read_to_string(spec.join(REPORT_FILE)).unwrap();
    assert!(
        report.contains("a `204` answer has no content in HTTP"),
        "{report}"
    );
    // Branches that only require properties are no alternative shapes:
    // the body is the object its properties describe.
    let batch = &services["services"]["Things"]["methods"]["create_batch"];
    assert_eq!(batch["body"]["type"], "CreateBatchRequest", "{batch:#}");
    let request = &services["models"]["CreateBatchRequest"]["fields"];
    assert_eq!(request["file_ids"]["type"], "list<string>", "{request:#}");
    assert!(report.contains("only require properties"), "{report}");
    // A member the mapping does not name is selected by the values its
    // tag allows (also beside `null`): its own name could never be sent in
    // that property.
    let chunking = &services["unions"]["Chunking"]["discriminator"]["mapping"];
    assert_eq!(chunking["auto"], "AutoChunking", "{chunking:#}");
    assert_eq!(chunking["static"], "StaticChunking", "{chunking:#}");
    assert_eq!(chunking["web"], "WebChunking", "{chunking:#}");
    assert_eq!(chunking["web_2025"], "WebChunking", "{chunking:#}");
    assert_eq!(chunking["reference"], "ReferenceChunking", "{chunking:#}");
    assert!(
        report.contains("`auto` selects `AutoChunking`, `static` selects `StaticChunking`, `web` selects `WebChunking`, `web_2025` selects `WebChunking`, `reference` selects `ReferenceChunking`"),
        "{report}"
    );
    // An optional body that requires a file: the method takes the file,
    // and the report says the body is then always sent.
    let character = &services["services"]["Things"]["methods"]["create_character"]["body"];
    assert_eq!(character["files"][0]["required"], true, "{character:#}");
    assert!(
        report.contains("the body is optional but requires file part `video`"),
        "{report}"
    );
    let thing = &services["models"]["Thing"]["fields"];
    // A `oneOf` of a string and an object is a union of the two (README),
    // as it is without the `nullable` part.
    assert_eq!(thing["choice"]["type"], "Choice", "{thing:#}");
    assert_eq!(thing["choice"]["nullable"], true, "{thing:#}");
    assert_eq!(thing["named"]["type"], "Named", "{thing:#}");
    assert_eq!(thing["named"]["nullable"], true, "{thing:#}");
}
