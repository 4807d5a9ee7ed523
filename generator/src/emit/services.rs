//! Views of services: one file per service, holding the service type and a
//! request builder per method.

use askama::Template;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::checks::{rt, value_checks};
use super::errors::DecoderPaths;
use super::rust::{self, ident, lit};
use super::view::named;
use super::{bodies, docs, method_doc};
use crate::ir::{self, Api, Method, ParamLocation, PathPart, QueryStyle, Returns, Service, Type};

/// A required argument of a method.
pub struct ArgView {
    name: String,
    ty: String,
}

/// A field of a request builder.
pub struct BuilderField {
    name: String,
    ty: String,
    /// The whole initializer, `name` or `name: expr`.
    init: String,
}

/// A setter of an optional parameter or body.
pub struct SetterView {
    name: String,
    field: String,
    ty: String,
    value: String,
    doc: Vec<String>,
}

/// One method and its request builder.
pub struct MethodView {
    name: String,
    builder: String,
    builder_doc: String,
    operation: String,
    http_method: String,
    /// The path template as a string literal, for the call's tracing span.
    template: String,
    doc: Vec<String>,
    /// Clippy lints allowed on the method, each with its reason: more than
    /// seven arguments, or the name `new` for a method returning a request.
    allow: String,
    args: Vec<ArgView>,
    fields: Vec<BuilderField>,
    setters: Vec<SetterView>,
    /// Statements that put the path, query and headers on the call.
    encode: Vec<String>,
    /// The statement that puts the body on the call, if any.
    body: Option<String>,
    /// The path of the function that parses its error bodies.
    errors: String,
    /// The `Response` method that reads its success body.
    decode: String,
    /// The statement declaring its bodiless success statuses, if any.
    empty_statuses: Option<String>,
    checks: Vec<String>,
    /// The call's own requirement (`call.security(…)` or `call.without_auth()`), if any.
    security: String,
    /// `call.rate_group(…)` when the method counts against a group.
    rate_group: String,
    /// Whether the call sends the OAuth client credentials.
    client_auth: bool,
    retry_safe: bool,
    /// The closure that keeps the tokens of a sign-in or refresh response.
    store_tokens: Option<String>,
    stream: Option<super::pagination::StreamView>,
    returns: String,
    /// Whether the request type also has `download`, streaming a binary answer.
    download: bool,
    /// The output struct and its decoding function, for answers with headers.
    output: Option<String>,
}

/// `templates/service.rs.askama`.
#[derive(Template)]
#[template(path = "service.rs.askama", escape = "none")]
pub struct ServiceView {
    doc: Vec<String>,
    service_doc: Vec<String>,
    name: String,
    methods: Vec<MethodView>,
}
named!(ServiceView, "service.rs.askama");

/// The view of a service.
pub fn service(api: &Api, decoders: &DecoderPaths, s: &Service) -> ServiceView {
    let module_doc = vec![format!(
        "The {} service and the request types of its methods.",
        s.name
    )];
    let mut service_doc = s.doc.as_deref().map(docs::lines).unwrap_or_default();
    if service_doc.is_empty() {
        service_doc.push(format!("Methods of the {} service.", s.name));
    }
    if let Some(f) = &s.feature {
        service_doc.push(String::new());
        service_doc.push(format!(
            "Compiled with the crate's `{f}` feature (or `full`)."
        ));
    }
    let methods = s
        .methods
        .iter()
        .map(|m| method(api, decoders, s, m))
        .collect();
    ServiceView {
        doc: docs::literals(&module_doc),
        service_doc: docs::literals(&service_doc),
        name: s.rust_name.clone(),
        methods,
    }
}

/// How a value of `ty` is taken as an argument, and how it is stored.
fn arg_type(ty: &Type) -> (TokenStream, TokenStream) {
    if ty.is_text() {
        (quote!(impl Into<String>), quote!(.into()))
    } else {
        (rust::ty(ty), TokenStream::new())
    }
}

fn method(api: &Api, decoders: &DecoderPaths, s: &Service, m: &Method) -> MethodView {
    let rt = rt();
    let mut checks: Vec<String> = m
        .params
        .iter()
        .filter_map(|p| {
            let name = ident(&p.rust_name);
            let access = if p.required {
                quote!(Some(&self.#name))
            } else {
                quote!(self.#name.as_ref())
            };
            let location = lit(p.location.key());
            value_checks(api, &p.ty, &p.constraints, &p.wire_name, access, &location)
                .map(|c| c.to_string())
        })
        .collect();
    if let Some(b) = m
        .body
        .as_ref()
        .filter(|b| b.ty.as_ref().is_some_and(|t| api.validates(t)))
    {
        let access = if b.required {
            quote!(Some(&self.body))
        } else {
            quote!(self.body.as_ref())
        };
        checks.push(quote!(if let Some(value) = #access { #rt::Validate::validate(value, "body", problems); }).to_string());
    }
    let mut inputs = Inputs::default();
    for p in &m.params {
        let (taken, convert) = arg_type(&p.ty);
        let holding = bodies::Holding {
            stored: rust::ty(&p.ty),
            taken,
            convert,
        };
        inputs.add(&p.rust_name, holding, p.required, || method_doc::setter(p));
    }
    if let Some(b) = &m.body {
        if let Some(holding) = bodies::body_holding(b) {
            inputs.add("body", holding, b.required, || {
                described(
                    b.doc.as_deref(),
                    "Sets the request body; without it the request has none.",
                )
            });
        }
        for f in &b.files {
            inputs.add(&f.rust_name, bodies::file_holding(f), f.required, || {
                described(
                    f.doc.as_deref(),
                    &format!("Adds the `{}` file part.", f.wire_name),
                )
            });
        }
    }
    let Inputs {
        args,
        fields,
        setters,
    } = inputs;
    let body = m
        .body
        .as_ref()
        .map(|b| bodies::body_statements(b).to_string());
    let (returns, decode) = bodies::returns(m);
    let empty_statuses = match &m.returns {
        Returns::OptionalBody { empty_statuses, .. } => {
            let empty = empty_statuses.iter().map(|s| Literal::u16_unsuffixed(*s));
            Some(quote!(call.empty_statuses(&[#(#empty),*]);).to_string())
        }
        _ => None,
    };
    MethodView {
        name: m.rust_name.clone(),
        builder: m.builder_name.clone(),
        builder_doc: docs::literal(&format!(
            " A request of [`{}::{}`].",
            s.rust_name, m.rust_name
        )),
        operation: lit(&m.operation_id).to_string(),
        http_method: m.http_method.as_str().to_owned(),
        template: lit(&m.path).to_string(),
        doc: docs::literals(&method_doc::method(api, s, m)),
        allow: {
            let mut allow = rust::allow_many_arguments(args.len() + 1);
            if m.rust_name == "new" {
                // Clippy expects a `new` to return `Self`; this one is the
                // API's operation `new` and returns its request.
                allow.extend(quote!(#[allow(clippy::new_ret_no_self, reason = "the API's operation `new` returns its request")]));
            }
            allow.to_string()
        },
        args,
        fields,
        setters,
        encode: encode(m).into_iter().map(|t| t.to_string()).collect(),
        body,
        errors: decoders.path_of(s, m).to_string(),
        decode: decode.to_string(),
        empty_statuses,
        checks,
        security: super::security::method_line(m.security.as_ref()).unwrap_or_default(),
        rate_group: super::limits::method_line(m.rate_group.as_ref()).unwrap_or_default(),
        retry_safe: m.retry_safe,
        store_tokens: match (&m.stores_tokens, m.signs_out) {
            (Some(t), _) => Some(store_tokens(t).to_string()),
            // A sign-out that succeeded leaves nothing to send.
            (None, true) => Some(quote!(|client, _| client.clear_tokens()).to_string()),
            (None, false) => None,
        },
        client_auth: m.client_auth,
        stream: m.pagination.as_ref().map(|p| {
            // The body's type: `returns` is the output struct when the answer declares headers.
            let page = match &m.returns {
                Returns::Body { ty } => super::rust::ty(ty),
                _ => returns.clone(),
            };
            super::pagination::stream_view(p, &decoders.path_of(s, m), &page, m.output.is_some())
        }),
        returns: returns.to_string(),
        download: m.returns == Returns::Bytes,
        output: m.output.as_ref().map(|o| bodies::output(m, o).to_string()),
    }
}

/// The arguments, builder fields and setters of a request's inputs:
/// parameters, the body and file parts alike.
#[derive(Default)]
struct Inputs {
    args: Vec<ArgView>,
    fields: Vec<BuilderField>,
    setters: Vec<SetterView>,
}

impl Inputs {
    /// A required input is an argument of the method; an optional one a setter.
    fn add(
        &mut self,
        rust_name: &str,
        h: bodies::Holding,
        required: bool,
        doc: impl FnOnce() -> Vec<String>,
    ) {
        let name = ident(rust_name);
        let (stored, taken, convert) = (h.stored, h.taken, h.convert);
        if required {
            self.args.push(ArgView {
                name: rust_name.to_owned(),
                ty: taken.to_string(),
            });
            let init = if convert.is_empty() {
                quote!(#name)
            } else {
                quote!(#name: #name #convert)
            };
            self.fields.push(BuilderField {
                name: rust_name.to_owned(),
                ty: stored.to_string(),
                init: init.to_string(),
            });
        } else {
            self.fields.push(BuilderField {
                name: rust_name.to_owned(),
                ty: rust::option(stored).to_string(),
                init: quote!(#name: None).to_string(),
            });
            self.setters.push(SetterView {
                name: rust_name.to_owned(),
                field: rust_name.to_owned(),
                ty: taken.to_string(),
                value: quote!(value #convert).to_string(),
                doc: docs::literals(&doc()),
            });
        }
    }
}

/// Doc lines from a description, or `fallback` without one.
fn described(doc: Option<&str>, fallback: &str) -> Vec<String> {
    let lines = doc.map(docs::lines).unwrap_or_default();
    if lines.is_empty() {
        vec![fallback.to_owned()]
    } else {
        lines
    }
}

/// Statements putting the path, query parameters and headers on the call.
fn encode(m: &Method) -> Vec<TokenStream> {
    let mut out: Vec<TokenStream> = m
        .path_parts
        .iter()
        .map(|p| match p {
            PathPart::Literal(l) => {
                let l = lit(l);
                quote!(call.path(#l);)
            }
            PathPart::Param(wire) => {
                // Lowering guarantees every placeholder has its path parameter.
                let field = ident(
                    m.path_param(wire)
                        .map(|p| p.rust_name.as_str())
                        .unwrap_or(wire),
                );
                let wire = lit(wire);
                quote!(call.path_param(#wire, &self.#field);)
            }
        })
        .collect();
    // The path's fixed pairs come first, as the template writes them.
    out.extend(m.fixed_query.iter().map(|(key, value)| {
        let (key, value) = (lit(key), lit(value));
        quote!(call.query(#key, #value);)
    }));
    let rt = quote!(sdkgen_runtime);
    for p in m
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        let (wire, field) = (lit(&p.wire_name), ident(&p.rust_name));
        out.push(match (p.location, p.style) {
            // The spec's default is what the API expects: sent unless the caller sets another.
            // One key for every attempt: what makes retrying the call safe.
            (ParamLocation::Header, _) if crate::wire::is_idempotency_key(&p.wire_name) => {
                quote!(call.idempotency_key(#wire, &self.#field);)
            }
            (ParamLocation::Header, _) => {
                match super::examples::text(p.default.as_ref()).filter(|_| !p.required) {
                    Some(default) => {
                        let default = lit(&default);
                        quote!(call.header_or(#wire, &self.#field, #default);)
                    }
                    None => quote!(call.header(#wire, &self.#field);),
                }
            }
            (_, QueryStyle::Repeated) => quote!(call.query(#wire, &self.#field);),
            (_, QueryStyle::Comma) => {
                quote!(call.query_joined(#wire, &self.#field, #rt::Delimiter::Comma);)
            }
            (_, QueryStyle::Pipe) => {
                quote!(call.query_joined(#wire, &self.#field, #rt::Delimiter::Pipe);)
            }
            (_, QueryStyle::Space) => {
                quote!(call.query_joined(#wire, &self.#field, #rt::Delimiter::Space);)
            }
            (_, QueryStyle::DeepObject) => quote!(call.query_deep(#wire, &self.#field);),
            (_, QueryStyle::FormObject) => quote!(call.query_form(#wire, &self.#field);),
            (_, QueryStyle::FormObjectJoined) => {
                quote!(call.query_form_joined(#wire, &self.#field);)
            }
        });
    }
    if let Some(accept) = &m.accept {
        let accept = lit(accept);
        out.push(quote!(call.header("Accept", #accept);));
    }
    // Declared 3xx statuses are answers or failures, not redirects to follow.
    let success: Vec<Literal> = m
        .responses
        .iter()
        .filter_map(|r| r.status)
        .filter(|s| (300..400).contains(s))
        .map(Literal::u16_unsuffixed)
        .collect();
    let error: Vec<Literal> = m
        .errors
        .iter()
        .filter_map(|e| match e.status {
            ir::ErrorStatus::Code(c) if (300..400).contains(&c) => Some(Literal::u16_unsuffixed(c)),
            _ => None,
        })
        .collect();
    if !success.is_empty() || !error.is_empty() {
        out.push(quote!(call.redirect_statuses(&[#(#success),*], &[#(#error),*]);));
    }
    out
}

/// The closure that keeps the tokens of a sign-in or refresh response.
fn store_tokens(t: &ir::TokenFields) -> TokenStream {
    let refresh = match &t.refresh {
        Some(f) if f.presence.optional() => {
            let get = rust::field_get(f.presence, {
                let f = ident(&f.rust_name);
                quote!(value.#f)
            });
            quote!(#get.cloned())
        }
        Some(f) => {
            let f = ident(&f.rust_name);
            quote!(Some(value.#f.clone()))
        }
        None => quote!(None),
    };
    // The access token's lifetime, when the flow names the field holding it.
    let lifetime = match &t.expires_in {
        Some(f) => {
            let name = ident(&f.rust_name);
            let seconds = if f.presence.optional() {
                let get = rust::field_get(f.presence, quote!(value.#name));
                quote!(#get.copied())
            } else {
                quote!(Some(value.#name))
            };
            quote!(#seconds.and_then(|s| u64::try_from(s).ok()).map(std::time::Duration::from_secs))
        }
        None => quote!(None),
    };
    let access = ident(&t.access.rust_name);
    if t.access.presence.optional() {
        let get = rust::field_get(t.access.presence, quote!(value.#access));
        quote!(|client, value| if let Some(access) = #get.cloned() { client.set_tokens_for(access, #refresh, #lifetime); })
    } else {
        quote!(|client, value| client.set_tokens_for(value.#access.clone(), #refresh, #lifetime))
    }
}
