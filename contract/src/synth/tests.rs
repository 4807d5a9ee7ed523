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
