//! Walking schemas for the properties they declare: `allOf` folded,
//! `oneOf` and `anyOf` branches, array items pooled.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Document, MAX_DEPTH};

impl Document {
    /// The discriminator tags a schema names, through `allOf`, `oneOf` and
    /// `anyOf`: declared keys, whether or not a branch lists them.
    pub(super) fn tag_names(&self, schema: &Value, depth: usize) -> BTreeSet<String> {
        let schema = self.resolve(schema);
        let mut names: BTreeSet<String> = schema["discriminator"]["propertyName"]
            .as_str()
            .map(str::to_owned)
            .into_iter()
            .collect();
        if depth < MAX_DEPTH {
            for part in branches(schema) {
                names.extend(self.tag_names(part, depth + 1));
            }
        }
        names
    }

    /// Every property of an object schema through `allOf` (a later
    /// definition of a name replacing an earlier one), and the names it
    /// requires. A required name no part declares is a property of any
    /// value (`{}`): JSON Schema still wants the key, Prism refuses a value
    /// without it, and the importer gives the SDK a field of any value for it.
    pub fn flat_properties(&self, schema: &Value) -> (Vec<(String, Value)>, BTreeSet<String>) {
        let mut props: Vec<(String, Value)> = Vec::new();
        let mut required = BTreeSet::new();
        self.collect_properties(schema, 0, &mut props, &mut required);
        for name in &required {
            if !props.iter().any(|(p, _)| p == name) {
                props.push((name.clone(), Value::Object(Default::default())));
            }
        }
        (props, required)
    }

    /// Whether `schema`, through `allOf`, `oneOf` and `anyOf`, requires
    /// `name` (declared or not).
    pub(super) fn requires(&self, schema: &Value, name: &str, depth: usize) -> bool {
        let schema = self.resolve(schema);
        schema["required"]
            .as_array()
            .is_some_and(|r| r.iter().any(|n| n == name))
            || depth < MAX_DEPTH && branches(schema).any(|b| self.requires(b, name, depth + 1))
    }

    fn collect_properties(
        &self,
        schema: &Value,
        depth: usize,
        props: &mut Vec<(String, Value)>,
        required: &mut BTreeSet<String>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let schema = self.resolve(schema);
        for part in schema["allOf"].as_array().into_iter().flatten() {
            self.collect_properties(part, depth + 1, props, required);
        }
        required.extend(
            schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned),
        );
        for (name, sub) in schema["properties"].as_object().into_iter().flatten() {
            if let Some(slot) = props.iter_mut().find(|(p, _)| p == name) {
                slot.1 = sub.clone();
            } else {
                props.push((name.clone(), sub.clone()));
            }
        }
    }
}

/// Two sent values as one: objects key by key, the rest the first one given.
pub(super) fn pool(acc: Value, item: &Value) -> Value {
    match (acc, item) {
        (Value::Object(mut a), Value::Object(b)) => {
            for (key, value) in b {
                let merged = pool(a.remove(key).unwrap_or(Value::Null), value);
                a.insert(key.clone(), merged);
            }
            Value::Object(a)
        }
        (Value::Null, item) => item.clone(),
        (acc, _) => acc,
    }
}

/// The subschemas of `allOf`, `oneOf` and `anyOf`, in that order.
pub(super) fn branches(schema: &Value) -> impl Iterator<Item = &Value> {
    ["allOf", "oneOf", "anyOf"].into_iter().flat_map(move |k| {
        schema
            .get(k)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    })
}

/// `prefix.name`, or `name` at the top.
pub(super) fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

pub(super) fn sent_paths(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (name, sub) in map {
                let path = join(prefix, name);
                out.insert(path.clone());
                sent_paths(sub, &path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                sent_paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

/// Whether `value` is of the JSON kind `schema` describes (object, array
/// or scalar); a schema that says nothing of its kind fits any value.
pub(super) fn kind_fits(schema: &Value, value: &Value) -> bool {
    let ty = schema["type"].as_str();
    if schema.get("properties").is_some() || ty == Some("object") {
        value.is_object()
    } else if schema.get("items").is_some() || ty == Some("array") {
        value.is_array()
    } else if ty.is_some() {
        !value.is_object() && !value.is_array()
    } else {
        true
    }
}

/// The schema of any value, `{}`.
pub(super) fn any_value() -> &'static Value {
    static ANY: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    ANY.get_or_init(|| Value::Object(Default::default()))
}
