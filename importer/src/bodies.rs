//! Request bodies by media type: JSON, urlencoded forms, multipart with
//! file parts, text and raw binary.

use std::collections::BTreeSet;

use sdkgen::naming;
use serde_json::{Map, Value};

use crate::Importer;
use crate::doc::{self, entries, flag, str_of};
use crate::out::Node;
use crate::rename::{self, Case};
use sdkgen::wire::MediaKind;

/// Whether a property holds a file (raw bytes, or a list of them).
fn is_file(schema: &Value) -> bool {
    str_of(schema, "format") == Some("binary")
        || schema
            .get("items")
            .is_some_and(|i| str_of(i, "format") == Some("binary"))
}

impl Importer<'_> {
    /// The spec `body` of the request body at `pointer`.
    pub fn body(
        &mut self,
        pointer: &str,
        body: &Value,
        context: &str,
        rust_names: &mut BTreeSet<String>,
    ) -> Option<Node> {
        let (_, body) = match self.doc.deref(pointer, body) {
            Ok(b) => b,
            Err(e) => {
                self.report.add(pointer, format!("{e}: body left out"));
                return None;
            }
        };
        let body = body.clone();
        let content = body
            .get("content")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mut medias: Vec<(&str, &Value)> = entries(&content).collect();
        medias.sort_by_key(|(m, _)| MediaKind::of(m));
        let Some(&(media, content_item)) = medias.first() else {
            self.report
                .add(pointer, "a request body without `content`: left out");
            return None;
        };
        for (other, _) in medias.iter().skip(1) {
            self.report.add(
                &doc::child(&doc::child(pointer, "content"), other),
                format!("the body may also be sent as `{other}`; the SDK sends `{media}`"),
            );
        }
        let content_at = doc::child(&doc::child(pointer, "content"), media);
        let schema_at = doc::child(&content_at, "schema");
        let schema = content_item.get("schema").cloned().unwrap_or(Value::Null);
        let mut node = Node::map();
        let kind = MediaKind::of(media);
        // `*/*` says nothing of what is sent, and is no `Content-Type` a
        // request can carry: a schema of raw bytes goes as
        // `application/octet-stream`, any other as JSON, as it is read.
        let mut media = media;
        if sdkgen::wire::essence(media) == "*/*" {
            let raw = self.doc.deref(&schema_at, &schema).is_ok_and(|(_, s)| {
                str_of(s, "format") == Some("binary")
                    && crate::types::base_type(s).0.as_deref() == Some("string")
            });
            media = if raw {
                "application/octet-stream"
            } else {
                "application/json"
            };
            self.report.add(
                &content_at,
                format!("a body of any media type (`*/*`): sent as `{media}`"),
            );
            if raw {
                node.set("type", Node::str("binary"));
            }
        }
        match kind {
            _ if node.has("type") => {}
            MediaKind::Json | MediaKind::JsonLike => {
                let t = self.ty(&schema_at, &schema, &format!("{context}Request"), false);
                if t.expr == "binary" {
                    self.report.add(
                        &schema_at,
                        "raw bytes as a JSON body: sent as any JSON value",
                    );
                }
                node.set("type", Node::Str(t.expr.replace("binary", "any")));
            }
            MediaKind::Form => {
                let t = self.ty(&schema_at, &schema, &format!("{context}Request"), false);
                node.set("type", Node::Str(t.expr));
            }
            MediaKind::Multipart | MediaKind::OtherMultipart => {
                let required_files = self.multipart(
                    &schema_at,
                    content_item,
                    &schema,
                    context,
                    &mut node,
                    rust_names,
                );
                if !flag(&body, "required") {
                    for wire in required_files {
                        self.report.add(
                            &schema_at,
                            format!("the body is optional but requires file part `{wire}`: the method takes the file as an argument, so the body is always sent"),
                        );
                    }
                }
            }
            MediaKind::Text => node.set("type", Node::str("string")),
            _ => node.set("type", Node::str("binary")),
        }
        if media != "application/json" {
            node.set(
                "content_type",
                Node::str(media.split(';').next().unwrap_or(media).trim()),
            );
        }
        if !flag(&body, "required") {
            node.set("required", Node::Raw("false".into()));
        }
        if let Some(d) = str_of(&body, "description")
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            node.set("description", Node::str(d));
        }
        Some(node)
    }

    /// A multipart body: its file properties become `files`, the rest a
    /// model. Returns the wire names of the files it requires.
    fn multipart(
        &mut self,
        schema_at: &str,
        content_item: &Value,
        schema: &Value,
        context: &str,
        node: &mut Node,
        rust_names: &mut BTreeSet<String>,
    ) -> Vec<String> {
        let resolved = self
            .doc
            .deref(schema_at, schema)
            .map(|(_, s)| s.clone())
            .unwrap_or(Value::Null);
        // Every property, through `allOf` parts, with the required ones.
        let mut props: Vec<(String, Value)> = Vec::new();
        let mut required: BTreeSet<String> = BTreeSet::new();
        let mut parts = vec![resolved.clone()];
        while let Some(part) = parts.pop() {
            let part = match str_of(&part, "$ref").and_then(|r| self.doc.at(r)) {
                Some(t) => t.clone(),
                None => part,
            };
            parts.extend(
                part.get("allOf")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
            );
            required.extend(doc::required(&part).map(str::to_owned));
            for (k, v) in part
                .get("properties")
                .and_then(Value::as_object)
                .map(entries)
                .into_iter()
                .flatten()
            {
                if !props.iter().any(|(p, _)| p == k) {
                    props.push((k.to_owned(), v.clone()));
                }
            }
        }
        let files: Vec<&(String, Value)> = props.iter().filter(|(_, s)| is_file(s)).collect();
        if files.is_empty() {
            if props.is_empty() {
                self.report.add(schema_at, "a multipart body that is not an object: sent as one binary part is not supported; left as a model of no fields");
            }
            let t = self.ty(schema_at, schema, &format!("{context}Request"), false);
            node.set("type", Node::Str(t.expr));
            return Vec::new();
        }
        let fields: Vec<&(String, Value)> = props.iter().filter(|(_, s)| !is_file(s)).collect();
        if !fields.is_empty() {
            let mut synthetic = Map::new();
            synthetic.insert("type".into(), "object".into());
            let mut p = Map::new();
            for (k, v) in &fields {
                p.insert(k.as_str().into(), v.clone());
            }
            synthetic.insert("properties".into(), Value::Object(p));
            // Required names no property declares stay required: the model
            // carries them as fields of any value.
            let req: Vec<Value> = required
                .iter()
                .filter(|k| !files.iter().any(|(f, _)| f == *k))
                .map(|k| Value::from(k.as_str()))
                .collect();
            synthetic.insert("required".into(), Value::Array(req));
            if let Some(d) = resolved.get("description") {
                synthetic.insert("description".into(), d.clone());
            }
            let name = self.inline_type(
                schema_at,
                &Value::Object(synthetic),
                &format!("{context}Request"),
            );
            node.set("type", Node::Str(name));
        }
        let mut list = Vec::new();
        let mut required_files = Vec::new();
        for (wire, schema) in files {
            let mut f = Node::map();
            f.set("name", Node::str(wire.clone()));
            if required.contains(wire) {
                f.set("required", Node::Raw("true".into()));
                required_files.push(wire.clone());
            }
            if schema.get("items").is_some() {
                f.set("multiple", Node::Raw("true".into()));
            }
            let encoding = content_item
                .get("encoding")
                .and_then(|e| e.get(wire.as_str()))
                .and_then(|e| str_of(e, "contentType"));
            if let Some(ct) = encoding
                .and_then(|c| c.split(',').next())
                .map(str::trim)
                .filter(|c| !c.contains('*'))
            {
                f.set("content_type", Node::str(ct));
            }
            let plain = naming::snake(wire);
            let rust = rename::pick(
                rust_names,
                wire,
                plain.clone(),
                Case::Snake,
                &[format!("{plain}_file")],
                |n| !sdkgen::names::REQUEST_BUILDER.contains(&n),
            );
            if rust != plain {
                let at = doc::child(&doc::child(schema_at, "properties"), wire);
                rename::report(
                    &mut self.report,
                    &at,
                    wire,
                    &plain,
                    &rust,
                    "the method's parameters",
                );
                f.set("rust_name", Node::Str(rust));
            }
            if let Some(d) = str_of(schema, "description")
                .map(str::trim)
                .filter(|d| !d.is_empty())
            {
                f.set("description", Node::str(d));
            }
            list.push(f);
        }
        node.set("files", Node::List(list));
        required_files
    }
}
