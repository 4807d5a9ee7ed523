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
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation { operation, problems } => write!(f, "{operation}: invalid request, nothing was sent: {}", problems.join("; ")),
            Error::Config(why) => write!(f, "invalid client settings: {why}"),
            Error::Auth { operation, message, .. } => write!(f, "{operation}: no access token: getting one failed ({message}); sign in again or check the client's credentials"),
            Error::Credentials { operation, needed } => write!(f, "{operation}: not sent: the client has no credentials it accepts; it needs {needed}"),
            Error::Transport(e) => write!(f, "request failed: {e}"),
            Error::Timeout(e) => write!(f, "request timed out: {e}"),
            Error::Api(e) => write!(f, "{}: HTTP {}: {}", e.operation, e.status, e.body),
            Error::Decode(e) => write!(f, "{}: HTTP {} body does not match the expected type at `{}`: {}", e.operation, e.status, e.path, e.message),
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
