//! Doc text of methods and their setters: what is sent where, what comes
//! back, what can fail, and a compiling example.

use super::checks::constraint_notes;
use super::{docs, examples};
use crate::ir::{
    Api, BodyEncoding, ErrorStatus, Method, Param, ParamLocation, QueryStyle, Returns, Service,
    Type,
};

/// How a parameter location reads in docs.
pub fn location_word(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
    }
}

/// Where a parameter's value goes, as docs say it (`query parameter `page``).
fn sent_as(p: &Param) -> String {
    if p.style == QueryStyle::FormObject {
        // The wire name is not sent at all: only the properties are.
        return "query parameters, one `property=value` pair per property".to_owned();
    }
    if p.style == QueryStyle::FormObjectJoined {
        return format!(
            "query parameter `{}`, its property names and values alternating, joined by commas",
            p.wire_name
        );
    }
    format!("{} `{}`", location_word(p.location), p.wire_name)
}

/// Doc lines of the setter of an optional parameter.
pub fn setter(p: &Param) -> Vec<String> {
    let mut lines = p.doc.as_deref().map(docs::lines).unwrap_or_default();
    if lines.is_empty() {
        lines.push(format!("Sets the `{}` parameter.", p.wire_name));
    }
    let mut notes = vec![format!("Sent as {}.", sent_as(p))];
    if p.location == ParamLocation::Header && crate::wire::is_idempotency_key(&p.wire_name) {
        notes.push("The idempotency key: unset, the SDK makes one for the call; either way every attempt sends the same key, so the call is retried like a PUT.".to_owned());
    }
    if let Some(d) = &p.default {
        notes.push(format!("Server default: `{d}`."));
    }
    notes.extend(constraint_notes(&p.constraints));
    lines.push(String::new());
    lines.push(notes.join(" "));
    lines
}

/// Doc lines of a method.
pub fn method(api: &Api, s: &Service, m: &Method) -> Vec<String> {
    let mut doc = Vec::new();
    if let Some(summary) = &m.summary {
        doc.extend(docs::lines(summary));
        doc.push(String::new());
    }
    doc.extend(m.doc.as_deref().map(docs::lines).unwrap_or_default());
    if doc.is_empty() {
        doc.push(format!("Calls `{}`.", m.operation_id));
    }
    doc.push(String::new());
    doc.push(format!(
        "`{} {}` (operation `{}`).",
        m.http_method.as_str(),
        m.path,
        m.operation_id
    ));
    if let Some(require) = &m.security {
        // Said only where it differs from the API's, which the README gives.
        doc.push(String::new());
        doc.push(if require.is_empty() {
            "Sent without credentials.".to_owned()
        } else {
            format!(
                "Sends the credentials of {}: the first the client has.",
                super::security::in_words(require)
            )
        });
    }
    if let Some(group) = &m.rate_group {
        doc.push(String::new());
        doc.push(format!("Counts against the `{group}` rate-limit group."));
    }
    doc.push(String::new());
    let (returns, held) = match &m.returns {
        Returns::Unit => ("()".to_owned(), None),
        Returns::Body { ty } => (ty.to_string(), Some(ty)),
        Returns::OptionalBody { ty, .. } => (format!("Option<{ty}>"), Some(ty)),
        Returns::Bytes => ("Bytes".to_owned(), None),
        Returns::Text => ("String".to_owned(), None),
    };
    // Every type the answer names is a link, as rustdoc shows a signature's.
    let mut named = Vec::new();
    if let Some(ty) = held {
        named_types(ty, &mut named);
    }
    let links: Vec<String> = named
        .iter()
        .map(|n| format!("[`{n}`](crate::models::{n})"))
        .collect();
    let returns = match links.as_slice() {
        [] => format!("`{returns}`"),
        [only] if Some(&returns) == named.first() => only.clone(),
        _ => format!("`{returns}` ({})", links.join(", ")),
    };
    doc.push(format!(
        "Returns {returns}; see [`Error`](crate::Error) for what can fail."
    ));
    let required: Vec<&Param> = m.required_params().collect();
    if !required.is_empty()
        || m.body
            .as_ref()
            .is_some_and(|b| b.required || b.files.iter().any(|f| f.required))
    {
        doc.push(String::new());
        doc.push("# Arguments".into());
        doc.push(String::new());
        for p in required {
            let what = p
                .doc
                .as_deref()
                .map(|d| docs::lines(d).join(" "))
                .unwrap_or_else(|| format!("the `{}` parameter", p.wire_name));
            doc.push(format!(
                "- `{}`: {what} (sent as {})",
                p.rust_name,
                sent_as(p)
            ));
        }
        if let Some(b) = m.body.as_ref().filter(|b| b.required) {
            let ty = match &b.ty {
                Some(Type::Named(r)) => Some(format!("[`{0}`](crate::models::{0})", r.name)),
                Some(other) => Some(format!("`{other}`")),
                None if b.encoding == BodyEncoding::Binary => {
                    Some(format!("raw `{}` content", b.content_type))
                }
                None => None,
            };
            if let Some(ty) = ty {
                doc.push(format!("- `body`: the request body, {ty}"));
            }
        }
        for f in m.body.iter().flat_map(|b| &b.files).filter(|f| f.required) {
            let what = f
                .doc
                .as_deref()
                .map(|d| docs::lines(d).join(" "))
                .unwrap_or_else(|| format!("the `{}` file", f.wire_name));
            let many = if f.multiple {
                " (one part per file)"
            } else {
                ""
            };
            doc.push(format!(
                "- `{}`: {what}{many} (sent as file part `{}`)",
                f.rust_name, f.wire_name
            ));
        }
    }
    let declared: Vec<String> = m
        .errors
        .iter()
        .map(|e| {
            let status = match e.status {
                ErrorStatus::Code(c) => c.to_string(),
                ErrorStatus::Class(k) => format!("{k}XX"),
                ErrorStatus::Default => "any other error status".to_owned(),
            };
            match &e.ty {
                Some(t) => format!("{status} ([`{t}`](crate::models::{t}))"),
                None => status,
            }
        })
        .collect();
    doc.push(String::new());
    doc.push("# Errors".into());
    doc.push(String::new());
    doc.push("[`Error::Validation`](crate::Error) when an argument breaks the spec's constraints (nothing is sent); transport, timeout and decode errors; [`Error::Api`](crate::Error) for any non-success status.".into());
    if !declared.is_empty() {
        doc.push(format!("The spec declares error bodies for: {}; they are parsed into [`ErrorModel`](crate::ErrorModel).", declared.join(", ")));
    }
    doc.extend(examples::method_example(api, s, m));
    doc
}

/// The names of the model, enum, union and alias types `ty` holds, each once.
fn named_types(ty: &Type, out: &mut Vec<String>) {
    match ty {
        Type::Named(r) => {
            if !out.contains(&r.name) {
                out.push(r.name.clone());
            }
        }
        Type::List(t) | Type::Map(t) | Type::Nullable(t) => named_types(t, out),
        Type::Primitive(_) => {}
    }
}
