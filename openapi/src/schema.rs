//! What a schema says of the values it allows, read the same way by the
//! importer (which member of a union a tag value selects) and the contract
//! run (which tag value its inputs send).

use serde_json::Value;

/// The strings `schema` allows, when it pins them: a `const`, an `enum`,
/// or the same through `oneOf`/`anyOf` branches beside `null`
/// (`anyOf: [{enum: [item_reference]}, {type: "null"}]`, a tag that may be
/// left null), in the order written, without repeats. `None` when any
/// string (or a value of another kind) would do. `resolve` follows a `$ref`.
pub fn allowed_values<'a>(
    schema: &'a Value,
    resolve: &dyn Fn(&'a Value) -> &'a Value,
) -> Option<Vec<&'a str>> {
    let mut out = Vec::new();
    collect(schema, resolve, 0, &mut out).then_some(out)
}

/// Branches nest only so deep in a real tag.
const DEPTH: usize = 8;

/// Adds the values `schema` allows to `out`; `false` when it does not pin them.
fn collect<'a>(
    schema: &'a Value,
    resolve: &dyn Fn(&'a Value) -> &'a Value,
    depth: usize,
    out: &mut Vec<&'a str>,
) -> bool {
    let schema = resolve(schema);
    let listed = match (schema.get("const"), schema.get("enum")) {
        (Some(one), _) => Some(std::slice::from_ref(one)),
        (None, Some(Value::Array(values))) => Some(values.as_slice()),
        _ => None,
    };
    if let Some(values) = listed {
        for value in values.iter().filter(|v| !v.is_null()) {
            let Some(s) = value.as_str() else {
                return false;
            };
            if !out.contains(&s) {
                out.push(s);
            }
        }
        return !out.is_empty();
    }
    let mut branches = ["oneOf", "anyOf"]
        .iter()
        .filter_map(|k| schema.get(*k).and_then(Value::as_array))
        .flatten()
        .filter(|b| !is_null(resolve(b)))
        .peekable();
    if depth >= DEPTH || branches.peek().is_none() {
        return false;
    }
    branches.all(|b| collect(b, resolve, depth + 1, out))
}

/// Whether a schema allows `null` only.
fn is_null(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
        || schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|v| v.iter().all(Value::is_null))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plain(v: &Value) -> &Value {
        v
    }

    fn allowed(schema: Value) -> Option<Vec<String>> {
        allowed_values(&schema, &plain).map(|v| v.into_iter().map(str::to_owned).collect())
    }

    #[test]
    fn values_through_const_enum_and_nullable_branches() {
        assert_eq!(allowed(json!({"const": "a"})).unwrap(), ["a"]);
        assert_eq!(
            allowed(json!({"enum": ["a", null, "b"]})).unwrap(),
            ["a", "b"]
        );
        let nullable =
            json!({"anyOf": [{"type": "string", "enum": ["item_reference"]}, {"type": "null"}]});
        assert_eq!(allowed(nullable).unwrap(), ["item_reference"]);
        let branches = json!({"oneOf": [{"enum": ["a"]}, {"const": "b"}, {"enum": ["a"]}]});
        assert_eq!(allowed(branches).unwrap(), ["a", "b"]);
    }

    #[test]
    fn none_when_any_string_would_do() {
        assert_eq!(allowed(json!({"type": "string"})), None);
        assert_eq!(
            allowed(json!({"anyOf": [{"enum": ["a"]}, {"type": "string"}]})),
            None
        );
        assert_eq!(allowed(json!({"anyOf": [{"type": "null"}]})), None);
        assert_eq!(allowed(json!({"enum": [1]})), None);
        assert_eq!(allowed(json!({"enum": [null]})), None);
    }
}
