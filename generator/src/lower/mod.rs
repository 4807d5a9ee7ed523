//! Lowering: spec file → IR.
//!
//! One pass resolves every type reference, checks every rule in
//! `spec/README.md`, and derives every Rust name, collecting *all* problems
//! before giving up so a maintainer sees the whole list at once. Each concern
//! has a module of its own:
//!
//! | module | what it lowers |
//! | --- | --- |
//! | `servers` | `api.servers` and `api.auth` |
//! | `types` | the type table (names and ids), type expressions, constraints, aliases |
//! | `models` | models, their fields and `all_of` |
//! | `enums` | named and inline enums |
//! | `unions` | unions and their variant names |
//! | `services` | services, methods and parameters |
//! | `paths` | path and URL templates |
//! | `responses` | success and error responses, what a method returns |
//! | `tokens` | the sign-in and refresh token flow |
//! | `pagination` | page walking |
//! | `layout` | boxing: reference cycles and oversized union members |

mod bodies;
mod enums;
mod features;
mod layout;
mod limits;
mod models;
mod pagination;
pub mod paths;
mod responses;
mod security;
mod servers;
mod services;
mod sources;
mod tokens;
mod types;
mod unions;
mod usage;

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, Diagnostics, KeyPath};
use crate::ir::{Alias, Api, ErrorModel, Model, Service, Type, TypeDef, TypeRef};
use crate::spec::SpecFile;
use sources::Sources;

pub use paths::split_template;

/// Parses and lowers one spec. `display_path` is how the file is named in
/// diagnostics and headers (`spec/<api>.yaml`).
pub fn load(display_path: &str, source: &str) -> Result<Api, Diagnostics> {
    let file: SpecFile = crate::parse::spec_file(display_path, source)?;
    lower(display_path, &file, Sources::single(display_path, source))
}

/// Parses and lowers a spec written as a directory (`spec/<api>/`, named
/// `display_path`): `api` is its `api.yaml`, `parts` its other files, each
/// as display path and text, in name order.
pub fn load_dir(
    display_path: &str,
    api: (&str, &str),
    parts: &[(&str, &str)],
) -> Result<Api, Diagnostics> {
    let (file, sources) = sources::merge(api, parts)?;
    lower(display_path, &file, sources)
}

fn lower(display_path: &str, file: &SpecFile, sources: Sources) -> Result<Api, Diagnostics> {
    let mut lower = Lowerer {
        spec: display_path,
        sources,
        diags: Vec::new(),
        types: BTreeMap::new(),
        nullable: BTreeSet::new(),
        defs: Vec::new(),
        security: Default::default(),
        rate_groups: Vec::new(),
    };
    let api = lower.api(file);
    match api {
        Some(api) if lower.diags.is_empty() => Ok(api),
        _ => Err(Diagnostics(lower.diags)),
    }
}

/// State of one lowering run.
struct Lowerer<'a> {
    /// How the spec is named in generated headers (`spec/<api>.yaml`, `spec/<api>/`).
    spec: &'a str,
    /// Its files, for locating diagnostics.
    sources: Sources<'a>,
    diags: Vec<Diagnostic>,
    /// Spec type name → reference into the type table.
    types: BTreeMap<String, TypeRef>,
    /// Spec names of the types defined `nullable`: every use may be `null`.
    nullable: BTreeSet<String>,
    /// The type table, filled in as each definition is lowered.
    defs: Vec<Option<TypeDef>>,
    /// The API's security schemes, which methods' requirements name.
    security: crate::ir::Security,
    /// The API's rate-limit groups, which methods name.
    rate_groups: Vec<String>,
}

impl Lowerer<'_> {
    /// An error about the key at `path`.
    fn error(&mut self, path: &KeyPath, message: String) {
        let (file, source) = self.sources.of(path);
        let d = Diagnostic::at_path(file, source, path, message);
        self.diags.push(d);
    }

    /// An error about the key at `path`, with a suggestion.
    fn error_help(&mut self, path: &KeyPath, message: String, help: String) {
        let (file, source) = self.sources.of(path);
        let d = Diagnostic::at_path(file, source, path, message).with_help(help);
        self.diags.push(d);
    }

    /// An error about the value at `path` rather than its key.
    fn value_error(&mut self, path: &KeyPath, message: String, help: Option<String>) {
        let (file, source) = self.sources.of(path);
        let mut d = Diagnostic::at_value(file, source, path, message);
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.diags.push(d);
    }

    /// The model a reference points at, once lowered.
    fn model(&self, r: &TypeRef) -> Option<&Model> {
        match self.defs.get(r.id.0)? {
            Some(TypeDef::Model(m)) => Some(m),
            _ => None,
        }
    }

    /// The alias a reference points at, once lowered.
    fn alias(&self, r: &TypeRef) -> Option<&Alias> {
        match self.defs.get(r.id.0)? {
            Some(TypeDef::Alias(a)) => Some(a),
            _ => None,
        }
    }

    /// Stores a lowered definition at its id.
    fn define(&mut self, r: Option<&TypeRef>, def: TypeDef) {
        if let Some(slot) = r.and_then(|r| self.defs.get_mut(r.id.0)) {
            *slot = Some(def);
        }
    }

    fn api(&mut self, file: &SpecFile) -> Option<Api> {
        let root = KeyPath::default();
        let api_path = root.key("api");
        let a = &file.api;
        if !valid_crate_name(&a.crate_name) {
            self.error(
                &api_path.key("crate"),
                format!("invalid crate name `{}`: use lowercase ASCII letters, digits, `-` and `_`, starting with a letter, at most 64 characters", a.crate_name),
            );
        }
        if !valid_version(&a.version) {
            self.error(
                &api_path.key("version"),
                format!(
                    "invalid version `{}`: expected semver such as `0.1.0`",
                    a.version
                ),
            );
        }
        let (security, token_flow) = self.security(a.auth.as_ref(), &api_path.key("auth"));
        self.security = security.clone();
        let rate_limits = self.rate_limits(a.rate_limits.as_ref(), &api_path.key("rate_limits"));
        self.rate_groups = rate_limits
            .iter()
            .flat_map(|r| &r.groups)
            .map(|g| g.name.clone())
            .collect();
        let servers = self.servers(&a.servers, &api_path.key("servers"));
        let headers = self.api_headers(&a.headers, &api_path.key("headers"));

        // Pass 1: every type name, inline enums included, gets its id, so
        // references resolve whatever order the spec lists things in.
        let inline = self.collect_inline_enums(file);
        self.register_types(file, &inline);
        // Pass 2: definitions. Aliases first, so their constraints are known where they are used.
        self.aliases(file);
        self.enums(file, &inline);
        self.models(file);
        self.unions(file);
        self.layout();
        // Pass 3: services, which read the finished models (pagination, tokens).
        let client_auth = token_flow
            .as_ref()
            .is_some_and(|(tf, _)| tf.client_auth.is_some());
        let flow = token_flow.and_then(|(tf, at)| self.token_flow_plan(tf, &at));
        let mut services = self.services(file, flow.as_ref());
        let token_refresh = flow.and_then(|f| self.token_refresh(&f, &services));
        let error_models = self.error_models(&services);

        let types: Vec<TypeDef> = std::mem::take(&mut self.defs)
            .into_iter()
            .collect::<Option<_>>()?;
        let usage = usage::usage(&types, &services, &error_models, token_refresh.as_ref());
        let (features, type_features) = self.features(
            a.features.as_ref(),
            &api_path.key("features"),
            &mut services,
            &types,
        );
        Some(Api {
            source: self.spec.to_owned(),
            name: a.name.clone(),
            crate_name: a.crate_name.clone(),
            version: a.version.clone(),
            description: a.description.trim().to_owned(),
            license: a.license.clone(),
            repository: a.repository.clone(),
            keywords: a.keywords.clone(),
            categories: a.categories.clone(),
            servers,
            security,
            types,
            usage,
            services,
            error_models,
            token_refresh,
            client_auth,
            headers,
            features,
            type_features,
            rate_limits,
        })
    }
}

impl Lowerer<'_> {
    /// Every distinct error body type, sorted by name, boxed where one is far larger than the rest.
    fn error_models(&self, services: &[Service]) -> Vec<ErrorModel> {
        let refs = responses::error_models(services);
        let sizes: Vec<layout::Size> = refs
            .iter()
            .map(|r| self.size_of(&Type::Named(r.clone())))
            .collect();
        refs.into_iter()
            .zip(layout::oversized(&sizes))
            .map(|(ty, boxed)| ErrorModel { ty, boxed })
            .collect()
    }
}

fn valid_crate_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && name.len() <= 64
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn valid_version(v: &str) -> bool {
    let core = v.split(['-', '+']).next().unwrap_or("");
    let nums: Vec<&str> = core.split('.').collect();
    nums.len() == 3
        && nums
            .iter()
            .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Whether `h` is a valid HTTP header name (an RFC 9110 token).
impl Lowerer<'_> {
    /// The headers of `api.headers`, checked: valid names and values, each
    /// once, and none that another part of the spec or client sets.
    fn api_headers(
        &mut self,
        headers: &[crate::spec::ApiHeaderSpec],
        path: &KeyPath,
    ) -> Vec<crate::ir::ApiHeader> {
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            let p = path.index(i);
            let lower = h.name.to_ascii_lowercase();
            let owner = crate::wire::sdk_header(&lower);
            if !valid_header_name(&h.name) {
                self.error(
                    &p.key("name"),
                    format!("`{}` is not a valid header name", h.name),
                );
            } else if let Some(owner) = owner {
                self.error(
                    &p.key("name"),
                    format!("`{}` is set by {owner}, not by `api.headers`", h.name),
                );
            } else if !seen.insert(lower) {
                self.error(
                    &p.key("name"),
                    format!(
                        "header `{}` is listed twice (names are case-insensitive)",
                        h.name
                    ),
                );
            }
            if !h
                .default
                .chars()
                .all(|c| c == '\t' || (' '..='~').contains(&c))
            {
                self.value_error(
                    &p.key("default"),
                    format!(
                        "the default of header `{}` holds characters a header cannot carry",
                        h.name
                    ),
                    Some("use printable ASCII".into()),
                );
            }
            out.push(crate::ir::ApiHeader {
                name: h.name.clone(),
                value: h.default.clone(),
                doc: h.description.clone(),
            });
        }
        out
    }
}

fn valid_header_name(h: &str) -> bool {
    !h.is_empty()
        && h.chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// YAML defaults and examples as JSON, the form they take on the wire.
fn yaml_to_json(v: &serde_yaml::Value) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}
