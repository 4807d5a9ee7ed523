//! A Swagger 2.0 document imports as the OpenAPI 3.0 document it is
//! converted to, and the generator accepts what it writes: the
//! conversion itself is tested in `sdkgen-openapi`. Also what the 2.0
//! documents of self-hosted software showed (Docker's, Alertmanager's):
//! a server URL with no host, and one `operationId` in several services.

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

/// Docker's engine document (in go-swagger's canaries) as far as it
/// matters here: no `host`, and `create` the id of an operation in each of
/// several services.
const SELF_HOSTED: &str = r##"
swagger: "2.0"
info: { title: Engine, version: "1.41" }
basePath: /v1.41
paths:
  /containers/create:
    post:
      operationId: create
      tags: [Container]
      responses: { "201": { description: made } }
  /exec/create:
    post:
      operationId: create
      tags: [Exec]
      responses: { "201": { description: made } }
  /volumes/create:
    post:
      tags: [Volume]
      summary: Create
      responses: { "201": { description: made } }
"##;

#[test]
fn a_server_without_a_host_and_one_id_in_several_services() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("engine.yaml");
    std::fs::write(&doc, SELF_HOSTED).unwrap();
    let spec = dir.path().join("spec");
    import_dir(&doc, &spec, &Options::default(), |_, _| {}).unwrap();
    generate_spec_dir(&spec, "spec/engine/").unwrap_or_else(|e| panic!("{e}"));
    let read = |file: &str| -> Value {
        serde_yaml::from_str(&std::fs::read_to_string(spec.join(file)).unwrap()).unwrap()
    };

    // The host is the program's: a variable, as the scheme.
    let server = &read("api.yaml")["api"]["servers"][0];
    assert_eq!(server["url"], "{scheme}://{host}/v1.41", "{server:#}");
    assert_eq!(server["variables"]["host"]["default"], "localhost");
    assert_eq!(
        server["variables"]["scheme"]["enum"],
        serde_json::json!(["https", "http"])
    );

    // Each method has an id no other has.
    let ids: Vec<Value> = ["container", "exec", "volume"]
        .iter()
        .flat_map(|service| {
            let file = read(&format!("{service}.imported.yaml"));
            let methods = file["services"]
                .as_object()
                .unwrap()
                .values()
                .next()
                .unwrap()["methods"]
                .clone();
            methods
                .as_object()
                .unwrap()
                .iter()
                .map(|(name, m)| {
                    m.get("operation_id")
                        .cloned()
                        .unwrap_or_else(|| Value::String(name.clone()))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        ids,
        ["create", "create_2", "post_volumes_create"].map(Value::from),
        "{ids:?}"
    );
    let report = std::fs::read_to_string(spec.join(REPORT_FILE)).unwrap();
    for expected in [
        "server URL `/v1.41` has no scheme: written `{scheme}://{host}/v1.41`, the client builder setting `host` (default `localhost`) and `scheme` (`https` or `http`)",
        "`operationId: create` is an earlier operation's too (OpenAPI wants each once): this one is known as `create_2` (its method name is another's id)",
    ] {
        assert!(report.contains(expected), "{expected}\n{report}");
    }
}

#[test]
fn a_server_url_naming_a_host_without_a_scheme_keeps_the_host() {
    for (url, written) in [
        ("//api.example.com/v1", "{scheme}://api.example.com/v1"),
        (
            "api.example.com:8443/v1",
            "{scheme}://api.example.com:8443/v1",
        ),
        ("/v1", "{scheme}://{host}/v1"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("api.yaml");
        std::fs::write(
            &doc,
            format!(
                "openapi: 3.0.3\ninfo: {{title: Hosted, version: '1'}}\nservers: [{{url: '{url}'}}]\npaths:\n  /ping:\n    get:\n      operationId: ping\n      responses: {{'204': {{description: ok}}}}\n"
            ),
        )
        .unwrap();
        let spec = dir.path().join("spec");
        import_dir(&doc, &spec, &Options::default(), |_, _| {}).unwrap();
        generate_spec_dir(&spec, "spec/hosted/").unwrap_or_else(|e| panic!("{url}: {e}"));
        let api: Value =
            serde_yaml::from_str(&std::fs::read_to_string(spec.join("api.yaml")).unwrap()).unwrap();
        let server = &api["api"]["servers"][0];
        assert_eq!(server["url"], written, "{server:#}");
        assert_eq!(
            server["variables"].get("host").is_some(),
            written.contains("{host}"),
            "{server:#}"
        );
    }
}
