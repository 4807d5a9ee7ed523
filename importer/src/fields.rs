//! Model properties as spec fields, and the constraint keys fields,
//! parameters and aliases share.

use std::collections::BTreeSet;

use sdkgen::naming;
use serde_json::Value;

use crate::defs::{describe, example};
use crate::doc::{flag, str_of};
use crate::out::Node;
use crate::Importer;

impl Importer<'_> {
    /// The spec field for property `wire` of model `owner`. `rust_names`
    /// holds the Rust names the model's fields have so far; a clash gets a
    /// `rust_name` of its own.
    pub fn field(
        &mut self,
        pointer: &str,
        prop: &Value,
        owner: &str,
        wire: &str,
        required: bool,
        rust_names: &mut BTreeSet<String>,
    ) -> Node {
        let context = format!("{owner}{}", naming::camel(wire));
        let mut t = self.ty(pointer, prop, &context, true);
        if t.expr.contains("binary") {
            self.report.add(
                pointer,
                "raw bytes (`format: binary`) inside a JSON object: read as `string`",
            );
            t.expr = t.expr.replace("binary", "string");
        }
        let resolved = self
            .doc
            .deref(pointer, prop)
            .map(|(_, s)| s.clone())
            .unwrap_or(Value::Null);
        let mut node = Node::map();
        node.set("type", Node::Str(t.expr.clone()));
        // A description beside a `$ref` wins over the target's own.
        describe(
            &mut node,
            if str_of(prop, "description").is_some() {
                prop
            } else {
                &resolved
            },
        );
        if required {
            node.set("required", Node::Raw("true".into()));
        }
        if t.nullable {
            node.set("nullable", Node::Raw("true".into()));
        }
        if flag(prop, "readOnly") || flag(&resolved, "readOnly") {
            node.set("read_only", Node::Raw("true".into()));
        }
        if flag(prop, "deprecated") || flag(&resolved, "deprecated") {
            node.set("deprecated", Node::Raw("true".into()));
        }
        if let Some(d) = prop.get("default").or_else(|| resolved.get("default")) {
            node.set("default", Node::from_value(d));
        }
        if let Some(e) = example(prop).or_else(|| example(&resolved)) {
            node.set("example", e);
        }
        if let Some(values) = t.inline_enum {
            node.set("enum", crate::defs::enum_value_list(&values));
            let wanted = format!("{}{}", naming::camel(owner), naming::camel(wire));
            let name = self.alloc(&wanted, "");
            if name != wanted {
                node.set("enum_name", Node::Str(name));
            }
        }
        let mut rust = naming::snake(wire);
        if rust_names.contains(&rust) {
            let mut n = 2;
            while rust_names.contains(&format!("{rust}_{n}")) {
                n += 1;
            }
            rust = format!("{rust}_{n}");
            node.set("rust_name", Node::Str(rust.clone()));
        }
        rust_names.insert(rust);
        self.constraints(pointer, &mut node, &resolved, &t.expr);
        node
    }

    /// The constraint keys of `schema` that apply to a value of type `expr`.
    pub fn constraints(&mut self, pointer: &str, node: &mut Node, schema: &Value, expr: &str) {
        let numeric = matches!(
            expr,
            "int32" | "int64" | "integer" | "float" | "double" | "number"
        );
        let text = matches!(expr, "string" | "uri" | "email");
        let list = expr.starts_with("list<");
        let number = |k: &str| {
            schema
                .get(k)
                .filter(|v| v.is_number())
                .map(Node::from_value)
        };
        if numeric {
            for (key, exclusive, spec) in [
                ("minimum", "exclusiveMinimum", "minimum"),
                ("maximum", "exclusiveMaximum", "maximum"),
            ] {
                match (number(key), schema.get(exclusive)) {
                    // 3.1 writes an exclusive bound as a number of its own.
                    (_, Some(v)) if v.is_number() => {
                        self.report.add(
                            pointer,
                            format!("`{exclusive}` is checked as an inclusive `{spec}`"),
                        );
                        node.set(spec, Node::from_value(v));
                    }
                    (Some(n), Some(Value::Bool(true))) => {
                        self.report.add(
                            pointer,
                            format!("`{exclusive}` is checked as an inclusive `{spec}`"),
                        );
                        node.set(spec, n);
                    }
                    (Some(n), _) => node.set(spec, n),
                    _ => {}
                }
            }
        }
        if text {
            if let Some(n) = number("minLength") {
                node.set("min_length", n);
            }
            if let Some(n) = number("maxLength") {
                node.set("max_length", n);
            }
            if let Some(p) = str_of(schema, "pattern") {
                node.set("pattern", Node::str(p));
            }
        }
        if list {
            if let Some(n) = number("minItems") {
                node.set("min_items", n);
            }
            if let Some(n) = number("maxItems") {
                node.set("max_items", n);
            }
        }
    }
}
