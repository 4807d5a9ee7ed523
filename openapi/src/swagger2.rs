//! A Swagger 2.0 document converted to OpenAPI 3.0 before it is read, so
//! that every later step (bundling, the importer, the contract run) knows
//! one format. Many public APIs still publish 2.0 (Kubernetes, Netlify,
//! Slack), and the two say the same things in different places:
//!
//! - `host`, `basePath` and `schemes` become one server (`https` first);
//! - `definitions`, `parameters`, `responses` and `securityDefinitions`
//!   move under `components` (references to them with them);
//! - a `body` parameter becomes the request body, `formData` parameters a
//!   form or multipart body with a property each, sent as the operation's
//!   (or the document's) `consumes` lists; answers carry their schema under
//!   each media type of `produces`;
//! - a parameter's type and constraints move into its `schema`, and its
//!   `collectionFormat` becomes `style` and `explode` (2.0's default, `csv`,
//!   is one comma-joined value: `explode: false` in a query);
//! - in schemas, `x-nullable: true` becomes `nullable: true`, `type: file`
//!   a binary string, and a `discriminator` property name the 3.0 object.
//!
//! What 3.0 (or the SDK) has no place for is a notice at the pointer of
//! the converted document: a `tsv` list, a form field's `collectionFormat`
//! other than `multi`, an operation's own `schemes`, an answer's example
//! for a media type it is not produced as. A `$ref` to another file is followed as it is written: that
//! file is read as a part of an OpenAPI 3 document.

use serde_json::{Map, Value, json};

use crate::load::Notice;

mod schemas;

use schemas::{local_refs, schema_of, schemas};

/// Keys of a 2.0 parameter that describe its value: its schema in 3.0.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// Whether `root` is a Swagger 2.0 document.
pub fn is_swagger2(root: &Value) -> bool {
    root.get("swagger")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("2."))
}

/// `root`, a Swagger 2.0 document, as the OpenAPI 3.0 document that says
/// the same, with notices of what has no place there.
pub fn convert(root: &Value) -> (Value, Vec<Notice>) {
    let mut c = Converter {
        root,
        notices: vec![Notice {
            pointer: "#".into(),
            message: "a Swagger 2.0 document, converted to OpenAPI 3.0 first: the pointers of the findings are the converted document's (`#/definitions/Pet` is `#/components/schemas/Pet`, a `body` parameter the operation's `requestBody`)".into(),
        }],
    };
    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    for (key, value) in root.as_object().into_iter().flatten() {
        match key.as_str() {
            "swagger"
            | "host"
            | "basePath"
            | "schemes"
            | "consumes"
            | "produces"
            | "definitions"
            | "parameters"
            | "responses"
            | "securityDefinitions"
            | "paths" => {}
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    out.insert("servers".into(), c.servers());
    let mut components = Map::new();
    if let Some(definitions) = root.get("definitions") {
        components.insert("schemas".into(), schemas(definitions));
    }
    let parameters: Map<String, Value> = root
        .get("parameters")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, p)| !is_body_part(p))
        .map(|(name, p)| {
            let at = format!("#/components/parameters/{}", crate::pointer::escape(name));
            (name.clone(), c.parameter(&at, p))
        })
        .collect();
    if !parameters.is_empty() {
        components.insert("parameters".into(), Value::Object(parameters));
    }
    if let Some(responses) = root.get("responses").and_then(Value::as_object) {
        let produces = media_types(root, None, "produces");
        let converted = responses
            .iter()
            .map(|(name, r)| {
                let at = format!("#/components/responses/{}", crate::pointer::escape(name));
                (name.clone(), c.response(&at, r, &produces))
            })
            .collect();
        components.insert("responses".into(), Value::Object(converted));
    }
    if let Some(schemes) = root.get("securityDefinitions").and_then(Value::as_object) {
        let converted = schemes
            .iter()
            .map(|(name, s)| (name.clone(), c.security_scheme(name, s)))
            .collect();
        components.insert("securitySchemes".into(), Value::Object(converted));
    }
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    // No `paths` stays none, which the reader refuses as for any document.
    if let Some(items) = root.get("paths").and_then(Value::as_object) {
        let paths = items
            .iter()
            .map(|(path, item)| (path.clone(), c.path_item(path, item)))
            .collect();
        out.insert("paths".into(), Value::Object(paths));
    }
    let mut converted = Value::Object(out);
    let definitions = root.get("definitions").and_then(Value::as_object);
    local_refs(&mut converted, &|name| {
        definitions.is_some_and(|d| d.contains_key(name))
    });
    (converted, c.notices)
}

struct Converter<'a> {
    root: &'a Value,
    notices: Vec<Notice>,
}

impl Converter<'_> {
    fn note(&mut self, pointer: String, message: impl Into<String>) {
        self.notices.push(Notice {
            pointer,
            message: message.into(),
        });
    }

    /// `{scheme}://{host}{basePath}`, `https` first; only the base path (a
    /// URL relative to where the document is served) without a `host`.
    fn servers(&mut self) -> Value {
        let host = self.root.get("host").and_then(Value::as_str);
        let base = self
            .root
            .get("basePath")
            .and_then(Value::as_str)
            .unwrap_or("");
        let schemes: Vec<&str> = self
            .root
            .get("schemes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let scheme = ["https", "http"]
            .into_iter()
            .find(|s| schemes.is_empty() || schemes.contains(s))
            .unwrap_or("https");
        match host {
            Some(host) => json!([{ "url": format!("{scheme}://{host}{base}") }]),
            None => json!([{ "url": if base.is_empty() { "/" } else { base } }]),
        }
    }

    fn path_item(&mut self, path: &str, item: &Value) -> Value {
        let at = format!("#/paths/{}", crate::pointer::escape(path));
        let shared: Vec<Value> = list(item.get("parameters"));
        let mut out = Map::new();
        for (key, value) in item.as_object().into_iter().flatten() {
            match key.as_str() {
                "parameters" => {}
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" => {
                    let op_at = format!("{at}/{key}");
                    out.insert(key.clone(), self.operation(&op_at, value, &shared));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        Value::Object(out)
    }

    /// An operation with the path item's parameters merged in (its own win,
    /// by name and place), the body ones made its request body.
    fn operation(&mut self, at: &str, op: &Value, shared: &[Value]) -> Value {
        let root = self.root;
        let own = list(op.get("parameters"));
        let key = |p: &Value| -> (String, String) {
            let p = resolve(root, p);
            (str_of(p, "name").to_owned(), str_of(p, "in").to_owned())
        };
        let own_keys: Vec<_> = own.iter().map(key).collect();
        let merged: Vec<Value> = shared
            .iter()
            .filter(|p| !own_keys.contains(&key(p)))
            .chain(&own)
            .cloned()
            .collect();
        let mut parameters = Vec::new();
        let mut body = None;
        let mut form = Vec::new();
        for (i, p) in merged.iter().enumerate() {
            let resolved = resolve(root, p);
            match str_of(resolved, "in") {
                "body" => body = Some(resolved.clone()),
                "formData" => {
                    // A list in a form body is sent one pair per item, as
                    // `multi` says; another `collectionFormat` is not kept.
                    let format = str_of(resolved, "collectionFormat");
                    if !format.is_empty() && format != "multi" {
                        self.note(
                            format!("{at}/parameters/{i}"),
                            format!("`collectionFormat: {format}` of form field `{}` is not kept: a list in a form body is sent one pair per item (`multi`)", str_of(resolved, "name")),
                        );
                    }
                    form.push(resolved.clone());
                }
                // A shared parameter stays a reference to its component.
                _ if p.get("$ref").is_some() => parameters.push(p.clone()),
                _ => parameters.push(self.parameter(&format!("{at}/parameters/{i}"), resolved)),
            }
        }
        let mut out = Map::new();
        for (key, value) in op.as_object().into_iter().flatten() {
            match key.as_str() {
                "parameters" | "consumes" | "produces" => {}
                "schemes" => self.note(
                    format!("{at}/schemes"),
                    "an operation's own `schemes` is not kept: it is called on the document's server",
                ),
                "responses" => {
                    let produces = media_types(root, Some(op), "produces");
                    let responses = value
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(status, r)| {
                            let r_at = format!("{at}/responses/{}", crate::pointer::escape(status));
                            (status.clone(), self.response(&r_at, r, &produces))
                        })
                        .collect();
                    out.insert(key.clone(), Value::Object(responses));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if !parameters.is_empty() {
            out.insert("parameters".into(), Value::Array(parameters));
        }
        let consumes = media_types(root, Some(op), "consumes");
        if let Some(b) = body {
            out.insert("requestBody".into(), body_from(&b, &consumes));
        } else if !form.is_empty() {
            out.insert("requestBody".into(), form_body(&form, &consumes));
        }
        Value::Object(out)
    }

    /// A query, path, header or cookie parameter, its value's keys in a schema.
    fn parameter(&mut self, at: &str, p: &Value) -> Value {
        let (mut out, schema) = split_value(p);
        if str_of(p, "type") == "array" {
            let format = p
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            let place = str_of(p, "in");
            let (style, explode) = match (format, place) {
                ("multi", _) => ("form", true),
                ("ssv", "query") => ("spaceDelimited", false),
                ("pipes", "query") => ("pipeDelimited", false),
                ("csv", "query") => ("form", false),
                ("csv", _) => ("simple", false),
                (other, _) => {
                    self.note(
                        at.to_owned(),
                        format!("`collectionFormat: {other}` has no OpenAPI 3 form in a {place} parameter: sent comma-joined (`csv`)"),
                    );
                    if place == "query" {
                        ("form", false)
                    } else {
                        ("simple", false)
                    }
                }
            };
            out.insert("style".into(), json!(style));
            out.insert("explode".into(), json!(explode));
        }
        out.insert("schema".into(), schema_of(Value::Object(schema)));
        Value::Object(out)
    }

    /// An answer: its schema (and examples) under each media type it may
    /// come as, its headers' types in schemas.
    fn response(&mut self, at: &str, r: &Value, produces: &[String]) -> Value {
        if r.get("$ref").is_some() {
            return r.clone();
        }
        let mut out = Map::new();
        for (key, value) in r.as_object().into_iter().flatten() {
            match key.as_str() {
                "schema" | "examples" => {}
                "headers" => {
                    let headers = value
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(name, h)| {
                            let (mut header, schema) = split_value(h);
                            header.insert("schema".into(), schema_of(Value::Object(schema)));
                            (name.clone(), Value::Object(header))
                        })
                        .collect();
                    out.insert(key.clone(), Value::Object(headers));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        out.entry("description").or_insert_with(|| json!(""));
        if let Some(schema) = r.get("schema") {
            let examples = r.get("examples").and_then(Value::as_object);
            for media in examples.into_iter().flatten().map(|(m, _)| m) {
                if !produces.contains(media) {
                    self.note(
                        format!("{at}/examples"),
                        format!(
                            "an example for `{media}`, which `produces` does not list: left out"
                        ),
                    );
                }
            }
            let content = produces
                .iter()
                .map(|media| {
                    let mut entry = Map::new();
                    entry.insert("schema".into(), schema_of(schema.clone()));
                    if let Some(example) = examples.and_then(|e| e.get(media)) {
                        entry.insert("example".into(), example.clone());
                    }
                    (media.clone(), Value::Object(entry))
                })
                .collect();
            out.insert("content".into(), Value::Object(content));
        }
        Value::Object(out)
    }

    fn security_scheme(&mut self, name: &str, s: &Value) -> Value {
        let at = format!(
            "#/components/securitySchemes/{}",
            crate::pointer::escape(name)
        );
        let mut out = Map::new();
        if let Some(d) = s.get("description") {
            out.insert("description".into(), d.clone());
        }
        match str_of(s, "type") {
            "basic" => {
                out.insert("type".into(), json!("http"));
                out.insert("scheme".into(), json!("basic"));
            }
            "oauth2" => {
                let flow = match str_of(s, "flow") {
                    "application" => "clientCredentials",
                    "accessCode" => "authorizationCode",
                    other => other,
                };
                let mut settings = Map::new();
                for key in ["authorizationUrl", "tokenUrl"] {
                    if let Some(v) = s.get(key) {
                        settings.insert(key.into(), v.clone());
                    }
                }
                settings.insert(
                    "scopes".into(),
                    s.get("scopes").cloned().unwrap_or(json!({})),
                );
                out.insert("type".into(), json!("oauth2"));
                out.insert("flows".into(), json!({ flow: settings }));
            }
            _ => {
                for (key, value) in s.as_object().into_iter().flatten() {
                    out.entry(key.clone()).or_insert_with(|| value.clone());
                }
                if str_of(s, "type") != "apiKey" {
                    self.note(
                        at,
                        format!(
                            "security type `{}` is not one Swagger 2.0 defines: kept as written",
                            str_of(s, "type")
                        ),
                    );
                }
            }
        }
        Value::Object(out)
    }
}

/// A parameter's (or a header's) own keys, and apart the keys of its value
/// ([`SCHEMA_KEYS`]), which 3.0 keeps in a `schema`. `collectionFormat` is
/// in neither: the caller makes it `style` and `explode`, or reports it.
fn split_value(p: &Value) -> (Map<String, Value>, Map<String, Value>) {
    let mut own = Map::new();
    let mut schema = Map::new();
    for (key, value) in p.as_object().into_iter().flatten() {
        if SCHEMA_KEYS.contains(&key.as_str()) {
            schema.insert(key.clone(), value.clone());
        } else if key != "collectionFormat" {
            own.insert(key.clone(), value.clone());
        }
    }
    (own, schema)
}

/// A `$ref` to the document's `parameters`, followed (a `body` one becomes
/// a request body, not a parameter); anything else as it is.
fn resolve<'v>(root: &'v Value, p: &'v Value) -> &'v Value {
    p.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/parameters/"))
        .and_then(|name| root.get("parameters")?.get(crate::pointer::unescape(name)))
        .unwrap_or(p)
}

fn str_of<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn list(v: Option<&Value>) -> Vec<Value> {
    v.and_then(Value::as_array).cloned().unwrap_or_default()
}

/// Whether a parameter is part of the request body (`body`, `formData`).
fn is_body_part(p: &Value) -> bool {
    matches!(str_of(p, "in"), "body" | "formData")
}

/// The media types of an operation's `consumes` or `produces` (`key`),
/// else the document's, else JSON.
fn media_types(root: &Value, op: Option<&Value>, key: &str) -> Vec<String> {
    let listed: Vec<String> = op
        .and_then(|op| op.get(key))
        .or_else(|| root.get(key))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    if listed.is_empty() {
        vec!["application/json".to_owned()]
    } else {
        listed
    }
}

/// The request body of a `body` parameter, under each media type it may be sent as.
fn body_from(p: &Value, consumes: &[String]) -> Value {
    let schema = schema_of(p.get("schema").cloned().unwrap_or(json!({})));
    let content: Map<String, Value> = consumes
        .iter()
        .map(|media| (media.clone(), json!({ "schema": schema })))
        .collect();
    let mut out = Map::new();
    if let Some(d) = p.get("description") {
        out.insert("description".into(), d.clone());
    }
    out.insert(
        "required".into(),
        json!(p.get("required").and_then(Value::as_bool).unwrap_or(false)),
    );
    out.insert("content".into(), Value::Object(content));
    Value::Object(out)
}

/// The request body of `formData` parameters: an object of a property per
/// parameter, multipart when one is a file or `consumes` asks for it,
/// else URL-encoded.
fn form_body(params: &[Value], consumes: &[String]) -> Value {
    let file = params.iter().any(|p| str_of(p, "type") == "file");
    let media = if file
        || consumes
            .iter()
            .any(|m| m.starts_with("multipart/form-data"))
    {
        "multipart/form-data"
    } else {
        "application/x-www-form-urlencoded"
    };
    let mut properties = Map::new();
    let mut required = Vec::new();
    for p in params {
        let (own, mut schema) = split_value(p);
        if let Some(d) = own.get("description") {
            schema.insert("description".into(), d.clone());
        }
        properties.insert(
            str_of(p, "name").to_owned(),
            schema_of(Value::Object(schema)),
        );
        if p.get("required").and_then(Value::as_bool) == Some(true) {
            required.push(json!(str_of(p, "name")));
        }
    }
    let mut schema = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    let required = schema.get("required").is_some();
    json!({ "required": required, "content": { media: { "schema": schema } } })
}

#[cfg(test)]
#[path = "swagger2_tests.rs"]
mod tests;
