//! Tokens from the API's own sign-in: keeping them, refreshing them once
//! when they expire or are refused, and forgetting them at sign-out.

use std::time::Duration;

// Tokio's clock, so tests can move it (paused time) instead of sleeping.
use tokio::time::Instant;

use super::client::Client;
use super::error::Error;

/// Tokens the API issued at sign-in.
#[derive(Clone)]
pub(crate) struct Tokens {
    pub(crate) access: String,
    pub(crate) refresh: Option<String>,
    /// When the access token stops working, if the API said.
    pub(crate) expires_at: Option<Instant>,
}

/// How long before its expiry an access token is refreshed: long enough for
/// a call to reach the API with it, and never more than half its lifetime.
pub(crate) fn margin(lifetime: Duration) -> Duration {
    Duration::from_secs(60).min(lifetime / 2)
}

impl Client {
    /// Stores tokens the API issued; later calls send the access token, and
    /// the refresh token is used when one is answered 401. Generated sign-in
    /// and refresh methods call it with what the API returned.
    pub fn set_tokens(&self, access: String, refresh: Option<String>) {
        self.set_tokens_for(access, refresh, None);
    }

    /// Like [`Client::set_tokens`], for an access token that works for
    /// `lifetime` (OAuth's `expires_in`): shortly before it ends, the next
    /// call refreshes it first instead of being refused.
    pub fn set_tokens_for(
        &self,
        access: String,
        refresh: Option<String>,
        lifetime: Option<Duration>,
    ) {
        let expires_at = lifetime.map(|l| Instant::now() + l - margin(l));
        if let Ok(mut t) = self.inner.tokens.write() {
            *t = Some(Tokens {
                access,
                refresh,
                expires_at,
            });
        }
    }

    /// Forgets the tokens of the API's sign-in (generated sign-out methods
    /// call it once the API has revoked them); later calls send the
    /// client's own credentials, if any.
    pub fn clear_tokens(&self) {
        if let Ok(mut t) = self.inner.tokens.write() {
            *t = None;
        }
    }

    /// Whether the client holds tokens from the API's sign-in.
    pub fn is_signed_in(&self) -> bool {
        self.inner
            .tokens
            .read()
            .map(|t| t.is_some())
            .unwrap_or(false)
    }

    /// Installs the function that refreshes an expired access token.
    #[doc(hidden)]
    pub fn set_refresher(&self, refresher: super::client::Refresher) {
        if let Ok(mut r) = self.inner.refresher.write() {
            *r = Some(refresher);
        }
    }

    /// The tokens from the API's own sign-in, if any.
    pub(crate) fn tokens(&self) -> Option<Tokens> {
        self.inner.tokens.read().ok().and_then(|t| t.clone())
    }

    /// The access token from the API's sign-in, if any.
    pub(crate) fn access_token(&self) -> Option<String> {
        self.inner
            .tokens
            .read()
            .ok()
            .and_then(|t| t.as_ref().map(|t| t.access.clone()))
    }

    /// The OAuth client id and secret, when set.
    pub(crate) fn client_credentials(&self) -> Option<&(String, String)> {
        self.inner.client_credentials.as_ref()
    }

    /// The access token, when it is about to expire and can be refreshed.
    pub(crate) fn expiring(&self) -> Option<String> {
        let t = self.tokens()?;
        let due = t.expires_at.is_some_and(|at| Instant::now() >= at);
        (due && t.refresh.is_some() && self.has_refresher()).then_some(t.access)
    }

    fn has_refresher(&self) -> bool {
        self.inner
            .refresher
            .read()
            .map(|r| r.is_some())
            .unwrap_or(false)
    }

    /// Replaces the access token `stale` (refused, or about to expire) with
    /// a fresh one. Calls that find the same stale token at once wait for
    /// one refresh instead of each sending the refresh token (which the API
    /// may accept only once); a call that finds the token already replaced
    /// returns at once. `false` when there is nothing to refresh with.
    pub(crate) async fn refresh(
        &self,
        operation: &'static str,
        stale: &str,
    ) -> Result<bool, Error<()>> {
        let Some(refresher) = self.inner.refresher.read().ok().and_then(|r| r.clone()) else {
            return Ok(false);
        };
        let _one_at_a_time = self.inner.refreshing.lock().await;
        let Some(tokens) = self.tokens() else {
            return Ok(false);
        };
        if tokens.access != stale {
            return Ok(true);
        }
        let Some(refresh_token) = tokens.refresh else {
            return Ok(false);
        };
        tracing::info!("refreshing the access token");
        refresher(self.clone(), refresh_token.clone())
            .await
            .map_err(|failure| {
                tracing::warn!(
                    status = failure.status,
                    "refreshing the access token failed"
                );
                Error::Auth {
                    operation,
                    status: failure.status,
                    message: failure.message,
                }
            })?;
        // An API may answer a refresh without a new refresh token; the one
        // it was sent then stays good (RFC 6749, section 6).
        if let Ok(mut tokens) = self.inner.tokens.write() {
            if let Some(t) = tokens.as_mut().filter(|t| t.refresh.is_none()) {
                t.refresh = Some(refresh_token);
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_lived_token_is_refreshed_at_half_its_life() {
        assert_eq!(margin(Duration::from_secs(3600)), Duration::from_secs(60));
        assert_eq!(margin(Duration::from_secs(20)), Duration::from_secs(10));
    }
}
