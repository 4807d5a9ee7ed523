use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use super::auth::{Credentials, OAuthTokens, Scheme};
use super::limits::{Limiter, RateGroup, RateHeaders};
use super::tokens::Tokens;

use super::error::Error;
use super::retry::RetryPolicy;
use super::transport::Transport;

/// A handle to the API; cheap to clone, all clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    /// Builds requests (and sends them, unless another transport is set).
    http: reqwest::Client,
    transport: Arc<dyn Transport>,
    base_url: String,
    /// The one credential of an API that declares no schemes.
    credentials: Credentials,
    /// The API's security schemes, as its SDK declares them.
    pub(crate) schemes: &'static [Scheme],
    /// The alternatives a call sends unless its operation says otherwise.
    pub(crate) require: &'static [&'static [&'static str]],
    /// The credentials of each scheme the user set.
    pub(crate) by_scheme: BTreeMap<&'static str, Credentials>,
    /// Access tokens OAuth 2 schemes fetched.
    pub(crate) oauth: OAuthTokens,
    /// Keeps calls under the API's rate limits, when told to.
    pub(crate) limiter: Limiter,
    retry: RetryPolicy,
    /// Time limit of each call as a whole, unless the call sets its own.
    deadline: Option<Duration>,
    /// The largest answer read into memory.
    max_response_bytes: u64,
    /// Tokens handed out by the API's own sign-in; they take precedence over `credentials`.
    pub(crate) tokens: RwLock<Option<Tokens>>,
    /// Trades a refresh token for new tokens (which it stores); set when the
    /// spec describes a token flow.
    pub(crate) refresher: RwLock<Option<Refresher>>,
    /// Held while the access token is refreshed, so concurrent calls that
    /// find it expired refresh it once (a rotating refresh token is good once).
    pub(crate) refreshing: tokio::sync::Mutex<()>,
    /// The OAuth client id and secret, sent as HTTP basic to the token flow's methods.
    pub(crate) client_credentials: Option<(String, String)>,
    /// Headers sent on every call (`Accept: application/json` unless the
    /// API or the user chose otherwise), overridden per call.
    default_headers: reqwest::header::HeaderMap,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let signed_in = self.tokens.read().map(|t| t.is_some()).unwrap_or(false);
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("schemes", &self.by_scheme)
            .field("signed_in", &signed_in)
            .finish()
    }
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
pub type Refresher = Arc<
    dyn Fn(Client, String) -> Pin<Box<dyn Future<Output = Result<(), RefreshFailure>> + Send>>
        + Send
        + Sync,
>;

/// Settings for a [`Client`]; the generated crate adds the API's own choices
/// (environments, authentication shortcuts) and `build`.
#[derive(Debug, Clone, Default)]
pub struct ClientBuilder {
    pub(crate) base_url: Option<String>,
    pub(crate) credentials: Credentials,
    /// Credentials set per scheme, by scheme name, in the order set.
    pub(crate) named: Vec<(String, Credentials)>,
    pub(crate) schemes: &'static [Scheme],
    pub(crate) require: &'static [&'static [&'static str]],
    pub(crate) rate_groups: &'static [RateGroup],
    pub(crate) rate_headers: RateHeaders,
    pub(crate) respect_rate_limits: bool,
    pub(crate) timeout: Option<Duration>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) user_agent: Option<String>,
    pub(crate) http: Option<reqwest::Client>,
    pub(crate) variables: BTreeMap<&'static str, String>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) max_response_bytes: Option<u64>,
    pub(crate) transport: Option<Arc<dyn Transport>>,
    /// Headers for every call, in the order set; a later one replaces an earlier one of the same name.
    pub(crate) default_headers: Vec<(String, String)>,
    pub(crate) client_credentials: Option<(String, String)>,
}

impl ClientBuilder {
    /// Sends requests to this URL instead of the default server (no trailing path needed).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets the credentials of the first security scheme of the API that
    /// takes them (for an API key in a header, the scheme of that header).
    /// For an API that declares no schemes, they go with every call.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Sets the credentials of the security scheme `scheme` (its name in
    /// the spec). `build` fails when the API has no such scheme or the
    /// scheme does not take this kind of credentials.
    pub fn credential(mut self, scheme: impl Into<String>, credentials: Credentials) -> Self {
        self.named.push((scheme.into(), credentials));
        self
    }

    /// Makes every call wait for its rate-limit group's budget instead of
    /// drawing a 429: the limits the API documents, then what the server
    /// reports in its rate-limit headers. Shared by the client's clones and
    /// concurrent calls. Off by default.
    pub fn respect_rate_limits(mut self, respect: bool) -> Self {
        self.respect_rate_limits = respect;
        self
    }

    /// The API's rate-limit groups and the headers its server reports its
    /// budget in. Called by generated `build`.
    #[doc(hidden)]
    pub fn rate_limits(mut self, groups: &'static [RateGroup], headers: RateHeaders) -> Self {
        self.rate_groups = groups;
        self.rate_headers = headers;
        self
    }

    /// The API's security schemes and the requirement its calls meet unless
    /// their operation states another. Called by generated `build`.
    #[doc(hidden)]
    pub fn security(
        mut self,
        schemes: &'static [Scheme],
        require: &'static [&'static [&'static str]],
    ) -> Self {
        self.schemes = schemes;
        self.require = require;
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

    /// Sends `name: value` on every call, replacing the API's own default for
    /// that header (an API version, a vendor media type in `Accept`); a
    /// request's `.header()` replaces it again for one call.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// The headers the spec sends on every call; they go before the user's
    /// `default_header`s, which replace them. Called by generated `build`.
    #[doc(hidden)]
    pub fn spec_headers(mut self, headers: &[(&str, &str)]) -> Self {
        let user = std::mem::take(&mut self.default_headers);
        self.default_headers = headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .chain(user)
            .collect();
        self
    }

    /// Sets the OAuth client id and secret: the API's token flow methods
    /// (sign-in, refresh, sign-out) send them as HTTP basic authentication,
    /// as confidential OAuth clients must. Generated SDKs whose spec says
    /// `client_auth: basic` offer it as `client_credentials`.
    #[doc(hidden)]
    pub fn oauth_client(mut self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.client_credentials = Some((id.into(), secret.into()));
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

    /// Limits every call as a whole, across its attempts, the waits between
    /// them, redirects and token fetches; a request's `.deadline()`
    /// replaces it for one call. When it passes, or the next wait would end
    /// past it, the call ends with [`Error::Deadline`]. It covers reading an
    /// answer into memory, but not a streamed download once it has begun.
    ///
    /// There is none by default: the retry policy already bounds the waits
    /// (at most `max_attempts - 1` of at most `max_backoff` each; a longer
    /// `Retry-After` ends the call at once), and only the caller knows how
    /// long a call of theirs may rightly take: a large upload or a slow
    /// export can take minutes, and a default that cut them off would fail
    /// calls that work. Set one, with a per-attempt `timeout`, to bound a
    /// server that stops answering.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Limits the size of an answer read into memory (JSON, text, bytes,
    /// error bodies): a larger one ends the call with [`Error::TooLarge`]
    /// once its `Content-Length`, or the bytes read, pass the limit, so
    /// memory stays bounded. Streamed downloads are not limited. Default:
    /// [`DEFAULT_MAX_RESPONSE_BYTES`](crate::DEFAULT_MAX_RESPONSE_BYTES) (64 MiB).
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Sends requests through `transport` instead of over the network, such as
    /// the fake API of the `test_util` module (feature `test-util`); everything
    /// before and after sending runs as usual.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
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
    pub fn build_with<E>(
        self,
        template: &str,
        defaults: &[(&'static str, &str, &[&str])],
        default_user_agent: &str,
    ) -> Result<Client, Error<E>> {
        let base_url = match self.base_url {
            Some(url) => url,
            None => {
                let mut url = template.to_owned();
                for (name, default, allowed) in defaults {
                    let value = self
                        .variables
                        .get(name)
                        .map(String::as_str)
                        .unwrap_or(default);
                    if !allowed.is_empty() && !allowed.contains(&value) {
                        return Err(Error::Config(format!(
                            "server variable `{name}` is `{value}`; allowed: {}",
                            allowed.join(", ")
                        )));
                    }
                    url = url.replace(&format!("{{{name}}}"), value);
                }
                url
            }
        };
        let base_url = base_url.trim_end_matches('/').to_owned();
        if reqwest::Url::parse(&base_url).is_err() {
            return Err(Error::Config(format!(
                "`{base_url}` is not a valid base URL"
            )));
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                // Redirects are followed by the runtime, which knows the 3xx statuses each method declares.
                let mut b = reqwest::Client::builder()
                    .user_agent(self.user_agent.as_deref().unwrap_or(default_user_agent))
                    .redirect(reqwest::redirect::Policy::none());
                if let Some(t) = self.timeout {
                    b = b.timeout(t);
                }
                if let Some(t) = self.connect_timeout {
                    b = b.connect_timeout(t);
                }
                b.build().map_err(|e| Error::Config(e.to_string()))?
            }
        };
        let mut default_headers = reqwest::header::HeaderMap::new();
        default_headers.insert(
            reqwest::header::ACCEPT,
            reqwest::header::HeaderValue::from_static("application/json"),
        );
        for (name, value) in &self.default_headers {
            let (name, value) = crate::call::header_pair(name, value).map_err(Error::Config)?;
            default_headers.insert(name, value);
        }
        let by_scheme = if self.schemes.is_empty() {
            if let Some((name, _)) = self.named.first() {
                return Err(Error::Config(format!(
                    "`{name}` is not a security scheme of this API: it declares none"
                )));
            }
            BTreeMap::new()
        } else {
            super::auth::scheme::resolve(self.schemes, &self.credentials, &self.named)
                .map_err(Error::Config)?
        };
        let transport = self.transport.unwrap_or_else(|| Arc::new(http.clone()));
        transport.secret_query(&Client::secret_query_names(self.schemes));
        let inner = Inner {
            http,
            transport,
            base_url,
            credentials: self.credentials,
            schemes: self.schemes,
            require: self.require,
            by_scheme,
            oauth: OAuthTokens::default(),
            limiter: Limiter::new(
                self.rate_groups,
                self.rate_headers,
                self.respect_rate_limits,
            ),
            retry: self.retry.unwrap_or_default(),
            deadline: self.deadline,
            max_response_bytes: self
                .max_response_bytes
                .unwrap_or(super::bounded::DEFAULT_MAX_RESPONSE_BYTES),
            tokens: RwLock::new(None),
            refresher: RwLock::new(None),
            refreshing: tokio::sync::Mutex::new(()),
            client_credentials: self.client_credentials,
            default_headers,
        };
        Ok(Client {
            inner: Arc::new(inner),
        })
    }
}

impl Client {
    /// The base URL every path is appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn transport(&self) -> &dyn Transport {
        &*self.inner.transport
    }

    pub(crate) fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    pub(crate) fn default_headers(&self) -> &reqwest::header::HeaderMap {
        &self.inner.default_headers
    }

    pub(crate) fn retry(&self) -> RetryPolicy {
        self.inner.retry
    }

    pub(crate) fn deadline(&self) -> Option<Duration> {
        self.inner.deadline
    }

    pub(crate) fn max_response_bytes(&self) -> u64 {
        self.inner.max_response_bytes
    }
}
