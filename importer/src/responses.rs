//! Answers and errors: statuses, media types and declared headers.

use serde_json::Value;

use crate::Importer;
use crate::doc::{self, entries, flag, str_of};
use crate::out::Node;
use sdkgen::wire::{NO_CONTENT_STATUSES, reads_as_json};

/// What an answer's body is, as far as the spec's one-body-kind rule goes.
#[derive(Clone, PartialEq, Debug)]
enum Body {
    None,
    Json(String),
    Text,
    Binary,
}

impl Importer<'_> {
    /// The `responses` and `errors` of the operation at `pointer`.
    pub fn responses(&mut self, pointer: &str, op: &Value, context: &str) -> (Node, Node) {
        let mut successes: Vec<(String, Node, Body)> = Vec::new();
        let mut errors = Node::map();
        let responses_at = doc::child(pointer, "responses");
        let all: Vec<(String, Value)> = op
            .get("responses")
            .and_then(Value::as_object)
            .map(entries)
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.to_owned(), v.clone()))
            .collect();
        let success_count = all
            .iter()
            .filter(|(s, _)| s.starts_with(['2', '3']))
            .count();
        for (status, response) in &all {
            let at = doc::child(&responses_at, status);
            let response = match self.doc.deref(&at, response) {
                Ok((_, r)) => r.clone(),
                Err(e) => {
                    self.report.add(&at, format!("{e}: answer left out"));
                    continue;
                }
            };
            let success = status.starts_with(['2', '3']);
            let error = status.starts_with(['4', '5']) || status == "default";
            if !success && !error {
                self.report
                    .add(&at, format!("status `{status}` is not supported: left out"));
                continue;
            }
            let status_key = match status.as_str() {
                "2XX" | "2xx" | "3XX" | "3xx" => {
                    self.report.add(
                        &at,
                        format!("status range `{status}` as an answer: read as `default`"),
                    );
                    "default".to_owned()
                }
                "default" => "default".to_owned(),
                s => s.to_ascii_uppercase(),
            };
            let suffix = if (success && success_count > 1) || error {
                status.to_ascii_uppercase()
            } else {
                String::new()
            };
            let name_context = if success {
                format!("{context}Response{suffix}")
            } else {
                format!(
                    "{context}Error{}",
                    if status == "default" {
                        String::new()
                    } else {
                        suffix
                    }
                )
            };
            let no_content = status
                .parse::<u16>()
                .is_ok_and(|s| NO_CONTENT_STATUSES.contains(&s));
            let (body, media) = if no_content {
                self.no_content(&at, &response, status);
                (Body::None, None)
            } else {
                self.answer_body(&at, &response, &name_context, error)
            };
            if error {
                let value = match body {
                    Body::Json(t) if self.is_named_type(&t) => Node::Str(t),
                    Body::Json(t) => {
                        self.report.add(&at, format!("an error body of type `{t}` (not a named type) is not decoded: `ApiError` keeps the raw body"));
                        Node::Null
                    }
                    Body::None => Node::Null,
                    Body::Text | Body::Binary => {
                        self.report.add(&at, "an error body that is not JSON is not decoded: `ApiError` keeps the raw body");
                        Node::Null
                    }
                };
                errors.set(&status_key, value);
                continue;
            }
            let headers = self.headers(&at, &response);
            let short =
                headers.len() == 0 && media.is_none() && str_of(&response, "description").is_none();
            let node = match (&body, short) {
                (Body::None, true) => Node::Null,
                (Body::Json(t), true) => Node::Str(t.clone()),
                _ => {
                    let mut long = Node::map();
                    match &body {
                        Body::None => long.set("type", Node::Null),
                        Body::Json(t) => long.set("type", Node::Str(t.clone())),
                        Body::Text => long.set("type", Node::str("string")),
                        Body::Binary => long.set("type", Node::str("binary")),
                    }
                    if let Some(m) = media {
                        long.set("content_type", m);
                    }
                    if headers.len() > 0 {
                        long.set("headers", headers);
                    }
                    if let Some(d) = str_of(&response, "description")
                        .map(str::trim)
                        .filter(|d| !d.is_empty())
                    {
                        long.set("description", Node::str(d));
                    }
                    long
                }
            };
            successes.push((status_key, node, body));
        }
        (self.one_body_kind(&responses_at, successes), errors)
    }

    /// Keeps the answers the spec can return from one method: every
    /// bodiless one and those whose body is the first answer's.
    fn one_body_kind(&mut self, at: &str, successes: Vec<(String, Node, Body)>) -> Node {
        let mut out = Node::map();
        let first = successes
            .iter()
            .find(|(_, _, b)| *b != Body::None)
            .map(|(_, _, b)| b.clone());
        for (status, node, body) in successes {
            let keep = match (&first, &body) {
                (_, Body::None) if status == "default" && first.is_some() => false,
                (_, Body::None) => true,
                (Some(f), b) => f == b,
                (None, _) => true,
            };
            if keep {
                out.set(&status, node);
            } else {
                self.report.add(&doc::child(at, &status), format!("answer `{status}` has another body than the method's first answer, and a method returns one type: left out (the call fails with its status)"));
            }
        }
        if out.len() == 0 {
            self.report.add(
                at,
                "no success answer declared: any 2xx is accepted without a body (`default: ~`)",
            );
            out.set("default", Node::Null);
        }
        out
    }

    /// Reports the content an answer of a status that has none declares.
    fn no_content(&mut self, at: &str, response: &Value, status: &str) {
        if response
            .get("content")
            .and_then(Value::as_object)
            .is_some_and(|c| !c.is_empty())
        {
            self.report.add(
                &doc::child(at, "content"),
                format!("a `{status}` answer has no content in HTTP (RFC 9110), whatever it declares: read as bodiless"),
            );
        }
    }

    /// The body of an answer and the media types to declare.
    fn answer_body(
        &mut self,
        at: &str,
        response: &Value,
        context: &str,
        error: bool,
    ) -> (Body, Option<Node>) {
        let content: Vec<(String, Value)> = response
            .get("content")
            .and_then(Value::as_object)
            .map(entries)
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.to_owned(), v.clone()))
            .collect();
        if content.is_empty() {
            return (Body::None, None);
        }
        if let Some((media, item)) = content.iter().find(|(m, _)| reads_as_json(m)) {
            for (other, _) in content.iter().filter(|(m, _)| m != media) {
                self.report.add(
                    &doc::child(&doc::child(at, "content"), other),
                    format!("the answer may also come as `{other}`; the SDK asks for `{media}`"),
                );
            }
            let schema_at = doc::child(&doc::child(&doc::child(at, "content"), media), "schema");
            let Some(schema) = item.get("schema") else {
                return (Body::None, None);
            };
            let t = self.ty(&schema_at, schema, context, false);
            if t.expr == "binary" {
                return (Body::Binary, Some(Node::str(media.clone())));
            }
            let declared = (media != "application/json" && media != "*/*" && !error)
                .then(|| Node::str(media.clone()));
            return (Body::Json(t.expr), declared);
        }
        if error {
            return (Body::Binary, None);
        }
        let texts: Vec<&String> = content
            .iter()
            .map(|(m, _)| m)
            .filter(|m| m.starts_with("text/"))
            .collect();
        let string_schema = |m: &String| {
            content
                .iter()
                .find(|(x, _)| x == m)
                .and_then(|(_, i)| i.get("schema"))
                .is_none_or(|s| str_of(s, "format") != Some("binary"))
        };
        if texts.len() == content.len() && texts.iter().all(|m| string_schema(m)) {
            return (Body::Text, Some(media_list(&texts)));
        }
        let medias: Vec<&String> = content.iter().map(|(m, _)| m).collect();
        for m in medias.iter().filter(|m| m.starts_with("multipart/")) {
            self.report.add(
                &doc::child(&doc::child(at, "content"), m),
                format!("a `{m}` answer is returned as raw bytes (its parts are not split)"),
            );
        }
        (Body::Binary, Some(media_list(&medias)))
    }

    /// The declared headers of an answer.
    fn headers(&mut self, at: &str, response: &Value) -> Node {
        let mut out = Node::map();
        let mut seen: Vec<String> = Vec::new();
        for (name, header) in response
            .get("headers")
            .and_then(Value::as_object)
            .map(entries)
            .into_iter()
            .flatten()
        {
            let h_at = doc::child(&doc::child(at, "headers"), name);
            let Ok((_, header)) = self.doc.deref(&h_at, header).map(|(p, h)| (p, h.clone())) else {
                self.report
                    .add(&h_at, "a header `$ref` that names nothing: left out");
                continue;
            };
            if name.eq_ignore_ascii_case("content-type")
                || seen.contains(&name.to_ascii_lowercase())
            {
                continue;
            }
            seen.push(name.to_ascii_lowercase());
            let schema = header.get("schema").cloned().unwrap_or(Value::Null);
            let t = self.ty(
                &doc::child(&h_at, "schema"),
                &schema,
                &format!("{}Header", sdkgen::naming::camel(name)),
                false,
            );
            let simple = matches!(
                t.expr.as_str(),
                "string"
                    | "int32"
                    | "int64"
                    | "uint64"
                    | "int128"
                    | "integer"
                    | "float"
                    | "double"
                    | "number"
                    | "boolean"
                    | "date-time"
                    | "date"
                    | "uuid"
                    | "uri"
                    | "email"
            ) || self.defs.get(&t.expr).is_some_and(|d| d.section == "enums")
                || self.component_is_enum(&t.expr);
            if !simple {
                self.report.add(&h_at, format!("header `{name}` of type `{}` (only text, numbers, booleans and enums are decoded): left out", t.expr));
                continue;
            }
            let mut h = Node::map();
            h.set("type", Node::Str(t.expr));
            if flag(&header, "required") {
                h.set("required", Node::Raw("true".into()));
            }
            if let Some(d) = str_of(&header, "description")
                .map(str::trim)
                .filter(|d| !d.is_empty())
            {
                h.set("description", Node::str(d));
            }
            out.set(name, h);
        }
        out
    }
}

/// One media type, or a list of them.
fn media_list(medias: &[&String]) -> Node {
    match medias {
        [one] => Node::str((*one).clone()),
        many => Node::List(many.iter().map(|m| Node::str((*m).clone())).collect()),
    }
}
