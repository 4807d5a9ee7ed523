//! Access tokens an OAuth 2 scheme fetches itself, from a client id and
//! secret (`client_credentials` grant) or a refresh token handed in
//! (`refresh_token` grant): fetched once for concurrent calls, again
//! shortly before they expire or when the API refuses them.

use std::collections::BTreeMap;
use std::sync::RwLock;

use tokio::time::Instant;

use super::Credentials;
use super::scheme::{Scheme, SchemeKind};
use crate::call::encoded;
use crate::client::Client;
use crate::error::Error;

/// The operation id token requests are sent under (to a transport, in
/// spans and recordings).
pub const TOKEN_OPERATION: &str = "oauth2_token";

/// Fetched access tokens, by scheme.
#[derive(Default)]
pub(crate) struct OAuthTokens {
    current: RwLock<BTreeMap<&'static str, Fetched>>,
    /// Refresh tokens the server handed back in place of the one given.
    rotated: RwLock<BTreeMap<&'static str, String>>,
    /// Held while a token is fetched, so calls that need one at once fetch it once.
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Clone)]
struct Fetched {
    access: String,
    /// When to fetch a new one (shortly before it expires), if the server said.
    renew_at: Option<Instant>,
}

impl OAuthTokens {
    fn fresh(&self, scheme: &str) -> Option<String> {
        let current = self.current.read().ok()?;
        let t = current.get(scheme)?;
        let due = t.renew_at.is_some_and(|at| Instant::now() >= at);
        (!due).then(|| t.access.clone())
    }
}

impl Client {
    /// An access token of `scheme`: the one held while it is fresh, else a
    /// new one from the token endpoint (one request for concurrent calls).
    pub(crate) async fn oauth_token(
        &self,
        operation: &'static str,
        scheme: &Scheme,
        grant: &Credentials,
    ) -> Result<String, Error<()>> {
        let tokens = &self.inner.oauth;
        if let Some(token) = tokens.fresh(scheme.name()) {
            return Ok(token);
        }
        let _one_at_a_time = tokens.fetching.lock().await;
        if let Some(token) = tokens.fresh(scheme.name()) {
            return Ok(token);
        }
        let fetched = self.fetch_token(operation, scheme, grant).await?;
        if let Ok(mut current) = tokens.current.write() {
            current.insert(scheme.name(), fetched.clone());
        }
        Ok(fetched.access)
    }

    /// Forgets `stale`, a token of `scheme` the API refused, so the next
    /// call fetches another (unless a concurrent call already did).
    pub(crate) fn forget_oauth_token(&self, scheme: &'static str, stale: &str) {
        if let Ok(mut current) = self.inner.oauth.current.write() {
            if current.get(scheme).is_some_and(|t| t.access == stale) {
                current.remove(scheme);
            }
        }
    }

    async fn fetch_token(
        &self,
        operation: &'static str,
        scheme: &Scheme,
        grant: &Credentials,
    ) -> Result<Fetched, Error<()>> {
        let failed = |status: Option<u16>, message: String| Error::Auth {
            operation,
            status,
            message,
        };
        let SchemeKind::OAuth2 {
            token_url: Some(token_url),
            ..
        } = scheme.kind()
        else {
            return Err(failed(
                None,
                format!("`{}` has no token URL", scheme.name()),
            ));
        };
        let url = reqwest::Url::parse(self.base_url())
            .and_then(|base| base.join(token_url))
            .map_err(|e| failed(None, format!("the token URL `{token_url}` is invalid: {e}")))?;
        let rotated = self
            .inner
            .oauth
            .rotated
            .read()
            .ok()
            .and_then(|r| r.get(scheme.name()).cloned());
        let (id, secret, mut form) = match grant {
            Credentials::ClientCredentials {
                client_id,
                client_secret,
            } => (
                client_id,
                client_secret,
                vec![("grant_type", "client_credentials".to_owned())],
            ),
            Credentials::RefreshToken {
                client_id,
                client_secret,
                refresh_token,
            } => (
                client_id,
                client_secret,
                vec![
                    ("grant_type", "refresh_token".to_owned()),
                    (
                        "refresh_token",
                        rotated.unwrap_or_else(|| refresh_token.clone()),
                    ),
                ],
            ),
            other => {
                return Err(failed(
                    None,
                    format!(
                        "`{}` cannot fetch a token with {}",
                        scheme.name(),
                        other.kind()
                    ),
                ));
            }
        };
        let mut request = self.http().post(url);
        if secret.is_empty() {
            // A public client names itself instead of authenticating (RFC 6749, 4.1.3).
            form.push(("client_id", id.clone()));
        } else {
            // Form-encoded first (RFC 6749, 2.3.1).
            request = request.basic_auth(encoded(id), Some(encoded(secret)));
        }
        let form: Vec<String> = form
            .iter()
            .map(|(name, value)| format!("{name}={}", encoded(value)))
            .collect();
        let request = request
            .header(reqwest::header::ACCEPT, "application/json")
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(form.join("&"))
            .build()?;
        tracing::info!(scheme = scheme.name(), "fetching an OAuth access token");
        let response = self.transport().send(TOKEN_OPERATION, request).await?;
        let status = response.status().as_u16();
        let body =
            crate::bounded::read_limited(operation, response, self.max_response_bytes()).await?;
        if !(200..300).contains(&status) {
            let text = String::from_utf8_lossy(&body);
            let text: String = text.chars().take(300).collect();
            return Err(failed(
                Some(status),
                format!("the token endpoint answered HTTP {status}: {text}"),
            ));
        }
        let answer: serde_json::Value = serde_json::from_slice(&body)
            .map_err(|e| failed(Some(status), format!("the token answer is not JSON: {e}")))?;
        let access = answer
            .get("access_token")
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| {
                failed(
                    Some(status),
                    "the token answer has no `access_token`".into(),
                )
            })?
            .to_owned();
        if let Some(refresh) = answer
            .get("refresh_token")
            .and_then(serde_json::Value::as_str)
        {
            if let Ok(mut rotated) = self.inner.oauth.rotated.write() {
                rotated.insert(scheme.name(), refresh.to_owned());
            }
        }
        // Some servers send `expires_in` as a string.
        let lifetime = match answer.get("expires_in") {
            Some(serde_json::Value::Number(n)) => n.as_u64(),
            Some(serde_json::Value::String(s)) => s.parse().ok(),
            _ => None,
        }
        .map(std::time::Duration::from_secs);
        Ok(Fetched {
            access,
            renew_at: lifetime.map(|l| Instant::now() + l - crate::tokens::margin(l)),
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn client_credentials_are_encoded_for_basic() {
        assert_eq!(super::encoded("app id:1"), "app%20id%3A1");
        assert_eq!(super::encoded("plain-Id_2.x"), "plain-Id_2.x");
    }
}
