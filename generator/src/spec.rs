//! The YAML spec format, exactly as written by maintainers (see `spec/README.md`).
//!
//! These types mirror the file one to one and reject unknown keys, so a typo is
//! an error instead of a silently ignored setting. Nothing here resolves names
//! or checks meaning: that is the job of [`crate::ir`].

use std::collections::BTreeMap;

use serde::Deserialize;

mod bound;
mod security;
mod services;
pub use bound::Bound;
pub use security::*;
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
    pub minimum: Option<Bound>,
    /// Inclusive upper bound.
    #[serde(default)]
    pub maximum: Option<Bound>,
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
