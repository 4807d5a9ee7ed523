//! A model's `Serialize` and `Deserialize`, written out rather than derived.
//!
//! serde's derive expands to the largest code a model gets (a field enum
//! with a visitor of its own, and a second decoder reading the struct from
//! an array), which is most of what a whole API's build spends its time on.
//! These impls hold only the model's fields: writing calls the shared
//! helpers of `sdkgen_runtime::object`, reading goes through
//! `sdkgen_runtime::decode`, and both keep serde's behaviour and say where
//! they differ.

use proc_macro2::{Ident, Literal, TokenStream};
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
/// so that no slot takes a name the impl uses itself (`input`, `entry`,
/// `key`, `additional_properties`). Lowering gives no field a name starting
/// with `_`, which would make a doubled `_` here.
fn slot(rust_name: &str) -> Ident {
    format_ident!("field_{rust_name}")
}

/// `impl Decode`, and `impl Deserialize` through it. The object itself is
/// read by `sdkgen_runtime::decode`, compiled once for every model, from
/// the model's `sdkgen_runtime::decode::Shape` (its wire names, which of them
/// are required, whether it keeps undeclared keys): the impl holds only
/// where each field's value goes. A model whose fields are all optional is
/// read straight into its default value; any other reads its fields into
/// locals and is built from them once the object has ended, when every
/// required field is known to be there.
pub(super) fn deserialize(m: &Model, needed: bool) -> TokenStream {
    let name = ident(&m.name);
    let models = models_path();
    let gate = gate(needed, "deserialize");
    let expecting = lit(&format!("struct {}", m.name));
    let wires = wire_names(m);
    let keep = m.additional_properties.is_some();
    let required = m
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.presence() == Presence::Required)
        .map(|(i, _)| Literal::usize_unsuffixed(i));
    let shape = quote! {
        static SHAPE: Shape = Shape {
            expecting: #expecting,
            names: &[#(#wires),*],
            required: &[#(#required),*],
            keep: #keep,
        };
    };
    let positions: Vec<_> = positions(m).collect();
    let in_place = !keep && m.all_optional();
    let places: Vec<TokenStream> = m
        .fields
        .iter()
        .map(|f| {
            if in_place {
                let field = ident(&f.rust_name);
                quote!(value.#field)
            } else {
                let slot = slot(&f.rust_name);
                quote!(#slot)
            }
        })
        .collect();
    let reads = m
        .fields
        .iter()
        .zip(&places)
        .map(|(f, place)| match f.presence() {
            Presence::Required => quote!(input.put(&mut #place)),
            Presence::Optional | Presence::OrNull => quote!(input.option(&mut #place)),
            Presence::ThreeState => quote!(input.put(&mut Set(&mut #place))),
        });
    let others = keep
        .then(|| quote!(Entry::Other(key, input) => input.keep(&mut additional_properties, key),));
    let read = if m.fields.is_empty() && !keep {
        // Nothing to read: every key is skipped, and so is the `match`.
        quote!(input.object(&SHAPE, &mut |_| Ok(()))?;)
    } else {
        quote! {
            input.object(&SHAPE, &mut |entry| match entry {
                #(Entry::Field(#positions, input) => #reads,)*
                #others
                _ => Ok(()),
            })?;
        }
    };
    let body = if in_place {
        quote! {
            let mut value = #models::#name::default();
            #read
            Ok(value)
        }
    } else {
        let locals = m.fields.iter().map(|f| {
            let slot = slot(&f.rust_name);
            match f.presence() {
                Presence::ThreeState => quote!(let mut #slot = sdkgen_runtime::Nullable::Absent;),
                _ => quote!(let mut #slot = None;),
            }
        });
        let builds = m.fields.iter().map(|f| {
            let field = ident(&f.rust_name);
            let slot = slot(&f.rust_name);
            if f.presence() == Presence::Required {
                quote!(#field: required(#slot)?,)
            } else {
                quote!(#field: #slot,)
            }
        });
        let kept_local = keep
            .then(|| quote!(let mut additional_properties = std::collections::BTreeMap::new();));
        let kept = keep.then(|| quote!(additional_properties,));
        quote! {
            #(#locals)*
            #kept_local
            #read
            Ok(#models::#name {
                #(#builds)*
                #kept
            })
        }
    };
    let mut helpers = vec!["Entry", "Shape"];
    if m.fields
        .iter()
        .any(|f| f.presence() == Presence::ThreeState)
    {
        helpers.push("Set");
    }
    if !in_place && m.fields.iter().any(|f| f.presence() == Presence::Required) {
        helpers.push("required");
    }
    if m.fields.is_empty() && !keep {
        helpers.retain(|h| *h != "Entry");
    }
    let helpers = helpers.iter().map(|h| ident(h));
    quote! {
        #gate
        impl<'de> sdkgen_runtime::decode::Decode<'de> for #name {
            fn decode(input: sdkgen_runtime::decode::Input<'_, 'de>) -> Result<Self, sdkgen_runtime::decode::Error> {
                use sdkgen_runtime::decode::{#(#helpers),*};
                #shape
                #body
            }
        }
        #gate
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                sdkgen_runtime::decode::deserialize(deserializer)
            }
        }
    }
}

/// The positions of a model's fields, as match patterns.
fn positions(m: &Model) -> impl Iterator<Item = Literal> {
    (0..m.fields.len()).map(Literal::usize_unsuffixed)
}

/// The wire names of a model's fields, by position.
fn wire_names(m: &Model) -> Vec<TokenStream> {
    m.fields.iter().map(|f| lit(&f.wire_name)).collect()
}
