//! Judging an answer: the SDK decoded it, and kept every value the vendor
//! declares, spelled as the wire may change it.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::call::{Decoded, Failure};
use crate::recorder::Exchange;
use crate::vendor::{Declared, Document};

use super::violations::truncate;

/// Whether the SDK decoded the answer and kept every value the vendor
/// declares. When Prism refused a valid request because of a flaw of the
/// document, its answer is an error example, which must parse as the
/// error model the SDK declares for that status.
pub(super) fn judge_answer(
    document: &Document,
    exchange: &Exchange,
    result: Decoded,
    refused: bool,
) -> Result<(), String> {
    if refused {
        return match result {
            Err(Failure::Api {
                model_decoded: true,
                ..
            }) => Ok(()),
            // A body that is no object (SendGrid's list of errors) has no
            // error model: the SDK keeps it raw, as the import report says.
            Err(Failure::Api { .. }) if !document.answer_is_object(exchange) => Ok(()),
            Err(Failure::Api { status, body, .. }) => Err(format!(
                "HTTP {status} error example did not parse as the declared error model: {}",
                truncate(&body)
            )),
            Ok(_) => Err(format!(
                "the SDK treated HTTP {} as a success",
                exchange.status
            )),
            Err(other) => Err(format!("{other:?}")),
        };
    }
    let value = result.map_err(|failure| match failure {
        Failure::Api {
            status,
            violations,
            body,
            ..
        } => match violations {
            Some(v) => format!("HTTP {status}, sl-violations: {v}"),
            None => format!("HTTP {status}: {}", truncate(&body)),
        },
        Failure::Decode { path, message } => {
            // Positions differ from body to body; without them, failures
            // of the same kind are told once.
            let message = regex_lite::Regex::new(r" at line \d+ column \d+")
                .map_or(message.clone(), |r| {
                    r.replace_all(&message, "").into_owned()
                });
            let path = regex_lite::Regex::new(r"\[\d+\]")
                .map_or(path.clone(), |r| r.replace_all(&path, "[]").into_owned());
            format!("does not decode at `{path}`: {message}")
        }
        Failure::Other(why) => why,
    })?;
    if value.is_null() {
        // Operations without a response body ignore whatever is sent.
        return Ok(());
    }
    if let Some(bytes) = value.get(crate::call::BINARY) {
        // A binary answer must be the bytes received, all of them.
        let received = crate::call::hex(&exchange.response_body);
        return if bytes.as_str() == Some(received.as_str()) {
            Ok(())
        } else {
            Err(format!(
                "the bytes read differ from the {} bytes received",
                exchange.response_body.len()
            ))
        };
    }
    if value
        .as_str()
        .is_some_and(|text| text.as_bytes() == exchange.response_body.as_slice())
    {
        // A text answer, read as sent.
        return Ok(());
    }
    let received: Value = serde_json::from_slice(&exchange.response_body)
        .map_err(|e| format!("the SDK decoded a body that is not JSON ({e})"))?;
    let mut lost = BTreeSet::new();
    compare(
        document,
        document.response_schema(exchange),
        &received,
        &value,
        "",
        &mut lost,
    );
    if lost.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "decoded, but not losslessly: {}",
            lost.into_iter().collect::<Vec<_>>().join("; ")
        ))
    }
}

/// Records every value of `received` that the vendor declares and that
/// `decoded` (the SDK's value serialized back) dropped or changed. Keys the
/// schema does not declare are random extras Prism adds and any typed
/// client drops. Nulls count as absent; numbers are compared by value and
/// strings by what their format lets change ([`same_text`]), since their
/// spelling may change (`1.0`/`1`, `+00:00`/`Z`, a UUID's case). Without a schema, every key counts. Array items share
/// one path (`records[].id`), so a fault is reported once.
pub(super) fn compare(
    document: &Document,
    schema: Option<&Value>,
    received: &Value,
    decoded: &Value,
    path: &str,
    lost: &mut BTreeSet<String>,
) {
    match (received, decoded) {
        (Value::Null, _) => {}
        (Value::Object(r), Value::Object(d)) => {
            // A value of a union is of the branch it takes (the one its tag
            // names, else the first it fits): keys only the other branches
            // declare are extras to it.
            let held = schema.map(|s| document.held(s, received));
            for (key, value) in r {
                let sub = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let sub_schema = match held.as_ref().map(|h| h.declared(key)) {
                    None => None,
                    Some(Declared::Property(s) | Declared::Extra(s)) => Some(s),
                    Some(Declared::Undeclared) => continue,
                };
                match d.get(key) {
                    Some(got) => compare(document, sub_schema, value, got, &sub, lost),
                    None if value.is_null() => {}
                    None => {
                        lost.insert(format!("`{sub}` dropped"));
                    }
                }
            }
        }
        (Value::Array(r), Value::Array(d)) if r.len() == d.len() => {
            let items = schema.and_then(|s| document.items(s));
            for (a, b) in r.iter().zip(d) {
                compare(document, items, a, b, &format!("{path}[]"), lost);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (Value::String(a), Value::String(b))
            if same_text(schema.map(|s| document.resolve(s)), a, b) => {}
        (a, b) if a == b => {}
        (a, b) => {
            lost.insert(format!(
                "`{}` sent as {} but decoded as {}",
                if path.is_empty() { "." } else { path },
                truncate(&a.to_string()),
                truncate(&b.to_string())
            ));
        }
    }
}

/// Whether two spellings of a string value are the same value, by what
/// its schema's format lets change: a date-time is an instant (`+00:00` or
/// `Z`), a UUID is case-insensitive (RFC 9562), anything else is its text.
fn same_text(schema: Option<&Value>, a: &str, b: &str) -> bool {
    if a == b || same_instant(a, b) {
        return true;
    }
    let format = schema.and_then(|s| s["format"].as_str());
    format == Some("uuid")
        && crate::vendor::is_uuid(a)
        && crate::vendor::is_uuid(b)
        && a.eq_ignore_ascii_case(b)
}

fn same_instant(a: &str, b: &str) -> bool {
    match (
        chrono::DateTime::parse_from_rfc3339(a),
        chrono::DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
