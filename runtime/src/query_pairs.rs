//! How objects become query (and form) pairs: OpenAPI's `deepObject` and
//! `form` styles, exploded and not. Pairs come out percent-encoded, so a
//! delimiter the style puts between items stays apart from one inside them.

use super::call::{by_name, encoded};

/// The `deepObject` pairs of `value` under the key `key` (not yet encoded).
pub(crate) fn deep_pairs(key: String, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in by_name(map) {
                deep_pairs(format!("{key}[{k}]"), v, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                deep_pairs(key.clone(), item, out);
            }
        }
        Value::String(s) => out.push((encoded(&key), encoded(s))),
        other => out.push((encoded(&key), encoded(&other.to_string()))),
    }
}

/// The `form` pairs of one property of an exploded object: a scalar is one
/// pair, a list's scalar items repeat the key, `null` adds nothing; an
/// object (or a list inside the list) is `Err`, as OpenAPI gives it no form.
pub(crate) fn form_pairs(
    key: &str,
    value: &serde_json::Value,
    out: &mut Vec<(String, String)>,
) -> Result<(), ()> {
    use serde_json::Value;
    let items = match value {
        Value::Array(items) => items.iter().map(scalar).collect::<Result<Vec<_>, _>>()?,
        other => vec![scalar(other)?],
    };
    let key = encoded(key);
    out.extend(
        items
            .into_iter()
            .flatten()
            .map(|v| (key.clone(), encoded(&v))),
    );
    Ok(())
}

/// The value of a joined `form` object (`k1,v1,k2,v2`, each percent-encoded),
/// in name order: `Ok(None)` when no property has a value, `Err` naming a
/// property that holds a list or an object, which this form cannot send.
pub(crate) fn joined_pairs(
    map: &serde_json::Map<String, serde_json::Value>,
) -> Result<Option<String>, String> {
    let mut items = Vec::new();
    for (key, value) in by_name(map) {
        let Some(text) = scalar(value).map_err(|()| key.clone())? else {
            continue;
        };
        items.push(encoded(key));
        items.push(encoded(&text));
    }
    Ok((!items.is_empty()).then(|| items.join(",")))
}

/// A value the `form` styles send as one item: its text, `None` for `null`
/// (nothing is sent), `Err` for a list or an object, which are no one item.
fn scalar(value: &serde_json::Value) -> Result<Option<String>, ()> {
    use serde_json::Value;
    match value {
        Value::String(s) => Ok(Some(s.clone())),
        Value::Null => Ok(None),
        Value::Bool(_) | Value::Number(_) => Ok(Some(value.to_string())),
        Value::Array(_) | Value::Object(_) => Err(()),
    }
}
