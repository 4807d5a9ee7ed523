//! Unions: members in decode order, variant names taken from member types.

use std::collections::{BTreeMap, BTreeSet};

use super::Lowerer;
use crate::diag::KeyPath;
use crate::ir::{Kind, Primitive, Type, TypeDef, Union, UnionMember};
use crate::spec::{self, SpecFile};
use crate::{names, naming};

impl Lowerer<'_> {
    pub(super) fn unions(&mut self, file: &SpecFile) {
        for (name, u) in &file.unions {
            let def = self.union(name, u, &KeyPath::default().key("unions").key(name));
            let r = self.types.get(name).cloned();
            self.define(r.as_ref(), TypeDef::Union(def));
        }
    }

    fn union(&mut self, name: &str, u: &spec::UnionSpec, path: &KeyPath) -> Union {
        // A discriminated union with one member still makes sense: its
        // unknown variant keeps the members the vendor adds later.
        let least = if u.discriminator.is_some() { 1 } else { 2 };
        if u.one_of.len() < least {
            let help = if least == 2 {
                "use the member type directly, or give the union a `discriminator`"
            } else {
                "list the members in `one_of`"
            };
            self.error_help(
                &path.key("one_of"),
                format!(
                    "union `{name}` needs at least {least} member{}",
                    if least == 1 { "" } else { "s" }
                ),
                help.into(),
            );
        }
        // (position in `one_of`, spec name, type) of each member that resolved.
        let mut typed: Vec<(usize, String, Type)> = Vec::new();
        for (i, m) in u.one_of.iter().enumerate() {
            // A member's own nullability has no meaning inside the union; the union itself may be `nullable`.
            if let Some((ty, _)) = self.top_ty(m, &path.key("one_of").index(i)) {
                typed.push((i, m.trim().to_owned(), ty));
            }
        }
        // Each variant with the spec position that made it, for locating clashes.
        let (positions, mut members): (Vec<KeyPath>, Vec<UnionMember>) = match &u.discriminator {
            Some(d) => self
                .tagged_members(name, u, d, &typed, path)
                .into_iter()
                .unzip(),
            None => {
                let mut members: Vec<UnionMember> = typed
                    .iter()
                    .map(|(_, _, ty)| UnionMember {
                        rust_name: naming::camel(&variant_base(ty)),
                        ty: ty.clone(),
                        tag: None,
                        boxed: false,
                    })
                    .collect();
                shorten_variants(&mut members);
                (
                    typed
                        .iter()
                        .map(|(i, _, _)| path.key("one_of").index(*i))
                        .collect(),
                    members,
                )
            }
        };
        for m in &mut members {
            m.rust_name = names::avoid(
                std::mem::take(&mut m.rust_name),
                names::UNION,
                names::MEMBER_SUFFIX,
            );
        }
        let mut seen: BTreeMap<&str, &UnionMember> = BTreeMap::new();
        let mut clashes = Vec::new();
        for (m, at) in members.iter().zip(&positions) {
            if let Some(other) = seen.insert(&m.rust_name, m) {
                let what = |m: &UnionMember| {
                    m.tag
                        .as_ref()
                        .map_or_else(|| format!("members `{}`", m.ty), |t| format!("tags `{t}`"))
                };
                let and = m
                    .tag
                    .as_ref()
                    .map_or_else(|| format!("`{}`", m.ty), |t| format!("`{t}`"));
                clashes.push((
                    at.clone(),
                    format!(
                        "{} and {and} of union `{name}` both become the variant `{}`",
                        what(other),
                        m.rust_name
                    ),
                ));
            }
        }
        for (at, message) in clashes {
            self.error(&at, message);
        }
        let rust = naming::camel(name);
        Union {
            module: naming::snake(&rust),
            name: rust,
            doc: u.description.clone(),
            members,
            discriminator: u.discriminator.as_ref().map(|d| d.property.clone()),
        }
    }

    /// The variants of a discriminated union: one per tag value, in member
    /// order, each member under the tags `mapping` gives it or else under
    /// its own type name (as OpenAPI does).
    fn tagged_members(
        &mut self,
        name: &str,
        u: &spec::UnionSpec,
        d: &spec::DiscriminatorSpec,
        typed: &[(usize, String, Type)],
        union_path: &KeyPath,
    ) -> Vec<(KeyPath, UnionMember)> {
        let path = &union_path.key("discriminator");
        if d.property.is_empty() {
            self.error(
                &path.key("property"),
                "the discriminator `property` is empty".into(),
            );
        }
        for (tag, member) in &d.mapping {
            if !u.one_of.iter().any(|m| m.trim() == member.trim()) {
                let help = naming::closest(member, u.one_of.iter().map(String::as_str))
                    .map_or_else(
                        || "every mapped type must be listed in `one_of`".into(),
                        |b| format!("did you mean `{b}`?"),
                    );
                self.value_error(
                    &path.key("mapping").key(tag),
                    format!("`{member}` is not a member of union `{name}`"),
                    Some(help),
                );
            }
        }
        let mut members = Vec::new();
        let mut tags: BTreeMap<String, String> = BTreeMap::new();
        for (i, spec_name, ty) in typed {
            if ty.named_of(Kind::Model).is_none() {
                self.value_error(
                    &union_path.key("one_of").index(*i),
                    format!("member `{spec_name}` of a discriminated union must be a model"),
                    Some("a discriminator is a property, so every member is an object".into()),
                );
                continue;
            }
            let mapped: Vec<&String> = d
                .mapping
                .iter()
                .filter(|(_, m)| m.trim() == spec_name)
                .map(|(t, _)| t)
                .collect();
            let own = [spec_name.clone()];
            let member_tags: Vec<&String> = if mapped.is_empty() {
                own.iter().collect()
            } else {
                mapped
            };
            for tag in member_tags {
                if let Some(other) = tags.insert(tag.clone(), spec_name.clone()) {
                    let at = if d.mapping.iter().any(|(t, _)| t == tag) {
                        path.key("mapping").key(tag)
                    } else {
                        path.key("mapping")
                    };
                    self.error(
                        &at,
                        format!("tag `{tag}` selects both `{other}` and `{spec_name}`"),
                    );
                    continue;
                }
                let at = if d.mapping.iter().any(|(t, _)| t == tag) {
                    path.key("mapping").key(tag)
                } else {
                    union_path.key("one_of").index(*i)
                };
                let rust_name = match d.rust_names.iter().find(|(t, _)| t == tag) {
                    Some((_, chosen)) => chosen.clone(),
                    None => naming::camel(tag),
                };
                members.push((
                    at,
                    UnionMember {
                        rust_name,
                        ty: ty.clone(),
                        tag: Some(tag.clone()),
                        boxed: false,
                    },
                ));
            }
        }
        for (tag, chosen) in &d.rust_names {
            let at = path.key("rust_names").key(tag);
            if !tags.contains_key(tag) {
                self.error(&at, format!("`{tag}` is not a tag of union `{name}`"));
            } else if !naming::is_identifier(chosen)
                || !chosen.starts_with(|c: char| c.is_ascii_uppercase())
            {
                self.value_error(
                    &at,
                    format!("`{chosen}` is not an UpperCamelCase Rust identifier"),
                    None,
                );
            } else if names::UNION.contains(&chosen.as_str()) {
                self.error(
                    &at,
                    format!("`{chosen}` is the union's own variant for values no member claims"),
                );
            }
        }
        members
    }
}

/// Drops the words every variant name starts with, so
/// `PhoneInfo::PhoneNumberDefinitionTollType` reads `PhoneInfo::TollType`.
/// Names stay as they are when shortening would leave one empty, starting
/// with a digit, or equal to another.
fn shorten_variants(members: &mut [UnionMember]) {
    let words: Vec<Vec<String>> = members.iter().map(|m| camel_words(&m.rust_name)).collect();
    let Some(first) = words.first() else { return };
    let common = (0..first.len())
        .take_while(|&i| words.iter().all(|w| w.len() > i + 1 && w[i] == first[i]))
        .count();
    if common == 0 {
        return;
    }
    let short: Vec<String> = words.iter().map(|w| w[common..].concat()).collect();
    let distinct: BTreeSet<&String> = short.iter().collect();
    if distinct.len() == short.len()
        && short
            .iter()
            .all(|s| naming::is_identifier(s) && s.starts_with(|c: char| c.is_ascii_uppercase()))
    {
        for (m, s) in members.iter_mut().zip(short) {
            m.rust_name = s;
        }
    }
}

/// Splits an UpperCamelCase name into its words (`TollType` → `Toll`, `Type`).
fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        match words.last_mut() {
            Some(w) if !c.is_ascii_uppercase() => w.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

/// The name a union variant takes from its member type.
fn variant_base(ty: &Type) -> String {
    match ty {
        Type::Named(r) => r.name.clone(),
        Type::List(t) => format!("{}List", variant_base(t)),
        Type::Map(t) => format!("{}Map", variant_base(t)),
        Type::Nullable(t) => variant_base(t),
        Type::Primitive(p) => match p {
            Primitive::String | Primitive::Uri | Primitive::Email => "String".into(),
            Primitive::Int32 | Primitive::Int64 | Primitive::UInt64 | Primitive::Int128 => {
                "Integer".into()
            }
            Primitive::Float | Primitive::Double => "Number".into(),
            Primitive::Time => "Time".into(),
            Primitive::Uuid => "Uuid".into(),
            Primitive::Byte => "Bytes".into(),
            Primitive::Decimal => "Decimal".into(),
            Primitive::Boolean => "Boolean".into(),
            Primitive::DateTime => "DateTime".into(),
            Primitive::Date => "Date".into(),
            Primitive::Any => "Value".into(),
        },
    }
}
