use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::encoding::{percent_encode, ParamValue};
use super::error::{ApiError, DecodeError, Error};

/// One request being put together by a generated method.
///
/// Problems found while encoding (an empty path parameter, say) are collected
/// instead of returned one by one, so the caller gets them all in one
/// validation error and nothing is sent.
#[derive(Debug)]
pub struct Call {
    pub(crate) operation: &'static str,
    pub(crate) method: reqwest::Method,
    /// The spec's path template, for tracing: it holds no parameter values.
    pub(crate) template: &'static str,
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    /// Shared, so a retry sends it again without copying it.
    pub(crate) body: Option<Bytes>,
    /// Success statuses whose answer has no body, for `Response::json_or_empty`.
    pub(crate) empty_statuses: &'static [u16],
    pub(crate) problems: Vec<String>,
    pub(crate) authenticated: bool,
    pub(crate) retry_safe: bool,
    pub(crate) options: CallOptions,
}

/// Per-call settings that override the client's.
#[derive(Debug, Clone, Copy, Default)]
pub struct CallOptions {
    /// Time limit of each attempt.
    pub timeout: Option<std::time::Duration>,
    /// Retry policy.
    pub retry: Option<super::retry::RetryPolicy>,
}

impl Call {
    /// Starts a call of `operation` (the API's operation id) with an HTTP
    /// method, to the spec's path `template` (`/devices/{deviceId}`).
    pub fn new(operation: &'static str, method: reqwest::Method, template: &'static str) -> Self {
        Call { operation, method, template, path: String::new(), query: Vec::new(), headers: Vec::new(), body: None, empty_statuses: &[], problems: Vec::new(), authenticated: true, retry_safe: false, options: CallOptions::default() }
    }

    /// Lets this call be retried although its HTTP method is not idempotent.
    pub fn retry_safe(&mut self) -> &mut Self {
        self.retry_safe = true;
        self
    }

    /// Applies per-call overrides.
    pub fn options(&mut self, options: CallOptions) -> &mut Self {
        self.options = options;
        self
    }

    /// Declares the success statuses that answer without a body (204, say):
    /// `Response::json_or_empty` reads them as `None`.
    pub fn empty_statuses(&mut self, statuses: &'static [u16]) -> &mut Self {
        self.empty_statuses = statuses;
        self
    }

    /// Whether repeating this call cannot do harm.
    pub(crate) fn may_retry(&self) -> bool {
        self.retry_safe || matches!(self.method, reqwest::Method::GET | reqwest::Method::HEAD | reqwest::Method::OPTIONS | reqwest::Method::PUT | reqwest::Method::DELETE)
    }

    /// Sends this call without credentials (sign-in and token refresh).
    pub fn without_auth(&mut self) -> &mut Self {
        self.authenticated = false;
        self
    }

    /// Appends literal path text from the spec.
    pub fn path(&mut self, literal: &str) -> &mut Self {
        self.path.push_str(literal);
        self
    }

    /// Appends a path parameter as exactly one percent-encoded segment.
    pub fn path_param(&mut self, name: &str, value: &(impl ParamValue + ?Sized)) -> &mut Self {
        let mut wire = Vec::new();
        value.push_wire(&mut wire);
        match wire.as_slice() {
            [one] if one.is_empty() => self.problems.push(format!("path parameter `{name}` is empty")),
            // `.` and `..` would be resolved away by URL normalisation, changing the path.
            [one] if one == "." || one == ".." => self.problems.push(format!("path parameter `{name}` cannot be `{one}`")),
            [one] => percent_encode(one, &mut self.path),
            _ => self.problems.push(format!("path parameter `{name}` must be exactly one value")),
        }
        self
    }

    /// Adds a query parameter; lists repeat the key and `None` adds nothing.
    pub fn query(&mut self, name: &'static str, value: &(impl ParamValue + ?Sized)) -> &mut Self {
        let mut wire = Vec::new();
        value.push_wire(&mut wire);
        self.query.extend(wire.into_iter().map(|v| (name, v)));
        self
    }

    /// Adds a header; lists are joined with commas and `None` adds nothing.
    pub fn header(&mut self, name: &'static str, value: &(impl ParamValue + ?Sized)) -> &mut Self {
        let mut wire = Vec::new();
        value.push_wire(&mut wire);
        if !wire.is_empty() {
            self.headers.push((name, wire.join(",")));
        }
        self
    }

    /// Sets a JSON body.
    pub fn json(&mut self, body: &impl Serialize) -> &mut Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(Bytes::from(bytes)),
            Err(e) => self.problems.push(format!("body cannot be encoded as JSON: {e}")),
        }
        self
    }

    /// Where generated validation records broken constraints; a call with
    /// any problem is not sent.
    pub fn problems(&mut self) -> &mut Vec<String> {
        &mut self.problems
    }

    /// The path and query as they will be sent, after the base URL.
    pub(crate) fn path_and_query(&self) -> String {
        let mut out = self.path.clone();
        for (i, (k, v)) in self.query.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            percent_encode(k, &mut out);
            out.push('=');
            percent_encode(v, &mut out);
        }
        out
    }
}

/// A success response, read in full.
#[derive(Debug)]
pub struct Response {
    pub(crate) operation: &'static str,
    pub(crate) status: u16,
    /// The body as the transport delivered it, never copied.
    pub(crate) body: Bytes,
    pub(crate) empty_statuses: &'static [u16],
}

impl Response {
    /// HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Decodes the body as `T`, reporting the JSON path of a value that does not fit.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        // The fast path is plain serde_json; the path of a failure is found
        // afterwards from the error's position, so success pays nothing for it.
        serde_json::from_slice(&self.body).map_err(|e| {
            Error::Decode(Box::new(DecodeError {
                operation: self.operation,
                status: self.status,
                path: super::json_path::at(&self.body, e.line(), e.column()),
                message: without_position(&e),
                body: String::from_utf8_lossy(&self.body).into_owned(),
            }))
        })
    }

    /// For operations that answer either with a body or with none (204):
    /// `None` when the status is one the call declared empty, or the body is empty.
    pub fn json_or_empty<T: DeserializeOwned, E>(self) -> Result<Option<T>, Error<E>> {
        if self.empty_statuses.contains(&self.status) || self.body.iter().all(u8::is_ascii_whitespace) {
            Ok(None)
        } else {
            self.json().map(Some)
        }
    }

    /// For operations without a response body; whatever was sent is ignored.
    pub fn empty<E>(self) -> Result<(), Error<E>> {
        Ok(())
    }
}

/// serde_json's message without its " at line L column C": the path says where.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(cut) if e.line() > 0 => text[..cut].to_owned(),
        _ => text,
    }
}

/// The API error for a non-success response; the generated method's
/// error decoder fills in the model afterwards (see `Pending`).
pub(crate) fn api_error(operation: &'static str, status: u16, headers: reqwest::header::HeaderMap, body: &[u8]) -> Error<()> {
    Error::Api(Box::new(ApiError { operation, status, headers, body: String::from_utf8_lossy(body).into_owned(), model: None }))
}
