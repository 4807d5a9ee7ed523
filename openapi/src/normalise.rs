//! Forms OpenAPI does not allow but whose intent is plain, rewritten once in
//! the joined tree so every reader (importer, contract run, bench) meets the
//! same document Prism does.
//!
//! Today that is one form: a schema's `properties` given as a `$ref`
//! (`properties: {$ref: 'attributes.yml#/ids'}`, as DigitalOcean writes it).
//! By the letter of OpenAPI this declares a property named `$ref`; Prism
//! follows the reference and reads the map of property schemas it names, so
//! the SDK must too, or it sends what Prism refuses.
//!
//! Only a `properties` keyword in schema position is rewritten: the walk
//! follows the document's structure (path items, operations, parameters,
//! media types, components) into schemas and, inside a schema, only the
//! keywords whose values are schemas. So a property literally named
//! `properties` is a name, not a keyword, and data (`example`, `default`,
//! `enum`, `const`) is never entered.

use serde_json::{Map, Value};

use crate::operations::METHODS;
use crate::pointer;

/// What the reader says where it rewrote a `properties` `$ref`.
pub(crate) const PROPERTIES_REF: &str = "`properties` is given as a `$ref` (OpenAPI does not allow it): the properties it names are read in its place, as Prism reads them";

/// Keywords whose value maps names to schemas.
const SCHEMA_MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// Keywords whose value is one schema (`items` may also be a list of them,
/// as JSON Schema draft 4 wrote tuples).
const SCHEMA_ONE: [&str; 12] = [
    "items",
    "additionalProperties",
    "additionalItems",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
];

/// Keywords whose value is a list of schemas.
const SCHEMA_LISTS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];

/// Rewrites the `properties` `$ref`s of `root`, returning the joined pointer
/// of each `properties` keyword rewritten.
pub(crate) fn properties_refs(root: &mut Value) -> Vec<String> {
    // References are resolved in the tree as written, so a rewrite never
    // depends on the order schemas are met.
    let source = root.clone();
    let mut n = Normaliser {
        source: &source,
        rewritten: Vec::new(),
        expanding: Vec::new(),
    };
    n.document(root);
    n.rewritten
}

struct Normaliser<'s> {
    source: &'s Value,
    rewritten: Vec<String>,
    /// Targets whose properties are being walked, so a map of properties
    /// that names itself again is left as written rather than grown forever.
    expanding: Vec<String>,
}

/// What a part of the document holds, which decides where schemas are.
#[derive(Clone, Copy)]
enum Kind {
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Encoding,
    Callback,
    Schema,
}

impl Normaliser<'_> {
    fn document(&mut self, root: &mut Value) {
        let Some(root) = root.as_object_mut() else {
            return;
        };
        self.each(root, "#", "paths", Kind::PathItem);
        self.each(root, "#", "webhooks", Kind::PathItem);
        let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) else {
            return;
        };
        let at = "#/components";
        for (section, kind) in [
            ("schemas", Kind::Schema),
            ("parameters", Kind::Parameter),
            ("headers", Kind::Parameter),
            ("requestBodies", Kind::RequestBody),
            ("responses", Kind::Response),
            ("callbacks", Kind::Callback),
            ("pathItems", Kind::PathItem),
        ] {
            self.each(components, at, section, kind);
        }
    }

    /// Each value of the object `map[key]`, as a `kind`.
    fn each(&mut self, map: &mut Map<String, Value>, at: &str, key: &str, kind: Kind) {
        let at = pointer::child(at, key);
        if let Some(children) = map.get_mut(key).and_then(Value::as_object_mut) {
            for (name, child) in children.iter_mut() {
                self.visit(child, &pointer::child(&at, name), kind);
            }
        }
    }

    /// Each item of the list `map[key]`, as a `kind`.
    fn list(&mut self, map: &mut Map<String, Value>, at: &str, key: &str, kind: Kind) {
        let at = pointer::child(at, key);
        if let Some(items) = map.get_mut(key).and_then(Value::as_array_mut) {
            for (i, item) in items.iter_mut().enumerate() {
                self.visit(item, &format!("{at}/{i}"), kind);
            }
        }
    }

    /// `map[key]` as a `kind`.
    fn one(&mut self, map: &mut Map<String, Value>, at: &str, key: &str, kind: Kind) {
        if let Some(child) = map.get_mut(key) {
            self.visit(child, &pointer::child(at, key), kind);
        }
    }

    fn visit(&mut self, value: &mut Value, at: &str, kind: Kind) {
        let Some(map) = value.as_object_mut() else {
            return;
        };
        match kind {
            Kind::PathItem => {
                self.list(map, at, "parameters", Kind::Parameter);
                for method in METHODS {
                    self.one(map, at, method, Kind::Operation);
                }
            }
            Kind::Operation => {
                self.list(map, at, "parameters", Kind::Parameter);
                self.one(map, at, "requestBody", Kind::RequestBody);
                self.each(map, at, "responses", Kind::Response);
                self.each(map, at, "callbacks", Kind::Callback);
            }
            // A header is a parameter without `name` and `in`.
            Kind::Parameter => {
                self.one(map, at, "schema", Kind::Schema);
                self.each(map, at, "content", Kind::MediaType);
            }
            Kind::RequestBody => self.each(map, at, "content", Kind::MediaType),
            Kind::Response => {
                self.each(map, at, "headers", Kind::Parameter);
                self.each(map, at, "content", Kind::MediaType);
            }
            Kind::MediaType => {
                self.one(map, at, "schema", Kind::Schema);
                self.each(map, at, "encoding", Kind::Encoding);
            }
            Kind::Encoding => self.each(map, at, "headers", Kind::Parameter),
            Kind::Callback => {
                for (expression, item) in map.iter_mut() {
                    self.visit(item, &pointer::child(at, expression), Kind::PathItem);
                }
            }
            Kind::Schema => self.schema(map, at),
        }
    }

    fn schema(&mut self, map: &mut Map<String, Value>, at: &str) {
        let expanded = self.rewrite_properties(map, at);
        for key in SCHEMA_MAPS {
            self.each(map, at, key, Kind::Schema);
        }
        for key in SCHEMA_ONE {
            if map.get(key).is_some_and(Value::is_array) {
                self.list(map, at, key, Kind::Schema);
            } else {
                self.one(map, at, key, Kind::Schema);
            }
        }
        for key in SCHEMA_LISTS {
            self.list(map, at, key, Kind::Schema);
        }
        if expanded {
            self.expanding.pop();
        }
    }

    /// Puts what `properties: {$ref}` names in its place, when it names an
    /// object; whether it did (and so pushed the target on `expanding`).
    fn rewrite_properties(&mut self, map: &mut Map<String, Value>, at: &str) -> bool {
        let Some(properties) = map.get("properties").and_then(Value::as_object) else {
            return false;
        };
        if properties.len() != 1 || !properties.get("$ref").is_some_and(Value::is_string) {
            return false;
        }
        let at = pointer::child(at, "properties");
        let reference = Value::Object(properties.clone());
        let Ok((target, Value::Object(named))) = pointer::deref(self.source, &at, &reference)
        else {
            return false;
        };
        if self.expanding.contains(&target) {
            return false;
        }
        map.insert("properties".into(), Value::Object(named.clone()));
        self.rewritten.push(at);
        self.expanding.push(target);
        true
    }
}

#[cfg(test)]
mod tests;
