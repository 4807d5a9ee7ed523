//! What a schema's alternatives and exclusions ask of a value, read the
//! same way by the inputs and by the judge of what a call must send.

use serde_json::Value;

/// Whether `schema` has alternatives of its own (`oneOf` or `anyOf`).
pub(super) fn has_branches(schema: &Value) -> bool {
    ["oneOf", "anyOf"]
        .iter()
        .any(|k| schema[*k].as_array().is_some_and(|b| !b.is_empty()))
}

/// Whether `schema` has no alternatives and no parts (`oneOf`, `anyOf`, `allOf`).
pub(super) fn has_no_branches(schema: &Value) -> bool {
    !has_branches(schema) && schema.get("allOf").is_none()
}

/// The names `schema`'s `not: {required: […]}` forbids a value to have
/// all together (OpenAI's "exactly one of `image_url` or `file_id`").
pub(crate) fn not_together(schema: &Value) -> Vec<String> {
    required_names(&schema["not"])
}

/// The names `schema` lists as `required`.
fn required_names(schema: &Value) -> Vec<String> {
    schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// The names the other branches of `schema`'s `oneOf` require and neither
/// `branch` nor `schema` itself does: a value of `branch` must leave them
/// out, or it would meet more than one branch. None for an `anyOf`.
pub(crate) fn exclusive_names(schema: &Value, branch: &Value) -> Vec<String> {
    let names = required_names;
    let Some(branches) = schema["oneOf"].as_array() else {
        return Vec::new();
    };
    let (kept, own) = (names(branch), names(schema));
    branches
        .iter()
        .filter(|b| *b != branch)
        .flat_map(names)
        .filter(|n| !kept.contains(n) && !own.contains(n))
        .collect()
}

/// Whether `schema` (or its items) is a `$ref` to one of `refs`, the
/// schemas being walked: an optional property that leads back into one is
/// left out of the inputs, so recursive schemas end.
pub(crate) fn leads_back(schema: &Value, refs: &[String]) -> bool {
    [
        schema.get("$ref"),
        schema.get("items").and_then(|i| i.get("$ref")),
    ]
    .into_iter()
    .flatten()
    .filter_map(Value::as_str)
    .any(|r| refs.iter().any(|x| x == r))
}
