//! Model properties as spec fields, and the constraint keys fields,
//! parameters and aliases share.

use std::collections::BTreeSet;

use sdkgen::naming;
use serde_json::Value;

use crate::Importer;
use crate::defs::{describe, example};
use crate::doc::{self, flag, str_of};
use crate::out::Node;
use crate::rename::{self, Case};
use crate::types::{Shape, base_type, shape};

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
        let checked_as = t.checked_as();
        if let Some(values) = t.inline_enum {
            node.set(
                "enum",
                crate::defs::enum_value_list(
                    &mut self.report,
                    pointer,
                    &values,
                    &crate::enum_values::value_descriptions(&resolved),
                ),
            );
            let wanted = sdkgen::names::inline_enum(owner, wire);
            let name = self.alloc(&wanted, "");
            if name != wanted {
                node.set("enum_name", Node::Str(name));
            }
        }
        let plain = naming::snake(wire);
        let rust = rename::pick(rust_names, wire, plain.clone(), Case::Snake, &[], |_| true);
        if rust != plain {
            let scope = format!("`{owner}`'s fields");
            rename::report(&mut self.report, pointer, wire, &plain, &rust, &scope);
            node.set("rust_name", Node::Str(rust));
        }
        self.constraints(pointer, &mut node, &resolved, &checked_as);
        node
    }

    /// [`shape`] of `schema`, but a model when it would be written where it
    /// is used (a single `allOf` part, an object of no properties) although
    /// it requires a name nothing declares: only a model of its own can
    /// carry that name (see [`Importer::carry_undeclared_required`]). A map
    /// (`additionalProperties`) can carry any name, so it stays one.
    pub fn schema_shape(&self, schema: &Value) -> Shape {
        let plain = shape(schema);
        let object = matches!(base_type(schema).0.as_deref(), Some("object") | None);
        let map = schema
            .get("additionalProperties")
            .is_some_and(|a| a != &Value::Bool(false));
        // A single `oneOf` branch is the value, and its properties the names.
        let branch = schema.get("oneOf").is_some() || schema.get("anyOf").is_some();
        if plain != Shape::Inline || schema.get("$ref").is_some() || !object || map || branch {
            return plain;
        }
        if self.undeclared_required_names(schema).is_empty() {
            plain
        } else {
            Shape::Model
        }
    }

    /// The names `schema` and its `allOf` parts require but no property
    /// declares (carried as fields of any value, see
    /// [`Importer::carry_undeclared_required`]).
    pub(crate) fn undeclared_required_names(&self, schema: &Value) -> Vec<String> {
        let declared = self.wire_fields(schema, 0);
        self.required_names(schema, 0)
            .into_iter()
            .filter(|name| !declared.contains(name))
            .collect()
    }

    /// The names `schema` and its `allOf` parts (through `$ref`s) require.
    fn required_names(&self, schema: &Value, depth: usize) -> Vec<String> {
        if depth > 16 {
            return Vec::new();
        }
        if let Some(target) = str_of(schema, "$ref").and_then(|r| self.doc.at(r)) {
            return self.required_names(target, depth + 1);
        }
        let mut out: Vec<String> = doc::required(schema).map(str::to_owned).collect();
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.extend(self.required_names(part, depth + 1));
        }
        out
    }

    /// Each name a (non-alternative) part of a model requires but no part
    /// declares, as a field of its own: JSON Schema still wants the key, of
    /// any value, and without a field the SDK could never send it. The one
    /// place this rule lives: component models, inline bodies and the model
    /// of a multipart body's fields all come through `model_def`.
    pub fn carry_undeclared_required(
        &mut self,
        parts: &[(String, Value)],
        alternatives: &BTreeSet<usize>,
        inherited: &BTreeSet<String>,
        fields: &mut Node,
        owner: &str,
        rust_names: &mut BTreeSet<String>,
    ) {
        for (i, (at, part)) in parts.iter().enumerate() {
            if alternatives.contains(&i) {
                continue;
            }
            for wire in doc::required(part) {
                if !inherited.contains(wire) && !fields.has(wire) {
                    let at = doc::child(at, "required");
                    let field = self.undeclared_required(&at, owner, wire, rust_names);
                    fields.set(wire, field);
                }
            }
        }
    }

    /// The spec field for `wire`, which the `required` list at `pointer`
    /// names but no property of model `owner` declares: JSON Schema still
    /// wants the key, of any value, so the SDK must be able to send it.
    fn undeclared_required(
        &mut self,
        pointer: &str,
        owner: &str,
        wire: &str,
        rust_names: &mut BTreeSet<String>,
    ) -> Node {
        self.report.add(
            pointer,
            format!("`{wire}` is required but no property declares it: carried as an optional field of any JSON value (nothing says what it holds, so the SDK neither demands it of a caller nor refuses an answer without it)"),
        );
        // Optional: a key nothing describes is more likely a slip of the
        // document than a contract, and a required field would fail every
        // answer that leaves it out.
        let mut node = Node::map();
        node.set("type", Node::str("any"));
        let plain = naming::snake(wire);
        let rust = rename::pick(rust_names, wire, plain.clone(), Case::Snake, &[], |_| true);
        if rust != plain {
            let scope = format!("`{owner}`'s fields");
            rename::report(&mut self.report, pointer, wire, &plain, &rust, &scope);
            node.set("rust_name", Node::Str(rust));
        }
        node
    }

    /// The constraint keys of `schema` that apply to a value of type `expr`
    /// (`enum` for a string enum, whose listed values are its constraint);
    /// a constraint that does not apply, or is not a number where one is
    /// needed, is reported rather than dropped silently.
    pub fn constraints(&mut self, pointer: &str, node: &mut Node, schema: &Value, expr: &str) {
        if self.is_named_type(expr) {
            // A named type's constraints are its definition's, carried or reported there.
            return;
        }
        let numeric = matches!(
            expr,
            "int32" | "int64" | "uint64" | "int128" | "integer" | "float" | "double" | "number"
        );
        let text = matches!(expr, "string" | "uri" | "email");
        let list = expr.starts_with("list<");
        let applies = |key: &str| match key {
            "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => numeric,
            "minLength" | "maxLength" | "pattern" => text,
            _ => list,
        };
        for key in [
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "minLength",
            "maxLength",
            "pattern",
            "minItems",
            "maxItems",
        ] {
            if schema.get(key).is_some() && !applies(key) {
                let why = if expr == "enum" {
                    "an enum's listed values are its constraint".to_owned()
                } else {
                    format!("it does not apply to `{expr}`")
                };
                self.report
                    .add(pointer, format!("`{key}` is not checked: {why}"));
            }
        }
        if expr == "enum" {
            let key = crate::enum_values::branches_key(schema);
            for (i, constraint) in crate::enum_values::unchecked_branch_constraints(schema) {
                let at = doc::child(&doc::child(pointer, key), &i.to_string());
                self.report.add(
                    &at,
                    format!("`{constraint}` is not checked: the enum takes any string beside the values listed"),
                );
            }
        }
        // Only strings make an enum of the SDK; the values listed for a
        // number or a boolean (or none at all) are not checked.
        if expr != "enum" {
            let listed = |value: &Value| {
                value
                    .as_array()
                    .map_or(1, |v| v.iter().filter(|v| !v.is_null()).count())
            };
            let said = ["enum", "const"]
                .into_iter()
                .filter_map(|key| Some((format!("`{key}`"), listed(schema.get(key)?))))
                .chain(crate::enum_values::value_branches(schema).map(|branches| {
                    let key = crate::enum_values::branches_key(schema);
                    (format!("`{key}` of single values"), branches.len())
                }));
            for (what, count) in said.collect::<Vec<_>>() {
                let why = if count == 0 {
                    "it lists no value".to_owned()
                } else {
                    format!("any `{expr}` is taken, not only the values listed")
                };
                self.report
                    .add(pointer, format!("{what} is not checked: {why}"));
            }
        }
        if numeric {
            for (key, exclusive, spec) in [
                ("minimum", "exclusiveMinimum", "minimum"),
                ("maximum", "exclusiveMaximum", "maximum"),
            ] {
                let bound = self.number(pointer, schema, key, false);
                let value = match (bound, schema.get(exclusive)) {
                    // 3.1 writes an exclusive bound as a number of its own.
                    (_, Some(v)) if v.is_number() => {
                        self.report.add(
                            pointer,
                            format!("`{exclusive}` is checked as an inclusive `{spec}`"),
                        );
                        Some((v.clone(), exclusive))
                    }
                    (Some(_), Some(Value::Bool(true))) => {
                        self.report.add(
                            pointer,
                            format!("`{exclusive}` is checked as an inclusive `{spec}`"),
                        );
                        schema.get(key).map(|v| (v.clone(), key))
                    }
                    (Some(_), _) => schema.get(key).map(|v| (v.clone(), key)),
                    _ => None,
                };
                match value {
                    // A `u64` check has `u64` bounds: one outside them says
                    // nothing a `u64` can break (below 0) or cannot be written.
                    Some((v, written)) if expr == "uint64" && !crate::wide::fits_u64(&v) => {
                        self.report.add(
                            pointer,
                            format!(
                                "`{written}: {v}` is not checked: it is outside `uint64`'s range"
                            ),
                        );
                    }
                    // Likewise an `i128` check: only a float can be past it.
                    Some((v, written)) if expr == "int128" && !crate::wide::fits_i128(&v) => {
                        self.report.add(
                            pointer,
                            format!(
                                "`{written}: {v}` is not checked: it is outside `int128`'s range"
                            ),
                        );
                    }
                    Some((v, _)) => node.set(spec, Node::from_value(&v)),
                    None => {}
                }
            }
        }
        if text {
            for (key, spec) in [("minLength", "min_length"), ("maxLength", "max_length")] {
                if let Some(n) = self.number(pointer, schema, key, true) {
                    node.set(spec, n);
                }
            }
            if let Some(p) = str_of(schema, "pattern") {
                node.set("pattern", Node::str(p));
            }
        }
        if list {
            for (key, spec) in [("minItems", "min_items"), ("maxItems", "max_items")] {
                if let Some(n) = self.number(pointer, schema, key, true) {
                    node.set(spec, n);
                }
            }
        }
    }

    /// The number at `key` of `schema` (a whole, non-negative one when
    /// `count`), or a finding saying why it is not checked.
    fn number(&mut self, pointer: &str, schema: &Value, key: &str, count: bool) -> Option<Node> {
        let value = schema.get(key)?;
        let whole = value.as_u64().or_else(|| {
            value
                .as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 9.0e15)
                .map(|f| f as u64)
        });
        match (count, whole) {
            (true, Some(n)) => Some(Node::Raw(n.to_string())),
            (false, _) if value.is_number() => Some(Node::from_value(value)),
            _ => {
                let wanted = if count {
                    "a whole number of 0 or more"
                } else {
                    "a number"
                };
                self.report.add(
                    pointer,
                    format!("`{key}: {value}` is not checked: it is not {wanted}"),
                );
                None
            }
        }
    }
}
