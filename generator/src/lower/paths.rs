//! Path and server URL templates: `/a/{b}/c`.

use crate::ir::PathPart;

/// Splits `/a/{b}/c` into literal and parameter parts, or says why it cannot.
/// A parameter may appear more than once (`/a/{id}/b/{id}`): each place
/// takes its one value.
pub fn split_template(t: &str) -> Result<Vec<PathPart>, String> {
    let mut parts = Vec::new();
    let mut rest = t;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                parts.push(PathPart::Literal(rest.to_owned()));
                break;
            }
            Some(i) if rest.as_bytes()[i] == b'}' => {
                return Err("`}` without a matching `{`".into());
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

/// The parameter names a template uses, each once, in the order they first appear.
pub fn placeholders(parts: &[PathPart]) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for part in parts {
        if let PathPart::Param(n) = part {
            if !names.contains(&n.as_str()) {
                names.push(n);
            }
        }
    }
    names
}

/// Decoded `key=value` pairs a path template fixes, in template order.
pub type FixedQuery = Vec<(String, String)>;

/// Splits a method's path template at its `?` into the path and the fixed
/// query pairs it carries (`/responses?beta=true`), percent-decoded; the
/// runtime encodes them again when it sends them.
///
/// APIs such as OpenAI's list `/responses` and `/responses?beta=true` as two
/// operations, so the pairs are part of what identifies the method.
pub fn split_fixed_query(t: &str) -> Result<(&str, FixedQuery), String> {
    if t.contains('#') {
        return Err("a path may not contain `#`".into());
    }
    let Some((path, query)) = t.split_once('?') else {
        return Ok((t, Vec::new()));
    };
    if query.contains([' ', '?', '{', '}']) {
        return Err(
            "the fixed query after `?` may not contain spaces, `?` or `{…}`; use query parameters for values the caller chooses"
                .into(),
        );
    }
    let mut pairs = Vec::new();
    for pair in query.split('&') {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(if pair.is_empty() {
                "the fixed query has an empty pair (`?`, `&&` or a trailing `&`)".into()
            } else {
                format!(
                    "the fixed query pair `{pair}` has no `=`; write `{pair}=` for an empty value"
                )
            });
        };
        if key.is_empty() {
            return Err(format!("the fixed query pair `{pair}` has an empty key"));
        }
        pairs.push((percent_decode(key)?, percent_decode(value)?));
    }
    Ok((path, pairs))
}

/// `text` with its `%XX` escapes decoded; `+` stays a plus sign, as in any
/// URL query that is not form-encoded.
fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).unwrap_or("");
            let byte = u8::from_str_radix(hex, 16)
                .ok()
                .filter(|_| hex.len() == 2 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                .ok_or_else(|| {
                    format!("`{text}` holds a `%` that is not followed by two hex digits")
                })?;
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("`{text}` does not decode to UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_query_is_split_off_and_decoded() {
        let pairs = |v: &[(&str, &str)]| {
            v.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(split_fixed_query("/a/{b}").unwrap(), ("/a/{b}", Vec::new()));
        assert_eq!(
            split_fixed_query("/a/{b}/cancel?beta=true&x%20y=a%2Bb+c&e=").unwrap(),
            (
                "/a/{b}/cancel",
                pairs(&[("beta", "true"), ("x y", "a+b+c"), ("e", "")])
            )
        );
    }

    #[test]
    fn a_fixed_query_that_cannot_be_sent_as_written_is_refused() {
        for bad in [
            "/a#frag",
            "/a?",
            "/a?b=1&&c=2",
            "/a?b=1&",
            "/a?=1",
            "/a?flag",
            "/a?b=x y",
            "/a?b={c}",
            "/a?b=%zz",
            "/a?b=%e9",
        ] {
            assert!(split_fixed_query(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_parameter_may_fill_several_places() {
        let parts = split_template("/a/{id}/{action}/{id}").unwrap();
        assert_eq!(
            parts,
            vec![
                PathPart::Literal("/a/".into()),
                PathPart::Param("id".into()),
                PathPart::Literal("/".into()),
                PathPart::Param("action".into()),
                PathPart::Literal("/".into()),
                PathPart::Param("id".into()),
            ]
        );
        assert_eq!(placeholders(&parts), ["id", "action"]);
    }
}
