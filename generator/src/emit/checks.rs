//! Validation of request values against the spec's constraints, as the
//! statements of a `Validate` impl or of a request's `send`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rust::{ident, lit};
use crate::ir::{Api, Constraints, Field, Primitive, Type};
use crate::spec::Bound;

/// The runtime crate, as generated code names it.
pub fn rt() -> TokenStream {
    quote!(sdkgen_runtime)
}

/// A statement checking one value against its constraints, or `None` when it has none.
///
/// `access` is an expression of type `Option<&T>` for the value; `path` the
/// expression naming the enclosing value in messages.
pub fn value_checks(
    api: &Api,
    ty: &Type,
    c: &Constraints,
    wire: &str,
    access: TokenStream,
    path: &TokenStream,
) -> Option<TokenStream> {
    let rt = rt();
    let name = lit(wire);
    let opt_f = |v: Option<f64>| {
        v.filter(|x| x.is_finite())
            .map(Literal::f64_unsuffixed)
            .map(|x| quote!(Some(#x)))
            .unwrap_or_else(|| quote!(None))
    };
    let opt_i = |v: Option<i64>| {
        v.map(Literal::i64_unsuffixed)
            .map(|x| quote!(Some(#x)))
            .unwrap_or_else(|| quote!(None))
    };
    let opt_u = |v: Option<u64>| {
        v.map(Literal::u64_unsuffixed)
            .map(|x| quote!(Some(#x)))
            .unwrap_or_else(|| quote!(None))
    };
    // An integer is at least the smallest integer at or above a fractional
    // minimum (and so for the maximum), so the bounds stay exact integers.
    let lo = c.minimum.and_then(|b| b.ceil());
    let hi = c.maximum.and_then(|b| b.floor());
    let mut body = Vec::new();
    if c.minimum.is_some() || c.maximum.is_some() {
        match api.integer_of(ty) {
            Some(Primitive::UInt64) => {
                // Lowering refuses a bound outside `u64`, so none is lost here.
                let clamp = |b: Option<i128>| b.and_then(|b| u64::try_from(b).ok());
                let (lo, hi) = (opt_u(clamp(lo)), opt_u(clamp(hi)));
                body.push(quote!(#rt::check_unsigned(#path, #name, *value, #lo, #hi, problems);));
            }
            Some(Primitive::Int128) => {
                // Lowering refuses a bound outside `i128`, so each is exact.
                let opt = |v: Option<i128>| {
                    v.map(Literal::i128_unsuffixed)
                        .map(|x| quote!(Some(#x)))
                        .unwrap_or_else(|| quote!(None))
                };
                let (lo, hi) = (opt(lo), opt(hi));
                body.push(quote!(#rt::check_i128(#path, #name, *value, #lo, #hi, problems);));
            }
            Some(_) => {
                // A bound beyond `i64` saturates, as every value is within it.
                let clamp =
                    |b: Option<i128>| b.map(|b| b.clamp(i64::MIN.into(), i64::MAX.into()) as i64);
                let (lo, hi) = (opt_i(clamp(lo)), opt_i(clamp(hi)));
                body.push(quote!(#rt::check_integer(#path, #name, *value, #lo, #hi, problems);));
            }
            None => {
                let float = |b: Option<Bound>| b.map(Bound::as_f64);
                let (lo, hi) = (opt_f(float(c.minimum)), opt_f(float(c.maximum)));
                body.push(quote!(#rt::check_range(#path, #name, *value, #lo, #hi, problems);));
            }
        }
    }
    if c.min_length.is_some() || c.max_length.is_some() {
        let (lo, hi) = (opt_u(c.min_length), opt_u(c.max_length));
        body.push(quote!(#rt::check_length(#path, #name, value, #lo, #hi, problems);));
    }
    if let Some(p) = &c.pattern {
        let p = lit(p);
        body.push(quote!(#rt::check_pattern(#path, #name, value, #p, problems);));
    }
    if c.min_items.is_some() || c.max_items.is_some() {
        let (lo, hi) = (opt_u(c.min_items), opt_u(c.max_items));
        body.push(quote!(#rt::check_items(#path, #name, value.len(), #lo, #hi, problems);));
    }
    if api.validates(ty) {
        body.push(quote!(#rt::Validate::validate(value, &#rt::nested(#path, #name), problems);));
    }
    if body.is_empty() {
        return None;
    }
    Some(quote!(if let Some(value) = #access { #(#body)* }))
}

/// The check of one model field, reading it from `self`.
pub fn field_checks(api: &Api, f: &Field) -> Option<TokenStream> {
    let name = ident(&f.rust_name);
    let access = super::rust::field_get(f.presence(), quote!(self.#name));
    value_checks(
        api,
        &f.ty,
        &f.constraints,
        &f.wire_name,
        access,
        &quote!(path),
    )
}

/// Human notes on constraints, for docs.
pub fn constraint_notes(c: &Constraints) -> Vec<String> {
    let mut out = Vec::new();
    match (c.minimum, c.maximum) {
        (Some(lo), Some(hi)) => out.push(format!("Range: {lo} to {hi}.")),
        (Some(lo), None) => out.push(format!("Minimum: {lo}.")),
        (None, Some(hi)) => out.push(format!("Maximum: {hi}.")),
        _ => {}
    }
    match (c.min_length, c.max_length) {
        (Some(lo), Some(hi)) => out.push(format!("Length: {lo} to {hi} characters.")),
        (Some(lo), None) => out.push(format!("At least {lo} characters.")),
        (None, Some(hi)) => out.push(format!("At most {hi} characters.")),
        _ => {}
    }
    if let Some(p) = &c.pattern {
        out.push(format!("Pattern: `{p}`."));
    }
    match (c.min_items, c.max_items) {
        (Some(lo), Some(hi)) => out.push(format!("{lo} to {hi} items.")),
        (Some(lo), None) => out.push(format!("At least {lo} items.")),
        (None, Some(hi)) => out.push(format!("At most {hi} items.")),
        _ => {}
    }
    out
}
