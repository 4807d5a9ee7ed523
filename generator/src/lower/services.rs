//! Services, their methods and the methods' parameters and bodies.
//!
//! A [`Method`] leaves here complete: its pagination and its part in the
//! token flow are lowered with it, from the finished models.

use std::collections::{BTreeMap, BTreeSet};

use super::tokens::{FlowRole, TokenFlowPlan};
use super::types::inline_enum_name;
use super::{Lowerer, valid_header_name, yaml_to_json};
use crate::diag::KeyPath;
use crate::ir::{HttpMethod, Kind, Method, Param, ParamLocation, QueryStyle, Service, Type};
use crate::spec::{self, QueryStyleSpec, SpecFile};
use crate::{names, naming};

impl Lowerer<'_> {
    pub(super) fn services(
        &mut self,
        file: &SpecFile,
        flow: Option<&TokenFlowPlan>,
    ) -> Vec<Service> {
        let mut services: Vec<Service> = Vec::new();
        let mut accessors: BTreeMap<String, String> = BTreeMap::new();
        // Operation id → the method that has it, `Service.method`.
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        for (name, s) in &file.services {
            let path = KeyPath::default().key("services").key(name);
            let service = self.service(name, s, flow, &path, &mut ids);
            if let Some(other) = accessors.insert(service.accessor.clone(), name.clone()) {
                self.error(
                    &path,
                    format!(
                        "services `{other}` and `{name}` both become `{}`",
                        service.accessor
                    ),
                );
            }
            services.push(service);
        }
        services.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        services
    }

    fn service(
        &mut self,
        name: &str,
        s: &spec::ServiceSpec,
        flow: Option<&TokenFlowPlan>,
        path: &KeyPath,
        ids: &mut BTreeMap<String, String>,
    ) -> Service {
        let mut methods: Vec<Method> = Vec::new();
        let mut names_seen = BTreeSet::new();
        let mut builders = BTreeSet::new();
        // Suffixed before the case conversion, so a keyword-named service (`Self`) is `SelfService`, not `Self_Service`.
        let rust_name = naming::camel(&format!("{name}_service"));
        for (mname, m) in &s.methods {
            let p = path.key("methods").key(mname);
            let role = flow.and_then(|f| f.role(name, mname));
            let method = self.method(mname, m, role, &p);
            // An id names one call in errors, traces and the harness.
            match ids.entry(method.operation_id.clone()) {
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(format!("{name}.{mname}"));
                }
                std::collections::btree_map::Entry::Occupied(e) => {
                    let at = if m.operation_id.is_some() {
                        p.key("operation_id")
                    } else {
                        p.clone()
                    };
                    self.error_help(
                        &at,
                        format!("operation id `{}` is also method `{}`'s", method.operation_id, e.get()),
                        "give each method its own `operation_id` (without one, it is the method's name): ids name a call in errors, traces and the harness".into(),
                    );
                }
            }
            if !names_seen.insert(method.rust_name.clone()) {
                self.error(
                    &p,
                    format!(
                        "service `{name}` has two methods named `{}`",
                        method.rust_name
                    ),
                );
            }
            if !builders.insert(method.builder_name.clone()) || method.builder_name == rust_name {
                self.error(&p, format!("the request type `{}` of method `{mname}` clashes with another name in the service module", method.builder_name));
            }
            if let Some(output) = &method.output {
                if !builders.insert(output.name.clone()) || output.name == rust_name {
                    self.error(&p, format!("the output type `{}` of method `{mname}` clashes with another name in the service module", output.name));
                }
            }
            methods.push(method);
        }
        methods.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        let module = naming::snake(name);
        // The accessor shares the client's namespace with its own methods.
        let accessor = names::avoid(module.clone(), names::CLIENT, names::SERVICE_SUFFIX);
        Service {
            name: name.to_owned(),
            rust_name,
            accessor,
            module,
            doc: s.description.clone(),
            methods,
            feature: None,
        }
    }

    fn method(
        &mut self,
        name: &str,
        m: &spec::MethodSpec,
        role: Option<FlowRole>,
        path: &KeyPath,
    ) -> Method {
        let rust_name = naming::snake(name);
        if rust_name != name {
            self.error_help(
                path,
                format!("method name `{name}` is not a snake_case Rust identifier"),
                format!("write it as `{rust_name}` and keep the API's own name in `operation_id`"),
            );
        }
        let http_method = HttpMethod::parse(&m.method).unwrap_or_else(|| {
            let all: Vec<&str> = HttpMethod::ALL.iter().map(|m| m.as_str()).collect();
            self.value_error(
                &path.key("method"),
                format!("`{}` is not an HTTP method", m.method),
                Some(format!("use one of {}", all.join(", "))),
            );
            HttpMethod::Get
        });
        // The fixed query (`/responses?beta=true`) is split off first, so a
        // mistake in it does not also hide the path's parameters.
        let (template, fixed_query) = match super::paths::split_fixed_query(&m.path) {
            Ok(split) => split,
            Err(why) => {
                self.error(
                    &path.key("path"),
                    format!("invalid path template `{}`: {why}", m.path),
                );
                let before = m.path.split(['?', '#']).next().unwrap_or_default();
                (before, Vec::new())
            }
        };
        let path_parts = match super::split_template(template) {
            Ok(parts) if template.starts_with('/') => parts,
            Ok(_) => {
                self.error(
                    &path.key("path"),
                    format!("path `{}` must start with `/`", m.path),
                );
                Vec::new()
            }
            Err(why) => {
                self.error(
                    &path.key("path"),
                    format!("invalid path template `{}`: {why}", m.path),
                );
                Vec::new()
            }
        };
        let in_template = super::paths::placeholders(&path_parts);
        let params = self.params(name, m, &in_template, path);
        for (key, _) in &fixed_query {
            let declared = params
                .iter()
                .any(|p| p.location == ParamLocation::Query && p.wire_name == *key);
            if declared {
                self.error_help(
                    &path.key("path"),
                    format!(
                        "path `{}` fixes the query key `{key}`, which is also a query parameter of the method",
                        m.path
                    ),
                    format!("drop `{key}` from the path, or the query parameter `{key}`"),
                );
            }
        }
        // Checked against the spec's own list, so a parameter whose type failed
        // to resolve is not reported a second time as missing.
        for n in &in_template {
            if !m
                .parameters
                .iter()
                .any(|p| p.name.as_deref() == Some(n) && p.location == Some(ParamLocation::Path))
            {
                self.error_help(
                    &path.key("path"),
                    format!(
                        "path `{}` uses `{{{n}}}` but no path parameter `{n}` is listed",
                        m.path
                    ),
                    format!("add a parameter `name: {n}` with `in: path`"),
                );
            }
        }
        // A request body is the value itself; `required: false` is how it is left out.
        let body = m
            .body
            .as_ref()
            .and_then(|b| self.body(b, &params, &path.key("body")));
        let responses = self.responses(m, path);
        let errors = self.errors(m, path);
        let returns = self.returns(&responses, &path.key("responses"));
        let accept = Self::accept(&responses, &returns);
        let output = self.output(name, &responses, &path.key("responses"));
        let stores_tokens = role
            .as_ref()
            .and_then(|r| Some((r.spec, r.stores_tokens.clone()?)))
            .and_then(|(tf, at)| self.token_fields(name, &returns, tf, &at));
        let pagination = m
            .pagination
            .as_ref()
            .and_then(|p| self.pagination(p, name, &params, &returns, &path.key("pagination")));
        Method {
            builder_name: naming::camel(&format!("{name}_builder")),
            rust_name,
            operation_id: m.operation_id.clone().unwrap_or_else(|| name.to_owned()),
            summary: m.summary.clone(),
            doc: m.description.clone(),
            http_method,
            path: m.path.clone(),
            path_parts,
            fixed_query,
            params,
            body,
            responses,
            errors,
            returns,
            accept,
            output,
            security: {
                let security = std::mem::take(&mut self.security);
                let stated = self.method_security(&m.auth, &security, &path.key("auth"));
                self.security = security;
                stated
            },
            retry_safe: m.retry_safe,
            stores_tokens,
            signs_out: role.as_ref().is_some_and(|r| r.signs_out),
            client_auth: role.as_ref().is_some_and(|r| r.spec.client_auth.is_some()),
            pagination,
            rate_group: self.rate_group(m.rate_limit.as_ref(), &path.key("rate_limit")),
        }
    }

    fn params(
        &mut self,
        method: &str,
        m: &spec::MethodSpec,
        in_template: &[&str],
        path: &KeyPath,
    ) -> Vec<Param> {
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
                self.error(
                    &pp.key("name"),
                    format!("parameter `{wire}` has no `in` (path, query or header)"),
                );
                continue;
            };
            if p.read_only || p.nullable {
                self.error(
                    &pp,
                    "`read_only` and `nullable` are for model fields, not parameters".into(),
                );
            }
            if !wire_seen.insert((location, wire.clone())) {
                self.error(
                    &pp.key("name"),
                    format!("parameter `{wire}` is listed twice"),
                );
                continue;
            }
            let inline = p
                .inline_enum
                .as_ref()
                .map(|_| inline_enum_name(method, &wire, p.enum_name.as_ref()));
            // Parameters have no `null`: one of a nullable type is just left out,
            // and the items of a list of a type defined nullable are plain items.
            let ty = self
                .value_type(p, inline, &pp)
                .map(|(t, _)| without_null_items(t));
            let constraints = self.constraints(p, ty.as_ref(), &pp);
            let constraints = self.with_alias_constraints(ty.as_ref(), constraints);
            let rust = self.param_rust_name(&wire, p.rust_name.as_deref(), &pp);
            if let Some(other) = rust_seen.insert(rust.clone(), wire.clone()) {
                self.error_help(
                    &pp.key("name"),
                    format!("parameters `{other}` and `{wire}` both become `{rust}`"),
                    "set `rust_name` on one of them".into(),
                );
            }
            let required = match location {
                ParamLocation::Path => {
                    if p.required == Some(false) {
                        self.error(
                            &pp.key("required"),
                            format!("path parameter `{wire}` cannot be optional"),
                        );
                    }
                    if !in_template.contains(&wire.as_str()) {
                        self.error_help(
                            &pp.key("name"),
                            format!(
                                "path parameter `{wire}` does not appear in the path `{}`",
                                m.path
                            ),
                            format!("add `{{{wire}}}` to the path, or make it a query parameter"),
                        );
                    }
                    true
                }
                _ => p.required.unwrap_or(false),
            };
            if location == ParamLocation::Header && !valid_header_name(&wire) {
                self.error(
                    &pp.key("name"),
                    format!("`{wire}` is not a valid header name"),
                );
            }
            let Some(ty) = ty else { continue };
            let style = self.query_style(p, location, &ty, &pp);
            let scalar = |t: &Type| {
                matches!(t, Type::Primitive(p) if *p != crate::ir::Primitive::Any)
                    || t.named_of(Kind::Enum).is_some()
                    || t.named_of(Kind::Alias).is_some()
            };
            let joined = style == QueryStyle::FormObjectJoined;
            if style == QueryStyle::FormObject || joined {
                if let Some(part) = self.form_nested_object(&ty, joined) {
                    let (form, holds) = if joined {
                        ("one comma-joined value", "a list or an object")
                    } else {
                        ("one pair per property", "an object")
                    };
                    self.error_help(
                        &pp.key("type"),
                        format!("query parameter `{wire}` sends `{}` as {form}, but {part} holds {holds}, which that form cannot send", p.ty),
                        "use `style: deepObject` (`name[a][b]=value`)".into(),
                    );
                }
            }
            let ok = match &ty {
                _ if matches!(
                    style,
                    QueryStyle::DeepObject | QueryStyle::FormObject | QueryStyle::FormObjectJoined
                ) =>
                {
                    true
                }
                Type::List(item) => scalar(item),
                other => scalar(other),
            };
            if !ok {
                let help = if location == ParamLocation::Query {
                    "an object goes in the query as one pair per property (no `style`), or with `style: deepObject`"
                } else {
                    "headers and paths carry text"
                };
                self.error_help(&pp.key("type"), format!("parameter `{wire}` must be a primitive, an enum or a list of those, not `{}`", p.ty), help.into());
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
                style,
            });
        }
        params
    }

    /// How a parameter goes on the wire, from its `style` and `explode`
    /// (OpenAPI's names and defaults for query parameters).
    fn query_style(
        &mut self,
        p: &spec::ValueSpec,
        location: ParamLocation,
        ty: &Type,
        path: &KeyPath,
    ) -> QueryStyle {
        if location != ParamLocation::Query {
            for (key, set) in [
                ("style", p.style.is_some()),
                ("explode", p.explode.is_some()),
            ] {
                if set {
                    self.error(&path.key(key), format!("`{key}` applies to query parameters; path parameters are one value and headers join lists with commas"));
                }
            }
            return QueryStyle::Repeated;
        }
        let style = p.style.unwrap_or(QueryStyleSpec::Form);
        // OpenAPI: `explode` defaults to true for `form` (and `deepObject`), false otherwise.
        let explode = p.explode.unwrap_or(matches!(
            style,
            QueryStyleSpec::Form | QueryStyleSpec::DeepObject
        ));
        match style {
            QueryStyleSpec::DeepObject => {
                if !explode {
                    self.error(
                        &path.key("explode"),
                        "`style: deepObject` needs `explode: true` (OpenAPI defines no other form)"
                            .into(),
                    );
                }
                if !object(ty) {
                    self.error_help(
                        &path.key("style"),
                        format!(
                            "`style: deepObject` sends an object, and `{}` is not one",
                            p.ty
                        ),
                        "give the parameter a model or `map<T>` type".into(),
                    );
                }
                QueryStyle::DeepObject
            }
            QueryStyleSpec::Form if object(ty) && explode => QueryStyle::FormObject,
            QueryStyleSpec::Form if object(ty) => QueryStyle::FormObjectJoined,
            _ if explode => QueryStyle::Repeated,
            QueryStyleSpec::Form => QueryStyle::Comma,
            QueryStyleSpec::PipeDelimited => QueryStyle::Pipe,
            QueryStyleSpec::SpaceDelimited => QueryStyle::Space,
        }
    }

    /// What part of an object sent in `form` style holds an object itself
    /// (or, `joined` with commas, any list), if one does: OpenAPI gives such
    /// a value no form. Values whose shape is only known at run time (`any`,
    /// unions) are checked by the runtime.
    fn form_nested_object(&self, ty: &Type, joined: bool) -> Option<String> {
        let holds = |t: &Type| holds_object(t, joined);
        match ty {
            Type::Map(value) => holds(value).then(|| "each entry".to_owned()),
            _ => {
                let model = self.model(ty.named_of(Kind::Model)?)?;
                if let Some(f) = model.fields.iter().find(|f| holds(&f.ty)) {
                    return Some(format!("field `{}`", f.wire_name));
                }
                model
                    .additional_properties
                    .as_ref()
                    .filter(|t| holds(t))
                    .map(|_| "each additional property".to_owned())
            }
        }
    }

    /// A parameter's Rust name. Derived names that the request builder uses
    /// itself get a suffix; a `rust_name` the maintainer chose is kept, and
    /// refused if it clashes.
    fn param_rust_name(&mut self, wire: &str, over: Option<&str>, path: &KeyPath) -> String {
        let rust = self.rust_name(wire, over, path);
        if over.is_none() {
            return names::avoid(rust, names::REQUEST_BUILDER, names::PARAM_SUFFIX);
        }
        if names::REQUEST_BUILDER.contains(&rust.as_str()) {
            self.error_help(
                &path.key("rust_name"),
                format!("`{rust}` is a name the request type uses itself"),
                format!(
                    "choose another `rust_name`, such as `{rust}{}`",
                    names::PARAM_SUFFIX
                ),
            );
        }
        rust
    }
}

/// Whether values of `ty` are objects, which a query sends as several pairs.
fn object(ty: &Type) -> bool {
    ty.named_of(Kind::Model).is_some() || matches!(ty, Type::Map(_))
}

/// `ty` with the `null` of list items taken out (`list<T?>` as `list<T>`).
fn without_null_items(ty: Type) -> Type {
    match ty {
        Type::List(item) => Type::List(Box::new(match *item {
            Type::Nullable(inner) => without_null_items(*inner),
            other => without_null_items(other),
        })),
        other => other,
    }
}

/// Whether a property of an object sent in `form` style holds what that style
/// cannot send: an object, a list of lists, or (`joined` with commas) any list.
fn holds_object(t: &Type, joined: bool) -> bool {
    match t {
        Type::Nullable(inner) => holds_object(inner, joined),
        Type::Map(_) => true,
        Type::List(item) => joined || holds_object(item, false) || matches!(**item, Type::List(_)),
        other => other.named_of(Kind::Model).is_some(),
    }
}
