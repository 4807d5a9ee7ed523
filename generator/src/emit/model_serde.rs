//! A model's `Serialize` and `Deserialize`, written out rather than derived.
//!
//! serde's derive expands to the largest code a model gets (a field enum
//! with a visitor of its own, and a second decoder reading the struct from
//! an array), which is most of what a whole API's build spends its time on.
//! These impls hold only the model's fields and call the shared helpers of
//! `sdkgen_runtime::object`, which keep serde's behaviour and say where
//! they differ.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::rust::{ident, lit, models_path};
use crate::ir::{Field, Kind, Model, Presence, Type};

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

/// The converter of `sdkgen_runtime::object` a field is read through when
/// its value is a string enum or a list of one: the value is read as the
/// `String` (or `Vec<String>`, `Option<…>`) it is on the wire and converted,
/// so the input format's decoders are compiled for `String` once rather
/// than for every enum of the API. `None` for every other field, which
/// reads its own type.
fn text_converter(f: &Field) -> Option<&'static str> {
    let list = match &f.ty {
        Type::Named(r) if r.kind == Kind::Enum => false,
        Type::List(item) if item.named_of(Kind::Enum).is_some() => true,
        _ => return None,
    };
    if f.boxed {
        return None;
    }
    match (f.presence(), list) {
        (Presence::Required, false) => Some("text"),
        (Presence::Required, true) => Some("text_list"),
        (Presence::Optional | Presence::OrNull, false) => Some("optional_text"),
        (Presence::Optional | Presence::OrNull, true) => Some("optional_text_list"),
        (Presence::ThreeState, _) => None,
    }
}

/// How the read of each field is spelt: `helper(&mut map, &mut place)`,
/// or `helper_as(&mut map, &mut place, converter)` for a field read as
/// text ([`text_converter`]); `extra` goes between the place and the
/// converter (`fill`'s wire name). Also returns the helpers and converters
/// the calls name, for the impl's `use`.
fn reads(
    m: &Model,
    helper: &'static str,
    places: &[TokenStream],
    extra: &[TokenStream],
) -> (Vec<TokenStream>, Vec<&'static str>) {
    let mut names = Vec::new();
    let calls = m
        .fields
        .iter()
        .zip(places)
        .enumerate()
        .map(|(i, (f, place))| {
            let extra = extra.get(i).map(|e| quote!(, #e));
            match text_converter(f) {
                Some(converter) => {
                    let call = format_ident!("{helper}_as");
                    names.push(converter);
                    let converter = ident(converter);
                    quote!(#call(&mut map, &mut #place #extra, #converter))
                }
                None => {
                    let call = ident(helper);
                    quote!(#call(&mut map, &mut #place #extra))
                }
            }
        })
        .collect();
    let mut helpers: Vec<&'static str> = Vec::new();
    if m.fields.iter().any(|f| text_converter(f).is_none()) {
        helpers.push(helper);
    }
    if !names.is_empty() {
        helpers.push(match helper {
            "set" => "set_as",
            "set_slot" => "set_slot_as",
            _ => "fill_as",
        });
    }
    names.sort_unstable();
    names.dedup();
    helpers.extend(names);
    (calls, helpers)
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
fn slot(rust_name: &str) -> Ident {
    format_ident!("field_{rust_name}")
}

/// `impl Deserialize`: an object's keys looked up among the model's wire
/// names, each field's value read once, and the model built. A model whose
/// fields are all optional is read straight into its default value; one
/// with required fields reads each field into a slot ([`slot`]) and is
/// built from the slots at the end; one that keeps undeclared keys also
/// collects those.
pub(super) fn deserialize(m: &Model, needed: bool) -> TokenStream {
    let name = ident(&m.name);
    let models = models_path();
    let gate = gate(needed, "deserialize");
    let expecting = lit(&format!("struct {}", m.name));
    let body = match &m.additional_properties {
        Some(_) => read_keeping_undeclared(m),
        None if m.all_optional() => read_into_default(m),
        None => read_into_slots(m),
    };
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
                        #body
                    }
                }
                deserializer.deserialize_map(Visitor)
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

/// `visit_map` of a model whose fields are all optional: its default value
/// (every field absent), with each field that comes set in place.
fn read_into_default(m: &Model) -> TokenStream {
    let name = ident(&m.name);
    let models = models_path();
    let wires = wire_names(m);
    if m.fields.is_empty() {
        return quote! {
            let mut keys = sdkgen_runtime::object::FieldKeys::new(&[]);
            while keys.next(&mut map)?.is_some() {}
            Ok(#models::#name::default())
        };
    }
    let positions = positions(m);
    let places: Vec<_> = m
        .fields
        .iter()
        .map(|f| {
            let field = ident(&f.rust_name);
            quote!(value.#field)
        })
        .collect();
    let (reads, mut helpers) = reads(m, "set", &places, &[]);
    helpers.push("FieldKeys");
    let imports = imports(&helpers);
    quote! {
        #imports
        let mut value = #models::#name::default();
        let mut keys = FieldKeys::new(&[#(#wires),*]);
        while let Some(field) = keys.next(&mut map)? {
            match field {
                #(#positions => #reads,)*
                _ => Ok(()),
            }?;
        }
        Ok(value)
    }
}

/// `visit_map` of a model with required fields: each field read into its
/// slot, and the model built once the object ends (a required field that
/// was not there is `missing field`, unless its type reads nothing).
fn read_into_slots(m: &Model) -> TokenStream {
    let name = ident(&m.name);
    let models = models_path();
    let wires = wire_names(m);
    let slots: Vec<_> = m.fields.iter().map(|f| slot(&f.rust_name)).collect();
    let positions = positions(m);
    let builds = built_from_slots(m, &slots, &wires);
    let places: Vec<_> = slots.iter().map(|s| quote!(#s)).collect();
    let (reads, read_helpers) = reads(m, "set_slot", &places, &[]);
    let mut helpers = vec!["required"];
    helpers.extend(read_helpers);
    helpers.push("FieldKeys");
    let imports = imports(&helpers);
    quote! {
        #imports
        #(let mut #slots = None;)*
        let mut keys = FieldKeys::new(&[#(#wires),*]);
        while let Some(field) = keys.next(&mut map)? {
            match field {
                #(#positions => #reads,)*
                _ => Ok(()),
            }?;
        }
        Ok(#models::#name {
            #(#builds)*
        })
    }
}

/// `visit_map` of a model that keeps the keys it does not declare: each
/// field read into its slot, every other key's value into the map of
/// undeclared keys, and the model built once the object ends.
fn read_keeping_undeclared(m: &Model) -> TokenStream {
    let name = ident(&m.name);
    let models = models_path();
    let wires = wire_names(m);
    let slots: Vec<_> = m.fields.iter().map(|f| slot(&f.rust_name)).collect();
    let positions = positions(m);
    let builds = built_from_slots(m, &slots, &wires);
    let places: Vec<_> = slots.iter().map(|s| quote!(#s)).collect();
    let (reads, mut helpers) = reads(m, "fill", &places, &wires);
    helpers.extend(
        [
            Some("keep"),
            (!m.all_optional()).then_some("required"),
            Some("skip"),
            Some("Key"),
            Some("Keys"),
        ]
        .into_iter()
        .flatten(),
    );
    let imports = imports(&helpers);
    quote! {
        #imports
        const FIELDS: &[&str] = &[#(#wires),*];
        #(let mut #slots = None;)*
        let mut additional_properties = std::collections::BTreeMap::new();
        while let Some(key) = map.next_key_seed(Keys(FIELDS))? {
            match key {
                #(Key::Field(#positions) => #reads,)*
                Key::Field(_) => skip(&mut map),
                Key::Other(key) => keep(&mut map, &mut additional_properties, key),
            }?;
        }
        Ok(#models::#name {
            #(#builds)*
            additional_properties,
        })
    }
}

/// The model's fields taken from their slots once the object is read: an
/// optional field that was not there takes its default, a required one is
/// `missing field` unless its type reads nothing (an `Option`).
fn built_from_slots(m: &Model, slots: &[Ident], wires: &[TokenStream]) -> Vec<TokenStream> {
    m.fields
        .iter()
        .zip(slots)
        .zip(wires)
        .map(|((f, slot), wire)| {
            let field = ident(&f.rust_name);
            if omittable(f) {
                quote!(#field: #slot.unwrap_or_default(),)
            } else {
                quote!(#field: required(#slot, #wire)?,)
            }
        })
        .collect()
}
