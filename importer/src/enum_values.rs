//! The values an enum lists: its `enum` (or `const`), or a `oneOf` whose
//! branches allow one value each, with what each branch says of its value.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::doc::str_of;
use crate::types::is_null_branch;

/// The branches of a `oneOf`/`anyOf` that each allow one value
/// (`{const: 1, title: ACTION_ROW}`, or an `enum` of one), beside
/// `{type: null}` ones: the OpenAPI 3.1 way to describe each value of an
/// enum (Discord writes all its enums so). Not alternative shapes, so no
/// union: the values of an enum ([`shape`](crate::types::shape), [`enum_values`]).
pub fn const_branches(schema: &Value) -> Option<&[Value]> {
    let list = ["oneOf", "anyOf"]
        .into_iter()
        .find_map(|k| schema.get(k)?.as_array())?;
    let valued = list
        .iter()
        .any(|b| const_of(b).is_some_and(|v| !v.is_null()));
    let all_single = list
        .iter()
        .all(|b| const_of(b).is_some() || is_null_branch(b));
    (valued && all_single).then_some(list.as_slice())
}

/// The one value a branch of [`const_branches`] allows, if it is one:
/// a `const` or an `enum` of one value, beside only annotations.
pub fn const_of(branch: &Value) -> Option<&Value> {
    const KEYS: &[&str] = &[
        "const",
        "enum",
        "type",
        "format",
        "title",
        "description",
        "deprecated",
        "example",
        "examples",
    ];
    let m = branch.as_object()?;
    if !m
        .keys()
        .all(|k| KEYS.contains(&k.as_str()) || k.starts_with("x-"))
    {
        return None;
    }
    match (m.get("const"), m.get("enum").and_then(Value::as_array)) {
        (Some(c), _) => Some(c),
        (None, Some(list)) if list.len() == 1 => list.first(),
        _ => None,
    }
}

/// The JSON type of the values of [`const_branches`], for a schema that
/// names none itself.
pub(crate) fn const_type(schema: &Value) -> Option<String> {
    let first = const_branches(schema)?
        .iter()
        .filter_map(const_of)
        .find(|v| !v.is_null())?;
    Some(
        match first {
            Value::String(_) => "string",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            _ => return None,
        }
        .to_owned(),
    )
}

/// The string values of an enum schema (a `const` is an enum of one, and
/// [`const_branches`] list one value each).
pub fn enum_values(schema: &Value) -> Vec<String> {
    if let Some(c) = schema.get("const").and_then(Value::as_str) {
        return vec![c.to_owned()];
    }
    let mut out: Vec<String> = Vec::new();
    let listed = schema.get("enum").and_then(Value::as_array);
    let branches = const_branches(schema)
        .into_iter()
        .flatten()
        .filter_map(const_of);
    for v in listed.into_iter().flatten().chain(branches) {
        if let Some(s) = v.as_str() {
            if !out.iter().any(|o| o == s) {
                out.push(s.to_owned());
            }
        }
    }
    out
}

/// What [`const_branches`] say of each string value (the branch's
/// `description`, else its `title`), for the enum's values.
pub fn value_descriptions(schema: &Value) -> BTreeMap<String, String> {
    const_branches(schema)
        .into_iter()
        .flatten()
        .filter_map(|b| {
            let value = const_of(b)?.as_str()?;
            let said = str_of(b, "description")
                .or_else(|| str_of(b, "title"))
                .map(str::trim)
                // A title that only repeats the value says nothing.
                .filter(|d| !d.is_empty() && *d != value)?;
            Some((value.to_owned(), said.to_owned()))
        })
        .collect()
}
