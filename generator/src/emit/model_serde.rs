//! A model's `Serialize` and `Deserialize`, written out rather than derived.
//!
//! serde's derive expands to the largest code a model gets (a field enum
//! with a visitor of its own, and a second decoder reading the struct from
//! an array), which is most of what a whole API's build spends its time on.
//! These impls hold only the model's fields and call the shared helpers of
//! `sdkgen_runtime::object`, which keep serde's behaviour and say where
//! they differ.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::rust::{ident, lit, models_path};
use crate::ir::{Field, Model, Presence};

/// `#[cfg(feature = "…")]` before an impl the API does not need, which
/// then sits behind the crate's `serialize` or `deserialize` feature.
fn gate(needed: bool, feature: &str) -> TokenStream {
    if needed {
        quote!()
    } else {
        quote!(#[cfg(feature = #feature)])
    }
}

/// `use sdkgen_runtime::object::{…}` of the helpers an impl calls, so
/// each call reads as the field it handles.
fn imports(helpers: &[&str]) -> TokenStream {
    if helpers.is_empty() {
        return quote!();
    }
    let helpers = helpers.iter().map(|h| ident(h));
    quote!(use sdkgen_runtime::object::{#(#helpers),*};)
}

/// Whether a field is left out of the object when it holds no value, and
/// takes its default when the object leaves it out (serde's
/// `skip_serializing_if` and `default`): the optional ones. A required
/// field that may be `null` is always written.
fn omittable(f: &Field) -> bool {
    matches!(f.presence(), Presence::Optional | Presence::ThreeState)
}

/// `impl Serialize`: every field in declaration order, optional ones left
/// out when they hold no value; the undeclared keys, if the model keeps
/// them, after the fields, so it is written as a map as serde's `flatten`
/// writes it.
pub(super) fn serialize(m: &Model, needed: bool) -> TokenStream {
    let name = ident(&m.name);
    let gate = gate(needed, "serialize");
    let map = m.additional_properties.is_some();
    let writes = m.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let wire = lit(&f.wire_name);
        match (omittable(f), map) {
            (true, false) => quote!(optional_field(&mut object, #wire, &self.#field)?;),
            (true, true) => quote!(optional_entry(&mut object, #wire, &self.#field)?;),
            (false, false) => quote!(object.serialize_field(#wire, &self.#field)?;),
            (false, true) => quote!(object.serialize_entry(#wire, &self.#field)?;),
        }
    });
    let start = if map {
        quote! {
            use serde::ser::SerializeMap as _;
            let mut object = serializer.serialize_map(None)?;
        }
    } else {
        let optional: Vec<_> = m
            .fields
            .iter()
            .filter(|f| omittable(f))
            .map(|f| ident(&f.rust_name))
            .collect();
        let always = Literal::usize_unsuffixed(m.fields.len() - optional.len());
        let len = if optional.is_empty() {
            quote!(#always)
        } else {
            quote!(count(#always, &[#(&self.#optional),*]))
        };
        let type_name = lit(&m.name);
        quote! {
            use serde::ser::SerializeStruct as _;
            let mut object = serializer.serialize_struct(#type_name, #len)?;
        }
    };
    let any_optional = m.fields.iter().any(omittable);
    let helpers = match (any_optional, map) {
        (false, _) => vec![],
        (true, false) => vec!["count", "optional_field"],
        (true, true) => vec!["optional_entry"],
    };
    let imports = imports(&helpers);
    let rest = map.then(|| {
        quote! {
            for (key, value) in &self.additional_properties {
                object.serialize_entry(key, value)?;
            }
        }
    });
    quote! {
        #gate
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #imports
                #start
                #(#writes)*
                #rest
                object.end()
            }
        }
    }
}

/// The local that holds a field while an object is read: `field_<name>`,
/// so that no slot takes a name the impl uses itself (`map`, `key`,
/// `additional_properties`, the helpers it imports). Lowering gives no
/// field a name starting with `_`, which would make a doubled `_` here.
fn slot(rust_name: &str) -> proc_macro2::Ident {
    format_ident!("field_{rust_name}")
}

/// `impl Deserialize`: an object's keys looked up among the model's wire
/// names, each field read once into a slot ([`slot`]), and the model built
/// from the slots.
pub(super) fn deserialize(m: &Model, needed: bool) -> TokenStream {
    let name = ident(&m.name);
    let models = models_path();
    let gate = gate(needed, "deserialize");
    let expecting = lit(&format!("struct {}", m.name));
    let slots: Vec<_> = m.fields.iter().map(|f| slot(&f.rust_name)).collect();
    let wires: Vec<_> = m.fields.iter().map(|f| lit(&f.wire_name)).collect();
    let positions = (0..m.fields.len()).map(Literal::usize_unsuffixed);
    let fills: Vec<_> = slots
        .iter()
        .zip(&wires)
        .map(|(slot, wire)| quote!(fill(&mut map, &mut #slot, #wire)))
        .collect();
    // The wire names, by position; an empty list is only needed to tell
    // the declared keys from the others.
    let fields = (m.additional_properties.is_some() || !m.fields.is_empty())
        .then(|| quote!(const FIELDS: &[&str] = &[#(#wires),*];));
    let read = match (&m.additional_properties, m.fields.is_empty()) {
        (Some(_), _) => quote! {
            let mut additional_properties = std::collections::BTreeMap::new();
            while let Some(key) = map.next_key_seed(Keys(FIELDS))? {
                match key {
                    #(Key::Field(#positions) => #fills,)*
                    Key::Field(_) => skip(&mut map),
                    Key::Other(key) => keep(&mut map, &mut additional_properties, key),
                }?;
            }
        },
        (None, true) => quote! {
            while map.next_key_seed(Fields(&[]))?.is_some() {
                skip(&mut map)?;
            }
        },
        (None, false) => quote! {
            while let Some(key) = map.next_key_seed(Fields(FIELDS))? {
                match key {
                    #(Some(#positions) => #fills,)*
                    _ => skip(&mut map),
                }?;
            }
        },
    };
    let builds = m
        .fields
        .iter()
        .zip(&slots)
        .zip(&wires)
        .map(|((f, slot), wire)| {
            let field = ident(&f.rust_name);
            if omittable(f) {
                quote!(#field: #slot.unwrap_or_default(),)
            } else {
                quote!(#field: required(#slot, #wire)?,)
            }
        });
    let additional = m
        .additional_properties
        .is_some()
        .then(|| quote!(additional_properties,));
    let mut helpers = Vec::new();
    if !m.fields.is_empty() {
        helpers.push("fill");
    }
    if !m.fields.iter().all(omittable) {
        helpers.push("required");
    }
    helpers.push("skip");
    helpers.extend(match m.additional_properties {
        Some(_) => ["keep", "Key", "Keys"].as_slice(),
        None => ["Fields"].as_slice(),
    });
    let imports = imports(&helpers);
    quote! {
        #gate
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = #models::#name;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                        #imports
                        #fields
                        #(let mut #slots = None;)*
                        #read
                        Ok(#models::#name {
                            #(#builds)*
                            #additional
                        })
                    }
                }
                deserializer.deserialize_map(Visitor)
            }
        }
    }
}
