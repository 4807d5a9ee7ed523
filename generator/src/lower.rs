//! Lowering: spec file → IR.
//!
//! One pass resolves every type reference, checks every rule in
//! `spec/README.md`, and derives every Rust name, collecting *all* problems
//! before giving up so a maintainer sees the whole list at once.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, Diagnostics, KeyPath};
use crate::ir::*;
use crate::naming;
use crate::spec::{self, EnumValueSpec, ParamLocation, Scalar, SpecFile, ValueSpec};

/// HTTP methods a spec may use.
const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Methods the client builder has whatever the spec says; server variable setters must not clash.
const BUILDER_METHODS: &[&str] = &["base_url", "credentials", "timeout", "connect_timeout", "user_agent", "http_client", "environment", "build", "bearer_token", "api_key", "basic_auth", "variable"];

/// Type names that would shadow names the generated code relies on.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Self", "Serialize",
    "Deserialize", "Serializer", "Deserializer", "From",
];

/// Parses and lowers one spec. `display_path` is how the file is named in
/// diagnostics and headers (`spec/<api>.yaml`).
pub fn load(display_path: &str, source: &str) -> Result<Api, Diagnostics> {
    let file: SpecFile = crate::parse::spec_file(display_path, source)?;
    let mut lower = Lowerer { file: display_path, source, diags: Vec::new(), types: BTreeMap::new(), aliases: BTreeMap::new() };
    let api = lower.api(&file);
    if lower.diags.is_empty() {
        Ok(api)
    } else {
        Err(Diagnostics(lower.diags))
    }
}

/// What a type name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Model,
    Enum,
    Union,
    Alias,
}

struct Lowerer<'a> {
    file: &'a str,
    source: &'a str,
    diags: Vec<Diagnostic>,
    /// Spec type name → (kind, Rust name).
    types: BTreeMap<String, (Kind, String)>,
    /// Alias Rust name → what it stands for, once lowered.
    aliases: BTreeMap<String, (Type, Constraints)>,
}

/// An inline enum found on a field or parameter, waiting to be registered.
struct InlineEnum<'s> {
    name: String,
    owner: String,
    values: &'s [EnumValueSpec],
    doc: Option<String>,
    path: KeyPath,
}

impl<'a> Lowerer<'a> {
    fn error(&mut self, path: &KeyPath, message: String) {
        let d = Diagnostic::at_path(self.file, self.source, path, message);
        self.diags.push(d);
    }

    fn error_help(&mut self, path: &KeyPath, message: String, help: String) {
        let d = Diagnostic::at_path(self.file, self.source, path, message).with_help(help);
        self.diags.push(d);
    }

    /// An error about the value at `path` rather than its key.
    fn value_error(&mut self, path: &KeyPath, message: String, help: Option<String>) {
        let mut d = Diagnostic::at_value(self.file, self.source, path, message);
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.diags.push(d);
    }

    fn api(&mut self, file: &SpecFile) -> Api {
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
            self.error(&api_path.key("version"), format!("invalid version `{}`: expected semver such as `0.1.0`", a.version));
        }
        let servers = self.servers(&a.servers, &api_path.key("servers"));
        let auth = match &a.auth {
            None | Some(spec::AuthSpec::None) => Auth::None,
            Some(spec::AuthSpec::Bearer { .. }) => Auth::Bearer,
            Some(spec::AuthSpec::Basic) => Auth::Basic,
            Some(spec::AuthSpec::ApiKey { header }) => {
                if !valid_header_name(header) {
                    self.error(&api_path.key("auth").key("header"), format!("invalid header name `{header}`"));
                }
                Auth::ApiKey { header: header.clone() }
            }
        };

        // Pass 1: every type name, including inline enums, so references can resolve in any order.
        let inline = self.collect_inline_enums(file);
        self.register_types(file, &inline);

        // Pass 2: bodies. Aliases first, so their constraints are known where they are used.
        let mut aliases: Vec<Alias> = file.aliases.iter().filter_map(|(name, a)| self.alias(name, a, &root.key("aliases").key(name))).collect();
        let mut enums: Vec<Enum> = file
            .enums
            .iter()
            .map(|(name, e)| {
                let path = root.key("enums").key(name);
                self.enumeration(name, e.description.clone(), &e.values, None, &path)
            })
            .collect();
        for ie in &inline {
            let e = self.enumeration(&ie.name, ie.doc.clone(), ie.values, Some(ie.owner.clone()), &ie.path);
            enums.push(e);
        }
        let mut models = self.models(file);
        let mut unions: Vec<Union> = file
            .unions
            .iter()
            .map(|(name, u)| self.union(name, u, &root.key("unions").key(name)))
            .collect();
        let mut services: Vec<Service> = Vec::new();
        let mut accessors: BTreeMap<String, String> = BTreeMap::new();
        for (name, s) in &file.services {
            let path = root.key("services").key(name);
            let service = self.service(name, s, &path);
            if let Some(other) = accessors.insert(service.accessor.clone(), name.clone()) {
                self.error(&path, format!("services `{other}` and `{name}` both become `{}`", service.accessor));
            }
            services.push(service);
        }

        let token_refresh = match &a.auth {
            Some(spec::AuthSpec::Bearer { token_flow: Some(tf) }) => self.token_flow(tf, &models, &mut services, &api_path.key("auth").key("token_flow")),
            _ => None,
        };
        for (sname, s) in &file.services {
            for (mname, m) in &s.methods {
                let Some(p) = &m.pagination else { continue };
                let path = root.key("services").key(sname).key("methods").key(mname).key("pagination");
                let service = services.iter_mut().find(|x| &x.name == sname);
                if let Some(method) = service.and_then(|x| x.methods.iter_mut().find(|y| &y.rust_name == mname)) {
                    let lowered = self.pagination(p, method, &models, &path);
                    method.pagination = lowered;
                }
            }
        }
        break_cycles(&mut models, &mut unions);
        models.sort_by(|a, b| a.name.cmp(&b.name));
        enums.sort_by(|a, b| a.name.cmp(&b.name));
        unions.sort_by(|a, b| a.name.cmp(&b.name));
        aliases.sort_by(|a, b| a.name.cmp(&b.name));
        services.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        let error_models: BTreeSet<String> = services
            .iter()
            .flat_map(|s| &s.methods)
            .flat_map(|m| &m.errors)
            .filter_map(|e| e.ty.as_ref())
            .map(|t| t.rust(None))
            .collect();

        Api {
            source: self.file.to_owned(),
            name: a.name.clone(),
            crate_name: a.crate_name.clone(),
            version: a.version.clone(),
            description: a.description.trim().to_owned(),
            license: a.license.clone(),
            repository: a.repository.clone(),
            keywords: a.keywords.clone(),
            categories: a.categories.clone(),
            servers,
            auth,
            models,
            enums,
            unions,
            aliases,
            services,
            error_models: error_models.into_iter().collect(),
            token_refresh,
        }
    }

    fn servers(&mut self, servers: &[spec::ServerSpec], path: &KeyPath) -> Vec<Server> {
        if servers.is_empty() {
            self.error(path, "at least one server is needed; the first is the default".into());
        }
        let mut seen = BTreeMap::new();
        let mut out = Vec::new();
        for (i, s) in servers.iter().enumerate() {
            let p = path.index(i);
            let rust_name = naming::camel(&s.name);
            if let Some(other) = seen.insert(rust_name.clone(), s.name.clone()) {
                self.error(&p.key("name"), format!("servers `{other}` and `{}` both become environment `{rust_name}`", s.name));
            }
            let placeholders = match split_template(&s.url) {
                Ok(parts) => parts
                    .into_iter()
                    .filter_map(|p| match p {
                        PathPart::Param(n) => Some(n),
                        PathPart::Literal(_) => None,
                    })
                    .collect::<Vec<_>>(),
                Err(why) => {
                    self.error(&p.key("url"), format!("invalid server URL `{}`: {why}", s.url));
                    Vec::new()
                }
            };
            for name in &placeholders {
                if !s.variables.iter().any(|(v, _)| v == name) {
                    self.error(&p.key("url"), format!("server URL variable `{{{name}}}` has no entry under `variables`"));
                }
            }
            let mut variables = Vec::new();
            for (name, v) in &s.variables {
                if !placeholders.contains(name) {
                    self.error(&p.key("variables").key(name), format!("variable `{name}` does not appear in the URL `{}`", s.url));
                }
                let allowed: Vec<String> = v.allowed.iter().flatten().map(Scalar::as_text).collect();
                let default = v.default.as_text();
                if !allowed.is_empty() && !allowed.contains(&default) {
                    self.error(&p.key("variables").key(name).key("default"), format!("default `{default}` is not one of the allowed values"));
                }
                let rust_name = naming::snake(name);
                if BUILDER_METHODS.contains(&rust_name.as_str()) {
                    self.error(&p.key("variables").key(name), format!("variable `{name}` would become the builder method `{rust_name}`, which the client builder already has"));
                }
                variables.push(ServerVariable { name: name.clone(), rust_name, default, description: v.description.clone(), allowed });
            }
            if placeholders.is_empty() && !(s.url.starts_with("http://") || s.url.starts_with("https://")) {
                self.error(&p.key("url"), format!("server URL `{}` must start with http:// or https://", s.url));
            }
            out.push(Server { name: s.name.clone(), rust_name, url: s.url.trim_end_matches('/').to_owned(), description: s.description.clone(), variables });
        }
        out
    }

    fn collect_inline_enums<'s>(&mut self, file: &'s SpecFile) -> Vec<InlineEnum<'s>> {
        let mut out = Vec::new();
        let root = KeyPath::default();
        for (model, m) in &file.models {
            for (field, f) in &m.fields {
                let path = root.key("models").key(model).key("fields").key(field);
                if let Some(values) = &f.inline_enum {
                    let name = f.enum_name.clone().unwrap_or_else(|| format!("{}{}", naming::camel(model), naming::camel(field)));
                    out.push(InlineEnum { name, owner: format!("{model}.{field}"), values, doc: f.description.clone(), path: path.key("enum") });
                } else if f.enum_name.is_some() {
                    self.error(&path.key("enum_name"), "`enum_name` without `enum` values".into());
                }
            }
        }
        for (service, s) in &file.services {
            for (method, m) in &s.methods {
                for (i, p) in m.parameters.iter().enumerate() {
                    let path = root.key("services").key(service).key("methods").key(method).key("parameters").index(i);
                    let wire = p.name.clone().unwrap_or_default();
                    if let Some(values) = &p.inline_enum {
                        let name = p.enum_name.clone().unwrap_or_else(|| format!("{}{}", naming::camel(method), naming::camel(&wire)));
                        out.push(InlineEnum { name, owner: format!("{method}({wire})"), values, doc: p.description.clone(), path: path.key("enum") });
                    } else if p.enum_name.is_some() {
                        self.error(&path.key("enum_name"), "`enum_name` without `enum` values".into());
                    }
                }
            }
        }
        out
    }

    fn register_types(&mut self, file: &SpecFile, inline: &[InlineEnum]) {
        let root = KeyPath::default();
        let mut declared: Vec<(String, Kind, KeyPath)> = Vec::new();
        declared.extend(file.models.iter().map(|(n, _)| (n.clone(), Kind::Model, root.key("models").key(n))));
        declared.extend(file.enums.iter().map(|(n, _)| (n.clone(), Kind::Enum, root.key("enums").key(n))));
        declared.extend(file.unions.iter().map(|(n, _)| (n.clone(), Kind::Union, root.key("unions").key(n))));
        declared.extend(file.aliases.iter().map(|(n, _)| (n.clone(), Kind::Alias, root.key("aliases").key(n))));
        declared.extend(inline.iter().map(|e| (e.name.clone(), Kind::Enum, e.path.clone())));
        let mut by_rust: BTreeMap<String, String> = BTreeMap::new();
        let mut by_module: BTreeMap<String, String> = BTreeMap::new();
        for (name, kind, path) in declared {
            let rust = naming::camel(&name);
            if RESERVED_TYPE_NAMES.contains(&rust.as_str()) {
                self.error(&path, format!("type name `{name}` would shadow `{rust}`, which generated code uses; choose another name"));
            }
            if self.types.contains_key(&name) {
                self.error(&path, format!("type `{name}` is defined more than once (models, enums, unions and inline enums share one namespace)"));
                continue;
            }
            if let Some(other) = by_rust.insert(rust.clone(), name.clone()) {
                self.error_help(&path, format!("types `{other}` and `{name}` both become the Rust type `{rust}`"), "rename one of them (or set `enum_name` on an inline enum)".into());
            }
            let module = naming::snake(&rust);
            if let Some(other) = by_module.insert(module.clone(), name.clone()) {
                if naming::camel(&other) != rust {
                    self.error(&path, format!("types `{other}` and `{name}` both become the module `{module}`"));
                }
            }
            self.types.insert(name, (kind, rust));
        }
    }

    /// Parses a type expression such as `list<map<Device>>`.
    fn ty(&mut self, expr: &str, path: &KeyPath) -> Option<Type> {
        let e = expr.trim();
        let inner = |prefix: &str| e.strip_prefix(prefix).and_then(|r| r.strip_suffix('>'));
        if let Some(rest) = inner("list<") {
            return self.ty(rest, path).map(|t| Type::List(Box::new(t)));
        }
        if let Some(rest) = inner("map<") {
            return self.ty(rest, path).map(|t| Type::Map(Box::new(t)));
        }
        let t = match e {
            "string" => Type::String,
            "int32" | "integer" => Type::Int32,
            "int64" => Type::Int64,
            "double" | "number" => Type::Double,
            "boolean" => Type::Boolean,
            "date-time" => Type::DateTime,
            "date" => Type::Date,
            "uri" => Type::Uri,
            "email" => Type::Email,
            "any" => Type::Any,
            name => match self.types.get(name) {
                Some((_, rust)) => Type::Named(rust.clone()),
                None => {
                    let mut candidates: Vec<&str> = self.types.keys().map(String::as_str).collect();
                    candidates.extend(["string", "int32", "int64", "double", "boolean", "date-time", "date", "uri", "email", "any"]);
                    let help = match naming::closest(name, candidates) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => "use a primitive (string, int32, int64, double, boolean, date-time, date, uri, email, any), list<T>, map<T>, or a model, enum or union name".into(),
                    };
                    let what = if name.contains(['<', '>']) { "malformed type expression" } else { "no type named" };
                    self.value_error(path, format!("{what} `{name}`"), Some(help));
                    return None;
                }
            },
        };
        Some(t)
    }

    /// Type of a field or parameter: its expression, with an inline enum in place of `string`.
    fn value_type(&mut self, v: &ValueSpec, inline_name: Option<String>, path: &KeyPath) -> Option<Type> {
        match inline_name {
            None => self.ty(&v.ty, &path.key("type")),
            Some(enum_name) => {
                let rust = Type::Named(naming::camel(&enum_name));
                match v.ty.trim() {
                    "string" => Some(rust),
                    "list<string>" => Some(Type::List(Box::new(rust))),
                    other => {
                        self.error(&path.key("type"), format!("a field with `enum` values must have type `string` or `list<string>`, not `{other}`"));
                        None
                    }
                }
            }
        }
    }

    fn constraints(&mut self, v: &ValueSpec, ty: Option<&Type>, path: &KeyPath) -> Constraints {
        let c = Constraints {
            minimum: v.minimum,
            maximum: v.maximum,
            min_length: v.min_length,
            max_length: v.max_length,
            pattern: v.pattern.clone(),
            min_items: v.min_items,
            max_items: v.max_items,
        };
        if let (Some(lo), Some(hi)) = (c.minimum, c.maximum) {
            if lo > hi {
                self.error(&path.key("minimum"), format!("minimum {lo} is greater than maximum {hi}"));
            }
        }
        if let (Some(lo), Some(hi)) = (c.min_length, c.max_length) {
            if lo > hi {
                self.error(&path.key("min_length"), format!("min_length {lo} is greater than max_length {hi}"));
            }
        }
        if let (Some(lo), Some(hi)) = (c.min_items, c.max_items) {
            if lo > hi {
                self.error(&path.key("min_items"), format!("min_items {lo} is greater than max_items {hi}"));
            }
        }
        if let Some(ty) = ty.map(|t| self.resolve(t)) {
            let ty = &ty;
            let numeric = matches!(ty, Type::Int32 | Type::Int64 | Type::Double);
            let text = ty.is_text();
            let list = matches!(ty, Type::List(_));
            if (c.minimum.is_some() || c.maximum.is_some()) && !numeric {
                self.error(&path.key(if c.minimum.is_some() { "minimum" } else { "maximum" }), format!("`minimum`/`maximum` apply to numbers, not `{}`", v.ty));
            }
            if (c.min_length.is_some() || c.max_length.is_some() || c.pattern.is_some()) && !text {
                self.error(&path.key("type"), format!("`min_length`/`max_length`/`pattern` apply to strings, not `{}`", v.ty));
            }
            if (c.min_items.is_some() || c.max_items.is_some()) && !list {
                self.error(&path.key("type"), format!("`min_items`/`max_items` apply to lists, not `{}`", v.ty));
            }
        }
        c
    }

    /// The type behind an alias (other types are returned as they are).
    fn resolve(&self, ty: &Type) -> Type {
        match ty {
            Type::Named(n) => self.aliases.get(n).map(|(t, _)| t.clone()).unwrap_or_else(|| ty.clone()),
            _ => ty.clone(),
        }
    }

    /// Constraints of a use of `ty`: the alias's own, overridden by those written at the use.
    fn with_alias_constraints(&self, ty: Option<&Type>, own: Constraints) -> Constraints {
        let Some((_, base)) = ty.and_then(|t| match t {
            Type::Named(n) => self.aliases.get(n),
            _ => None,
        }) else {
            return own;
        };
        Constraints {
            minimum: own.minimum.or(base.minimum),
            maximum: own.maximum.or(base.maximum),
            min_length: own.min_length.or(base.min_length),
            max_length: own.max_length.or(base.max_length),
            pattern: own.pattern.or_else(|| base.pattern.clone()),
            min_items: own.min_items.or(base.min_items),
            max_items: own.max_items.or(base.max_items),
        }
    }

    fn alias(&mut self, name: &str, a: &ValueSpec, path: &KeyPath) -> Option<Alias> {
        if a.name.is_some() || a.location.is_some() || a.required.is_some() || a.nullable || a.read_only || a.inline_enum.is_some() || a.rust_name.is_some() {
            self.error(path, "an alias takes `type`, `description`, `example` and constraints only".into());
        }
        let ty = self.ty(&a.ty, &path.key("type"))?;
        if matches!(&ty, Type::Named(n) if self.kind_of_rust(n) == Some(Kind::Alias)) {
            self.value_error(&path.key("type"), "an alias cannot name another alias".into(), Some("write the underlying type".into()));
            return None;
        }
        let constraints = self.constraints(a, Some(&ty), path);
        let rust = naming::camel(name);
        self.aliases.insert(rust.clone(), (ty.clone(), constraints.clone()));
        Some(Alias { module: naming::snake(&rust), name: rust, doc: a.description.clone(), ty, constraints, example: a.example.as_ref().map(yaml_to_json) })
    }

    fn enumeration(&mut self, name: &str, doc: Option<String>, values: &[EnumValueSpec], inline_in: Option<String>, path: &KeyPath) -> Enum {
        let values_path = if inline_in.is_some() { path.clone() } else { path.key("values") };
        if values.is_empty() {
            self.error(&values_path, format!("enum `{name}` has no values"));
        }
        let mut variants: Vec<Variant> = Vec::new();
        let mut by_wire = BTreeSet::new();
        let mut by_rust: BTreeMap<String, String> = BTreeMap::new();
        for (i, v) in values.iter().enumerate() {
            let p = values_path.index(i);
            let (wire, doc, rust_override) = match v {
                EnumValueSpec::Plain(s) => (s.as_text(), None, None),
                EnumValueSpec::Detailed(d) => (d.value.as_text(), d.description.clone(), d.rust_name.clone()),
            };
            if !by_wire.insert(wire.clone()) {
                self.error(&p, format!("enum `{name}` lists the value `{wire}` twice"));
                continue;
            }
            let rust_name = match rust_override {
                Some(r) => {
                    if !naming::is_identifier(&r) {
                        self.error(&p.key("rust_name"), format!("`{r}` is not a valid Rust identifier"));
                    }
                    r
                }
                None => naming::camel(&wire),
            };
            if rust_name == "UnknownValue" {
                self.error_help(&p, format!("value `{wire}` becomes `UnknownValue`, the variant that holds values the spec does not list"), "set `rust_name` for this value".into());
            }
            if let Some(other) = by_rust.insert(rust_name.clone(), wire.clone()) {
                self.error_help(&p, format!("values `{other}` and `{wire}` both become the variant `{rust_name}`"), "set `rust_name` on one of them".into());
            }
            variants.push(Variant { wire, rust_name, doc });
        }
        let rust = naming::camel(name);
        Enum { module: naming::snake(&rust), name: rust, doc, inline_in, variants }
    }

    fn models(&mut self, file: &SpecFile) -> Vec<Model> {
        let specs: BTreeMap<&str, &spec::ModelSpec> = file.models.iter().map(|(n, m)| (n.as_str(), m)).collect();
        let mut out = Vec::new();
        for (name, m) in &file.models {
            let path = KeyPath::default().key("models").key(name);
            let mut fields: Vec<Field> = Vec::new();
            // all_of members first, in order, recursively.
            let mut chain = vec![name.clone()];
            for (i, parent) in m.all_of.iter().enumerate() {
                self.inherit(parent, &specs, &mut chain, &mut fields, &path.key("all_of").index(i));
            }
            for (wire, f) in &m.fields {
                if let Some(field) = self.field(name, wire, f, &path.key("fields").key(wire), None) {
                    fields.push(field);
                }
            }
            self.check_field_names(name, &fields, &path);
            let additional_properties = m.additional_properties.as_ref().and_then(|t| self.ty(t, &path.key("additional_properties")));
            if additional_properties.is_some() && fields.iter().any(|f| f.rust_name == "additional_properties") {
                self.error(&path.key("additional_properties"), "a field named `additional_properties` clashes with the map that keeps undeclared keys".into());
            }
            let rust = naming::camel(name);
            out.push(Model { module: naming::snake(&rust), name: rust, spec_name: name.clone(), doc: m.description.clone(), fields, additional_properties });
        }
        out
    }

    fn inherit(&mut self, parent: &str, specs: &BTreeMap<&str, &spec::ModelSpec>, chain: &mut Vec<String>, fields: &mut Vec<Field>, path: &KeyPath) {
        let Some((parent_key, m)) = specs.get_key_value(parent) else {
            let what = if self.types.contains_key(parent) { "is not a model" } else { "is not defined" };
            let help = naming::closest(parent, specs.keys().copied()).map(|b| format!("did you mean `{b}`?")).unwrap_or_else(|| "`all_of` lists models".into());
            self.error_help(path, format!("`all_of` member `{parent}` {what}"), help);
            return;
        };
        if chain.iter().any(|c| c == parent_key) {
            self.error(path, format!("`all_of` cycle: {} → {parent}", chain.join(" → ")));
            return;
        }
        chain.push(parent.to_owned());
        let ppath = KeyPath::default().key("models").key(parent);
        for (i, grand) in m.all_of.iter().enumerate() {
            self.inherit(grand, specs, chain, fields, &ppath.key("all_of").index(i));
        }
        for (wire, f) in &m.fields {
            if let Some(field) = self.field(parent, wire, f, &ppath.key("fields").key(wire), Some(parent)) {
                fields.push(field);
            }
        }
        chain.pop();
    }

    fn check_field_names(&mut self, model: &str, fields: &[Field], path: &KeyPath) {
        let mut wires: BTreeMap<&str, &Field> = BTreeMap::new();
        let mut rusts: BTreeMap<&str, &Field> = BTreeMap::new();
        for f in fields {
            let fpath = path.key("fields").key(&f.wire_name);
            if let Some(other) = wires.insert(&f.wire_name, f) {
                let from = |x: &Field| x.inherited_from.clone().map(|m| format!(" (from `{m}`)")).unwrap_or_default();
                self.error(&fpath, format!("model `{model}` has the field `{}` twice{}{}", f.wire_name, from(other), from(f)));
                continue;
            }
            if let Some(other) = rusts.insert(&f.rust_name, f) {
                self.error_help(&fpath, format!("fields `{}` and `{}` of model `{model}` both become `{}`", other.wire_name, f.wire_name, f.rust_name), "set `rust_name` on one of them".into());
            }
        }
    }

    fn field(&mut self, model: &str, wire: &str, f: &ValueSpec, path: &KeyPath, inherited_from: Option<&str>) -> Option<Field> {
        if f.name.is_some() {
            self.error(&path.key("name"), "`name` is for parameters; a field's wire name is its key".into());
        }
        if f.location.is_some() {
            self.error(&path.key("in"), "`in` is for parameters, not model fields".into());
        }
        let inline = f.inline_enum.as_ref().map(|_| f.enum_name.clone().unwrap_or_else(|| format!("{}{}", naming::camel(model), naming::camel(wire))));
        let ty = self.value_type(f, inline, path);
        let constraints = self.constraints(f, ty.as_ref(), path);
        let constraints = self.with_alias_constraints(ty.as_ref(), constraints);
        let rust_name = self.rust_name(wire, f.rust_name.as_deref(), path);
        Some(Field {
            wire_name: wire.to_owned(),
            rust_name,
            ty: ty?,
            required: f.required.unwrap_or(false),
            nullable: f.nullable,
            read_only: f.read_only,
            deprecated: f.deprecated,
            default: f.default.as_ref().map(yaml_to_json),
            example: f.example.as_ref().map(yaml_to_json),
            constraints,
            boxed: false,
            doc: f.description.clone(),
            inherited_from: inherited_from.map(naming::camel),
        })
    }

    fn rust_name(&mut self, wire: &str, over: Option<&str>, path: &KeyPath) -> String {
        match over {
            Some(r) => {
                if !naming::is_identifier(r) {
                    self.error(&path.key("rust_name"), format!("`{r}` is not a valid Rust identifier"));
                }
                r.to_owned()
            }
            None => naming::snake(wire),
        }
    }

    fn union(&mut self, name: &str, u: &spec::UnionSpec, path: &KeyPath) -> Union {
        if u.one_of.len() < 2 {
            self.error_help(&path.key("one_of"), format!("union `{name}` needs at least two members"), "use the member type directly instead of a union".into());
        }
        let mut members: Vec<UnionMember> = Vec::new();
        let mut seen = BTreeMap::new();
        for (i, m) in u.one_of.iter().enumerate() {
            let p = path.key("one_of").index(i);
            let Some(ty) = self.ty(m, &p) else { continue };
            let rust_name = naming::camel(&variant_base(&ty));
            if let Some(other) = seen.insert(rust_name.clone(), m.clone()) {
                self.error(&p, format!("members `{other}` and `{m}` of union `{name}` both become the variant `{rust_name}`"));
                continue;
            }
            members.push(UnionMember { rust_name, ty, boxed: false });
        }
        shorten_variants(&mut members);
        let rust = naming::camel(name);
        Union { module: naming::snake(&rust), name: rust, doc: u.description.clone(), members }
    }

    fn service(&mut self, name: &str, s: &spec::ServiceSpec, path: &KeyPath) -> Service {
        let mut methods: Vec<Method> = Vec::new();
        let mut names = BTreeSet::new();
        let mut builders = BTreeSet::new();
        let rust_name = format!("{}Service", naming::camel(name));
        for (mname, m) in &s.methods {
            let p = path.key("methods").key(mname);
            let method = self.method(mname, m, &p);
            if !names.insert(method.rust_name.clone()) {
                self.error(&p, format!("service `{name}` has two methods named `{}`", method.rust_name));
            }
            if !builders.insert(method.builder_name.clone()) || method.builder_name == rust_name {
                self.error(&p, format!("the request type `{}` of method `{mname}` clashes with another name in the service module", method.builder_name));
            }
            methods.push(method);
        }
        methods.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        Service { name: name.to_owned(), rust_name, accessor: naming::snake(name), doc: s.description.clone(), methods }
    }

    fn method(&mut self, name: &str, m: &spec::MethodSpec, path: &KeyPath) -> Method {
        let rust_name = naming::snake(name);
        if rust_name != name {
            self.error_help(path, format!("method name `{name}` is not a snake_case Rust identifier"), format!("write it as `{rust_name}` and keep the API's own name in `operation_id`"));
        }
        let http_method = m.method.to_ascii_uppercase();
        if !HTTP_METHODS.contains(&http_method.as_str()) {
            self.value_error(&path.key("method"), format!("`{}` is not an HTTP method", m.method), Some(format!("use one of {}", HTTP_METHODS.join(", "))));
        }
        let path_parts = match split_template(&m.path) {
            Ok(parts) if m.path.starts_with('/') => parts,
            Ok(_) => {
                self.error(&path.key("path"), format!("path `{}` must start with `/`", m.path));
                Vec::new()
            }
            Err(why) => {
                self.error(&path.key("path"), format!("invalid path template `{}`: {why}", m.path));
                Vec::new()
            }
        };
        let in_template: Vec<&str> = path_parts
            .iter()
            .filter_map(|p| match p {
                PathPart::Param(n) => Some(n.as_str()),
                PathPart::Literal(_) => None,
            })
            .collect();

        let mut params: Vec<Param> = Vec::new();
        let mut wire_seen = BTreeSet::new();
        let mut rust_seen: BTreeMap<String, String> = BTreeMap::new();
        for (i, p) in m.parameters.iter().enumerate() {
            let pp = path.key("parameters").index(i);
            let Some(wire) = p.name.clone() else {
                self.error(&pp, "parameter has no `name` (its wire name)".into());
                continue;
            };
            let Some(location) = p.location else {
                self.error(&pp.key("name"), format!("parameter `{wire}` has no `in` (path, query or header)"));
                continue;
            };
            if p.read_only || p.nullable {
                self.error(&pp, "`read_only` and `nullable` are for model fields, not parameters".into());
            }
            if !wire_seen.insert((location, wire.clone())) {
                self.error(&pp.key("name"), format!("parameter `{wire}` is listed twice"));
                continue;
            }
            let inline = p.inline_enum.as_ref().map(|_| p.enum_name.clone().unwrap_or_else(|| format!("{}{}", naming::camel(name), naming::camel(&wire))));
            let ty = self.value_type(p, inline, &pp);
            let constraints = self.constraints(p, ty.as_ref(), &pp);
            let constraints = self.with_alias_constraints(ty.as_ref(), constraints);
            let rust = self.rust_name(&wire, p.rust_name.as_deref(), &pp);
            if ["body", "client", "options", "timeout", "retry_policy", "send"].contains(&rust.as_str()) {
                self.error_help(&pp.key("name"), format!("parameter `{wire}` becomes `{rust}`, a name the request type uses itself"), "set `rust_name`".into());
            }
            if let Some(other) = rust_seen.insert(rust.clone(), wire.clone()) {
                self.error_help(&pp.key("name"), format!("parameters `{other}` and `{wire}` both become `{rust}`"), "set `rust_name` on one of them".into());
            }
            let required = match location {
                ParamLocation::Path => {
                    if p.required == Some(false) {
                        self.error(&pp.key("required"), format!("path parameter `{wire}` cannot be optional"));
                    }
                    if !in_template.contains(&wire.as_str()) {
                        self.error_help(&pp.key("name"), format!("path parameter `{wire}` does not appear in the path `{}`", m.path), format!("add `{{{wire}}}` to the path, or make it a query parameter"));
                    }
                    true
                }
                _ => p.required.unwrap_or(false),
            };
            if location == ParamLocation::Header && !valid_header_name(&wire) {
                self.error(&pp.key("name"), format!("`{wire}` is not a valid header name"));
            }
            if let Some(ty) = ty {
                if location == ParamLocation::Path && matches!(ty, Type::List(_)) {
                    self.error(&pp.key("type"), "a path parameter cannot be a list".into());
                }
                if matches!(ty, Type::Map(_) | Type::Any) || matches!(&ty, Type::Named(n) if !matches!(self.kind_of_rust(n), Some(Kind::Enum | Kind::Alias))) {
                    self.error(&pp.key("type"), format!("parameter `{wire}` must be a primitive, an enum or a list of those, not `{}`", p.ty));
                }
                params.push(Param {
                    wire_name: wire,
                    rust_name: rust,
                    location,
                    ty,
                    required,
                    default: p.default.as_ref().map(yaml_to_json),
                    example: p.example.as_ref().map(yaml_to_json),
                    constraints,
                    doc: p.description.clone(),
                });
            }
        }
        // Checked against the spec's own list, so a parameter whose type failed
        // to resolve is not reported a second time as missing.
        for n in &in_template {
            if !m.parameters.iter().any(|p| p.name.as_deref() == Some(n) && p.location == Some(ParamLocation::Path)) {
                self.error_help(&path.key("path"), format!("path `{}` uses `{{{n}}}` but no path parameter `{n}` is listed", m.path), format!("add a parameter `name: {n}` with `in: path`"));
            }
        }

        let body = m.body.as_ref().and_then(|b| {
            let ty = self.ty(&b.ty, &path.key("body").key("type"))?;
            Some(Body { ty, required: b.required, doc: b.description.clone() })
        });

        let mut responses = Vec::new();
        if m.responses.is_empty() {
            self.error(&path.key("responses"), "a method needs at least one success response".into());
        }
        for (code, ty) in &m.responses {
            let rp = path.key("responses").key(code);
            match code.parse::<u16>() {
                Ok(s) if (200..300).contains(&s) => {
                    let ty = ty.as_ref().and_then(|t| self.ty(t, &rp));
                    responses.push(Response { status: s, ty });
                }
                _ => self.error_help(&rp, format!("`{code}` is not a success status"), "success statuses are 200 to 299; put error statuses under `errors`".into()),
            }
        }
        let mut errors = Vec::new();
        for (code, ty) in &m.errors {
            let ep = path.key("errors").key(code);
            let status = match code.as_str() {
                "default" => ErrorStatus::Default,
                "4XX" | "4xx" => ErrorStatus::Class(4),
                "5XX" | "5xx" => ErrorStatus::Class(5),
                c => match c.parse::<u16>() {
                    Ok(s) if (400..600).contains(&s) => ErrorStatus::Code(s),
                    _ => {
                        self.error_help(&ep, format!("`{code}` is not an error status"), "use 400 to 599, `4XX`, `5XX` or `default`".into());
                        continue;
                    }
                },
            };
            let ty = ty.as_ref().and_then(|t| self.ty(t, &ep));
            errors.push(ErrorResponse { status, ty });
        }
        let returns = self.returns(&responses, &path.key("responses"));
        Method {
            builder_name: format!("{}Builder", naming::camel(name)),
            rust_name,
            operation_id: m.operation_id.clone().unwrap_or_else(|| name.to_owned()),
            summary: m.summary.clone(),
            doc: m.description.clone(),
            http_method,
            path: m.path.clone(),
            path_parts,
            params,
            body,
            responses,
            errors,
            returns,
            authenticated: m.auth,
            retry_safe: m.retry_safe,
            stores_tokens: None,
            pagination: None,
        }
    }

    fn pagination(&mut self, p: &spec::PaginationSpec, method: &Method, models: &[Model], path: &KeyPath) -> Option<Pagination> {
        let Returns::Body(Type::Named(name)) = &method.returns else {
            self.error(path, "a paginated method must return a model".into());
            return None;
        };
        let model_named = |n: &str| models.iter().find(|m| m.name == n);
        let response = model_named(name)?;
        let Some(items) = response.fields.iter().find(|f| f.wire_name == p.items) else {
            self.value_error(&path.key("items"), format!("model `{name}` has no field `{}`", p.items), None);
            return None;
        };
        let Type::List(item) = &items.ty else {
            self.value_error(&path.key("items"), format!("field `{}` of `{name}` is not a list", p.items), None);
            return None;
        };
        let Some(page) = method.params.iter().find(|x| x.wire_name == p.page_param && x.location == ParamLocation::Query && matches!(x.ty, Type::Int32 | Type::Int64)) else {
            self.value_error(&path.key("page_param"), format!("method `{}` has no integer query parameter `{}`", method.rust_name, p.page_param), None);
            return None;
        };
        let mut has_more = Vec::new();
        let mut current = Some(response);
        for step in p.has_more.split('.') {
            let Some(field) = current.and_then(|m| m.fields.iter().find(|f| f.wire_name == step)) else {
                self.value_error(&path.key("has_more"), format!("`{}` does not lead through the response: no field `{step}`", p.has_more), None);
                return None;
            };
            has_more.push((field.rust_name.clone(), field.is_option()));
            current = match &field.ty {
                Type::Named(n) => model_named(n),
                _ => None,
            };
        }
        if !has_more.last().is_some_and(|(_, optional)| *optional) {
            self.value_error(&path.key("has_more"), format!("`{}` is always present, so it cannot say whether more pages follow", p.has_more), None);
            return None;
        }
        Some(Pagination { item: (**item).clone(), items_field: (items.rust_name.clone(), items.is_option()), page_param: (page.rust_name.clone(), page.ty.clone()), has_more })
    }

    /// Finds `Service.method` among the lowered services, with the Rust name of its service.
    fn find_method<'s>(&mut self, services: &'s mut [Service], reference: &str, path: &KeyPath) -> Option<(String, &'s mut Method)> {
        let found = reference.split_once('.').and_then(|(service, method)| {
            services.iter_mut().find(|s| s.name == service).and_then(|s| s.methods.iter_mut().find(|m| m.rust_name == method).map(|m| (s.rust_name.clone(), m)))
        });
        if found.is_none() {
            self.value_error(path, format!("no method `{reference}`"), Some("write it as `Service.method`, with the service key and method key of this spec".into()));
        }
        found
    }

    /// Where the token response of `method` keeps its tokens.
    fn token_fields(&mut self, method: &Method, models: &[Model], tf: &spec::TokenFlowSpec, path: &KeyPath) -> Option<TokenFields> {
        let Returns::Body(Type::Named(name)) = &method.returns else {
            self.error(path, format!("method `{}` must return a model holding the tokens", method.rust_name));
            return None;
        };
        let model = models.iter().find(|m| &m.name == name)?;
        let field = |wire: &str| model.fields.iter().find(|f| f.wire_name == wire && f.ty.is_text());
        let Some(access) = field(&tf.access_token_field) else {
            self.error(&path.key("access_token_field"), format!("model `{name}` has no string field `{}`", tf.access_token_field));
            return None;
        };
        let refresh = field(&tf.refresh_token_field).map(|f| (f.rust_name.clone(), f.is_option()));
        Some(TokenFields { access: access.rust_name.clone(), access_optional: access.is_option(), refresh })
    }

    fn token_flow(&mut self, tf: &spec::TokenFlowSpec, models: &[Model], services: &mut [Service], path: &KeyPath) -> Option<TokenRefresh> {
        let (_, sign_in) = self.find_method(services, &tf.sign_in, &path.key("sign_in"))?;
        sign_in.stores_tokens = Some(self.token_fields(sign_in, models, tf, &path.key("sign_in"))?);

        let (service, refresh) = self.find_method(services, &tf.refresh, &path.key("refresh"))?;
        refresh.stores_tokens = Some(self.token_fields(refresh, models, tf, &path.key("refresh"))?);
        let refresh = &*refresh;
        if refresh.params.iter().any(|p| p.required) || refresh.body.as_ref().is_none_or(|b| !b.required) {
            self.error(&path.key("refresh"), format!("refresh method `{}` must take only a required body", tf.refresh));
            return None;
        }
        let Some(Type::Named(body_type)) = refresh.body.as_ref().map(|b| b.ty.clone()) else {
            self.error(&path.key("refresh"), "the refresh method's body must be a model".into());
            return None;
        };
        let model = models.iter().find(|m| m.name == body_type)?;
        let mut body_fields = Vec::new();
        let mut body_field_optional = false;
        for f in &model.fields {
            let is_token = f.wire_name == tf.refresh_body_field;
            if is_token {
                body_field_optional = f.is_option();
            } else if f.required {
                self.error(&path.key("refresh_body_field"), format!("the refresh body `{body_type}` has another required field, `{}`", f.wire_name));
            }
            body_fields.push((f.rust_name.clone(), is_token));
        }
        if !body_fields.iter().any(|(_, t)| *t) {
            self.error(&path.key("refresh_body_field"), format!("model `{body_type}` has no field `{}`", tf.refresh_body_field));
            return None;
        }
        Some(TokenRefresh { service, method: refresh.rust_name.clone(), body_type, body_fields, body_field_optional })
    }

    fn kind_of_rust(&self, rust: &str) -> Option<Kind> {
        self.types.values().find(|(_, r)| r == rust).map(|(k, _)| *k)
    }

    fn returns(&mut self, responses: &[Response], path: &KeyPath) -> Returns {
        let bodies: BTreeSet<String> = responses.iter().filter_map(|r| r.ty.as_ref()).map(|t| t.rust(None)).collect();
        if bodies.len() > 1 {
            self.error(path, format!("success responses have different body types ({}); one method returns one type", bodies.into_iter().collect::<Vec<_>>().join(", ")));
            return Returns::Unit;
        }
        let body = responses.iter().find_map(|r| r.ty.clone());
        let empty = responses.iter().any(|r| r.ty.is_none());
        match (body, empty) {
            (None, _) => Returns::Unit,
            (Some(t), false) => Returns::Body(t),
            (Some(t), true) => Returns::OptionalBody(t),
        }
    }
}

/// Drops the words every variant name starts with, so
/// `PhoneInfo::PhoneNumberDefinitionTollType` reads `PhoneInfo::TollType`.
/// Names stay as they are when shortening would leave one empty, starting
/// with a digit, or equal to another.
fn shorten_variants(members: &mut [UnionMember]) {
    let words: Vec<Vec<String>> = members.iter().map(|m| camel_words(&m.rust_name)).collect();
    let Some(first) = words.first() else { return };
    let common = (0..first.len()).take_while(|&i| words.iter().all(|w| w.len() > i + 1 && w[i] == first[i])).count();
    if common == 0 {
        return;
    }
    let short: Vec<String> = words.iter().map(|w| w[common..].concat()).collect();
    let distinct: BTreeSet<&String> = short.iter().collect();
    if distinct.len() == short.len() && short.iter().all(|s| naming::is_identifier(s) && s.starts_with(|c: char| c.is_ascii_uppercase())) {
        for (m, s) in members.iter_mut().zip(short) {
            m.rust_name = s;
        }
    }
}

/// Splits an UpperCamelCase name into its words (`TollType` → `Toll`, `Type`).
fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        match words.last_mut() {
            Some(w) if !c.is_ascii_uppercase() => w.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

/// The name a union variant takes from its member type.
fn variant_base(ty: &Type) -> String {
    match ty {
        Type::Named(n) => n.clone(),
        Type::List(t) => format!("{}List", variant_base(t)),
        Type::Map(t) => format!("{}Map", variant_base(t)),
        other => match other {
            Type::String | Type::Uri | Type::Email => "String".into(),
            Type::Int32 | Type::Int64 => "Integer".into(),
            Type::Double => "Number".into(),
            Type::Boolean => "Boolean".into(),
            Type::DateTime => "DateTime".into(),
            Type::Date => "Date".into(),
            _ => "Value".into(),
        },
    }
}

/// Splits `/a/{b}/c` into literal and parameter parts.
pub fn split_template(t: &str) -> Result<Vec<PathPart>, String> {
    let mut parts = Vec::new();
    let mut rest = t;
    let mut seen = BTreeSet::new();
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                parts.push(PathPart::Literal(rest.to_owned()));
                break;
            }
            Some(i) if rest.as_bytes()[i] == b'}' => return Err("`}` without a matching `{`".into()),
            Some(i) => {
                if i > 0 {
                    parts.push(PathPart::Literal(rest[..i].to_owned()));
                } else if matches!(parts.last(), Some(PathPart::Param(_))) {
                    return Err("two parameters with nothing between them cannot be told apart".into());
                }
                let after = &rest[i + 1..];
                let close = after.find('}').ok_or("`{` without a matching `}`")?;
                let name = &after[..close];
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.') {
                    return Err(format!("`{{{name}}}` is not a parameter name"));
                }
                if !seen.insert(name.to_owned()) {
                    return Err(format!("`{{{name}}}` appears twice"));
                }
                parts.push(PathPart::Param(name.to_owned()));
                rest = &after[close + 1..];
            }
        }
    }
    if parts.iter().any(|p| matches!(p, PathPart::Literal(l) if l.contains(['?', '#', ' ']))) {
        return Err("a path may not contain `?`, `#` or spaces; use query parameters".into());
    }
    Ok(parts)
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
    nums.len() == 3 && nums.iter().all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

fn valid_header_name(h: &str) -> bool {
    !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// YAML defaults and examples as JSON, the form they take on the wire.
fn yaml_to_json(v: &serde_yaml::Value) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// Boxes every field whose type leads back to its own model without passing
/// through a `Vec` or map (which already allocate), so recursive types have a
/// finite size.
fn break_cycles(models: &mut [Model], unions: &mut [Union]) {
    // Direct edges: type → named types it holds inline.
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in models.iter() {
        let e = edges.entry(m.name.clone()).or_default();
        for f in &m.fields {
            if let Type::Named(n) = &f.ty {
                e.insert(n.clone());
            }
        }
    }
    for u in unions.iter() {
        let e = edges.entry(u.name.clone()).or_default();
        for m in &u.members {
            if let Type::Named(n) = &m.ty {
                e.insert(n.clone());
            }
        }
    }
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                stack.extend(edges.get(&n).into_iter().flatten().cloned());
            }
        }
        false
    };
    for m in models.iter_mut() {
        for f in &mut m.fields {
            if let Type::Named(n) = &f.ty {
                f.boxed = reaches(n, &m.name);
            }
        }
    }
    for u in unions.iter_mut() {
        for mem in &mut u.members {
            if let Type::Named(n) = &mem.ty {
                mem.boxed = reaches(n, &u.name);
            }
        }
    }
}
