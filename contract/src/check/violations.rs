//! What an exchange says about itself: the violations Prism lists in its
//! `sl-violations` header or its own 422 body, whether an answer provably
//! breaks the document's schema, and short forms of bodies for messages.

use serde_json::Value;

use crate::recorder::Exchange;
use crate::vendor::Document;

/// Whether the answer provably breaks the document's own response schema.
pub(super) fn breaks_schema(document: &Document, exchange: &Exchange) -> bool {
    let Ok(received) = serde_json::from_slice::<Value>(&exchange.response_body) else {
        return false;
    };
    document
        .response_schema(exchange)
        .is_some_and(|schema| document.rejects(&received, schema))
}

/// Where the answer's discriminator names a branch its value does not fit.
pub(super) fn broken_tag(document: &Document, exchange: &Exchange) -> Option<String> {
    let received: Value = serde_json::from_slice(&exchange.response_body).ok()?;
    let schema = document.response_schema(exchange)?;
    // Its paths already pool array items as `[]`.
    document.broken_discriminator(&received, schema, "", 0)
}

/// When an answer is Prism's own HTTP 500 (its problem type under
/// `https://stoplight.io/prism/errors#`: its random data generator throwing
/// a `TypeError`, a local reference it cannot follow, a media type it
/// cannot generate), the first line of Prism's title: Prism failed, and
/// the API gave no answer.
pub(super) fn prism_failure(exchange: &Exchange) -> Option<String> {
    if exchange.status != 500 {
        return None;
    }
    let body: Value = serde_json::from_slice(&exchange.response_body).ok()?;
    let kind = body["type"].as_str()?;
    kind.starts_with("https://stoplight.io/prism/errors#")
        .then(|| {
            let title = body["title"].as_str().unwrap_or(kind);
            truncate(title.lines().next().unwrap_or(title))
        })
}

/// Messages of the violations Prism found in its own answer.
pub(super) fn response_violations(exchange: &Exchange) -> Vec<String> {
    violation_list(exchange)
        .iter()
        .filter(|v| v["location"][0] == "response")
        .map(describe)
        .collect()
}

/// Prism's `sl-violations` header, parsed.
pub(super) fn violation_list(exchange: &Exchange) -> Vec<Value> {
    let Some(header) = &exchange.violations else {
        return Vec::new();
    };
    // Prism cuts a long list short after this prefix; what it kept still
    // says where the violations are.
    if let Some(rest) = header.strip_prefix("Too many violations!") {
        if let Ok(Value::Array(list)) = serde_json::from_str::<Value>(rest.trim()) {
            return list;
        }
        if !rest.contains(r#""location":["request""#) {
            return vec![
                serde_json::json!({"location": ["response"], "code": "many", "message": format!("too many violations, all in the response: {}", truncate(rest))}),
            ];
        }
    }
    match serde_json::from_str::<Value>(header) {
        Ok(Value::Array(list)) => list,
        _ => vec![
            serde_json::json!({"location": ["request"], "code": "unreadable", "message": format!("unreadable sl-violations header: {header}")}),
        ],
    }
}

/// The path a Prism violation names (`["request", "body", "to", "0"]`);
/// empty when it names none.
pub(super) fn location(v: &Value) -> Vec<&str> {
    v["location"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

pub(super) fn describe(v: &Value) -> String {
    let at = location(v);
    format!(
        "{} at {} ({})",
        v["message"].as_str().unwrap_or("?"),
        at.join("."),
        v["code"].as_str().unwrap_or("?")
    )
}

pub(super) fn body_of(exchange: &Exchange) -> String {
    truncate(&String::from_utf8_lossy(&exchange.response_body))
}

pub(super) fn truncate(text: &str) -> String {
    const LIMIT: usize = 400;
    match text.char_indices().nth(LIMIT) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

/// When a violation is of a path parameter the operation the call meant
/// does not have (Prism took the path for another template): the name of
/// that parameter.
pub(super) fn twin_template<'v>(
    document: &Document,
    exchange: &Exchange,
    violation: &'v Value,
) -> Option<&'v str> {
    let name = violation["location"][2].as_str()?;
    let ["request", "path", _] = location(violation).as_slice() else {
        return None;
    };
    let matched = document.operation_of(exchange)?;
    let own = matched
        .template
        .split('{')
        .skip(1)
        .filter_map(|p| p.split('}').next())
        .any(|p| p.eq_ignore_ascii_case(name));
    // Prism checks the path parameters of the template it matched; one the
    // called operation's template lacks shows Prism matched another (it
    // routes without regard to formats, so `/Contacts/SB2` is taken as
    // `/Contacts/{ContactID}` even where a uuid format tells them apart).
    (!own).then_some(name)
}
