//! Named types: the document's component schemas and the inline objects,
//! unions and enums that get a name where they sit, written as spec
//! `models`, `enums`, `unions` and `aliases`.

use std::collections::{BTreeMap, BTreeSet};

use sdkgen::naming;
use serde_json::Value;

use crate::branches::branches;
use crate::doc::{self, entries, str_of};
use crate::enum_values::enum_values;
use crate::out::Node;
use crate::rename::{self, Case};
use crate::report::Report;
use crate::types::{Shape, base_type, shape};
use crate::{Def, Importer};

/// Prefix of component schema pointers.
pub const SCHEMAS: &str = "#/components/schemas/";

impl Importer<'_> {
    /// The spec type name of the component schema `target` points at, when
    /// it is a named type (queued for definition); `None` when it is written
    /// where it is used (a list, a map, a reference to another schema).
    pub fn named_component(&mut self, target: &str) -> Option<String> {
        let (key, name) = self.component_name(target)?;
        if !self.hand_types.contains(&name) && self.queued.insert(key.clone()) {
            self.queue.push_back(key);
        }
        Some(name)
    }

    /// The component key and spec type name of the component schema
    /// `target` points at, without queueing it for definition.
    pub fn component_name(&self, target: &str) -> Option<(String, String)> {
        let key = target.strip_prefix(SCHEMAS).filter(|k| !k.contains('/'))?;
        let key = sdkgen_openapi::pointer::unescape(key);
        let name = self.component_names.get(&key)?.clone();
        Some((key, name))
    }

    /// The type name a component schema's inline parts are named after.
    pub fn component_context(&self, pointer: &str) -> Option<String> {
        let key = pointer.strip_prefix(SCHEMAS)?.split('/').next()?;
        Some(naming::camel(&sdkgen_openapi::pointer::unescape(key)))
    }

    /// What a schema becomes, looking through references: unions whose
    /// branches are not all objects cannot be spec unions.
    pub fn kind(&self, schema: &Value) -> Shape {
        match self.schema_shape(schema) {
            Shape::Union if !self.union_members_ok(schema) => Shape::Inline,
            Shape::Primitive
                if base_type(schema).2 > 1 || str_of(schema, "format") == Some("binary") =>
            {
                Shape::Inline
            }
            other => other,
        }
    }

    /// Whether the non-null branches of a `oneOf`/`anyOf` can be the
    /// members of a union: objects always; without a discriminator (whose
    /// members the generator wants to be models) also strings, numbers,
    /// booleans, maps and lists of those or of objects (Discord's nonce, an
    /// integer or a string; an input that is a string or a list of them),
    /// each then a variant named after its type. So that no two share a
    /// variant name, no two such branches may be of the same JSON type
    /// (a string and a date-time string would both be read as text); a
    /// branch of no type says nothing to tell it apart.
    pub fn union_members_ok(&self, schema: &Value) -> bool {
        let Some((kept, _, _)) = branches(schema) else {
            return false;
        };
        if kept.iter().all(|(_, b)| self.is_model(b, 0)) {
            return true;
        }
        if schema.get("discriminator").is_some() {
            return false;
        }
        let mut seen = BTreeSet::new();
        kept.iter()
            .all(|(i, b)| self.member_kind(b, *i, 0).is_some_and(|k| seen.insert(k)))
    }

    /// What tells a union member apart (see [`Importer::union_members_ok`]):
    /// its JSON type for a scalar, `list<…>` of its item's for a list, and
    /// for an object its place (each object is a type of its own, named).
    fn member_kind(&self, branch: &Value, place: usize, depth: usize) -> Option<String> {
        if depth > 8 {
            return None;
        }
        if let Some(target) = str_of(branch, "$ref") {
            let resolved = self.doc.at(target)?;
            return if self.is_model(resolved, 0) {
                // Its variant is named after it: a model called `String`
                // would take the variant of a string branch.
                let name = self.component_name(target).map(|(_, n)| n);
                Some(name.map_or_else(
                    || format!("object {target}"),
                    |n| naming::camel(&n).to_lowercase(),
                ))
            } else {
                self.member_kind(resolved, place, depth + 1)
            };
        }
        if self.is_model(branch, 0) {
            return Some(format!("object {place}"));
        }
        let (ty, _, count) = base_type(branch);
        if count != 1 || branches(branch).is_some() || str_of(branch, "format") == Some("binary") {
            return None;
        }
        match ty.as_deref()? {
            t @ ("string" | "integer" | "number" | "boolean") => Some(t.to_owned()),
            // An object of no properties is a map (`map<…>`), its variant
            // named after its values.
            "object" => Some("map".to_owned()),
            "array" => {
                let item = self.member_kind(branch.get("items")?, place, depth + 1)?;
                Some(format!("list<{item}>"))
            }
            _ => None,
        }
    }

    /// Whether `schema` (through references and single `allOf` parts) is an object with properties.
    pub fn is_model(&self, schema: &Value, depth: usize) -> bool {
        if depth > 16 {
            return false;
        }
        if let Some(target) = str_of(schema, "$ref") {
            return self
                .doc
                .at(target)
                .is_some_and(|s| self.is_model(s, depth + 1));
        }
        match self.schema_shape(schema) {
            Shape::Model => true,
            Shape::Inline => schema
                .get("allOf")
                .and_then(Value::as_array)
                .and_then(|p| p.first())
                .is_some_and(|p| self.is_model(p, depth + 1)),
            _ => false,
        }
    }

    /// Registers every component schema that becomes a named type, in
    /// document order, so references resolve before any is defined.
    pub fn register_components(&mut self) {
        let schemas: Vec<(String, Value)> = entries(self.doc.components("schemas"))
            .map(|(k, v)| (k.to_owned(), v.clone()))
            .collect();
        for (key, schema) in &schemas {
            if matches!(
                self.kind(schema),
                Shape::Model | Shape::Enum | Shape::Union | Shape::Primitive
            ) {
                let camel = naming::camel(key);
                let name = if self.hand_types.contains(&camel) {
                    camel
                } else {
                    self.alloc(&camel, &doc::child("#/components/schemas", key))
                };
                self.component_names.insert(key.clone(), name);
            }
        }
    }

    /// A fresh type name from `wanted`, never one already given out.
    pub fn alloc(&mut self, wanted: &str, pointer: &str) -> String {
        let mut base = naming::camel(wanted);
        if sdkgen::names::TYPES.contains(&base.as_str()) {
            base.push_str("Model");
        }
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name)
            || self.hand_types.contains(&name)
            || self.modules.contains(&naming::snake(&name))
        {
            name = format!("{base}{n}");
            n += 1;
        }
        if n > 2 && !pointer.is_empty() {
            self.report.add(
                pointer,
                format!("named `{name}`: `{base}` is taken by another type"),
            );
        }
        self.modules.insert(naming::snake(&name));
        self.taken.insert(name.clone());
        name
    }

    /// Names and defines an inline model, union or enum found at `pointer`.
    pub fn inline_type(&mut self, pointer: &str, schema: &Value, context: &str) -> String {
        if let Some(name) = self.inline_cache.get(pointer) {
            return name.clone();
        }
        let title = str_of(schema, "title")
            .filter(|t| naming::camel(t).len() > 2 && shape(schema) != Shape::Enum);
        let wanted = match title {
            Some(t) if !self.taken.contains(&naming::camel(t)) => naming::camel(t),
            _ => context.to_owned(),
        };
        let name = self.alloc(&wanted, "");
        self.inline_cache.insert(pointer.to_owned(), name.clone());
        self.define(pointer, schema, &name);
        name
    }

    /// Defines the component schema `key` under its registered name.
    pub fn define_component(&mut self, key: &str) {
        let pointer = doc::child("#/components/schemas", key);
        let schema = self
            .doc
            .components("schemas")
            .get(key)
            .cloned()
            .unwrap_or(Value::Null);
        let name = self.component_names[key].clone();
        self.define(&pointer, &schema, &name);
    }

    fn define(&mut self, pointer: &str, schema: &Value, name: &str) {
        let kind = self.kind(schema);
        let node = match kind {
            Shape::Enum => self.enum_def(pointer, schema),
            Shape::Union => self.union_def(pointer, schema, name),
            Shape::Primitive => self.alias_def(pointer, schema),
            Shape::Model | Shape::Inline => self.model_def(pointer, schema, name),
        };
        let section = section_of(kind);
        self.defs.insert(
            name.to_owned(),
            Def {
                section,
                node,
                pointer: pointer.to_owned(),
            },
        );
    }

    fn enum_def(&mut self, pointer: &str, schema: &Value) -> Node {
        let mut node = Node::map();
        describe(&mut node, schema);
        node.set(
            "values",
            enum_value_list(
                &mut self.report,
                pointer,
                &enum_values(schema),
                &crate::enum_values::value_descriptions(schema),
            ),
        );
        // An enum's listed values are its constraint; anything else is not checked.
        self.constraints(pointer, &mut Node::map(), schema, "enum");
        node
    }

    fn alias_def(&mut self, pointer: &str, schema: &Value) -> Node {
        let mut node = Node::map();
        let expr = self.primitive(pointer, schema);
        node.set("type", Node::str(expr.clone()));
        describe(&mut node, schema);
        describe_values(&mut node, schema);
        if let Some(e) = example(schema) {
            node.set("example", e);
        }
        self.constraints(pointer, &mut node, schema, &expr);
        node
    }

    fn union_def(&mut self, pointer: &str, schema: &Value, name: &str) -> Node {
        let mut node = Node::map();
        describe(&mut node, schema);
        let (kept, _, key) = branches(schema).expect("a union has branches");
        let repeated = crate::branches::repeated_branches(schema);
        if repeated > 0 {
            self.report.add(
                &doc::child(pointer, key),
                if repeated == 1 {
                    "a branch written the same as an earlier one: left out, as it adds no member"
                        .to_owned()
                } else {
                    format!("{repeated} branches written the same as earlier ones: left out, as they add no member")
                },
            );
        }
        let mut members: Vec<String> = Vec::new();
        let mut member_targets: Vec<(String, String)> = Vec::new();
        for (i, branch) in kept {
            let at = doc::child(&doc::child(pointer, key), &i.to_string());
            // An inline branch is named for what sets it apart: its first property (`ContactByEmail`).
            let first = branch
                .get("properties")
                .and_then(Value::as_object)
                .and_then(|p| p.keys().next())
                .map(String::as_str);
            let context = match first {
                Some(p) => format!("{name}By{}", naming::camel(p)),
                None => format!("{name}Option{}", i + 1),
            };
            let ty = self.ty(&at, branch, &context, false);
            if !members.contains(&ty.expr) {
                members.push(ty.expr.clone());
            }
            if let Some(r) = str_of(branch, "$ref") {
                member_targets.push((r.to_owned(), ty.expr));
            }
        }
        if let Some(d) = schema.get("discriminator") {
            let mut disc = Node::map();
            disc.set(
                "property",
                Node::str(str_of(d, "propertyName").unwrap_or_default()),
            );
            let property = str_of(d, "propertyName").unwrap_or_default().to_owned();
            let mut mapping = Node::map();
            // Members and values the document's mapping names.
            let mut mapped: Vec<String> = Vec::new();
            let mut values: Vec<String> = Vec::new();
            for (value, target) in d
                .get("mapping")
                .and_then(Value::as_object)
                .map(entries)
                .into_iter()
                .flatten()
            {
                let target = target.as_str().unwrap_or_default();
                let full = if target.starts_with('#') {
                    target.to_owned()
                } else {
                    format!("{SCHEMAS}{target}")
                };
                match member_targets.iter().find(|(r, _)| *r == full) {
                    Some((_, member)) => {
                        mapped.push(member.clone());
                        values.push(value.to_owned());
                        mapping.set(value, Node::str(member.clone()));
                    }
                    None => self.report.add(
                        &doc::child(&doc::child(pointer, "discriminator"), "mapping"),
                        format!(
                            "mapping `{value}` names `{target}`, which is not a branch: left out"
                        ),
                    ),
                }
            }
            let mut implied: Vec<String> = Vec::new();
            for (target, member) in &member_targets {
                if mapped.contains(member) {
                    continue;
                }
                for value in self.tag_values(target, &property) {
                    if values.contains(&value) {
                        continue;
                    }
                    values.push(value.clone());
                    implied.push(format!("`{value}` selects `{member}`"));
                    mapping.set(&value, Node::str(member.clone()));
                }
            }
            if !implied.is_empty() {
                self.report.add(
                    &doc::child(pointer, "discriminator"),
                    format!("members the mapping does not name are selected by the values their `{property}` allows, not by their names: {}", implied.join(", ")),
                );
            }
            if mapping.len() > 0 {
                disc.set("mapping", mapping);
            }
            node.set("discriminator", disc);
        } else if members.len() < 2 {
            self.report.add(
                pointer,
                "a `oneOf` whose branches are all one type: kept as a union of one member",
            );
        }
        node.set(
            "one_of",
            Node::List(members.into_iter().map(Node::Str).collect()),
        );
        node
    }

    /// The values property `property` of the schema at `target` allows
    /// (see [`sdkgen_openapi::schema::allowed_values`]): the values that
    /// select it in a discriminated union whose mapping does not name it,
    /// as its own name (OpenAPI's implicit value) could never appear in
    /// that property. Empty when the property takes any string.
    fn tag_values(&self, target: &str, property: &str) -> Vec<String> {
        let prop = self
            .doc
            .at(target)
            .and_then(|schema| schema.get("properties")?.get(property));
        prop.and_then(|p| sdkgen_openapi::schema::allowed_values(p, &|v| self.doc.resolve(v)))
            .into_iter()
            .flatten()
            .map(str::to_owned)
            .collect()
    }
}

/// `description` (and `title` when there is no description) of `schema` onto `node`.
pub fn describe(node: &mut Node, schema: &Value) {
    if let Some(t) = description_of(schema) {
        node.set("description", Node::str(t));
    }
}

/// What a schema says of itself: its `description`, else its `title`,
/// trimmed; none when both are missing or blank.
pub fn description_of(schema: &Value) -> Option<&str> {
    str_of(schema, "description")
        .or_else(|| str_of(schema, "title"))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The spec section a type of shape `kind` is defined in (an inline shape
/// that is defined at all is a model).
pub fn section_of(kind: Shape) -> &'static str {
    match kind {
        Shape::Enum => "enums",
        Shape::Union => "unions",
        Shape::Primitive => "aliases",
        Shape::Model | Shape::Inline => "models",
    }
}

/// Adds to the description of a scalar the values its
/// [`value_branches`](crate::enum_values::value_branches) list and what each
/// branch says of its own (Discord's `1` is `ACTION_ROW`, "Container for
/// other components"): the SDK takes any value of the type, so its doc is
/// where a caller learns them.
fn describe_values(node: &mut Node, schema: &Value) {
    let listed: Vec<String> = crate::enum_values::value_branches(schema)
        .into_iter()
        .flatten()
        .filter_map(|branch| {
            let value = crate::enum_values::const_of(branch).filter(|v| !v.is_null())?;
            let said = |key| str_of(branch, key).map(str::trim).filter(|t| !t.is_empty());
            Some(match (said("title"), said("description")) {
                (Some(t), Some(d)) => format!("- `{value}` ({t}): {d}"),
                (Some(t), None) | (None, Some(t)) => format!("- `{value}`: {t}"),
                (None, None) => format!("- `{value}`"),
            })
        })
        .collect();
    if listed.is_empty() {
        return;
    }
    let head = description_of(schema);
    let values = format!("Values:\n\n{}", listed.join("\n"));
    let text = match head {
        Some(h) => format!("{h}\n\n{values}"),
        None => values,
    };
    node.set("description", Node::str(text));
}

/// The schema's example (3.0 `example`, or the first of 3.1 `examples`).
pub fn example(schema: &Value) -> Option<Node> {
    schema
        .get("example")
        .or_else(|| {
            schema
                .get("examples")
                .and_then(Value::as_array)
                .and_then(|e| e.first())
        })
        .map(Node::from_value)
}

/// Enum values as spec `values`, with a `rust_name` where two values would
/// get one variant name or a value would become the reserved `UnknownValue`
/// (see [`rename`]); each renaming is reported at `pointer`.
///
/// A value `descriptions` says something of (see
/// [`crate::enum_values::value_descriptions`]) is written with its description.
pub fn enum_value_list(
    report: &mut Report,
    pointer: &str,
    values: &[String],
    descriptions: &BTreeMap<String, String>,
) -> Node {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut list = Vec::new();
    for v in values {
        let plain = naming::camel(v);
        let rust = rename::pick(&mut seen, v, plain.clone(), Case::Camel, &[], |n| {
            n != "UnknownValue"
        });
        let description = descriptions.get(v);
        if rust == plain && description.is_none() {
            list.push(Node::str(v.clone()));
            continue;
        }
        let mut m = Node::map();
        m.set("value", Node::str(v.clone()));
        if let Some(d) = description {
            m.set("description", Node::str(d.clone()));
        }
        if rust != plain {
            rename::report(report, pointer, v, &plain, &rust, "the enum's values");
            m.set("rust_name", Node::Str(rust));
        }
        list.push(m);
    }
    Node::List(list)
}
