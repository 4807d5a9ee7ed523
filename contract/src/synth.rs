//! Inputs of a call built from the vendor's document: every operation's
//! parameters and body, once with only what it requires (recursively) and
//! once with every optional parameter and body field, as the JSON a
//! generated SDK's `harness::call` takes.
//!
//! Values come from the document's own examples and defaults where it has
//! them, else from the schema (enum, const, format, bounds, pattern), so
//! Prism, judging by the same document, should accept them.

use std::cell::RefCell;

use sdkgen::wire::MediaKind;
use serde_json::{Map, Value, json};

use crate::call::Inputs;
use crate::vendor::Document;

/// How deep a generated value nests before optional parts stop.
const MAX_DEPTH: usize = 16;

/// One operation of the vendor document.
pub struct Operation<'a> {
    /// `operationId`.
    pub id: &'a str,
    /// HTTP method, lower case.
    pub method: &'a str,
    /// Path template.
    pub path: &'a str,
    /// The operation object.
    pub op: &'a Value,
    /// The parameters that apply to it, its path item's included, each
    /// resolved (the shared reader's walk, so every part of the run sees
    /// the same list).
    pub parameters: Vec<&'a Value>,
}

/// Every operation of the document that has an id, in document order.
pub fn operations(document: &Document) -> Vec<Operation<'_>> {
    sdkgen_openapi::operations::operations(document.root())
        .into_iter()
        .filter_map(|o| {
            Some(Operation {
                id: o.id()?,
                method: o.method,
                path: o.path,
                op: o.op,
                parameters: o.parameters(document.root()),
            })
        })
        .collect()
}

/// How the inputs of a call are built beyond what the document says.
#[derive(Debug, Default, Clone, Copy)]
pub struct Choices<'a> {
    /// Send an optional body in the required-only call too.
    pub body_required: bool,
    /// The media type the SDK sends, when not the one the importer prefers.
    pub media_type: Option<&'a str>,
}

/// The inputs of one call of `op`.
pub fn inputs(
    document: &Document,
    op: &Operation<'_>,
    which: Inputs,
    choices: Choices<'_>,
) -> Value {
    let body_required = choices.body_required;
    let full = which == Inputs::Full;
    let synth = Synth {
        document,
        full,
        refs: RefCell::default(),
    };
    let mut groups: Map<String, Value> = Map::new();
    for param in op.parameters.iter().copied() {
        let (Some(name), Some(location)) = (param["name"].as_str(), param["in"].as_str()) else {
            continue;
        };
        if location == "cookie" {
            continue;
        }
        if location == "header" && sdkgen::wire::sdk_header(name).is_some() {
            continue;
        }
        let required = param["required"] == true || location == "path";
        if !required && !full {
            continue;
        }
        let schema = param.get("schema").unwrap_or(&Value::Null);
        // An object in a query, but for `deepObject`, sends each property
        // as a query parameter of its own (`gt=1` for `effective_at`), and
        // the importer makes each one a parameter: so do the inputs.
        let object = document.resolve(schema);
        let properties = object["properties"]
            .as_object()
            .filter(|p| !p.is_empty() && has_no_branches(object));
        if let Some(properties) = properties
            .filter(|_| location == "query" && param["style"].as_str() != Some("deepObject"))
        {
            for (key, sub) in properties {
                if full || is_required(object, key) {
                    groups.entry("query").or_insert_with(|| json!({}))[key.as_str()] =
                        synth.value(sub, 0);
                }
            }
            continue;
        }
        let merged = synth.merged(schema, 0);
        let value = param_example(param)
            .filter(|e| fits(&merged, e))
            .unwrap_or_else(|| synth.value(schema, 0));
        groups.entry(location).or_insert_with(|| json!({}))[name] = value;
    }
    if let Some(body) = op.op.get("requestBody").map(|b| document.resolve(b)) {
        if body["required"] == true || full || body_required {
            synth.body(body, choices.media_type, &mut groups);
        }
    }
    Value::Object(groups)
}

/// A parameter's own example, when it has one.
fn param_example(param: &Value) -> Option<Value> {
    if let Some(e) = param.get("example") {
        return Some(e.clone());
    }
    param["examples"]
        .as_object()?
        .values()
        .find_map(|e| e.get("value").cloned())
}

struct Synth<'a> {
    document: &'a Document,
    full: bool,
    /// The `$ref`s being generated, outermost first: an optional property
    /// leading back into one of them is left out, so recursive schemas end.
    refs: RefCell<Vec<String>>,
}

impl Synth<'_> {
    /// Puts the body (and, for multipart, its files) into `groups`.
    fn body(&self, body: &Value, media_type: Option<&str>, groups: &mut Map<String, Value>) {
        let Some(content) = body["content"].as_object() else {
            return;
        };
        let chosen = media_type.and_then(|m| content.get_key_value(m));
        let Some((media, item)) =
            chosen.or_else(|| content.iter().min_by_key(|(m, _)| MediaKind::of(m)))
        else {
            return;
        };
        let schema = item.get("schema").unwrap_or(&Value::Null);
        match MediaKind::of(media) {
            MediaKind::Multipart | MediaKind::OtherMultipart => {
                let (props, required) = self.document.flat_properties(schema);
                let mut fields = Map::new();
                let mut files = Map::new();
                let mut has_fields = false;
                for (name, sub) in props {
                    let resolved = self.document.resolve(&sub);
                    let many = resolved.get("items").map(|i| self.document.resolve(i));
                    let is_file = many.unwrap_or(resolved)["format"] == "binary";
                    has_fields |= !is_file;
                    if !self.full && !required.contains(&name) {
                        continue;
                    }
                    if is_file {
                        let content_type = item["encoding"][&name]["contentType"]
                            .as_str()
                            .and_then(|c| c.split(',').next())
                            .map(str::trim)
                            .filter(|c| !c.contains('*'))
                            .unwrap_or("application/octet-stream");
                        let file = json!({"content": "file content", "file_name": format!("{name}.bin"), "content_type": content_type});
                        files.insert(name, Value::Array(vec![file]));
                    } else {
                        fields.insert(name, self.value(&sub, 1));
                    }
                }
                if !files.is_empty() {
                    groups.insert("files".into(), Value::Object(files));
                }
                // The SDK's model of the non-file parts is there whenever the
                // document declares any, even with none of them sent.
                if has_fields {
                    groups.insert("body".into(), Value::Object(fields));
                }
            }
            MediaKind::Text | MediaKind::Other => {
                // Raw content the schema constrains (base64 for `byte`, a
                // pattern) is a value of that schema; any other is text.
                let merged = self.merged(schema, 0);
                let constrained = types_of(&merged) == ["string"]
                    && merged["format"] != "binary"
                    && ["format", "pattern", "enum", "minLength"]
                        .iter()
                        .any(|k| merged.get(*k).is_some());
                let text = match self.value(schema, 0) {
                    Value::String(text) if constrained => text,
                    _ => "content".to_owned(),
                };
                groups.insert("body".into(), Value::String(text));
            }
            MediaKind::Form => {
                let mut value = self.value(schema, 0);
                self.repeat_form_arrays(schema, &mut value);
                groups.insert("body".into(), value);
            }
            _ => {
                groups.insert("body".into(), self.value(schema, 0));
            }
        }
    }

    /// Gives each one-item array field of a form a second item where the
    /// schema allows it: a form sends an array as the field repeated, and a
    /// field sent once reads back as a single value, not an array of one.
    fn repeat_form_arrays(&self, schema: &Value, value: &mut Value) {
        let (props, _) = self.document.flat_properties(schema);
        for (name, sub) in props {
            let sub = self.merged(&sub, 0);
            let Some(items) = value.get_mut(&name).and_then(Value::as_array_mut) else {
                continue;
            };
            if items.len() != 1 || sub["maxItems"].as_u64().is_some_and(|m| m < 2) {
                continue;
            }
            let item_schema = self.merged(sub.get("items").unwrap_or(&Value::Null), 0);
            let other = item_schema["enum"]
                .as_array()
                .and_then(|values| values.iter().find(|v| **v != items[0]).cloned());
            match other {
                Some(other) => items.push(other),
                None if sub["uniqueItems"] != true => items.push(items[0].clone()),
                None => {}
            }
        }
    }

    /// A value `schema` accepts: an example where the document gives one.
    fn value(&self, schema: &Value, depth: usize) -> Value {
        let reference = schema["$ref"].as_str().map(str::to_owned);
        if let Some(r) = &reference {
            self.refs.borrow_mut().push(r.clone());
        }
        let value = if depth > MAX_DEPTH + 8 {
            Value::Null
        } else {
            self.fresh_value(schema, depth)
        };
        if reference.is_some() {
            self.refs.borrow_mut().pop();
        }
        value
    }

    /// Whether `schema` (or its items) is a `$ref` being generated already.
    fn recursive(&self, schema: &Value) -> bool {
        leads_back(schema, &self.refs.borrow())
    }

    fn fresh_value(&self, schema: &Value, depth: usize) -> Value {
        let merged = self.merged(schema, 0);
        let schema = &merged;
        if let Some(c) = schema.get("const") {
            return c.clone();
        }
        if let Some(values) = schema["enum"].as_array() {
            if let Some(v) = values.iter().find(|v| !v.is_null()) {
                return v.clone();
            }
        }
        if let Some(branches) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
            return self.branch(schema, branches, depth);
        }
        let types = types_of(schema);
        let is = |t: &str| types.iter().any(|x| x == t);
        if is("object")
            || schema.get("properties").is_some()
            || schema.get("allOf").is_some() && !is("array") && !is("string")
        {
            return self.object(schema, depth);
        }
        if is("array") || schema.get("items").is_some() {
            return self.array(schema, depth);
        }
        if let Some(example) = example(schema)
            .filter(|e| !e.is_null() && !e.is_object() && !e.is_array() && fits(schema, e))
        {
            return example;
        }
        // A default the schema itself refuses (`"false"` for a boolean) is
        // the document's slip: the SDK's types refuse it as Prism would.
        if let Some(default) = schema
            .get("default")
            .filter(|d| !d.is_null() && fits(schema, d))
        {
            return default.clone();
        }
        if is("integer") {
            return json!(number(schema, 1.0) as i64);
        }
        if is("number") {
            return json!(number(schema, 1.0));
        }
        if is("boolean") {
            return json!(true);
        }
        Value::String(string(schema))
    }

    /// `schema` with its `allOf` parts folded in (their keys, then its own;
    /// properties and required names pooled), so a string wrapped in
    /// `allOf` reads as a string.
    fn merged(&self, schema: &Value, depth: usize) -> Value {
        let schema = self.document.resolve(schema);
        let Some(parts) = schema["allOf"].as_array().filter(|_| depth < 8) else {
            return schema.clone();
        };
        let mut out = Map::new();
        let mut properties = Map::new();
        let mut required: Vec<Value> = Vec::new();
        let own = schema
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| *k != "allOf")
            .map(|(k, v)| (k.clone(), v.clone()));
        let parts: Vec<Value> = parts.iter().map(|p| self.merged(p, depth + 1)).collect();
        for (key, value) in parts
            .iter()
            .flat_map(|p| {
                p.as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), v.clone()))
            })
            .chain(own)
        {
            match (key.as_str(), value) {
                // A property two parts declare must meet both (an object
                // one part extends with fields of its own): both go in.
                ("properties", Value::Object(p)) => {
                    for (name, sub) in p {
                        let both = match properties.remove(&name) {
                            Some(earlier) if earlier != sub => json!({"allOf": [earlier, sub]}),
                            _ => sub,
                        };
                        properties.insert(name, both);
                    }
                }
                ("required", Value::Array(r)) => required.extend(r),
                (_, value) => {
                    out.insert(key, value);
                }
            }
        }
        if !properties.is_empty() {
            out.insert("properties".into(), Value::Object(properties));
        }
        if !required.is_empty() {
            out.insert("required".into(), Value::Array(required));
        }
        Value::Object(out)
    }

    /// A value of the first branch that is not `null`.
    fn branch(&self, schema: &Value, branches: &[Value], depth: usize) -> Value {
        match branches
            .iter()
            .find(|b| types_of(self.document.resolve(b)) != ["null"])
        {
            Some(first) => self.branch_value(schema, first, depth),
            None => Value::Null,
        }
    }

    /// A value of branch `first` of the `oneOf`/`anyOf` `schema`; with a
    /// discriminator, carrying the tag value that names the branch.
    fn branch_value(&self, schema: &Value, first: &Value, depth: usize) -> Value {
        let tag = schema["discriminator"]["propertyName"].as_str();
        let mapping = schema["discriminator"]["mapping"].as_object();
        // With properties of its own beside the alternatives, the value is
        // one object meeting both: a branch that only adds `required`
        // names (`anyOf: [{required: [inbound_rules]}, …]`) picks which of
        // those properties must be there.
        let mut value = if schema.get("properties").is_some() {
            self.with_branch(schema, first, depth)
        } else {
            self.value(first, depth)
        };
        if let (Some(tag), Some(obj)) = (tag, value.as_object_mut()) {
            let target = first["$ref"].as_str();
            let name = mapping
                .and_then(|m| {
                    m.iter()
                        .find(|(_, t)| t.as_str() == target)
                        .map(|(k, _)| k.clone())
                })
                // Unnamed by the mapping, a member is selected by the
                // values its tag allows, else by its own name (OpenAPI's
                // implicit value), as the importer reads it.
                .or_else(|| self.tag_value(first, tag));
            // A member that is a union of its own has taken one of its
            // branches, whose tag is already in the value: its name (the
            // implicit value) is one none of those branches allows.
            let nested = obj.contains_key(tag) && has_branches(self.document.resolve(first));
            let name = name.or_else(|| {
                target
                    .filter(|_| !nested)
                    .and_then(|t| t.rsplit('/').next())
                    .map(str::to_owned)
            });
            if let Some(name) = name {
                obj.insert(tag.to_owned(), Value::String(name));
            }
        }
        // Sibling properties of the `oneOf` go with the branch.
        if let (Some(obj), Some(props)) = (value.as_object_mut(), schema["properties"].as_object())
        {
            // Nor one a `not` forbids beside what the branch has.
            let mut left_out = exclusive_names(schema, first);
            left_out.extend(not_together(schema));
            for (name, sub) in props {
                if !obj.contains_key(name)
                    && !left_out.contains(name)
                    && (self.full || is_required(schema, name))
                    && !read_only(self.document.resolve(sub))
                {
                    obj.insert(name.clone(), self.value(sub, depth + 1));
                }
            }
        }
        value
    }

    /// The first value property `tag` of `branch` allows, when it pins
    /// them (see [`sdkgen_openapi::schema::allowed_values`]): each selects
    /// the branch, as the importer reads it.
    fn tag_value(&self, branch: &Value, tag: &str) -> Option<String> {
        let (props, _) = self.document.flat_properties(self.document.resolve(branch));
        let (_, prop) = props.iter().find(|(name, _)| name == tag)?;
        let values = sdkgen_openapi::schema::allowed_values(prop, &|v| self.document.resolve(v))?;
        values.first().map(|v| (*v).to_owned())
    }

    /// A value of the object `schema` (its alternatives set aside) merged
    /// with its branch `branch`, as `allOf` would merge them: properties
    /// pooled, the names either requires required.
    fn with_branch(&self, schema: &Value, branch: &Value, depth: usize) -> Value {
        let reference = branch["$ref"].as_str().map(str::to_owned);
        if let Some(r) = &reference {
            self.refs.borrow_mut().push(r.clone());
        }
        let part = self.merged(branch, 0);
        let mut combined = schema.as_object().cloned().unwrap_or_default();
        for key in ["oneOf", "anyOf", "discriminator"] {
            combined.remove(key);
            if let Some(own) = part.get(key) {
                combined.insert(key.into(), own.clone());
            }
        }
        let mut properties = schema["properties"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        properties.extend(part["properties"].as_object().cloned().unwrap_or_default());
        // Of a `oneOf` (exactly one branch), a property another branch
        // requires would make the value meet that branch too.
        for name in exclusive_names(schema, branch) {
            properties.remove(&name);
        }
        combined.insert("properties".into(), Value::Object(properties));
        let required: Vec<Value> = [&schema["required"], &part["required"]]
            .into_iter()
            .filter_map(Value::as_array)
            .flatten()
            .cloned()
            .collect();
        combined.insert("required".into(), Value::Array(required));
        let value = self.fresh_value(&Value::Object(combined), depth);
        if reference.is_some() {
            self.refs.borrow_mut().pop();
        }
        value
    }

    fn object(&self, schema: &Value, depth: usize) -> Value {
        let (props, required) = self.document.flat_properties(schema);
        let mut out = Map::new();
        for (name, sub) in props {
            let needed = required.contains(&name);
            if read_only(self.document.resolve(&sub)) && !needed {
                continue;
            }
            if needed || (self.full && depth < MAX_DEPTH && !self.recursive(&sub)) {
                out.insert(name, self.value(&sub, depth + 1));
            }
        }
        // `not: {required: [image_url, file_id]}` forbids sending them all:
        // one goes, the last that nothing requires (the branch taken
        // requires the one it is about).
        let together = not_together(schema);
        if !together.is_empty() && together.iter().all(|n| out.contains_key(n)) {
            let gone = together
                .iter()
                .rev()
                .find(|n| !required.contains(*n))
                .or(together.last());
            if let Some(name) = gone {
                out.remove(name);
            }
        }
        if out.is_empty() && self.full && depth < MAX_DEPTH {
            if let Some(extra) = schema.get("additionalProperties").filter(|a| a.is_object()) {
                out.insert("key".into(), self.value(extra, depth + 1));
            }
        }
        Value::Object(out)
    }

    fn array(&self, schema: &Value, depth: usize) -> Value {
        let items = schema.get("items").unwrap_or(&Value::Null);
        let min = schema["minItems"].as_u64().unwrap_or(0) as usize;
        let max = schema["maxItems"]
            .as_u64()
            .map_or(usize::MAX, |m| m as usize);
        if max == 0 || depth >= MAX_DEPTH && min == 0 {
            return json!([]);
        }
        let mut out = Vec::new();
        // With every input wanted, one item per `oneOf` branch, so each
        // branch's fields are sent.
        let merged = self.merged(items, 0);
        let branches = merged["oneOf"]
            .as_array()
            .or(merged["anyOf"].as_array())
            .filter(|_| self.full && !self.recursive(items));
        match branches {
            Some(bs) => {
                for b in bs
                    .iter()
                    .filter(|b| types_of(self.document.resolve(b)) != ["null"])
                    .take(max)
                {
                    out.push(self.branch_value(&merged, b, depth + 1));
                }
            }
            None => out.push(self.value(items, depth + 1)),
        }
        // Unique items would not be unique repeated; one is enough then.
        while out.len() < min {
            let again = out[0].clone();
            out.push(again);
        }
        Value::Array(out)
    }
}

mod pattern;
mod scalar;
mod shapes;

pub(crate) use shapes::{exclusive_names, leads_back, not_together};
use shapes::{has_branches, has_no_branches};

use scalar::{example, fits, is_required, number, read_only, string, types_of};

#[cfg(test)]
mod tests;
