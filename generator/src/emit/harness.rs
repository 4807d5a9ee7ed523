//! `src/harness.rs` (feature `harness`): each method reachable by its
//! operation id with JSON inputs, so a contract test can call a whole API
//! without naming a thousand typed methods. The per-method statements are
//! tokens; the template only lays out one module per service.

use askama::Template;
use proc_macro2::TokenStream;
use quote::quote;

use super::features;
use super::rust::{self, ident, lit};
use super::view::named;
use crate::ir::{Api, BodyEncoding, Method, ParamLocation, Returns, Service};

/// `templates/harness.rs.askama`.
#[derive(Template)]
#[template(path = "harness.rs.askama", escape = "none")]
pub struct HarnessRs {
    services: Vec<ServiceView>,
}
named!(HarnessRs, "harness.rs.askama");

/// A service's module of the harness.
pub struct ServiceView {
    cfg: String,
    module: String,
    name: String,
    accessor: String,
    methods: Vec<MethodView>,
}

/// One method: its operation id and the function that starts it.
pub struct MethodView {
    operation: String,
    name: String,
    body: String,
}

/// The view of `src/harness.rs`.
pub fn harness_rs(api: &Api) -> HarnessRs {
    HarnessRs {
        services: api.services.iter().map(service).collect(),
    }
}

fn service(s: &Service) -> ServiceView {
    ServiceView {
        cfg: features::of_service(s),
        module: s.module.clone(),
        name: s.rust_name.clone(),
        accessor: s.accessor.clone(),
        methods: s
            .methods
            .iter()
            .map(|m| MethodView {
                operation: lit(&m.operation_id).to_string(),
                name: m.rust_name.clone(),
                body: method_body(m).to_string(),
            })
            .collect(),
    }
}

/// Builds the request from the inputs (arguments first, in the method's
/// order, then each setter), refuses inputs it did not take, and starts it.
fn method_body(m: &Method) -> TokenStream {
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for p in &m.params {
        let (wire, name) = (lit(&p.wire_name), ident(&p.rust_name));
        let location = match p.location {
            ParamLocation::Path => quote!(sdkgen_runtime::harness::Location::Path),
            ParamLocation::Query => quote!(sdkgen_runtime::harness::Location::Query),
            ParamLocation::Header => quote!(sdkgen_runtime::harness::Location::Header),
        };
        let ty = rust::ty(&p.ty);
        if p.required {
            args.push(quote!(inputs.required::<#ty>(#location, #wire)?));
        } else {
            setters.push(quote!(if let Some(value) = inputs.optional::<#ty>(#location, #wire)? { request = request.#name(value); }));
        }
    }
    if let Some(b) = &m.body {
        let binary = b.encoding == BodyEncoding::Binary;
        match (&b.ty, binary, b.required) {
            (_, true, true) => args.push(quote!(inputs.required_raw_body()?)),
            (_, true, false) => setters.push(quote!(if let Some(value) = inputs.raw_body()? {
                request = request.body(value);
            })),
            (Some(ty), false, true) => {
                let ty = rust::ty(ty);
                args.push(quote!(inputs.required_body::<#ty>()?));
            }
            (Some(ty), false, false) => {
                let ty = rust::ty(ty);
                setters.push(quote!(if let Some(value) = inputs.body::<#ty>()? { request = request.body(value); }));
            }
            (None, false, _) => {}
        }
        for f in &b.files {
            let (wire, name) = (lit(&f.wire_name), ident(&f.rust_name));
            match (f.required, f.multiple) {
                (true, true) => args.push(quote!(inputs.uploads(#wire)?)),
                (true, false) => args.push(quote!(inputs.required_upload(#wire)?)),
                (false, true) => setters.push(quote!({
                    let files = inputs.uploads(#wire)?;
                    if !files.is_empty() { request = request.#name(files); }
                })),
                (false, false) => setters.push(quote!(if let Some(value) = inputs.upload(#wire)? { request = request.#name(value); })),
            }
        }
    }
    let method = ident(&m.rust_name);
    let value = if m.output.is_some() {
        quote!(value.body)
    } else {
        quote!(value)
    };
    let answer = match &m.returns {
        Returns::Unit => quote!(request.await?; Ok(serde_json::Value::Null)),
        Returns::Body { .. } | Returns::OptionalBody { .. } => {
            quote!(let value = request.await?; Ok(sdkgen_runtime::harness::json(&#value)))
        }
        Returns::Bytes => {
            quote!(let value = request.await?; Ok(sdkgen_runtime::harness::bytes(&#value)))
        }
        Returns::Text => quote!(let value = request.await?; Ok(serde_json::Value::String(#value))),
    };
    let binding = if setters.is_empty() {
        quote!(let request)
    } else {
        quote!(let mut request)
    };
    quote! {
        #binding = service.#method(#(#args),*);
        #(#setters)*
        inputs.finish()?;
        Ok(Box::pin(async move { #answer }))
    }
}
