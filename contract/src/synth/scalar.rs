//! Scalar values of a schema (strings of a format or pattern, numbers within
//! bounds) and the small questions the builder asks of schemas.

use serde_json::Value;

use super::pattern;

/// Whether a scalar example or default keeps its own schema's type, enum,
/// bounds, pattern, length and format (vendors' examples do not always).
pub(super) fn fits(schema: &Value, example: &Value) -> bool {
    let types = types_of(schema);
    let typed = match example {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        _ => "",
    };
    if !types.is_empty()
        && !types
            .iter()
            .any(|t| t == typed || t == "number" && typed == "integer")
    {
        return false;
    }
    if let Some(values) = schema["enum"].as_array() {
        if !values.contains(example) {
            return false;
        }
    }
    if let Some(n) = example.as_f64() {
        return schema["minimum"].as_f64().is_none_or(|m| n >= m)
            && schema["maximum"].as_f64().is_none_or(|m| n <= m)
            && schema["exclusiveMinimum"].as_f64().is_none_or(|m| n > m)
            && schema["exclusiveMaximum"].as_f64().is_none_or(|m| n < m);
    }
    let Some(text) = example.as_str() else {
        return true;
    };
    let length = text.chars().count() as u64;
    let pattern_ok = schema["pattern"]
        .as_str()
        .and_then(|p| regex_lite::Regex::new(p).ok())
        .is_none_or(|re| re.is_match(text));
    pattern_ok
        && keeps_format(schema["format"].as_str().unwrap_or_default(), text)
        && schema["minLength"].as_u64().is_none_or(|m| length >= m)
        && schema["maxLength"].as_u64().is_none_or(|m| length <= m)
}

/// Whether `text` is a value of the formats Prism checks that vendors'
/// examples break (a date as the example of a date-time, a file name as
/// `byte` content).
pub(super) fn keeps_format(format: &str, text: &str) -> bool {
    match format {
        "date-time" => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
        "date" => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
        "uuid" => crate::vendor::is_uuid(text),
        "byte" => is_base64(text),
        _ => true,
    }
}

/// Whether `text` is standard base64 (padded), as `format: byte` asks.
fn is_base64(text: &str) -> bool {
    text.len().is_multiple_of(4)
        && text.trim_end_matches('=').len() + 2 >= text.len()
        && text
            .trim_end_matches('=')
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/')
}

pub(super) fn is_required(schema: &Value, name: &str) -> bool {
    schema["required"]
        .as_array()
        .is_some_and(|r| r.iter().any(|n| n == name))
}

pub(super) fn read_only(schema: &Value) -> bool {
    schema["readOnly"] == true
}

/// The types a schema allows (3.1 lists them; 3.0 gives one).
pub(super) fn types_of(schema: &Value) -> Vec<String> {
    match &schema["type"] {
        Value::String(t) => vec![t.clone()],
        Value::Array(list) => list
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

pub(super) fn example(schema: &Value) -> Option<Value> {
    schema.get("example").cloned().or_else(|| {
        schema["examples"]
            .as_array()
            .and_then(|e| e.first())
            .cloned()
    })
}

/// A number within the schema's bounds, `preferred` when it fits.
pub(super) fn number(schema: &Value, preferred: f64) -> f64 {
    let min = schema["minimum"]
        .as_f64()
        .or(schema["exclusiveMinimum"].as_f64().map(|m| m + 1.0));
    let max = schema["maximum"]
        .as_f64()
        .or(schema["exclusiveMaximum"].as_f64().map(|m| m - 1.0));
    let mut n = preferred;
    if let Some(min) = min {
        n = n.max(min);
    }
    if let Some(max) = max {
        n = n.min(max);
    }
    n
}

/// A string of the schema's format, within its length bounds and pattern.
pub(super) fn string(schema: &Value) -> String {
    let format = schema["format"].as_str().unwrap_or_default();
    let base = match format {
        "date-time" | "date_time" => "2026-11-25T10:00:00Z",
        "date" => "2026-11-25",
        "time" => "10:00:00",
        "email" => "user@example.com",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "uri" | "url" => "https://example.com/resource",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "Y29udGVudA==",
        "int64" | "int32" => "1",
        _ => "string",
    };
    let min = schema["minLength"].as_u64().unwrap_or(0) as usize;
    let max = schema["maxLength"]
        .as_u64()
        .map_or(usize::MAX, |m| m as usize);
    let fit = |s: &str| -> String {
        let mut s = s.to_owned();
        while s.chars().count() < min {
            s.push('x');
        }
        s.chars().take(max).collect()
    };
    let Some(pattern) = schema["pattern"].as_str() else {
        return fit(base);
    };
    let Ok(re) = regex_lite::Regex::new(pattern) else {
        return fit(base);
    };
    // The format's own value or a plain word when the pattern allows them,
    // else a string built from the pattern, else a few shapes real patterns
    // ask for that the pattern parser does not read.
    let candidates = [
        base,
        "string",
        "1",
        "12345",
        "+16505550100",
        "A1",
        "abc",
        "2026-11-25",
        "2026-11-25T10:00:00Z",
        "2026-11-25T10:00:00",
        "10:00",
        "10:00:00",
        "user@example.com",
        "US",
    ];
    let fitting = |c: &String| re.is_match(c) && c.chars().count() >= min;
    candidates[..2]
        .iter()
        .map(|c| fit(c))
        .find(fitting)
        .or_else(|| pattern::matching(pattern, min, max))
        .or_else(|| candidates[2..].iter().map(|c| fit(c)).find(fitting))
        .unwrap_or_else(|| fit(base))
}
