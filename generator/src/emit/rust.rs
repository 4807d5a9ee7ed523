//! Rust fragments that vary with the spec, built as tokens.
//!
//! Templates print these with `{{ }}`; the rendered file is then parsed by
//! `syn` and formatted by `prettyplease`, so spacing here does not matter but
//! structure does: building fragments with `quote` rather than `format!`
//! means a fragment is always a well-formed token tree.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote};

use crate::ir::{Presence, Primitive, Type};

/// An identifier. Lowering only ever produces valid, non-keyword names;
/// anything else is a generator bug, shown as a raw identifier so the
/// compiler names it rather than this function panicking.
pub fn ident(name: &str) -> Ident {
    if crate::naming::is_rust_identifier(name) {
        Ident::new(name, Span::call_site())
    } else {
        Ident::new_raw(
            &name.replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "_"),
            Span::call_site(),
        )
    }
}

/// A string literal.
pub fn lit(text: &str) -> TokenStream {
    proc_macro2::Literal::string(text).into_token_stream()
}

/// Where generated code finds the API's types.
pub fn models_path() -> TokenStream {
    quote!(crate::models)
}

/// The Rust type of `ty`; named types are qualified with `crate::models::`.
pub fn ty(ty: &Type) -> TokenStream {
    match ty {
        Type::Primitive(p) => primitive(*p),
        Type::List(t) => {
            let t = self::ty(t);
            quote!(Vec<#t>)
        }
        Type::Map(t) => {
            let t = self::ty(t);
            quote!(std::collections::BTreeMap<String, #t>)
        }
        Type::Named(r) => {
            let name = ident(&r.name);
            quote!(crate::models::#name)
        }
        Type::Nullable(t) => option(self::ty(t)),
    }
}

/// The Rust type of a field holding `inner` with `presence`.
pub fn field_type(presence: Presence, inner: TokenStream) -> TokenStream {
    match presence {
        Presence::Required => inner,
        Presence::OrNull | Presence::Optional => option(inner),
        Presence::ThreeState => quote!(sdkgen_runtime::Nullable<#inner>),
    }
}

/// An `Option<&T>` of the value of field `expr`.
pub fn field_get(presence: Presence, expr: TokenStream) -> TokenStream {
    match presence {
        Presence::Required => quote!(Some(&#expr)),
        Presence::OrNull | Presence::Optional => quote!(#expr.as_ref()),
        Presence::ThreeState => quote!(#expr.value()),
    }
}

/// An `Option<T>` of the value of field `expr`, by value.
pub fn field_take(presence: Presence, expr: TokenStream) -> TokenStream {
    match presence {
        Presence::Required => quote!(Some(#expr)),
        Presence::OrNull | Presence::Optional => expr,
        Presence::ThreeState => quote!(#expr.into_value()),
    }
}

/// The field value holding `value`.
pub fn field_set(presence: Presence, value: TokenStream) -> TokenStream {
    match presence {
        Presence::Required => value,
        Presence::OrNull | Presence::Optional => quote!(Some(#value)),
        Presence::ThreeState => quote!(sdkgen_runtime::Nullable::Value(#value)),
    }
}

/// The field value holding nothing (never called for required fields).
pub fn field_unset(presence: Presence) -> TokenStream {
    match presence {
        Presence::ThreeState => quote!(sdkgen_runtime::Nullable::Absent),
        _ => quote!(None),
    }
}

/// Clippy's `too_many_arguments` allowed, with its reason, on a function
/// taking `count` arguments (`self` included) past clippy's limit of
/// seven. The arguments are what the API requires; a builder instead would
/// let a caller leave one out.
pub fn allow_many_arguments(count: usize) -> TokenStream {
    if count > 7 {
        quote!(#[allow(clippy::too_many_arguments, reason = "one argument per value the API requires")])
    } else {
        TokenStream::new()
    }
}

/// `ty` in a `Box` when `boxed`.
pub fn boxed(ty: TokenStream, boxed: bool) -> TokenStream {
    if boxed { quote!(Box<#ty>) } else { ty }
}

/// `Option<ty>`.
pub fn option(ty: TokenStream) -> TokenStream {
    quote!(Option<#ty>)
}

fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::String | Primitive::Uri | Primitive::Email => quote!(String),
        Primitive::Int32 => quote!(i32),
        Primitive::Int64 => quote!(i64),
        Primitive::UInt64 => quote!(u64),
        Primitive::Int128 => quote!(i128),
        Primitive::Float => quote!(f32),
        Primitive::Double => quote!(f64),
        Primitive::Boolean => quote!(bool),
        Primitive::DateTime => quote!(chrono::DateTime<chrono::FixedOffset>),
        Primitive::Date => quote!(chrono::NaiveDate),
        Primitive::Time => quote!(chrono::NaiveTime),
        Primitive::Uuid => quote!(uuid::Uuid),
        Primitive::Byte => quote!(sdkgen_runtime::Base64),
        Primitive::Decimal => quote!(rust_decimal::Decimal),
        Primitive::Any => quote!(serde_json::Value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Kind, TypeId, TypeRef};

    #[test]
    fn types_render_qualified() {
        let device = Type::Named(TypeRef {
            id: TypeId(0),
            kind: Kind::Model,
            name: "Device".into(),
        });
        let list = Type::List(Box::new(Type::Map(Box::new(device))));
        assert_eq!(
            ty(&list).to_string(),
            "Vec < std :: collections :: BTreeMap < String , crate :: models :: Device > >"
        );
        assert_eq!(ident("type_").to_string(), "type_");
        assert_eq!(lit("a\"b").to_string(), "\"a\\\"b\"");
    }
}
