//! The canary: a request that breaks the document, sent by hand before any
//! operation is checked. Prism must refuse it with a violation naming what
//! is wrong, or the run stops: a judge that accepts everything proves
//! nothing.
//!
//! An API's entry in the facts file may give its canary; otherwise one is
//! built from the document, so a document the run has never seen is judged
//! the same way: an operation with a required query parameter called without
//! it, or else one whose JSON or form body has required properties called
//! with an empty one. The credentials its security asks for are sent with it, so the
//! refusal is for the broken input and not for a missing key.

use std::collections::BTreeMap;

use sdkgen::wire::MediaKind;
use serde_json::Value;

use crate::apis::{ApiData, Canary};
use crate::call::Inputs;
use crate::check::Targets;
use crate::recorder::Exchange;
use crate::synth::{self, Operation};
use crate::vendor::Document;

/// Placeholder secret sent for every scheme: Prism checks only that
/// credentials are present.
const SECRET: &str = "c2RrZ2VuLWNhbmFyeQ";

/// `user:password` for HTTP basic, base64 (`sdkgen:canary`): Prism checks
/// that the credentials decode to a user and a password.
const BASIC: &str = "c2RrZ2VuOmNhbmFyeQ==";

/// Sends the API's canary (given, or built from the document) through the
/// strict relay and checks that Prism refused it for the right reason.
pub async fn check(
    targets: &Targets<'_>,
    api: &str,
    document: &Document,
    data: &ApiData,
) -> Result<(), String> {
    let canary = match &data.canary {
        Some(given) => given.clone(),
        None => derive(document).ok_or_else(|| {
            format!(
                "{api}: the document has no operation with a required query parameter or \
                 required body property to build a canary from; give one under `canary` in \
                 the facts file"
            )
        })?,
    };
    send(targets, api, &canary).await
}

/// A canary built from the document: the first operation, in document
/// order, that can be called without a required input and whose security
/// can be met by headers or the query.
pub fn derive(document: &Document) -> Option<Canary> {
    let operations = synth::operations(document);
    let candidates = operations
        .iter()
        .filter_map(|op| Some((op, credentials(document, op)?)));
    let mut by_body = None;
    for (op, (headers, query)) in candidates {
        let inputs = synth::inputs(document, op, Inputs::Required, synth::Choices::default());
        let path = fill_path(op.path, &inputs["path"]);
        // `METHOD path?query`: the credentials' pairs, then the operation's
        // required query inputs but `left_out`.
        let request = |left_out: Option<&str>| {
            let mut pairs = query.clone();
            for (key, value) in inputs["query"].as_object().into_iter().flatten() {
                if Some(key.as_str()) != left_out {
                    pairs.push(format!("{}={}", encode(key), encode(&scalar(value))));
                }
            }
            format!(
                "{} {}",
                op.method.to_ascii_uppercase(),
                with_query(&path, &pairs)
            )
        };
        if let Some(name) = required_query(op) {
            return Some(Canary {
                request: request(Some(&name)),
                body: Value::Null,
                media_type: None,
                headers,
                refused_for: name,
            });
        }
        if by_body.is_none() {
            if let Some((name, media_type, body)) = without_required_property(document, op) {
                by_body = Some(Canary {
                    request: request(None),
                    body,
                    media_type: Some(media_type),
                    headers,
                    refused_for: name,
                });
            }
        }
    }
    by_body
}

/// The name of a required query parameter of `op`, if it has one.
fn required_query(op: &Operation<'_>) -> Option<String> {
    op.parameters
        .iter()
        .find(|p| p["in"] == "query" && p["required"] == true)
        .and_then(|p| p["name"].as_str().map(str::to_owned))
}

/// A body of `op` with every field but its first required one, that
/// property's name and the body's media type, when the body is a JSON
/// object or a form (both judged field by field). An optional body must
/// keep some other field: an empty one is no body at all, which is valid.
fn without_required_property(
    document: &Document,
    op: &Operation<'_>,
) -> Option<(String, String, Value)> {
    let body = document.resolve(op.op.get("requestBody")?);
    let (name, media_type) = body["content"]
        .as_object()?
        .iter()
        .filter(|(media_type, _)| {
            let kind = MediaKind::of(media_type);
            kind == MediaKind::Json || kind == MediaKind::Form
        })
        .find_map(|(media_type, media)| {
            let schema = document.resolve(media.get("schema")?);
            let name = schema["required"].as_array()?.first()?.as_str()?;
            Some((name.to_owned(), media_type.clone()))
        })?;
    let choices = synth::Choices {
        body_required: true,
        media_type: Some(&media_type),
    };
    let mut sent = synth::inputs(document, op, Inputs::Full, choices)["body"].take();
    let fields = sent.as_object_mut()?;
    fields.remove(&name);
    if fields.is_empty() && body["required"] != true {
        return None;
    }
    Some((name, media_type, sent))
}

/// Headers and query pairs that meet `op`'s security (its own, else the
/// document's): the first alternative whose schemes all go in a header or
/// the query. `None` when no alternative can be met that way.
fn credentials(
    document: &Document,
    op: &Operation<'_>,
) -> Option<(BTreeMap<String, String>, Vec<String>)> {
    let root = document.root();
    let security = op.op.get("security").or_else(|| root.get("security"));
    let Some(alternatives) = security.and_then(Value::as_array) else {
        return Some(Default::default());
    };
    if alternatives.is_empty() {
        return Some(Default::default());
    }
    'alternatives: for alternative in alternatives {
        let mut headers = BTreeMap::new();
        let mut query = Vec::new();
        for name in alternative
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            let scheme = document.resolve(&root["components"]["securitySchemes"][name]);
            match (
                scheme["type"].as_str(),
                scheme["scheme"].as_str().map(str::to_ascii_lowercase),
            ) {
                (Some("http"), Some(s)) if s == "basic" => {
                    headers.insert("Authorization".to_owned(), format!("Basic {BASIC}"));
                }
                (Some("http"), Some(s)) if s == "bearer" => {
                    headers.insert("Authorization".to_owned(), format!("Bearer {SECRET}"));
                }
                (Some("oauth2" | "openIdConnect"), _) => {
                    headers.insert("Authorization".to_owned(), format!("Bearer {SECRET}"));
                }
                (Some("apiKey"), _) => {
                    let Some(key) = scheme["name"].as_str() else {
                        continue 'alternatives;
                    };
                    match scheme["in"].as_str() {
                        Some("header") => {
                            headers.insert(key.to_owned(), SECRET.to_owned());
                        }
                        Some("query") => query.push(format!("{}={SECRET}", encode(key))),
                        Some("cookie") => {
                            headers.insert("Cookie".to_owned(), format!("{key}={SECRET}"));
                        }
                        _ => continue 'alternatives,
                    }
                }
                _ => continue 'alternatives,
            }
        }
        return Some((headers, query));
    }
    None
}

/// `template` with each `{name}` replaced by its encoded value.
fn fill_path(template: &str, values: &Value) -> String {
    let mut path = template.to_owned();
    for (name, value) in values.as_object().into_iter().flatten() {
        path = path.replace(&format!("{{{name}}}"), &encode(&scalar(value)));
    }
    path
}

fn with_query(path: &str, pairs: &[String]) -> String {
    if pairs.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", pairs.join("&"))
    }
}

/// A value as it goes in a path or query: strings bare, the rest as JSON.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Percent-encodes everything but unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Sends `canary` by hand through the strict relay; it must come back
/// rejected with an `sl-violations` header naming what is wrong.
async fn send(targets: &Targets<'_>, api: &str, canary: &Canary) -> Result<(), String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = targets.strict.url.trim_start_matches("http://");
    let headers: String = canary
        .headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    let media_type = canary.media_type.as_deref().unwrap_or("application/json");
    let body = match &canary.body {
        Value::Null => String::new(),
        Value::Object(fields) if MediaKind::of(media_type) == MediaKind::Form => fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(&scalar(v))))
            .collect::<Vec<_>>()
            .join("&"),
        json => json.to_string(),
    };
    let content_type = if canary.body.is_null() {
        String::new()
    } else {
        format!("Content-Type: {media_type}\r\n")
    };
    let request = format!(
        "{} HTTP/1.1\r\nHost: {address}\r\n{headers}{content_type}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        canary.request,
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .map_err(|e| format!("canary: {e}"))?;
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| format!("canary: {e}"))?;
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .await
        .map_err(|e| format!("canary: {e}"))?;
    let exchanges = targets.strict.take();
    match exchanges.as_slice() {
        [e] if (400..500).contains(&e.status) && names(e, &canary.refused_for) => Ok(()),
        other => {
            let seen: Vec<String> = other
                .iter()
                .map(|e| {
                    format!(
                        "{} with violations {:?}: {}",
                        e.status,
                        e.violations,
                        String::from_utf8_lossy(&e.response_body)
                    )
                })
                .collect();
            Err(format!(
                "canary of {api}: Prism did not refuse `{}` (headers {:?}) for `{}`, which breaks \
                 the document, so it may not be judging requests; it answered: {}",
                canary.request,
                canary.headers.keys().collect::<Vec<_>>(),
                canary.refused_for,
                seen.join("; ")
            ))
        }
    }
}

/// Whether Prism's verdict on `exchange` names `what`: in its
/// `sl-violations` header, or, when the document declares no answer for an
/// invalid request, in the `validation` list of Prism's own 422. Prism
/// lower-cases the names of query parameters there, so case is ignored.
fn names(exchange: &Exchange, what: &str) -> bool {
    let reported = match &exchange.violations {
        Some(header) => header.clone(),
        None if exchange.status == 422 => {
            let body: Value = serde_json::from_slice(&exchange.response_body).unwrap_or_default();
            body["validation"].to_string()
        }
        None => return false,
    };
    reported
        .to_ascii_lowercase()
        .contains(&what.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(paths: Value) -> Document {
        Document::from_value(json!({
            "openapi": "3.0.3",
            "components": {"securitySchemes": {
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                "sig": {"type": "http", "scheme": "digest"}
            }},
            "security": [{"sig": []}, {"key": []}],
            "paths": paths
        }))
    }

    #[test]
    fn a_required_query_parameter_is_left_out_with_the_credentials_sent() {
        let doc = document(json!({
            "/a/{id}": {"get": {"operationId": "a", "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "example": "x y"}},
                {"name": "since", "in": "query", "required": true, "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "required": true, "schema": {"type": "integer", "example": 5}}
            ]}}
        }));
        let canary = derive(&doc).unwrap();
        assert_eq!(canary.request, "GET /a/x%20y?limit=5");
        assert_eq!(canary.refused_for, "since");
        assert!(canary.body.is_null());
        // The digest alternative cannot be sent by hand; the key can.
        assert_eq!(
            canary.headers.get("X-Key").map(String::as_str),
            Some(SECRET)
        );
    }

    #[test]
    fn a_json_body_missing_its_required_property_when_no_query_is_required() {
        let doc = document(json!({
            "/b": {"post": {"operationId": "b", "security": [], "requestBody": {"required": true, "content": {
                "application/json": {"schema": {"type": "object", "required": ["amount"],
                    "properties": {"amount": {"type": "integer"}}}}
            }}}}
        }));
        let canary = derive(&doc).unwrap();
        assert_eq!(canary.request, "POST /b");
        assert_eq!(canary.body, json!({}));
        assert_eq!(canary.refused_for, "amount");
        assert!(canary.headers.is_empty());
    }

    #[test]
    fn the_verdict_is_read_from_the_header_or_prisms_own_422() {
        let exchange = |status, violations: Option<&str>, body: &str| Exchange {
            meant: None,
            method: "GET".into(),
            target: "/a".into(),
            request_body: Vec::new(),
            status,
            violations: violations.map(str::to_owned),
            response_body: body.as_bytes().to_vec(),
        };
        let own = r#"{"validation":[{"message":"must have required property 'sessionresult'"}]}"#;
        assert!(names(&exchange(422, None, own), "sessionResult"));
        assert!(names(
            &exchange(400, Some("[{\"message\":\"quantity\"}]"), "{}"),
            "quantity"
        ));
        assert!(!names(
            &exchange(401, None, r#"{"detail":"sessionResult"}"#),
            "sessionResult"
        ));
        assert!(!names(&exchange(422, None, own), "amount"));
    }

    #[test]
    fn a_form_body_counts_too() {
        let doc = document(json!({
            "/d": {"post": {"operationId": "d", "security": [], "requestBody": {"content": {
                "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["To"],
                    "properties": {"To": {"type": "string"}}}}
            }}}},
            "/c": {"post": {"operationId": "c", "security": [], "requestBody": {"content": {
                "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["To"],
                    "properties": {"To": {"type": "string"}, "Body": {"type": "string", "example": "hi"}}}}
            }}}}
        }));
        // `/d`'s body would be empty, which an optional body may be.
        let canary = derive(&doc).unwrap();
        assert_eq!(canary.request, "POST /c");
        assert_eq!(canary.body, json!({"Body": "hi"}));
        assert_eq!(canary.refused_for, "To");
        assert_eq!(
            canary.media_type.as_deref(),
            Some("application/x-www-form-urlencoded")
        );
    }

    #[test]
    fn no_canary_when_nothing_is_required() {
        let doc = document(json!({"/c": {"get": {"operationId": "c"}}}));
        assert!(derive(&doc).is_none());
    }
}
