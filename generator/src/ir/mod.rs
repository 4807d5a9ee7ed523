//! The intermediate representation: a spec with every reference resolved,
//! every name derived and every rule checked.
//!
//! Emission renders the IR and nothing else, so anything it needs to know (a
//! Rust name, whether a field is boxed, what a method returns, which model a
//! reference points at) is decided during lowering, once. Named types live in
//! one table, [`Api::types`], and every reference to them is a [`TypeRef`]
//! that carries the entry's id and kind. Each item keeps its wire name beside
//! its Rust name.

mod service;
mod types;

use serde::Serialize;

pub use service::*;
pub use types::*;

/// One API, ready to emit.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// Spec file the API came from, as shown in headers (`spec/x.yaml`).
    pub source: String,
    /// Human name.
    pub name: String,
    /// Crate name.
    pub crate_name: String,
    /// Crate version.
    pub version: String,
    /// Crate description.
    pub description: String,
    /// SPDX licence.
    pub license: String,
    /// Repository URL.
    pub repository: Option<String>,
    /// crates.io keywords.
    pub keywords: Vec<String>,
    /// crates.io categories.
    pub categories: Vec<String>,
    /// Servers; the first is the default.
    pub servers: Vec<Server>,
    /// The API's security schemes and default requirement.
    pub security: Security,
    /// Every named type, sorted by Rust name; a [`TypeId`] is a position here.
    pub types: Vec<TypeDef>,
    /// What generated code does with each entry of `types`, by position.
    pub usage: Vec<Usage>,
    /// Services sorted by Rust name.
    pub services: Vec<Service>,
    /// Distinct error body types declared by any method, sorted by name.
    pub error_models: Vec<ErrorModel>,
    /// How the client refreshes an expired token, when the API hands tokens out.
    pub token_refresh: Option<TokenRefresh>,
    /// The token flow's methods send the OAuth client id and secret (the client builder's `client_credentials`).
    pub client_auth: bool,
    /// Headers sent on every call unless the user replaces them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<ApiHeader>,
    /// The crate's per-service cargo features, when the spec asks for them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub features: Option<Features>,
    /// The API's rate-limit groups and budget headers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_limits: Option<RateLimits>,
    /// For each entry of `types`, the features any of which compiles it
    /// (empty: always compiled).
    #[serde(skip)]
    pub type_features: Vec<Vec<String>>,
}

/// Per-service cargo features.
#[derive(Debug, Clone, Serialize)]
pub struct Features {
    /// Every service feature, sorted.
    pub all: Vec<String>,
    /// Those on by default.
    pub default: Vec<String>,
}

/// The features that compile an item: `Some(set)` when any one of them
/// does (an empty set until a user is added), `None` when it is always
/// compiled.
pub type Gate = Option<std::collections::BTreeSet<String>>;

/// Widens `gate` to also compile the item when `other` compiles it: the
/// union of the sets, or always once either is always.
pub fn join_gate(gate: &mut Gate, other: &Gate) {
    match (gate.as_mut(), other) {
        (Some(set), Some(more)) => set.extend(more.iter().cloned()),
        (_, None) => *gate = None,
        (None, Some(_)) => {}
    }
}

/// The gate of a service: its feature, or always when it has none.
pub fn service_gate(s: &Service) -> Gate {
    s.feature.clone().map(|f| std::iter::once(f).collect())
}

/// A header the API expects on every call.
#[derive(Debug, Clone, Serialize)]
pub struct ApiHeader {
    /// Header name.
    pub name: String,
    /// Value sent by default.
    pub value: String,
    /// What it is for.
    pub doc: Option<String>,
}

impl Api {
    /// What generated code does with the type a reference points at.
    pub fn usage_of(&self, r: &TypeRef) -> Usage {
        self.usage[r.id.0]
    }

    /// Whether values of `ty` hold a type with a `Validate` impl.
    pub fn validates(&self, ty: &Type) -> bool {
        ty.refs().iter().any(|r| self.usage_of(r).validated)
    }

    /// Whether any type, parameter or body of the API uses `p` (the crates
    /// some primitives need are dependencies only of SDKs that use them).
    pub fn uses(&self, p: Primitive) -> bool {
        let mut tys: Vec<&Type> = Vec::new();
        for t in &self.types {
            match t {
                TypeDef::Model(m) => tys.extend(
                    m.fields
                        .iter()
                        .map(|f| &f.ty)
                        .chain(&m.additional_properties),
                ),
                TypeDef::Union(u) => tys.extend(u.members.iter().map(|m| &m.ty)),
                TypeDef::Alias(a) => tys.push(&a.ty),
                TypeDef::Enum(_) => {}
            }
        }
        for m in self.services.iter().flat_map(|s| &s.methods) {
            tys.extend(m.params.iter().map(|p| &p.ty));
            tys.extend(m.body.iter().filter_map(|b| b.ty.as_ref()));
            tys.extend(m.responses.iter().filter_map(|r| r.ty.as_ref()));
            tys.extend(m.output.iter().flat_map(|o| &o.headers).map(|h| &h.ty));
        }
        fn holds(ty: &Type, p: Primitive) -> bool {
            match ty {
                Type::Primitive(q) => *q == p,
                Type::List(t) | Type::Map(t) | Type::Nullable(t) => holds(t, p),
                Type::Named(_) => false,
            }
        }
        tys.into_iter().any(|t| holds(t, p))
    }

    /// Whether values of `ty` are text, looking through aliases (setters
    /// and constructors then take `impl Into<String>`).
    pub fn is_text(&self, ty: &Type) -> bool {
        match ty {
            Type::Named(r) => matches!(self.def(r), TypeDef::Alias(a) if a.ty.is_text()),
            t => t.is_text(),
        }
    }

    /// Whether values of `ty` are integers, looking through aliases.
    pub fn is_integer(&self, ty: &Type) -> bool {
        self.integer_of(ty).is_some()
    }

    /// The integer primitive `ty` is, looking through aliases (`None` for
    /// any other type), so checks can use that integer's own bounds.
    pub fn integer_of(&self, ty: &Type) -> Option<Primitive> {
        let integer = |t: &Type| match t {
            Type::Primitive(p) if p.is_integer() => Some(*p),
            _ => None,
        };
        match ty {
            Type::Named(r) => match self.def(r) {
                TypeDef::Alias(a) => integer(&a.ty),
                _ => None,
            },
            t => integer(t),
        }
    }

    /// The table entry a reference points at.
    pub fn def(&self, r: &TypeRef) -> &TypeDef {
        &self.types[r.id.0]
    }

    /// The model a reference points at, if it is one.
    pub fn model(&self, r: &TypeRef) -> Option<&Model> {
        match self.def(r) {
            TypeDef::Model(m) => Some(m),
            _ => None,
        }
    }

    /// Every model, by name.
    pub fn models(&self) -> impl Iterator<Item = &Model> {
        self.types.iter().filter_map(|t| match t {
            TypeDef::Model(m) => Some(m),
            _ => None,
        })
    }

    /// Every enum, by name.
    pub fn enums(&self) -> impl Iterator<Item = &Enum> {
        self.types.iter().filter_map(|t| match t {
            TypeDef::Enum(e) => Some(e),
            _ => None,
        })
    }

    /// Every union, by name.
    pub fn unions(&self) -> impl Iterator<Item = &Union> {
        self.types.iter().filter_map(|t| match t {
            TypeDef::Union(u) => Some(u),
            _ => None,
        })
    }

    /// Every alias, by name.
    pub fn aliases(&self) -> impl Iterator<Item = &Alias> {
        self.types.iter().filter_map(|t| match t {
            TypeDef::Alias(a) => Some(a),
            _ => None,
        })
    }

    /// Every method with its service, in output order.
    pub fn methods(&self) -> impl Iterator<Item = (&Service, &Method)> {
        self.services
            .iter()
            .flat_map(|s| s.methods.iter().map(move |m| (s, m)))
    }
}

/// A server (environment).
#[derive(Debug, Clone, Serialize)]
pub struct Server {
    /// Name in the spec.
    pub name: String,
    /// Variant name in the generated `Environment` enum.
    pub rust_name: String,
    /// URL template.
    pub url: String,
    /// Description.
    pub description: Option<String>,
    /// URL variables.
    pub variables: Vec<ServerVariable>,
}

/// A server URL variable.
#[derive(Debug, Clone, Serialize)]
pub struct ServerVariable {
    /// Placeholder name.
    pub name: String,
    /// Name of its setter on the client builder.
    pub rust_name: String,
    /// Default value.
    pub default: String,
    /// Description.
    pub description: Option<String>,
    /// Allowed values (empty: any).
    pub allowed: Vec<String>,
}

/// The API's security schemes and the requirement calls meet unless their
/// method states another.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Security {
    /// The schemes, in spec order.
    pub schemes: Vec<SecurityScheme>,
    /// Alternatives of scheme names sent together, the first met is sent;
    /// empty: calls send no credentials.
    pub require: Vec<Vec<String>>,
}

impl Security {
    /// The scheme named `name`.
    pub fn scheme(&self, name: &str) -> Option<&SecurityScheme> {
        self.schemes.iter().find(|s| s.name == name)
    }

    /// Every client builder method the schemes add.
    pub fn setters(&self) -> impl Iterator<Item = String> + '_ {
        self.schemes.iter().flat_map(|s| {
            [
                Some(s.setter.clone()),
                s.client_credentials_setter(),
                s.refresh_token_setter(),
            ]
            .into_iter()
            .flatten()
        })
    }
}

/// One security scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecurityScheme {
    /// Its name in the spec, which `ClientBuilder::credential` takes.
    pub name: String,
    /// The client builder method that sets its credentials.
    pub setter: String,
    /// What it sends.
    pub kind: SchemeKind,
    /// Tokens of the API's own sign-in (its token flow) count as its credentials.
    pub signs_in: bool,
    /// What it is, from the spec.
    pub description: Option<String>,
}

impl SecurityScheme {
    /// The builder method that sets an OAuth 2 client id and secret, when the scheme fetches tokens with them.
    pub fn client_credentials_setter(&self) -> Option<String> {
        matches!(
            &self.kind,
            SchemeKind::OAuth2 {
                token_url: Some(_),
                client_credentials: true,
                ..
            }
        )
        .then(|| format!("{}{}", self.setter, crate::names::CLIENT_CREDENTIALS_SUFFIX))
    }

    /// The builder method that sets an OAuth 2 refresh token, when the scheme can trade one.
    pub fn refresh_token_setter(&self) -> Option<String> {
        matches!(
            &self.kind,
            SchemeKind::OAuth2 {
                token_url: Some(_),
                refresh: true,
                ..
            }
        )
        .then(|| format!("{}{}", self.setter, crate::names::REFRESH_TOKEN_SUFFIX))
    }
}

/// What a scheme sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SchemeKind {
    /// HTTP basic.
    Basic,
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// A key in a header, query parameter or cookie.
    ApiKey {
        /// Where it goes.
        place: KeyPlace,
        /// The header, parameter or cookie name.
        name: String,
    },
    /// OAuth 2: a bearer access token, handed in or fetched.
    OAuth2 {
        /// Where tokens are fetched.
        token_url: Option<String>,
        /// The API offers the client-credentials grant.
        client_credentials: bool,
        /// The API hands out refresh tokens (authorization code, password flows).
        refresh: bool,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyPlace {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// The API's rate-limit groups and the headers its server reports its budget in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RateLimits {
    /// Groups in spec order.
    pub groups: Vec<RateGroup>,
    /// Header reporting the requests a window allows.
    pub limit_header: Option<String>,
    /// Header reporting the requests left in the window.
    pub remaining_header: Option<String>,
    /// Header reporting the window's length in seconds.
    pub window_header: Option<String>,
}

/// One rate-limit group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RateGroup {
    /// Its name in the spec.
    pub name: String,
    /// Requests per window, when documented.
    pub requests: Option<u32>,
    /// The window in seconds.
    pub per_seconds: u64,
    /// What it is.
    pub description: Option<String>,
}
