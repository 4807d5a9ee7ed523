//! The OpenAPI document as the importer reads it: the shared reader's
//! [`Document`] (loading, multi-file joining, `$ref`s, pointers), and small
//! helpers for reading its JSON tree.

use serde_json::{Map, Value};

pub use sdkgen_openapi::pointer::child;
pub use sdkgen_openapi::{Document as Doc, LoadError};

/// Where the item at `pointer` is written, with its file: the document's
/// name and the pointer, or for an item brought in from another file of a
/// multi-file document, that file (relative to the document) and its
/// pointer there.
pub fn located(doc: &Doc, pointer: &str) -> String {
    let location = doc.location(pointer);
    if location.starts_with('#') {
        format!("{}{location}", doc.name)
    } else {
        location
    }
}

/// An object's keys with their values, in document order.
pub fn entries(m: &Map<String, Value>) -> impl Iterator<Item = (&str, &Value)> {
    m.iter().map(|(k, v)| (k.as_str(), v))
}

/// The string at `key` of `v`.
pub fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The names a schema's own `required` list holds (not its parts').
pub fn required(schema: &Value) -> impl Iterator<Item = &str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// The boolean at `key` of `v` (false when absent).
pub fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}
