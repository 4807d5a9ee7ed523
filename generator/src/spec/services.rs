//! The spec types of services: methods, their parameters, bodies,
//! responses and pagination, as written in the YAML.

use serde::Deserialize;

use super::{Ordered, ValueSpec, ordered, yes};

/// A service.
#[derive(Debug, Deserialize)]
pub struct ServiceSpec {
    /// Doc text.
    #[serde(default)]
    pub description: Option<String>,
    /// Methods keyed by Rust name.
    #[serde(deserialize_with = "ordered")]
    pub methods: Ordered<MethodSpec>,
}

/// A method (operation).
#[derive(Debug, Deserialize)]
pub struct MethodSpec {
    /// The API's operation name.
    #[serde(default)]
    pub operation_id: Option<String>,
    /// Short title.
    #[serde(default)]
    pub summary: Option<String>,
    /// Doc text.
    #[serde(default)]
    pub description: Option<String>,
    /// HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// Parameters in order.
    #[serde(default)]
    pub parameters: Vec<ValueSpec>,
    /// Request body.
    #[serde(default)]
    pub body: Option<BodySpec>,
    /// Success statuses.
    #[serde(deserialize_with = "ordered")]
    pub responses: Ordered<Option<ResponseSpec>>,
    /// Declared error statuses.
    #[serde(default, deserialize_with = "ordered")]
    pub errors: Ordered<Option<String>>,
    /// Which credentials are sent: `true` (the API's requirement, the
    /// default), `false` (none: sign-in methods), or alternatives of schemes.
    #[serde(default)]
    pub auth: MethodAuthSpec,
    /// Safe to retry even though the HTTP method is not idempotent.
    #[serde(default)]
    pub retry_safe: bool,
    /// How to walk the pages of a list result; `none` (or leaving it out)
    /// for none, the word a maintainer writes to turn off an inferred one.
    #[serde(default, deserialize_with = "pagination_or_none")]
    pub pagination: Option<PaginationSpec>,
    /// The rate-limit group (of `api.rate_limits`) the method counts against.
    #[serde(default)]
    pub rate_limit: Option<String>,
}

/// How to walk the pages of a list result.
#[derive(Debug, Deserialize)]
pub struct PaginationSpec {
    /// How the next page is asked for (default `page`).
    #[serde(default)]
    pub style: Option<PageStyleSpec>,
    /// Dotted path to the response field holding the items of one page
    /// (`records`, `data.records`); absent when each page is a plain list.
    #[serde(default)]
    pub items: Option<String>,
    /// `page`: the query parameter carrying the page number.
    #[serde(default)]
    pub page_param: Option<String>,
    /// `offset`: the query parameter carrying the number of items to skip.
    #[serde(default)]
    pub offset_param: Option<String>,
    /// `cursor`: the query parameter carrying the cursor.
    #[serde(default)]
    pub cursor_param: Option<String>,
    /// `cursor`: dotted path to the next cursor in the response.
    #[serde(default)]
    pub next_cursor: Option<String>,
    /// `cursor`: the field of the last item whose value is the next cursor (`starting_after=<id>`).
    #[serde(default)]
    pub cursor_item_field: Option<String>,
    /// `next_url`: dotted path to the next page's URL in the response.
    #[serde(default)]
    pub next_url: Option<String>,
    /// Dotted path into the response that is present (and not null, or `true`) while more pages follow.
    #[serde(default)]
    pub has_more: Option<String>,
    /// `page`, `offset`: dotted path to the number of items in all pages
    /// together, so the walk ends once it has seen them.
    #[serde(default)]
    pub total: Option<String>,
    /// `page`: dotted path to the number of pages, so the walk ends at the last.
    #[serde(default)]
    pub total_pages: Option<String>,
}

/// A method's `pagination`: a mapping, or `none` for no pagination.
fn pagination_or_none<'de, D: serde::Deserializer<'de>>(
    de: D,
) -> Result<Option<PaginationSpec>, D::Error> {
    struct Visit;
    impl<'de> serde::de::Visitor<'de> for Visit {
        type Value = Option<PaginationSpec>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("`none` or a mapping with the pagination's keys")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            match v {
                "none" => Ok(None),
                other => Err(E::invalid_value(serde::de::Unexpected::Str(other), &self)),
            }
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            PaginationSpec::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Some)
        }
    }
    de.deserialize_any(Visit)
}

/// How a paginated method asks for the next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageStyleSpec {
    /// A page number in a query parameter.
    Page,
    /// The number of items to skip in a query parameter.
    Offset,
    /// A cursor from the response (or its last item) in a query parameter.
    Cursor,
    /// The URL in the response's `Link: <…>; rel="next"` header.
    Link,
    /// A URL in the response body.
    NextUrl,
}

/// OpenAPI's query parameter styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum QueryStyleSpec {
    /// `?a=1&a=2`, or `?a=1,2` with `explode: false`.
    Form,
    /// `?a=1|2` with `explode: false`.
    PipeDelimited,
    /// `?a=1%202` with `explode: false`.
    SpaceDelimited,
    /// `?a[key]=value` for an object.
    DeepObject,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
}

impl ParamLocation {
    /// The word validation messages put before a parameter's name
    /// (`query.page`, as `body.quantity` names a body field), the key the
    /// harness's inputs use too.
    pub fn key(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        }
    }
}

/// A request body.
#[derive(Debug, Deserialize)]
pub struct BodySpec {
    /// Type expression; `binary` for raw content. A multipart body may have
    /// only files.
    #[serde(rename = "type", default)]
    pub ty: Option<String>,
    /// Media type (default `application/json`).
    #[serde(default)]
    pub content_type: Option<String>,
    /// File parts of a multipart body.
    #[serde(default)]
    pub files: Vec<FileSpec>,
    /// Required (default true).
    #[serde(default = "yes")]
    pub required: bool,
    /// Doc text.
    #[serde(default)]
    pub description: Option<String>,
}

/// A file part of a multipart body.
#[derive(Debug, Deserialize)]
pub struct FileSpec {
    /// The part's name on the wire.
    pub name: String,
    /// Whether the call needs it (default false).
    #[serde(default)]
    pub required: bool,
    /// Whether several files go under the one name.
    #[serde(default)]
    pub multiple: bool,
    /// The part's media type when the caller gives none (default `application/octet-stream`).
    #[serde(default)]
    pub content_type: Option<String>,
    /// Rust name of the argument or setter.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// Doc text.
    #[serde(default)]
    pub description: Option<String>,
}

/// A success response: a type expression, `~`, or the long form with its
/// media types and headers.
#[derive(Debug)]
pub struct ResponseSpec {
    /// Type expression; `binary` for raw content; `None` for no body.
    pub ty: Option<String>,
    /// Media types the answer comes in (default `application/json`).
    pub content_type: Vec<String>,
    /// Declared response headers by wire name.
    pub headers: Ordered<ResponseHeaderSpec>,
    /// Doc text.
    pub description: Option<String>,
}

/// The long form of a response, as written.
#[derive(Debug, Deserialize)]
pub struct ResponseLong {
    /// Type expression.
    #[serde(rename = "type", default)]
    pub ty: Option<String>,
    /// One media type or a list.
    #[serde(default)]
    pub content_type: Option<OneOrMany>,
    /// Headers by wire name.
    #[serde(default, deserialize_with = "ordered")]
    pub headers: Ordered<ResponseHeaderSpec>,
    /// Doc text.
    #[serde(default)]
    pub description: Option<String>,
}

/// One text or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One.
    One(String),
    /// Several.
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for ResponseSpec {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        // A visitor rather than an untagged enum, so the long form is read
        // from the spec's own deserializer: unknown keys and mistakes in it
        // keep their location.
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = ResponseSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a type, `~`, or a mapping with `type`, `content_type`, `headers`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(ResponseSpec {
                    ty: Some(v.to_owned()),
                    content_type: Vec::new(),
                    headers: Vec::new(),
                    description: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                let long =
                    ResponseLong::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                let content_type = match long.content_type {
                    None => Vec::new(),
                    Some(OneOrMany::One(t)) => vec![t],
                    Some(OneOrMany::Many(ts)) => ts,
                };
                Ok(ResponseSpec {
                    ty: long.ty,
                    content_type,
                    headers: long.headers,
                    description: long.description,
                })
            }
        }
        de.deserialize_any(Visit)
    }
}

/// A declared response header.
#[derive(Debug, Deserialize)]
pub struct ResponseHeaderSpec {
    /// Type expression (a primitive or an enum).
    #[serde(rename = "type", default = "string")]
    pub ty: String,
    /// Whether every answer carries it (default false).
    #[serde(default)]
    pub required: bool,
    /// Rust name of the output field.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// Doc text.
    #[serde(default)]
    pub description: Option<String>,
}

fn string() -> String {
    "string".into()
}

/// A method's `auth`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum MethodAuthSpec {
    /// `true`: the API's requirement; `false`: no credentials.
    Flag(bool),
    /// Alternatives, the first the client has credentials for.
    Require(Vec<crate::spec::AlternativeSpec>),
}

impl Default for MethodAuthSpec {
    fn default() -> Self {
        MethodAuthSpec::Flag(true)
    }
}
