//! Views of the type table: one file per model, enum, union and alias.

use askama::Template;
use quote::quote;

use super::checks::{constraint_notes, field_checks, rt};
use super::rust::{self, lit};
use super::view::{doc_block, named};
use super::docs;
use crate::ir::{Alias, Api, Enum, Field, Model, Union, Usage};

/// One struct field.
pub struct FieldView {
    name: String,
    ty: String,
    serde: String,
    doc: Vec<String>,
}

/// `templates/model.rs.askama`.
#[derive(Template)]
#[template(path = "model.rs.askama", escape = "none")]
pub struct ModelView {
    name: String,
    doc: Vec<String>,
    derives: String,
    /// Serde derives behind a feature: `cfg_attr(feature = "…", derive(…))`.
    optional_derives: Vec<String>,
    fields: Vec<FieldView>,
    additional: Option<String>,
    /// Whether it has a `Validate` impl.
    validated: bool,
    checks: Vec<String>,
}
named!(ModelView, "model.rs.askama");

/// The serde derives a type gets by its usage: the ones its API needs, and
/// the others behind the `serialize` and `deserialize` features.
fn serde_derives(usage: Usage) -> (Vec<proc_macro2::TokenStream>, Vec<String>) {
    let mut always = Vec::new();
    let mut optional = Vec::new();
    for (needed, derive, feature) in [(usage.serialized, quote!(serde::Serialize), "serialize"), (usage.deserialized, quote!(serde::Deserialize), "deserialize")] {
        if needed {
            always.push(derive);
        } else {
            optional.push(quote!(cfg_attr(feature = #feature, derive(#derive))).to_string());
        }
    }
    (always, optional)
}

/// The view of a model.
pub fn model(api: &Api, usage: Usage, m: &Model) -> ModelView {
    let fields = m
        .fields
        .iter()
        .map(|f| {
            let inner = rust::boxed(rust::ty(&f.ty), f.boxed);
            let ty = if f.is_option() { rust::option(inner) } else { inner };
            let wire = lit(&f.wire_name);
            let serde = if f.required { quote!(rename = #wire) } else { quote!(rename = #wire, default, skip_serializing_if = "Option::is_none") };
            FieldView { name: f.rust_name.clone(), ty: ty.to_string(), serde: serde.to_string(), doc: field_doc(f) }
        })
        .collect();
    let mut derives = vec![quote!(Debug), quote!(Clone), quote!(PartialEq)];
    if m.all_optional() {
        derives.push(quote!(Default));
    }
    let (serde, optional_derives) = serde_derives(usage);
    derives.extend(serde);
    ModelView {
        name: m.name.clone(),
        doc: doc_block(m.doc.as_deref(), &format!("The `{}` object.", m.spec_name)),
        derives: quote!(#(#derives),*).to_string(),
        optional_derives,
        validated: usage.validated,
        fields,
        additional: m.additional_properties.as_ref().map(|t| {
            let t = rust::ty(t);
            quote!(std::collections::BTreeMap<String, #t>).to_string()
        }),
        checks: m.fields.iter().filter(|f| !f.read_only).filter_map(|f| field_checks(api, f)).map(|c| c.to_string()).collect(),
    }
}

fn field_doc(f: &Field) -> Vec<String> {
    let mut lines = f.doc.as_deref().map(docs::lines).unwrap_or_default();
    if lines.is_empty() {
        lines.push(format!("The `{}` value.", f.wire_name));
    }
    let mut notes = Vec::new();
    if f.required {
        notes.push("Required.".to_owned());
    }
    if f.nullable {
        notes.push("May be `null`.".to_owned());
    }
    if f.read_only {
        notes.push("Read-only: set by the server.".to_owned());
    }
    if f.deprecated {
        notes.push("**Deprecated.**".to_owned());
    }
    if let Some(d) = &f.default {
        notes.push(format!("Default: `{d}`."));
    }
    notes.extend(constraint_notes(&f.constraints));
    if let Some(e) = &f.example {
        notes.push(format!("Example: `{e}`."));
    }
    if !notes.is_empty() {
        lines.push(String::new());
        lines.push(notes.join(" "));
    }
    docs::literals(&lines)
}

/// One enum variant.
pub struct VariantView {
    name: String,
    wire: String,
    doc: Vec<String>,
}

/// `templates/enum.rs.askama`.
#[derive(Template)]
#[template(path = "enum.rs.askama", escape = "none")]
pub struct EnumView {
    name: String,
    doc: Vec<String>,
    variants: Vec<VariantView>,
}
named!(EnumView, "enum.rs.askama");

/// The view of an enum.
pub fn enumeration(e: &Enum) -> EnumView {
    let mut doc = e.doc.as_deref().map(docs::lines).unwrap_or_default();
    if doc.is_empty() {
        doc.push(format!("Values of `{}`.", e.inline_in.as_deref().unwrap_or(&e.name)));
    }
    if let Some(owner) = &e.inline_in {
        doc.push(String::new());
        doc.push(format!("Declared inline at `{owner}` in the spec."));
    }
    let variants = e
        .variants
        .iter()
        .map(|v| {
            let mut lines = v.doc.as_deref().map(docs::lines).unwrap_or_default();
            lines.insert(0, format!("`{}`{}", v.wire.replace('`', "'"), if lines.is_empty() { "" } else { ":" }));
            if lines.len() > 1 {
                let first = lines.remove(1);
                lines[0] = format!("{} {first}", lines[0]);
            }
            VariantView { name: v.rust_name.clone(), wire: lit(&v.wire).to_string(), doc: docs::literals(&lines) }
        })
        .collect();
    EnumView { name: e.name.clone(), doc: docs::literals(&doc), variants }
}

/// One union member.
pub struct MemberView {
    name: String,
    ty: String,
    doc: String,
    /// The statement validating a value of this member, if it can break constraints.
    validate: Option<String>,
    /// The member's type name as a string literal, for decoding errors.
    type_literal: String,
}

/// `templates/union.rs.askama`.
#[derive(Template)]
#[template(path = "union.rs.askama", escape = "none")]
pub struct UnionView {
    name: String,
    /// The union's name as a string literal, for decoding errors.
    name_literal: String,
    doc: Vec<String>,
    members: Vec<MemberView>,
    /// Whether it has a `Validate` impl.
    validated: bool,
    any_validates: bool,
    /// Its derives and serde attributes, `Serialize` behind the `serialize`
    /// feature when no request sends it.
    attributes: Vec<String>,
    /// Whether its `Deserialize` impl exists only with the `deserialize` feature.
    deserialize_optional: bool,
}
named!(UnionView, "union.rs.askama");

/// The view of a union.
pub fn union(api: &Api, usage: Usage, u: &Union) -> UnionView {
    let rt = rt();
    let members: Vec<MemberView> = u
        .members
        .iter()
        .map(|m| MemberView {
            name: m.rust_name.clone(),
            doc: docs::literal(&format!(" The value decoded as `{}`.", m.ty)),
            ty: rust::boxed(rust::ty(&m.ty), m.boxed).to_string(),
            validate: api.validates(&m.ty).then(|| quote!(#rt::Validate::validate(value, path, problems)).to_string()),
            type_literal: lit(&m.ty.to_string()).to_string(),
        })
        .collect();
    let mut doc = u.doc.as_deref().map(docs::lines).unwrap_or_default();
    if doc.is_empty() {
        doc.push(format!("One of several shapes of `{}`.", u.name));
    }
    doc.push(String::new());
    doc.push("Decoded as the member that keeps the most of the value; a tie goes to the member listed first.".into());
    let any_validates = members.iter().any(|m| m.validate.is_some());
    let attributes = if usage.serialized {
        vec![quote!(derive(Debug, Clone, PartialEq, serde::Serialize)), quote!(serde(untagged))]
    } else {
        vec![quote!(derive(Debug, Clone, PartialEq)), quote!(cfg_attr(feature = "serialize", derive(serde::Serialize), serde(untagged)))]
    };
    UnionView {
        name: u.name.clone(),
        name_literal: lit(&u.name).to_string(),
        doc: docs::literals(&doc),
        members,
        validated: usage.validated,
        any_validates,
        attributes: attributes.iter().map(ToString::to_string).collect(),
        deserialize_optional: !usage.deserialized,
    }
}

/// `templates/alias.rs.askama`.
#[derive(Template)]
#[template(path = "alias.rs.askama", escape = "none")]
pub struct AliasView {
    name: String,
    ty: String,
    doc: Vec<String>,
}
named!(AliasView, "alias.rs.askama");

/// The view of an alias.
pub fn alias(a: &Alias) -> AliasView {
    let mut lines = a.doc.as_deref().map(docs::lines).unwrap_or_default();
    if lines.is_empty() {
        lines.push(format!("A `{}` with a name of its own.", a.ty));
    }
    let mut notes = constraint_notes(&a.constraints);
    if let Some(e) = &a.example {
        notes.push(format!("Example: `{e}`."));
    }
    if !notes.is_empty() {
        lines.push(String::new());
        lines.push(notes.join(" "));
    }
    AliasView { name: a.name.clone(), ty: rust::ty(&a.ty).to_string(), doc: docs::literals(&lines) }
}

