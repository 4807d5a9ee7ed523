use std::fmt;

/// How requests prove who is calling.
///
/// Secrets never appear in `Debug` output, so a logged client or error cannot
/// leak them.
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum Credentials {
    /// Send no credentials.
    #[default]
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(String),
    /// A key sent in the named header.
    ApiKey {
        /// Header name.
        header: String,
        /// The key.
        key: String,
    },
    /// HTTP basic authentication.
    Basic {
        /// User name.
        user: String,
        /// Password.
        password: String,
    },
}

impl Credentials {
    pub(crate) fn apply(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Credentials::None => request,
            Credentials::Bearer(token) => request.bearer_auth(token),
            Credentials::ApiKey { header, key } => request.header(header.as_str(), key.as_str()),
            Credentials::Basic { user, password } => request.basic_auth(user, Some(password)),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::None => f.write_str("None"),
            Credentials::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Credentials::ApiKey { header, .. } => write!(f, "ApiKey {{ header: {header:?}, key: <redacted> }}"),
            Credentials::Basic { user, .. } => write!(f, "Basic {{ user: {user:?}, password: <redacted> }}"),
        }
    }
}
