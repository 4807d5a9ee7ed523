//! `api.auth`: the API's security schemes, the requirement calls meet, and
//! the token flow a bearer or OAuth 2 scheme may have.

use serde::Deserialize;

use super::{Ordered, ordered};

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
