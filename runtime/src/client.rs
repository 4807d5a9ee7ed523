use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use super::auth::Credentials;
use super::call::{api_error, Call, Response};
use super::error::Error;
use super::retry::{retryable_status, RetryPolicy};

/// A handle to the API; cheap to clone, all clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    credentials: Credentials,
    retry: RetryPolicy,
    /// Tokens handed out by the API's own sign-in; they take precedence over `credentials`.
    tokens: RwLock<Option<Tokens>>,
    /// Trades a refresh token for new tokens (which it stores); set when the
    /// spec describes a token flow.
    refresher: RwLock<Option<Refresher>>,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let signed_in = self.tokens.read().map(|t| t.is_some()).unwrap_or(false);
        f.debug_struct("Client").field("base_url", &self.base_url).field("credentials", &self.credentials).field("signed_in", &signed_in).finish()
    }
}

/// Tokens the API issued at sign-in.
#[derive(Clone)]
pub(crate) struct Tokens {
    pub(crate) access: String,
    pub(crate) refresh: Option<String>,
}

/// Why refreshing the access token failed.
#[derive(Debug, Clone)]
pub struct RefreshFailure {
    /// HTTP status of the refresh response, when there was one.
    pub status: Option<u16>,
    /// What went wrong.
    pub message: String,
}

/// Trades a refresh token for new tokens (which it stores with
/// [`Client::set_tokens`]); generated SDKs install one when their spec
/// describes a token flow.
pub type Refresher = Arc<dyn Fn(Client, String) -> Pin<Box<dyn Future<Output = Result<(), RefreshFailure>> + Send>> + Send + Sync>;

/// Settings for a [`Client`]; the generated crate adds the API's own choices
/// (environments, authentication shortcuts) and `build`.
#[derive(Debug, Clone, Default)]
pub struct ClientBuilder {
    pub(crate) base_url: Option<String>,
    pub(crate) credentials: Credentials,
    pub(crate) timeout: Option<Duration>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) user_agent: Option<String>,
    pub(crate) http: Option<reqwest::Client>,
    pub(crate) variables: BTreeMap<&'static str, String>,
    pub(crate) retry: Option<RetryPolicy>,
}

impl ClientBuilder {
    /// Sends requests to this URL instead of the default server (no trailing path needed).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets the credentials sent with every request.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Limits the whole exchange of one attempt, from connecting to the last byte.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Limits the time to establish a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sets the `User-Agent` header (default: `<crate>/<version>`).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = Some(agent.into());
        self
    }

    /// Sets how failed attempts are retried (default: [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Uses an existing `reqwest::Client` (its own timeouts and user agent then apply).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sets a variable of the default server's URL template (`{hostname}` and
    /// the like). Generated SDKs call it from a setter named after the variable.
    #[doc(hidden)]
    pub fn variable(mut self, name: &'static str, value: String) -> Self {
        self.variables.insert(name, value);
        self
    }

    /// Builds the client. Without a base URL, `template` (the default
    /// server's URL) is filled in from the variables set, else `defaults`;
    /// a variable with allowed values must take one of them.
    ///
    /// Generated SDKs call it from their own `build`, which knows the servers.
    #[doc(hidden)]
    pub fn build_with<E>(self, template: &str, defaults: &[(&'static str, &str, &[&str])], default_user_agent: &str) -> Result<Client, Error<E>> {
        let base_url = match self.base_url {
            Some(url) => url,
            None => {
                let mut url = template.to_owned();
                for (name, default, allowed) in defaults {
                    let value = self.variables.get(name).map(String::as_str).unwrap_or(default);
                    if !allowed.is_empty() && !allowed.contains(&value) {
                        return Err(Error::Config(format!("server variable `{name}` is `{value}`; allowed: {}", allowed.join(", "))));
                    }
                    url = url.replace(&format!("{{{name}}}"), value);
                }
                url
            }
        };
        let base_url = base_url.trim_end_matches('/').to_owned();
        if reqwest::Url::parse(&base_url).is_err() {
            return Err(Error::Config(format!("`{base_url}` is not a valid base URL")));
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut b = reqwest::Client::builder().user_agent(self.user_agent.as_deref().unwrap_or(default_user_agent));
                if let Some(t) = self.timeout {
                    b = b.timeout(t);
                }
                if let Some(t) = self.connect_timeout {
                    b = b.connect_timeout(t);
                }
                b.build().map_err(|e| Error::Config(e.to_string()))?
            }
        };
        let inner = Inner { http, base_url, credentials: self.credentials, retry: self.retry.unwrap_or_default(), tokens: RwLock::new(None), refresher: RwLock::new(None) };
        Ok(Client { inner: Arc::new(inner) })
    }
}

impl Client {
    /// The base URL every path is appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Stores tokens the API issued; later calls send the access token, and
    /// the refresh token is used when one is answered 401. Generated sign-in
    /// and refresh methods call it with what the API returned.
    pub fn set_tokens(&self, access: String, refresh: Option<String>) {
        if let Ok(mut t) = self.inner.tokens.write() {
            *t = Some(Tokens { access, refresh });
        }
    }

    /// Whether the client holds tokens from the API's sign-in.
    pub fn is_signed_in(&self) -> bool {
        self.inner.tokens.read().map(|t| t.is_some()).unwrap_or(false)
    }

    /// Installs the function that refreshes an expired access token.
    #[doc(hidden)]
    pub fn set_refresher(&self, refresher: Refresher) {
        if let Ok(mut r) = self.inner.refresher.write() {
            *r = Some(refresher);
        }
    }

    fn tokens(&self) -> Option<Tokens> {
        self.inner.tokens.read().ok().and_then(|t| t.clone())
    }

    fn request(&self, call: &Call) -> reqwest::RequestBuilder {
        let url = format!("{}{}", self.inner.base_url, call.path_and_query());
        let mut request = self.inner.http.request(call.method.clone(), url);
        if call.authenticated {
            request = match self.tokens() {
                Some(tokens) => request.bearer_auth(tokens.access),
                None => self.inner.credentials.apply(request),
            };
        }
        for (name, value) in &call.headers {
            request = request.header(*name, value.as_str());
        }
        if let Some(timeout) = call.options.timeout {
            request = request.timeout(timeout);
        }
        if let Some(body) = &call.body {
            request = request.header(reqwest::header::CONTENT_TYPE, "application/json").body(body.clone());
        }
        request.header(reqwest::header::ACCEPT, "application/json")
    }

    /// Sends a call; a non-success status becomes an API error with the body
    /// parsed by `decode_error` when it matches a declared error model.
    ///
    /// When the API signs clients in itself and an authenticated call is
    /// answered 401, the access token is refreshed once and the call sent
    /// again; a failed refresh is an authentication error.
    pub async fn execute<E>(&self, call: Call, decode_error: fn(u16, &[u8]) -> Option<E>) -> Result<Response, Error<E>> {
        if !call.problems.is_empty() {
            return Err(Error::Validation { operation: call.operation, problems: call.problems });
        }
        let policy = call.options.retry.unwrap_or(self.inner.retry);
        let may_retry = call.may_retry();
        let mut refreshed = false;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let retries_left = may_retry && attempt < policy.max_attempts.max(1);
            let response = match self.request(&call).send().await {
                Ok(r) => r,
                Err(e) => {
                    tracing::debug!(operation = call.operation, attempt, error = %e, "request failed");
                    if retries_left && e.is_connect() {
                        tokio::time::sleep(policy.backoff(attempt)).await;
                        continue;
                    }
                    return Err(e.into());
                }
            };
            let status = response.status().as_u16();
            tracing::debug!(operation = call.operation, attempt, status, "response received");
            let headers = response.headers().clone();
            let body = response.bytes().await?.to_vec();
            if (200..300).contains(&status) {
                return Ok(Response { operation: call.operation, status, body });
            }
            if status == 401 && call.authenticated && !refreshed {
                let refresher = self.inner.refresher.read().ok().and_then(|r| r.clone());
                let refresh_token = self.tokens().and_then(|t| t.refresh);
                if let (Some(refresher), Some(token)) = (refresher, refresh_token) {
                    refresher(self.clone(), token).await.map_err(|failure| Error::Auth { operation: call.operation, status: failure.status, message: failure.message })?;
                    refreshed = true;
                    continue;
                }
            }
            if retries_left && retryable_status(status) {
                let asked = headers.get(reqwest::header::RETRY_AFTER).and_then(|v| v.to_str().ok()).and_then(|v| policy.retry_after(v));
                let wait = match (status, asked) {
                    (429 | 503, Some(wait)) => wait,
                    _ => policy.backoff(attempt),
                };
                tracing::debug!(operation = call.operation, attempt, status, wait_ms = wait.as_millis() as u64, "retrying");
                tokio::time::sleep(wait).await;
                continue;
            }
            return Err(api_error(call.operation, status, headers, &body, decode_error));
        }
    }
}
