//! Object query parameters: the properties a form-style object sends as
//! parameters of their own, through `$ref`s and `allOf` parts, and whether
//! the object can be joined into one comma-separated value instead.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::Importer;
use crate::doc::{self, entries};

/// One property of an object query parameter.
pub(crate) struct QueryProperty {
    /// Where the property's schema is written.
    pub at: String,
    pub wire: String,
    pub schema: Value,
    /// Required by the object (by any of its parts).
    pub required: bool,
}

impl Importer<'_> {
    /// The properties of the object `schema` (at `at`) through `$ref`s and
    /// `allOf` parts, the first definition of a name kept; and what of the
    /// object no property carries (a `oneOf`/`anyOf` part, extra keys), said
    /// for the report.
    pub(crate) fn query_properties(
        &self,
        at: &str,
        schema: &Value,
    ) -> (Vec<QueryProperty>, Vec<String>) {
        let mut properties = Vec::new();
        let mut lost = Vec::new();
        let mut required = BTreeSet::new();
        self.collect(at, schema, 0, &mut properties, &mut lost, &mut required);
        for p in &mut properties {
            p.required = required.contains(&p.wire);
        }
        (properties, lost)
    }

    fn collect(
        &self,
        at: &str,
        schema: &Value,
        depth: usize,
        properties: &mut Vec<QueryProperty>,
        lost: &mut Vec<String>,
        required: &mut BTreeSet<String>,
    ) {
        let Ok((at, schema)) = self.doc.deref(at, schema) else {
            return;
        };
        if depth > 16 {
            return;
        }
        required.extend(doc::required(schema).map(str::to_owned));
        for (wire, prop) in schema
            .get("properties")
            .and_then(Value::as_object)
            .map(entries)
            .into_iter()
            .flatten()
        {
            if properties.iter().all(|p| p.wire != wire) {
                properties.push(QueryProperty {
                    at: doc::child(&doc::child(&at, "properties"), wire),
                    wire: wire.to_owned(),
                    schema: prop.clone(),
                    required: false,
                });
            }
        }
        let parts = schema.get("allOf").and_then(Value::as_array);
        for (i, part) in parts.into_iter().flatten().enumerate() {
            let part_at = doc::child(&doc::child(&at, "allOf"), &i.to_string());
            self.collect(&part_at, part, depth + 1, properties, lost, required);
        }
        for key in ["oneOf", "anyOf"] {
            if schema.get(key).is_some() {
                lost.push(format!("the properties of the `{key}` at `{at}`"));
            }
        }
        if !matches!(
            schema.get("additionalProperties"),
            None | Some(Value::Bool(false))
        ) {
            lost.push(format!("the keys beyond the declared properties of `{at}`"));
        }
    }

    /// Why an object query parameter's value cannot be one comma-joined
    /// value (`style: form`, `explode: false`): a property or entry that may
    /// hold a list or an object, or a part no property carries; `None` when
    /// it can. Unions and untyped values count as able to hold an object, as
    /// their shape is known only at run time.
    pub(crate) fn unjoinable(&self, at: &str, object: &Value) -> Option<String> {
        const NO_FORM: &str =
            "may hold a list or an object, which OpenAPI gives no comma-joined form";
        let scalar = |schema: &Value| {
            let resolved = self.doc.resolve(schema);
            let (ty, _, _) = crate::types::base_type(resolved);
            matches!(
                ty.as_deref(),
                Some("string" | "integer" | "number" | "boolean")
            ) && [
                "oneOf",
                "anyOf",
                "allOf",
                "properties",
                "additionalProperties",
            ]
            .iter()
            .all(|k| resolved.get(k).is_none())
        };
        let resolved = self.doc.resolve(object);
        if resolved.get("properties").is_none() && resolved.get("allOf").is_none() {
            // A map: its entries' values.
            return match resolved.get("additionalProperties") {
                None | Some(Value::Bool(_)) => None,
                Some(v) if scalar(v) => None,
                Some(_) => Some(format!("its entries {NO_FORM}")),
            };
        }
        let (properties, lost) = self.query_properties(at, object);
        if let Some(what) = lost.into_iter().next() {
            return Some(format!("{what} has no place in one comma-joined value"));
        }
        properties
            .iter()
            .find(|p| !scalar(&p.schema))
            .map(|p| format!("its property `{}` {NO_FORM}", p.wire))
    }
}
