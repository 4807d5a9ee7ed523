//! The view of a union: an enum with a variant per member and an `Unknown`
//! variant that keeps, as raw JSON, whatever no member claims.
//!
//! A union with a discriminator reads the tag and decodes only the member
//! it names, straight from the input; one without reads the value whole,
//! tries every member and keeps the one that keeps the most of it
//! (`sdkgen_runtime::union`).

use askama::Template;
use proc_macro2::TokenStream;
use quote::quote;

use super::checks::rt;
use super::docs;
use super::rust::{self, ident, lit};
use super::view::{doc_block, named};
use crate::ir::{Api, Union, Usage};
use crate::names;

/// One variant.
pub struct MemberView {
    name: String,
    ty: String,
    doc: Vec<String>,
    /// The `match` arm validating a value of this variant.
    validate: String,
}

/// `templates/union.rs.askama`.
#[derive(Template)]
#[template(path = "union.rs.askama", escape = "none")]
pub struct UnionView {
    name: String,
    doc: Vec<String>,
    members: Vec<MemberView>,
    /// The variant that keeps values no member claims.
    unknown: String,
    /// Derives and attributes of the enum.
    attributes: Vec<String>,
    /// A hand-written `Serialize` impl (discriminated unions), if any.
    serialize_impl: Option<String>,
    /// The `sdkgen_runtime::union::Discriminated` impl (discriminated unions), if any.
    discriminated_impl: Option<String>,
    /// The body of `Deserialize::deserialize`, given `deserializer`.
    decode: String,
    /// The body of `Decode::decode`, given `input`.
    decode_input: String,
    /// Whether the `Deserialize` impl exists only with the `deserialize` feature.
    deserialize_optional: bool,
    /// Whether it has a `Validate` impl.
    validated: bool,
    any_validates: bool,
}
named!(UnionView, "union.rs.askama");

/// The view of a union.
pub fn union(api: &Api, usage: Usage, u: &Union) -> UnionView {
    let rt = rt();
    let unknown = ident(names::UNION[0]);
    let name_ident = ident(&u.name);
    let members: Vec<MemberView> = u
        .members
        .iter()
        .map(|m| {
            let variant = ident(&m.rust_name);
            let validate = if api.validates(&m.ty) {
                quote!(Self::#variant(value) => #rt::Validate::validate(value, path, problems),)
            } else {
                quote!(Self::#variant(_) => {})
            };
            let doc = match &m.tag {
                // Backticks would end the code span early; enum docs do the same.
                Some(tag) => format!(
                    "`{}` is `{}`: the value is a `{}`.",
                    u.discriminator
                        .as_deref()
                        .unwrap_or_default()
                        .replace('`', "'"),
                    tag.replace('`', "'"),
                    m.ty
                ),
                None => format!("The value decoded as `{}`.", m.ty),
            };
            MemberView {
                name: m.rust_name.clone(),
                ty: rust::boxed(rust::ty(&m.ty), m.boxed).to_string(),
                doc: docs::literals(&[doc]),
                validate: validate.to_string(),
            }
        })
        .collect();
    let types: Vec<TokenStream> = u
        .members
        .iter()
        .map(|m| rust::boxed(rust::ty(&m.ty), m.boxed))
        .collect();
    let variants: Vec<_> = u.members.iter().map(|m| ident(&m.rust_name)).collect();
    let ((decode, decode_input), serialize_impl, discriminated_impl, attributes, rule) = match &u
        .discriminator
    {
        Some(property) => {
            let property = lit(property);
            let tags: Vec<TokenStream> = u
                .members
                .iter()
                .map(|m| lit(m.tag.as_deref().unwrap_or_default()))
                .collect();
            let arms = types.iter().zip(&variants).enumerate().map(|(i, (ty, variant))| {
                let i = proc_macro2::Literal::usize_unsuffixed(i);
                quote!(#i => <#ty as serde::Deserialize>::deserialize(input).map(Self::#variant),)
            });
            let member_names = u.members.iter().map(|m| lit(&m.ty.to_string()));
            // The member is read straight from the input once the tag is
            // known (`sdkgen_runtime::union::decode_discriminated`), so the
            // trait impl says which tag is which member.
            let discriminated = quote! {
                #[doc(hidden)]
                impl #rt::union::Discriminated for #name_ident {
                    const PROPERTY: &'static str = #property;
                    const TAGS: &'static [&'static str] = &[#(#tags),*];
                    const MEMBERS: &'static [&'static str] = &[#(#member_names),*];
                    fn member<'de, M: serde::Deserializer<'de>>(index: usize, input: M) -> Result<Self, M::Error> {
                        match index {
                            #(#arms)*
                            _ => Err(serde::de::Error::custom("no member has this index")),
                        }
                    }
                    fn unknown(value: serde_json::Value) -> Self {
                        Self::#unknown(value)
                    }
                }
            };
            let decode = quote!(#rt::union::decode_discriminated(deserializer));
            // The SDK's own reading: the member straight from the input,
            // through the same tags as `Deserialize`.
            let reads = types
                .iter()
                .zip(&variants)
                .enumerate()
                .map(|(i, (_, variant))| {
                    let i = proc_macro2::Literal::usize_unsuffixed(i);
                    quote!(#i => Self::#variant(input.decode()?),)
                });
            let decode_input = quote! {
                use #rt::union::Discriminated;
                static UNION: #rt::decode::Union = #rt::decode::Union {
                    property: <#name_ident as Discriminated>::PROPERTY,
                    tags: <#name_ident as Discriminated>::TAGS,
                    members: <#name_ident as Discriminated>::MEMBERS,
                };
                let mut value = None;
                let unknown = input.union(&UNION, &mut |index, input| {
                    value = Some(match index {
                        #(#reads)*
                        _ => return Ok(()),
                    });
                    Ok(())
                })?;
                Ok(value.unwrap_or_else(|| Self::#unknown(unknown.unwrap_or_default())))
            };
            let gate = (!usage.serialized).then(|| quote!(#[cfg(feature = "serialize")]));
            let serialize = quote! {
                #gate
                impl serde::Serialize for #name_ident {
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        match self {
                            #(Self::#variants(value) => serde::Serialize::serialize(&#rt::union::Tagged { property: #property, tag: #tags, value }, serializer),)*
                            Self::#unknown(value) => serde::Serialize::serialize(value, serializer),
                        }
                    }
                }
            };
            let shown = u
                .discriminator
                .as_deref()
                .unwrap_or_default()
                .replace('`', "'");
            let rule = format!(
                "Decoded by its `{shown}` property; a value whose tag this version does not list is kept as `{}`.",
                names::UNION[0]
            );
            (
                (decode, decode_input),
                Some(serialize.to_string()),
                Some(discriminated.to_string()),
                vec![quote!(derive(Debug, Clone, PartialEq))],
                rule,
            )
        }
        None => {
            let decode = quote! {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let candidates = [#(<#types as serde::Deserialize>::deserialize(&value).map(Self::#variants)),*];
                Ok(#rt::union::untagged(value, candidates, Self::#unknown))
            };
            // Choosing among members that all accept a value encodes each back,
            // so a union that is read needs `Serialize` as much as one that is sent.
            let attributes = if usage.serialized || usage.deserialized {
                vec![
                    quote!(derive(Debug, Clone, PartialEq, serde::Serialize)),
                    quote!(serde(untagged)),
                ]
            } else {
                vec![
                    quote!(derive(Debug, Clone, PartialEq)),
                    quote!(cfg_attr(
                        feature = "serialize",
                        derive(serde::Serialize),
                        serde(untagged)
                    )),
                ]
            };
            let rule = format!(
                "Decoded as the member that keeps the most of the value; a tie goes to the member listed first, and a value no member accepts is kept as `{}`.",
                names::UNION[0]
            );
            // Every member is tried on the whole value, so it is read whole.
            let decode_input = quote!(#rt::decode::via_value(input));
            ((decode, decode_input), None, None, attributes, rule)
        }
    };
    let mut doc = doc_block(
        u.doc.as_deref(),
        &format!("One of several shapes of `{}`.", u.name),
    );
    doc.push(docs::literal(""));
    doc.push(docs::literal(&format!(" {rule}")));
    let any_validates = u.members.iter().any(|m| api.validates(&m.ty));
    let mut attributes: Vec<String> = attributes.iter().map(ToString::to_string).collect();
    attributes.push(quote!(non_exhaustive).to_string());
    UnionView {
        name: u.name.clone(),
        doc,
        members,
        unknown: unknown.to_string(),
        attributes,
        serialize_impl,
        discriminated_impl,
        decode: decode.to_string(),
        decode_input: decode_input.to_string(),
        deserialize_optional: !usage.deserialized,
        validated: usage.validated,
        any_validates,
    }
}
