//! Security: the document's `components.securitySchemes` as the spec's
//! named schemes, and its requirements (the global `security` and each
//! operation's) as alternatives of scheme names.
//!
//! OpenAPI's requirement is a list of alternatives, each an object whose keys
//! are schemes sent together; the spec's is the same list with each
//! alternative a scheme name or a list of them. What the spec cannot carry
//! (HTTP schemes other than basic and bearer, mutual TLS, scopes, OpenID
//! Connect discovery, references to schemes nobody declared) is reported
//! with its pointer, and an alternative that needs such a scheme is left
//! out: sending the others alone would not meet it.

use std::collections::{BTreeMap, BTreeSet};

use sdkgen::{names, naming};
use serde_json::Value;

use crate::doc::{self, Doc, str_of};
use crate::out::Node;
use crate::rename::{self, Case};
use crate::report::Report;

/// A requirement: alternatives, the first the client has every credential
/// of is sent; an empty alternative sends nothing. An empty requirement
/// sends nothing at all.
pub(crate) type Requirement = Vec<Vec<String>>;

/// The document's security as the spec writes it.
pub(crate) struct Security {
    /// Every key of `components.securitySchemes`, carried or not.
    declared: BTreeSet<String>,
    /// The schemes the spec carries, in document order, as spec nodes.
    schemes: Vec<(String, Node)>,
    /// The API's requirement: the global `security`, or none.
    require: Requirement,
    /// Scopes each carried scheme's flows declare.
    flow_scopes: BTreeMap<String, usize>,
    /// Per carried scheme, how many requirements list scopes (or 3.1 roles) for it.
    scoped: BTreeMap<String, usize>,
}

/// What a scheme adds to the client builder, beside its own setter: the
/// generator names these with `names::CLIENT_CREDENTIALS_SUFFIX` and
/// `names::REFRESH_TOKEN_SUFFIX`, and refuses a spec where two schemes'
/// builder methods meet.
#[derive(Default)]
struct Derived {
    /// An OAuth 2 scheme that fetches tokens with the client's own id and secret.
    client_credentials: bool,
    /// An OAuth 2 scheme that trades a refresh token (authorization code, password).
    refresh_token: bool,
}

impl Derived {
    /// Every builder method of a scheme whose setter is `setter`.
    fn names(&self, setter: &str) -> Vec<String> {
        let mut out = vec![setter.to_owned()];
        if self.client_credentials {
            out.push(format!("{setter}{}", names::CLIENT_CREDENTIALS_SUFFIX));
        }
        if self.refresh_token {
            out.push(format!("{setter}{}", names::REFRESH_TOKEN_SUFFIX));
        }
        out
    }
}

/// `components/securitySchemes` as a pointer.
const SCHEMES_AT: &str = "#/components/securitySchemes";

impl Security {
    /// Reads the schemes and the global requirement, reporting what cannot be carried.
    pub(crate) fn read(doc: &Doc, report: &mut Report) -> Security {
        let mut security = Security {
            declared: doc.components("securitySchemes").keys().cloned().collect(),
            schemes: Vec::new(),
            require: Vec::new(),
            flow_scopes: BTreeMap::new(),
            scoped: BTreeMap::new(),
        };
        // Builder method names given out so far, so no two schemes share one.
        let mut taken: BTreeSet<String> = BTreeSet::new();
        for (key, value) in doc::entries(doc.components("securitySchemes")) {
            let at = doc::child(SCHEMES_AT, key);
            let scheme = match doc.deref(&at, value) {
                Ok((target, resolved)) => scheme(key, &target, resolved, report),
                Err(e) => {
                    report.add(&at, format!("{e}: scheme left out"));
                    None
                }
            };
            let Some((mut node, derived, scopes)) = scheme else {
                continue;
            };
            let plain = names::avoid(
                naming::snake(key),
                names::CLIENT_BUILDER,
                names::SCHEME_SUFFIX,
            );
            let before = taken.clone();
            // A keyword's name ends in `_` (`type_`): numbering it would
            // double the `_`, which is no snake_case name.
            let fallbacks: Vec<String> = plain
                .strip_suffix('_')
                .map(|word| format!("{word}_scheme"))
                .into_iter()
                .collect();
            let setter = rename::pick(
                &mut taken,
                key,
                plain.clone(),
                Case::Snake,
                &fallbacks,
                |n| {
                    !names::CLIENT_BUILDER.contains(&n)
                        && derived.names(n).iter().all(|d| !before.contains(d))
                },
            );
            taken.extend(derived.names(&setter));
            if setter != plain {
                rename::report(
                    report,
                    &at,
                    key,
                    &plain,
                    &setter,
                    "the client builder's credential setters",
                );
                node.set("rust_name", Node::Str(setter));
            }
            if scopes > 0 {
                security.flow_scopes.insert(key.to_owned(), scopes);
            }
            security.schemes.push((key.to_owned(), node));
        }
        if let Some(global) = doc.root.get("security") {
            security.require = security.requirement("#/security", global, report);
        }
        security
    }

    /// `api.auth`: the schemes and the requirement calls meet by default;
    /// none when the spec carries no scheme. Comments say where each came
    /// from (`doc_name`), and what a missing global `security` means.
    pub(crate) fn api_auth(&self, doc_name: &str, global: bool) -> Option<Node> {
        if self.schemes.is_empty() {
            return None;
        }
        let mut schemes = Node::map();
        for (key, node) in &self.schemes {
            schemes.set(key, node.clone());
        }
        let mut auth = Node::map();
        auth.set_commented(
            "schemes",
            schemes,
            Some(format!("from {doc_name}{SCHEMES_AT}")),
        );
        let why = if global {
            format!(
                "from {doc_name}#/security: a call sends the first alternative the client has credentials for"
            )
        } else {
            format!(
                "{doc_name} has no global `security`: calls send no credentials unless their method's `auth` names schemes"
            )
        };
        auth.set_commented("require", alternatives(&self.require), Some(why));
        Some(auth)
    }

    /// A method's `auth` for the operation at `pointer`, when it differs
    /// from the API's requirement: `false` for none, else its alternatives.
    pub(crate) fn method_auth(
        &mut self,
        pointer: &str,
        op: &Value,
        report: &mut Report,
    ) -> Option<Node> {
        let security = op.get("security")?;
        let require = self.requirement(&doc::child(pointer, "security"), security, report);
        if require == self.require {
            None
        } else if require.is_empty() {
            Some(Node::Raw("false".into()))
        } else {
            Some(alternatives(&require))
        }
    }

    /// Reports, once per scheme, the scopes the SDK does not request.
    pub(crate) fn report_scopes(&self, report: &mut Report) {
        for (key, _) in &self.schemes {
            let declared = self.flow_scopes.get(key).copied().unwrap_or(0);
            let listed = self.scoped.get(key).copied().unwrap_or(0);
            if declared + listed == 0 {
                continue;
            }
            let mut counts = Vec::new();
            if declared > 0 {
                counts.push(format!("{declared} declared in its flows"));
            }
            if listed > 0 {
                let s = if listed == 1 { "" } else { "s" };
                counts.push(format!("listed by {listed} requirement{s}"));
            }
            report.add(
                &doc::child(SCHEMES_AT, key),
                format!(
                    "scopes ({}) are not requested by the SDK: a call sends the credential the client has, with whatever scopes it was granted",
                    counts.join(", ")
                ),
            );
        }
    }

    /// The alternatives of the requirement `value` at `at`: each a list of
    /// carried schemes sent together. An alternative naming a scheme the
    /// spec does not carry is left out (reported); `{}` (no credentials)
    /// goes last, so a client that has credentials sends them.
    fn requirement(&mut self, at: &str, value: &Value, report: &mut Report) -> Requirement {
        let Some(list) = value.as_array() else {
            report.add(at, "`security` is not a list: left out");
            return self.require.clone();
        };
        let mut out: Requirement = Vec::new();
        let mut optional = false;
        let mut lost = false;
        for (i, alternative) in list.iter().enumerate() {
            let here = doc::child(at, &i.to_string());
            let Some(object) = alternative.as_object() else {
                report.add(&here, "a requirement that is not an object: left out");
                lost = true;
                continue;
            };
            let mut names = Vec::new();
            for (name, scopes) in doc::entries(object) {
                if !self.declared.contains(name) {
                    report.add(&here, format!("`{name}` is not declared in `components.securitySchemes`: this alternative is left out"));
                } else if !self.schemes.iter().any(|(k, _)| k == name) {
                    report.add(
                        &here,
                        format!(
                            "`{name}` is not carried (see `{}`): this alternative is left out",
                            doc::child(SCHEMES_AT, name)
                        ),
                    );
                } else {
                    if scopes.as_array().is_some_and(|s| !s.is_empty()) {
                        *self.scoped.entry(name.to_owned()).or_default() += 1;
                    }
                    names.push(name.to_owned());
                    continue;
                }
                names.clear();
                lost = true;
                break;
            }
            if object.is_empty() {
                optional = true;
            } else if !names.is_empty() && !out.contains(&names) {
                out.push(names);
            }
        }
        if optional && !out.is_empty() {
            out.push(Vec::new());
        }
        if lost && out.is_empty() && !optional {
            // A method's `auth: false` is left unwritten when the API's
            // requirement is empty too, so say what it means, not what is written.
            let instead = if at == "#/security" {
                "`require: []`, calls send no credentials unless their method names schemes"
            } else {
                "the method sends no credentials"
            };
            report.add(
                at,
                format!("none of the alternatives is carried: {instead}"),
            );
        }
        out
    }
}

/// A requirement as spec text: a scheme alone by its name, schemes sent
/// together as a list, no credentials as `[]`.
fn alternatives(require: &Requirement) -> Node {
    Node::List(
        require
            .iter()
            .map(|a| match a.as_slice() {
                [one] => Node::str(one.clone()),
                all => Node::List(all.iter().cloned().map(Node::Str).collect()),
            })
            .collect(),
    )
}

/// The spec node of the scheme `key` (resolved, at `at`), what it adds to
/// the client builder and how many scopes its flows declare; `None` when the
/// spec cannot carry it (reported).
fn scheme(key: &str, at: &str, s: &Value, report: &mut Report) -> Option<(Node, Derived, usize)> {
    let mut node = Node::map();
    let mut derived = Derived::default();
    let mut scopes = 0;
    let not_carried = |report: &mut Report, what: String| {
        report.add(
            at,
            format!("{what}: scheme `{key}` is left out, and requirements naming it lose those alternatives"),
        );
    };
    match str_of(s, "type") {
        Some("http") => {
            let scheme = str_of(s, "scheme").unwrap_or_default().to_ascii_lowercase();
            match scheme.as_str() {
                "basic" => node.set("type", Node::str("basic")),
                "bearer" => node.set("type", Node::str("bearer")),
                other => {
                    not_carried(
                        report,
                        format!("HTTP `{other}` authentication is not supported"),
                    );
                    return None;
                }
            }
        }
        Some("apiKey") => {
            let place = str_of(s, "in").unwrap_or_default();
            let name = str_of(s, "name").unwrap_or_default();
            if !matches!(place, "header" | "query" | "cookie") {
                not_carried(report, format!("an API key `in: {place}` is not supported"));
                return None;
            }
            // Header and cookie names are HTTP tokens (RFC 9110, RFC 6265),
            // as the generator checks; a query parameter name only needs to exist.
            let token = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c));
            if !(token || (place == "query" && !name.is_empty())) {
                not_carried(
                    report,
                    format!("`{name}` cannot name an API key sent in a {place}"),
                );
                return None;
            }
            node.set("type", Node::str("api_key"));
            node.set("in", Node::str(place));
            node.set("name", Node::str(name));
        }
        Some("oauth2") => {
            node.set("type", Node::str("oauth2"));
            let (token_url, flows) = oauth_flows(at, s, report, &mut scopes);
            if let Some(url) = &token_url {
                node.set("token_url", Node::str(url.clone()));
            }
            derived.client_credentials =
                token_url.is_some() && flows.contains(&"client_credentials");
            derived.refresh_token = token_url.is_some()
                && flows
                    .iter()
                    .any(|f| matches!(*f, "authorization_code" | "password"));
            if !flows.is_empty() {
                node.set(
                    "flows",
                    Node::List(flows.into_iter().map(Node::str).collect()),
                );
            }
        }
        Some("openIdConnect") => {
            node.set("type", Node::str("oauth2"));
            report.add(
                at,
                format!(
                    "OpenID Connect discovery{} is not followed: an `oauth2` scheme whose access token the program hands in",
                    str_of(s, "openIdConnectUrl")
                        .map(|u| format!(" (`{u}`)"))
                        .unwrap_or_default()
                ),
            );
        }
        Some("mutualTLS") => {
            not_carried(
                report,
                "mutual TLS (a client certificate, set up on the HTTP client) is not supported"
                    .into(),
            );
            return None;
        }
        other => {
            not_carried(
                report,
                format!(
                    "security scheme type `{}` is not supported",
                    other.unwrap_or("(none)")
                ),
            );
            return None;
        }
    }
    if let Some(d) = str_of(s, "description")
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        node.set("description", Node::str(d));
    }
    Some((node, derived, scopes))
}

/// OpenAPI's OAuth 2 flow names and the spec's, in the order the token URL
/// is taken from: a client's own credentials first, as they fetch tokens
/// with no user at all.
const FLOWS: [(&str, &str); 4] = [
    ("clientCredentials", "client_credentials"),
    ("authorizationCode", "authorization_code"),
    ("password", "password"),
    ("implicit", "implicit"),
];

/// An OAuth 2 scheme's token URL and flows (in document order), with the
/// scopes its flows declare added to `scopes`.
fn oauth_flows(
    at: &str,
    s: &Value,
    report: &mut Report,
    scopes: &mut usize,
) -> (Option<String>, Vec<&'static str>) {
    let flows_at = doc::child(at, "flows");
    let declared: Vec<(&str, &Value)> = s
        .get("flows")
        .and_then(Value::as_object)
        .map(|m| doc::entries(m).collect())
        .unwrap_or_default();
    let mut flows = Vec::new();
    for (name, flow) in &declared {
        let flow_at = doc::child(&flows_at, name);
        *scopes += flow
            .get("scopes")
            .and_then(Value::as_object)
            .map_or(0, |m| m.len());
        match FLOWS.iter().find(|(o, _)| o == name) {
            Some((_, spec)) => flows.push(*spec),
            None => report.add(
                &flow_at,
                format!("OAuth 2 flow `{name}` is not supported: left out"),
            ),
        }
        if let Some(url) = str_of(flow, "authorizationUrl") {
            report.add(
                &flow_at,
                format!("the SDK does not run the sign-in in a browser at `{url}`: the program hands in the tokens it obtained"),
            );
        }
    }
    // The token URL of the first flow (in `FLOWS` order) that fetches tokens.
    let urls: Vec<(&str, &str)> = FLOWS[..3]
        .iter()
        .filter_map(|(name, _)| {
            let flow = declared.iter().find(|(n, _)| n == name)?.1;
            Some((*name, str_of(flow, "tokenUrl").filter(|u| !u.is_empty())?))
        })
        .collect();
    let token_url = urls.first().map(|(_, u)| (*u).to_owned());
    if let Some((first, url)) = urls.first() {
        for (name, other) in &urls[1..] {
            if other != url {
                report.add(
                    &doc::child(&doc::child(&flows_at, name), "tokenUrl"),
                    format!("token URL `{other}` differs from the `{first}` flow's, `{url}`, which the SDK uses for every flow"),
                );
            }
        }
        for (name, flow) in &declared {
            if let Some(refresh) = str_of(flow, "refreshUrl").filter(|r| r != url) {
                report.add(
                    &doc::child(&doc::child(&flows_at, name), "refreshUrl"),
                    format!("tokens are refreshed at the token URL, `{url}`, not at `{refresh}`"),
                );
            }
        }
    }
    if token_url.is_none() && flows.contains(&"client_credentials") {
        // The generator refuses a client-credentials flow with nowhere to fetch tokens.
        flows.retain(|f| *f != "client_credentials");
        report.add(
            &doc::child(&flows_at, "clientCredentials"),
            "no `tokenUrl`: the `client_credentials` flow is left out",
        );
    }
    (token_url, flows)
}
