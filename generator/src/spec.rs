//! The YAML spec format, exactly as written by maintainers (see `spec/README.md`).
//!
//! These types mirror the file one to one and reject unknown keys, so a typo is
//! an error instead of a silently ignored setting. Nothing here resolves names
//! or checks meaning: that is the job of [`crate::ir`].

use std::collections::BTreeMap;

use serde::Deserialize;

mod services;
pub use services::*;

/// A map that keeps the order keys were written in; order matters for fields.
pub type Ordered<V> = Vec<(String, V)>;

/// One spec file.
#[derive(Debug, Deserialize)]
pub struct SpecFile {
    /// Crate metadata, servers and authentication.
    pub api: ApiSection,
    /// Objects keyed by type name.
    #[serde(default, deserialize_with = "ordered")]
    pub models: Ordered<ModelSpec>,
    /// String enums keyed by type name.
    #[serde(default, deserialize_with = "ordered")]
    pub enums: Ordered<EnumSpec>,
    /// Untagged unions keyed by type name.
    #[serde(default, deserialize_with = "ordered")]
    pub unions: Ordered<UnionSpec>,
    /// Named primitive types (a string with a pattern, say) keyed by type name.
    #[serde(default, deserialize_with = "ordered")]
    pub aliases: Ordered<ValueSpec>,
    /// Services keyed by name.
    #[serde(default, deserialize_with = "ordered")]
    pub services: Ordered<ServiceSpec>,
}

/// One file of a spec written as a directory, beside `api.yaml`: any of
/// the type sections and services, never the `api` section.
#[derive(Debug, Deserialize)]
pub struct SpecPart {
    /// Read only to refuse it: the `api` section belongs in `api.yaml`.
    #[serde(default)]
    pub api: Option<serde_yaml::Value>,
    /// Objects keyed by type name.
    #[serde(default, deserialize_with = "ordered")]
    pub models: Ordered<ModelSpec>,
    /// String enums keyed by type name.
    #[serde(default, deserialize_with = "ordered")]
    pub enums: Ordered<EnumSpec>,
    /// Unions keyed by type name.
    #[serde(default, deserialize_with = "ordered")]
    pub unions: Ordered<UnionSpec>,
    /// Named primitive types keyed by type name.
    #[serde(default, deserialize_with = "ordered")]
    pub aliases: Ordered<ValueSpec>,
    /// Services keyed by name.
    #[serde(default, deserialize_with = "ordered")]
    pub services: Ordered<ServiceSpec>,
}

/// The `api` section.
#[derive(Debug, Deserialize)]
pub struct ApiSection {
    /// Human name of the API.
    pub name: String,
    /// Crate name.
    #[serde(rename = "crate")]
    pub crate_name: String,
    /// Crate version.
    pub version: String,
    /// Crate description.
    pub description: String,
    /// SPDX licence expression of the generated crate.
    pub license: String,
    /// Repository URL.
    #[serde(default)]
    pub repository: Option<String>,
    /// crates.io keywords.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// crates.io categories.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Servers; the first is the default.
    pub servers: Vec<ServerSpec>,
    /// Authentication scheme.
    #[serde(default)]
    pub auth: Option<AuthSpec>,
    /// Headers sent on every call.
    #[serde(default)]
    pub headers: Vec<ApiHeaderSpec>,
    /// Each service behind a cargo feature of its own.
    #[serde(default)]
    pub features: Option<FeaturesSpec>,
    /// The API's rate-limit groups, which methods name.
    #[serde(default)]
    pub rate_limits: Option<RateLimitsSpec>,
}

/// `api.rate_limits`: budgets of requests per window, by group.
#[derive(Debug, Deserialize)]
pub struct RateLimitsSpec {
    /// Groups by name; a group without `requests` has a budget only the server's headers tell.
    #[serde(default, deserialize_with = "ordered")]
    pub groups: Ordered<RateGroupSpec>,
    /// Response headers the server reports its budget in.
    #[serde(default)]
    pub headers: Option<RateHeadersSpec>,
}

/// One rate-limit group.
#[derive(Debug, Default, Deserialize)]
pub struct RateGroupSpec {
    /// Requests allowed per window.
    #[serde(default)]
    pub requests: Option<u32>,
    /// The window's length in seconds (default 60).
    #[serde(default)]
    pub per_seconds: Option<u64>,
    /// What the group is, for the README.
    #[serde(default)]
    pub description: Option<String>,
}

/// The response headers an API reports its rate-limit budget in.
#[derive(Debug, Deserialize)]
pub struct RateHeadersSpec {
    /// How many requests the window allows.
    #[serde(default)]
    pub limit: Option<String>,
    /// How many are left in the current window.
    #[serde(default)]
    pub remaining: Option<String>,
    /// The window's length in seconds.
    #[serde(default)]
    pub window: Option<String>,
}

/// `api.features`: every service behind a cargo feature, so a program
/// compiles only the services it uses.
#[derive(Debug, Deserialize)]
pub struct FeaturesSpec {
    /// Services (by spec name) whose features are on by default.
    #[serde(default)]
    pub default: Vec<String>,
}

/// A header the API expects on every call (a version, a vendor media type).
#[derive(Debug, Deserialize)]
pub struct ApiHeaderSpec {
    /// Header name.
    pub name: String,
    /// The value sent unless the user sets another.
    pub default: String,
    /// What it is for.
    #[serde(default)]
    pub description: Option<String>,
}

/// One server entry.
#[derive(Debug, Deserialize)]
pub struct ServerSpec {
    /// Environment name.
    pub name: String,
    /// URL, possibly with `{variable}` placeholders.
    pub url: String,
    /// What the server is for.
    #[serde(default)]
    pub description: Option<String>,
    /// Placeholder values.
    #[serde(default, deserialize_with = "ordered")]
    pub variables: Ordered<ServerVariableSpec>,
}

/// A server URL variable.
#[derive(Debug, Deserialize)]
pub struct ServerVariableSpec {
    /// Value used when the user sets none.
    pub default: Scalar,
    /// What the variable means.
    #[serde(default)]
    pub description: Option<String>,
    /// Allowed values, if restricted.
    #[serde(default, rename = "enum")]
    pub allowed: Option<Vec<Scalar>>,
}

/// Authentication: the API's named security schemes and the requirement
/// calls meet unless their method states another; or, the older form, one
/// scheme (`type`, with `header` or `token_flow`).
///
/// One struct rather than an enum tagged by `type`: serde reads a tagged
/// enum through a buffer, which would hide unknown keys inside `auth` from
/// [`crate::parse`]. Which keys go with which scheme is checked in lowering.
#[derive(Debug, Deserialize)]
pub struct AuthSpec {
    /// The one scheme of the older form.
    #[serde(rename = "type", default)]
    pub kind: Option<AuthKind>,
    /// How the API hands out and refreshes bearer tokens, if it does (`bearer` only).
    #[serde(default)]
    pub token_flow: Option<TokenFlowSpec>,
    /// Header carrying the key (`api_key` only).
    #[serde(default)]
    pub header: Option<String>,
    /// The API's security schemes, by name.
    #[serde(default, deserialize_with = "ordered")]
    pub schemes: Ordered<SchemeSpec>,
    /// The alternatives calls send, the first the client has credentials
    /// for (default: each scheme alone, in order).
    #[serde(default)]
    pub require: Option<Vec<AlternativeSpec>>,
}

/// The older form's one scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthKind {
    /// `Authorization: Bearer <token>`, optionally obtained and refreshed by methods of the API.
    Bearer,
    /// A header carrying a key.
    ApiKey,
    /// HTTP basic authentication.
    Basic,
    /// No authentication.
    None,
}

/// One named security scheme.
#[derive(Debug, Deserialize)]
pub struct SchemeSpec {
    /// The kind of scheme.
    #[serde(rename = "type")]
    pub kind: SchemeKindSpec,
    /// Where an API key goes (default `header`).
    #[serde(rename = "in", default)]
    pub place: Option<PlaceSpec>,
    /// The header, query parameter or cookie carrying an API key.
    #[serde(default)]
    pub name: Option<String>,
    /// Where an OAuth 2 scheme fetches tokens: absolute, or relative to the base URL.
    #[serde(default)]
    pub token_url: Option<String>,
    /// The OAuth 2 flows the API offers.
    #[serde(default)]
    pub flows: Vec<FlowSpec>,
    /// Methods of the API that sign in and refresh (bearer and OAuth 2 schemes).
    #[serde(default)]
    pub token_flow: Option<TokenFlowSpec>,
    /// What the scheme is, for the builder setter's documentation.
    #[serde(default)]
    pub description: Option<String>,
    /// The client builder setter's name (default: the scheme name in snake case).
    #[serde(default)]
    pub rust_name: Option<String>,
}

/// The kind of a named scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchemeKindSpec {
    /// HTTP basic authentication.
    Basic,
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// A key in a header, query parameter or cookie.
    ApiKey,
    /// OAuth 2: a bearer access token, handed in or fetched from `token_url`.
    Oauth2,
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceSpec {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// An OAuth 2 flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowSpec {
    /// The client's own id and secret buy tokens (`client_credentials`).
    ClientCredentials,
    /// A user signs in in a browser; the app holds a refresh token.
    AuthorizationCode,
    /// A user's name and password buy tokens.
    Password,
    /// The browser receives the token directly.
    Implicit,
}

/// One alternative of a requirement: a scheme, or schemes sent together.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum AlternativeSpec {
    /// One scheme.
    One(String),
    /// Schemes sent together (empty: no credentials).
    All(Vec<String>),
}

impl AlternativeSpec {
    /// The scheme names of the alternative.
    pub fn schemes(&self) -> Vec<String> {
        match self {
            AlternativeSpec::One(s) => vec![s.clone()],
            AlternativeSpec::All(all) => all.clone(),
        }
    }
}

/// Methods of the API that sign in and refresh a bearer token.
#[derive(Debug, Deserialize)]
pub struct TokenFlowSpec {
    /// `Service.method` whose response carries the tokens.
    pub sign_in: String,
    /// `Service.method` that trades a refresh token for new tokens.
    pub refresh: String,
    /// Response field holding the access token.
    pub access_token_field: String,
    /// Response field holding the refresh token.
    pub refresh_token_field: String,
    /// Body field of the refresh method that carries the refresh token.
    pub refresh_body_field: String,
    /// `Service.method` that revokes the tokens; the client forgets them once it succeeds.
    #[serde(default)]
    pub sign_out: Option<String>,
    /// Token response field holding the access token's lifetime in seconds (OAuth's `expires_in`).
    #[serde(default)]
    pub expires_in_field: Option<String>,
    /// How the flow's methods authenticate the OAuth client itself.
    #[serde(default)]
    pub client_auth: Option<ClientAuthSpec>,
}

/// How the token flow's methods authenticate the OAuth client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientAuthSpec {
    /// The client id and secret as HTTP basic (`client_secret_basic`).
    Basic,
}

/// A YAML scalar as written (defaults, examples, enum values).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string.
    Str(String),
}

impl Scalar {
    /// The scalar as it reads in YAML.
    pub fn as_text(&self) -> String {
        match self {
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Str(s) => s.clone(),
        }
    }
}

/// A model (object).
#[derive(Debug, Deserialize)]
pub struct ModelSpec {
    /// Doc text.
    #[serde(default)]
    pub description: Option<String>,
    /// Models whose fields come first.
    #[serde(default)]
    pub all_of: Vec<String>,
    /// Keep undeclared keys, with values of this type.
    #[serde(default)]
    pub additional_properties: Option<String>,
    /// Fields keyed by wire name.
    #[serde(default, deserialize_with = "ordered")]
    pub fields: Ordered<ValueSpec>,
    /// Every use of the model may be `null`.
    #[serde(default)]
    pub nullable: bool,
}

/// A model field or a method parameter: both describe one named value.
///
/// One struct serves both so the keys they share are spelled once; the keys
/// that only make sense in one place (`name` and `in` for parameters) are
/// checked during lowering, with a located error.
#[derive(Debug, Deserialize)]
pub struct ValueSpec {
    /// Wire name (parameters only; a field's wire name is its key).
    #[serde(default)]
    pub name: Option<String>,
    /// Location (parameters only).
    #[serde(default, rename = "in")]
    pub location: Option<ParamLocation>,
    /// How a query parameter's list or object is written (query parameters only).
    #[serde(default)]
    pub style: Option<QueryStyleSpec>,
    /// Whether a list repeats its key (`true`, the default) or is joined under one (query parameters only).
    #[serde(default)]
    pub explode: Option<bool>,
    /// Type expression.
    #[serde(rename = "type")]
    pub ty: String,
    /// Doc text.
    #[serde(default)]
    pub description: Option<String>,
    /// Must be present on the wire.
    #[serde(default)]
    pub required: Option<bool>,
    /// `null` is a valid value.
    #[serde(default)]
    pub nullable: bool,
    /// Only in responses.
    #[serde(default)]
    pub read_only: bool,
    /// Deprecated by the API.
    #[serde(default)]
    pub deprecated: bool,
    /// Server default.
    #[serde(default)]
    pub default: Option<serde_yaml::Value>,
    /// Realistic value.
    #[serde(default)]
    pub example: Option<serde_yaml::Value>,
    /// Inline enum values.
    #[serde(default, rename = "enum")]
    pub inline_enum: Option<Vec<EnumValueSpec>>,
    /// Name of the inline enum.
    #[serde(default)]
    pub enum_name: Option<String>,
    /// Rust name override.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// Inclusive lower bound.
    #[serde(default)]
    pub minimum: Option<f64>,
    /// Inclusive upper bound.
    #[serde(default)]
    pub maximum: Option<f64>,
    /// Minimum string length in characters.
    #[serde(default)]
    pub min_length: Option<u64>,
    /// Maximum string length in characters.
    #[serde(default)]
    pub max_length: Option<u64>,
    /// Regular expression a string must match.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Minimum list length.
    #[serde(default)]
    pub min_items: Option<u64>,
    /// Maximum list length.
    #[serde(default)]
    pub max_items: Option<u64>,
}

/// An enum.
#[derive(Debug, Deserialize)]
pub struct EnumSpec {
    /// Doc text.
    #[serde(default)]
    pub description: Option<String>,
    /// Wire values in order.
    pub values: Vec<EnumValueSpec>,
    /// Every use of the enum may be `null`.
    #[serde(default)]
    pub nullable: bool,
}

/// One enum value: a bare scalar or a map with more detail.
#[derive(Debug, Clone)]
pub enum EnumValueSpec {
    /// `- Host`
    Plain(Scalar),
    /// `- value: Host` with a description or Rust name.
    Detailed(EnumValueDetail),
}

impl<'de> Deserialize<'de> for EnumValueSpec {
    /// Scalars are plain values and maps detailed ones. Written by hand
    /// because `#[serde(untagged)]` reads through a buffer, which would hide
    /// unknown keys of a detailed value from [`crate::parse`].
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = EnumValueSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an enum value, or a map with `value` and `description` or `rust_name`")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(EnumValueSpec::Plain(Scalar::Bool(v)))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(EnumValueSpec::Plain(Scalar::Int(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(EnumValueSpec::Plain(
                    i64::try_from(v)
                        .map(Scalar::Int)
                        .unwrap_or(Scalar::Float(v as f64)),
                ))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(EnumValueSpec::Plain(Scalar::Float(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(EnumValueSpec::Plain(Scalar::Str(v.to_owned())))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                EnumValueDetail::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(EnumValueSpec::Detailed)
            }
        }
        de.deserialize_any(Visit)
    }
}

/// An enum value with details.
#[derive(Debug, Clone, Deserialize)]
pub struct EnumValueDetail {
    /// Wire value.
    pub value: Scalar,
    /// Doc text.
    #[serde(default)]
    pub description: Option<String>,
    /// Variant name override.
    #[serde(default)]
    pub rust_name: Option<String>,
}

/// A union.
#[derive(Debug, Deserialize)]
pub struct UnionSpec {
    /// Doc text.
    #[serde(default)]
    pub description: Option<String>,
    /// Member type expressions.
    pub one_of: Vec<String>,
    /// The property whose value names the member.
    #[serde(default)]
    pub discriminator: Option<DiscriminatorSpec>,
    /// Every use of the union may be `null`.
    #[serde(default)]
    pub nullable: bool,
}

/// A union's discriminator: a property of every member, and which of its
/// values selects which member.
#[derive(Debug, Deserialize)]
pub struct DiscriminatorSpec {
    /// Wire name of the property.
    pub property: String,
    /// Property value → member type name; a member not listed is selected
    /// by its own type name, as in OpenAPI.
    #[serde(default, deserialize_with = "ordered")]
    pub mapping: Ordered<String>,
    /// Property value → Rust name of its variant, where the one derived from
    /// the value reads badly (`urn:ietf:params:oauth:grant-type:jwt-bearer`).
    #[serde(default, deserialize_with = "ordered")]
    pub rust_names: Ordered<String>,
}

fn yes() -> bool {
    true
}

/// Reads a YAML mapping keeping its order, rejecting duplicate keys.
fn ordered<'de, D, V>(de: D) -> Result<Ordered<V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Visit<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visit<V> {
        type Value = Ordered<V>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a mapping")
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out: Ordered<V> = Vec::new();
            let mut seen = BTreeMap::new();
            while let Some(key) = map.next_key::<KeyText>()? {
                let value = map.next_value()?;
                if seen.insert(key.0.clone(), ()).is_some() {
                    return Err(serde::de::Error::custom(format_args!(
                        "duplicate key `{}`",
                        key.0
                    )));
                }
                out.push((key.0, value));
            }
            Ok(out)
        }
    }
    de.deserialize_any(Visit(std::marker::PhantomData))
}

/// A mapping key; status codes such as `200` are written unquoted, so numbers are accepted too.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        match Scalar::deserialize(de)? {
            Scalar::Str(s) => Ok(KeyText(s)),
            other => Ok(KeyText(other.as_text())),
        }
    }
}
