//! Choosing what a call sends: the first alternative of its operation's
//! requirement whose schemes all have credentials, and those credentials
//! as headers, query pairs and cookies.

use super::scheme::{Place, Scheme, SchemeKind};
use super::{Credentials, sensitive};
use crate::call::Call;
use crate::client::Client;
use crate::error::Error;

/// The alternative a call sends.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Chosen {
    /// The schemes sent together (empty: none).
    schemes: &'static [&'static str],
    /// Whether the call carries the API's own sign-in tokens (so a 401
    /// refreshes them): an API without declared schemes sends them on
    /// every authenticated call.
    pub(crate) token_flow: bool,
    /// An API without declared schemes: its one credential (or sign-in
    /// tokens) go on every authenticated call.
    undeclared: bool,
}

/// The credentials one attempt sends.
#[derive(Default)]
pub(crate) struct Applied {
    headers: Vec<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>,
    query: Vec<(&'static str, String)>,
    cookies: Vec<String>,
    basic: Option<(String, String)>,
    bearer: Option<String>,
    legacy: Option<Credentials>,
    /// The sign-in access token sent, to tell whether a 401 found it stale.
    pub(crate) sign_in_token: Option<String>,
    /// The fetched OAuth tokens sent, by scheme, to forget when refused.
    pub(crate) oauth: Vec<(&'static str, String)>,
}

impl Applied {
    /// Adds the keys that go in the query string to the request's URL.
    pub(crate) fn apply_to_url(&self, url: &mut reqwest::Url) {
        if !self.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &self.query {
                pairs.append_pair(name, value);
            }
        }
    }

    /// Puts the credentials on a request being built (after `apply_to_url`).
    pub(crate) fn apply(&self, mut request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        if let Some(c) = &self.legacy {
            request = c.apply(request);
        }
        if let Some(token) = &self.bearer {
            request = request.bearer_auth(token);
        }
        if let Some((user, password)) = &self.basic {
            request = request.basic_auth(user, Some(password));
        }
        for (name, value) in &self.headers {
            request = request.header(name, value.clone());
        }
        if !self.cookies.is_empty() {
            let joined = self.cookies.join("; ");
            if let Some(value) = sensitive(&joined) {
                request = request.header(reqwest::header::COOKIE, value);
            }
        }
        request
    }
}

impl Client {
    /// The alternative of the call's requirement to send, or an error
    /// naming what is missing when the client can meet none.
    pub(crate) fn choose(&self, call: &Call) -> Result<Chosen, Error<()>> {
        let schemes = self.inner.schemes;
        if schemes.is_empty() {
            return Ok(Chosen {
                schemes: &[],
                token_flow: call.authenticated(),
                undeclared: call.authenticated(),
            });
        }
        let requirement = call.requirement().unwrap_or(self.inner.require);
        if requirement.is_empty() {
            return Ok(Chosen::default());
        }
        let signed_in = self.is_signed_in();
        let has = |name: &str| {
            self.inner.by_scheme.contains_key(name)
                || (signed_in && self.scheme(name).is_some_and(Scheme::takes_sign_in))
        };
        if let Some(alternative) = requirement.iter().find(|a| a.iter().all(|s| has(s))) {
            let token_flow = signed_in
                && alternative
                    .iter()
                    .any(|s| self.scheme(s).is_some_and(Scheme::takes_sign_in));
            return Ok(Chosen {
                schemes: alternative,
                token_flow,
                undeclared: false,
            });
        }
        let needed = requirement
            .iter()
            .map(|alternative| {
                let names: Vec<_> = alternative.iter().map(|s| format!("`{s}`")).collect();
                let setters: Vec<_> = alternative
                    .iter()
                    .filter_map(|s| self.scheme(s))
                    .map(|s| format!("`.{}(…)`", s.setter()))
                    .collect();
                format!(
                    "{} (set with {})",
                    names.join(" and "),
                    setters.join(" and ")
                )
            })
            .collect::<Vec<_>>()
            .join(", or ");
        Err(Error::Credentials {
            operation: call.operation,
            needed,
        })
    }

    fn scheme(&self, name: &str) -> Option<&'static Scheme> {
        self.inner.schemes.iter().find(|s| s.name() == name)
    }

    /// The credentials of the chosen alternative, fetching OAuth tokens first
    /// when their scheme was given a client secret or refresh token.
    pub(crate) async fn authorize(
        &self,
        call: &Call,
        chosen: &Chosen,
    ) -> Result<Applied, Error<()>> {
        let mut applied = Applied::default();
        let tokens = if chosen.token_flow {
            self.access_token()
        } else {
            None
        };
        if chosen.undeclared {
            match tokens {
                Some(token) => {
                    applied.bearer = Some(token.clone());
                    applied.sign_in_token = Some(token);
                }
                None => applied.legacy = Some(self.credentials().clone()),
            }
            return Ok(applied);
        }
        if chosen.schemes.is_empty() {
            // Token endpoints authenticate the OAuth client itself instead.
            if let (true, Some((id, secret))) = (call.client_auth, self.client_credentials()) {
                applied.basic = Some((id.clone(), secret.clone()));
            }
            return Ok(applied);
        }
        for name in chosen.schemes {
            let Some(scheme) = self.scheme(name) else {
                continue;
            };
            if let (true, Some(token)) = (scheme.takes_sign_in(), &tokens) {
                applied.bearer = Some(token.clone());
                applied.sign_in_token = Some(token.clone());
                continue;
            }
            let Some(credentials) = self.inner.by_scheme.get(name) else {
                continue;
            };
            match (scheme.kind(), credentials) {
                (_, Credentials::Bearer(token)) => applied.bearer = Some(token.clone()),
                (_, Credentials::Basic { user, password }) => {
                    applied.basic = Some((user.clone(), password.clone()))
                }
                (
                    SchemeKind::ApiKey { place, name },
                    Credentials::Key(key) | Credentials::ApiKey { key, .. },
                ) => match place {
                    Place::Header => {
                        let header = reqwest::header::HeaderName::from_bytes(name.as_bytes());
                        if let (Ok(header), Some(value)) = (header, sensitive(key)) {
                            applied.headers.push((header, value));
                        }
                    }
                    Place::Query => applied.query.push((name, key.clone())),
                    Place::Cookie => applied.cookies.push(format!("{name}={key}")),
                },
                (SchemeKind::OAuth2 { .. }, grant) => {
                    let token = self.oauth_token(call.operation, scheme, grant).await?;
                    applied.bearer = Some(token.clone());
                    applied.oauth.push((scheme.name(), token));
                }
                _ => {}
            }
        }
        Ok(applied)
    }

    /// The names of the query parameters that carry credentials, so
    /// recordings can leave their values out.
    pub(crate) fn secret_query_names(schemes: &[Scheme]) -> Vec<&'static str> {
        schemes
            .iter()
            .filter_map(|s| match s.kind() {
                SchemeKind::ApiKey {
                    place: Place::Query,
                    name,
                } => Some(name),
                _ => None,
            })
            .collect()
    }
}
