use serde_json::json;

use crate::Document;

fn doc(components: serde_json::Value, paths: serde_json::Value) -> Document {
    let text = json!({"openapi": "3.0.0", "info": {"title": "T", "version": "1"}, "paths": paths, "components": {"schemas": components}});
    Document::parse("d.json", &text.to_string()).unwrap()
}

fn ids() -> serde_json::Value {
    json!({"ids": {"type": "array", "items": {"type": "integer"}}})
}

#[test]
fn properties_given_as_a_ref_are_read_as_the_map_it_names_and_noted() {
    let d = doc(
        json!({
            "Ids": ids(),
            "Create": {"type": "object", "properties": {"$ref": "#/components/schemas/Ids"}, "required": ["ids"]},
            "Alias": {"$ref": "#/components/schemas/Ids"},
            // A chain of references is followed to the map.
            "Chained": {"allOf": [{"properties": {"$ref": "#/components/schemas/Alias"}}]}
        }),
        json!({"/a": {"post": {
            "parameters": [{"name": "q", "in": "query", "content": {"application/json": {"schema": {"type": "array", "items": {"properties": {"$ref": "#/components/schemas/Ids"}}}}}}],
            "requestBody": {"content": {"application/json": {"schema": {"oneOf": [{"allOf": [{"type": "object", "properties": {"$ref": "#/components/schemas/Ids"}}]}]}}}},
            "responses": {"200": {"description": "ok", "headers": {"X": {"schema": {"not": {"properties": {"$ref": "#/components/schemas/Ids"}}}}}}}
        }}}),
    );
    let schemas = &d.root["components"]["schemas"];
    assert_eq!(schemas["Create"]["properties"], ids());
    assert_eq!(schemas["Create"]["required"], json!(["ids"]));
    assert_eq!(schemas["Chained"]["allOf"][0]["properties"], ids());
    let op = &d.root["paths"]["/a"]["post"];
    assert_eq!(
        op["requestBody"]["content"]["application/json"]["schema"]["oneOf"][0]["allOf"][0]["properties"],
        ids()
    );
    assert_eq!(
        op["parameters"][0]["content"]["application/json"]["schema"]["items"]["properties"],
        ids()
    );
    assert_eq!(
        op["responses"]["200"]["headers"]["X"]["schema"]["not"]["properties"],
        ids()
    );
    let at: Vec<&str> = d.notices().iter().map(|n| n.at.as_str()).collect();
    assert_eq!(
        at,
        [
            "#/paths/~1a/post/parameters/0/content/application~1json/schema/items/properties",
            "#/paths/~1a/post/requestBody/content/application~1json/schema/oneOf/0/allOf/0/properties",
            "#/paths/~1a/post/responses/200/headers/X/schema/not/properties",
            "#/components/schemas/Create/properties",
            "#/components/schemas/Chained/allOf/0/properties",
        ]
    );
    assert!(d.notices()[0].message.contains("as Prism reads them"));
}

#[test]
fn a_property_named_properties_and_data_are_left_as_written() {
    let named = json!({"type": "object", "properties": {"properties": {"$ref": "#/components/schemas/Ids"}}});
    let data = json!({
        "type": "object",
        "example": {"properties": {"$ref": "#/components/schemas/Ids"}},
        "default": {"properties": {"$ref": "#/components/schemas/Ids"}},
        "enum": [{"properties": {"$ref": "#/components/schemas/Ids"}}],
        "const": {"properties": {"$ref": "#/components/schemas/Ids"}},
        "examples": [{"properties": {"$ref": "#/components/schemas/Ids"}}]
    });
    // A `$ref` to something that is not a map of schemas, or to nothing, or
    // beside other keys, is not this form.
    let other = json!({"properties": {"a": {"properties": {"$ref": "#/components/schemas/Text"}}, "b": {"properties": {"$ref": "#/nowhere"}}, "c": {"properties": {"$ref": "#/components/schemas/Ids", "x": {}}}}});
    let d = doc(
        json!({"Ids": ids(), "Text": "text", "Named": named, "Data": data, "Other": other, "properties": {"$ref": "#/components/schemas/Ids"}}),
        json!({}),
    );
    let schemas = &d.root["components"]["schemas"];
    assert_eq!(schemas["Named"], named);
    assert_eq!(schemas["Data"], data);
    assert_eq!(schemas["Other"], other);
    // A component named `properties` is a name too.
    assert_eq!(
        schemas["properties"],
        json!({"$ref": "#/components/schemas/Ids"})
    );
    assert!(d.notices().is_empty(), "{:?}", d.notices());
}

#[test]
fn a_map_of_properties_that_names_itself_is_expanded_once() {
    let d = doc(
        json!({
            "Loop": {"a": {"type": "object", "properties": {"$ref": "#/components/schemas/Loop"}}},
            "S": {"properties": {"$ref": "#/components/schemas/Loop"}}
        }),
        json!({}),
    );
    let s = &d.root["components"]["schemas"]["S"];
    assert_eq!(s["properties"]["a"]["type"], "object");
    assert_eq!(
        s["properties"]["a"]["properties"],
        json!({"$ref": "#/components/schemas/Loop"})
    );
    assert_eq!(d.notices().len(), 1);
}

#[test]
fn in_a_multi_file_document_the_notice_names_the_file_it_is_written_in() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "api.yaml",
            "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths:\n  /lbs:\n    post:\n      $ref: 'ops/create.yml'\n  /lbs2:\n    put:\n      $ref: 'ops/create.yml'\n",
        ),
        (
            "ops/create.yml",
            "operationId: create\nrequestBody:\n  content:\n    application/json:\n      schema:\n        $ref: '../models/create.yml'\nresponses:\n  '200': {description: ok}\n",
        ),
        (
            "models/create.yml",
            "allOf:\n  - type: object\n    properties:\n      $ref: 'attributes.yml#/droplet_ids'\n  - type: object\n    properties:\n      name: {type: string}\nrequired: [droplet_ids]\n",
        ),
        (
            "models/attributes.yml",
            "droplet_ids:\n  droplet_ids:\n    type: array\n    items: {type: integer}\n",
        ),
    ];
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let d = Document::load(&dir.path().join("api.yaml")).unwrap();
    let create = &d.root["components"]["schemas"]["create"];
    assert_eq!(
        create["allOf"][0]["properties"]["droplet_ids"]["items"]["type"],
        "integer"
    );
    let notices: Vec<(&str, &str)> = d
        .notices()
        .iter()
        .map(|n| (n.location.as_str(), n.at.as_str()))
        .collect();
    assert_eq!(
        notices,
        [(
            "models/create.yml#/allOf/0/properties",
            "#/components/schemas/create/allOf/0/properties"
        )]
    );
}
