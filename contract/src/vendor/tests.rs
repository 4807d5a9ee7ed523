use super::*;
use serde_json::json;

fn doc() -> Document {
    Document::from_value(json!({
        "paths": {
            "/a/{id}": {"post": {
                "operationId": "post",
                "parameters": [{"$ref": "#/components/parameters/Q"}, {"name": "id", "in": "path"}],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Body"}}}}
            }},
            "/a/fixed": {"post": {"operationId": "fixed"}}
        },
        "components": {
            "parameters": {"Q": {"name": "q", "in": "query"}},
            "schemas": {
                "Body": {"properties": {
                    "id": {"type": "string", "readOnly": true},
                    "items": {"type": "array", "items": {"oneOf": [
                        {"properties": {"x": {"type": "string"}}},
                        {"properties": {"y": {"properties": {"z": {"type": "string"}}}}}
                    ]}}
                }}
            }
        }
    }))
}

fn exchange(target: &str, body: Value) -> Exchange {
    Exchange {
        meant: None,
        method: "POST".into(),
        target: target.into(),
        request_body: body.to_string().into_bytes(),
        status: 200,
        violations: None,
        response_body: vec![],
    }
}

#[test]
fn a_literal_path_wins_over_a_template() {
    assert_eq!(
        doc()
            .operation_id(&exchange("/a/fixed", json!({})))
            .as_deref(),
        Some("fixed")
    );
    assert_eq!(
        doc().operation_id(&exchange("/a/7", json!({}))).as_deref(),
        Some("post")
    );
}

#[test]
fn reports_what_was_sent_but_is_not_declared() {
    let sent = exchange(
        "/a/7?q=1&qq=2",
        json!({"items": [{"x": "1", "w": 2}], "v": 1}),
    );
    assert_eq!(
        doc().undeclared_inputs(&sent).unwrap(),
        [
            "query parameter `qq`",
            "body field `items[].w`",
            "body field `v`"
        ]
    );
    assert_eq!(
        doc()
            .undeclared_inputs(&exchange("/a/7?q=1", json!({"items": [{"y": {"z": "2"}}]})))
            .unwrap(),
        Vec::<String>::new()
    );
}

#[test]
fn a_required_name_no_part_declares_is_a_key_of_any_value() {
    let d = Document::from_value(json!({
        "paths": {"/checks": {"post": {
            "operationId": "create",
            "requestBody": {"content": {"application/json": {"schema": {
                "allOf": [{"properties": {"name": {"type": "string"}}}],
                "required": ["name", "method"]
            }}}}
        }}}
    }));
    let sent = exchange("/checks", json!({"name": "a", "method": "GET", "other": 1}));
    assert_eq!(d.undeclared_inputs(&sent).unwrap(), ["body field `other`"]);
}

#[test]
fn strips_what_the_response_schema_does_not_require() {
    let d = Document::from_value(
        json!({"paths": {"/r": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {
            "required": ["records"],
            "properties": {
                "records": {"type": "array", "items": {"allOf": [{"required": ["id"]}, {"properties": {"id": {}, "name": {}, "sub": {"required": ["k"], "properties": {"k": {}, "o": {}}}}}]}},
                "paging": {}
            }
        }}}}}}}}}),
    );
    let answer = |status, body: Value| Exchange {
        meant: None,
        method: "GET".into(),
        target: "/r".into(),
        request_body: vec![],
        status,
        violations: None,
        response_body: body.to_string().into_bytes(),
    };
    let full = json!({"records": [{"id": "1", "name": "n", "sub": {"k": 1, "o": 2}}], "paging": {"page": 1}});
    let stripped: Value = serde_json::from_slice(
        &d.without_optional_fields(&answer(200, full.clone()))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(stripped, json!({"records": [{"id": "1"}]}));
    assert_eq!(d.without_optional_fields(&answer(404, full)), None);
}

#[test]
fn counts_the_one_of_branches_a_value_matches() {
    let d = doc();
    let location = ["request", "body", "items", "0"];
    let e = exchange("/a/7", json!({}));
    let schema = d.request_schema_at(&e, &location).unwrap();
    assert_eq!(
        d.one_of_matches(&json!({"x": "1"}), schema),
        Some(2),
        "the `y` branch requires nothing"
    );
    assert_eq!(d.one_of_matches(&json!({"x": 1}), schema), Some(1));
    assert_eq!(
        d.one_of_matches(&json!({"x": 1, "y": {"z": 5}}), schema),
        Some(0)
    );
    let with_format =
        json!({"oneOf": [{"type": "string", "format": "hostname"}, {"type": "string"}]});
    assert_eq!(
        d.one_of_matches(&json!("a.b"), &with_format),
        None,
        "an unchecked keyword is never taken as met"
    );
    // The formats the inputs send are checked; 3.1 type lists and `const`
    // too, and 3.0's `nullable`.
    let formats = json!({"oneOf": [
        {"type": "string", "format": "uri"}, {"type": "string", "format": "email"},
        {"type": ["string", "null"], "format": "date-time"}, {"const": "a@b.c"},
        {"type": "object", "nullable": true}
    ]});
    assert_eq!(d.one_of_matches(&json!("a@b.c"), &formats), Some(2));
    assert_eq!(
        d.one_of_matches(&json!("https://example.com/x"), &formats),
        Some(1)
    );
    assert_eq!(
        d.one_of_matches(&json!("2024-01-02T03:04:05Z"), &formats),
        Some(1)
    );
    assert_eq!(d.one_of_matches(&json!(null), &formats), Some(2));
}

#[test]
fn reports_only_what_is_missing_pooling_array_items() {
    let full = exchange(
        "/a/7?q=1",
        json!({"items": [{"x": "1"}, {"y": {"z": "2"}}]}),
    );
    assert_eq!(doc().missing_inputs(&full).unwrap(), Vec::<String>::new());
    let partial = exchange("/a/7", json!({"items": [{"x": "1"}]}));
    assert_eq!(
        doc().missing_inputs(&partial).unwrap(),
        ["query parameter `q`", "body field `items[].y`"]
    );
}

#[test]
fn a_discriminator_does_not_keep_the_branches_of_a_one_of_from_being_counted() {
    let d = Document::from_value(json!({"components": {"schemas": {
        "Password": {"required": ["method", "password"], "properties": {"method": {"type": "string"}, "password": {"type": "string"}}},
        "Passkey": {"required": ["method"], "properties": {"method": {"type": "string"}}}
    }}}));
    let schema = &json!({
        "discriminator": {"propertyName": "method", "mapping": {
            "password": "#/components/schemas/Password", "passkey": "#/components/schemas/Passkey"}},
        "oneOf": [{"$ref": "#/components/schemas/Password"}, {"$ref": "#/components/schemas/Passkey"}]
    });
    assert_eq!(
        d.one_of_matches(&json!({"method": "password", "password": "x"}), schema),
        Some(2)
    );
    assert_eq!(
        d.one_of_matches(&json!({"method": "passkey"}), schema),
        Some(1)
    );
}

#[test]
fn a_value_of_another_kind_takes_none_of_a_branchs_fields() {
    let d = Document::from_value(json!({
        "paths": {"/m": {"post": {
            "operationId": "m",
            "requestBody": {"content": {"application/json": {"schema": {"properties": {
                "system": {"oneOf": [
                    {"type": "string"},
                    {"type": "array", "items": {"properties": {"text": {"type": "string"}}}}
                ]}
            }}}}}
        }}}
    }));
    let prompt = exchange("/m", json!({"system": "be brief"}));
    assert_eq!(d.missing_inputs(&prompt).unwrap(), Vec::<String>::new());
    let blocks = exchange("/m", json!({"system": [{}]}));
    assert_eq!(
        d.missing_inputs(&blocks).unwrap(),
        ["body field `system[].text`"]
    );
}

#[test]
fn a_property_leading_back_into_its_own_schema_is_not_expected_unless_sent() {
    let d = Document::from_value(json!({
        "paths": {"/c": {"post": {
            "operationId": "c",
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Contact"}}}}
        }}},
        "components": {"schemas": {
            "Contact": {"properties": {
                "name": {"type": "string"},
                "groups": {"type": "array", "items": {"$ref": "#/components/schemas/Group"}}
            }},
            "Group": {"properties": {
                "title": {"type": "string"},
                "contacts": {"type": "array", "items": {"$ref": "#/components/schemas/Contact"}}
            }}
        }}
    }));
    let ended = exchange("/c", json!({"name": "a", "groups": [{"title": "t"}]}));
    assert_eq!(d.missing_inputs(&ended).unwrap(), Vec::<String>::new());
    let deeper = exchange("/c", json!({"groups": [{"contacts": [{"name": "b"}]}]}));
    assert_eq!(
        d.missing_inputs(&deeper).unwrap(),
        ["body field `groups[].title`", "body field `name`"]
    );
}

#[test]
fn a_raw_body_has_no_fields_even_when_its_bytes_read_as_a_form() {
    let d = Document::from_value(json!({"paths": {"/files/{name}": {"put": {
        "operationId": "upload",
        "requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "byte"}}}}
    }}}}));
    let mut upload = exchange("/files/a.txt", json!(null));
    upload.method = "PUT".into();
    // Base64 with padding: `key=` to a form reader.
    upload.request_body = b"Y29udGVudA==".to_vec();
    assert_eq!(d.undeclared_inputs(&upload).unwrap(), Vec::<String>::new());
}

#[test]
fn a_key_declared_by_any_part_that_declares_its_object_is_declared() {
    // DigitalOcean's service autoscaling: request metrics added to the CPU
    // metrics of the spec it extends.
    let d = Document::from_value(json!({"paths": {"/apps": {"post": {
        "operationId": "create",
        "requestBody": {"content": {"application/json": {"schema": {"allOf": [
            {"properties": {"metrics": {"properties": {"cpu": {"type": "integer"}}}}},
            {"properties": {"metrics": {"properties": {"requests": {"type": "integer"}}}}}
        ]}}}}
    }}}}));
    let sent = exchange(
        "/apps",
        json!({"metrics": {"cpu": 1, "requests": 2, "typo": 3}}),
    );
    assert_eq!(
        d.undeclared_inputs(&sent).unwrap(),
        ["body field `metrics.typo`"]
    );
}

#[test]
fn an_answer_is_cut_to_what_the_branch_it_takes_requires() {
    // Two branches declare `action` with different shapes; the value's
    // action is the second branch's, and keeps what that one requires.
    let d = Document::from_value(
        json!({"paths": {"/r": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {
            "oneOf": [
                {"required": ["type", "action"], "properties": {
                    "type": {"enum": ["click_call"]},
                    "action": {"required": ["type"], "properties": {"type": {}, "x": {}}}
                }},
                {"required": ["type", "action"], "properties": {
                    "type": {"enum": ["shell_call"]},
                    "action": {"required": ["type", "command"], "properties": {"type": {}, "command": {}, "user": {}}}
                }}
            ]
        }}}}}}}}}),
    );
    let answer = Exchange {
        meant: None,
        method: "GET".into(),
        target: "/r".into(),
        request_body: vec![],
        status: 200,
        violations: None,
        response_body: json!({"type": "shell_call", "action": {"type": "exec", "command": ["ls"], "user": "u"}, "id": "i"})
            .to_string()
            .into_bytes(),
    };
    let stripped: Value =
        serde_json::from_slice(&d.without_optional_fields(&answer).unwrap()).unwrap();
    assert_eq!(
        stripped,
        json!({"type": "shell_call", "action": {"type": "exec", "command": ["ls"]}})
    );
}

#[test]
fn a_value_that_breaks_every_branch_is_proved_to_break_the_union() {
    let d = doc();
    let union = json!({"anyOf": [
        {"required": ["a"]},
        {"type": "object", "properties": {"b": {"type": "string"}}}
    ]});
    assert!(d.rejects(&json!({"b": 1}), &union));
    assert!(!d.rejects(&json!({"b": "s"}), &union));
    assert!(!d.rejects(&json!({"a": 1, "b": 1}), &union));
    assert!(!d.rejects(&Value::Null, &json!({"nullable": true, "type": "object"})));
    // An unsigned format rules out a negative number.
    let unsigned = json!({"type": "integer", "format": "uint64"});
    assert!(d.rejects(&json!(-3), &unsigned));
    assert!(!d.rejects(&json!(3), &unsigned));
    assert!(!d.rejects(&json!(-3), &json!({"type": "integer", "format": "int64"})));
}

#[test]
fn a_sent_union_value_is_checked_against_the_branch_it_takes() {
    // Two tools declare `environment` differently; the value sent is the
    // second tool's, so its environment's keys are declared.
    let d = Document::from_value(json!({
        "paths": {"/r": {"post": {
            "operationId": "post",
            "requestBody": {"content": {"application/json": {"schema": {"properties": {"tools": {"type": "array", "items": {
                "oneOf": [
                    {"required": ["type"], "properties": {"type": {"enum": ["shell"]}, "environment": {"properties": {"image": {}}}}},
                    {"required": ["type"], "properties": {"type": {"enum": ["code"]}, "environment": {"properties": {"file_ids": {}, "memory_limit": {}}}}}
                ],
                "discriminator": {"propertyName": "type"}
            }}}}}}}
        }}}
    }));
    let sent =
        json!({"tools": [{"type": "code", "environment": {"file_ids": [], "memory_limit": "1g"}}]});
    assert_eq!(
        d.undeclared_inputs(&exchange("/r", sent)).unwrap(),
        Vec::<String>::new()
    );
    let misspelt = json!({"tools": [{"type": "code", "environment": {"image": "x"}}]});
    assert_eq!(
        d.undeclared_inputs(&exchange("/r", misspelt)).unwrap(),
        ["body field `tools[].environment.image`"]
    );
}

#[test]
fn any_key_of_an_object_open_to_any_is_declared() {
    let d = Document::from_value(json!({
        "paths": {"/r": {"post": {
            "operationId": "post",
            "requestBody": {"content": {"application/json": {"schema": {"properties": {
                "parameters": {"anyOf": [{"type": "object", "additionalProperties": {}}, {"type": "null"}]},
                "open": {"type": "object", "additionalProperties": true},
                "closed": {"type": "object", "properties": {"a": {}}}
            }}}}}
        }}}
    }));
    let sent = json!({"parameters": {"key": 1}, "open": {"key": 2}, "closed": {"key": 3}});
    assert_eq!(
        d.undeclared_inputs(&exchange("/r", sent)).unwrap(),
        ["body field `closed.key`"]
    );
}

#[test]
fn below_its_own_fields_each_item_is_expected_to_carry_its_branch_only() {
    // A file search's filters are a comparison or a compound filter; the
    // web search beside it sends filters of its own, which say nothing of
    // which branch the file search's took.
    let d = Document::from_value(json!({
        "paths": {"/r": {"post": {
            "operationId": "post",
            "requestBody": {"content": {"application/json": {"schema": {"properties": {"tools": {"type": "array", "items": {
                "oneOf": [
                    {"properties": {"type": {"enum": ["file_search"]}, "filters": {"oneOf": [
                        {"properties": {"key": {}, "value": {}}},
                        {"properties": {"filters": {"type": "array"}, "type": {}}}
                    ]}}},
                    {"properties": {"type": {"enum": ["web_search"]}, "filters": {"properties": {"allowed_domains": {}}}}}
                ]
            }}}}}}}
        }}}
    }));
    let sent = json!({"tools": [
        {"type": "file_search", "filters": {"key": "k", "value": 1}},
        {"type": "web_search", "filters": {"allowed_domains": []}}
    ]});
    assert_eq!(
        d.missing_inputs(&exchange("/r", sent)).unwrap(),
        Vec::<String>::new()
    );
}

#[test]
fn a_union_among_the_branches_of_items_is_covered_by_the_items_that_took_it() {
    // One item per branch of the items' union; the second branch is a
    // union of its own, whose other member no item took.
    let d = Document::from_value(json!({
        "paths": {"/r": {"post": {
            "operationId": "post",
            "requestBody": {"content": {"application/json": {"schema": {"properties": {"items": {"type": "array", "items": {
                "oneOf": [
                    {"properties": {"role": {}, "content": {}}},
                    {"oneOf": [
                        {"properties": {"type": {"enum": ["message"]}, "status": {}}},
                        {"properties": {"type": {"enum": ["call"]}, "arguments": {}}}
                    ]},
                    {"properties": {"type": {"enum": ["reference"]}, "id": {}}}
                ]
            }}}}}}}
        }}}
    }));
    let sent = json!({"items": [
        {"role": "user", "content": "x"},
        {"type": "message", "status": "done"},
        {"type": "reference", "id": "i"}
    ]});
    assert_eq!(
        d.missing_inputs(&exchange("/r", sent)).unwrap(),
        Vec::<String>::new()
    );
    // A plain branch no item took is still expected.
    let short = json!({"items": [{"type": "message", "status": "done"}]});
    assert_eq!(
        d.missing_inputs(&exchange("/r", short)).unwrap(),
        [
            "body field `items[].content`",
            "body field `items[].id`",
            "body field `items[].role`"
        ]
    );
}

#[test]
fn a_value_no_branch_is_told_apart_for_is_read_against_each() {
    // A form's values are text: `"3600"` proves nothing against an integer
    // field, so no branch is ruled out, and every one declares its keys.
    let d = Document::from_value(json!({
        "paths": {"/token": {"post": {
            "operationId": "token",
            "requestBody": {"content": {"application/json": {"schema": {"anyOf": [{"allOf": [
                {"properties": {"client_id": {"type": "string"}, "ttl": {"type": "integer"}}},
                {"anyOf": [{"properties": {"code": {}}}, {"properties": {"refresh_token": {}}}]}
            ]}]}}}}
        }}}
    }));
    let sent = json!({"client_id": "c", "ttl": "3600", "code": "x"});
    assert_eq!(
        d.undeclared_inputs(&exchange("/token", sent)).unwrap(),
        Vec::<String>::new()
    );
}

#[test]
fn an_operation_declaring_only_errors_declares_no_success() {
    let d = Document::from_value(json!({"paths": {
        "/e": {"patch": {"operationId": "e", "responses": {"400": {}, "500": {}}}},
        "/s": {"patch": {"operationId": "s", "responses": {"204": {}, "400": {}}}},
        "/d": {"patch": {"operationId": "d", "responses": {"default": {}}}},
        "/r": {"patch": {"operationId": "r", "responses": {"302": {}, "4XX": {}}}}
    }}));
    let at = |target: &str| Exchange {
        method: "PATCH".into(),
        status: 400,
        ..exchange(target, json!({}))
    };
    assert!(!d.declares_success(&at("/e")));
    assert!(d.declares_success(&at("/s")));
    assert!(d.declares_success(&at("/d")));
    assert!(
        d.declares_success(&at("/r")),
        "a sign-in's redirect is its answer"
    );
}

#[test]
fn only_an_object_answer_has_a_model() {
    let d = Document::from_value(
        json!({"paths": {"/e": {"patch": {"operationId": "e", "responses": {
            "400": {"content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}},
            "401": {"content": {"application/json": {"schema": {"type": "object", "properties": {"message": {}}}}}},
            "500": {"description": "no body"}
        }}}}}),
    );
    let answer = |status| Exchange {
        method: "PATCH".into(),
        status,
        ..exchange("/e", json!({}))
    };
    assert!(!d.answer_is_object(&answer(400)));
    assert!(d.answer_is_object(&answer(401)));
    assert!(!d.answer_is_object(&answer(500)));
}
