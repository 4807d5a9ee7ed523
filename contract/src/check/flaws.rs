//! Why Prism refused a request the SDK made right: a flaw of the vendor's
//! document or of Prism that no request can get past, told apart from a
//! fault of the request.

use serde_json::Value;

use super::violations::{location, twin_template};
use crate::recorder::Exchange;
use crate::vendor::Document;

/// When a violation is Prism misreading a multipart part that the vendor
/// types as an array or object (a JSON part: Prism takes every part as
/// text unless the document gives the property an `encoding`), the part's name.
pub(super) fn unreadable_part<'v>(
    document: &Document,
    exchange: &Exchange,
    violation: &'v Value,
) -> Option<&'v str> {
    if violation["code"] != "type" || !exchange.request_body.starts_with(b"--") {
        return None;
    }
    let location = location(violation);
    let [_, "body", _] = location.as_slice() else {
        return None;
    };
    let schema = document.resolve(document.request_schema_at(exchange, &location)?);
    matches!(schema["type"].as_str(), Some("array" | "object"))
        .then(|| violation["location"][2].as_str())
        .flatten()
}

/// Why Prism refused an otherwise valid request: a flaw of the document, or
/// of Prism, that no request can get past.
pub(super) enum Flaw<'v> {
    /// A multipart part Prism reads as text though it is an array or object.
    UnreadablePart(&'v str),
    /// A form key sent repeated, as a form carries an array.
    RepeatedFormKey(&'v str),
    /// A path parameter of another template that no path tells apart from
    /// the operation's own (Prism took the request as that one's).
    TwinTemplate(&'v str),
}

impl Flaw<'_> {
    /// Order of report: when a request meets several kinds, the first is told.
    pub(super) fn rank(&self) -> u8 {
        match self {
            Flaw::UnreadablePart(_) => 0,
            Flaw::RepeatedFormKey(_) => 1,
            Flaw::TwinTemplate(_) => 2,
        }
    }

    /// The row's note.
    pub(super) fn note(&self) -> String {
        match self {
            Flaw::UnreadablePart(part) => format!(
                "the multipart/form-data body declares `{part}` as an array or object without an `encoding`, and Prism reads every part as text, so it refuses every multipart request (\"must be array\"); the request is otherwise valid and no answer can be had from Prism"
            ),
            Flaw::RepeatedFormKey(key) => format!(
                "the form body sends the array `{key}` as the key repeated, OpenAPI's default for a form (`style: form`, `explode: true`), and Prism reads a repeated key as its last value (\"must be array\"; stoplightio/prism issue #2473); the request is otherwise valid and no answer can be had from Prism"
            ),
            Flaw::TwinTemplate(name) => format!(
                "Prism took the request for another template of the same shape (it routes without regard to parameter formats; OpenAPI forbids templates that differ only in parameter names) and checked its path parameter `{name}`, which the operation called does not have; the request is valid for the operation called and no answer can be had from Prism"
            ),
        }
    }
}

/// The flaw that explains a violation, if one does.
pub(super) fn flaw_of<'v>(
    document: &Document,
    exchange: &Exchange,
    violation: &'v Value,
) -> Option<Flaw<'v>> {
    // In `Flaw`'s order, so a violation two flaws explain counts as the first.
    if let Some(part) = unreadable_part(document, exchange, violation) {
        return Some(Flaw::UnreadablePart(part));
    }
    if let Some(key) = repeated_form_key(exchange, violation) {
        return Some(Flaw::RepeatedFormKey(key));
    }
    twin_template(document, exchange, violation).map(Flaw::TwinTemplate)
}

/// When a violation says a form body's field must be an array although the
/// request sent that key more than once (how a form carries an array), the
/// key: Prism's flaw, not the request's.
pub(super) fn repeated_form_key<'v>(exchange: &Exchange, violation: &'v Value) -> Option<&'v str> {
    let body = &exchange.request_body;
    if violation["code"] != "type"
        || body.starts_with(b"--")
        || serde_json::from_slice::<Value>(body).is_ok()
    {
        return None;
    }
    let key = violation["location"][2].as_str()?;
    let ["request", "body", _] = location(violation).as_slice() else {
        return None;
    };
    let fields = crate::request_body::fields(body)?;
    fields[key]
        .as_array()
        .is_some_and(|values| values.len() > 1)
        .then_some(key)
}

/// When a violation is a `oneOf` that the value fails only because it
/// matches several branches (a flaw of the vendor's schema, not of the
/// value), how many it matches. Prism's message is the same for no match
/// and for several, so the branches are counted here, against the vendor
/// document.
pub(super) fn ambiguous_one_of(
    document: &Document,
    exchange: &Exchange,
    violation: &Value,
) -> Option<usize> {
    if violation["code"] != "oneOf" {
        return None;
    }
    let location = location(violation);
    let body = serde_json::from_slice::<Value>(&exchange.request_body).ok()?;
    let pointer: String = location
        .iter()
        .skip(2)
        .map(|s| format!("/{}", sdkgen_openapi::pointer::escape(s)))
        .collect();
    let branches = document.one_of_matches(
        body.pointer(&pointer)?,
        document.request_schema_at(exchange, &location)?,
    )?;
    (branches >= 2).then_some(branches)
}

/// Whether a violation is a union (`anyOf`, `oneOf`) that the value meets
/// but for `oneOf`s in or below it matching more than one branch: then
/// every violation at or below it (the errors of each branch Prism tried)
/// is that flaw of the document, not a fault of the request.
pub(super) fn overlapping_union(
    document: &Document,
    exchange: &Exchange,
    violation: &Value,
) -> bool {
    if !matches!(violation["code"].as_str(), Some("anyOf" | "oneOf")) {
        return false;
    }
    let location = location(violation);
    let Ok(body) = serde_json::from_slice::<Value>(&exchange.request_body) else {
        return false;
    };
    let pointer: String = location
        .iter()
        .skip(2)
        .map(|s| format!("/{}", sdkgen_openapi::pointer::escape(s)))
        .collect();
    let (Some(value), Some(schema)) = (
        body.pointer(&pointer),
        document.request_schema_at(exchange, &location),
    ) else {
        return false;
    };
    document.accepts_overlapping(value, schema) == Some(true)
}

/// Whether violation location `inner` is `outer` or below it.
pub(super) fn starts_with(inner: &Value, outer: &Value) -> bool {
    match (inner.as_array(), outer.as_array()) {
        (Some(i), Some(o)) => i.len() >= o.len() && i[..o.len()] == o[..],
        _ => false,
    }
}
