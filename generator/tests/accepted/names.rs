//! Hostile names and values the mutations draw from.

/// Method names (keys must be snake_case) that meet conventions or generated items.
pub const METHOD_NAMES: &[&str] = &[
    "new",
    "send",
    "stream",
    "default",
    "clone",
    "into_future",
    "add",
    "is_active",
    "from_file",
    "to_pdf",
    "as_ref",
    "next",
    "eq",
    "hash",
    "builder",
    "build",
    "deref",
];

/// Wire names for parameters and fields.
pub const WIRE_NAMES: &[&str] = &[
    "stream",
    "send",
    "timeout",
    "retryPolicy",
    "retry_policy",
    "client",
    "options",
    "body",
    "self",
    "type",
    "Self",
    "crate",
    "super",
    "1st",
    "isActive",
    "fromDate",
    "intoIter",
    "__proto__",
    "$filter",
    "x-request-id",
    "additional_properties",
    "add",
    "default",
    "new",
    "build",
    "user_agent",
    "inner",
    "value",
    "page",
    "é",
    "download",
    "into_call",
    "header",
    "next_url",
];

/// Service names.
pub const SERVICE_NAMES: &[&str] = &[
    "Builder",
    "New",
    "BaseUrl",
    "Client",
    "Models",
    "Services",
    "Inner",
    "Self",
    "crate",
    "Error",
    "IsSignedIn",
];

/// Type names for added models.
pub const TYPE_NAMES: &[&str] = &[
    "Option",
    "Result",
    "Error",
    "Client",
    "ClientBuilder",
    "Environment",
    "ErrorModel",
    "Models",
    "Services",
    "Validate",
    "Call",
    "Stream",
    "Value",
    "Map",
    "Self",
    "Type",
    "Default",
    "Nullable",
    "Base64",
    "Uuid",
    "Decimal",
    "Unknown",
    "Tagged",
];

/// Discriminator values: keywords, the union's own `Unknown`, URNs, digits.
pub const TAGS: &[&str] = &[
    "Unknown",
    "self",
    "1st",
    "a-b",
    "urn:ietf:params:oauth:grant-type:jwt-bearer",
    "UnknownMember",
    "type",
    "Some",
];

/// Enum values.
pub const ENUM_VALUES: &[&str] = &[
    "Unknown Value",
    "Self",
    "self",
    "1",
    "-",
    "",
    "a b",
    "type",
    "None",
    "Some",
    "default",
    "UNKNOWN",
    "é",
    "Known_Value",
];

/// Field `rust_name`s: mostly fine, some in a case rustc would warn about (refused).
pub const FIELD_RUST_NAMES: &[&str] = &["renamed", "value", "kind_", "inner", "Value"];

/// Variant `rust_name`s: mostly fine, one not UpperCamelCase (refused).
pub const VARIANT_RUST_NAMES: &[&str] = &["Alpha", "Beta2", "Self_", "Default", "poll"];
