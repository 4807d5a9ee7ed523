//! A Swagger 2.0 document with each construct the conversion moves,
//! checked against the OpenAPI 3.0 that says the same.

use serde_json::json;

use crate::Document;

const PETSTORE: &str = r##"
swagger: "2.0"
info: { title: Pets, version: "1" }
host: pets.example.com
basePath: /v2
schemes: [http, https]
consumes: [application/json]
produces: [application/json]
securityDefinitions:
  basic: { type: basic, description: Account and password }
  key: { type: apiKey, in: header, name: X-Key }
  oauth: { type: oauth2, flow: accessCode, authorizationUrl: "https://a.example.com/auth", tokenUrl: "https://a.example.com/token", scopes: { read: Read } }
security: [{ key: [] }]
parameters:
  limit: { name: limit, in: query, type: integer, maximum: 100 }
  pet: { name: pet, in: body, required: true, schema: { $ref: "#/definitions/Pet" } }
responses:
  NotFound: { description: gone, schema: { $ref: "#/definitions/Error" } }
paths:
  /pets:
    parameters:
      - { name: X-Trace, in: header, type: string }
    get:
      operationId: listPets
      parameters:
        - $ref: "#/parameters/limit"
        - { name: tags, in: query, type: array, items: { type: string } }
        - { name: ids, in: query, type: array, items: { type: integer }, collectionFormat: multi }
        - { name: kinds, in: query, type: array, items: { type: string }, collectionFormat: tsv }
      responses:
        "200":
          description: the pets
          headers: { X-Total: { type: integer, description: how many } }
          schema: { type: array, items: { $ref: "#/definitions/Pet" } }
          examples: { application/json: [{ name: Rex }], application/xml: "<pets/>" }
        "404": { $ref: "#/responses/NotFound" }
    post:
      operationId: addPet
      schemes: [http]
      parameters:
        - $ref: "#/parameters/pet"
      responses: { "201": { description: added } }
  /pets/{id}/photo:
    post:
      operationId: uploadPhoto
      consumes: [multipart/form-data]
      parameters:
        - { name: id, in: path, required: true, type: string }
        - { name: file, in: formData, required: true, type: file }
        - { name: caption, in: formData, type: string, description: Said under it }
        - { name: labels, in: formData, type: array, items: { type: string }, collectionFormat: csv }
      responses: { "200": { description: ok } }
definitions:
  Pet:
    type: object
    discriminator: kind
    required: [name, kind]
    properties:
      name: { type: string, example: { type: file } }
      kind: { type: string }
      owner: { type: string, x-nullable: true }
  Error:
    properties: { message: { type: string } }
  Lost:
    allOf: [{ $ref: Error }]
"##;

#[test]
fn a_swagger_2_document_reads_as_the_openapi_3_document_it_says() {
    let doc = Document::parse("pets.yaml", PETSTORE).unwrap();
    let root = &doc.root;
    assert_eq!(root["openapi"], "3.0.3");
    assert_eq!(
        root["servers"],
        json!([{ "url": "https://pets.example.com/v2" }])
    );
    assert_eq!(root["security"], json!([{ "key": [] }]));

    let schemes = &root["components"]["securitySchemes"];
    assert_eq!(
        schemes["basic"],
        json!({ "description": "Account and password", "type": "http", "scheme": "basic" })
    );
    assert_eq!(
        schemes["key"],
        json!({ "type": "apiKey", "in": "header", "name": "X-Key" })
    );
    assert_eq!(
        schemes["oauth"]["flows"]["authorizationCode"],
        json!({ "authorizationUrl": "https://a.example.com/auth", "tokenUrl": "https://a.example.com/token", "scopes": { "read": "Read" } })
    );

    let pet = &root["components"]["schemas"]["Pet"];
    assert_eq!(pet["discriminator"], json!({ "propertyName": "kind" }));
    // A bare name, as 2.0's tools read it: a definition.
    assert_eq!(
        root["components"]["schemas"]["Lost"]["allOf"][0],
        json!({ "$ref": "#/components/schemas/Error" })
    );
    assert_eq!(
        pet["properties"]["owner"],
        json!({ "type": "string", "nullable": true })
    );
    // An example is a value, not a schema: left as written.
    assert_eq!(
        pet["properties"]["name"]["example"],
        json!({ "type": "file" })
    );
    assert_eq!(
        root["components"]["parameters"]["limit"],
        json!({ "name": "limit", "in": "query", "schema": { "type": "integer", "maximum": 100 } })
    );
    assert!(root["components"]["parameters"].get("pet").is_none());

    let list = &root["paths"]["/pets"]["get"];
    let params = list["parameters"].as_array().unwrap();
    assert_eq!(
        params[0],
        json!({ "name": "X-Trace", "in": "header", "schema": { "type": "string" } })
    );
    assert_eq!(
        params[1],
        json!({ "$ref": "#/components/parameters/limit" })
    );
    // 2.0's default for a list is one comma-joined value.
    assert_eq!(
        (&params[2]["style"], &params[2]["explode"]),
        (&json!("form"), &json!(false))
    );
    assert_eq!(
        params[2]["schema"],
        json!({ "type": "array", "items": { "type": "string" } })
    );
    assert_eq!(
        (&params[3]["style"], &params[3]["explode"]),
        (&json!("form"), &json!(true))
    );
    assert!(root["paths"]["/pets"].get("parameters").is_none());

    let ok = &list["responses"]["200"];
    assert_eq!(
        ok["headers"]["X-Total"],
        json!({ "description": "how many", "schema": { "type": "integer" } })
    );
    assert_eq!(
        ok["content"]["application/json"],
        json!({ "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Pet" } }, "example": [{ "name": "Rex" }] })
    );
    assert_eq!(
        list["responses"]["404"],
        json!({ "$ref": "#/components/responses/NotFound" })
    );
    assert_eq!(
        root["components"]["responses"]["NotFound"]["content"]["application/json"]["schema"],
        json!({ "$ref": "#/components/schemas/Error" })
    );

    // A body parameter, even through a reference, is the request body;
    // the path item's parameters are each operation's.
    let add = &root["paths"]["/pets"]["post"];
    assert_eq!(add["parameters"], json!([params[0]]), "{add:#}");
    assert_eq!(
        add["requestBody"],
        json!({ "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Pet" } } } })
    );

    let upload = &root["paths"]["/pets/{id}/photo"]["post"];
    assert_eq!(
        upload["parameters"][0]["schema"],
        json!({ "type": "string" })
    );
    assert_eq!(
        upload["requestBody"]["content"]["multipart/form-data"]["schema"],
        json!({
            "type": "object",
            "properties": {
                "file": { "type": "string", "format": "binary" },
                "caption": { "type": "string", "description": "Said under it" },
                "labels": { "type": "array", "items": { "type": "string" } }
            },
            "required": ["file"]
        })
    );
    assert_eq!(upload["requestBody"]["required"], true);

    // What 3.0 cannot say is noted, at the converted document's pointer.
    let notices: Vec<(&str, &str)> = doc
        .notices()
        .iter()
        .map(|n| (n.at.as_str(), n.message.as_str()))
        .collect();
    assert!(
        notices[0]
            .1
            .starts_with("a Swagger 2.0 document, converted to OpenAPI 3.0"),
        "{notices:?}"
    );
    for expected in [
        (
            "#/paths/~1pets/get/responses/200/examples",
            "an example for `application/xml`, which `produces` does not list: left out",
        ),
        (
            "#/paths/~1pets/post/schemes",
            "an operation's own `schemes` is not kept: it is called on the document's server",
        ),
        (
            "#/paths/~1pets~1{id}~1photo/post/parameters/3",
            "`collectionFormat: csv` of form field `labels` is not kept: a list in a form body is sent one pair per item (`multi`)",
        ),
    ] {
        assert!(notices.contains(&expected), "{expected:?}\n{notices:?}");
    }
    assert!(
        notices.contains(&(
            "#/paths/~1pets/get/parameters/4",
            "`collectionFormat: tsv` has no OpenAPI 3 form in a query parameter: sent comma-joined (`csv`)"
        )),
        "{notices:?}"
    );
}

#[test]
fn without_a_host_the_server_is_the_base_path() {
    let doc = Document::parse(
        "d.yaml",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\nbasePath: /api\npaths: {}\n",
    )
    .unwrap();
    assert_eq!(doc.root["servers"], json!([{ "url": "/api" }]));
}
