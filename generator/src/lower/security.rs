//! `api.auth` and each method's `auth`: the API's security schemes, the
//! requirement calls meet by default, and the requirements methods state.

use super::{Lowerer, valid_header_name};
use crate::diag::KeyPath;
use crate::ir::{KeyPlace, SchemeKind, Security, SecurityScheme};
use crate::spec::MethodAuthSpec;
use crate::spec::{self, AlternativeSpec, FlowSpec, PlaceSpec, SchemeKindSpec, TokenFlowSpec};
use crate::{names, naming};

/// Setter names of the one scheme of `auth`'s older form, kept so SDKs
/// generated from it keep their builder methods.
const OLDER_FORM: [(spec::AuthKind, &str); 3] = [
    (spec::AuthKind::Bearer, "bearer_token"),
    (spec::AuthKind::Basic, "basic_auth"),
    (spec::AuthKind::ApiKey, "api_key"),
];

impl<'s> Lowerer<'_> {
    /// The API's schemes and default requirement, and its token flow with
    /// where it is written.
    pub(super) fn security(
        &mut self,
        auth: Option<&'s spec::AuthSpec>,
        path: &KeyPath,
    ) -> (Security, Option<(&'s TokenFlowSpec, KeyPath)>) {
        let Some(a) = auth else {
            return (Security::default(), None);
        };
        match a.kind {
            Some(kind) => {
                if !a.schemes.is_empty() || a.require.is_some() {
                    self.error_help(
                        &path.key("type"),
                        "`type` is the one-scheme form of `auth`; it does not go with `schemes` and `require`".into(),
                        "move the scheme under `schemes` with a name of its own".into(),
                    );
                }
                self.older_form(a, kind, path)
            }
            None => self.named_schemes(a, path),
        }
    }

    fn older_form(
        &mut self,
        a: &'s spec::AuthSpec,
        kind: spec::AuthKind,
        path: &KeyPath,
    ) -> (Security, Option<(&'s TokenFlowSpec, KeyPath)>) {
        if a.token_flow.is_some() && kind != spec::AuthKind::Bearer {
            self.error_help(
                &path.key("token_flow"),
                "`token_flow` goes with `type: bearer` only".into(),
                "remove it, or make the scheme `bearer`".into(),
            );
        }
        if a.header.is_some() && kind != spec::AuthKind::ApiKey {
            self.error_help(
                &path.key("header"),
                "`header` goes with `type: api_key` only".into(),
                "remove it, or make the scheme `api_key`".into(),
            );
        }
        let scheme_kind = match kind {
            spec::AuthKind::None => return (Security::default(), None),
            spec::AuthKind::Bearer => SchemeKind::Bearer,
            spec::AuthKind::Basic => SchemeKind::Basic,
            spec::AuthKind::ApiKey => {
                let Some(header) = &a.header else {
                    self.error_help(
                        path,
                        "`type: api_key` needs the `header` that carries the key".into(),
                        "add `header: X-Api-Key` (or the API's own header name)".into(),
                    );
                    return (Security::default(), None);
                };
                if !valid_header_name(header) {
                    self.error(
                        &path.key("header"),
                        format!("invalid header name `{header}`"),
                    );
                }
                SchemeKind::ApiKey {
                    place: KeyPlace::Header,
                    name: header.clone(),
                }
            }
        };
        let name = OLDER_FORM
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, n)| (*n).to_owned())
            .unwrap_or_default();
        let flow = kind == spec::AuthKind::Bearer;
        let flow = a
            .token_flow
            .as_ref()
            .filter(|_| flow)
            .map(|f| (f, path.key("token_flow")));
        let scheme = SecurityScheme {
            setter: name.clone(),
            name: name.clone(),
            kind: scheme_kind,
            signs_in: flow.is_some(),
            description: None,
        };
        let security = Security {
            schemes: vec![scheme],
            require: vec![vec![name]],
        };
        (security, flow)
    }

    fn named_schemes(
        &mut self,
        a: &'s spec::AuthSpec,
        path: &KeyPath,
    ) -> (Security, Option<(&'s TokenFlowSpec, KeyPath)>) {
        for (key, present) in [
            ("header", a.header.is_some()),
            ("token_flow", a.token_flow.is_some()),
        ] {
            if present {
                self.error_help(
                    &path.key(key),
                    format!("`{key}` belongs to the one-scheme form (with `type`)"),
                    "write it inside the scheme it belongs to, under `schemes`".into(),
                );
            }
        }
        let mut flow: Option<(&'s TokenFlowSpec, KeyPath)> = None;
        let mut schemes: Vec<SecurityScheme> = Vec::new();
        // Builder methods already given, and the scheme each is for.
        let mut taken: Vec<(String, String)> = Vec::new();
        for (name, s) in &a.schemes {
            let at = path.key("schemes").key(name);
            let Some(kind) = self.scheme_kind(s, &at) else {
                continue;
            };
            if let Some(tf) = &s.token_flow {
                if !matches!(s.kind, SchemeKindSpec::Bearer | SchemeKindSpec::Oauth2) {
                    self.error(
                        &at.key("token_flow"),
                        "`token_flow` goes with `type: bearer` or `oauth2` only".into(),
                    );
                } else if flow.is_some() {
                    self.error(
                        &at.key("token_flow"),
                        "only one scheme can have a `token_flow`".into(),
                    );
                } else {
                    flow = Some((tf, at.key("token_flow")));
                }
            }
            let setter = match &s.rust_name {
                Some(r) if naming::is_identifier(r) && naming::is_snake_case(r) => r.clone(),
                Some(r) => {
                    self.error(
                        &at.key("rust_name"),
                        format!("`{r}` is not a snake_case Rust identifier"),
                    );
                    continue;
                }
                None => names::avoid(
                    naming::snake(name),
                    names::CLIENT_BUILDER,
                    names::SCHEME_SUFFIX,
                ),
            };
            if names::CLIENT_BUILDER.contains(&setter.as_str()) {
                self.error(
                    &at.key("rust_name"),
                    format!("`{setter}` is a method every client builder has"),
                );
            }
            let scheme = SecurityScheme {
                name: name.clone(),
                setter,
                kind,
                signs_in: s.token_flow.is_some(),
                description: s.description.clone(),
            };
            let own = [
                Some(scheme.setter.clone()),
                scheme.client_credentials_setter(),
                scheme.refresh_token_setter(),
            ];
            for setter in own.into_iter().flatten() {
                if let Some((_, other)) = taken.iter().find(|(t, _)| *t == setter) {
                    self.error_help(
                        &at,
                        format!("schemes `{other}` and `{name}` both become the builder method `{setter}`"),
                        "give one of them a `rust_name`".into(),
                    );
                }
                taken.push((setter, name.clone()));
            }
            schemes.push(scheme);
        }
        let require = match &a.require {
            Some(alternatives) => self.requirement(alternatives, &schemes, &path.key("require")),
            None => schemes.iter().map(|s| vec![s.name.clone()]).collect(),
        };
        (Security { schemes, require }, flow)
    }

    fn scheme_kind(&mut self, s: &spec::SchemeSpec, at: &KeyPath) -> Option<SchemeKind> {
        let only =
            |key: &str, present: bool, kind: &str| (present, key.to_owned(), kind.to_owned());
        let misplaced = [
            only("in", s.place.is_some(), "api_key"),
            only(
                "name",
                s.name.is_some() && s.kind != SchemeKindSpec::ApiKey,
                "api_key",
            ),
            only("token_url", s.token_url.is_some(), "oauth2"),
            only("flows", !s.flows.is_empty(), "oauth2"),
        ];
        let wanted = match s.kind {
            SchemeKindSpec::ApiKey => "api_key",
            SchemeKindSpec::Oauth2 => "oauth2",
            _ => "",
        };
        for (present, key, kind) in misplaced {
            if present && kind != wanted {
                self.error(
                    &at.key(&key),
                    format!("`{key}` goes with `type: {kind}` only"),
                );
            }
        }
        Some(match s.kind {
            SchemeKindSpec::Basic => SchemeKind::Basic,
            SchemeKindSpec::Bearer => SchemeKind::Bearer,
            SchemeKindSpec::ApiKey => {
                let Some(name) = &s.name else {
                    self.error_help(
                        at,
                        "an `api_key` scheme needs the `name` of the header, query parameter or cookie carrying the key".into(),
                        "add `name: X-Api-Key` (and `in: query` or `in: cookie` when it is not a header)".into(),
                    );
                    return None;
                };
                let place = match s.place.unwrap_or(PlaceSpec::Header) {
                    PlaceSpec::Header => KeyPlace::Header,
                    PlaceSpec::Query => KeyPlace::Query,
                    PlaceSpec::Cookie => KeyPlace::Cookie,
                };
                let valid = match place {
                    KeyPlace::Header => valid_header_name(name),
                    // A cookie name is an HTTP token too (RFC 6265).
                    KeyPlace::Cookie => valid_header_name(name),
                    KeyPlace::Query => !name.is_empty(),
                };
                if !valid {
                    self.error(
                        &at.key("name"),
                        format!("`{name}` cannot name a key sent in a {place:?}").to_lowercase(),
                    );
                }
                SchemeKind::ApiKey {
                    place,
                    name: name.clone(),
                }
            }
            SchemeKindSpec::Oauth2 => {
                let client_credentials = s.flows.contains(&FlowSpec::ClientCredentials);
                if client_credentials && s.token_url.is_none() {
                    self.error_help(
                        &at.key("flows"),
                        "the `client_credentials` flow fetches tokens, which needs the scheme's `token_url`".into(),
                        "add `token_url:` with the API's token endpoint".into(),
                    );
                }
                let refresh = s
                    .flows
                    .iter()
                    .any(|f| matches!(f, FlowSpec::AuthorizationCode | FlowSpec::Password));
                SchemeKind::OAuth2 {
                    token_url: s.token_url.clone(),
                    client_credentials,
                    refresh: refresh && s.token_url.is_some(),
                }
            }
        })
    }

    /// Alternatives of scheme names, each checked against the API's schemes.
    fn requirement(
        &mut self,
        alternatives: &[AlternativeSpec],
        schemes: &[SecurityScheme],
        path: &KeyPath,
    ) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for (i, alternative) in alternatives.iter().enumerate() {
            let names = alternative.schemes();
            for name in &names {
                if !schemes.iter().any(|s| &s.name == name) {
                    let known: Vec<&str> = schemes.iter().map(|s| s.name.as_str()).collect();
                    let help = match naming::closest(name, known.iter().copied()) {
                        Some(c) => format!("did you mean `{c}`?"),
                        None if known.is_empty() => {
                            "declare the API's schemes under `api.auth.schemes`".into()
                        }
                        None => format!("the API's schemes: {}", known.join(", ")),
                    };
                    self.error_help(
                        &path.index(i),
                        format!("no security scheme named `{name}`"),
                        help,
                    );
                }
            }
            out.push(names);
        }
        out
    }

    /// A method's requirement, when it differs from the API's default.
    pub(super) fn method_security(
        &mut self,
        auth: &MethodAuthSpec,
        security: &Security,
        path: &KeyPath,
    ) -> Option<Vec<Vec<String>>> {
        let require = match auth {
            MethodAuthSpec::Flag(true) => return None,
            MethodAuthSpec::Flag(false) => Vec::new(),
            MethodAuthSpec::Require(alternatives) => {
                self.requirement(alternatives, &security.schemes, path)
            }
        };
        (require != security.require).then_some(require)
    }
}
