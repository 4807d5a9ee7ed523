//! `src/harness.rs` (feature `harness`): each method reachable by its
//! operation id with JSON inputs, so a contract test can call a whole API
//! without naming a thousand typed methods. The per-method statements are
//! tokens; the template only lays out one module per service.

use askama::Template;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::features;
use super::rust::{self, ident, lit};
use super::view::named;
use crate::ir::{Api, BodyEncoding, Method, ParamLocation, Returns, Service};

/// `templates/harness.rs.askama`.
#[derive(Template)]
#[template(path = "harness.rs.askama", escape = "none")]
pub struct HarnessRs {
    imports: String,
    /// Whether a service is behind a feature: then which of the imports
    /// are used depends on the features enabled.
    imports_vary: bool,
    services: Vec<ServiceView>,
}
named!(HarnessRs, "harness.rs.askama");

/// A service's function of the harness.
pub struct ServiceView {
    cfg: String,
    name: String,
    function: String,
    methods: Vec<MethodView>,
}

/// One method: its operation id and the statements that start it.
pub struct MethodView {
    operation: String,
    body: String,
}

/// The parameter locations the methods use, so the file imports each
/// once and only those (an unused import fails clippy). The runtime's
/// functions are called as `rt::start` and so on instead: a method of the
/// API may be called `start` or `json`, and its function here would hide
/// an imported one.
#[derive(Default)]
struct Uses(std::collections::BTreeSet<&'static str>);

/// The view of `src/harness.rs`.
pub fn harness_rs(api: &Api) -> HarnessRs {
    let mut uses = Uses::default();
    let services: Vec<ServiceView> = api.services.iter().map(|s| service(s, &mut uses)).collect();
    let imports_vary = services.iter().any(|s| !s.cfg.is_empty());
    let names = uses
        .0
        .iter()
        .map(|n| n.parse::<TokenStream>().expect("a path"));
    HarnessRs {
        // Only the services' functions name `Outcome`.
        imports: if api.services.is_empty() {
            quote!(use sdkgen_runtime::harness::{self as rt, Inputs, Service, Started};)
        } else {
            quote!(use sdkgen_runtime::harness::{self as rt, Inputs, Outcome, Service, Started, #(#names),*};)
        }
        .to_string(),
        imports_vary,
        services,
    }
}

fn service(s: &Service, uses: &mut Uses) -> ServiceView {
    ServiceView {
        cfg: features::of_service(s),
        name: s.rust_name.clone(),
        // Service modules are distinct names, so these are too, and none
        // is `call`, the file's other function.
        function: format!("{}_methods", s.module),
        methods: s
            .methods
            .iter()
            .map(|m| MethodView {
                operation: lit(&m.operation_id).to_string(),
                body: method_body(s, m, uses).to_string(),
            })
            .collect(),
    }
}

/// Builds the request from the inputs (arguments first, in the method's
/// order, then each optional input straight into its field, typed by it)
/// and starts it once every input is taken.
fn method_body(s: &Service, m: &Method, uses: &mut Uses) -> TokenStream {
    // Each argument gets a local named after it, so the method's call
    // stays one short line; a name the function uses itself gets a `_`.
    let local = |name: &str| match name {
        "client" | "inputs" | "request" => format_ident!("{name}_"),
        _ => ident(name),
    };
    let mut args = Vec::new();
    let mut reads = Vec::new();
    let mut sets = Vec::new();
    for p in &m.params {
        let (wire, name) = (lit(&p.wire_name), ident(&p.rust_name));
        let (location, path) = match p.location {
            ParamLocation::Path => (quote!(Path), "Location::Path"),
            ParamLocation::Query => (quote!(Query), "Location::Query"),
            ParamLocation::Header => (quote!(Header), "Location::Header"),
        };
        uses.0.insert(path);
        if p.required {
            // A text argument is taken as `impl Into<String>`, which names no type.
            let ty = p.ty.is_text().then(|| {
                let ty = rust::ty(&p.ty);
                quote!(::<#ty>)
            });
            let arg = local(&p.rust_name);
            reads.push(quote!(let #arg = inputs.required #ty (#location, #wire)?;));
            args.push(arg);
        } else {
            sets.push(quote!(request.#name = inputs.optional(#location, #wire)?;));
        }
    }
    if let Some(b) = &m.body {
        let binary = b.encoding == BodyEncoding::Binary;
        let body = format_ident!("body");
        match (&b.ty, binary, b.required) {
            (_, true, true) => {
                reads.push(quote!(let body = inputs.required_raw_body()?;));
                args.push(body);
            }
            (_, true, false) => sets.push(quote!(request.body = inputs.raw_body()?;)),
            (Some(_), false, true) => {
                reads.push(quote!(let body = inputs.required_body()?;));
                args.push(body);
            }
            (Some(_), false, false) => sets.push(quote!(request.body = inputs.body()?;)),
            (None, false, _) => {}
        }
        for f in &b.files {
            let (wire, name) = (lit(&f.wire_name), ident(&f.rust_name));
            let arg = local(&f.rust_name);
            match (f.required, f.multiple) {
                (true, true) => {
                    reads.push(quote!(let #arg = inputs.uploads(#wire)?;));
                    args.push(arg);
                }
                (true, false) => {
                    reads.push(quote!(let #arg = inputs.required_upload(#wire)?;));
                    args.push(arg);
                }
                (false, true) => sets.push(quote!(request.#name = Some(inputs.uploads(#wire)?).filter(|files| !files.is_empty());)),
                (false, false) => sets.push(quote!(request.#name = inputs.upload(#wire)?;)),
            }
        }
    }
    let method = ident(&m.rust_name);
    let body = m.output.is_some().then(|| quote!(.body));
    let answer = match (&m.returns, body) {
        (Returns::Unit, _) => quote!(rt::unit),
        (Returns::Body { .. } | Returns::OptionalBody { .. }, body) => {
            quote!(|value| rt::json(&value #body))
        }
        (Returns::Bytes, body) => quote!(|value| rt::bytes(&value #body)),
        (Returns::Text, None) => quote!(rt::text),
        (Returns::Text, Some(body)) => quote!(|value| rt::text(value #body)),
    };
    let service = ident(&s.accessor);
    let binding = if sets.is_empty() {
        quote!(let request)
    } else {
        quote!(let mut request)
    };
    quote! {
        #(#reads)*
        #binding = client.#service().#method(#(#args),*);
        #(#sets)*
        rt::start(inputs, request, #answer)
    }
}
