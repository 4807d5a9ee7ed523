//! What each template prints, computed from the IR.
//!
//! Templates do no naming or type work: every identifier, type spelling,
//! serde attribute and doc line is prepared here as a plain string.

use askama::Template;

use super::docs;
use crate::ir::{self, Alias, Api, Auth, Enum, Model, PathPart, Returns, Service, Type, Union};
use crate::spec::ParamLocation;

/// Templates name themselves so render errors can say which one failed.
pub trait Named {
    const TEMPLATE: &'static str;
}

macro_rules! named {
    ($t:ident, $file:literal) => {
        impl Named for $t {
            const TEMPLATE: &'static str = $file;
        }
    };
}

/// Where service code finds the types.
const MODELS: &str = "crate::models";

fn doc_block(text: Option<&str>, fallback: &str) -> Vec<String> {
    let lines = text.map(docs::lines).filter(|l| !l.is_empty()).unwrap_or_else(|| vec![fallback.to_owned()]);
    docs::literals(&lines)
}

fn toml_str(s: &str) -> String {
    // TOML basic strings share JSON's escapes.
    serde_json::to_string(s).unwrap_or_default()
}

fn toml_list(items: &[String]) -> String {
    items.iter().map(|s| toml_str(s)).collect::<Vec<_>>().join(", ")
}

// ---- Cargo.toml, README.md -------------------------------------------------

#[derive(Template)]
#[template(path = "Cargo.toml.askama", escape = "none")]
pub struct CargoToml {
    crate_name: String,
    version: String,
    description: String,
    license: String,
    repository: Option<String>,
    keywords: String,
    categories: String,
}
named!(CargoToml, "Cargo.toml.askama");

pub fn cargo_toml(api: &Api) -> CargoToml {
    CargoToml {
        crate_name: api.crate_name.clone(),
        version: api.version.clone(),
        description: toml_str(&api.description.split_whitespace().collect::<Vec<_>>().join(" ")),
        license: api.license.clone(),
        repository: api.repository.clone(),
        keywords: toml_list(&api.keywords),
        categories: toml_list(&api.categories),
    }
}

pub struct MethodRow {
    service: String,
    method: String,
    http: String,
    path: String,
    summary: String,
}

#[derive(Template)]
#[template(path = "README.md.askama", escape = "none")]
pub struct Readme {
    name: String,
    crate_name: String,
    crate_ident: String,
    version: String,
    description: String,
    source: String,
    method_rows: Vec<MethodRow>,
    auth: String,
    example: Vec<String>,
    error_example: Vec<String>,
    has_stream: bool,
    servers: Vec<String>,
}
named!(Readme, "README.md.askama");

pub fn readme(api: &Api) -> Readme {
    let method_rows = api
        .services
        .iter()
        .flat_map(|s| {
            s.methods.iter().map(move |m| MethodRow {
                service: s.accessor.clone(),
                method: m.rust_name.clone(),
                http: m.http_method.clone(),
                path: m.path.clone(),
                summary: first_sentence(m.summary.as_deref().or(m.doc.as_deref()).unwrap_or("")),
            })
        })
        .collect();
    let krate = api.crate_name.replace('-', "_");
    let auth = match &api.auth {
        Auth::None => "The API needs no credentials: `Client::new()` is ready to use.".to_owned(),
        Auth::Bearer => match &api.token_flow_methods() {
            Some((sign_in, refresh)) => format!(
                "Requests carry `Authorization: Bearer <token>`. Pass a token you already have to `Client::new(token)`, or build a client and call `{sign_in}`: the client keeps the tokens it returns, and when a call is answered 401 it calls `{refresh}` once and sends the call again. If the refresh fails too, the call returns `Error::Auth`: sign in again."
            ),
            None => "Requests carry `Authorization: Bearer <token>`: `Client::new(token)`, or `Client::builder().bearer_token(token)`.".to_owned(),
        },
        Auth::ApiKey { header } => format!("Requests carry the API key in the `{header}` header: `Client::new(key)`, or `Client::builder().api_key(key)`."),
        Auth::Basic => "Requests use HTTP basic authentication: `Client::new(user, password)`.".to_owned(),
    };
    // The worked example calls the first method; the error example the first one without a body.
    let first = api.services.iter().flat_map(|s| s.methods.iter().map(move |m| (s, m))).collect::<Vec<_>>();
    let example = first
        .iter()
        .find(|(_, m)| m.http_method == "GET" && m.stores_tokens.is_none())
        .or(first.first())
        .map(|(s, m)| super::examples::call_lines(api, s, m))
        .unwrap_or_default();
    let error_example = first
        .iter()
        .find(|(_, m)| m.body.is_none())
        .or(first.first())
        .map(|(s, m)| {
            let mut lines = super::examples::call_lines(api, s, m);
            let call = lines.pop().unwrap_or_default();
            let call = call.trim_start_matches("let result = ").trim_end_matches("?;").to_owned();
            lines.push(format!("match {call} {{"));
            lines.push("    Ok(value) => println!(\"{value:?}\"),".into());
            lines.push(format!("    Err({krate}::Error::Api(e)) => eprintln!(\"HTTP {{}}: {{}} ({{:?}})\", e.status, e.body, e.model),"));
            lines.push(format!("    Err({krate}::Error::Validation {{ problems, .. }}) => eprintln!(\"not sent: {{problems:?}}\"),"));
            lines.push("    Err(e) => eprintln!(\"{e}\"),".into());
            lines.push("}".into());
            lines
        })
        .unwrap_or_default();
    let servers = api.servers.iter().map(|s| format!("`Environment::{}`: `{}`{}", s.rust_name, s.url, s.description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())).collect();
    Readme {
        name: api.name.clone(),
        crate_name: api.crate_name.clone(),
        crate_ident: krate,
        version: api.version.clone(),
        description: api.description.clone(),
        source: api.source.clone(),
        method_rows,
        auth,
        example,
        error_example,
        has_stream: api.services.iter().flat_map(|s| &s.methods).any(|m| m.pagination.is_some()),
        servers,
    }
}

fn first_sentence(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or("").trim();
    line.replace('|', "\\|")
}

// ---- lib.rs, error.rs, client.rs, index modules ----------------------------

#[derive(Template)]
#[template(path = "lib.rs.askama", escape = "none")]
pub struct LibRs;
named!(LibRs, "lib.rs.askama");

/// The crate root: its docs are the generated README.
pub fn lib_rs() -> LibRs {
    LibRs
}

pub struct Documented {
    name: String,
    doc: String,
}

#[derive(Template)]
#[template(path = "error.rs.askama", escape = "none")]
pub struct ErrorRs {
    models: Vec<Documented>,
}
named!(ErrorRs, "error.rs.askama");

pub fn error_rs(api: &Api) -> ErrorRs {
    let models = api
        .error_models
        .iter()
        .map(|m| Documented { name: m.clone(), doc: docs::literal(&format!(" The body parsed as [`{m}`](crate::models::{m}).")) })
        .collect();
    ErrorRs { models }
}

pub struct ServerView {
    name: String,
    url: String,
    doc: Vec<String>,
}

pub struct HeaderView {
    literal: String,
    doc: String,
}

pub enum AuthView {
    None,
    Bearer,
    ApiKey(HeaderView),
    Basic,
}

pub struct ServiceRef {
    name: String,
    accessor: String,
    doc: Vec<String>,
}

pub struct VariableView {
    name: String,
    literal: String,
    default: String,
    allowed: String,
    doc: Vec<String>,
}

pub struct RefreshView {
    service: String,
    method: String,
    body: String,
}

#[derive(Template)]
#[template(path = "client.rs.askama", escape = "none")]
pub struct ClientRs {
    servers: Vec<ServerView>,
    auth: AuthView,
    services: Vec<ServiceRef>,
    user_agent: String,
    default_template: String,
    variables: Vec<VariableView>,
    refresh: Option<RefreshView>,
}
named!(ClientRs, "client.rs.askama");

pub fn client_rs(api: &Api) -> ClientRs {
    let servers = api
        .servers
        .iter()
        .map(|s| {
            let mut url = s.url.clone();
            for v in &s.variables {
                url = url.replace(&format!("{{{}}}", v.name), &v.default);
            }
            let mut doc = s.description.as_deref().map(docs::lines).unwrap_or_default();
            doc.push(format!("`{url}`"));
            ServerView { name: s.rust_name.clone(), url: docs::literal(&url), doc: docs::literals(&doc) }
        })
        .collect();
    let auth = match &api.auth {
        Auth::None => AuthView::None,
        Auth::Bearer => AuthView::Bearer,
        Auth::Basic => AuthView::Basic,
        Auth::ApiKey { header } => AuthView::ApiKey(HeaderView { literal: docs::literal(header), doc: docs::literal(&format!(" Authenticates every request with the API key in the `{header}` header.")) }),
    };
    let default = api.servers.first();
    let variables = default
        .map(|s| &s.variables)
        .into_iter()
        .flatten()
        .map(|v| {
            let mut lines = v.description.as_deref().map(docs::lines).unwrap_or_else(|| vec![format!("Sets `{{{}}}` in the default server's URL.", v.name)]);
            lines.push(String::new());
            let mut note = format!("Fills `{{{}}}` in `{}` (default `{}`", v.name, default.map(|s| s.url.as_str()).unwrap_or(""), v.default);
            if !v.allowed.is_empty() {
                note.push_str(&format!("; one of {}", v.allowed.join(", ")));
            }
            note.push_str("). Ignored when a base URL or environment is set.");
            lines.push(note);
            VariableView {
                name: v.rust_name.clone(),
                literal: docs::literal(&v.name),
                default: docs::literal(&v.default),
                allowed: v.allowed.iter().map(|a| docs::literal(a)).collect::<Vec<_>>().join(", "),
                doc: docs::literals(&lines),
            }
        })
        .collect();
    let refresh = api.token_refresh.as_ref().map(|r| {
        let fields: Vec<String> = r
            .body_fields
            .iter()
            .map(|(name, is_token)| match (is_token, r.body_field_optional) {
                (true, false) if name == "token" => "token".to_owned(),
                (true, false) => format!("{name}: token"),
                (true, true) => format!("{name}: Some(token)"),
                (false, _) => format!("{name}: None"),
            })
            .collect();
        RefreshView { service: r.service.clone(), method: r.method.clone(), body: format!("{MODELS}::{} {{ {} }}", r.body_type, fields.join(", ")) }
    });
    ClientRs {
        servers,
        auth,
        services: service_refs(api),
        user_agent: docs::literal(&format!("{}/{}", api.crate_name, api.version)),
        default_template: docs::literal(default.map(|s| s.url.as_str()).unwrap_or("")),
        variables,
        refresh,
    }
}

fn service_refs(api: &Api) -> Vec<ServiceRef> {
    api.services
        .iter()
        .map(|s| ServiceRef {
            name: s.rust_name.clone(),
            accessor: s.accessor.clone(),
            doc: docs::literals(&[format!("The {} service: {}.", s.name, first_sentence(s.doc.as_deref().unwrap_or("its methods")).trim_end_matches('.'))]),
        })
        .collect()
}

pub struct ModuleRef {
    module: String,
    name: String,
}

#[derive(Template)]
#[template(path = "types_mod.rs.askama", escape = "none")]
pub struct TypesMod {
    modules: Vec<ModuleRef>,
}
named!(TypesMod, "types_mod.rs.askama");

pub fn types_mod(api: &Api) -> TypesMod {
    let mut modules: Vec<ModuleRef> = api
        .models
        .iter()
        .map(|m| (&m.module, &m.name))
        .chain(api.enums.iter().map(|e| (&e.module, &e.name)))
        .chain(api.unions.iter().map(|u| (&u.module, &u.name)))
        .chain(api.aliases.iter().map(|a| (&a.module, &a.name)))
        .map(|(module, name)| ModuleRef { module: module.clone(), name: name.clone() })
        .collect();
    modules.sort_by(|a, b| a.module.cmp(&b.module));
    TypesMod { modules }
}

#[derive(Template)]
#[template(path = "services_mod.rs.askama", escape = "none")]
pub struct ServicesMod {
    services: Vec<ServiceRef>,
    first_accessor: String,
}
named!(ServicesMod, "services_mod.rs.askama");

pub fn services_mod(api: &Api) -> ServicesMod {
    let services = service_refs(api);
    let first_accessor = services.first().map(|s| s.accessor.clone()).unwrap_or_else(|| "service".into());
    ServicesMod { services, first_accessor }
}

// ---- models ----------------------------------------------------------------

pub struct FieldView {
    name: String,
    ty: String,
    serde: String,
    doc: Vec<String>,
}

#[derive(Template)]
#[template(path = "model.rs.askama", escape = "none")]
pub struct ModelView {
    name: String,
    doc: Vec<String>,
    derives: String,
    fields: Vec<FieldView>,
    additional: Option<String>,
    checks: Vec<String>,
}
named!(ModelView, "model.rs.askama");

pub fn model(kinds: Validating, m: &Model) -> ModelView {
    let fields = m
        .fields
        .iter()
        .map(|f| {
            let inner = if f.boxed { format!("Box<{}>", f.ty.rust(Some(MODELS))) } else { f.ty.rust(Some(MODELS)) };
            let optional = f.is_option();
            let ty = if optional { format!("Option<{inner}>") } else { inner };
            let wire = docs::literal(&f.wire_name);
            let serde = if f.required { format!("rename = {wire}") } else { format!("rename = {wire}, default, skip_serializing_if = \"Option::is_none\"") };
            FieldView { name: f.rust_name.clone(), ty, serde, doc: field_doc(f) }
        })
        .collect();
    let mut derives = vec!["Debug", "Clone", "PartialEq"];
    if m.all_optional() {
        derives.push("Default");
    }
    derives.extend(["serde::Serialize", "serde::Deserialize"]);
    ModelView {
        name: m.name.clone(),
        doc: doc_block(m.doc.as_deref(), &format!("The `{}` object.", m.spec_name)),
        derives: derives.join(", "),
        fields,
        additional: m.additional_properties.as_ref().map(|t| format!("std::collections::BTreeMap<String, {}>", t.rust(Some(MODELS)))),
        checks: m.fields.iter().filter(|f| !f.read_only).filter_map(|f| field_checks(kinds, f)).collect(),
    }
}

/// Which named types can validate themselves (models and unions).
pub type Validating<'a> = &'a std::collections::BTreeSet<String>;

/// The validating types of an API.
pub fn validating(api: &Api) -> std::collections::BTreeSet<String> {
    api.models.iter().map(|m| m.name.clone()).chain(api.unions.iter().map(|u| u.name.clone())).collect()
}

fn needs_nested(kinds: Validating, ty: &Type) -> bool {
    ty.named().iter().any(|n| kinds.contains(*n))
}

/// Statements checking one value against its constraints, or `None` when it has none.
///
/// `access` is an expression of type `Option<&T>` for the value; `path` the
/// expression naming the enclosing value in messages.
fn value_checks(kinds: Validating, ty: &Type, c: &ir::Constraints, wire: &str, access: &str, path: &str) -> Option<String> {
    let mut body = Vec::new();
    let name = docs::literal(wire);
    let opt_f = |v: Option<f64>| v.map(|x| format!("Some({x:?})")).unwrap_or_else(|| "None".into());
    let opt_u = |v: Option<u64>| v.map(|x| format!("Some({x})")).unwrap_or_else(|| "None".into());
    if c.minimum.is_some() || c.maximum.is_some() {
        body.push(format!("crate::runtime::check_range({path}, {name}, *value as f64, {}, {}, problems);", opt_f(c.minimum), opt_f(c.maximum)));
    }
    if c.min_length.is_some() || c.max_length.is_some() {
        body.push(format!("crate::runtime::check_length({path}, {name}, value, {}, {}, problems);", opt_u(c.min_length), opt_u(c.max_length)));
    }
    if let Some(p) = &c.pattern {
        body.push(format!("crate::runtime::check_pattern({path}, {name}, value, {}, problems);", docs::literal(p)));
    }
    if c.min_items.is_some() || c.max_items.is_some() {
        body.push(format!("crate::runtime::check_items({path}, {name}, value.len(), {}, {}, problems);", opt_u(c.min_items), opt_u(c.max_items)));
    }
    if needs_nested(kinds, ty) {
        body.push(format!("crate::runtime::Validate::validate(value, &crate::runtime::nested({path}, {name}), problems);"));
    }
    if body.is_empty() {
        return None;
    }
    Some(format!("if let Some(value) = {access} {{ {} }}", body.join(" ")))
}

fn field_checks(kinds: Validating, f: &ir::Field) -> Option<String> {
    let access = if !f.is_option() { format!("Some(&self.{})", f.rust_name) } else { format!("self.{}.as_ref()", f.rust_name) };
    value_checks(kinds, &f.ty, &f.constraints, &f.wire_name, &access, "path")
}

fn field_doc(f: &ir::Field) -> Vec<String> {
    let mut lines = f.doc.as_deref().map(docs::lines).unwrap_or_default();
    if lines.is_empty() {
        lines.push(format!("The `{}` value.", f.wire_name));
    }
    let mut notes = Vec::new();
    if f.required {
        notes.push("Required.".to_owned());
    }
    if f.nullable {
        notes.push("May be `null`.".to_owned());
    }
    if f.read_only {
        notes.push("Read-only: set by the server.".to_owned());
    }
    if f.deprecated {
        notes.push("**Deprecated.**".to_owned());
    }
    if let Some(d) = &f.default {
        notes.push(format!("Default: `{d}`."));
    }
    notes.extend(constraint_notes(&f.constraints));
    if let Some(e) = &f.example {
        notes.push(format!("Example: `{e}`."));
    }
    if !notes.is_empty() {
        lines.push(String::new());
        lines.push(notes.join(" "));
    }
    docs::literals(&lines)
}

fn constraint_notes(c: &ir::Constraints) -> Vec<String> {
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

pub struct VariantView {
    name: String,
    wire: String,
    doc: Vec<String>,
}

#[derive(Template)]
#[template(path = "enum.rs.askama", escape = "none")]
pub struct EnumView {
    name: String,
    doc: Vec<String>,
    variants: Vec<VariantView>,
}
named!(EnumView, "enum.rs.askama");

pub fn enumeration(e: &Enum) -> EnumView {
    let mut doc = e.doc.as_deref().map(docs::lines).unwrap_or_default();
    if doc.is_empty() {
        doc.push(format!("Values of `{}`.", e.inline_in.as_deref().unwrap_or(&e.name)));
    }
    if let Some(owner) = &e.inline_in {
        doc.push(String::new());
        doc.push(format!("Declared inline at `{owner}` in the spec."));
    }
    let variants = e
        .variants
        .iter()
        .map(|v| {
            let mut lines = v.doc.as_deref().map(docs::lines).unwrap_or_default();
            lines.insert(0, format!("`{}`{}", v.wire.replace('`', "'"), if lines.is_empty() { "" } else { ":" }));
            if lines.len() > 1 {
                let first = lines.remove(1);
                lines[0] = format!("{} {first}", lines[0]);
            }
            VariantView { name: v.rust_name.clone(), wire: docs::literal(&v.wire), doc: docs::literals(&lines) }
        })
        .collect();
    EnumView { name: e.name.clone(), doc: docs::literals(&doc), variants }
}

pub struct MemberView {
    name: String,
    ty: String,
    doc: String,
    validates: bool,
    /// The member's type name as a string literal, for decoding errors.
    type_literal: String,
}

#[derive(Template)]
#[template(path = "union.rs.askama", escape = "none")]
pub struct UnionView {
    name: String,
    /// The union's name as a string literal, for decoding errors.
    name_literal: String,
    doc: Vec<String>,
    members: Vec<MemberView>,
    any_validates: bool,
}
named!(UnionView, "union.rs.askama");

pub fn union(kinds: Validating, u: &Union) -> UnionView {
    let members: Vec<MemberView> = u
        .members
        .iter()
        .map(|m| {
            let ty = m.ty.rust(Some(MODELS));
            MemberView {
                name: m.rust_name.clone(),
                doc: docs::literal(&format!(" The value decoded as `{}`.", m.ty.rust(None))),
                ty: if m.boxed { format!("Box<{ty}>") } else { ty },
                validates: needs_nested(kinds, &m.ty),
                type_literal: docs::literal(&m.ty.rust(None)),
            }
        })
        .collect();
    let mut doc = u.doc.as_deref().map(docs::lines).unwrap_or_default();
    if doc.is_empty() {
        doc.push(format!("One of several shapes of `{}`.", u.name));
    }
    doc.push(String::new());
    doc.push("Decoded as the member that keeps the most of the value; a tie goes to the member listed first.".into());
    let any_validates = members.iter().any(|m: &MemberView| m.validates);
    UnionView { name: u.name.clone(), name_literal: docs::literal(&u.name), doc: docs::literals(&doc), members, any_validates }
}

#[derive(Template)]
#[template(path = "alias.rs.askama", escape = "none")]
pub struct AliasView {
    name: String,
    ty: String,
    doc: Vec<String>,
}
named!(AliasView, "alias.rs.askama");

pub fn alias(a: &Alias) -> AliasView {
    let mut lines = a.doc.as_deref().map(docs::lines).unwrap_or_default();
    if lines.is_empty() {
        lines.push(format!("A `{}` with a name of its own.", a.ty.rust(None)));
    }
    let mut notes = constraint_notes(&a.constraints);
    if let Some(e) = &a.example {
        notes.push(format!("Example: `{e}`."));
    }
    if !notes.is_empty() {
        lines.push(String::new());
        lines.push(notes.join(" "));
    }
    AliasView { name: a.name.clone(), ty: a.ty.rust(Some(MODELS)), doc: docs::literals(&lines) }
}

// ---- services --------------------------------------------------------------

pub struct ArgView {
    name: String,
    ty: String,
}

pub struct BuilderField {
    name: String,
    ty: String,
    /// The whole initializer, `name` or `name: expr`.
    init: String,
}

pub struct SetterView {
    name: String,
    field: String,
    ty: String,
    value: String,
    doc: Vec<String>,
}

pub struct PathView {
    is_param: bool,
    text: String,
    field: String,
}

pub struct ParamRef {
    wire: String,
    field: String,
}

pub struct BodyView {
    field: String,
    required: bool,
}

pub struct ErrorArm {
    pattern: String,
    variant: String,
}

pub struct MethodView {
    name: String,
    builder: String,
    builder_doc: String,
    operation: String,
    http_method: String,
    doc: Vec<String>,
    args: Vec<ArgView>,
    fields: Vec<BuilderField>,
    setters: Vec<SetterView>,
    path: Vec<PathView>,
    query: Vec<ParamRef>,
    headers: Vec<ParamRef>,
    body: Option<BodyView>,
    error_arms: Vec<ErrorArm>,
    has_default_error: bool,
    checks: Vec<String>,
    authenticated: bool,
    retry_safe: bool,
    store_tokens: Option<String>,
    stream: Option<StreamView>,
    returns: String,
    finish: String,
}

#[derive(Template)]
#[template(path = "service.rs.askama", escape = "none")]
pub struct ServiceView {
    doc: Vec<String>,
    service_doc: Vec<String>,
    name: String,
    methods: Vec<MethodView>,
}
named!(ServiceView, "service.rs.askama");

pub fn service(api: &Api, kinds: Validating, s: &Service) -> ServiceView {
    let module_doc = vec![format!("The {} service and the request types of its methods.", s.name)];
    let mut service_doc = s.doc.as_deref().map(docs::lines).unwrap_or_default();
    if service_doc.is_empty() {
        service_doc.push(format!("Methods of the {} service.", s.name));
    }
    ServiceView { doc: docs::literals(&module_doc), service_doc: docs::literals(&service_doc), name: s.rust_name.clone(), methods: s.methods.iter().map(|m| method(api, kinds, s, m)).collect() }
}

/// How a value of `ty` is taken as an argument, and how it is stored.
fn arg_type(ty: &Type) -> (String, &'static str) {
    if ty.is_text() {
        ("impl Into<String>".into(), ".into()")
    } else {
        (ty.rust(Some(MODELS)), "")
    }
}

fn method(api: &Api, kinds: Validating, s: &Service, m: &ir::Method) -> MethodView {
    let mut checks: Vec<String> = m
        .params
        .iter()
        .filter_map(|p| {
            let access = if p.required { format!("Some(&self.{})", p.rust_name) } else { format!("self.{}.as_ref()", p.rust_name) };
            value_checks(kinds, &p.ty, &p.constraints, &p.wire_name, &access, "\"\"")
        })
        .collect();
    if let Some(b) = m.body.as_ref().filter(|b| needs_nested(kinds, &b.ty)) {
        let access = if b.required { "Some(&self.body)" } else { "self.body.as_ref()" };
        checks.push(format!("if let Some(value) = {access} {{ crate::runtime::Validate::validate(value, \"body\", problems); }}"));
    }
    let mut args = Vec::new();
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for p in &m.params {
        let stored = p.ty.rust(Some(MODELS));
        let (arg_ty, convert) = arg_type(&p.ty);
        if p.required {
            args.push(ArgView { name: p.rust_name.clone(), ty: arg_ty });
            fields.push(BuilderField { name: p.rust_name.clone(), ty: stored, init: if convert.is_empty() { p.rust_name.clone() } else { format!("{0}: {0}{convert}", p.rust_name) } });
        } else {
            fields.push(BuilderField { name: p.rust_name.clone(), ty: format!("Option<{stored}>"), init: format!("{}: None", p.rust_name) });
            let mut lines = p.doc.as_deref().map(docs::lines).unwrap_or_default();
            if lines.is_empty() {
                lines.push(format!("Sets the `{}` parameter.", p.wire_name));
            }
            let mut notes = vec![format!("Sent as {} `{}`.", location_word(p.location), p.wire_name)];
            if let Some(d) = &p.default {
                notes.push(format!("Server default: `{d}`."));
            }
            notes.extend(constraint_notes(&p.constraints));
            lines.push(String::new());
            lines.push(notes.join(" "));
            setters.push(SetterView { name: p.rust_name.clone(), field: p.rust_name.clone(), ty: arg_ty, value: format!("value{convert}"), doc: docs::literals(&lines) });
        }
    }
    let body = m.body.as_ref().map(|b| {
        let ty = b.ty.rust(Some(MODELS));
        if b.required {
            args.push(ArgView { name: "body".into(), ty: ty.clone() });
            fields.push(BuilderField { name: "body".into(), ty, init: "body".into() });
        } else {
            fields.push(BuilderField { name: "body".into(), ty: format!("Option<{ty}>"), init: "body: None".into() });
            let mut lines = b.doc.as_deref().map(docs::lines).unwrap_or_default();
            if lines.is_empty() {
                lines.push("Sets the request body; without it the request has none.".into());
            }
            setters.push(SetterView { name: "body".into(), field: "body".into(), ty, value: "value".into(), doc: docs::literals(&lines) });
        }
        BodyView { field: "body".into(), required: b.required }
    });
    let path = m
        .path_parts
        .iter()
        .map(|p| match p {
            PathPart::Literal(l) => PathView { is_param: false, text: docs::literal(l), field: String::new() },
            PathPart::Param(wire) => {
                let field = m.params.iter().find(|p| p.location == ParamLocation::Path && &p.wire_name == wire).map(|p| p.rust_name.clone()).unwrap_or_default();
                PathView { is_param: true, text: docs::literal(wire), field }
            }
        })
        .collect();
    let refs = |loc: ParamLocation| m.params.iter().filter(|p| p.location == loc).map(|p| ParamRef { wire: docs::literal(&p.wire_name), field: p.rust_name.clone() }).collect::<Vec<_>>();

    // One arm per error model and kind of match; exact codes come before
    // classes, and classes before the catch-all, so the most specific wins.
    let mut entries: Vec<&ir::ErrorResponse> = m.errors.iter().filter(|e| e.ty.is_some()).collect();
    entries.sort_by_key(|e| e.status);
    let mut arms: Vec<(Vec<String>, String, ir::ErrorStatus)> = Vec::new();
    for e in entries {
        let variant = e.ty.as_ref().map(|t| t.rust(None)).unwrap_or_default();
        let pattern = match e.status {
            ir::ErrorStatus::Code(c) => c.to_string(),
            ir::ErrorStatus::Class(k) => format!("{}..={}", k * 100, k * 100 + 99),
            ir::ErrorStatus::Default => "_".to_owned(),
        };
        let same_kind = |s: ir::ErrorStatus| std::mem::discriminant(&s) == std::mem::discriminant(&e.status);
        match arms.iter_mut().find(|(_, v, s)| *v == variant && same_kind(*s) && e.status != ir::ErrorStatus::Default) {
            Some((patterns, _, _)) => patterns.push(pattern),
            None => arms.push((vec![pattern], variant, e.status)),
        }
    }
    let has_default_error = arms.iter().any(|(_, _, s)| *s == ir::ErrorStatus::Default);
    let error_arms = arms.into_iter().map(|(p, variant, _)| ErrorArm { pattern: p.join(" | "), variant }).collect();

    let (returns, finish) = match &m.returns {
        Returns::Unit => ("()".to_owned(), "empty()".to_owned()),
        Returns::Body(t) => (t.rust(Some(MODELS)), "json()".to_owned()),
        Returns::OptionalBody(t) => {
            let empty: Vec<String> = m.responses.iter().filter(|r| r.ty.is_none()).map(|r| r.status.to_string()).collect();
            (format!("Option<{}>", t.rust(Some(MODELS))), format!("json_or_empty(&[{}])", empty.join(", ")))
        }
    };

    let mut doc = Vec::new();
    if let Some(summary) = &m.summary {
        doc.extend(docs::lines(summary));
        doc.push(String::new());
    }
    doc.extend(m.doc.as_deref().map(docs::lines).unwrap_or_default());
    if doc.is_empty() {
        doc.push(format!("Calls `{}`.", m.operation_id));
    }
    doc.push(String::new());
    doc.push(format!("`{} {}` (operation `{}`).", m.http_method, m.path, m.operation_id));
    doc.push(String::new());
    doc.push(format!("Returns `{}`; see [`Error`](crate::Error) for what can fail.", match &m.returns {
        Returns::Unit => "()".to_owned(),
        Returns::Body(t) => t.rust(None),
        Returns::OptionalBody(t) => format!("Option<{}>", t.rust(None)),
    }));
    let required: Vec<&ir::Param> = m.params.iter().filter(|p| p.required).collect();
    if !required.is_empty() || m.body.as_ref().is_some_and(|b| b.required) {
        doc.push(String::new());
        doc.push("# Arguments".into());
        doc.push(String::new());
        for p in required {
            let what = p.doc.as_deref().map(|d| docs::lines(d).join(" ")).unwrap_or_else(|| format!("the `{}` parameter", p.wire_name));
            doc.push(format!("- `{}`: {} (sent as {} `{}`)", p.rust_name, what, location_word(p.location), p.wire_name));
        }
        if let Some(b) = m.body.as_ref().filter(|b| b.required) {
            let ty = match &b.ty {
                Type::Named(n) => format!("[`{n}`]({MODELS}::{n})"),
                other => format!("`{}`", other.rust(None)),
            };
            doc.push(format!("- `body`: the request body, {ty}"));
        }
    }
    let declared: Vec<String> = m
        .errors
        .iter()
        .map(|e| {
            let status = match e.status {
                ir::ErrorStatus::Code(c) => c.to_string(),
                ir::ErrorStatus::Class(k) => format!("{k}XX"),
                ir::ErrorStatus::Default => "any other error status".to_owned(),
            };
            match &e.ty {
                Some(t) => format!("{status} ([`{0}`](crate::models::{0}))", t.rust(None)),
                None => status,
            }
        })
        .collect();
    doc.push(String::new());
    doc.push("# Errors".into());
    doc.push(String::new());
    doc.push("[`Error::Validation`](crate::Error) when an argument breaks the spec's constraints (nothing is sent); transport, timeout and decode errors; [`Error::Api`](crate::Error) for any non-success status.".into());
    if !declared.is_empty() {
        doc.push(format!("The spec declares error bodies for: {}; they are parsed into [`ErrorModel`](crate::ErrorModel).", declared.join(", ")));
    }
    doc.extend(super::examples::method_example(api, s, m));
    MethodView {
        name: m.rust_name.clone(),
        builder: m.builder_name.clone(),
        builder_doc: docs::literal(&format!(" A request of [`{}::{}`].", s.rust_name, m.rust_name)),
        operation: docs::literal(&m.operation_id),
        http_method: m.http_method.clone(),
        doc: docs::literals(&doc),
        args,
        fields,
        setters,
        path,
        query: refs(ParamLocation::Query),
        headers: refs(ParamLocation::Header),
        body,
        error_arms,
        has_default_error,
        checks,
        authenticated: m.authenticated,
        retry_safe: m.retry_safe,
        store_tokens: m.stores_tokens.as_ref().map(store_tokens),
        stream: m.pagination.as_ref().map(stream_view),
        returns,
        finish,
    }
}

pub struct StreamView {
    item: String,
    page_field: String,
    first_page: String,
    set_page: String,
    items: String,
    has_more: String,
}

fn stream_view(p: &ir::Pagination) -> StreamView {
    let (page_field, page_ty) = &p.page_param;
    let (first_page, set_page) = match page_ty {
        Type::Int32 => (format!("self.{page_field}.map_or(1, i64::from)"), "i32::try_from(page).unwrap_or(i32::MAX)".to_owned()),
        _ => (format!("self.{page_field}.unwrap_or(1)"), "page".to_owned()),
    };
    let (items_field, items_optional) = &p.items_field;
    let items = if *items_optional { format!("page.{items_field}.unwrap_or_default()") } else { format!("page.{items_field}") };
    let mut has_more = "Some(&page)".to_owned();
    for (field, optional) in &p.has_more {
        has_more.push_str(&if *optional { format!(".and_then(|v| v.{field}.as_ref())") } else { format!(".map(|v| &v.{field})") });
    }
    has_more.push_str(".is_some()");
    StreamView { item: p.item.rust(Some(MODELS)), page_field: page_field.clone(), first_page, set_page, items, has_more }
}

/// The statement that keeps the tokens of a sign-in or refresh response.
fn store_tokens(t: &ir::TokenFields) -> String {
    let refresh = match &t.refresh {
        Some((f, true)) => format!("value.{f}.clone()"),
        Some((f, false)) => format!("Some(value.{f}.clone())"),
        None => "None".into(),
    };
    if t.access_optional {
        format!("if let Some(access) = value.{}.clone() {{ self.client.set_tokens(access, {refresh}); }}", t.access)
    } else {
        format!("self.client.set_tokens(value.{}.clone(), {refresh});", t.access)
    }
}

fn location_word(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
    }
}
