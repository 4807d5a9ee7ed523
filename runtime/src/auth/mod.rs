//! Credentials and the security schemes they are sent by.
//!
//! A generated SDK declares its API's schemes (`Scheme`) and, per
//! operation, which of them a call needs: a list of alternatives, each a
//! set of schemes sent together. The client holds credentials per scheme;
//! a call sends the first alternative it has every credential of
//! ([`select`]), and an OAuth 2 scheme given a client id and secret or a
//! refresh token fetches its access tokens itself ([`oauth`]).

use std::fmt;

mod oauth;
pub(crate) mod scheme;
mod select;

pub(crate) use oauth::OAuthTokens;
pub use oauth::TOKEN_OPERATION;
pub use scheme::{Place, Scheme, SchemeKind};
pub(crate) use select::Applied;

/// A secret that proves who is calling, for one security scheme.
///
/// Secrets never appear in `Debug` output, so a logged client or error cannot
/// leak them. Deserializable (`{bearer: …}`, `{key: …}`, `{basic: {user,
/// password}}`, `{client_credentials: {client_id, client_secret}}`,
/// `{refresh_token: {client_id, client_secret, refresh_token}}`), so
/// generic code can read credentials per scheme from its configuration.
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum Credentials {
    /// Send no credentials.
    #[default]
    None,
    /// A token sent as `Authorization: Bearer <token>` (HTTP bearer schemes,
    /// and OAuth 2 schemes given an access token obtained elsewhere).
    Bearer(String),
    /// A key sent in the named header. For an API that declares its
    /// schemes, `header` picks the API-key scheme; the scheme says where the
    /// key goes.
    ApiKey {
        /// Header name.
        header: String,
        /// The key.
        key: String,
    },
    /// An API key, sent where its scheme says (a header, the query string
    /// or a cookie).
    Key(String),
    /// HTTP basic authentication.
    Basic {
        /// User name.
        user: String,
        /// Password.
        password: String,
    },
    /// An OAuth 2 client's id and secret: the client fetches access tokens
    /// from the scheme's token URL with the `client_credentials` grant,
    /// and fetches a new one when it expires or is refused.
    ClientCredentials {
        /// The OAuth client id.
        client_id: String,
        /// The OAuth client secret.
        client_secret: String,
    },
    /// A refresh token obtained elsewhere (an authorization-code sign-in in
    /// a browser): the client trades it for access tokens at the scheme's
    /// token URL with the `refresh_token` grant, keeping the new refresh
    /// token the server may hand back.
    RefreshToken {
        /// The OAuth client id.
        client_id: String,
        /// The OAuth client secret; empty for a public client, which then
        /// sends its id in the form instead of authenticating.
        client_secret: String,
        /// The refresh token.
        refresh_token: String,
    },
}

impl Credentials {
    /// Sends these credentials the way an API without declared schemes
    /// takes them: a bearer token, a key in a named header, or HTTP basic.
    pub(crate) fn apply(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Credentials::Bearer(token) => request.bearer_auth(token),
            Credentials::ApiKey { header, key } => match sensitive(key) {
                Some(value) => request.header(header.as_str(), value),
                None => request.header(header.as_str(), key.as_str()),
            },
            Credentials::Basic { user, password } => request.basic_auth(user, Some(password)),
            _ => request,
        }
    }

    /// What this credential is, for messages (never its secret).
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Credentials::None => "no credentials",
            Credentials::Bearer(_) => "a bearer token",
            Credentials::ApiKey { .. } | Credentials::Key(_) => "an API key",
            Credentials::Basic { .. } => "a user and password",
            Credentials::ClientCredentials { .. } => "an OAuth client id and secret",
            Credentials::RefreshToken { .. } => "an OAuth refresh token",
        }
    }
}

/// `Credentials` as configuration writes them: a map with one key naming
/// the kind. Read through this struct rather than serde's enum
/// representation, which YAML readers expect as a tag (`!bearer …`).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    bearer: Option<String>,
    key: Option<String>,
    api_key: Option<WrittenApiKey>,
    basic: Option<WrittenBasic>,
    client_credentials: Option<WrittenClient>,
    refresh_token: Option<WrittenRefresh>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenApiKey {
    header: String,
    key: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenBasic {
    user: String,
    password: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenClient {
    client_id: String,
    client_secret: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenRefresh {
    client_id: String,
    #[serde(default)]
    client_secret: String,
    refresh_token: String,
}

impl<'de> serde::Deserialize<'de> for Credentials {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = Written::deserialize(deserializer)?;
        let mut found: Vec<Credentials> = Vec::new();
        found.extend(w.bearer.map(Credentials::Bearer));
        found.extend(w.key.map(Credentials::Key));
        found.extend(w.api_key.map(|k| Credentials::ApiKey {
            header: k.header,
            key: k.key,
        }));
        found.extend(w.basic.map(|b| Credentials::Basic {
            user: b.user,
            password: b.password,
        }));
        found.extend(
            w.client_credentials
                .map(|c| Credentials::ClientCredentials {
                    client_id: c.client_id,
                    client_secret: c.client_secret,
                }),
        );
        found.extend(w.refresh_token.map(|r| Credentials::RefreshToken {
            client_id: r.client_id,
            client_secret: r.client_secret,
            refresh_token: r.refresh_token,
        }));
        match found.len() {
            0 => Ok(Credentials::None),
            1 => Ok(found.remove(0)),
            _ => Err(serde::de::Error::custom(
                "credentials name one kind: bearer, key, api_key, basic, client_credentials or refresh_token",
            )),
        }
    }
}

/// A header value marked sensitive, so `reqwest` and recording transports
/// keep it out of debug output and recordings.
pub(crate) fn sensitive(value: &str) -> Option<reqwest::header::HeaderValue> {
    let mut value = reqwest::header::HeaderValue::from_str(value).ok()?;
    value.set_sensitive(true);
    Some(value)
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::None => f.write_str("None"),
            Credentials::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Credentials::ApiKey { header, .. } => {
                write!(f, "ApiKey {{ header: {header:?}, key: <redacted> }}")
            }
            Credentials::Key(_) => f.write_str("Key(<redacted>)"),
            Credentials::Basic { user, .. } => {
                write!(f, "Basic {{ user: {user:?}, password: <redacted> }}")
            }
            Credentials::ClientCredentials { client_id, .. } => write!(
                f,
                "ClientCredentials {{ client_id: {client_id:?}, client_secret: <redacted> }}"
            ),
            Credentials::RefreshToken { client_id, .. } => write!(
                f,
                "RefreshToken {{ client_id: {client_id:?}, client_secret: <redacted>, refresh_token: <redacted> }}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(credentials: Credentials, name: &str) -> Option<String> {
        let request = credentials
            .apply(reqwest::Client::new().get("http://127.0.0.1/"))
            .build()
            .unwrap();
        request
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    }

    #[test]
    fn each_kind_sets_its_header_without_declared_schemes() {
        assert_eq!(
            header(Credentials::Bearer("t0k".into()), "authorization").as_deref(),
            Some("Bearer t0k")
        );
        assert_eq!(
            header(
                Credentials::ApiKey {
                    header: "X-Api-Key".into(),
                    key: "k3y".into()
                },
                "x-api-key"
            )
            .as_deref(),
            Some("k3y")
        );
        assert_eq!(
            header(
                Credentials::Basic {
                    user: "u".into(),
                    password: "p".into()
                },
                "authorization"
            )
            .as_deref(),
            Some("Basic dTpw")
        );
        assert_eq!(header(Credentials::None, "authorization"), None);
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let all = [
            Credentials::Bearer("s3cret".into()),
            Credentials::ApiKey {
                header: "X-Api-Key".into(),
                key: "s3cret".into(),
            },
            Credentials::Key("s3cret".into()),
            Credentials::Basic {
                user: "u".into(),
                password: "s3cret".into(),
            },
            Credentials::ClientCredentials {
                client_id: "app".into(),
                client_secret: "s3cret".into(),
            },
            Credentials::RefreshToken {
                client_id: "app".into(),
                client_secret: "s3cret".into(),
                refresh_token: "s3cret".into(),
            },
        ];
        for c in all {
            assert!(!format!("{c:?}").contains("s3cret"), "{c:?}");
        }
    }

    #[test]
    fn credentials_read_from_configuration() {
        let c: Credentials =
            serde_json::from_str(r#"{"basic": {"user": "u", "password": "p"}}"#).unwrap();
        assert!(matches!(c, Credentials::Basic { .. }));
        let c: Credentials = serde_json::from_str(r#"{"key": "k"}"#).unwrap();
        assert!(matches!(c, Credentials::Key(k) if k == "k"));
        let c: Credentials = serde_json::from_str(
            r#"{"refresh_token": {"client_id": "app", "refresh_token": "r"}}"#,
        )
        .unwrap();
        assert!(
            matches!(c, Credentials::RefreshToken { client_secret, .. } if client_secret.is_empty())
        );
    }
}
