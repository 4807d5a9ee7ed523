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
            Credentials::ApiKey { header, key } => {
                match reqwest::header::HeaderValue::from_str(key) {
                    // Sensitive like bearer and basic credentials: kept out of debug output and recordings.
                    Ok(mut value) => {
                        value.set_sensitive(true);
                        request.header(header.as_str(), value)
                    }
                    Err(_) => request.header(header.as_str(), key.as_str()),
                }
            }
            Credentials::Basic { user, password } => request.basic_auth(user, Some(password)),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::None => f.write_str("None"),
            Credentials::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Credentials::ApiKey { header, .. } => {
                write!(f, "ApiKey {{ header: {header:?}, key: <redacted> }}")
            }
            Credentials::Basic { user, .. } => {
                write!(f, "Basic {{ user: {user:?}, password: <redacted> }}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(credentials: Credentials, name: &str) -> Option<String> {
        let request = credentials
            .apply(reqwest::Client::new().get("http://127.0.0.1/"))
            .build()
            .unwrap();
        request
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    }

    #[test]
    fn each_scheme_sets_its_header() {
        assert_eq!(
            header(Credentials::Bearer("t0k".into()), "authorization").as_deref(),
            Some("Bearer t0k")
        );
        assert_eq!(
            header(
                Credentials::ApiKey {
                    header: "X-Api-Key".into(),
                    key: "k3y".into()
                },
                "x-api-key"
            )
            .as_deref(),
            Some("k3y")
        );
        assert_eq!(
            header(
                Credentials::Basic {
                    user: "u".into(),
                    password: "p".into()
                },
                "authorization"
            )
            .as_deref(),
            Some("Basic dTpw")
        );
        assert_eq!(header(Credentials::None, "authorization"), None);
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let all = [
            Credentials::Bearer("s3cret".into()),
            Credentials::ApiKey {
                header: "X-Api-Key".into(),
                key: "s3cret".into(),
            },
            Credentials::Basic {
                user: "u".into(),
                password: "s3cret".into(),
            },
        ];
        for c in all {
            assert!(!format!("{c:?}").contains("s3cret"));
        }
    }
}
