//! Operations as spec methods: parameters, request bodies by media type,
//! answers and errors, grouped into a service per tag.

use std::collections::BTreeSet;

use sdkgen::naming;
use serde_json::Value;

use crate::defs::{describe, example};
use crate::doc::{self, flag, str_of};
use crate::out::Node;
use crate::rename::{self, Case};
use crate::types::{Shape, shape};
use crate::{Importer, Method};

impl Importer<'_> {
    /// The spec method for the operation at `pointer` (`#/paths/~1x/get`).
    pub fn method(
        &mut self,
        pointer: &str,
        path: &str,
        verb: &str,
        item: &Value,
        op: &Value,
        method_name: &str,
    ) -> Method {
        let mut node = Node::map();
        // Ids name the operation in errors, traces and the harness, across
        // every service: each is given once. A method without an id is known
        // by its name, which another service's method or id may have too.
        let id = match str_of(op, "operationId") {
            Some(id) if !self.operation_ids.contains(id) => id.to_owned(),
            declared => {
                let id = (1..)
                    .map(|n| match n {
                        1 => method_name.to_owned(),
                        n => format!("{method_name}_{n}"),
                    })
                    .find(|id| !self.operation_ids.contains(id))
                    .expect("some numbered id is free");
                if let Some(declared) = declared {
                    let known = match id == method_name {
                        true => format!("by its method name `{id}`"),
                        false => format!("as `{id}` (its method name is another's id)"),
                    };
                    self.report.add(
                        pointer,
                        format!("`operationId: {declared}` is an earlier operation's too (OpenAPI wants each once): this one is known {known}"),
                    );
                }
                id
            }
        };
        self.operation_ids.insert(id.clone());
        if str_of(op, "operationId") == Some(id.as_str()) || id != method_name {
            node.set("operation_id", Node::Str(id));
        }
        if let Some(s) = str_of(op, "summary")
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            node.set("summary", Node::str(s));
        }
        let mut description = str_of(op, "description")
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty());
        if flag(op, "deprecated") {
            description = Some(format!(
                "**Deprecated** by the API.{}",
                description.map(|d| format!("\n\n{d}")).unwrap_or_default()
            ));
        }
        if let Some(d) = description {
            node.set("description", Node::Str(d));
        }
        node.set("method", Node::Str(verb.to_ascii_uppercase()));
        let sent = self.sent_path(pointer, path);
        node.set("path", Node::str(&sent));
        let context = naming::camel(method_name);
        let mut rust_names: BTreeSet<String> = BTreeSet::new();
        let params = self.parameters(pointer, &sent, item, op, method_name, &mut rust_names);
        let query = params.clone();
        if params.len() > 0 {
            node.set("parameters", params);
        }
        if let Some(body) = op.get("requestBody") {
            if let Some(b) = self.body(
                &doc::child(pointer, "requestBody"),
                body,
                &context,
                &mut rust_names,
            ) {
                node.set("body", b);
            }
        }
        let (responses, errors) = self.responses(pointer, op, &context);
        let pagination = self.pagination(pointer, op, &query, &responses);
        node.set("responses", responses);
        if errors.len() > 0 {
            node.set("errors", errors);
        }
        if let Some(auth) = self.security.method_auth(pointer, op, &mut self.report) {
            node.set("auth", auth);
        }
        if let Some(group) = self.rate_groups.of(op) {
            node.set("rate_limit", Node::str(group));
        }
        if let Some((p, why)) = pagination {
            node.set_commented("pagination", p, Some(why));
        }
        Method {
            node,
            pointer: pointer.to_owned(),
        }
    }

    fn parameters(
        &mut self,
        pointer: &str,
        path: &str,
        item: &Value,
        op: &Value,
        method_name: &str,
        rust_names: &mut BTreeSet<String>,
    ) -> Node {
        // Path-level parameters apply unless the operation redefines the same name and location.
        let mut all: Vec<(String, Value)> = Vec::new();
        let item_pointer = pointer
            .rsplit_once('/')
            .map(|(p, _)| p.to_owned())
            .unwrap_or_default();
        for (base, list) in [
            (&item_pointer, item.get("parameters")),
            (&pointer.to_owned(), op.get("parameters")),
        ] {
            for (i, p) in list
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let at = doc::child(&doc::child(base, "parameters"), &i.to_string());
                match self.doc.deref(&at, p) {
                    Ok((_, resolved)) => {
                        let key = (
                            str_of(resolved, "name").unwrap_or_default().to_owned(),
                            str_of(resolved, "in").unwrap_or_default().to_owned(),
                        );
                        all.retain(|(_, q)| {
                            (
                                str_of(q, "name").unwrap_or_default(),
                                str_of(q, "in").unwrap_or_default(),
                            ) != (key.0.as_str(), key.1.as_str())
                        });
                        all.push((at, resolved.clone()));
                    }
                    Err(e) => self.report.add(&at, format!("{e}: parameter left out")),
                }
            }
        }
        self.match_path_parameters(pointer, path, &mut all);
        let mut list = Vec::new();
        for (at, p) in all {
            let name = str_of(&p, "name").unwrap_or_default().to_owned();
            let location = str_of(&p, "in").unwrap_or_default().to_owned();
            if location == "cookie"
                || (location == "header" && sdkgen::wire::sdk_header(&name).is_some())
            {
                let why = if location == "cookie" {
                    "cookie parameters are not supported"
                } else {
                    "the SDK sets this header itself"
                };
                self.report.add(
                    &at,
                    format!("parameter `{name}` in {location}: {why}; left out"),
                );
                continue;
            }
            let schema = p
                .get("schema")
                .cloned()
                .or_else(|| {
                    p.get("content")
                        .and_then(Value::as_object)
                        .and_then(|c| c.values().next())
                        .and_then(|m| m.get("schema"))
                        .cloned()
                })
                .unwrap_or(Value::Null);
            let schema_at = doc::child(&at, "schema");
            let resolved = self
                .doc
                .deref(&schema_at, &schema)
                .map(|(_, s)| s.clone())
                .unwrap_or(Value::Null);
            let style = str_of(&p, "style");
            let model =
                location == "query" && style != Some("deepObject") && self.is_model(&resolved, 0);
            // An object joined into one value (`explode: false`) stays one parameter, when the form can carry it.
            if model
                && style.unwrap_or("form") == "form"
                && p.get("explode") == Some(&Value::Bool(false))
            {
                match self.unjoinable(&schema_at, &schema) {
                    None => {
                        if let Some(n) = self.parameter(&at, &p, method_name, rust_names) {
                            list.push(n);
                        }
                        continue;
                    }
                    Some(why) => self.report.add(
                        &at,
                        format!(
                            "`explode: false` on object query parameter `{name}` is not kept: {why}"
                        ),
                    ),
                }
            }
            // A form-style object query parameter puts each property under its own key: so does the spec.
            if model {
                self.report.add(&at, format!("object query parameter `{name}` written as one query parameter per property"));
                let (properties, lost) = self.query_properties(&schema_at, &schema);
                for what in lost {
                    self.report.add(&at, format!("object query parameter `{name}`: {what} cannot be one query parameter each: not sent"));
                }
                for property in properties {
                    let fake = param_value(
                        &property.wire,
                        "query",
                        &property.schema,
                        property.required && flag(&p, "required"),
                    );
                    if let Some(n) = self.parameter(&property.at, &fake, method_name, rust_names) {
                        list.push(n);
                    }
                }
                continue;
            }
            if let Some(n) = self.parameter(&at, &p, method_name, rust_names) {
                list.push(n);
            }
        }
        Node::List(list)
    }

    fn parameter(
        &mut self,
        at: &str,
        p: &Value,
        method_name: &str,
        rust_names: &mut BTreeSet<String>,
    ) -> Option<Node> {
        let name = str_of(p, "name")?.to_owned();
        let location = str_of(p, "in")?.to_owned();
        let schema = p.get("schema").cloned().unwrap_or(Value::Null);
        let schema_at = doc::child(at, "schema");
        let context = format!("{}{}", naming::camel(method_name), naming::camel(&name));
        let resolved = self
            .doc
            .deref(&schema_at, &schema)
            .map(|(_, s)| s.clone())
            .unwrap_or(Value::Null);
        // A union (or a list of them) has no form to be written in a URL or
        // a header: not defined as a type nobody would use.
        let union = |s: &Value| {
            self.doc
                .deref(&schema_at, s)
                .is_ok_and(|(_, s)| self.kind(s) == Shape::Union)
        };
        // An object outside the query (OpenAPI's `simple`, `label` and
        // `matrix` forms of one) is not written by the SDK either; a path
        // cannot leave it out, so the caller writes it, as for a union.
        let object = location != "query" && shape(&resolved) == Shape::Model;
        let mut t = if union(&resolved) || resolved.get("items").is_some_and(union) {
            self.report.add(
                &schema_at,
                format!("a {location} parameter of a `oneOf`/`anyOf` of several types has no form OpenAPI defines to write it in: sent as text the caller writes (`string`)"),
            );
            crate::types::Ty::of("string")
        } else if object {
            self.report.add(
                &schema_at,
                format!("an object {location} parameter is not written by the SDK in the form OpenAPI gives it there: sent as text the caller writes (`string`)"),
            );
            crate::types::Ty::of("string")
        } else {
            self.ty(&schema_at, &schema, &context, true)
        };
        let item = crate::types::list_item(&t.expr);
        if matches!(
            item.unwrap_or(&t.expr).trim_end_matches('?'),
            "binary" | "any"
        ) {
            self.report.add(
                &schema_at,
                format!(
                    "a parameter of type `{}` is sent as text (`string`)",
                    t.expr
                ),
            );
            t.expr = if t.expr.starts_with("list<") {
                "list<string>".into()
            } else {
                "string".into()
            };
        }
        // A parameter has no `null`: nullable list items are plain ones.
        t.expr = t.expr.replace('?', "");
        let deep = str_of(p, "style") == Some("deepObject");
        if !self.has_wire_form(&t.expr, &location, deep) {
            self.report.add(
                &schema_at,
                format!(
                    "a {location} parameter of type `{}` has no form OpenAPI defines to write it in: sent as text the caller writes (`string`)",
                    t.expr
                ),
            );
            t.expr = "string".into();
            t.inline_enum = None;
        }
        let mut node = Node::map();
        node.set("name", Node::str(name.clone()));
        node.set("in", Node::str(location.clone()));
        node.set("type", Node::Str(t.expr.clone()));
        // The parameter's own description, else one beside the schema's `$ref` (3.1), else the target's.
        describe(
            &mut node,
            [p, &schema]
                .into_iter()
                .find(|v| str_of(v, "description").is_some())
                .unwrap_or(&resolved),
        );
        // An object's default and example are not text the caller writes.
        let default = resolved.get("default").filter(|_| !object);
        if location != "path" && flag(p, "required") {
            // A required header with a default is a constant the API wants
            // on every call (PagerDuty's versioning `Accept`): the SDK sends
            // it, rather than every call taking it as an argument.
            match default.filter(|_| location == "header") {
                Some(d) => self.report.add(
                    at,
                    format!(
                        "required header `{name}` has a default: imported as optional, so a call sends `{}` unless the caller sets another",
                        d.as_str().map_or_else(|| d.to_string(), str::to_owned)
                    ),
                ),
                None => node.set("required", Node::Raw("true".into())),
            }
        }
        if let Some(d) = default {
            node.set("default", Node::from_value(d));
        }
        if let Some(e) = p
            .get("example")
            .map(Node::from_value)
            .or_else(|| first_example(p))
            .or_else(|| example(&resolved))
            .filter(|_| !object)
        {
            node.set("example", e);
        }
        let checked_as = t.checked_as();
        if let Some(values) = t.inline_enum {
            node.set(
                "enum",
                crate::defs::enum_value_list(
                    &mut self.report,
                    at,
                    &values,
                    &crate::enum_values::value_descriptions(&resolved),
                ),
            );
            let wanted = sdkgen::names::inline_enum(method_name, &name);
            let allocated = self.alloc(&wanted, "");
            if allocated != wanted {
                node.set("enum_name", Node::Str(allocated));
            }
        }
        let avoid = |n: String| {
            sdkgen::names::avoid(
                n,
                sdkgen::names::REQUEST_BUILDER,
                sdkgen::names::PARAM_SUFFIX,
            )
        };
        let plain = avoid(naming::snake(&name));
        let spelled = avoid(naming::snake(&naming::spelled(&name)));
        let fallbacks = [spelled, format!("{plain}_{location}")];
        let rust = rename::pick(
            rust_names,
            &name,
            plain.clone(),
            Case::Snake,
            &fallbacks,
            |_| true,
        );
        if rust != plain {
            rename::report(
                &mut self.report,
                at,
                &name,
                &plain,
                &rust,
                "the method's parameters",
            );
            node.set("rust_name", Node::Str(rust));
        }
        if location == "query" {
            let style = str_of(p, "style").unwrap_or("form");
            let explode = p.get("explode").and_then(Value::as_bool);
            let object = t.expr.starts_with("map<") || self.is_model(&resolved, 0);
            match style {
                "form" if explode == Some(false) && t.expr.starts_with("list<") => {
                    node.set("explode", Node::Raw("false".into()))
                }
                "form" if explode == Some(false) && object => {
                    match self.unjoinable(&schema_at, &schema) {
                        None => node.set("explode", Node::Raw("false".into())),
                        Some(why) => self.report.add(
                            at,
                            format!("`explode: false` on object query parameter `{name}` is not kept: {why}; sent one pair per entry"),
                        ),
                    }
                }
                "form" => {}
                "deepObject" | "pipeDelimited" | "spaceDelimited" => {
                    node.set("style", Node::str(style));
                    if let Some(e) = explode {
                        node.set("explode", Node::Raw(e.to_string()));
                    }
                }
                other => self.report.add(
                    at,
                    format!("query style `{other}` is not supported: sent as `form`"),
                ),
            }
            if style == "deepObject" && !(self.is_model(&resolved, 0) || t.expr.starts_with("map<"))
            {
                self.report.add(
                    at,
                    "`deepObject` on a value that is not an object: sent as `form`",
                );
                node = without(node, &["style", "explode"]);
            }
        }
        if !object {
            self.constraints(&schema_at, &mut node, &resolved, &checked_as);
        }
        Some(node)
    }
}

/// A parameter object for one property of an exploded object parameter.
fn param_value(name: &str, location: &str, schema: &Value, required: bool) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("name".into(), name.into());
    m.insert("in".into(), location.into());
    m.insert("required".into(), required.into());
    if let Some(d) = schema.get("description") {
        m.insert("description".into(), d.clone());
    }
    m.insert("schema".into(), schema.clone());
    Value::Object(m)
}

/// The first value of a parameter's `examples` map.
fn first_example(p: &Value) -> Option<Node> {
    p.get("examples")
        .and_then(Value::as_object)
        .and_then(|m| m.values().next())
        .and_then(|e| e.get("value"))
        .map(Node::from_value)
}

/// `node` without `keys`.
fn without(node: Node, keys: &[&str]) -> Node {
    match node {
        Node::Map(entries) => Node::Map(
            entries
                .into_iter()
                .filter(|e| !keys.contains(&e.key.as_str()))
                .collect(),
        ),
        other => other,
    }
}
