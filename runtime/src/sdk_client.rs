//! The `Client` and `ClientBuilder` types of a generated SDK.
//!
//! Rust allows inherent methods only on a crate's own types, so every SDK
//! needs a client type of its own to hang its service accessors and server
//! settings on. What those types share across APIs (holding the runtime's
//! client, the builder settings every API has) is written once, here, and
//! expanded into each SDK by [`define_client!`](crate::define_client); the
//! SDK adds only what its spec decides.

/// Defines `Client` and `ClientBuilder` in the calling crate, wrapping the
/// runtime's [`Client`](crate::Client) and [`ClientBuilder`](crate::ClientBuilder).
///
/// The calling crate adds `build` (and `environment`, authentication
/// shortcuts, server-variable setters) to `ClientBuilder`, and `new`,
/// `builder` and the service accessors to `Client`. The fields are `inner`.
#[macro_export]
macro_rules! define_client {
    () => {
        /// A handle to the API; cheap to clone, all clones share one connection pool.
        #[derive(Clone)]
        pub struct Client {
            inner: $crate::Client,
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.inner, f)
            }
        }

        impl Client {
            /// The base URL every path is appended to.
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }

            /// Whether the client holds tokens from the API's own sign-in.
            pub fn is_signed_in(&self) -> bool {
                self.inner.is_signed_in()
            }
        }

        /// Settings for a [`Client`]: server, credentials, timeouts, user agent, retries.
        #[derive(Debug, Clone, Default)]
        pub struct ClientBuilder {
            inner: $crate::ClientBuilder,
        }

        impl ClientBuilder {
            /// Sends requests to this URL instead of the default server (no trailing path needed).
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.inner = self.inner.base_url(url);
                self
            }

            /// Sets the credentials of the first security scheme of the API
            /// that takes them (for an API key in a header, the scheme of that
            /// header); the setters named after the schemes are plainer.
            pub fn credentials(mut self, credentials: $crate::Credentials) -> Self {
                self.inner = self.inner.credentials(credentials);
                self
            }

            /// Sets the credentials of the security scheme named `scheme` in
            /// the spec; `build` says when the API has no such scheme or the
            /// scheme takes other credentials. For code that reads
            /// credentials from configuration.
            pub fn credential(
                mut self,
                scheme: impl Into<String>,
                credentials: $crate::Credentials,
            ) -> Self {
                self.inner = self.inner.credential(scheme, credentials);
                self
            }

            /// Limits the whole exchange of one attempt, from connecting to the last byte.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.inner = self.inner.timeout(timeout);
                self
            }

            /// Limits every call as a whole: its attempts, the waits between
            /// them, redirects and token fetches (default: none; the retry
            /// policy bounds the waits). A request's `.deadline()` replaces it.
            pub fn deadline(mut self, deadline: std::time::Duration) -> Self {
                self.inner = self.inner.deadline(deadline);
                self
            }

            /// Limits the size of an answer read into memory, error bodies
            /// included (default: 64 MiB); streamed downloads are not limited.
            pub fn max_response_bytes(mut self, limit: u64) -> Self {
                self.inner = self.inner.max_response_bytes(limit);
                self
            }

            /// Limits the time to establish a connection.
            pub fn connect_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.inner = self.inner.connect_timeout(timeout);
                self
            }

            /// Sends `name: value` on every call, replacing the API's own
            /// default for that header; a request's `.header()` replaces it for one call.
            pub fn default_header(
                mut self,
                name: impl Into<String>,
                value: impl Into<String>,
            ) -> Self {
                self.inner = self.inner.default_header(name, value);
                self
            }

            /// Sets the `User-Agent` header (default: `<crate>/<version>`).
            pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
                self.inner = self.inner.user_agent(agent);
                self
            }

            /// Makes every call wait for its rate-limit group's budget instead
            /// of drawing a 429 (the limits the API documents, then what the
            /// server reports); shared by clones and concurrent calls. Off by default.
            pub fn respect_rate_limits(mut self, respect: bool) -> Self {
                self.inner = self.inner.respect_rate_limits(respect);
                self
            }

            /// Sets how failed attempts are retried (default: `RetryPolicy::default()`).
            pub fn retry_policy(mut self, policy: $crate::RetryPolicy) -> Self {
                self.inner = self.inner.retry_policy(policy);
                self
            }

            /// Sends requests through `transport` instead of over the network:
            /// the fake API of `sdkgen_runtime::test_util` in unit tests, or a
            /// transport of your own. Everything before and after sending runs as usual.
            pub fn transport(mut self, transport: impl $crate::Transport + 'static) -> Self {
                self.inner = self.inner.transport(transport);
                self
            }

            /// Uses an existing `reqwest::Client` (its own timeouts and user agent then apply).
            pub fn http_client(mut self, client: $crate::reqwest::Client) -> Self {
                self.inner = self.inner.http_client(client);
                self
            }
        }
    };
}
