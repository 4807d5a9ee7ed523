use super::*;
use serde_json::json;

#[test]
fn compare_sees_dropped_and_changed_declared_values_but_not_spelling_or_extras() {
    let document = Document::from_value(json!({}));
    let schema = json!({"properties": {
        "a": {"type": "number"}, "t": {"type": "string"}, "n": {}, "gone": {},
        "list": {"type": "array", "items": {"properties": {"e": {}}}}
    }});
    let received = json!({"a": 1.0, "t": "2016-03-10T18:07:52.000Z", "n": null, "gone": "x", "extra_1": 7, "list": [{"e": "B", "x": 1}]});
    let decoded = json!({"a": 1, "t": "2016-03-10T18:07:52+00:00", "list": [{"e": "b"}]});
    let mut lost = BTreeSet::new();
    compare(&document, Some(&schema), &received, &decoded, "", &mut lost);
    assert_eq!(
        lost.into_iter().collect::<Vec<_>>(),
        [
            "`gone` dropped",
            "`list[].e` sent as \"B\" but decoded as \"b\""
        ]
    );
    let mut without_schema = BTreeSet::new();
    compare(
        &document,
        None,
        &received,
        &decoded,
        "",
        &mut without_schema,
    );
    assert!(
        without_schema.contains("`extra_1` dropped"),
        "{without_schema:?}"
    );
}

#[test]
fn compare_judges_a_union_value_by_the_branch_it_takes() {
    // Both branches declare `outcome`; only the first says it may hold
    // any key. The value is of the second, so the extra key Prism added to
    // its outcome is no loss when dropped.
    let document = Document::from_value(json!({}));
    let schema = json!({"oneOf": [
        {"required": ["type"], "properties": {"type": {"enum": ["call"]}, "outcome": {"additionalProperties": {"type": "string"}}}},
        {"required": ["type"], "properties": {"type": {"enum": ["call_output"]}, "outcome": {"properties": {"code": {}}}}}
    ]});
    let received = json!({"type": "call_output", "outcome": {"code": 1, "extra_1": "x"}});
    let decoded = json!({"type": "call_output", "outcome": {"code": 1}});
    let mut lost = BTreeSet::new();
    compare(&document, Some(&schema), &received, &decoded, "", &mut lost);
    assert!(lost.is_empty(), "{lost:?}");
    let dropped = json!({"type": "call_output", "outcome": {}});
    compare(&document, Some(&schema), &received, &dropped, "", &mut lost);
    assert_eq!(
        lost.into_iter().collect::<Vec<_>>(),
        ["`outcome.code` dropped"]
    );
}

fn exchange(violations: &str) -> Exchange {
    Exchange {
        meant: None,
        method: "POST".into(),
        target: "/x".into(),
        request_body: vec![],
        status: 400,
        violations: Some(violations.into()),
        response_body: vec![],
    }
}

#[test]
fn a_one_of_the_value_matches_twice_is_a_flaw_of_the_document_not_of_the_request() {
    let document = Document::from_value(json!({"paths": {"/x": {"post": {
        "operationId": "x",
        "responses": {"400": {"description": "refused"}},
        "requestBody": {"content": {"application/json": {"schema": {"properties": {"e": {"oneOf": [
            {"required": ["location"], "properties": {"location": {"type": "object"}}},
            {"properties": {"address": {"type": "object", "required": ["street"]}}}
        ]}}}}}}
    }}}}));
    let ambiguous = Exchange {
        meant: None,
        request_body: br#"{"e": {"location": {}}}"#.to_vec(),
        response_body: br#"{"message": "refused"}"#.to_vec(),
        ..exchange(r#"[{"location":["request","body","e"],"code":"oneOf","message":"m"}]"#)
    };
    let mut row = Row {
        operation_id: "x".into(),
        ..Row::default()
    };
    assert_eq!(
        judge_request(&mut row, &document, &ambiguous, "t"),
        Request::RefusedByFlaw
    );
    assert!(row.problems.is_empty(), "{:?}", row.problems);
    assert_eq!(row.notes.len(), 1);
    // A union around the ambiguous value fails with it (a list of them, or
    // `null`): that is the same flaw, not another fault.
    let nested = Document::from_value(json!({"paths": {"/x": {"post": {
        "operationId": "x",
        "responses": {"400": {"description": "refused"}},
        "requestBody": {"content": {"application/json": {"schema": {"properties": {"list": {"anyOf": [
            {"type": "array", "items": {"oneOf": [
                {"required": ["location"], "properties": {"location": {"type": "object"}}},
                {"properties": {"address": {"type": "object"}}}
            ]}},
            {"type": "null"}
        ]}}}}}}
    }}}}));
    let around = Exchange {
        meant: None,
        request_body: br#"{"list": [{"location": {}}]}"#.to_vec(),
        response_body: br#"{"message": "refused"}"#.to_vec(),
        ..exchange(
            r#"[{"location":["request","body","list","0"],"code":"oneOf","message":"m"},{"location":["request","body","list"],"code":"type","message":"must be null"},{"location":["request","body","list"],"code":"anyOf","message":"m"}]"#,
        )
    };
    let mut row = Row {
        operation_id: "x".into(),
        ..Row::default()
    };
    assert_eq!(
        judge_request(&mut row, &nested, &around, "t"),
        Request::RefusedByFlaw
    );
    assert!(row.problems.is_empty(), "{:?}", row.problems);
    // Every branch of a union above it fails with it, each with errors of
    // its own (a grader whose `input` is text, or that requires more):
    // the union meets the value once `oneOf`s may overlap, so all of them
    // are that one flaw.
    let graders = Document::from_value(json!({"paths": {"/x": {"post": {
        "operationId": "x",
        "responses": {"400": {"description": "refused"}},
        "requestBody": {"content": {"application/json": {"schema": {"properties": {"criteria": {"type": "array", "items": {"oneOf": [
            {"required": ["input"], "properties": {"type": {"enum": ["label"]}, "input": {"type": "array", "items": {"oneOf": [
                {"required": ["role"], "properties": {"role": {"type": "string"}}},
                {"required": ["role"], "properties": {"role": {"enum": ["user"]}, "type": {"enum": ["message"]}}}
            ]}}}},
            {"required": ["reference"], "properties": {"type": {"enum": ["check"]}, "input": {"type": "string"}}}
        ]}}}}}}}
    }}}}));
    let violations = r#"[{"location":["request","body","criteria","0","input","0"],"code":"oneOf","message":"m"},{"location":["request","body","criteria","0"],"code":"required","message":"reference"},{"location":["request","body","criteria","0","type"],"code":"enum","message":"check"},{"location":["request","body","criteria","0","input"],"code":"type","message":"string"},{"location":["request","body","criteria","0"],"code":"oneOf","message":"m"}]"#;
    let below = Exchange {
        meant: None,
        request_body: br#"{"criteria": [{"type": "label", "input": [{"role": "user"}]}]}"#.to_vec(),
        response_body: br#"{"message": "refused"}"#.to_vec(),
        ..exchange(violations)
    };
    let mut row = Row {
        operation_id: "x".into(),
        ..Row::default()
    };
    assert_eq!(
        judge_request(&mut row, &graders, &below, "t"),
        Request::RefusedByFlaw
    );
    assert!(row.problems.is_empty(), "{:?}", row.problems);
    // A value that breaks the branch it takes is still a fault.
    let broken = Exchange {
        request_body: br#"{"criteria": [{"type": "label", "input": [{"role": 5}]}]}"#.to_vec(),
        ..below.clone()
    };
    let mut row = Row {
        operation_id: "x".into(),
        ..Row::default()
    };
    assert_eq!(
        judge_request(&mut row, &graders, &broken, "t"),
        Request::Invalid
    );
    // Without an answer of the API's for the refusal, there is nothing to decode.
    let bare = Exchange {
        meant: None,
        response_body: Vec::new(),
        ..ambiguous
    };
    let mut row = Row {
        operation_id: "x".into(),
        ..Row::default()
    };
    assert_eq!(
        judge_request(&mut row, &document, &bare, "t"),
        Request::Unjudgeable
    );

    let matches_none = Exchange {
        meant: None,
        request_body: br#"{"e": {"address": {}}}"#.to_vec(),
        ..exchange(
            r#"[{"location":["request","body","e"],"code":"required","message":"m"},{"location":["request","body","e"],"code":"oneOf","message":"m"}]"#,
        )
    };
    let mut row = Row {
        operation_id: "x".into(),
        ..Row::default()
    };
    assert_eq!(
        judge_request(&mut row, &document, &matches_none, "t"),
        Request::Invalid
    );
    assert_eq!(row.problems.len(), 1);
}

#[test]
fn response_violations_are_told_from_request_ones() {
    let e = exchange(
        r#"[{"location":["request","body","quantity"],"code":"maximum","message":"must be <= 50"},{"location":["response","body"],"code":"oneOf","message":"must match one"}]"#,
    );
    assert_eq!(
        response_violations(&e),
        ["must match one at response.body (oneOf)"]
    );
}

#[test]
fn a_uuid_compares_without_case_but_other_text_with_it() {
    let document = Document::from_value(json!({"components": {"schemas": {
        "Id": {"type": "string", "format": "uuid"}
    }}}));
    let schema = json!({"properties": {
        "id": {"$ref": "#/components/schemas/Id"},
        "name": {"type": "string"},
        "odd": {"type": "string", "format": "uuid"}
    }});
    let received = json!({"id": "2B64fe91-625A-3c0d-FF05-Eb7BE7ACAca0", "name": "Ab", "odd": "AB"});
    let decoded = json!({"id": "2b64fe91-625a-3c0d-ff05-eb7be7acaca0", "name": "ab", "odd": "ab"});
    let mut lost = BTreeSet::new();
    compare(&document, Some(&schema), &received, &decoded, "", &mut lost);
    assert_eq!(
        lost.into_iter().collect::<Vec<_>>(),
        [
            "`name` sent as \"Ab\" but decoded as \"ab\"",
            "`odd` sent as \"AB\" but decoded as \"ab\""
        ]
    );
}

#[test]
fn prisms_own_500_is_told_from_an_answer_of_the_api() {
    let answer = |status, body: &str| Exchange {
        meant: None,
        method: "GET".into(),
        target: "/x".into(),
        request_body: Vec::new(),
        status,
        violations: None,
        response_body: body.as_bytes().to_vec(),
    };
    let crash = r#"{"type":"https://stoplight.io/prism/errors#UNKNOWN","title":"TypeError: Cannot read properties of undefined (reading 'items')\n    at shouldClean (main.cjs:1339:19)","status":500}"#;
    assert_eq!(
        prism_failure(&answer(500, crash)).as_deref(),
        Some("TypeError: Cannot read properties of undefined (reading 'items')")
    );
    // The API's own 500, declared by the document, is an answer to judge.
    assert_eq!(
        prism_failure(&answer(500, r#"{"type":"server_error","title":"x"}"#)),
        None
    );
    assert_eq!(prism_failure(&answer(200, crash)), None);
}

#[test]
fn an_array_sent_as_a_repeated_form_key_is_not_the_requests_fault() {
    let violation = json!({"location": ["request", "body", "Event"], "code": "type"});
    let mut form = exchange("");
    form.request_body = b"Event=a&Event=b&To=x".to_vec();
    assert_eq!(repeated_form_key(&form, &violation), Some("Event"));
    // Sent once, the value really is not an array.
    form.request_body = b"Event=a&To=x".to_vec();
    assert_eq!(repeated_form_key(&form, &violation), None);
    // A JSON body's array is an array to Prism too: the fault is elsewhere.
    form.request_body = br#"{"Event": ["a", "b"]}"#.to_vec();
    assert_eq!(repeated_form_key(&form, &violation), None);
    let other = json!({"location": ["request", "body", "Event"], "code": "enum"});
    form.request_body = b"Event=a&Event=b".to_vec();
    assert_eq!(repeated_form_key(&form, &other), None);
}

#[test]
fn a_path_parameter_of_a_twin_template_is_not_the_requests_fault() {
    let document = Document::from_value(json!({"paths": {
        "/Contacts/{ContactID}": {"get": {"operationId": "byId"}},
        "/Contacts/{ContactNumber}": {"get": {"operationId": "byNumber"}}
    }}));
    let violation = json!({"location": ["request", "path", "contactid"], "code": "format"});
    let mut call = exchange("[]");
    call.method = "GET".into();
    call.target = "/Contacts/SB2".into();
    call.meant = Some("byNumber".into());
    assert_eq!(
        twin_template(&document, &call, &violation),
        Some("contactid")
    );
    // The operation's own parameter is the request's to get right.
    call.meant = Some("byId".into());
    assert_eq!(twin_template(&document, &call, &violation), None);
    // Told apart by a format only Prism ignores, the templates still tie for it.
    let by_format = Document::from_value(json!({"paths": {
        "/Contacts/{ContactID}": {"get": {"operationId": "byId",
            "parameters": [{"name": "ContactID", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}]}},
        "/Contacts/{ContactNumber}": {"get": {"operationId": "byNumber"}}
    }}));
    call.meant = Some("byNumber".into());
    assert_eq!(
        twin_template(&by_format, &call, &violation),
        Some("contactid")
    );
}
