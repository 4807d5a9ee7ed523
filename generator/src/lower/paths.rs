//! Path and server URL templates: `/a/{b}/c`.

use std::collections::BTreeSet;

use crate::ir::PathPart;

/// Splits `/a/{b}/c` into literal and parameter parts, or says why it cannot.
pub fn split_template(t: &str) -> Result<Vec<PathPart>, String> {
    let mut parts = Vec::new();
    let mut rest = t;
    let mut seen = BTreeSet::new();
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                parts.push(PathPart::Literal(rest.to_owned()));
                break;
            }
            Some(i) if rest.as_bytes()[i] == b'}' => {
                return Err("`}` without a matching `{`".into())
            }
            Some(i) => {
                if i > 0 {
                    parts.push(PathPart::Literal(rest[..i].to_owned()));
                } else if matches!(parts.last(), Some(PathPart::Param(_))) {
                    return Err(
                        "two parameters with nothing between them cannot be told apart".into(),
                    );
                }
                let after = &rest[i + 1..];
                let close = after.find('}').ok_or("`{` without a matching `}`")?;
                let name = &after[..close];
                if name.is_empty()
                    || !name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
                {
                    return Err(format!("`{{{name}}}` is not a parameter name"));
                }
                if !seen.insert(name.to_owned()) {
                    return Err(format!("`{{{name}}}` appears twice"));
                }
                parts.push(PathPart::Param(name.to_owned()));
                rest = &after[close + 1..];
            }
        }
    }
    if parts
        .iter()
        .any(|p| matches!(p, PathPart::Literal(l) if l.contains(['?', '#', ' '])))
    {
        return Err("a path may not contain `?`, `#` or spaces; use query parameters".into());
    }
    Ok(parts)
}

/// The parameter names a template uses, in order.
pub fn placeholders(parts: &[PathPart]) -> Vec<&str> {
    parts
        .iter()
        .filter_map(|p| match p {
            PathPart::Param(n) => Some(n.as_str()),
            PathPart::Literal(_) => None,
        })
        .collect()
}
