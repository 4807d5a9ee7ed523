//! What per-service cargo features (`api.features`) change in the emitted
//! crate: a `#[cfg(...)]` on each gated service, type and error decoder,
//! and the `[features]` lines of `Cargo.toml`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Gate, Service, TypeRef, service_gate};

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", feature = "b"))]`;
/// nothing for an item that is always compiled.
pub fn cfg_tokens(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// [`cfg_tokens`] as text, for templates.
pub fn cfg(features: &[String]) -> String {
    cfg_tokens(features).to_string()
}

/// The `cfg` of the named type with id `id`.
pub fn of_type_id(api: &Api, id: usize) -> String {
    api.type_features
        .get(id)
        .map(|f| cfg(f))
        .unwrap_or_default()
}

/// The `cfg` of a named type.
pub fn of_type(api: &Api, r: &TypeRef) -> String {
    of_type_id(api, r.id.0)
}

/// The `cfg` of a service's accessor and module.
pub fn of_service(s: &Service) -> String {
    gate_cfg(&service_gate(s)).to_string()
}

/// The `cfg` of an item compiled under `gate`.
pub fn gate_cfg(gate: &Gate) -> TokenStream {
    gate.as_ref()
        .map(|f| cfg_tokens(&f.iter().cloned().collect::<Vec<_>>()))
        .unwrap_or_default()
}

/// The `[features]` lines for the service features: one per service, `full`
/// with all of them, and the default set (beside `http2`).
pub fn cargo_lines(api: &Api) -> (String, String) {
    let Some(f) = &api.features else {
        return (String::new(), String::new());
    };
    let mut lines = String::from(
        "# Each service of the API behind a feature of its own; `full` turns on every one.\n",
    );
    lines.push_str(&format!("full = [{}]\n", quoted(&f.all)));
    for name in &f.all {
        lines.push_str(&format!("{name} = []\n"));
    }
    let defaults = f.default.iter().map(|d| format!(", \"{d}\"")).collect();
    (lines, defaults)
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
