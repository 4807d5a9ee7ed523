//! Every identifier the generated crates define or rely on whatever the spec
//! says, and the rule that keeps spec names from colliding with them.
//!
//! A spec name lands in a namespace that generated code shares with fixed
//! items: a query parameter becomes a setter beside the request builder's own
//! `send` and `stream`, a server variable a setter beside the client
//! builder's `timeout`. Such a name is renamed by appending a suffix that
//! says what it is (`stream` → `stream_param`), so a clash is impossible by
//! construction and the rename is the same on every run. The lists here are
//! checked against the runtime crate's and the templates' actual items by
//! `generator/tests/names.rs`, so they cannot go stale.

/// Methods and fields every request builder has besides the spec's parameters.
pub const REQUEST_BUILDER: &[&str] = &[
    "body",
    "client",
    "deadline",
    "download",
    "header",
    "into_call",
    "options",
    "retry_policy",
    "send",
    "stream",
    "timeout",
];

/// Methods of the generated `ClientBuilder`, where security-scheme and
/// server-variable setters go.
pub const CLIENT_BUILDER: &[&str] = &[
    "base_url",
    "build",
    "client_credentials",
    "connect_timeout",
    "credential",
    "credentials",
    "deadline",
    "default_header",
    "environment",
    "http_client",
    "inner",
    "max_response_bytes",
    "respect_rate_limits",
    "retry_policy",
    "timeout",
    "transport",
    "user_agent",
];

/// Methods of the generated `Client`, where service accessors go.
pub const CLIENT: &[&str] = &["base_url", "builder", "inner", "is_signed_in", "new"];

/// Type names that would shadow names generated code uses unqualified.
pub const TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Self",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "From",
];

/// Cargo features every generated crate has besides its service features.
pub const FEATURES: &[&str] = &[
    "default",
    "full",
    "http2",
    "serialize",
    "deserialize",
    "test-util",
    "test_util",
];

/// Variants every union has besides its members: values no member claims.
pub const UNION: &[&str] = &["Unknown"];

/// Suffix of a parameter renamed away from a request builder's own item.
pub const PARAM_SUFFIX: &str = "_param";
/// Suffix of a security scheme's setter renamed away from a client builder method.
pub const SCHEME_SUFFIX: &str = "_auth";
/// Suffix of the builder method an OAuth 2 scheme with the client-credentials
/// flow adds beside its setter (`oauth` → `oauth_client_credentials`).
pub const CLIENT_CREDENTIALS_SUFFIX: &str = "_client_credentials";
/// Suffix of the builder method an OAuth 2 scheme that trades refresh
/// tokens adds beside its setter (`oauth` → `oauth_refresh_token`).
pub const REFRESH_TOKEN_SUFFIX: &str = "_refresh_token";
/// Suffix of a server variable renamed away from a client builder method.
pub const VARIABLE_SUFFIX: &str = "_variable";
/// Suffix of a service accessor renamed away from a client method.
pub const SERVICE_SUFFIX: &str = "_service";
/// Suffix of a service feature renamed away from a fixed feature (`full_service`).
pub const FEATURE_SUFFIX: &str = "_service";
/// Suffix of a union variant renamed away from the union's own `Unknown`.
pub const MEMBER_SUFFIX: &str = "Member";

/// `name`, with `suffix` appended when `reserved` holds it.
pub fn avoid(name: String, reserved: &[&str], suffix: &str) -> String {
    if reserved.contains(&name.as_str()) {
        name + suffix
    } else {
        name
    }
}

/// The type name an inline enum gets when the spec's `enum_name` does not
/// set one: its owner's name (a model, or a method) and the field's or
/// parameter's wire name, both in `CamelCase` (`Device` + `status` →
/// `DeviceStatus`). The importer names the enums it writes by the same rule,
/// so it writes `enum_name` only where it had to choose another.
pub fn inline_enum(owner: &str, wire: &str) -> String {
    format!(
        "{}{}",
        crate::naming::camel(owner),
        crate::naming::camel(wire)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_names_get_their_suffix_and_others_stay() {
        assert_eq!(
            avoid("stream".into(), REQUEST_BUILDER, PARAM_SUFFIX),
            "stream_param"
        );
        assert_eq!(avoid("page".into(), REQUEST_BUILDER, PARAM_SUFFIX), "page");
        assert_eq!(
            avoid("retry_policy".into(), CLIENT_BUILDER, VARIABLE_SUFFIX),
            "retry_policy_variable"
        );
        assert_eq!(avoid("new".into(), CLIENT, SERVICE_SUFFIX), "new_service");
        assert_eq!(
            avoid("Unknown".into(), UNION, MEMBER_SUFFIX),
            "UnknownMember"
        );
    }
}
