//! What carries a built request to the API and brings its response back.
//!
//! The whole request pipeline (validation, encoding, credentials, retries,
//! token refresh, decoding) runs before and after the transport, so swapping
//! it, for the fake in `test_util` (feature `test-util`) or a recording or proxying
//! transport of a user's own, exercises everything the real API would.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// The future a [`Transport`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<reqwest::Response, reqwest::Error>> + Send + 'a>>;

/// Sends one request of an operation and returns the response.
///
/// `reqwest::Client` is the transport of every client unless another is set
/// with the client builder's `transport`.
pub trait Transport: fmt::Debug + Send + Sync {
    /// Sends `request`, made for the operation `operation` (the API's operation id).
    fn send(&self, operation: &'static str, request: reqwest::Request) -> TransportFuture<'_>;

    /// Told, when a client is built with it, the names of the query
    /// parameters that carry credentials, so a transport that records or
    /// logs requests can leave their values out. Does nothing by default.
    fn secret_query(&self, names: &[&'static str]) {
        let _ = names;
    }
}

impl Transport for reqwest::Client {
    fn send(&self, _operation: &'static str, request: reqwest::Request) -> TransportFuture<'_> {
        Box::pin(self.execute(request))
    }
}
