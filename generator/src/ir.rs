//! The intermediate representation: a spec with every reference resolved,
//! every name derived and every rule checked.
//!
//! Templates render the IR and nothing else, so anything a template needs to
//! know (a Rust name, whether a field is boxed, what a method returns) is
//! decided here, once. Each item keeps its wire name beside its Rust name.

use serde::Serialize;

use crate::spec::ParamLocation;

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
    /// Authentication.
    pub auth: Auth,
    /// Models sorted by Rust name.
    pub models: Vec<Model>,
    /// Enums (named and inline) sorted by Rust name.
    pub enums: Vec<Enum>,
    /// Unions sorted by Rust name.
    pub unions: Vec<Union>,
    /// Aliases sorted by Rust name.
    pub aliases: Vec<Alias>,
    /// Services sorted by Rust name.
    pub services: Vec<Service>,
    /// Distinct error body types declared by any method, sorted.
    pub error_models: Vec<String>,
    /// How the client refreshes an expired token, when the API hands tokens out.
    pub token_refresh: Option<TokenRefresh>,
}

impl Api {
    /// `service().method()` spellings of the sign-in and refresh methods, when the API hands out tokens.
    pub fn token_flow_methods(&self) -> Option<(String, String)> {
        let find = |pick: &dyn Fn(&Method) -> bool| {
            self.services.iter().find_map(|s| s.methods.iter().find(|m| pick(m)).map(|m| format!("client.{}().{}(…)", s.accessor, m.rust_name)))
        };
        let refresh = self.token_refresh.as_ref()?;
        let sign_in = find(&|m: &Method| m.stores_tokens.is_some() && m.rust_name != refresh.method)?;
        let refresh = find(&|m: &Method| m.rust_name == refresh.method)?;
        Some((sign_in, refresh))
    }
}

/// The call that trades a refresh token for new tokens.
#[derive(Debug, Clone, Serialize)]
pub struct TokenRefresh {
    /// Rust type of the service holding the refresh method.
    pub service: String,
    /// Rust name of the refresh method.
    pub method: String,
    /// Rust type of its body.
    pub body_type: String,
    /// Body fields: Rust name, and whether it is the one carrying the refresh token.
    pub body_fields: Vec<(String, bool)>,
    /// Whether the refresh-token body field is `Option`.
    pub body_field_optional: bool,
}

/// Where a token response keeps its tokens.
#[derive(Debug, Clone, Serialize)]
pub struct TokenFields {
    /// Rust field of the access token.
    pub access: String,
    /// Whether it is `Option`.
    pub access_optional: bool,
    /// Rust field of the refresh token, and whether it is `Option`.
    pub refresh: Option<(String, bool)>,
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

/// Authentication scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Auth {
    /// No credentials.
    None,
    /// Bearer token.
    Bearer,
    /// API key in a header.
    ApiKey {
        /// Header name.
        header: String,
    },
    /// HTTP basic.
    Basic,
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum Type {
    /// `String`.
    String,
    /// `i32`.
    Int32,
    /// `i64`.
    Int64,
    /// `f64`.
    Double,
    /// `bool`.
    Boolean,
    /// RFC 3339 timestamp.
    DateTime,
    /// Calendar date.
    Date,
    /// URI string.
    Uri,
    /// E-mail string.
    Email,
    /// Any JSON value.
    Any,
    /// Array.
    List(Box<Type>),
    /// Object with arbitrary keys.
    Map(Box<Type>),
    /// A model, enum or union, by Rust name.
    Named(String),
}

impl Type {
    /// Rust spelling; named types are prefixed with `qualifier::` when given.
    pub fn rust(&self, qualifier: Option<&str>) -> String {
        match self {
            Type::String | Type::Uri | Type::Email => "String".into(),
            Type::Int32 => "i32".into(),
            Type::Int64 => "i64".into(),
            Type::Double => "f64".into(),
            Type::Boolean => "bool".into(),
            Type::DateTime => "chrono::DateTime<chrono::FixedOffset>".into(),
            Type::Date => "chrono::NaiveDate".into(),
            Type::Any => "serde_json::Value".into(),
            Type::List(t) => format!("Vec<{}>", t.rust(qualifier)),
            Type::Map(t) => format!("std::collections::BTreeMap<String, {}>", t.rust(qualifier)),
            Type::Named(n) => match qualifier {
                Some(q) => format!("{q}::{n}"),
                None => n.clone(),
            },
        }
    }

    /// Named types this type mentions.
    pub fn named(&self) -> Vec<&str> {
        match self {
            Type::List(t) | Type::Map(t) => t.named(),
            Type::Named(n) => vec![n.as_str()],
            _ => Vec::new(),
        }
    }

    /// Whether the type is `Copy` in Rust (passed by value in setters).
    pub fn is_copy(&self) -> bool {
        matches!(self, Type::Int32 | Type::Int64 | Type::Double | Type::Boolean)
    }

    /// Whether values of this type are text (so setters take `impl Into<String>`).
    pub fn is_text(&self) -> bool {
        matches!(self, Type::String | Type::Uri | Type::Email)
    }
}

/// Checks that can run before a request is sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Constraints {
    /// Inclusive minimum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    /// Inclusive maximum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    /// Minimum length in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Maximum length in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Regex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Minimum items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// Maximum items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
}

impl Constraints {
    /// Whether no constraint is set.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// An object type.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    /// Rust type name.
    pub name: String,
    /// Name in the spec.
    pub spec_name: String,
    /// Module (file) name.
    pub module: String,
    /// Description.
    pub doc: Option<String>,
    /// Fields in wire order, inherited (`all_of`) ones first.
    pub fields: Vec<Field>,
    /// Value type of undeclared keys that are kept.
    pub additional_properties: Option<Type>,
}

impl Model {
    /// Whether every field may be absent, so the model can derive `Default`.
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(|f| !f.required)
    }
}

/// A model field.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Name on the wire.
    pub wire_name: String,
    /// Rust field name.
    pub rust_name: String,
    /// Type (without `Option`).
    pub ty: Type,
    /// Must be present.
    pub required: bool,
    /// `null` allowed.
    pub nullable: bool,
    /// Response-only.
    pub read_only: bool,
    /// Deprecated.
    pub deprecated: bool,
    /// Server default.
    pub default: Option<serde_json::Value>,
    /// Realistic value.
    pub example: Option<serde_json::Value>,
    /// Constraints.
    pub constraints: Constraints,
    /// Closes a reference cycle, so it is stored in a `Box`.
    pub boxed: bool,
    /// Description.
    pub doc: Option<String>,
    /// Model this field was merged from through `all_of`.
    pub inherited_from: Option<String>,
}

impl Field {
    /// Whether the Rust field is an `Option`: the key may be absent, or `null`.
    pub fn is_option(&self) -> bool {
        !self.required || self.nullable
    }
}

/// A string enum.
#[derive(Debug, Clone, Serialize)]
pub struct Enum {
    /// Rust type name.
    pub name: String,
    /// Module (file) name.
    pub module: String,
    /// Description.
    pub doc: Option<String>,
    /// For inline enums: where the enum was written (`Model.field`).
    pub inline_in: Option<String>,
    /// Variants in spec order.
    pub variants: Vec<Variant>,
}

/// An enum value.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// Value on the wire.
    pub wire: String,
    /// Rust variant name.
    pub rust_name: String,
    /// Description.
    pub doc: Option<String>,
}

/// An untagged union.
#[derive(Debug, Clone, Serialize)]
pub struct Union {
    /// Rust type name.
    pub name: String,
    /// Module (file) name.
    pub module: String,
    /// Description.
    pub doc: Option<String>,
    /// Members in decode order.
    pub members: Vec<UnionMember>,
}

/// One member of a union.
#[derive(Debug, Clone, Serialize)]
pub struct UnionMember {
    /// Variant name.
    pub rust_name: String,
    /// Member type.
    pub ty: Type,
    /// Closes a reference cycle, so it is stored in a `Box`.
    pub boxed: bool,
}

/// A named primitive type, such as an E.164 phone number string.
#[derive(Debug, Clone, Serialize)]
pub struct Alias {
    /// Rust type name.
    pub name: String,
    /// Module (file) name.
    pub module: String,
    /// Description.
    pub doc: Option<String>,
    /// The type it stands for.
    pub ty: Type,
    /// Constraints every use of the alias carries.
    pub constraints: Constraints,
    /// Realistic value.
    pub example: Option<serde_json::Value>,
}

/// A group of methods.
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    /// Name in the spec.
    pub name: String,
    /// Rust type name (`DevicesService`).
    pub rust_name: String,
    /// Accessor on the client and module name (`devices`).
    pub accessor: String,
    /// Description.
    pub doc: Option<String>,
    /// Methods sorted by Rust name.
    pub methods: Vec<Method>,
}

/// One operation.
#[derive(Debug, Clone, Serialize)]
pub struct Method {
    /// Rust method name.
    pub rust_name: String,
    /// Request builder type name.
    pub builder_name: String,
    /// The API's operation id.
    pub operation_id: String,
    /// Short title.
    pub summary: Option<String>,
    /// Description.
    pub doc: Option<String>,
    /// HTTP method, upper case.
    pub http_method: String,
    /// Path template as written.
    pub path: String,
    /// The path split into literal text and parameters.
    pub path_parts: Vec<PathPart>,
    /// Parameters in spec order.
    pub params: Vec<Param>,
    /// Request body.
    pub body: Option<Body>,
    /// Success statuses.
    pub responses: Vec<Response>,
    /// Declared error statuses.
    pub errors: Vec<ErrorResponse>,
    /// What the method returns.
    pub returns: Returns,
    /// Whether the API's credentials are sent.
    pub authenticated: bool,
    /// Safe to retry although the HTTP method is not idempotent.
    pub retry_safe: bool,
    /// The response carries tokens the client keeps (sign-in, refresh).
    pub stores_tokens: Option<TokenFields>,
    /// How to walk all pages of the result.
    pub pagination: Option<Pagination>,
}

/// Page-number pagination of a list method.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// Type of one item.
    pub item: Type,
    /// Response field holding the items, and whether it is `Option`.
    pub items_field: (String, bool),
    /// Rust name of the page-number parameter, and its type.
    pub page_param: (String, Type),
    /// Response fields leading to the value that is present while more pages follow: (Rust name, is `Option`).
    pub has_more: Vec<(String, bool)>,
}

/// Part of a path template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PathPart {
    /// Literal text.
    Literal(String),
    /// A parameter, by wire name.
    Param(String),
}

/// A method parameter.
#[derive(Debug, Clone, Serialize)]
pub struct Param {
    /// Wire name.
    pub wire_name: String,
    /// Rust name.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Type.
    pub ty: Type,
    /// Required.
    pub required: bool,
    /// Server default.
    pub default: Option<serde_json::Value>,
    /// Realistic value.
    pub example: Option<serde_json::Value>,
    /// Constraints.
    pub constraints: Constraints,
    /// Description.
    pub doc: Option<String>,
}

/// A request body.
#[derive(Debug, Clone, Serialize)]
pub struct Body {
    /// Type.
    pub ty: Type,
    /// Required.
    pub required: bool,
    /// Description.
    pub doc: Option<String>,
}

/// A success response.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Body type, if any.
    pub ty: Option<Type>,
}

/// A declared error response.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorResponse {
    /// Which statuses the entry covers.
    pub status: ErrorStatus,
    /// Body type.
    pub ty: Option<Type>,
}

/// The statuses an error entry covers; the most specific entry wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum ErrorStatus {
    /// One status code.
    Code(u16),
    /// A class: `4` for `4XX`, `5` for `5XX`.
    Class(u16),
    /// Every error status not covered otherwise.
    Default,
}

/// What a method returns on success.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "type", rename_all = "snake_case")]
pub enum Returns {
    /// No body: `()`.
    Unit,
    /// Always a body.
    Body(Type),
    /// A body on some statuses, none on others: `Option<T>`.
    OptionalBody(Type),
}
