//! Models: their fields in wire order, `all_of` parents' fields first.

use std::collections::BTreeMap;

use super::types::inline_enum_name;
use super::{Lowerer, yaml_to_json};
use crate::diag::KeyPath;
use crate::ir::{Field, Model, TypeDef};
use crate::naming;
use crate::spec::{self, SpecFile, ValueSpec};

/// The field that keeps undeclared keys when `additional_properties` is set.
const ADDITIONAL_PROPERTIES: &str = "additional_properties";

/// The nearest `all_of` parent of `name` (depth first, in order) that keeps
/// undeclared keys, and their type.
fn open_parent<'a>(
    name: &str,
    specs: &BTreeMap<&'a str, &'a spec::ModelSpec>,
    depth: usize,
) -> Option<(&'a str, &'a String)> {
    // Cycles are reported by `inherit`; the depth bound only stops this walk.
    if depth > 32 {
        return None;
    }
    for parent in &specs.get(name)?.all_of {
        let (key, m) = specs.get_key_value(parent.as_str())?;
        if let Some(t) = &m.additional_properties {
            return Some((key, t));
        }
        if let Some(found) = open_parent(parent, specs, depth + 1) {
            return Some(found);
        }
    }
    None
}

impl Lowerer<'_> {
    pub(super) fn models(&mut self, file: &SpecFile) {
        let specs: BTreeMap<&str, &spec::ModelSpec> =
            file.models.iter().map(|(n, m)| (n.as_str(), m)).collect();
        for (name, m) in &file.models {
            let path = KeyPath::default().key("models").key(name);
            let mut fields: Vec<Field> = Vec::new();
            // all_of members first, in order, recursively.
            let mut chain = vec![name.clone()];
            for (i, parent) in m.all_of.iter().enumerate() {
                self.inherit(
                    parent,
                    &specs,
                    &mut chain,
                    &mut fields,
                    &path.key("all_of").index(i),
                );
            }
            for (wire, f) in &m.fields {
                if let Some(field) = self.field(name, wire, f, &path.key("fields").key(wire), None)
                {
                    fields.push(field);
                }
            }
            self.check_field_names(name, &fields, &path);
            // Undeclared keys are kept as the model says, else as the first
            // parent that keeps them does: a model extending an open one is open too.
            let additional_properties = match &m.additional_properties {
                Some(t) => self.ty(t, &path.key("additional_properties")),
                None => match open_parent(name, &specs, 0) {
                    Some((parent, t)) => self.ty(
                        t,
                        &KeyPath::default()
                            .key("models")
                            .key(parent)
                            .key("additional_properties"),
                    ),
                    None => None,
                },
            };
            if additional_properties.is_some()
                && fields.iter().any(|f| f.rust_name == ADDITIONAL_PROPERTIES)
            {
                self.error(&path.key("additional_properties"), format!("a field named `{ADDITIONAL_PROPERTIES}` clashes with the map that keeps undeclared keys"));
            }
            let rust = naming::camel(name);
            let parents = m
                .all_of
                .iter()
                .filter_map(|p| self.types.get(p).cloned())
                .collect();
            let model = Model {
                module: naming::snake(&rust),
                name: rust,
                spec_name: name.clone(),
                doc: m.description.clone(),
                fields,
                additional_properties,
                parents,
            };
            let r = self.types.get(name).cloned();
            self.define(r.as_ref(), TypeDef::Model(model));
        }
    }

    fn inherit(
        &mut self,
        parent: &str,
        specs: &BTreeMap<&str, &spec::ModelSpec>,
        chain: &mut Vec<String>,
        fields: &mut Vec<Field>,
        path: &KeyPath,
    ) {
        let Some((parent_key, m)) = specs.get_key_value(parent) else {
            let what = if self.types.contains_key(parent) {
                "is not a model"
            } else {
                "is not defined"
            };
            let help = naming::closest(parent, specs.keys().copied())
                .map(|b| format!("did you mean `{b}`?"))
                .unwrap_or_else(|| "`all_of` lists models".into());
            self.error_help(path, format!("`all_of` member `{parent}` {what}"), help);
            return;
        };
        if chain.iter().any(|c| c == parent_key) {
            self.error(
                path,
                format!("`all_of` cycle: {} → {parent}", chain.join(" → ")),
            );
            return;
        }
        chain.push(parent.to_owned());
        let ppath = KeyPath::default().key("models").key(parent);
        for (i, grand) in m.all_of.iter().enumerate() {
            self.inherit(grand, specs, chain, fields, &ppath.key("all_of").index(i));
        }
        for (wire, f) in &m.fields {
            if let Some(field) = self.field(
                parent,
                wire,
                f,
                &ppath.key("fields").key(wire),
                Some(parent),
            ) {
                fields.push(field);
            }
        }
        chain.pop();
    }

    fn check_field_names(&mut self, model: &str, fields: &[Field], path: &KeyPath) {
        let mut wires: BTreeMap<&str, &Field> = BTreeMap::new();
        let mut rusts: BTreeMap<&str, &Field> = BTreeMap::new();
        for f in fields {
            let fpath = path.key("fields").key(&f.wire_name);
            if let Some(other) = wires.insert(&f.wire_name, f) {
                let from = |x: &Field| {
                    x.inherited_from
                        .clone()
                        .map(|m| format!(" (from `{m}`)"))
                        .unwrap_or_default()
                };
                self.error(
                    &fpath,
                    format!(
                        "model `{model}` has the field `{}` twice{}{}",
                        f.wire_name,
                        from(other),
                        from(f)
                    ),
                );
                continue;
            }
            if let Some(other) = rusts.insert(&f.rust_name, f) {
                self.error_help(
                    &fpath,
                    format!(
                        "fields `{}` and `{}` of model `{model}` both become `{}`",
                        other.wire_name, f.wire_name, f.rust_name
                    ),
                    "set `rust_name` on one of them".into(),
                );
            }
        }
    }

    fn field(
        &mut self,
        model: &str,
        wire: &str,
        f: &ValueSpec,
        path: &KeyPath,
        inherited_from: Option<&str>,
    ) -> Option<Field> {
        if f.name.is_some() {
            self.error(
                &path.key("name"),
                "`name` is for parameters; a field's wire name is its key".into(),
            );
        }
        if f.location.is_some() {
            self.error(
                &path.key("in"),
                "`in` is for parameters, not model fields".into(),
            );
        }
        for (key, set) in [
            ("style", f.style.is_some()),
            ("explode", f.explode.is_some()),
        ] {
            if set {
                self.error(
                    &path.key(key),
                    format!("`{key}` is for query parameters, not model fields"),
                );
            }
        }
        let inline = f
            .inline_enum
            .as_ref()
            .map(|_| inline_enum_name(model, wire, f.enum_name.as_ref()));
        let typed = self.value_type(f, inline, path);
        let nullable = f.nullable || typed.as_ref().is_some_and(|(_, n)| *n);
        let ty = typed.map(|(t, _)| t);
        let constraints = self.constraints(f, ty.as_ref(), path);
        let constraints = self.with_alias_constraints(ty.as_ref(), constraints);
        let rust_name = self.rust_name(wire, f.rust_name.as_deref(), path);
        Some(Field {
            wire_name: wire.to_owned(),
            rust_name,
            ty: ty?,
            required: f.required.unwrap_or(false),
            nullable,
            read_only: f.read_only,
            deprecated: f.deprecated,
            default: f.default.as_ref().map(yaml_to_json),
            example: f.example.as_ref().map(yaml_to_json),
            constraints,
            boxed: false,
            doc: f.description.clone(),
            inherited_from: inherited_from.map(naming::camel),
        })
    }

    /// The Rust name of a field or parameter: the `rust_name` override, checked, or the wire name in snake_case.
    pub(super) fn rust_name(&mut self, wire: &str, over: Option<&str>, path: &KeyPath) -> String {
        match over {
            Some(r) => {
                if !naming::is_identifier(r) {
                    self.error(
                        &path.key("rust_name"),
                        format!("`{r}` is not a valid Rust identifier"),
                    );
                } else if !naming::is_snake_case(r) {
                    self.error_help(
                        &path.key("rust_name"),
                        format!("`{r}` is not snake_case, which field and parameter names must be"),
                        format!("use `{}`", naming::snake(r)),
                    );
                } else if r.starts_with('_') {
                    // Its setter, `with_` and the name, would hold a doubled
                    // `_`, which the `non_snake_case` lint refuses.
                    self.error_help(
                        &path.key("rust_name"),
                        format!("`{r}` starts with `_`, which would give its setter `with_{r}` a doubled `_`"),
                        format!("use `{}`", naming::snake(r)),
                    );
                }
                r.to_owned()
            }
            None => naming::snake(wire),
        }
    }
}
