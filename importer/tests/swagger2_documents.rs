//! A Swagger 2.0 document imports as the OpenAPI 3.0 document it is
//! converted to, and the generator accepts what it writes: the
//! conversion itself is tested in `sdkgen-openapi`.

use sdkgen::write::generate_spec_dir;
use sdkgen_import::{Options, REPORT_FILE, import_dir};
use serde_json::Value;

const DOCUMENT: &str = r##"
swagger: "2.0"
info: { title: Sites, version: "1" }
host: api.example.com
basePath: /api/v1
schemes: [https]
securityDefinitions:
  token: { type: oauth2, flow: application, tokenUrl: "https://api.example.com/oauth/token", scopes: {} }
security: [{ token: [] }]
paths:
  /sites:
    get:
      operationId: listSites
      tags: [Sites]
      parameters:
        - { name: ids, in: query, type: array, items: { type: string } }
        - { name: page, in: query, type: integer }
      responses:
        "200": { description: ok, schema: { type: array, items: { $ref: "#/definitions/Site" } } }
        "404": { description: none, schema: { $ref: "#/definitions/Error" } }
    post:
      operationId: createSite
      tags: [Sites]
      parameters:
        - { name: site, in: body, required: true, schema: { $ref: "#/definitions/Site" } }
      responses: { "201": { description: made, schema: { $ref: "#/definitions/Site" } } }
  /sites/{site_id}/files:
    put:
      operationId: uploadFile
      tags: [Sites]
      consumes: [multipart/form-data]
      parameters:
        - { name: site_id, in: path, required: true, type: string }
        - { name: file, in: formData, required: true, type: file }
        - { name: path, in: formData, type: string }
      responses: { "200": { description: ok } }
definitions:
  Site:
    type: object
    required: [name]
    properties:
      name: { type: string }
      domain: { type: string, x-nullable: true }
  Error:
    type: object
    properties: { message: { type: string } }
"##;

#[test]
fn a_swagger_2_document_imports_and_generates() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("sites.yaml");
    std::fs::write(&doc, DOCUMENT).unwrap();
    let spec = dir.path().join("spec");
    import_dir(&doc, &spec, &Options::default(), |_, _| {}).unwrap();
    generate_spec_dir(&spec, "spec/sites/").unwrap_or_else(|e| panic!("{e}"));

    let read = |file: &str| -> Value {
        serde_yaml::from_str(&std::fs::read_to_string(spec.join(file)).unwrap()).unwrap()
    };
    let api = read("api.yaml");
    assert_eq!(
        api["api"]["servers"][0]["url"], "https://api.example.com/api/v1",
        "{api:#}"
    );
    assert_eq!(
        api["api"]["auth"]["schemes"]["token"]["flows"][0],
        "client_credentials"
    );
    let sites = read("sites.imported.yaml");
    let methods = &sites["services"]["Sites"]["methods"];
    let ids = &methods["list_sites"]["parameters"][0];
    assert_eq!(ids["type"], "list<string>", "{ids:#}");
    assert_eq!(ids["explode"], false, "{ids:#}");
    assert_eq!(
        methods["create_site"]["body"]["type"], "Site",
        "{methods:#}"
    );
    let upload = &methods["upload_file"]["body"];
    assert_eq!(upload["content_type"], "multipart/form-data", "{upload:#}");
    assert_eq!(upload["files"][0]["name"], "file", "{upload:#}");
    assert_eq!(
        sites["models"]["Site"]["fields"]["domain"]["nullable"], true,
        "{sites:#}"
    );

    let report = std::fs::read_to_string(spec.join(REPORT_FILE)).unwrap();
    assert!(
        report.contains("| `#` | a Swagger 2.0 document, converted to OpenAPI 3.0 first"),
        "{report}"
    );
}
