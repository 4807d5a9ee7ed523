//! A request body as the JSON value of its fields, whatever its media type,
//! so the checks of inputs sent and inputs declared read forms and multipart
//! bodies as they read JSON ones.

use sdkgen::wire::MediaKind;
use serde_json::{Map, Value};

/// The fields of a request body: JSON as it is, a form's pairs, a multipart
/// body's parts (JSON parts parsed, file parts as their name); `None` for raw content.
pub fn fields(body: &[u8]) -> Option<Value> {
    if let Ok(v) = serde_json::from_slice::<Value>(body) {
        return Some(v);
    }
    let text = String::from_utf8_lossy(body);
    if let Some(boundary) = text.strip_prefix("--").and_then(|t| t.split("\r\n").next()) {
        return Some(multipart(&text, boundary));
    }
    let pairs = form(&text)?;
    Some(Value::Object(pairs))
}

/// The schema, among the media types of a request body's `content`, that
/// describes `body` as the SDK sent it: the vendor may declare several, and
/// the one the SDK sent is told by the body's shape (multipart, JSON, or a
/// form), then by the SDK's own preference among that kind.
pub fn sent_schema<'a>(content: &'a Value, body: &[u8]) -> Option<&'a Value> {
    let multipart: fn(MediaKind) -> bool = MediaKind::is_multipart;
    let json: fn(MediaKind) -> bool = MediaKind::is_json;
    let form: fn(MediaKind) -> bool = |k| k == MediaKind::Form;
    let kinds = if body.starts_with(b"--") {
        [multipart, form, json]
    } else if serde_json::from_slice::<Value>(body).is_ok() {
        [json, form, multipart]
    } else {
        [form, json, multipart]
    };
    let content = content.as_object()?;
    kinds
        .iter()
        .find_map(|fits| {
            content
                .iter()
                .filter(|(media, _)| fits(MediaKind::of(media)))
                .min_by_key(|(media, _)| MediaKind::of(media))
                .and_then(|(_, item)| item.get("schema"))
        })
        // Raw content (`application/octet-stream`, a file's bytes) is sent as
        // it is, whatever its bytes look like: it has no fields to check.
        .or_else(|| {
            content
                .iter()
                .min_by_key(|(media, _)| MediaKind::of(media))
                .and_then(|(_, item)| item.get("schema"))
        })
}

/// `a=1&b=2&b=3` as `{"a": "1", "b": ["2", "3"]}`; `None` unless every pair has a key.
fn form(text: &str) -> Option<Map<String, Value>> {
    let mut out = Map::new();
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=')?;
        let (key, value) = (decode(key), Value::String(decode(value)));
        if key.is_empty() || key.contains(char::is_whitespace) {
            return None;
        }
        add(&mut out, key, value);
    }
    (!out.is_empty()).then_some(out)
}

fn add(out: &mut Map<String, Value>, key: String, value: Value) {
    match out.get_mut(&key) {
        Some(Value::Array(items)) => items.push(value),
        Some(first) => *first = Value::Array(vec![first.take(), value]),
        None => {
            out.insert(key, value);
        }
    }
}

/// A form or query component decoded: `+` is a space, then `%XX` escapes.
pub(crate) fn decode(text: &str) -> String {
    percent_decode(&text.replace('+', " "))
}

/// `text` with its `%XX` escapes decoded; anything else, a malformed escape
/// included, kept as it is (a path keeps `+`).
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The parts of a multipart body by name.
fn multipart(text: &str, boundary: &str) -> Value {
    let mut out = Map::new();
    for part in text.split(&format!("--{boundary}")).skip(1) {
        let Some((head, content)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let Some(name) = head
            .split("name=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
        else {
            continue;
        };
        let content = content.strip_suffix("\r\n").unwrap_or(content);
        let value = if head
            .to_ascii_lowercase()
            .contains("content-type: application/json")
        {
            serde_json::from_str(content).unwrap_or(Value::String(content.to_owned()))
        } else {
            Value::String(content.to_owned())
        };
        add(&mut out, name.to_owned(), value);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn forms_and_multipart_bodies_read_as_their_fields() {
        assert_eq!(
            fields(b"grant_type=refresh_token&scope=a%20b&scope=c").unwrap(),
            json!({"grant_type": "refresh_token", "scope": ["a b", "c"]})
        );
        let body = "--X\r\nContent-Disposition: form-data; name=\"to\"\r\nContent-Type: application/json\r\n\r\n[{\"phoneNumber\":\"+1\"}]\r\n\
                    --X\r\nContent-Disposition: form-data; name=\"coverIndex\"\r\n\r\n2\r\n\
                    --X\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"a.pdf\"\r\n\r\n%PDF\r\n--X--\r\n";
        assert_eq!(
            fields(body.as_bytes()).unwrap(),
            json!({"to": [{"phoneNumber": "+1"}], "coverIndex": "2", "attachment": "%PDF"})
        );
        assert_eq!(fields(&[0, 159, 146, 150]), None);
    }

    #[test]
    fn raw_content_is_described_by_its_media_type_whatever_its_bytes() {
        let content =
            json!({"application/octet-stream": {"schema": {"type": "string", "format": "byte"}}});
        // Bytes that happen to read as JSON or as a form pair are still the file.
        for body in [&b"12"[..], b"a=b", b"\x89PNG"] {
            assert_eq!(
                sent_schema(&content, body),
                Some(&json!({"type": "string", "format": "byte"}))
            );
        }
        let both = json!({
            "application/json": {"schema": {"type": "object"}},
            "application/octet-stream": {"schema": {"type": "string"}}
        });
        assert_eq!(sent_schema(&both, b"{}"), Some(&json!({"type": "object"})));
    }
}
