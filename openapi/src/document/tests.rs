use super::*;

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

const ROOT: &str = "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths:\n  /things/{id}:\n    get:\n      $ref: 'ops/get_thing.yml'\n  /others:\n    $ref: 'ops/others.yml'\ncomponents:\n  schemas:\n    Thing:\n      $ref: 'models/thing.yml'\n";

#[test]
fn operations_path_items_and_schemas_in_other_files_are_joined() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("api.yaml", ROOT),
            (
                "ops/get_thing.yml",
                "operationId: getThing\nparameters:\n  - $ref: 'params.yml#/thing_id'\nresponses:\n  '200':\n    description: ok\n    content:\n      application/json:\n        schema:\n          $ref: '../models/thing.yml'\n",
            ),
            (
                "ops/params.yml",
                "thing_id:\n  name: id\n  in: path\n  required: true\n  schema: {type: string, maximum: 1e400}\n",
            ),
            (
                "ops/others.yml",
                "get:\n  operationId: listOthers\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema:\n            type: array\n            items: {$ref: '../models/other.yml#/Other'}\n",
            ),
            (
                "models/thing.yml",
                "type: object\nproperties:\n  parent: {$ref: 'thing.yml'}\n  other: {$ref: 'other.yml#/Other'}\n",
            ),
            (
                "models/other.yml",
                "Other:\n  type: object\n  properties:\n    n: {type: integer, minimum: -9223372036854776000}\n",
            ),
        ],
    );
    let doc = Document::load(&dir.path().join("api.yaml")).unwrap();
    let op = &doc.root["paths"]["/things/{id}"]["get"];
    assert_eq!(op["operationId"], "getThing");
    assert_eq!(op["parameters"][0]["name"], "id");
    // A schema stays one named type however often it is referred to, and may refer to itself.
    assert_eq!(
        op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Thing"
    );
    let thing = &doc.root["components"]["schemas"]["Thing"];
    assert_eq!(
        thing["properties"]["parent"]["$ref"],
        "#/components/schemas/Thing"
    );
    assert_eq!(
        thing["properties"]["other"]["$ref"],
        "#/components/schemas/Other"
    );
    assert_eq!(
        doc.root["paths"]["/others"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
            ["items"]["$ref"],
        "#/components/schemas/Other"
    );
    assert_eq!(
        doc.root["components"]["schemas"]["Other"]["properties"]["n"]["type"],
        "integer"
    );
    // Findings name the file an item is written in.
    assert_eq!(
        doc.location("#/paths/~1things~1{id}/get/parameters/0/schema"),
        "ops/params.yml#/thing_id/schema"
    );
    assert_eq!(
        doc.location("#/components/schemas/Other/properties/n"),
        "models/other.yml#/Other/properties/n"
    );
    assert_eq!(doc.location("#/info"), "#/info");
    let notices: Vec<(&str, &str)> = doc
        .notices()
        .iter()
        .map(|n| (n.location.as_str(), n.at.as_str()))
        .collect();
    assert!(
        notices.contains(&(
            "models/other.yml#/Other/properties/n/minimum",
            "#/components/schemas/Other/properties/n/minimum"
        )),
        "{notices:?}"
    );
    // YAML reads a float past f64 as text; the importer reports a bound that is not a number.
    assert_eq!(op["parameters"][0]["schema"]["maximum"], "1e400");
}

#[test]
fn remote_escaping_missing_and_looping_references_are_errors_naming_them() {
    let cases = [
        (
            "$ref: 'https://example.com/op.yml'",
            "names a remote document",
        ),
        ("$ref: '../../outside.yml'", "leaves the document's folder"),
        ("$ref: 'ops/missing.yml'", "cannot read"),
        ("$ref: 'ops/loop.yml'", "refers back to itself"),
        ("$ref: 'ops/loop.yml#/nothing'", "names nothing"),
    ];
    for (reference, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("doc");
        let root = format!(
            "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths:\n  /a:\n    get:\n      {reference}\n"
        );
        write(
            &sub,
            &[
                ("api.yaml", &root),
                ("ops/loop.yml", "$ref: 'loop2.yml'\n"),
                ("ops/loop2.yml", "$ref: 'loop.yml'\n"),
            ],
        );
        let e = Document::load(&sub.join("api.yaml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(expected) && e.contains("#/paths/~1a/get"),
            "{reference}: {e}"
        );
    }
}

#[test]
fn references_inside_extensions_are_the_vendors_and_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("doc");
    write(
        &sub,
        &[(
            "api.yaml",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  x-policy:\n    policies: {$ref: '../policies.yaml'}\n",
        )],
    );
    let doc = Document::load(&sub.join("api.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        doc.root["components"]["x-policy"]["policies"]["$ref"],
        "../policies.yaml"
    );
}

#[test]
fn one_file_documents_keep_internal_references_and_refuse_other_files() {
    let doc = Document::parse("d.json", "{\"openapi\": \"3.1.0\", \"paths\": {}, \"components\": {\"schemas\": {\"A\": {\"$ref\": \"#/components/schemas/B\"}, \"B\": {\"type\": \"string\"}}}}").unwrap();
    assert_eq!(doc.version, Version::V31);
    let (at, b) = doc
        .deref(
            "#/components/schemas/A",
            &doc.root["components"]["schemas"]["A"],
        )
        .unwrap();
    assert_eq!(
        (at.as_str(), &b["type"]),
        ("#/components/schemas/B", &serde_json::json!("string"))
    );
    assert!(!doc.is_multi_file());
    let e =
        Document::parse("d.yaml", "openapi: 3.0.0\npaths:\n  /a: {$ref: 'x.yml'}\n").unwrap_err();
    assert!(e.to_string().contains("cannot read"), "{e}");
    let e = Document::parse("d.yaml", "swagger: '1.2'\npaths: {}\n").unwrap_err();
    assert!(
        e.to_string().contains("Swagger 1.2 is not supported"),
        "{e}"
    );
    // OpenAPI 3.1 allows a document of webhooks only; there is nothing to call.
    let e = Document::parse(
        "d.yaml",
        "openapi: 3.1.0\nwebhooks:\n  newPet: {post: {responses: {}}}\n",
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("the document has no `paths`, only webhooks (`newPet`)"),
        "{e}"
    );
}

#[test]
fn discriminator_mappings_naming_other_files_follow_their_schemas() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            (
                "api.yaml",
                "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      $ref: 'models/pet.yml'\n",
            ),
            (
                "models/pet.yml",
                "oneOf:\n  - $ref: 'kinds.yml#/cat'\n  - $ref: 'dog.yml'\ndiscriminator:\n  propertyName: kind\n  mapping:\n    cat: 'kinds.yml#/cat'\n    dog: 'dog.yml'\n    named: Pet\n",
            ),
            (
                "models/kinds.yml",
                "cat: {type: object, properties: {kind: {type: string}}}\n",
            ),
            (
                "models/dog.yml",
                "type: object\nproperties: {kind: {type: string}}\n",
            ),
        ],
    );
    let doc = Document::load(&dir.path().join("api.yaml")).unwrap();
    let pet = &doc.root["components"]["schemas"]["Pet"];
    assert_eq!(pet["oneOf"][0]["$ref"], "#/components/schemas/cat");
    assert_eq!(
        pet["discriminator"]["mapping"]["cat"],
        "#/components/schemas/cat"
    );
    assert_eq!(
        pet["discriminator"]["mapping"]["dog"],
        "#/components/schemas/dog"
    );
    assert_eq!(pet["discriminator"]["mapping"]["named"], "Pet");
}
