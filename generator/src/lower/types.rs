//! The type table and type expressions.
//!
//! Every type name (models, enums, unions, aliases and inline enums) is
//! registered before any definition is lowered, and gets its [`TypeId`]:
//! its position in the table sorted by Rust name. A type expression such as
//! `list<map<Device>>` then resolves to a [`Type`] whose named parts carry
//! their id and kind.

use std::collections::{BTreeMap, BTreeSet};

use super::{Lowerer, yaml_to_json};
use crate::diag::KeyPath;
use crate::ir::{Alias, Constraints, Kind, Primitive, Type, TypeDef, TypeId, TypeRef};
use crate::spec::{EnumValueSpec, SpecFile, ValueSpec};
use crate::{names, naming};

/// An inline enum found on a field or parameter, waiting to be registered.
pub(super) struct InlineEnum<'s> {
    /// Spec-level name (`<Owner><Field>` or `enum_name`).
    pub name: String,
    /// Where it was written, for its docs (`Model.field`, `method(param)`).
    pub owner: String,
    pub values: &'s [EnumValueSpec],
    pub doc: Option<String>,
    pub path: KeyPath,
}

/// The name an inline enum gets when `enum_name` does not set one.
pub(super) fn inline_enum_name(owner: &str, value: &str, set: Option<&String>) -> String {
    set.cloned()
        .unwrap_or_else(|| crate::names::inline_enum(owner, value))
}

impl Lowerer<'_> {
    pub(super) fn collect_inline_enums<'s>(&mut self, file: &'s SpecFile) -> Vec<InlineEnum<'s>> {
        let mut out = Vec::new();
        let root = KeyPath::default();
        for (model, m) in &file.models {
            for (field, f) in &m.fields {
                let path = root.key("models").key(model).key("fields").key(field);
                if let Some(values) = &f.inline_enum {
                    let name = inline_enum_name(model, field, f.enum_name.as_ref());
                    out.push(InlineEnum {
                        name,
                        owner: format!("{model}.{field}"),
                        values,
                        doc: f.description.clone(),
                        path: path.key("enum"),
                    });
                } else if f.enum_name.is_some() {
                    self.error(
                        &path.key("enum_name"),
                        "`enum_name` without `enum` values".into(),
                    );
                }
            }
        }
        for (service, s) in &file.services {
            for (method, m) in &s.methods {
                for (i, p) in m.parameters.iter().enumerate() {
                    let path = root
                        .key("services")
                        .key(service)
                        .key("methods")
                        .key(method)
                        .key("parameters")
                        .index(i);
                    let wire = p.name.clone().unwrap_or_default();
                    if let Some(values) = &p.inline_enum {
                        let name = inline_enum_name(method, &wire, p.enum_name.as_ref());
                        out.push(InlineEnum {
                            name,
                            owner: format!("{method}({wire})"),
                            values,
                            doc: p.description.clone(),
                            path: path.key("enum"),
                        });
                    } else if p.enum_name.is_some() {
                        self.error(
                            &path.key("enum_name"),
                            "`enum_name` without `enum` values".into(),
                        );
                    }
                }
            }
        }
        out
    }

    /// Gives every declared type name its id, kind and Rust name.
    pub(super) fn register_types(&mut self, file: &SpecFile, inline: &[InlineEnum]) {
        let root = KeyPath::default();
        let mut declared: Vec<(String, Kind, KeyPath)> = Vec::new();
        declared.extend(
            file.models
                .iter()
                .map(|(n, _)| (n.clone(), Kind::Model, root.key("models").key(n))),
        );
        declared.extend(
            file.enums
                .iter()
                .map(|(n, _)| (n.clone(), Kind::Enum, root.key("enums").key(n))),
        );
        declared.extend(
            file.unions
                .iter()
                .map(|(n, _)| (n.clone(), Kind::Union, root.key("unions").key(n))),
        );
        declared.extend(
            file.aliases
                .iter()
                .map(|(n, _)| (n.clone(), Kind::Alias, root.key("aliases").key(n))),
        );
        declared.extend(
            inline
                .iter()
                .map(|e| (e.name.clone(), Kind::Enum, e.path.clone())),
        );
        let nullable = file
            .models
            .iter()
            .filter(|(_, m)| m.nullable)
            .map(|(n, _)| n);
        let nullable = nullable.chain(
            file.enums
                .iter()
                .filter(|(_, e)| e.nullable)
                .map(|(n, _)| n),
        );
        let nullable = nullable.chain(
            file.unions
                .iter()
                .filter(|(_, u)| u.nullable)
                .map(|(n, _)| n),
        );
        let nullable = nullable.chain(
            file.aliases
                .iter()
                .filter(|(_, a)| a.nullable || a.ty.trim().ends_with('?'))
                .map(|(n, _)| n),
        );
        self.nullable = nullable.cloned().collect();
        let mut by_rust: BTreeMap<String, String> = BTreeMap::new();
        let mut by_module: BTreeMap<String, String> = BTreeMap::new();
        let mut accepted: Vec<(String, Kind, String)> = Vec::new();
        let mut seen = BTreeSet::new();
        for (name, kind, path) in declared {
            let rust = naming::camel(&name);
            if names::TYPES.contains(&rust.as_str()) {
                self.error(&path, format!("type name `{name}` would shadow `{rust}`, which generated code uses; choose another name"));
            }
            if !seen.insert(name.clone()) {
                self.error(&path, format!("type `{name}` is defined more than once (models, enums, unions and inline enums share one namespace)"));
                continue;
            }
            if let Some(other) = by_rust.insert(rust.clone(), name.clone()) {
                self.error_help(
                    &path,
                    format!("types `{other}` and `{name}` both become the Rust type `{rust}`"),
                    "rename one of them (or set `enum_name` on an inline enum)".into(),
                );
            }
            let module = naming::snake(&rust);
            if let Some(other) = by_module.insert(module.clone(), name.clone()) {
                if naming::camel(&other) != rust {
                    self.error(
                        &path,
                        format!("types `{other}` and `{name}` both become the module `{module}`"),
                    );
                }
            }
            accepted.push((name, kind, rust));
        }
        // Ids are positions in the table sorted by Rust name, so output order never depends on spec order.
        accepted.sort_by(|a, b| (&a.2, &a.0).cmp(&(&b.2, &b.0)));
        for (i, (name, kind, rust)) in accepted.into_iter().enumerate() {
            self.types.insert(
                name,
                TypeRef {
                    id: TypeId(i),
                    kind,
                    name: rust,
                },
            );
        }
        self.defs = vec![None; self.types.len()];
    }

    /// Parses a type expression such as `list<map<Device?>>`. A use of a
    /// type defined `nullable`, or any expression ending in `?`, is
    /// [`Type::Nullable`].
    pub(super) fn ty(&mut self, expr: &str, path: &KeyPath) -> Option<Type> {
        self.ty_in(expr.trim(), expr.trim(), path)
    }

    /// Parses `e`, a part of the expression `whole` (named when it is malformed).
    fn ty_in(&mut self, e: &str, whole: &str, path: &KeyPath) -> Option<Type> {
        let e = e.trim();
        if let Some(inner) = e.strip_suffix('?') {
            return self.ty_in(inner, whole, path).map(|t| match t {
                t @ Type::Nullable(_) => t,
                t => Type::Nullable(Box::new(t)),
            });
        }
        let inner = |prefix: &str| e.strip_prefix(prefix).and_then(|r| r.strip_suffix('>'));
        if let Some(rest) = inner("list<") {
            return self
                .ty_in(rest, whole, path)
                .map(|t| Type::List(Box::new(t)));
        }
        if let Some(rest) = inner("map<") {
            return self
                .ty_in(rest, whole, path)
                .map(|t| Type::Map(Box::new(t)));
        }
        if let Some(p) = Primitive::parse(e) {
            return Some(Type::Primitive(p));
        }
        if let Some(r) = self.types.get(e) {
            let named = Type::Named(r.clone());
            return Some(if self.nullable.contains(e) {
                Type::Nullable(Box::new(named))
            } else {
                named
            });
        }
        if e == "binary" {
            let help = "raw bytes travel as a whole request or response body, not inside JSON; for bytes inside JSON use `byte` (base64 text)";
            self.value_error(
                path,
                "`binary` is not a JSON type".into(),
                Some(help.into()),
            );
            return None;
        }
        let mut candidates: Vec<&str> = self.types.keys().map(String::as_str).collect();
        candidates.extend(Primitive::SPELLINGS.iter().map(|(s, _)| *s));
        let help = match naming::closest(e, candidates) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "use a primitive (string, integer, int32, int64, number, float, double, boolean, date-time, date, time, uri, email, uuid, byte, decimal, any), list<T>, map<T>, a model, enum, union or alias name, and `?` after a type whose values may be null".into(),
        };
        let message = if e.contains(['<', '>', '?']) {
            format!("malformed type expression `{whole}`")
        } else {
            format!("no type named `{e}`")
        };
        self.value_error(path, message, Some(help));
        None
    }

    /// A type expression at the top of a field, parameter or body, with
    /// its nullability folded out: the type, and whether `null` is allowed.
    pub(super) fn top_ty(&mut self, expr: &str, path: &KeyPath) -> Option<(Type, bool)> {
        self.ty(expr, path).map(Type::strip_nullable)
    }

    /// Type of a field or parameter: its expression, with an inline enum in
    /// place of `string`, and whether the type itself admits `null` (`T?`,
    /// or a type defined `nullable`).
    pub(super) fn value_type(
        &mut self,
        v: &ValueSpec,
        inline_name: Option<String>,
        path: &KeyPath,
    ) -> Option<(Type, bool)> {
        let Some(enum_name) = inline_name else {
            return self.top_ty(&v.ty, &path.key("type"));
        };
        // Registered in pass 1; absent only when its name clashed, which is reported there.
        let named = Type::Named(self.types.get(&enum_name)?.clone());
        match v.ty.trim() {
            "string" => Some((named, false)),
            "string?" => Some((named, true)),
            "list<string>" => Some((Type::List(Box::new(named)), false)),
            "list<string?>" => Some((Type::List(Box::new(Type::Nullable(Box::new(named)))), false)),
            other => {
                self.error(&path.key("type"), format!("a field with `enum` values must have type `string` or `list<string>`, not `{other}`"));
                None
            }
        }
    }

    /// The constraints written on a field, parameter or alias, checked against its type.
    pub(super) fn constraints(
        &mut self,
        v: &ValueSpec,
        ty: Option<&Type>,
        path: &KeyPath,
    ) -> Constraints {
        let c = Constraints {
            minimum: v.minimum,
            maximum: v.maximum,
            min_length: v.min_length,
            max_length: v.max_length,
            pattern: v.pattern.clone(),
            min_items: v.min_items,
            max_items: v.max_items,
        };
        for (key, bound) in [("minimum", c.minimum), ("maximum", c.maximum)] {
            if bound.is_some_and(|b| !b.is_finite()) {
                self.value_error(
                    &path.key(key),
                    format!("`{key}` must be a finite number"),
                    None,
                );
            }
        }
        if let (Some(lo), Some(hi)) = (c.minimum, c.maximum) {
            if lo.above(hi) {
                self.error(
                    &path.key("minimum"),
                    format!("minimum {lo} is greater than maximum {hi}"),
                );
            }
        }
        if let (Some(lo), Some(hi)) = (c.min_length, c.max_length) {
            if lo > hi {
                self.error(
                    &path.key("min_length"),
                    format!("min_length {lo} is greater than max_length {hi}"),
                );
            }
        }
        if let (Some(lo), Some(hi)) = (c.min_items, c.max_items) {
            if lo > hi {
                self.error(
                    &path.key("min_items"),
                    format!("min_items {lo} is greater than max_items {hi}"),
                );
            }
        }
        if let Some(ty) = ty.map(|t| self.resolve(t)) {
            let numeric = matches!(ty, Type::Primitive(p) if p.is_number());
            let text = ty.is_text();
            let list = matches!(ty, Type::List(_));
            if (c.minimum.is_some() || c.maximum.is_some()) && !numeric {
                self.error(
                    &path.key(if c.minimum.is_some() {
                        "minimum"
                    } else {
                        "maximum"
                    }),
                    format!("`minimum`/`maximum` apply to numbers, not `{}`", v.ty),
                );
            }
            if ty == Type::Primitive(Primitive::UInt64) {
                self.unsigned_bounds(&c, path);
            }
            if ty == Type::Primitive(Primitive::Int128) {
                self.int128_bounds(&c, path);
            }
            if (c.min_length.is_some() || c.max_length.is_some() || c.pattern.is_some()) && !text {
                self.error(
                    &path.key("type"),
                    format!(
                        "`min_length`/`max_length`/`pattern` apply to strings, not `{}`",
                        v.ty
                    ),
                );
            }
            if (c.min_items.is_some() || c.max_items.is_some()) && !list {
                self.error(
                    &path.key("type"),
                    format!("`min_items`/`max_items` apply to lists, not `{}`", v.ty),
                );
            }
        }
        c
    }

    /// Reports a bound of a `uint64` that no `u64` can meet or that is past
    /// every `u64`: the check is emitted with `u64` bounds, so such a bound
    /// could not be written in it, and is most likely a typo.
    fn unsigned_bounds(&mut self, c: &Constraints, path: &KeyPath) {
        for (key, bound) in [
            ("minimum", c.minimum.and_then(|b| b.ceil())),
            ("maximum", c.maximum.and_then(|b| b.floor())),
        ] {
            if let Some(b) = bound.filter(|b| u64::try_from(*b).is_err()) {
                let written = if key == "minimum" {
                    c.minimum
                } else {
                    c.maximum
                };
                self.value_error(
                    &path.key(key),
                    format!(
                        "`{key}` {} is outside `uint64`'s range, 0 to {}",
                        written.map(|b| b.to_string()).unwrap_or_default(),
                        u64::MAX
                    ),
                    (b < 0).then(|| {
                        "a `uint64` is never negative: `int64` takes signed values, \
                         `int128` signed ones past `i64`"
                            .into()
                    }),
                );
            }
        }
    }

    /// Reports a bound of an `int128` past every `i128` (only a float can
    /// state one): the check is emitted with exact `i128` bounds, so such a
    /// bound could not be written in it. An infinite one is reported above.
    fn int128_bounds(&mut self, c: &Constraints, path: &KeyPath) {
        for (key, written) in [("minimum", c.minimum), ("maximum", c.maximum)] {
            if let Some(b) = written.filter(|b| b.is_finite() && !b.within_i128()) {
                self.value_error(
                    &path.key(key),
                    format!(
                        "`{key}` {b} is outside `int128`'s range, {} to {}",
                        i128::MIN,
                        i128::MAX
                    ),
                    None,
                );
            }
        }
    }

    /// The type behind an alias (other types are returned as they are).
    fn resolve(&self, ty: &Type) -> Type {
        ty.named_of(Kind::Alias)
            .and_then(|r| self.alias(r))
            .map(|a| a.ty.clone())
            .unwrap_or_else(|| ty.clone())
    }

    /// Constraints of a use of `ty`: those written at the use, else the alias's own.
    pub(super) fn with_alias_constraints(
        &self,
        ty: Option<&Type>,
        own: Constraints,
    ) -> Constraints {
        match ty
            .and_then(|t| t.named_of(Kind::Alias))
            .and_then(|r| self.alias(r))
        {
            Some(a) => own.or(&a.constraints),
            None => own,
        }
    }

    pub(super) fn aliases(&mut self, file: &SpecFile) {
        for (name, a) in &file.aliases {
            let path = KeyPath::default().key("aliases").key(name);
            if let Some(alias) = self.alias_def(name, a, &path) {
                let r = self.types.get(name).cloned();
                self.define(r.as_ref(), TypeDef::Alias(alias));
            }
        }
    }

    fn alias_def(&mut self, name: &str, a: &ValueSpec, path: &KeyPath) -> Option<Alias> {
        if a.name.is_some()
            || a.location.is_some()
            || a.style.is_some()
            || a.explode.is_some()
            || a.required.is_some()
            || a.read_only
            || a.inline_enum.is_some()
            || a.rust_name.is_some()
        {
            self.error(
                path,
                "an alias takes `type`, `description`, `example`, `nullable` and constraints only"
                    .into(),
            );
        }
        let (ty, _) = self.top_ty(&a.ty, &path.key("type"))?;
        if ty.named_of(Kind::Alias).is_some() {
            self.value_error(
                &path.key("type"),
                "an alias cannot name another alias".into(),
                Some("write the underlying type".into()),
            );
            return None;
        }
        let constraints = self.constraints(a, Some(&ty), path);
        let rust = naming::camel(name);
        Some(Alias {
            module: naming::snake(&rust),
            name: rust,
            doc: a.description.clone(),
            ty,
            constraints,
            example: a.example.as_ref().map(yaml_to_json),
        })
    }
}
