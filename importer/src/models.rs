//! Object schemas as spec `models`: a schema's own properties and those of
//! the parts it combines with `allOf`, as one model (named parents kept as
//! `all_of` where they can be).

use std::collections::{BTreeMap, BTreeSet};

use sdkgen::naming;
use serde_json::{Map, Value};

use crate::Importer;
use crate::branches::branches;
use crate::defs::{SCHEMAS, describe};
use crate::doc::{self, entries, str_of};
use crate::out::Node;
use crate::types::{Shape, constraint_branches};

/// A schema's `allOf` parts, flattened.
struct Parts {
    /// Named component models kept as `all_of` parents, by pointer.
    parents: Vec<String>,
    /// Wire names of the parents' properties.
    inherited: BTreeSet<String>,
    /// Every other part (the schema itself first), with its pointer.
    parts: Vec<(String, Value)>,
    /// Indexes of parts that are branches of a `oneOf`/`anyOf` combined
    /// with `allOf`: one of them applies, so their properties are optional.
    alternatives: BTreeSet<usize>,
}

impl Importer<'_> {
    /// The model of the object schema at `pointer`, named `name`.
    pub(crate) fn model_def(&mut self, pointer: &str, schema: &Value, name: &str) -> Node {
        let mut node = Node::map();
        describe(&mut node, schema);
        if let Some(key) = constraint_branches(schema) {
            self.report.add(&doc::child(pointer, key), format!("a `{key}` of branches that only require properties: the model has every property, and which ones must be set together is not checked"));
        }
        if schema.get("discriminator").is_some() && branches(schema).is_none() {
            self.report.add(pointer, "a `discriminator` without `oneOf`: the model is kept, subtypes refer to it through `allOf`");
        }
        // A parent whose object property another part declares again cannot
        // stay a parent: the field would be defined twice. Its properties are
        // merged in instead, so the two definitions can be combined.
        let mut demoted: BTreeSet<String> = BTreeSet::new();
        let collected = loop {
            let collected = self.all_of_parts(pointer, schema, &demoted);
            let clashing: Vec<String> = collected
                .parents
                .iter()
                .filter(|p| {
                    self.redefines_object(p, &collected.parts)
                        || self.declares_undeclared(p, &collected.parts)
                })
                .cloned()
                .collect();
            if clashing.is_empty() {
                break collected;
            }
            demoted.extend(clashing);
        };
        let Parts {
            parents,
            inherited,
            parts,
            alternatives,
        } = collected;
        let parent_props: Vec<(String, Value)> = parents
            .iter()
            .filter_map(|r| self.doc.at(r))
            .flat_map(|p| self.property_schemas(p, 0))
            .collect();
        let parents: Vec<String> = parents
            .iter()
            .filter_map(|r| self.named_component(r))
            .collect();
        if !parents.is_empty() {
            node.set(
                "all_of",
                Node::List(parents.iter().cloned().map(Node::Str).collect()),
            );
        }
        let required: BTreeSet<String> = parts
            .iter()
            .enumerate()
            .filter(|(i, _)| !alternatives.contains(i))
            .flat_map(|(_, (_, p))| doc::required(p).map(str::to_owned))
            .collect();
        // Every definition of each property, in the order first met.
        let mut order: Vec<String> = Vec::new();
        let mut definitions: BTreeMap<String, Vec<(String, Value)>> = BTreeMap::new();
        for (at, part) in &parts {
            for (wire, prop) in part
                .get("properties")
                .and_then(Value::as_object)
                .map(entries)
                .into_iter()
                .flatten()
            {
                let prop_at = doc::child(&doc::child(at, "properties"), wire);
                if inherited.contains(wire) {
                    let kept = parent_props
                        .iter()
                        .any(|(w, p)| w == wire && self.covers(p, prop));
                    if !kept {
                        self.report.add(&prop_at, format!("property `{wire}` is also defined by a part this schema combines with `allOf`: the first definition is kept"));
                    }
                    continue;
                }
                let seen = definitions.entry(wire.to_owned()).or_default();
                if seen.is_empty() {
                    order.push(wire.to_owned());
                }
                // A definition another one already says all of (the same
                // part met twice, or a copy) adds nothing; one that says
                // more replaces those it covers.
                if !seen.iter().any(|(_, d)| self.covers(d, prop)) {
                    seen.retain(|(_, d)| !self.covers(prop, d));
                    seen.push((prop_at, prop.clone()));
                }
            }
        }
        let mut fields = Node::map();
        let mut rust_names: BTreeSet<String> = inherited.iter().map(|w| naming::snake(w)).collect();
        for wire in &order {
            let defs = &definitions[wire];
            let (first_at, first) = &defs[0];
            let (at, prop) = if defs.len() == 1 {
                (first_at, first.clone())
            } else if defs.iter().all(|(_, d)| self.is_model(d, 0)) {
                // `allOf` asks a value to meet every part, so an object
                // property declared by several parts has all their
                // properties: one model combining the definitions. It is
                // placed at the last definition: the first may be another
                // model's property, with an inline type of its own there.
                (&defs[defs.len() - 1].0, combined(defs))
            } else {
                for (at, _) in &defs[1..] {
                    self.report.add(at, format!("property `{wire}` is also defined by a part this schema combines with `allOf`: the first definition is kept"));
                }
                (first_at, first.clone())
            };
            let field = self.field(
                at,
                &prop,
                name,
                wire,
                required.contains(wire),
                &mut rust_names,
            );
            fields.set(wire, field);
        }
        self.carry_undeclared_required(
            &parts,
            &alternatives,
            &inherited,
            &mut fields,
            name,
            &mut rust_names,
        );
        let mut additional: Option<String> = None;
        for (at, part) in &parts {
            match part.get("additionalProperties") {
                Some(Value::Bool(true)) => additional = Some("any".into()),
                Some(ap @ Value::Object(_)) => {
                    let t = self.ty(
                        &doc::child(at, "additionalProperties"),
                        ap,
                        &format!("{name}Value"),
                        false,
                    );
                    additional = Some(if t.nullable && t.expr != "any" {
                        format!("{}?", t.expr)
                    } else {
                        t.expr
                    });
                }
                _ => {}
            }
        }
        if let Some(a) = additional {
            if rust_names.contains("additional_properties") {
                self.report.add(pointer, "a property named `additional_properties` beside `additionalProperties`: the extra keys are not kept");
            } else {
                node.set("additional_properties", Node::Str(a));
            }
        }
        if fields.len() > 0 {
            node.set("fields", fields);
        } else if parents.is_empty() && !node.has("additional_properties") {
            node.set("additional_properties", Node::str("any"));
        }
        node
    }

    /// The schema's `allOf` parts (and theirs), telling named parents from
    /// parts whose properties are merged in; `demoted` parents are merged in.
    fn all_of_parts(&mut self, pointer: &str, schema: &Value, demoted: &BTreeSet<String>) -> Parts {
        let mut out = Parts {
            parents: Vec::new(),
            inherited: BTreeSet::new(),
            parts: vec![(pointer.to_owned(), schema.clone())],
            alternatives: BTreeSet::new(),
        };
        let mut i = 0;
        while i < out.parts.len() {
            let (at, part) = out.parts[i].clone();
            if i > 0 {
                self.alternative_parts(&at, &part, &mut out);
            }
            for (j, member) in part
                .get("allOf")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let member_at = doc::child(&doc::child(&at, "allOf"), &j.to_string());
                let named = str_of(member, "$ref")
                    .and_then(|r| self.doc.at(r).map(|s| (r.to_owned(), s.clone())));
                // A schema combined twice (directly and through another
                // part) is met once.
                if let Some((r, _)) = &named {
                    if out.parents.contains(r) || out.parts.iter().any(|(at, _)| at == r) {
                        continue;
                    }
                }
                if out.alternatives.contains(&i) {
                    // Under a branch, every part stays optional: merged in, never a parent.
                    out.alternatives.insert(out.parts.len());
                    out.parts.push(named.unwrap_or((member_at, member.clone())));
                    continue;
                }
                match named {
                    // A parent sharing a property with an earlier one cannot be a second `all_of`
                    // (the field would be defined twice): its other properties are merged in instead.
                    Some((r, target))
                        if self.kind(&target) == Shape::Model
                            && r.starts_with(SCHEMAS)
                            && !demoted.contains(&r)
                            && self.component_name(&r).is_some()
                            && !self
                                .carried_fields(&target)
                                .iter()
                                .any(|w| out.inherited.contains(w)) =>
                    {
                        out.inherited.extend(self.carried_fields(&target));
                        out.parents.push(r);
                    }
                    Some((r, target)) => out.parts.push((r, target)),
                    None => out.parts.push((member_at, member.clone())),
                }
            }
            i += 1;
        }
        out
    }

    /// The branches of a `oneOf`/`anyOf` that `part` (an `allOf` part at
    /// `at`) holds, added to `out` as alternatives.
    fn alternative_parts(&mut self, at: &str, part: &Value, out: &mut Parts) {
        let Some((key, list)) = ["oneOf", "anyOf"]
            .into_iter()
            .find_map(|k| part.get(k).and_then(Value::as_array).map(|l| (k, l)))
        else {
            return;
        };
        self.report.add(at, format!("a `{key}` combined with `allOf`: the properties of its branches are optional fields of the model"));
        // The tag of a discriminated one is a field too, though the
        // branches may not declare it.
        let declared = |tag: &str| {
            out.parts
                .iter()
                .any(|(_, p)| p.get("properties").and_then(|pp| pp.get(tag)).is_some())
        };
        if let Some(tag) = part
            .get("discriminator")
            .and_then(|d| str_of(d, "propertyName"))
            .filter(|t| !declared(t))
        {
            let mut props = Map::new();
            props.insert(tag.into(), serde_json::json!({"type": "string"}));
            let mut tag_part = Map::new();
            tag_part.insert("properties".into(), Value::Object(props));
            out.alternatives.insert(out.parts.len());
            out.parts.push((
                doc::child(&doc::child(at, "discriminator"), "propertyName"),
                Value::Object(tag_part),
            ));
        }
        for (j, branch) in list.iter().enumerate() {
            let branch_at = doc::child(&doc::child(at, key), &j.to_string());
            let resolved = str_of(branch, "$ref")
                .and_then(|r| self.doc.at(r).map(|t| (r.to_owned(), t.clone())));
            out.alternatives.insert(out.parts.len());
            out.parts
                .push(resolved.unwrap_or((branch_at, branch.clone())));
        }
    }

    /// Whether a part other than the parent at `parent` declares again one
    /// of the parent's properties, both definitions being objects.
    fn redefines_object(&self, parent: &str, parts: &[(String, Value)]) -> bool {
        let Some(target) = self.doc.at(parent) else {
            return false;
        };
        let own = self.property_schemas(target, 0);
        parts.iter().any(|(_, part)| {
            part.get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .any(|(wire, prop)| {
                    self.is_model(prop, 0)
                        && own
                            .iter()
                            .any(|(w, p)| w == wire && self.is_model(p, 0) && !self.covers(p, prop))
                })
        })
    }

    /// Whether a part declares a property the parent at `parent` has only
    /// as a field of any value, carried because it requires the name
    /// without declaring it (Box's `--Base` schemas require what only their
    /// `--Mini` variants declare): the declared definition is the one to
    /// keep, so the parent is merged in rather than inherited with a second
    /// field of the same name.
    fn declares_undeclared(&self, parent: &str, parts: &[(String, Value)]) -> bool {
        let Some(target) = self.doc.at(parent) else {
            return false;
        };
        let undeclared = self.undeclared_required_names(target);
        !undeclared.is_empty()
            && parts.iter().any(|(_, part)| {
                part.get("properties")
                    .and_then(Value::as_object)
                    .is_some_and(|props| undeclared.iter().any(|name| props.contains_key(name)))
            })
    }

    /// Wire names of every field a model of `schema` has: its properties
    /// (its `allOf` parts' included) and the names it requires without
    /// declaring, which it carries as fields too
    /// ([`Importer::carry_undeclared_required`]).
    fn carried_fields(&self, schema: &Value) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = self.wire_fields(schema, 0).into_iter().collect();
        out.extend(self.undeclared_required_names(schema));
        out
    }

    /// Every property of a model with its schema, its `allOf` parts included.
    fn property_schemas(&self, schema: &Value, depth: usize) -> Vec<(String, Value)> {
        if depth > 16 {
            return Vec::new();
        }
        if let Some(target) = str_of(schema, "$ref").and_then(|r| self.doc.at(r)) {
            return self.property_schemas(target, depth + 1);
        }
        let mut out: Vec<(String, Value)> = Vec::new();
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.extend(self.property_schemas(part, depth + 1));
        }
        out.extend(
            schema
                .get("properties")
                .and_then(Value::as_object)
                .map(entries)
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.to_owned(), v.clone())),
        );
        out
    }

    /// Whether definition `a` says all that `b` does: the same schema, or
    /// both objects and every property of `b` declared alike by `a`, so a
    /// value read as `a` keeps whatever `b` describes.
    fn covers(&self, a: &Value, b: &Value) -> bool {
        if same_schema(a, b) {
            return true;
        }
        if !(self.is_model(a, 0) && self.is_model(b, 0)) {
            return false;
        }
        let of_a = self.property_schemas(a, 0);
        self.property_schemas(b, 0)
            .iter()
            .all(|(wire, pb)| of_a.iter().any(|(w, pa)| w == wire && same_schema(pa, pb)))
    }

    /// Wire names of every property of a model, its `allOf` parts included.
    pub fn wire_fields(&self, schema: &Value, depth: usize) -> Vec<String> {
        self.property_schemas(schema, depth)
            .into_iter()
            .map(|(wire, _)| wire)
            .collect()
    }
}

/// One schema requiring every definition of a property (its description
/// the first one's that has any).
fn combined(definitions: &[(String, Value)]) -> Value {
    let mut schema = Map::new();
    if let Some(d) = definitions
        .iter()
        .find_map(|(_, d)| d.get("description").cloned())
    {
        schema.insert("description".into(), d);
    }
    schema.insert(
        "allOf".into(),
        Value::Array(definitions.iter().map(|(_, d)| d.clone()).collect()),
    );
    Value::Object(schema)
}

/// Whether two definitions of a property say the same of its values: the
/// same schema but for the words describing it.
fn same_schema(a: &Value, b: &Value) -> bool {
    let strip = |v: &Value| -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(k, _)| {
                        !matches!(k.as_str(), "description" | "title" | "example" | "examples")
                    })
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            other => other.clone(),
        }
    };
    strip(a) == strip(b)
}
