//! Error decoders: the functions that parse a failure body into the API's
//! `ErrorModel`, given its status.
//!
//! Methods of one API mostly declare the same error bodies (RingCentral:
//! `400` one model, `403 | 404 | 429 | 500 | 503` another), so each distinct
//! set is rendered once, as `crate::error::decode_errors_N` in `src/error.rs`,
//! and every method with that set points at it. Per method the generated
//! code then holds no decoding code at all, only a function path. The
//! decoders are `#[inline]`, like the methods' `send`: an error model's
//! serde code is compiled in the crate that calls a method, not in the SDK.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::rust::ident;
use crate::ir::{join_gate, service_gate, Api, ErrorStatus, Gate, Method, Service, Type};

/// The distinct decoders of an API, in the order of first use (services,
/// then methods, in IR order), each with the arms it matches, and which one
/// each method uses.
pub struct Decoders {
    /// Each distinct decoder's arms, beside their text to compare them by.
    arms: Vec<(String, TokenStream)>,
    /// Per decoder, the features of the services using it; `None` once an
    /// always-compiled service uses it.
    features: Vec<Gate>,
    /// Which decoder each method uses.
    pub paths: DecoderPaths,
}

/// The decoder of each method that declares error bodies, by service and
/// method Rust name (unique, unlike a spec's operation ids). Plain data, so
/// service files can be rendered on several threads.
pub struct DecoderPaths {
    by_method: BTreeMap<(String, String), usize>,
}

impl Decoders {
    /// Collects the decoder of every method of `api`.
    pub fn of(api: &Api) -> Decoders {
        let boxed: BTreeSet<&str> = api
            .error_models
            .iter()
            .filter(|e| e.boxed)
            .map(|e| e.ty.name.as_str())
            .collect();
        let mut arms: Vec<(String, TokenStream)> = Vec::new();
        let mut by_method = BTreeMap::new();
        let mut features: Vec<Gate> = Vec::new();
        for (s, m) in api
            .services
            .iter()
            .flat_map(|s| s.methods.iter().map(move |m| (s, m)))
        {
            let Some(a) = match_arms(&boxed, m) else {
                continue;
            };
            let text = a.to_string();
            let n = match arms.iter().position(|(known, _)| *known == text) {
                Some(n) => n,
                None => {
                    arms.push((text, a));
                    features.push(Some(BTreeSet::new()));
                    arms.len() - 1
                }
            };
            // A decoder is compiled when any service using it is.
            join_gate(&mut features[n], &service_gate(s));
            by_method.insert((s.rust_name.clone(), m.rust_name.clone()), n);
        }
        Decoders {
            arms,
            features,
            paths: DecoderPaths { by_method },
        }
    }

    /// The decoder functions, for `src/error.rs`.
    pub fn functions(&self) -> Vec<String> {
        self.arms
            .iter()
            .enumerate()
            .map(|(n, (_, arms))| {
                let name = name(n);
                let cfg = super::features::gate_cfg(&self.features[n]);
                quote! {
                    #cfg
                    #[inline]
                    pub(crate) fn #name(status: u16, body: &[u8]) -> Option<ErrorModel> {
                        #arms
                    }
                }
                .to_string()
            })
            .collect()
    }
}

impl DecoderPaths {
    /// The path of `m`'s decoder, for `Client::start`.
    pub fn path_of(&self, s: &Service, m: &Method) -> TokenStream {
        match self
            .by_method
            .get(&(s.rust_name.clone(), m.rust_name.clone()))
        {
            Some(n) => {
                let name = name(*n);
                quote!(crate::error::#name)
            }
            None => {
                let rt = super::checks::rt();
                quote!(#rt::no_error_model)
            }
        }
    }
}

fn name(n: usize) -> proc_macro2::Ident {
    format_ident!("decode_errors_{}", n + 1)
}

/// The body of `m`'s decoder (a `match` on the status), `None` when it declares no error body. Exact
/// codes come before classes, and classes before the catch-all, so the most
/// specific wins.
fn match_arms(boxed: &BTreeSet<&str>, m: &Method) -> Option<TokenStream> {
    let mut arms: Vec<(Vec<TokenStream>, String, ErrorStatus)> = Vec::new();
    for e in &m.errors {
        let Some(Type::Named(r)) = &e.ty else {
            continue;
        };
        let pattern = match e.status {
            ErrorStatus::Code(c) => Literal::u16_unsuffixed(c).into_token_stream(),
            ErrorStatus::Class(k) => {
                let (lo, hi) = (
                    Literal::u16_unsuffixed(k * 100),
                    Literal::u16_unsuffixed(k * 100 + 99),
                );
                quote!(#lo..=#hi)
            }
            ErrorStatus::Default => quote!(_),
        };
        let same_kind =
            |s: ErrorStatus| std::mem::discriminant(&s) == std::mem::discriminant(&e.status);
        match arms
            .iter_mut()
            .find(|(_, v, s)| *v == r.name && same_kind(*s) && e.status != ErrorStatus::Default)
        {
            Some((patterns, _, _)) => patterns.push(pattern),
            None => arms.push((vec![pattern], r.name.clone(), e.status)),
        }
    }
    if arms.is_empty() {
        return None;
    }
    let has_default = arms.iter().any(|(_, _, s)| *s == ErrorStatus::Default);
    let wrap = |variant: &str| {
        let name = ident(variant);
        if boxed.contains(variant) {
            quote!(|v| ErrorModel::#name(Box::new(v)))
        } else {
            quote!(ErrorModel::#name)
        }
    };
    if let [(_, variant, ErrorStatus::Default)] = arms.as_slice() {
        // One body for every status: a `match` with only `_` is clippy's `match_single_binding`.
        let wrap = wrap(variant);
        return Some(quote!({ let _ = status; serde_json::from_slice(body).ok().map(#wrap) }));
    }
    let arms = arms.iter().map(|(patterns, variant, _)| {
        let wrap = wrap(variant);
        quote!(#(#patterns)|* => serde_json::from_slice(body).ok().map(#wrap),)
    });
    let fallback = if has_default {
        quote!()
    } else {
        quote!(_ => None,)
    };
    Some(quote!(match status { #(#arms)* #fallback }))
}
