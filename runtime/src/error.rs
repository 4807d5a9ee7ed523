use std::fmt;

/// Everything that can go wrong with a call.
///
/// `E` is the crate's `ErrorModel`: the error bodies the API declares.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request was rejected before anything was sent.
    Validation {
        /// Operation that was called.
        operation: &'static str,
        /// What is wrong with the arguments.
        problems: Vec<String>,
    },
    /// The client could not be built from its settings.
    Config(String),
    /// The request could not be sent or the response not read.
    Transport(reqwest::Error),
    /// No complete response arrived in time.
    Timeout(reqwest::Error),
    /// No access token could be had: the sign-in token expired and its
    /// refresh failed (sign in again), or an OAuth token endpoint refused the
    /// client's credentials.
    Auth {
        /// Operation that was called.
        operation: &'static str,
        /// HTTP status of the refresh or token response, when there was one.
        status: Option<u16>,
        /// What the refresh or token endpoint reported.
        message: String,
    },
    /// The call was not sent: the client has no credentials for any of the
    /// alternatives its operation accepts.
    Credentials {
        /// Operation that was called.
        operation: &'static str,
        /// The alternatives the operation accepts, and how to set each.
        needed: String,
    },
    /// The API answered with a status that is not a success.
    Api(Box<ApiError<E>>),
    /// A success response did not match the expected type.
    Decode(Box<DecodeError>),
    /// The call's overall deadline (the client's `deadline`, or the
    /// request's `.deadline()`) passed, or its next wait would have ended
    /// past it: attempts, waits, redirects and token fetches all count.
    Deadline {
        /// Operation that was called.
        operation: &'static str,
        /// The deadline the call had.
        deadline: std::time::Duration,
        /// Attempts sent before it ended.
        attempts: u32,
        /// Status of the last answer, when one came before the deadline.
        status: Option<u16>,
    },
    /// The API asked to be called again later (`Retry-After` on a 429 or
    /// 503) than the call may wait: beyond the retry policy's
    /// `max_backoff`, or past the call's deadline. Nothing was slept on;
    /// when to try again is the caller's choice.
    RateLimited(Box<RateLimitError>),
    /// An answer read into memory is larger than the client's
    /// `max_response_bytes`; reading stopped at the limit (or before, from
    /// its `Content-Length`). Streamed downloads have no limit.
    TooLarge {
        /// Operation that was called.
        operation: &'static str,
        /// HTTP status of the answer.
        status: u16,
        /// The limit, in bytes.
        limit: u64,
        /// The answer's size, when it announced one (`Content-Length`).
        size: Option<u64>,
    },
}

/// An answer asking to wait longer than the call may (boxed in the
/// `RateLimited` error variant to keep `Result`s small).
#[derive(Debug, Clone)]
pub struct RateLimitError {
    /// Operation that was called.
    pub operation: &'static str,
    /// HTTP status code (429 or 503).
    pub status: u16,
    /// How long the API asked to wait (its `Retry-After`).
    pub retry_after: std::time::Duration,
    /// The longest the call would have waited: the retry policy's
    /// `max_backoff`, or the time left before its deadline.
    pub allowed: std::time::Duration,
    /// Response headers (rate-limit headers the API sends among them).
    pub headers: reqwest::header::HeaderMap,
    /// Raw body, lossily decoded as UTF-8.
    pub body: String,
}

/// A non-success response (boxed in the `Api` error variant to keep `Result`s small).
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    /// Operation that was called.
    pub operation: &'static str,
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: reqwest::header::HeaderMap,
    /// Raw body, lossily decoded as UTF-8.
    pub body: String,
    /// The body parsed as the error model the spec declares for this status, if it parses.
    pub model: Option<E>,
}

/// A success response body that did not decode.
#[derive(Debug, Clone)]
pub struct DecodeError {
    /// Operation that was called.
    pub operation: &'static str,
    /// HTTP status code.
    pub status: u16,
    /// JSON path of the value that failed (`records[3].type`), `.` for the root.
    pub path: String,
    /// What serde reported.
    pub message: String,
    /// Raw body, lossily decoded as UTF-8.
    pub body: String,
}

impl<E> Error<E> {
    /// HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::RateLimited(e) => Some(e.status),
            Error::TooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation {
                operation,
                problems,
            } => write!(
                f,
                "{operation}: invalid request, nothing was sent: {}",
                problems.join("; ")
            ),
            Error::Config(why) => write!(f, "invalid client settings: {why}"),
            Error::Auth {
                operation, message, ..
            } => write!(
                f,
                "{operation}: no access token: getting one failed ({message}); sign in again or check the client's credentials"
            ),
            Error::Credentials { operation, needed } => write!(
                f,
                "{operation}: not sent: the client has no credentials it accepts; it needs {needed}"
            ),
            Error::Transport(e) => write!(f, "request failed: {e}"),
            Error::Timeout(e) => write!(f, "request timed out: {e}"),
            Error::Api(e) => write!(f, "{}: HTTP {}: {}", e.operation, e.status, e.body),
            Error::Decode(e) => write!(
                f,
                "{}: HTTP {} body does not match the expected type at `{}`: {}",
                e.operation, e.status, e.path, e.message
            ),
            Error::Deadline {
                operation,
                deadline,
                attempts,
                status,
            } => {
                write!(
                    f,
                    "{operation}: the call's deadline of {deadline:?} passed after {attempts} attempt(s)"
                )?;
                match status {
                    Some(status) => write!(f, ", the last answered HTTP {status}"),
                    None => Ok(()),
                }
            }
            Error::RateLimited(e) => write!(
                f,
                "{}: HTTP {}: the API asks to retry after {:?}, longer than the call may wait ({:?}); not retried",
                e.operation, e.status, e.retry_after, e.allowed
            ),
            Error::TooLarge {
                operation,
                status,
                limit,
                size,
            } => {
                write!(
                    f,
                    "{operation}: the HTTP {status} answer is larger than the limit of {limit} bytes"
                )?;
                match size {
                    Some(size) => write!(f, " ({size} bytes); it was not read"),
                    None => write!(f, "; reading stopped there"),
                }
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) | Error::Timeout(e) => Some(e),
            _ => None,
        }
    }
}

impl<E> From<reqwest::Error> for Error<E> {
    fn from(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            Error::Timeout(e)
        } else {
            Error::Transport(e)
        }
    }
}
