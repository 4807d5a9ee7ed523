use std::sync::Arc;
use std::time::Duration;

use super::auth::Credentials;
use super::call::{api_error, Call, Response};
use super::error::Error;

/// A handle to the API; cheap to clone, all clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base_url: String,
    credentials: Credentials,
}

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

    /// Uses an existing `reqwest::Client` (its own timeouts and user agent then apply).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client, using `default_base_url` unless a base URL was set.
    pub(crate) fn build_with<E>(self, default_base_url: String, default_user_agent: &str) -> Result<Client, Error<E>> {
        let base_url = self.base_url.unwrap_or(default_base_url).trim_end_matches('/').to_owned();
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
        Ok(Client { inner: Arc::new(Inner { http, base_url, credentials: self.credentials }) })
    }
}

impl Client {
    /// The base URL every path is appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a call; a non-success status becomes an API error with the body
    /// parsed by `decode_error` when it matches a declared error model.
    pub async fn execute<E>(&self, call: Call, decode_error: fn(u16, &[u8]) -> Option<E>) -> Result<Response, Error<E>> {
        if !call.problems.is_empty() {
            return Err(Error::Validation { operation: call.operation, problems: call.problems });
        }
        let url = format!("{}{}", self.inner.base_url, call.path_and_query());
        let mut request = self.inner.http.request(call.method.clone(), url);
        request = self.inner.credentials.apply(request);
        for (name, value) in &call.headers {
            request = request.header(*name, value.as_str());
        }
        if let Some(body) = &call.body {
            request = request.header(reqwest::header::CONTENT_TYPE, "application/json").body(body.clone());
        }
        request = request.header(reqwest::header::ACCEPT, "application/json");
        let response = request.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await?.to_vec();
        if (200..300).contains(&status) {
            Ok(Response { operation: call.operation, status, body })
        } else {
            Err(api_error(call.operation, status, headers, &body, decode_error))
        }
    }
}
