//! Requests a document says the API sends, rather than receives: its
//! webhooks (OpenAPI 3.1's `webhooks`, and the `x-webhooks` extension 3.0
//! documents use for the same) and the callbacks of its operations. An SDK
//! generated here makes calls; it has no server to receive these on, so
//! each one is a finding, with the payload it would carry, rather than
//! something a user discovers missing.

use serde_json::Value;

use crate::doc::{self, Doc};
use crate::report::Report;

/// Reports every webhook of the document.
pub(crate) fn report_webhooks(doc: &Doc, report: &mut Report) {
    for key in sdkgen_openapi::operations::WEBHOOK_KEYS {
        let Some(hooks) = doc.root.get(key).and_then(Value::as_object) else {
            continue;
        };
        for (name, item) in doc::entries(hooks) {
            let at = doc::child(&format!("#/{key}"), name);
            requests(doc, &at, item, report, |verb, payload| {
                format!(
                    "webhook `{name}` ({verb} the API sends to your server) not imported: the SDK makes calls and does not receive them{payload}"
                )
            });
        }
    }
}

/// Reports the callbacks of the operation at `at`.
pub(crate) fn report_callbacks(doc: &Doc, at: &str, op: &Value, report: &mut Report) {
    let Some(callbacks) = op.get("callbacks").and_then(Value::as_object) else {
        return;
    };
    for (name, callback) in doc::entries(callbacks) {
        let callback_at = doc::child(&doc::child(at, "callbacks"), name);
        let Ok((callback_at, callback)) = doc.deref(&callback_at, callback) else {
            report.add(
                &callback_at,
                format!("callback `{name}` not imported: its `$ref` names nothing"),
            );
            continue;
        };
        let Some(urls) = callback.as_object() else {
            continue;
        };
        for (url, item) in doc::entries(urls) {
            let item_at = doc::child(&callback_at, url);
            requests(doc, &item_at, item, report, |verb, payload| {
                format!(
                    "callback `{name}` ({verb} the API sends to `{url}`) not imported: the SDK makes calls and does not receive them{payload}"
                )
            });
        }
    }
}

/// One finding per request of the path item `item` at `at`, worded by
/// `message` from the method and the payload clause.
fn requests(
    doc: &Doc,
    at: &str,
    item: &Value,
    report: &mut Report,
    message: impl Fn(&str, String) -> String,
) {
    let (at, item) = match doc.deref(at, item) {
        Ok((pointer, item)) => (pointer, item),
        Err(e) => {
            report.add(at, format!("{e}: not imported"));
            return;
        }
    };
    for verb in sdkgen_openapi::operations::METHODS {
        let Some(op) = item.get(verb) else { continue };
        let verb_at = doc::child(&at, verb);
        let upper = format!("`{}` request", verb.to_ascii_uppercase());
        report.add(&verb_at, message(&upper, payload(doc, &verb_at, op)));
    }
}

/// `; its payload is <schema>` for a request body whose schema is a named
/// component (the model a receiver would decode it into), or nothing.
fn payload(doc: &Doc, at: &str, op: &Value) -> String {
    let Some(body) = op.get("requestBody") else {
        return String::new();
    };
    let Ok((_, body)) = doc.deref(&doc::child(at, "requestBody"), body) else {
        return String::new();
    };
    let schemas: Vec<&str> = body
        .get("content")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|content| content.values())
        .filter_map(|media| media.get("schema")?.get("$ref")?.as_str())
        .collect();
    match schemas.first() {
        Some(schema) => format!("; its payload is `{schema}`"),
        None => String::new(),
    }
}
