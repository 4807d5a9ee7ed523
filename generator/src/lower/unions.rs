//! Unions: members in decode order, variant names taken from member types.

use std::collections::{BTreeMap, BTreeSet};

use super::Lowerer;
use crate::diag::KeyPath;
use crate::ir::{Primitive, Type, TypeDef, Union, UnionMember};
use crate::naming;
use crate::spec::{self, SpecFile};

impl Lowerer<'_> {
    pub(super) fn unions(&mut self, file: &SpecFile) {
        for (name, u) in &file.unions {
            let def = self.union(name, u, &KeyPath::default().key("unions").key(name));
            let r = self.types.get(name).cloned();
            self.define(r.as_ref(), TypeDef::Union(def));
        }
    }

    fn union(&mut self, name: &str, u: &spec::UnionSpec, path: &KeyPath) -> Union {
        if u.one_of.len() < 2 {
            self.error_help(&path.key("one_of"), format!("union `{name}` needs at least two members"), "use the member type directly instead of a union".into());
        }
        let mut members: Vec<UnionMember> = Vec::new();
        let mut seen = BTreeMap::new();
        for (i, m) in u.one_of.iter().enumerate() {
            let p = path.key("one_of").index(i);
            let Some(ty) = self.ty(m, &p) else { continue };
            let rust_name = naming::camel(&variant_base(&ty));
            if let Some(other) = seen.insert(rust_name.clone(), m.clone()) {
                self.error(&p, format!("members `{other}` and `{m}` of union `{name}` both become the variant `{rust_name}`"));
                continue;
            }
            members.push(UnionMember { rust_name, ty, boxed: false });
        }
        shorten_variants(&mut members);
        let rust = naming::camel(name);
        Union { module: naming::snake(&rust), name: rust, doc: u.description.clone(), members }
    }
}

/// Drops the words every variant name starts with, so
/// `PhoneInfo::PhoneNumberDefinitionTollType` reads `PhoneInfo::TollType`.
/// Names stay as they are when shortening would leave one empty, starting
/// with a digit, or equal to another.
fn shorten_variants(members: &mut [UnionMember]) {
    let words: Vec<Vec<String>> = members.iter().map(|m| camel_words(&m.rust_name)).collect();
    let Some(first) = words.first() else { return };
    let common = (0..first.len()).take_while(|&i| words.iter().all(|w| w.len() > i + 1 && w[i] == first[i])).count();
    if common == 0 {
        return;
    }
    let short: Vec<String> = words.iter().map(|w| w[common..].concat()).collect();
    let distinct: BTreeSet<&String> = short.iter().collect();
    if distinct.len() == short.len() && short.iter().all(|s| naming::is_identifier(s) && s.starts_with(|c: char| c.is_ascii_uppercase())) {
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
        Type::Primitive(p) => match p {
            Primitive::String | Primitive::Uri | Primitive::Email => "String".into(),
            Primitive::Int32 | Primitive::Int64 => "Integer".into(),
            Primitive::Double => "Number".into(),
            Primitive::Boolean => "Boolean".into(),
            Primitive::DateTime => "DateTime".into(),
            Primitive::Date => "Date".into(),
            Primitive::Any => "Value".into(),
        },
    }
}
