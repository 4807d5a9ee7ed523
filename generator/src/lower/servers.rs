//! `api.servers`.

use std::collections::BTreeMap;

use super::Lowerer;
use crate::diag::KeyPath;
use crate::ir::{Server, ServerVariable};
use crate::spec::{self, Scalar};
use crate::{names, naming};

impl Lowerer<'_> {
    pub(super) fn servers(&mut self, servers: &[spec::ServerSpec], path: &KeyPath) -> Vec<Server> {
        if servers.is_empty() {
            self.error(
                path,
                "at least one server is needed; the first is the default".into(),
            );
        }
        let mut seen = BTreeMap::new();
        let mut out = Vec::new();
        for (i, s) in servers.iter().enumerate() {
            let p = path.index(i);
            let rust_name = naming::camel(&s.name);
            if let Some(other) = seen.insert(rust_name.clone(), s.name.clone()) {
                self.error(
                    &p.key("name"),
                    format!(
                        "servers `{other}` and `{}` both become environment `{rust_name}`",
                        s.name
                    ),
                );
            }
            let placeholders = match super::split_template(&s.url) {
                Ok(parts) => super::paths::placeholders(&parts)
                    .into_iter()
                    .map(str::to_owned)
                    .collect::<Vec<_>>(),
                Err(why) => {
                    self.error(
                        &p.key("url"),
                        format!("invalid server URL `{}`: {why}", s.url),
                    );
                    Vec::new()
                }
            };
            for name in &placeholders {
                if !s.variables.iter().any(|(v, _)| v == name) {
                    self.error(
                        &p.key("url"),
                        format!("server URL variable `{{{name}}}` has no entry under `variables`"),
                    );
                }
            }
            let variables = self.server_variables(s, &placeholders, &p);
            if placeholders.is_empty()
                && !(s.url.starts_with("http://") || s.url.starts_with("https://"))
            {
                self.error(
                    &p.key("url"),
                    format!("server URL `{}` must start with http:// or https://", s.url),
                );
            }
            out.push(Server {
                name: s.name.clone(),
                rust_name,
                url: s.url.trim_end_matches('/').to_owned(),
                description: s.description.clone(),
                variables,
            });
        }
        out
    }

    fn server_variables(
        &mut self,
        s: &spec::ServerSpec,
        placeholders: &[String],
        p: &KeyPath,
    ) -> Vec<ServerVariable> {
        let mut variables = Vec::new();
        let mut setters: BTreeMap<String, String> = BTreeMap::new();
        for (name, v) in &s.variables {
            let vp = p.key("variables").key(name);
            if !placeholders.contains(name) {
                self.error(
                    &vp,
                    format!("variable `{name}` does not appear in the URL `{}`", s.url),
                );
            }
            let allowed: Vec<String> = v.allowed.iter().flatten().map(Scalar::as_text).collect();
            let default = v.default.as_text();
            if !allowed.is_empty() && !allowed.contains(&default) {
                self.error(
                    &vp.key("default"),
                    format!("default `{default}` is not one of the allowed values"),
                );
            }
            // A setter named like one the client builder already has (its
            // own, or a security scheme's) would not compile.
            let snake = naming::snake(name);
            let rust_name = if self.security.setters().any(|s| s == snake) {
                snake + names::VARIABLE_SUFFIX
            } else {
                names::avoid(snake, names::CLIENT_BUILDER, names::VARIABLE_SUFFIX)
            };
            if let Some(other) = setters.insert(rust_name.clone(), name.clone()) {
                self.error(&vp, format!("variables `{other}` and `{name}` both become the builder method `{rust_name}`"));
            }
            variables.push(ServerVariable {
                name: name.clone(),
                rust_name,
                default,
                description: v.description.clone(),
                allowed,
            });
        }
        variables
    }
}
