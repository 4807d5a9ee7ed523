//! `api.rate_limits` and each method's `rate_limit`.

use super::{Lowerer, valid_header_name};
use crate::diag::KeyPath;
use crate::ir::{RateGroup, RateLimits};
use crate::naming;
use crate::spec::RateLimitsSpec;

/// A window's length when the spec gives none: budgets are most often per minute.
const DEFAULT_WINDOW_SECONDS: u64 = 60;

impl Lowerer<'_> {
    /// The API's groups, each checked.
    pub(super) fn rate_limits(
        &mut self,
        spec: Option<&RateLimitsSpec>,
        path: &KeyPath,
    ) -> Option<RateLimits> {
        let spec = spec?;
        let mut groups = Vec::new();
        for (name, g) in &spec.groups {
            let at = path.key("groups").key(name);
            if g.requests == Some(0) {
                self.error(
                    &at.key("requests"),
                    "a budget of 0 requests lets no call through".into(),
                );
            }
            if g.per_seconds == Some(0) {
                self.error(
                    &at.key("per_seconds"),
                    "a window is at least one second".into(),
                );
            }
            groups.push(RateGroup {
                name: name.clone(),
                requests: g.requests,
                per_seconds: g.per_seconds.unwrap_or(DEFAULT_WINDOW_SECONDS),
                description: g.description.clone(),
            });
        }
        let mut header = |key: &str, value: &Option<String>| {
            if let Some(v) = value {
                if !valid_header_name(v) {
                    self.error(
                        &path.key("headers").key(key),
                        format!("invalid header name `{v}`"),
                    );
                }
            }
            value.clone()
        };
        let headers = spec.headers.as_ref();
        Some(RateLimits {
            groups,
            limit_header: headers.and_then(|h| header("limit", &h.limit)),
            remaining_header: headers.and_then(|h| header("remaining", &h.remaining)),
            window_header: headers.and_then(|h| header("window", &h.window)),
        })
    }

    /// A method's group, which the API must declare.
    pub(super) fn rate_group(&mut self, group: Option<&String>, path: &KeyPath) -> Option<String> {
        let group = group?;
        let known: Vec<String> = self.rate_groups.to_vec();
        if !known.contains(group) {
            let help = match naming::closest(group, known.iter().map(String::as_str)) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!(
                    "declare it under `api.rate_limits.groups` (`{group}: {{ requests: 50, per_seconds: 60 }}`, or `{group}: {{}}` when only the server's headers tell its budget)"
                ),
            };
            self.error_help(path, format!("no rate-limit group named `{group}`"), help);
        }
        Some(group.clone())
    }
}
