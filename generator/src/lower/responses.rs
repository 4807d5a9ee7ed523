//! Success and error responses, and what a method returns.

use std::collections::BTreeMap;

use super::Lowerer;
use crate::diag::KeyPath;
use crate::ir::{
    Content, ErrorResponse, ErrorStatus, Output, Response, ResponseHeader, Returns, Service, Type,
    TypeRef,
};
use crate::spec;

impl Lowerer<'_> {
    pub(super) fn responses(&mut self, m: &spec::MethodSpec, path: &KeyPath) -> Vec<Response> {
        let mut responses = Vec::new();
        if m.responses.is_empty() {
            self.error(
                &path.key("responses"),
                "a method needs at least one success response".into(),
            );
        }
        for (code, r) in &m.responses {
            let rp = path.key("responses").key(code);
            match code.parse::<u16>() {
                Ok(s) if (200..400).contains(&s) => responses.push(self.response(Some(s), r.as_ref(), &rp)),
                _ if code == "default" => {
                    if r.as_ref().is_none_or(|r| r.ty.is_none()) && m.responses.iter().any(|(c, r)| c != "default" && r.as_ref().is_some_and(|r| r.ty.is_some())) {
                        self.error_help(&rp, "a bodiless `default` beside statuses with a body leaves no way to tell them apart".into(), "list the statuses that answer without a body instead".into());
                    }
                    responses.push(self.response(None, r.as_ref(), &rp));
                }
                _ => self.error_help(&rp, format!("`{code}` is not a success status"), "success statuses are 200 to 399 (a 3xx listed here is an answer, not a redirect to follow) or `default`; put error statuses under `errors`".into()),
            }
        }
        responses
    }

    /// Declared errors, most specific first (codes, then classes, then `default`).
    pub(super) fn errors(&mut self, m: &spec::MethodSpec, path: &KeyPath) -> Vec<ErrorResponse> {
        let mut errors = Vec::new();
        for (code, ty) in &m.errors {
            let ep = path.key("errors").key(code);
            let status = match code.as_str() {
                "default" => ErrorStatus::Default,
                "4XX" | "4xx" => ErrorStatus::Class(4),
                "5XX" | "5xx" => ErrorStatus::Class(5),
                c => match c.parse::<u16>() {
                    Ok(s) if (300..600).contains(&s) => ErrorStatus::Code(s),
                    _ => {
                        self.error_help(&ep, format!("`{code}` is not an error status"), "use 300 to 599 (a 3xx listed here is a failure, not a redirect to follow), `4XX`, `5XX` or `default`".into());
                        continue;
                    }
                },
            };
            let written = ty;
            let ty = ty
                .as_ref()
                .and_then(|t| self.top_ty(t, &ep))
                .map(|(t, _)| t);
            if ty.as_ref().is_some_and(|t| !matches!(t, Type::Named(_))) {
                // Error bodies become variants of the crate's `ErrorModel`, named after their type.
                let written = written.as_deref().unwrap_or_default().trim();
                self.value_error(
                    &ep,
                    format!("error body `{written}` must be a named type"),
                    Some("declare a model, union, enum or alias for it".into()),
                );
                continue;
            }
            errors.push(ErrorResponse { status, ty });
        }
        errors.sort_by_key(|e| e.status);
        errors
    }

    pub(super) fn returns(&mut self, responses: &[Response], path: &KeyPath) -> Returns {
        let kinds: std::collections::BTreeSet<&str> = responses
            .iter()
            .filter_map(|r| match r.content {
                Content::Json => r.ty.as_ref().map(|_| "JSON"),
                Content::Text => Some("text"),
                Content::Binary => Some("binary"),
            })
            .collect();
        if kinds.len() > 1 {
            self.error(
                path,
                format!(
                    "success responses mix {} answers; one method returns one kind",
                    kinds.into_iter().collect::<Vec<_>>().join(" and ")
                ),
            );
            return Returns::Unit;
        }
        // A bodiless status (304, say) of a binary or text method reads as empty content.
        match kinds.first() {
            Some(&"binary") => return Returns::Bytes,
            Some(&"text") => return Returns::Text,
            _ => {}
        }
        let bodies: Vec<&Type> = responses.iter().filter_map(|r| r.ty.as_ref()).collect();
        let names: std::collections::BTreeSet<String> =
            bodies.iter().map(|t| t.to_string()).collect();
        if names.len() > 1 {
            self.error(
                path,
                format!(
                    "success responses have different body types ({}); one method returns one type",
                    names.into_iter().collect::<Vec<_>>().join(", ")
                ),
            );
            return Returns::Unit;
        }
        let empty_statuses: Vec<u16> = responses
            .iter()
            .filter(|r| r.ty.is_none())
            .filter_map(|r| r.status)
            .collect();
        match bodies.first() {
            None => Returns::Unit,
            Some(&t) if empty_statuses.is_empty() => Returns::Body { ty: t.clone() },
            Some(&t) => Returns::OptionalBody {
                ty: t.clone(),
                empty_statuses,
            },
        }
    }

    /// The `Accept` header of a method whose answers are not plain JSON:
    /// the media types it declares, else what its kind of answer implies.
    pub(super) fn accept(responses: &[Response], returns: &Returns) -> Option<String> {
        let mut declared: Vec<&str> = Vec::new();
        for t in responses.iter().flat_map(|r| &r.content_types) {
            if !declared.contains(&t.as_str()) {
                declared.push(t);
            }
        }
        let plain_json = declared
            .iter()
            .all(|t| t.eq_ignore_ascii_case("application/json"));
        match returns {
            _ if !declared.is_empty() && !plain_json => Some(declared.join(", ")),
            Returns::Bytes if declared.is_empty() => Some("*/*".into()),
            Returns::Text if declared.is_empty() => Some("text/plain".into()),
            _ => None,
        }
    }

    /// The output struct of a method whose answers declare headers: each
    /// header once, required only when every success answer carries it.
    pub(super) fn output(
        &mut self,
        method: &str,
        responses: &[Response],
        path: &KeyPath,
    ) -> Option<Output> {
        let mut headers: Vec<ResponseHeader> = Vec::new();
        for r in responses {
            for h in &r.headers {
                match headers
                    .iter()
                    .find(|o| o.wire_name.eq_ignore_ascii_case(&h.wire_name))
                {
                    Some(o) if o.ty != h.ty || o.rust_name != h.rust_name => {
                        let code = |status: Option<u16>| {
                            status.map_or_else(|| "default".to_owned(), |s| s.to_string())
                        };
                        let first = responses
                            .iter()
                            .find(|x| {
                                x.headers
                                    .iter()
                                    .any(|y| y.wire_name.eq_ignore_ascii_case(&h.wire_name))
                            })
                            .map_or_else(String::new, |x| code(x.status));
                        self.error(
                            &path.key(&code(r.status)).key("headers").key(&h.wire_name),
                            format!(
                                "header `{}` differs from status {first}'s declaration of it",
                                h.wire_name
                            ),
                        );
                    }
                    Some(_) => {}
                    None => headers.push(h.clone()),
                }
            }
        }
        if headers.is_empty() {
            return None;
        }
        for h in &mut headers {
            h.required = responses.iter().all(|r| {
                r.headers
                    .iter()
                    .any(|x| x.wire_name.eq_ignore_ascii_case(&h.wire_name) && x.required)
            });
        }
        Some(Output {
            name: crate::naming::camel(&format!("{method}_output")),
            headers,
        })
    }
}

/// Every distinct error body type the services declare, sorted by name.
pub(super) fn error_models(services: &[Service]) -> Vec<TypeRef> {
    let mut out: BTreeMap<String, TypeRef> = BTreeMap::new();
    for e in services
        .iter()
        .flat_map(|s| &s.methods)
        .flat_map(|m| &m.errors)
    {
        if let Some(Type::Named(r)) = &e.ty {
            out.insert(r.name.clone(), r.clone());
        }
    }
    out.into_values().collect()
}
