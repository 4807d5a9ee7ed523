//! The values an enum lists: its `enum` (or `const`), or a `oneOf` whose
//! branches list values (see [`value_branches`]), with what each branch
//! says of its value.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::types::is_null_branch;

/// The branches of a `oneOf`/`anyOf` that list values rather than shapes,
/// beside `{type: null}` ones: each allows one value (`{const: 1, title:
/// ACTION_ROW}`, or an `enum` of one), the OpenAPI 3.1 way to describe each
/// value of an enum (Discord writes all its enums so); or they are strings,
/// some listing values and some not (`anyOf: [{type: string}, {type: string,
/// enum: [gpt-4o, …]}]`: one of these, or any other string), which an SDK
/// enum says by itself, since it keeps a value it does not know. Not
/// alternative shapes, so no union: the values of an enum
/// ([`shape`](crate::types::shape), [`enum_values`]).
pub fn value_branches(schema: &Value) -> Option<&[Value]> {
    let list = schema.get(branches_key(schema))?.as_array()?;
    let values = || list.iter().flat_map(branch_values);
    let valued = values().any(|v| !v.is_null());
    let all_listing = list
        .iter()
        .all(|b| const_of(b).is_some() || is_null_branch(b) || string_branch(b));
    // A plain string beside numbers would be a union, not an enum.
    let strings = !list.iter().any(string_branch) || values().all(|v| v.is_string() || v.is_null());
    (valued && all_listing && strings).then_some(list.as_slice())
}

/// Which of `oneOf` and `anyOf` holds a schema's branches (`oneOf` when
/// both are there), for [`value_branches`] and the findings that point at
/// them.
pub fn branches_key(schema: &Value) -> &'static str {
    if schema.get("oneOf").is_some() {
        "oneOf"
    } else {
        "anyOf"
    }
}

/// The values a branch of [`value_branches`] lists.
pub(crate) fn branch_values(branch: &Value) -> Vec<&Value> {
    match const_of(branch) {
        Some(v) => vec![v],
        None if string_branch(branch) => branch
            .get("enum")
            .and_then(Value::as_array)
            .map(|l| l.iter().collect())
            .unwrap_or_default(),
        None => Vec::new(),
    }
}

/// Whether a branch is a string of no format, listing values or not, beside
/// only annotations and the text constraints an enum does not check
/// ([`BRANCH_CONSTRAINTS`]; RingCentral's alignments take `left`, `center`,
/// `right` or a string matching a case-insensitive pattern of them).
fn string_branch(branch: &Value) -> bool {
    branch.as_object().is_some_and(|m| {
        m.get("type").and_then(Value::as_str) == Some("string")
            && m.keys().all(|k| {
                ANNOTATIONS.contains(&k.as_str())
                    || BRANCH_CONSTRAINTS.contains(&k.as_str())
                    || k.starts_with("x-")
            })
            && m.get("enum").is_none_or(|e| {
                e.as_array()
                    .is_some_and(|l| l.iter().all(|v| v.is_string() || v.is_null()))
            })
    })
}

/// Constraints a string branch of [`value_branches`] may carry, which the
/// enum it becomes does not check ([`unchecked_branch_constraints`]).
const BRANCH_CONSTRAINTS: &[&str] = &["pattern", "minLength", "maxLength"];

/// The constraints of the branches of [`value_branches`] that the enum
/// does not check, with the index of the branch saying each, to report.
pub fn unchecked_branch_constraints(schema: &Value) -> Vec<(usize, &'static str)> {
    value_branches(schema)
        .into_iter()
        .flatten()
        .enumerate()
        .flat_map(|(i, b)| {
            BRANCH_CONSTRAINTS
                .iter()
                .filter(move |k| b.get(**k).is_some())
                .map(move |k| (i, *k))
        })
        .collect()
}

/// Keys a value-listing branch may have beside its values and type.
const ANNOTATIONS: &[&str] = &[
    "enum",
    "type",
    "title",
    "description",
    "deprecated",
    "example",
    "examples",
    "default",
    "nullable",
];

/// The one value a branch of [`value_branches`] allows, if it is one:
/// a `const` or an `enum` of one value, beside only annotations (and a
/// `format`, which says nothing more of one value).
pub fn const_of(branch: &Value) -> Option<&Value> {
    let m = branch.as_object()?;
    if !m.keys().all(|k| {
        ANNOTATIONS.contains(&k.as_str())
            || matches!(k.as_str(), "const" | "format")
            || k.starts_with("x-")
    }) {
        return None;
    }
    match (m.get("const"), m.get("enum").and_then(Value::as_array)) {
        (Some(c), _) => Some(c),
        (None, Some(list)) if list.len() == 1 => list.first(),
        _ => None,
    }
}

/// The JSON type of the values of [`value_branches`], for a schema that
/// names none itself.
pub(crate) fn const_type(schema: &Value) -> Option<String> {
    let first = value_branches(schema)?
        .iter()
        .flat_map(branch_values)
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
/// [`value_branches`] list one value each).
pub fn enum_values(schema: &Value) -> Vec<String> {
    if let Some(c) = schema.get("const").and_then(Value::as_str) {
        return vec![c.to_owned()];
    }
    let mut out: Vec<String> = Vec::new();
    let listed = schema.get("enum").and_then(Value::as_array);
    let branches = value_branches(schema)
        .into_iter()
        .flatten()
        .flat_map(branch_values);
    for v in listed.into_iter().flatten().chain(branches) {
        if let Some(s) = v.as_str() {
            if !out.iter().any(|o| o == s) {
                out.push(s.to_owned());
            }
        }
    }
    out
}

/// What [`value_branches`] say of each string value (the branch's
/// `description`, else its `title`), for the enum's values.
pub fn value_descriptions(schema: &Value) -> BTreeMap<String, String> {
    value_branches(schema)
        .into_iter()
        .flatten()
        .filter_map(|b| {
            let value = const_of(b)?.as_str()?;
            // A title that only repeats the value says nothing.
            let said = crate::defs::description_of(b).filter(|d| *d != value)?;
            Some((value.to_owned(), said.to_owned()))
        })
        .collect()
}
