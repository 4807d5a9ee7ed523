//! The branches of a `oneOf` or `anyOf`: those that are alternatives of
//! the value, without the `{type: null}` ones (which make the uses
//! nullable) and without those that repeat an earlier branch.

use serde_json::Value;

use crate::enum_values::value_branches;
use crate::types::{constraint_only, is_null_branch};

/// The non-null branches of a `oneOf`/`anyOf` (with their indexes), whether
/// a `null` branch was left out, and which of the two keys held them.
pub type Branches<'a> = (Vec<(usize, &'a Value)>, bool, &'static str);

/// The members of a `oneOf`/`anyOf` without `{type: null}` ones, and whether
/// there was one. A branch written the same as an earlier one (the same
/// `$ref` twice) says nothing more and is left out too: a `oneOf` of one
/// schema repeated is that schema, not a union of one member.
pub fn branches(schema: &Value) -> Option<Branches<'_>> {
    let (key, list) = [
        ("oneOf", schema.get("oneOf")),
        ("anyOf", schema.get("anyOf")),
    ]
    .into_iter()
    .find_map(|(k, v)| Some((k, v?.as_array()?)))?;
    if !list.is_empty() && list.iter().all(constraint_only) || value_branches(schema).is_some() {
        return None;
    }
    let kept: Vec<(usize, &Value)> = list
        .iter()
        .enumerate()
        .filter(|(i, v)| !is_null_branch(v) && !repeats_earlier(list, *i))
        .collect();
    Some((kept, list.iter().any(is_null_branch), key))
}

/// Whether branch `i` of `list` says what an earlier one says: written the
/// same, or a `$ref` to the same target beside only annotations (3.1 lets
/// a reference carry a `title` or a `description`; 3.0 ignores them).
fn repeats_earlier(list: &[Value], i: usize) -> bool {
    let this = identity(&list[i]);
    list[..i].iter().any(|earlier| identity(earlier) == this)
}

/// What tells a branch apart: the target of a `$ref` carrying nothing but
/// annotations (`true`), else the whole branch (`false`). Borrowed, as
/// [`branches`] asks it of every pair of branches each time a schema is met.
fn identity(branch: &Value) -> (bool, &Value) {
    const ANNOTATIONS: &[&str] = &[
        "title",
        "description",
        "deprecated",
        "example",
        "examples",
        "readOnly",
        "writeOnly",
        "$comment",
    ];
    match branch.as_object().and_then(|m| Some((m, m.get("$ref")?))) {
        Some((m, target))
            if m.keys().all(|k| {
                k == "$ref" || ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-")
            }) =>
        {
            (true, target)
        }
        _ => (false, branch),
    }
}

/// How many branches of a `oneOf`/`anyOf` repeat an earlier one (see
/// [`branches`]), for the report: the non-null ones it did not keep.
pub fn repeated_branches(schema: &Value) -> usize {
    let Some((kept, _, key)) = branches(schema) else {
        return 0;
    };
    let listed = schema[key]
        .as_array()
        .map_or(0, |list| list.iter().filter(|b| !is_null_branch(b)).count());
    listed - kept.len()
}
