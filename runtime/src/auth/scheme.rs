//! The security schemes an API declares, and which credentials each takes.

use std::collections::BTreeMap;

use super::Credentials;

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// What kind of scheme, and what it needs to know to send credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind {
    /// HTTP basic authentication.
    Basic,
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// A key in a header, query parameter or cookie named `name`.
    ApiKey {
        /// Where the key goes.
        place: Place,
        /// The header, parameter or cookie name.
        name: &'static str,
    },
    /// OAuth 2: an access token sent as a bearer token, handed in or
    /// fetched from `token_url` (absolute, or relative to the base URL).
    OAuth2 {
        /// Where access tokens are fetched, when the API says.
        token_url: Option<&'static str>,
        /// Whether the API offers the `client_credentials` grant.
        client_credentials: bool,
    },
}

/// One security scheme of an API, as its generated SDK declares it.
#[derive(Debug, Clone, Copy)]
pub struct Scheme {
    name: &'static str,
    setter: &'static str,
    kind: SchemeKind,
    /// Whether tokens from the API's own sign-in (a token flow) count as
    /// this scheme's credentials.
    signs_in: bool,
}

impl Scheme {
    /// The scheme named `name` in the spec, whose credentials the client
    /// builder's `setter` sets.
    pub const fn new(name: &'static str, setter: &'static str, kind: SchemeKind) -> Scheme {
        Scheme {
            name,
            setter,
            kind,
            signs_in: false,
        }
    }

    /// The same scheme, satisfied by the tokens of the API's own sign-in too.
    pub const fn signs_in(mut self) -> Scheme {
        self.signs_in = true;
        self
    }

    /// The scheme's name in the spec.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// What kind of scheme it is.
    pub fn kind(&self) -> SchemeKind {
        self.kind
    }

    pub(crate) fn setter(&self) -> &'static str {
        self.setter
    }

    pub(crate) fn takes_sign_in(&self) -> bool {
        self.signs_in
    }

    /// Whether `credentials` are something this scheme can send.
    fn accepts(&self, credentials: &Credentials) -> bool {
        match (self.kind, credentials) {
            (SchemeKind::Basic, Credentials::Basic { .. }) => true,
            (SchemeKind::Bearer | SchemeKind::OAuth2 { .. }, Credentials::Bearer(_)) => true,
            (SchemeKind::ApiKey { .. }, Credentials::Key(_) | Credentials::ApiKey { .. }) => true,
            (
                SchemeKind::OAuth2 {
                    token_url: Some(_),
                    client_credentials,
                },
                Credentials::ClientCredentials { .. },
            ) => client_credentials,
            (SchemeKind::OAuth2 { token_url, .. }, Credentials::RefreshToken { .. }) => {
                token_url.is_some()
            }
            _ => false,
        }
    }

    /// What this scheme takes, for messages.
    fn takes(&self) -> &'static str {
        match self.kind {
            SchemeKind::Basic => "a user and password",
            SchemeKind::Bearer => "a bearer token",
            SchemeKind::ApiKey { .. } => "an API key",
            SchemeKind::OAuth2 {
                token_url: None, ..
            } => "an access token",
            SchemeKind::OAuth2 {
                client_credentials: true,
                ..
            } => "an access token, a client id and secret, or a refresh token",
            SchemeKind::OAuth2 { .. } => "an access token or a refresh token",
        }
    }
}

/// The credentials of each scheme, from what the builder was given: those
/// set per scheme by name, and one value (`ClientBuilder::credentials`) for
/// the first scheme that takes it (for an API-key header, the scheme of
/// that header). An error names what matches no scheme.
pub(crate) fn resolve(
    schemes: &'static [Scheme],
    one: &Credentials,
    named: &[(String, Credentials)],
) -> Result<BTreeMap<&'static str, Credentials>, String> {
    let mut by_scheme = BTreeMap::new();
    let names = || {
        schemes
            .iter()
            .map(|s| format!("`{}` ({})", s.name, s.takes()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !matches!(one, Credentials::None) {
        let header = match one {
            Credentials::ApiKey { header, .. } => Some(header.as_str()),
            _ => None,
        };
        let of_header = schemes.iter().find(|s| {
            matches!((s.kind, header), (SchemeKind::ApiKey { place: Place::Header, name }, Some(h)) if name.eq_ignore_ascii_case(h))
        });
        let Some(scheme) = of_header.or_else(|| schemes.iter().find(|s| s.accepts(one))) else {
            return Err(format!(
                "no security scheme of this API takes {}; its schemes: {}",
                one.kind(),
                names()
            ));
        };
        by_scheme.insert(scheme.name, one.clone());
    }
    for (name, credentials) in named {
        let Some(scheme) = schemes.iter().find(|s| s.name == name) else {
            return Err(format!(
                "`{name}` is not a security scheme of this API; its schemes: {}",
                names()
            ));
        };
        if matches!(credentials, Credentials::None) {
            by_scheme.remove(scheme.name);
        } else if scheme.accepts(credentials) {
            by_scheme.insert(scheme.name, credentials.clone());
        } else {
            return Err(format!(
                "the security scheme `{name}` takes {}, not {}",
                scheme.takes(),
                credentials.kind()
            ));
        }
    }
    Ok(by_scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    static SCHEMES: [Scheme; 4] = [
        Scheme::new(
            "Partner",
            "partner",
            SchemeKind::ApiKey {
                place: Place::Query,
                name: "partner",
            },
        ),
        Scheme::new(
            "Key",
            "key",
            SchemeKind::ApiKey {
                place: Place::Header,
                name: "X-Key",
            },
        ),
        Scheme::new("Basic", "basic", SchemeKind::Basic),
        Scheme::new(
            "OAuth",
            "oauth",
            SchemeKind::OAuth2 {
                token_url: None,
                client_credentials: false,
            },
        ),
    ];

    #[test]
    fn one_value_goes_to_the_first_scheme_that_takes_it() {
        let key = Credentials::ApiKey {
            header: "x-key".into(),
            key: "k".into(),
        };
        let got = resolve(&SCHEMES, &key, &[]).unwrap();
        assert_eq!(got.keys().copied().collect::<Vec<_>>(), ["Key"]);
        let got = resolve(&SCHEMES, &Credentials::Key("k".into()), &[]).unwrap();
        assert_eq!(got.keys().copied().collect::<Vec<_>>(), ["Partner"]);
        let got = resolve(&SCHEMES, &Credentials::Bearer("t".into()), &[]).unwrap();
        assert_eq!(got.keys().copied().collect::<Vec<_>>(), ["OAuth"]);
    }

    #[test]
    fn credentials_no_scheme_takes_are_refused_by_name() {
        let e = resolve(
            &SCHEMES,
            &Credentials::None,
            &[("Nope".into(), Credentials::Key("k".into()))],
        )
        .unwrap_err();
        assert!(e.contains("`Nope` is not a security scheme"), "{e}");
        let e = resolve(
            &SCHEMES,
            &Credentials::None,
            &[("Basic".into(), Credentials::Key("k".into()))],
        )
        .unwrap_err();
        assert_eq!(
            e,
            "the security scheme `Basic` takes a user and password, not an API key"
        );
        let cc = Credentials::ClientCredentials {
            client_id: "a".into(),
            client_secret: "s".into(),
        };
        let e = resolve(&SCHEMES, &cc, &[]).unwrap_err();
        assert!(
            e.starts_with("no security scheme of this API takes an OAuth client id and secret"),
            "{e}"
        );
    }
}
