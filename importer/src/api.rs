//! A starting `api.yaml` from the document's `info`, `servers` and security
//! schemes. The import writes it only into a directory that has none: after
//! that it is the maintainer's (crate name, version, schemes, token flow).

use sdkgen::naming;
use serde_json::Value;

use crate::Options;
use crate::doc::{self, Doc, str_of};
use crate::out::{Node, print};
use crate::report::Report;

/// A crate name from a document's title: its words in lower case joined by
/// `-`, each word as written (`Ory APIs` → `ory-apis`, not a case split of
/// `APIs`); a name that would not start with a letter starts with `api-`.
fn crate_name_of(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut name = words.join("-");
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        name = format!("api-{name}").trim_end_matches('-').to_owned();
    }
    name.truncate(64);
    name.trim_end_matches('-').to_owned()
}

/// From this many services on, the starting `api.yaml` puts each behind a
/// cargo feature, so a program using a few of a large API compiles a few.
const FEATURES_FROM: usize = 8;

/// The text of a new `api.yaml` for an import of `services` services.
/// `auth` is the document's security (see [`crate::security`]), left out
/// when the document declares no scheme the spec carries; `rate_limits`
/// the groups operations name, with what is left to fill in.
pub fn api_yaml(
    doc: &Doc,
    options: &Options,
    services: usize,
    auth: Option<Node>,
    rate_limits: Option<(Node, String)>,
    report: &mut Report,
) -> String {
    let info = doc.root.get("info").cloned().unwrap_or(Value::Null);
    let title = str_of(&info, "title").unwrap_or("API").trim().to_owned();
    let crate_name = options
        .crate_name
        .clone()
        .unwrap_or_else(|| crate_name_of(&title));
    let mut api = Node::map();
    api.set("name", Node::str(title.clone()));
    api.set("crate", Node::str(crate_name));
    api.set("version", Node::str("0.1.0"));
    let description = str_of(&info, "description")
        .and_then(|d| d.trim().split("\n\n").next())
        .map(|d| d.replace('\n', " "))
        .filter(|d| !d.is_empty());
    api.set(
        "description",
        Node::Str(description.unwrap_or_else(|| format!("Rust SDK for the {title}"))),
    );
    api.set("license", Node::str("MIT OR Apache-2.0"));
    let mut servers = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (i, s) in doc
        .root
        .get("servers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let mut node = Node::map();
        // Named from the description's first words ("Production Media entry point" → `production_media`).
        let words: Vec<&str> = str_of(s, "description")
            .map(|d| d.split_whitespace().collect())
            .unwrap_or_default();
        let name = (1..=words.len().min(3))
            .map(|n| naming::snake(&words[..n].join(" ")))
            .find(|n| !n.is_empty() && n != "value" && !names.contains(n))
            .unwrap_or_else(|| format!("server_{}", i + 1));
        names.push(name.clone());
        node.set("name", Node::Str(name));
        let url = str_of(s, "url").unwrap_or_default();
        let declared = |n: &str| s.get("variables").and_then(|v| v.get(n)).is_some();
        let relative = !(url.starts_with("http://")
            || url.starts_with("https://")
            || url.starts_with('{')
            || declared("scheme")
            || declared("host"));
        // A URL without a scheme: a host and path (`//api.example.com/v1`,
        // `api.example.com/v1`), or a path relative to wherever the
        // document is served (`/api/v2`). Self-hosted software (Alertmanager,
        // Docker, Harbor) says the second: it runs on the user's own host,
        // which the program sets on the client builder.
        let rest = url.trim_start_matches('/');
        let first = rest.split('/').next().unwrap_or("");
        let names_host =
            url.starts_with("//") || (!url.starts_with('/') && first.contains(['.', ':']));
        let host_variable = relative && !names_host;
        if relative {
            let written = match names_host {
                true => format!("{{scheme}}://{rest}"),
                false => format!("{{scheme}}://{{host}}/{rest}"),
            };
            let set = match names_host {
                true => "`scheme` (`https` or `http`)",
                false => "`host` (default `localhost`) and `scheme` (`https` or `http`)",
            };
            report.add(
                &format!("#/servers/{i}/url"),
                format!("server URL `{url}` has no scheme: written `{written}`, the client builder setting {set}"),
            );
            node.set("url", Node::Str(written));
        } else {
            node.set("url", Node::str(url));
        }
        if let Some(d) = str_of(s, "description") {
            node.set("description", Node::str(d.trim()));
        }
        let mut variables = Node::map();
        if relative {
            let mut scheme = Node::map();
            scheme.set("default", Node::str("https"));
            scheme.set(
                "enum",
                Node::List(vec![Node::str("https"), Node::str("http")]),
            );
            scheme.set(
                "description",
                Node::str("`https`, or `http` for a server without TLS"),
            );
            variables.set("scheme", scheme);
        }
        if host_variable {
            let mut host = Node::map();
            host.set("default", Node::str("localhost"));
            host.set("description", Node::str("The server's host name, with its port when not the scheme's (`pbx.example.com:8900`)"));
            variables.set("host", host);
        }
        for (k, v) in v_entries(s.get("variables")) {
            let mut var = Node::map();
            var.set(
                "default",
                Node::Str(v.get("default").map(scalar_text).unwrap_or_default()),
            );
            if let Some(values) = v.get("enum").and_then(Value::as_array) {
                var.set(
                    "enum",
                    Node::List(values.iter().map(|x| Node::Str(scalar_text(x))).collect()),
                );
            }
            if let Some(d) = str_of(v, "description") {
                var.set("description", Node::str(d.trim()));
            }
            variables.set(k, var);
        }
        if variables.len() > 0 {
            node.set("variables", variables);
        }
        servers.push(node);
    }
    if servers.is_empty() {
        report.add(
            "#/servers",
            "no servers: `api.yaml` names a placeholder one to replace",
        );
        let mut node = Node::map();
        node.set("name", Node::str("production"));
        node.set("url", Node::str("https://api.example.com"));
        servers.push(node);
    }
    api.set("servers", Node::List(servers));
    if let Some(auth) = auth {
        api.set("auth", auth);
    }
    if let Some((limits, why)) = rate_limits {
        api.set_commented("rate_limits", limits, Some(why));
    }
    if services >= FEATURES_FROM {
        let mut features = Node::map();
        features.set("default", Node::List(Vec::new()));
        let why = format!(
            "{services} services: each is a cargo feature (its module name), `full` turns on all; list here the ones on by default"
        );
        api.set_commented("features", features, Some(why));
    }
    let mut top = Node::map();
    top.set("api", api);
    format!(
        "# Written by `cargo xtask import` from {} as a start: this file is yours to edit and is never overwritten.\n{}",
        doc.name,
        print(&top)
    )
}

fn v_entries(v: Option<&Value>) -> Vec<(&str, &Value)> {
    v.and_then(Value::as_object)
        .map(|m| doc::entries(m).collect())
        .unwrap_or_default()
}

/// A scalar as text (server variable defaults may be numbers).
fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn crate_names_keep_the_titles_words() {
        assert_eq!(super::crate_name_of("Ory APIs"), "ory-apis");
        assert_eq!(super::crate_name_of("Twilio - Api"), "twilio-api");
        assert_eq!(super::crate_name_of("DigitalOcean API"), "digitalocean-api");
        assert_eq!(super::crate_name_of("3D Secure"), "api-3d-secure");
        assert_eq!(super::crate_name_of("¿?"), "api");
    }
}
