//! Error decoders: the functions that parse a failure body into the API's
//! `ErrorModel`, given its status.
//!
//! Methods of one API mostly declare the same error bodies (RingCentral:
//! `400` one model, `403 | 404 | 429 | 500 | 503` another), so each distinct
//! set is rendered once in `src/error.rs`, named for what it decodes
//! (`decode_api_error`, or `decode_error_info_on_400_api_error_on_other`
//! when two sets decode the same models on other statuses, see
//! [`names`]), and every method with that set points at it. Per method the generated
//! code then holds no decoding code at all, only a function path. A decoder
//! is compiled once, in the SDK, with the `send` functions that name it;
//! behind the features of the services that use it.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};

use super::rust::ident;
use crate::ir::{Api, ErrorStatus, Gate, Method, Service, Type, join_gate, service_gate};
use crate::naming;

/// The distinct decoders of an API, in the order of first use (services,
/// then methods, in IR order), each with the arms it matches, and which one
/// each method uses.
pub struct Decoders {
    /// Each distinct decoder's arms, beside their text to compare them by.
    arms: Vec<(String, TokenStream)>,
    /// Each decoder's function name.
    names: Vec<proc_macro2::Ident>,
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
    by_method: BTreeMap<(String, String), String>,
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
        let mut decodes: Vec<Vec<Decoded>> = Vec::new();
        let mut by_method = BTreeMap::new();
        let mut features: Vec<Gate> = Vec::new();
        for (s, m) in api
            .services
            .iter()
            .flat_map(|s| s.methods.iter().map(move |m| (s, m)))
        {
            let Some((a, decoded)) = match_arms(&boxed, m) else {
                continue;
            };
            let text = a.to_string();
            let n = match arms.iter().position(|(known, _)| *known == text) {
                Some(n) => n,
                None => {
                    arms.push((text, a));
                    decodes.push(decoded);
                    features.push(Some(BTreeSet::new()));
                    arms.len() - 1
                }
            };
            // A decoder is compiled when any service using it is.
            join_gate(&mut features[n], &service_gate(s));
            by_method.insert((s.rust_name.clone(), m.rust_name.clone()), n);
        }
        let names = names(&decodes);
        let by_method = by_method
            .into_iter()
            .map(|(k, n)| (k, names[n].to_string()))
            .collect();
        Decoders {
            arms,
            names,
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
                let name = &self.names[n];
                let cfg = super::features::gate_cfg(&self.features[n]);
                quote! {
                    #cfg
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
            Some(name) => {
                let name = format_ident!("{}", name);
                quote!(crate::error::#name)
            }
            None => {
                let rt = super::checks::rt();
                quote!(#rt::no_error_model)
            }
        }
    }
}

/// One arm of a decoder: the error model and the statuses it is read on
/// (`400`, `4xx`, `other`), for its name.
type Decoded = (String, Vec<String>);

/// A name per decoder from what it decodes, so a decoder keeps its name
/// when other methods or errors of the API change: `decode_` and the error
/// models in the order their statuses are matched (`decode_api_error`,
/// `decode_error_info_or_api_error`); when two decoders would share that
/// name, each says its statuses too (`decode_error_info_on_400_api_error_on_other`:
/// codes, `4xx` for a class, `other` for the rest); numbered only if even
/// that is shared.
fn names(decodes: &[Vec<Decoded>]) -> Vec<proc_macro2::Ident> {
    let short = |d: &[Decoded]| {
        let mut models: Vec<String> = Vec::new();
        for (m, _) in d {
            let m = naming::snake(m);
            if !models.contains(&m) {
                models.push(m);
            }
        }
        format!("decode_{}", models.join("_or_"))
    };
    let long = |d: &[Decoded]| {
        let parts: Vec<String> = d
            .iter()
            .map(|(m, statuses)| format!("{}_on_{}", naming::snake(m), statuses.join("_")))
            .collect();
        format!("decode_{}", parts.join("_"))
    };
    let shorts: Vec<String> = decodes.iter().map(|d| short(d)).collect();
    let mut taken = BTreeSet::new();
    decodes
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let shared = shorts.iter().filter(|s| **s == shorts[i]).count() > 1;
            let wanted = if shared { long(d) } else { shorts[i].clone() };
            let mut name = wanted.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{wanted}_{n}");
                n += 1;
            }
            format_ident!("{}", name)
        })
        .collect()
}

/// The body of `m`'s decoder (a `match` on the status), `None` when it declares no error body. Exact
/// codes come before classes, and classes before the catch-all, so the most
/// specific wins.
fn match_arms(boxed: &BTreeSet<&str>, m: &Method) -> Option<(TokenStream, Vec<Decoded>)> {
    let mut arms: Vec<(Vec<ErrorStatus>, String, ErrorStatus)> = Vec::new();
    for e in &m.errors {
        let Some(Type::Named(r)) = &e.ty else {
            continue;
        };
        let same_kind =
            |s: ErrorStatus| std::mem::discriminant(&s) == std::mem::discriminant(&e.status);
        match arms
            .iter_mut()
            .find(|(_, v, s)| *v == r.name && same_kind(*s) && e.status != ErrorStatus::Default)
        {
            Some((statuses, _, _)) => statuses.push(e.status),
            None => arms.push((vec![e.status], r.name.clone(), e.status)),
        }
    }
    if arms.is_empty() {
        return None;
    }
    let decoded: Vec<Decoded> = arms
        .iter()
        .map(|(statuses, variant, _)| {
            let statuses = statuses
                .iter()
                .map(|s| match s {
                    ErrorStatus::Default => "other".to_owned(),
                    ErrorStatus::Class(k) => format!("{k}xx"),
                    ErrorStatus::Code(c) => c.to_string(),
                })
                .collect();
            (variant.clone(), statuses)
        })
        .collect();
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
        return Some((
            quote!({ let _ = status; sdkgen_runtime::decode::from_slice(body).ok().map(#wrap) }),
            decoded,
        ));
    }
    let arms = arms.iter().map(|(statuses, variant, _)| {
        let patterns = status_patterns(statuses);
        let wrap = wrap(variant);
        quote!(#(#patterns)|* => serde_json::from_slice(body).ok().map(#wrap),)
    });
    let fallback = if has_default {
        quote!()
    } else {
        quote!(_ => None,)
    };
    Some((quote!(match status { #(#arms)* #fallback }), decoded))
}

/// The patterns matching `statuses`, adjacent ones joined into one range:
/// `400..=499 | 500..=599` or `403 | 404 | 405` is clippy's
/// `manual_range_patterns`, and documents often list such runs.
fn status_patterns(statuses: &[ErrorStatus]) -> Vec<TokenStream> {
    if statuses.contains(&ErrorStatus::Default) {
        return vec![quote!(_)];
    }
    let mut spans: Vec<(u16, u16)> = statuses
        .iter()
        .filter_map(|s| match *s {
            ErrorStatus::Code(c) => Some((c, c)),
            ErrorStatus::Class(k) => Some((k * 100, k * 100 + 99)),
            ErrorStatus::Default => None,
        })
        .collect();
    spans.sort_unstable();
    let mut joined: Vec<(u16, u16)> = Vec::new();
    for (lo, hi) in spans {
        match joined.last_mut() {
            Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
            _ => joined.push((lo, hi)),
        }
    }
    joined
        .into_iter()
        .flat_map(|(lo, hi)| {
            let (lo_lit, hi_lit) = (Literal::u16_unsuffixed(lo), Literal::u16_unsuffixed(hi));
            // Two adjacent codes read better as written, and the lint wants
            // a third (or a range) before it objects.
            match hi - lo {
                0 => vec![lo_lit.into_token_stream()],
                1 => vec![lo_lit.into_token_stream(), hi_lit.into_token_stream()],
                _ => vec![quote!(#lo_lit..=#hi_lit)],
            }
        })
        .collect()
}
