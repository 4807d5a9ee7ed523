use super::*;

fn doc() -> Document {
    Document::from_value(json!({
        "paths": {"/a/{id}": {
            "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}, "example": "7"}],
            "post": {
                "operationId": "create",
                "parameters": [
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 2}},
                    {"name": "Content-Type", "in": "header", "schema": {"type": "string"}}
                ],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
            }
        }},
        "components": {"schemas": {"Thing": {
            "required": ["kind"],
            "properties": {
                "kind": {"type": "string", "enum": ["a", "b"]},
                "id": {"type": "string", "readOnly": true},
                "at": {"type": "string", "format": "date-time"},
                "tags": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]+$"}}
            }
        }}}
    }))
}

#[test]
fn required_only_and_full_inputs_follow_the_schema() {
    let d = doc();
    let ops = operations(&d);
    assert_eq!(ops.len(), 1);
    assert_eq!(
        inputs(&d, &ops[0], Inputs::Required, Choices::default()),
        json!({"path": {"id": "7"}, "body": {"kind": "a"}})
    );
    assert_eq!(
        inputs(&d, &ops[0], Inputs::Full, Choices::default()),
        json!({"path": {"id": "7"}, "query": {"page": 2}, "body": {"kind": "a", "at": "2026-11-25T10:00:00Z", "tags": ["1"]}})
    );
}

#[test]
fn examples_that_break_their_own_format_or_pattern_give_way_to_the_schema() {
    let d = Document::from_value(json!({"paths": {"/calls": {"get": {
        "operationId": "list",
        "parameters": [
            {"name": "StartTime", "in": "query", "required": true, "example": "2026-01-02",
             "schema": {"type": "string", "format": "date-time"}},
            {"name": "Day", "in": "query", "required": true, "example": "2026-01-02",
             "schema": {"type": "string", "format": "date"}},
            {"name": "AccountSid", "in": "query", "required": true,
             "schema": {"type": "string", "minLength": 34, "maxLength": 34, "pattern": "^AC[0-9a-fA-F]{32}$"}}
        ]
    }}}}));
    let ops = operations(&d);
    let query = &inputs(&d, &ops[0], Inputs::Required, Choices::default())["query"];
    assert_eq!(query["StartTime"], "2026-11-25T10:00:00Z");
    assert_eq!(query["Day"], "2026-01-02");
    assert_eq!(query["AccountSid"], format!("AC{}", "a".repeat(32)));
}

#[test]
fn a_form_array_is_sent_with_two_items_where_its_schema_allows() {
    let d = Document::from_value(json!({"paths": {"/calls": {"post": {
        "operationId": "create",
        "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {
            "type": "object",
            "properties": {
                "Events": {"type": "array", "items": {"type": "string", "enum": ["initiated", "ringing"]}},
                "Tags": {"type": "array", "items": {"type": "string"}},
                "Ids": {"type": "array", "uniqueItems": true, "items": {"type": "string"}},
                "One": {"type": "array", "maxItems": 1, "items": {"type": "string"}}
            }
        }}}}
    }}}}));
    let ops = operations(&d);
    let body = &inputs(&d, &ops[0], Inputs::Full, Choices::default())["body"];
    assert_eq!(body["Events"], json!(["initiated", "ringing"]));
    assert_eq!(body["Tags"], json!(["string", "string"]));
    assert_eq!(body["Ids"], json!(["string"]));
    assert_eq!(body["One"], json!(["string"]));
}

#[test]
fn defaults_and_examples_the_schema_refuses_give_way_to_synthesized_values() {
    let d = Document::from_value(json!({"paths": {"/items": {"post": {
        "operationId": "create",
        "parameters": [
            {"name": "id", "in": "query", "required": true, "example": "not-a-uuid",
             "schema": {"type": "string", "format": "uuid"}},
            {"name": "size", "in": "query", "required": true, "example": 500,
             "schema": {"type": "integer", "maximum": 100}},
            {"name": "kind", "in": "query", "required": true, "example": "c",
             "schema": {"type": "string", "enum": ["a", "b"], "default": "b"}}
        ],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
            "type": "object",
            "required": ["Flag", "Kept", "Count"],
            "properties": {
                "Flag": {"type": "boolean", "default": "false", "example": "false"},
                "Kept": {"type": "boolean", "default": false},
                "Count": {"type": "integer", "minimum": 1, "default": 0}
            }
        }}}}
    }}}}));
    let ops = operations(&d);
    let given = inputs(&d, &ops[0], Inputs::Required, Choices::default());
    assert_eq!(given["query"]["id"], "3fa85f64-5717-4562-b3fc-2c963f66afa6");
    assert_eq!(given["query"]["size"], 1);
    assert_eq!(given["query"]["kind"], "a");
    assert_eq!(
        given["body"],
        json!({"Flag": true, "Kept": false, "Count": 1})
    );
}

#[test]
fn raw_content_of_a_constrained_string_schema_is_a_value_of_it() {
    let body = |schema: Value| {
        let d = Document::from_value(json!({"paths": {"/files": {"put": {
            "operationId": "upload",
            "requestBody": {"required": true, "content": {"application/octet-stream": {"schema": schema}}}
        }}}}));
        let ops = operations(&d);
        inputs(&d, &ops[0], Inputs::Required, Choices::default())["body"].clone()
    };
    assert_eq!(
        body(json!({"type": "string", "format": "byte", "example": "file.jpg"})),
        "Y29udGVudA=="
    );
    assert_eq!(
        body(json!({"type": "string", "format": "binary"})),
        "content"
    );
    assert_eq!(body(json!({})), "content");
}

#[test]
fn an_object_with_alternatives_meets_the_branch_it_takes() {
    let d = Document::from_value(json!({"paths": {"/firewalls": {"post": {
        "operationId": "create",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"allOf": [
            {"type": "object", "properties": {
                "name": {"type": "string"},
                "inbound_rules": {"type": "array", "items": {"type": "string"}},
                "outbound_rules": {"type": "array", "items": {"type": "string"}}
            }},
            {"required": ["name"]},
            {"anyOf": [
                {"title": "Inbound", "required": ["inbound_rules"]},
                {"title": "Outbound", "required": ["outbound_rules"]}
            ]}
        ]}}}}
    }}}}));
    let ops = operations(&d);
    assert_eq!(
        inputs(&d, &ops[0], Inputs::Required, Choices::default())["body"],
        json!({"name": "string", "inbound_rules": ["string"]})
    );
}

#[test]
fn a_required_name_no_part_declares_is_sent_with_some_value() {
    // DigitalOcean's uptime check: `method` is required, and no part declares it.
    let d = Document::from_value(json!({
        "paths": {"/checks": {"post": {
            "operationId": "create",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object",
                "allOf": [{"$ref": "#/components/schemas/Updatable"}],
                "required": ["name", "method"]
            }}}}
        }}},
        "components": {"schemas": {"Updatable": {"type": "object", "properties": {
            "name": {"type": "string", "example": "check"},
            "enabled": {"type": "boolean"}
        }}}}
    }));
    let ops = operations(&d);
    for (kind, expected) in [
        (
            Inputs::Required,
            json!({"name": "check", "method": "string"}),
        ),
        (
            Inputs::Full,
            json!({"name": "check", "enabled": true, "method": "string"}),
        ),
    ] {
        let body = &inputs(&d, &ops[0], kind, Choices::default())["body"];
        assert_eq!(body, &expected);
    }
}

#[test]
fn a_member_the_mapping_does_not_name_is_tagged_with_the_one_value_it_allows() {
    // OpenAI's chunking strategies: no mapping, each member's `type` an enum of one.
    let d = Document::from_value(json!({
        "paths": {"/files": {"post": {
            "operationId": "create",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object", "required": ["chunking"],
                "properties": {"chunking": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/AutoParam"},
                        {"$ref": "#/components/schemas/StaticParam"}
                    ],
                    "discriminator": {"propertyName": "type"}
                }}
            }}}}
        }}},
        "components": {"schemas": {
            "AutoParam": {"type": "object", "required": ["type"],
                "properties": {"type": {"type": "string", "enum": ["auto"]}}},
            "StaticParam": {"type": "object", "required": ["type"],
                "properties": {"type": {"type": "string"}}}
        }}
    }));
    let ops = operations(&d);
    let body = &inputs(&d, &ops[0], Inputs::Required, Choices::default())["body"];
    assert_eq!(body, &json!({"chunking": {"type": "auto"}}));
}

#[test]
fn a_member_that_is_a_union_keeps_the_tag_of_the_branch_it_takes() {
    // OpenAI's `InputItem`: its unmapped member `Item` is a union whose
    // branches pin `type` themselves; `type: "Item"` would fit none of them.
    let d = Document::from_value(json!({
        "paths": {"/items": {"post": {
            "operationId": "create",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "oneOf": [{"$ref": "#/components/schemas/Item"}, {"$ref": "#/components/schemas/Reference"}],
                "discriminator": {"propertyName": "type"}
            }}}}
        }}},
        "components": {"schemas": {
            "Item": {"oneOf": [{"$ref": "#/components/schemas/Message"}]},
            "Message": {"type": "object", "required": ["type"],
                "properties": {"type": {"type": "string", "enum": ["message"]}}},
            "Reference": {"type": "object", "required": ["type"],
                "properties": {"type": {"type": "string"}}}
        }}
    }));
    let ops = operations(&d);
    let body = &inputs(&d, &ops[0], Inputs::Required, Choices::default())["body"];
    assert_eq!(body, &json!({"type": "message"}));
}

#[test]
fn of_a_one_of_of_required_names_every_input_takes_one() {
    // OpenAI's file search resources: store ids, or stores to make, not both.
    let d = Document::from_value(json!({"paths": {"/threads": {"post": {
        "operationId": "create",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
            "type": "object",
            "properties": {
                "ids": {"type": "array", "items": {"type": "string"}},
                "stores": {"type": "array", "items": {"type": "string"}},
                "note": {"type": "string"}
            },
            "oneOf": [{"required": ["ids"]}, {"required": ["stores"]}]
        }}}}
    }}}}));
    let ops = operations(&d);
    let body = &inputs(&d, &ops[0], Inputs::Full, Choices::default())["body"];
    assert_eq!(body, &json!({"ids": ["string"], "note": "string"}));
    let sent = crate::recorder::Exchange {
        meant: None,
        method: "POST".into(),
        target: "/threads".into(),
        request_body: body.to_string().into_bytes(),
        status: 200,
        violations: None,
        response_body: vec![],
    };
    assert_eq!(d.missing_inputs(&sent).unwrap(), Vec::<String>::new());
}

#[test]
fn names_a_not_forbids_together_are_not_all_sent() {
    // OpenAI's image reference: exactly one of `image_url` or `file_id`.
    let d = Document::from_value(json!({
        "paths": {"/edits": {"post": {
            "operationId": "edit",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"images": {"type": "array", "items": {"$ref": "#/components/schemas/ImageRef"}}}
            }}}}
        }}},
        "components": {"schemas": {"ImageRef": {
            "type": "object",
            "properties": {"image_url": {"type": "string"}, "file_id": {"type": "string"}},
            "anyOf": [{"required": ["image_url"]}, {"required": ["file_id"]}],
            "not": {"required": ["image_url", "file_id"]}
        }}}
    }));
    let ops = operations(&d);
    let sent = inputs(&d, &ops[0], Inputs::Full, Choices::default());
    let images = sent["body"]["images"].as_array().unwrap();
    for image in images {
        assert_eq!(image.as_object().unwrap().len(), 1, "{image}");
    }
    let exchange = crate::recorder::Exchange {
        meant: None,
        method: "POST".into(),
        target: "/edits".into(),
        request_body: sent["body"].to_string().into_bytes(),
        status: 200,
        violations: None,
        response_body: vec![],
    };
    assert_eq!(d.missing_inputs(&exchange).unwrap(), Vec::<String>::new());
}

#[test]
fn an_object_in_a_query_is_sent_as_its_properties_but_in_a_deep_object() {
    let d = Document::from_value(json!({
        "paths": {"/logs": {"get": {
            "operationId": "list",
            "parameters": [
                {"name": "effective_at", "in": "query", "schema": {"type": "object", "properties": {"gt": {"type": "integer"}, "lt": {"type": "integer"}}}},
                {"name": "filter", "in": "query", "style": "deepObject", "schema": {"type": "object", "properties": {"name": {"type": "string"}}}}
            ]
        }}}
    }));
    let ops = operations(&d);
    let sent = inputs(&d, &ops[0], Inputs::Full, Choices::default());
    assert_eq!(
        sent["query"],
        json!({"gt": 1, "lt": 1, "filter": {"name": "string"}})
    );
}

#[test]
fn a_property_two_parts_declare_meets_both() {
    // DigitalOcean's service autoscaling adds request metrics to the CPU
    // metrics of the spec it extends.
    let d = Document::from_value(json!({
        "paths": {"/apps": {"post": {
            "operationId": "propose",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"allOf": [
                {"type": "object", "properties": {"metrics": {"type": "object", "properties": {"cpu": {"type": "integer"}}}}},
                {"type": "object", "properties": {"metrics": {"type": "object", "properties": {"rps": {"type": "integer"}}}}}
            ]}}}}
        }}}
    }));
    let ops = operations(&d);
    let sent = inputs(&d, &ops[0], Inputs::Full, Choices::default());
    assert_eq!(sent["body"], json!({"metrics": {"cpu": 1, "rps": 1}}));
}
