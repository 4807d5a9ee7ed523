//! Views of the crate-level modules: the client, the error models and the
//! index modules of models and services.

use std::collections::BTreeSet;

use askama::Template;
use quote::quote;

use super::docs;
use super::errors::Decoders;
use super::rust::{self, ident, lit};
use super::view::{first_sentence, named};
use crate::ir::{Api, Gate, TypeDef, join_gate};

/// One variant of `ErrorModel`.
pub struct ErrorModelView {
    cfg: String,
    name: String,
    ty: String,
    doc: String,
}

/// `templates/error.rs.askama`.
#[derive(Template)]
#[template(path = "error.rs.askama", escape = "none")]
pub struct ErrorRs {
    models: Vec<ErrorModelView>,
    /// The error decoders of the API's methods, each a whole function.
    decoders: Vec<String>,
}
named!(ErrorRs, "error.rs.askama");

/// The view of `src/error.rs`.
pub fn error_rs(api: &Api, decoders: &Decoders) -> ErrorRs {
    let models = api
        .error_models
        .iter()
        .map(|e| {
            let m = &e.ty.name;
            let ty = rust::boxed(rust::ty(&crate::ir::Type::Named(e.ty.clone())), e.boxed);
            ErrorModelView {
                cfg: super::features::of_type(api, &e.ty),
                name: m.clone(),
                ty: ty.to_string(),
                doc: docs::literal(&format!(" The body parsed as [`{m}`](crate::models::{m}).")),
            }
        })
        .collect();
    ErrorRs {
        models,
        decoders: decoders.functions(),
    }
}

/// An environment.
pub struct ServerView {
    name: String,
    url: String,
    doc: Vec<String>,
}

/// A service accessor on the client.
pub struct ServiceRef {
    cfg: String,
    /// Clippy's `module_inception` allowed, see [`inception`].
    allow: String,
    name: String,
    accessor: String,
    module: String,
    doc: Vec<String>,
}

/// A server-variable setter on the client builder.
pub struct VariableView {
    name: String,
    literal: String,
    default: String,
    allowed: String,
    doc: Vec<String>,
}

/// The refresh call the client makes on a 401.
pub struct RefreshView {
    service: String,
    method: String,
    body: String,
}

/// `templates/client.rs.askama`.
#[derive(Template)]
#[template(path = "client.rs.askama", escape = "none")]
pub struct ClientRs {
    servers: Vec<ServerView>,
    /// The scheme table and default requirement (empty without schemes).
    tables: String,
    /// Whether `build` hands the scheme table to the runtime.
    has_schemes: bool,
    /// Whether `build` hands the rate-limit groups to the runtime.
    has_rate_limits: bool,
    /// The builder's per-scheme setters.
    setters: String,
    /// `Client::new`.
    constructor: String,
    services: Vec<ServiceRef>,
    user_agent: String,
    default_template: String,
    variables: Vec<VariableView>,
    refresh: Option<RefreshView>,
    /// Whether the builder has `client_credentials` (the token flow authenticates the OAuth client).
    client_auth: bool,
    /// `("name", "value"), …` of the spec's headers, empty when it has none.
    spec_headers: String,
}
named!(ClientRs, "client.rs.askama");

/// The view of `src/client.rs`.
pub fn client_rs(api: &Api) -> ClientRs {
    let servers = api
        .servers
        .iter()
        .map(|s| {
            let mut url = s.url.clone();
            for v in &s.variables {
                url = url.replace(&format!("{{{}}}", v.name), &v.default);
            }
            let mut doc = s
                .description
                .as_deref()
                .map(docs::lines)
                .unwrap_or_default();
            doc.push(format!("`{url}`"));
            ServerView {
                name: s.rust_name.clone(),
                url: lit(&url).to_string(),
                doc: docs::literals(&doc),
            }
        })
        .collect();
    let default = api.servers.first();
    let variables = default
        .map(|s| &s.variables)
        .into_iter()
        .flatten()
        .map(|v| {
            let mut lines = v
                .description
                .as_deref()
                .map(docs::lines)
                .unwrap_or_else(|| {
                    vec![format!(
                        "Sets `{{{}}}` in the default server's URL.",
                        v.name
                    )]
                });
            lines.push(String::new());
            let mut note = format!(
                "Fills `{{{}}}` in `{}` (default `{}`",
                v.name,
                default.map(|s| s.url.as_str()).unwrap_or(""),
                v.default
            );
            if !v.allowed.is_empty() {
                note.push_str(&format!("; one of {}", v.allowed.join(", ")));
            }
            note.push_str("). Ignored when a base URL or environment is set.");
            lines.push(note);
            let allowed = v.allowed.iter().map(|a| lit(a));
            VariableView {
                name: v.rust_name.clone(),
                literal: lit(&v.name).to_string(),
                default: lit(&v.default).to_string(),
                allowed: quote!(#(#allowed),*).to_string(),
                doc: docs::literals(&lines),
            }
        })
        .collect();
    let refresh = api.token_refresh.as_ref().map(|r| {
        let mut fields: Vec<_> = r
            .body_fields
            .iter()
            .map(|f| {
                let name = ident(&f.field.rust_name);
                let presence = f.field.presence;
                match (f.carries_token, presence.optional()) {
                    (true, false) if f.field.rust_name == "token" => quote!(token),
                    (true, _) => {
                        let value = rust::field_set(presence, quote!(token));
                        quote!(#name: #value)
                    }
                    (false, _) => {
                        let unset = rust::field_unset(presence);
                        quote!(#name: #unset)
                    }
                }
            })
            .collect();
        if matches!(api.def(&r.body), TypeDef::Model(m) if m.additional_properties.is_some()) {
            fields.push(quote!(additional_properties: Default::default()));
        }
        let ty = rust::ty(&crate::ir::Type::Named(r.body.clone()));
        let mut body = quote!(#ty { #(#fields),* });
        if let Some((union, variant)) = &r.union {
            // The grant the refresh sends is one variant of the body's union.
            let boxed = matches!(api.def(union), TypeDef::Union(u) if u.members.iter().any(|m| &m.rust_name == variant && m.boxed));
            if boxed {
                body = quote!(Box::new(#body));
            }
            let (union, variant) = (rust::ty(&crate::ir::Type::Named(union.clone())), ident(variant));
            body = quote!(#union::#variant(#body));
        }
        RefreshView { service: r.service.clone(), method: r.method.clone(), body: body.to_string() }
    });
    ClientRs {
        servers,
        tables: {
            let mut t = super::security::tables(&api.security);
            t.extend(super::limits::tables(api.rate_limits.as_ref()));
            t.to_string()
        },
        has_rate_limits: api.rate_limits.is_some(),
        has_schemes: !api.security.schemes.is_empty(),
        setters: super::security::setters(&api.security).to_string(),
        constructor: super::security::constructor(&api.security).to_string(),
        services: service_refs(api),
        user_agent: lit(&format!("{}/{}", api.crate_name, api.version)).to_string(),
        default_template: lit(default.map(|s| s.url.as_str()).unwrap_or("")).to_string(),
        variables,
        refresh,
        client_auth: api.client_auth,
        spec_headers: api
            .headers
            .iter()
            .map(|h| {
                let (name, value) = (lit(&h.name), lit(&h.value));
                quote!((#name, #value),)
            })
            .collect::<proc_macro2::TokenStream>()
            .to_string(),
    }
}

fn service_refs(api: &Api) -> Vec<ServiceRef> {
    api.services
        .iter()
        .map(|s| ServiceRef {
            cfg: super::features::of_service(s),
            allow: inception("services", &s.module),
            name: s.rust_name.clone(),
            accessor: s.accessor.clone(),
            module: s.module.clone(),
            doc: docs::literals(&[format!(
                "The {} service: {}.",
                s.name,
                first_sentence(s.doc.as_deref().unwrap_or("its methods")).trim_end_matches('.')
            )]),
        })
        .collect()
}

/// Clippy's `module_inception` allowed, with its reason, on the module
/// `module` declared in `parent` when they are one name: a service or type
/// the API named like the module holding it.
fn inception(parent: &str, module: &str) -> String {
    if parent == module {
        quote!(#[allow(clippy::module_inception, reason = "the API names this like the module holding it")]).to_string()
    } else {
        String::new()
    }
}

/// A type's file, included into `src/models/mod.rs`.
pub struct TypeFile {
    cfg: String,
    /// The file name as a Rust string literal.
    file: String,
}

/// A module of `models` and the type files it includes.
pub struct TypeGroup {
    /// On its re-export: when any of its types is compiled.
    cfg: String,
    module: String,
    files: Vec<TypeFile>,
}

/// `templates/types_mod.rs.askama`.
#[derive(Template)]
#[template(path = "types_mod.rs.askama", escape = "none")]
pub struct TypesMod {
    /// The files `models` includes itself, when there are few enough.
    files: Vec<TypeFile>,
    /// Otherwise, its modules, each re-exported whole.
    groups: Vec<TypeGroup>,
}
named!(TypesMod, "types_mod.rs.askama");

/// The most types one module of `models` includes.
///
/// The compiler splits a crate into codegen units along its modules: a
/// module per type made hundreds of small units, whose fixed costs were a
/// tenth of the Devices crate's clean build, while one module for all of
/// a whole API made one unit so large that its code was generated on one
/// thread, with the peak memory of a build growing by a tenth. Modules of
/// this many types, grouped by the features they are compiled under, give
/// units of the size the compiler would merge small ones into. The types
/// are named through `models`'s re-exports, so which module holds one is
/// not part of the API.
const TYPES_PER_MODULE: usize = 64;

/// The view of `src/models/mod.rs`: every type's file, included.
pub fn types_mod(api: &Api) -> TypesMod {
    let none = Vec::new();
    let mut types: Vec<(&str, &[String])> = api
        .types
        .iter()
        .enumerate()
        .map(|(id, t)| {
            let features = api.type_features.get(id).unwrap_or(&none);
            (t.module(), features.as_slice())
        })
        .collect();
    types.sort_by(|a, b| a.0.cmp(b.0));
    let file = |(module, features): &(&str, &[String])| {
        let file = format!("{module}.rs");
        TypeFile {
            cfg: super::features::cfg(features),
            file: quote!(#file).to_string(),
        }
    };
    if types.len() <= TYPES_PER_MODULE {
        return TypesMod {
            files: types.iter().map(file).collect(),
            groups: Vec::new(),
        };
    }
    // Types compiled under the same features side by side, so that a build
    // with a few features on compiles a few modules rather than a type or
    // two in each.
    types.sort_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)));
    let groups = types
        .chunks(TYPES_PER_MODULE)
        .enumerate()
        .map(|(i, chunk)| {
            // Re-exported when any of its types is compiled: a module whose
            // types are all off would leave an empty re-export, which rustc
            // warns of.
            let mut gate: Gate = Some(BTreeSet::new());
            for (_, features) in chunk {
                let of_type = (!features.is_empty()).then(|| features.iter().cloned().collect());
                join_gate(&mut gate, &of_type);
            }
            TypeGroup {
                cfg: super::features::gate_cfg(&gate).to_string(),
                module: format!("group_{}", i + 1),
                files: chunk.iter().map(file).collect(),
            }
        })
        .collect();
    TypesMod {
        files: Vec::new(),
        groups,
    }
}

/// `templates/services_mod.rs.askama`.
#[derive(Template)]
#[template(path = "services_mod.rs.askama", escape = "none")]
pub struct ServicesMod {
    services: Vec<ServiceRef>,
    first_accessor: String,
}
named!(ServicesMod, "services_mod.rs.askama");

/// The view of `src/services/mod.rs`.
pub fn services_mod(api: &Api) -> ServicesMod {
    let services = service_refs(api);
    let first_accessor = services
        .first()
        .map(|s| s.accessor.clone())
        .unwrap_or_else(|| "service".into());
    ServicesMod {
        services,
        first_accessor,
    }
}
