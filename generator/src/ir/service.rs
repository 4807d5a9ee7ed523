//! Services and their methods: everything about an operation that code
//! generation needs, decided once during lowering.

use serde::Serialize;

use super::types::{Constraints, FieldAccess, Primitive, Type, TypeRef};

/// A group of methods.
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    /// Name in the spec.
    pub name: String,
    /// Rust type name (`DevicesService`).
    pub rust_name: String,
    /// Accessor on the client (`devices`).
    pub accessor: String,
    /// Module (file) name under `src/services/`.
    pub module: String,
    /// Description.
    pub doc: Option<String>,
    /// Methods sorted by Rust name.
    pub methods: Vec<Method>,
    /// The cargo feature the service is compiled under; `None` when it always is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
    /// HEAD.
    Head,
    /// OPTIONS.
    Options,
}

impl HttpMethod {
    /// Every method, for parsing and for "use one of" hints.
    pub const ALL: [HttpMethod; 7] = [
        HttpMethod::Get,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Patch,
        HttpMethod::Delete,
        HttpMethod::Head,
        HttpMethod::Options,
    ];

    /// The method as written on the wire (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
        }
    }

    /// Parses a method name in any letter case.
    pub fn parse(text: &str) -> Option<HttpMethod> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(text))
    }
}

/// Where a parameter goes.
pub use crate::spec::ParamLocation;

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
    /// HTTP method.
    pub http_method: HttpMethod,
    /// Path template as written, with its fixed query if it has one
    /// (`/responses?beta=true`): what the docs show.
    pub path: String,
    /// The path (without its fixed query) split into literal text and parameters.
    pub path_parts: Vec<PathPart>,
    /// Query pairs the path template fixes (`beta=true`), decoded, sent
    /// with every call before the method's own query parameters.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixed_query: Vec<(String, String)>,
    /// Parameters in spec order.
    pub params: Vec<Param>,
    /// Request body.
    pub body: Option<Body>,
    /// Success statuses.
    pub responses: Vec<Response>,
    /// Declared error statuses, most specific first.
    pub errors: Vec<ErrorResponse>,
    /// What the method returns.
    pub returns: Returns,
    /// The `Accept` header of a method whose answers are not JSON.
    pub accept: Option<String>,
    /// The struct returned instead of the body when answers declare headers.
    pub output: Option<Output>,
    /// The alternatives of credentials the method sends, when not the
    /// API's default requirement (empty: none).
    pub security: Option<Vec<Vec<String>>>,
    /// Safe to retry although the HTTP method is not idempotent.
    pub retry_safe: bool,
    /// The response carries tokens the client keeps (sign-in, refresh).
    pub stores_tokens: Option<TokenFields>,
    /// Revokes the tokens: the client forgets them once it succeeds.
    pub signs_out: bool,
    /// Sends the OAuth client id and secret as HTTP basic, when the client has them.
    pub client_auth: bool,
    /// How to walk all pages of the result.
    pub pagination: Option<Pagination>,
    /// The rate-limit group the method counts against.
    pub rate_group: Option<String>,
}

impl Method {
    /// Parameters that are arguments of the method (the rest are builder setters).
    pub fn required_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.required)
    }

    /// The path parameter with wire name `wire`.
    pub fn path_param(&self, wire: &str) -> Option<&Param> {
        self.params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == wire)
    }
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
    /// How a query parameter goes on the wire (repeated keys unless the spec says otherwise).
    #[serde(skip_serializing_if = "QueryStyle::is_repeated")]
    pub style: QueryStyle,
}

/// How a query parameter goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryStyle {
    /// One `key=value` per list item (`style: form`, `explode: true`); also every header and path parameter.
    Repeated,
    /// List items joined under one key with `,` (`explode: false`).
    Comma,
    /// … with `|` (`style: pipeDelimited`, `explode: false`).
    Pipe,
    /// … with a space (`style: spaceDelimited`, `explode: false`).
    Space,
    /// An object as `key[property]=value` pairs (`style: deepObject`).
    DeepObject,
    /// An object as one `property=value` pair per property or map entry,
    /// without its own key (`style: form`, `explode: true`, the default).
    FormObject,
    /// An object as one pair, its property names and values alternating and
    /// joined by commas: `key=k1,v1,k2,v2` (`style: form`, `explode: false`).
    FormObjectJoined,
}

impl QueryStyle {
    /// Whether this is the default style.
    pub fn is_repeated(&self) -> bool {
        *self == QueryStyle::Repeated
    }
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
    /// `application/json` (and `+json` media types).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/*`: the model's fields as parts, then the files.
    Multipart,
    /// `text/*`: a string sent as it is.
    Text,
    /// Any other media type: raw content (`sdkgen_runtime::Upload`).
    Binary,
}

/// A request body.
#[derive(Debug, Clone, Serialize)]
pub struct Body {
    /// Type; `None` for raw content and for a multipart body of files only.
    pub ty: Option<Type>,
    /// How it goes on the wire.
    pub encoding: BodyEncoding,
    /// The declared media type (`multipart/form-data`, `image/png`, …).
    pub content_type: String,
    /// File parts of a multipart body.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FilePart>,
    /// Required.
    pub required: bool,
    /// Description.
    pub doc: Option<String>,
}

impl Body {
    /// The subtype of a multipart body (`form-data`, `mixed`).
    pub fn multipart_subtype(&self) -> &str {
        self.content_type
            .strip_prefix("multipart/")
            .unwrap_or("form-data")
    }
}

/// A file part of a multipart body: an argument or setter of the request.
#[derive(Debug, Clone, Serialize)]
pub struct FilePart {
    /// The part's name on the wire.
    pub wire_name: String,
    /// Rust name of the argument or setter.
    pub rust_name: String,
    /// Whether the call needs it.
    pub required: bool,
    /// Several files under one name (`Vec<Upload>`).
    pub multiple: bool,
    /// Media type when the caller gives none.
    pub content_type: String,
    /// Description.
    pub doc: Option<String>,
}

/// What a success answer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Content {
    /// JSON of the response's type (or no body).
    Json,
    /// Text (`text/*`), as a `String`.
    Text,
    /// Raw bytes (audio, images, files).
    Binary,
}

/// A success response.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// Status code; `None` for `default`, any success status not listed.
    pub status: Option<u16>,
    /// Body type, if any (`None` too for text and binary answers).
    pub ty: Option<Type>,
    /// What the body holds.
    pub content: Content,
    /// Declared media types, for `Accept`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub content_types: Vec<String>,
    /// Declared headers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<ResponseHeader>,
}

/// A declared response header: a field of the method's output.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseHeader {
    /// Header name.
    pub wire_name: String,
    /// Field name in the output.
    pub rust_name: String,
    /// Type.
    pub ty: Type,
    /// Present on every success answer.
    pub required: bool,
    /// Description.
    pub doc: Option<String>,
}

/// The struct a method returns when its answers declare headers: the body
/// and each header.
#[derive(Debug, Clone, Serialize)]
pub struct Output {
    /// Type name (`CreateUserOutput`).
    pub name: String,
    /// Its header fields.
    pub headers: Vec<ResponseHeader>,
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
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Returns {
    /// No body: `()`.
    Unit,
    /// Always a JSON body.
    Body {
        /// Its type.
        ty: Type,
    },
    /// A JSON body on some statuses, none on others: `Option<T>`.
    OptionalBody {
        /// The body's type.
        ty: Type,
        /// Statuses that carry no body.
        empty_statuses: Vec<u16>,
    },
    /// Raw bytes (`sdkgen_runtime::Bytes`), empty on a bodiless status;
    /// the request can also be streamed with `download`.
    Bytes,
    /// Text (`String`), empty on a bodiless status.
    Text,
}

impl Returns {
    /// The body type, whether or not it is always there.
    pub fn body(&self) -> Option<&Type> {
        match self {
            Returns::Unit | Returns::Bytes | Returns::Text => None,
            Returns::Body { ty } | Returns::OptionalBody { ty, .. } => Some(ty),
        }
    }
}

/// Where a token response keeps its tokens.
#[derive(Debug, Clone, Serialize)]
pub struct TokenFields {
    /// The access-token field.
    pub access: FieldAccess,
    /// The refresh-token field, when the response has one.
    pub refresh: Option<FieldAccess>,
    /// The field holding the access token's lifetime in seconds, when the flow names one.
    pub expires_in: Option<FieldAccess>,
}

/// How to walk every page of a list result.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// Type of one item.
    pub item: Type,
    /// Response fields leading to the items; empty when the page is the list itself.
    pub items: Vec<FieldAccess>,
    /// How the next page is asked for.
    pub style: PageStyle,
    /// The response value that says more pages follow, if the API has one.
    pub has_more: Option<MoreWhen>,
    /// The response's count of all items or pages, if the API sends one.
    pub total: Option<Total>,
}

/// A count in the response that says where the walk ends.
#[derive(Debug, Clone, Serialize)]
pub struct Total {
    /// Response fields leading to the integer.
    pub path: Vec<FieldAccess>,
    /// It counts pages (the walk ends at that page number), not items.
    pub pages: bool,
    /// Which integer it is (`Int32`, `Int64`, `UInt64` or `Int128`); the walk reads it as `i64`.
    pub int: Primitive,
}

/// How a paginated method asks for the next page.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PageStyle {
    /// A page number, counted from the one set (or 1).
    Page {
        /// The query parameter.
        param: PageParam,
    },
    /// The number of items to skip, advanced by each page's length.
    Offset {
        /// The query parameter.
        param: PageParam,
    },
    /// A cursor in a text query parameter.
    Cursor {
        /// Rust name of the builder field.
        param: String,
        /// Where the next cursor comes from.
        next: NextCursor,
    },
    /// The URL of the `Link` header's `rel="next"`.
    Link,
    /// A URL in the response body (`next`, `links.next`, `next_page_uri`).
    NextUrl {
        /// Response fields leading to the text of the next page's URL.
        path: Vec<FieldAccess>,
    },
}

/// Where the next cursor comes from.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", content = "fields", rename_all = "snake_case")]
pub enum NextCursor {
    /// Response fields leading to the text of the next cursor.
    Response(Vec<FieldAccess>),
    /// A field of the page's last item (its id, say).
    LastItem(FieldAccess),
}

/// The response value that says more pages follow.
#[derive(Debug, Clone, Serialize)]
pub struct MoreWhen {
    /// Response fields leading to it.
    pub path: Vec<FieldAccess>,
    /// A boolean that is `true` while more follow, rather than a value present while they do.
    pub boolean: bool,
}

/// The integer query parameter carrying a page number or an offset.
#[derive(Debug, Clone, Serialize)]
pub struct PageParam {
    /// Rust name of the builder field.
    pub rust_name: String,
    /// Which integer it is (`Int32`, `Int64`, `UInt64` or `Int128`); the walk counts in `i64`.
    pub int: Primitive,
}

/// The call that trades a refresh token for new tokens.
#[derive(Debug, Clone, Serialize)]
pub struct TokenRefresh {
    /// Rust type of the service holding the refresh method.
    pub service: String,
    /// Rust name of the refresh method.
    pub method: String,
    /// The body model (the union member, for a body that is a union).
    pub body: TypeRef,
    /// For a body that is a discriminated union: the union, and the variant
    /// holding `body` (the grant the refresh sends).
    pub union: Option<(TypeRef, String)>,
    /// The body's fields, in order.
    pub body_fields: Vec<RefreshBodyField>,
}

/// One field of the refresh body.
#[derive(Debug, Clone, Serialize)]
pub struct RefreshBodyField {
    /// The field.
    pub field: FieldAccess,
    /// Whether it carries the refresh token (the others are left empty).
    pub carries_token: bool,
}

/// A type some method declares as an error body: a variant of the crate's `ErrorModel`.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorModel {
    /// The body type.
    pub ty: TypeRef,
    /// Stored in a `Box`, being much larger than the other error models.
    pub boxed: bool,
}
