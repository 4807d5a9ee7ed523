//! Views of the type table: one file per model, enum, union and alias.

use askama::Template;
use proc_macro2::TokenStream;
use quote::quote;

use super::checks::{constraint_notes, field_checks};
use super::docs;
use super::fragments::{Fragment, Fragments};
use super::model_serde;
use super::rust::{self, ident, lit};
use super::view::{Named, doc_block, named};
use crate::ir::{Alias, Api, Enum, Field, Model, Presence, Type, Usage};

/// One struct field.
pub struct FieldView {
    name: String,
    ty: String,
    doc: Vec<String>,
}

/// `templates/model.rs.askama`.
#[derive(Template)]
#[template(path = "model.rs.askama", escape = "none")]
pub struct ModelView {
    name: String,
    doc: Vec<String>,
    derives: String,
    /// `impl Serialize` and `impl Deserialize`, each behind its crate
    /// feature when the API itself does not need it.
    serde_impls: Vec<Fragment>,
    fields: Vec<FieldView>,
    additional: Option<String>,
    /// Whether it has a `Validate` impl.
    validated: bool,
    checks: Vec<Fragment>,
    /// `new`, taking the required fields.
    constructor: Fragment,
    /// `with_` setters of the optional fields.
    setters: Vec<Fragment>,
    /// The code of the fields above that hold a [`Fragment`].
    code: Fragments,
}

impl Named for ModelView {
    const TEMPLATE: &'static str = "model.rs.askama";

    fn take_fragments(&mut self) -> Vec<TokenStream> {
        self.code.take()
    }
}

/// The view of a model.
pub fn model(api: &Api, usage: Usage, m: &Model) -> ModelView {
    // Each description is made into doc lines once, for the field's doc
    // and its setter's summary.
    let doc_lines: Vec<Vec<String>> = m
        .fields
        .iter()
        .map(|f| f.doc.as_deref().map(docs::lines).unwrap_or_default())
        .collect();
    let fields = m
        .fields
        .iter()
        .zip(&doc_lines)
        .map(|(f, lines)| {
            let ty = rust::field_type(f.presence(), rust::boxed(rust::ty(&f.ty), f.boxed));
            FieldView {
                name: f.rust_name.clone(),
                ty: ty.to_string(),
                doc: field_doc(f, lines.clone()),
            }
        })
        .collect();
    let mut derives = vec![quote!(Debug), quote!(Clone), quote!(PartialEq)];
    if m.all_optional() {
        derives.push(quote!(Default));
    }
    let mut code = Fragments::default();
    ModelView {
        name: m.name.clone(),
        doc: doc_block(m.doc.as_deref(), &format!("The `{}` object.", m.spec_name)),
        derives: quote!(#(#derives),*).to_string(),
        serde_impls: vec![
            code.add(model_serde::serialize(m, usage.serialized)),
            code.add(model_serde::deserialize(m, usage.deserialized)),
        ],
        validated: usage.validated,
        fields,
        additional: m.additional_properties.as_ref().map(|t| {
            let t = rust::ty(t);
            quote!(std::collections::BTreeMap<String, #t>).to_string()
        }),
        checks: m
            .fields
            .iter()
            .filter(|f| !f.read_only)
            .filter_map(|f| field_checks(api, f))
            .map(|c| code.add(c))
            .collect(),
        constructor: code.add(constructor(api, m)),
        setters: m
            .fields
            .iter()
            .zip(&doc_lines)
            .filter(|(f, _)| f.presence().optional() && f.presence() != Presence::OrNull)
            .map(|(f, lines)| setter(api, f, lines))
            .chain(m.additional_properties.as_ref().map(additional_setter))
            .map(|s| code.add(s))
            .collect(),
        code,
    }
}

/// The parameter type a constructor or setter takes for a value of `ty`:
/// text as `impl Into<String>`, so literals need no `.to_owned()`.
fn argument(api: &Api, ty: &Type) -> TokenStream {
    if api.is_text(ty) {
        quote!(impl Into<String>)
    } else {
        rust::ty(ty)
    }
}

/// `new`, taking every required field in wire order; the rest start
/// absent. Models are `#[non_exhaustive]`, so this (with the setters) is
/// how other crates build them, and a new optional field is not a
/// breaking change.
fn constructor(api: &Api, m: &Model) -> TokenStream {
    if m.all_optional() {
        // The model derives `Default`, which starts every field absent (and
        // the undeclared keys empty): `new` says so once, there.
        return quote! {
            #[doc = " A value with every field absent; set the ones to send with the `with_` methods."]
            #[inline]
            pub fn new() -> Self {
                Self::default()
            }
        };
    }
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for f in &m.fields {
        let name = ident(&f.rust_name);
        let init = match f.presence() {
            Presence::Required => {
                let arg = argument(api, &f.ty);
                params.push(quote!(#name: #arg));
                stored(api, f)
            }
            Presence::OrNull => {
                let ty = rust::ty(&f.ty);
                params.push(quote!(#name: Option<#ty>));
                f.boxed.then(|| quote!(#name.map(Box::new)))
            }
            p => Some(rust::field_unset(p)),
        };
        // A value passed as it is uses the shorthand, which clippy asks for.
        inits.push(match init {
            Some(init) => quote!(#name: #init),
            None => quote!(#name),
        });
    }
    if m.additional_properties.is_some() {
        inits.push(quote!(additional_properties: Default::default()));
    }
    let doc = " A value with the required fields, in wire order (a required field that may be `null` takes an `Option`); the optional ones start absent and are set with the `with_` methods.";
    let allow = rust::allow_many_arguments(params.len());
    quote! {
        #[doc = #doc]
        #allow
        #[inline]
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
        }
    }
}

/// What the field stores for an argument of [`argument`]'s type named after
/// it: converted from `impl Into<String>` and boxed as the field needs, or
/// `None` when the argument is stored as it is.
fn stored(api: &Api, f: &Field) -> Option<TokenStream> {
    let name = ident(&f.rust_name);
    let value = api.is_text(&f.ty).then(|| quote!(#name.into()));
    match (value, f.boxed) {
        (Some(v), true) => Some(quote!(Box::new(#v))),
        (None, true) => Some(quote!(Box::new(#name))),
        (value, false) => value,
    }
}

/// `with_additional_properties`: the undeclared keys to send. No field can
/// take the name: lowering refuses a field `additional_properties` beside the map.
fn additional_setter(value: &Type) -> TokenStream {
    let value = rust::ty(value);
    quote! {
        #[doc = " Sets the keys this model does not declare, sent as they are."]
        #[inline]
        pub fn with_additional_properties(mut self, additional_properties: std::collections::BTreeMap<String, #value>) -> Self {
            self.additional_properties = additional_properties;
            self
        }
    }
}

/// The setter of the field `rust_name`: `with_type` for `type_`, since the
/// `_` only keeps a keyword from being a field name. No two fields get one
/// setter: a name that is a keyword never stands alone as a field name.
pub(super) fn setter_name(rust_name: &str) -> String {
    match rust_name.strip_suffix('_') {
        Some(word) if crate::naming::is_keyword(word) => format!("with_{word}"),
        _ => format!("with_{rust_name}"),
    }
}

/// `with_<field>`: sets one optional field, by value, for chaining. An
/// optional nullable field takes anything that converts into `Nullable`:
/// a value, `Nullable::Null` to send `null`, or an `Option`.
///
/// Setters and constructors are `#[inline]`: a program compiles the few it
/// calls, instead of the SDK compiling all of them (a whole API has
/// thousands) on every clean build.
fn setter(api: &Api, f: &Field, doc_lines: &[String]) -> TokenStream {
    let name = ident(&f.rust_name);
    let method = ident(&setter_name(&f.rust_name));
    let (param, value) = match f.presence() {
        Presence::ThreeState => {
            let ty = rust::ty(&f.ty);
            let map = if f.boxed {
                quote!(.map(Box::new))
            } else {
                quote!()
            };
            (
                quote!(impl Into<sdkgen_runtime::Nullable<#ty>>),
                quote!(#name.into()#map),
            )
        }
        _ => {
            let v = stored(api, f).unwrap_or_else(|| quote!(#name));
            (argument(api, &f.ty), quote!(Some(#v)))
        }
    };
    let doc = format!(
        " Sets `{}`{}",
        f.wire_name,
        Some(super::view::summary(doc_lines))
            .filter(|s| !s.is_empty())
            .map(|s| format!(": {s}"))
            .unwrap_or_else(|| ".".into())
    );
    quote! {
        #[doc = #doc]
        #[inline]
        pub fn #method(mut self, #name: #param) -> Self {
            self.#name = #value;
            self
        }
    }
}

/// The doc of a field: the lines of its description (`lines`), then notes
/// on its presence, constraints, default and example.
fn field_doc(f: &Field, mut lines: Vec<String>) -> Vec<String> {
    if lines.is_empty() {
        lines.push(format!("The `{}` value.", f.wire_name));
    }
    let mut notes = Vec::new();
    if f.required {
        notes.push("Required.".to_owned());
    }
    match f.presence() {
        Presence::ThreeState => notes.push("Optional and nullable: `Nullable::Absent` is left out, `Nullable::Null` is sent as `null`.".to_owned()),
        Presence::OrNull => notes.push("May be `null` (`None`).".to_owned()),
        _ => {}
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
        doc.push(format!(
            "Values of `{}`.",
            e.inline_in.as_deref().unwrap_or(&e.name)
        ));
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
            lines.insert(
                0,
                format!(
                    "`{}`{}",
                    v.wire.replace('`', "'"),
                    if lines.is_empty() { "" } else { ":" }
                ),
            );
            // Only a paragraph joins the value's line: a fence, heading,
            // list, table or quote there would no longer start a block.
            let block = |l: &str| {
                l.starts_with(['`', '~', '#', '|', '>', '-', '*', '+', ' '])
                    || l.trim_start_matches(|c: char| c.is_ascii_digit())
                        .starts_with(['.', ')'])
            };
            if lines.len() > 1 && !block(&lines[1]) {
                let first = lines.remove(1);
                lines[0] = format!("{} {first}", lines[0]);
            } else if lines.len() > 1 && !lines[1].is_empty() {
                lines.insert(1, String::new());
            }
            VariantView {
                name: v.rust_name.clone(),
                wire: lit(&v.wire).to_string(),
                doc: docs::literals(&lines),
            }
        })
        .collect();
    EnumView {
        name: e.name.clone(),
        doc: docs::literals(&doc),
        variants,
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
    AliasView {
        name: a.name.clone(),
        ty: rust::ty(&a.ty).to_string(),
        doc: docs::literals(&lines),
    }
}
