//! Reading one file of a document into a JSON tree: JSON as JSON, YAML as
//! YAML, with a number no Rust type holds read (and noted) rather than a
//! stop.
//!
//! JSON goes through serde_json because JSON allows strings a YAML parser
//! refuses (C1 control characters, for one). YAML goes through serde_yaml
//! into the same tree: keys become text (`200:` is the key `"200"`), and
//! integers past 64 bits, which serde_yaml hands over as 128-bit values the
//! JSON tree cannot hold, become the nearest float.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::pointer;

/// Why a document (or one file of it) could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file, as the maintainer named it or relative to the document's folder.
    pub file: String,
    /// 1-based line and column, when known.
    pub at: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, column)) => {
                write!(f, "error: {}:{line}:{column}: {}", self.file, self.message)
            }
            None => write!(f, "error: {}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for LoadError {}

/// Something read, but not exactly as written, at a pointer of its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Where in the file (`#/components/schemas/A/minimum`).
    pub pointer: String,
    /// What was read instead.
    pub message: String,
}

/// Which syntax a file is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// JSON, read by serde_json.
    Json,
    /// YAML, read by serde_yaml.
    Yaml,
    /// A Markdown, text or HTML file ([`TEXT_FILES`]): its text, a string.
    Text,
}

impl Syntax {
    /// Text for a file of [`TEXT_FILES`]; JSON for a `.json` file, or
    /// (whatever the name) text whose first character is `{`; YAML otherwise.
    pub fn of(name: &str, text: &str) -> Syntax {
        let extension = name.rsplit('.').next().unwrap_or(name);
        if name.contains('.') && TEXT_FILES.iter().any(|t| extension.eq_ignore_ascii_case(t)) {
            Syntax::Text
        } else if extension.eq_ignore_ascii_case("json")
            || text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('{')
        {
            Syntax::Json
        } else {
            Syntax::Yaml
        }
    }
}

/// Extensions of files a `$ref` takes as their text, a string: documents
/// that keep long descriptions in Markdown files beside them refer to
/// those (`description: {$ref: ./markdown/tags/account.md}`), as the
/// bundlers of their vendors' tools allow.
pub const TEXT_FILES: &[&str] = &["md", "markdown", "txt", "html"];

/// Parses `text` (file `name`) into a tree, with the notices of what was not
/// read exactly. A Markdown, text or HTML file is its text.
pub fn parse(name: &str, text: &str) -> Result<(Value, Vec<Notice>), LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match Syntax::of(name, text) {
        Syntax::Text => Ok((Value::String(text.to_owned()), Vec::new())),
        Syntax::Json => parse_json(name, text).or_else(|error| read_as_yaml(name, text, error)),
        Syntax::Yaml => parse_yaml(name, text),
    }
}

/// A JSON file that is not strict JSON, read as YAML if YAML reads it.
/// Hand-kept JSON files (examples beside a document, most often) carry a
/// trailing comma now and then, which the vendor's own YAML-based tools
/// accept: every JSON text is YAML, and YAML's flow collections allow that
/// comma. Whatever YAML also refuses is the JSON error, which names the
/// place JSON stopped at.
fn read_as_yaml(
    name: &str,
    text: &str,
    json_error: LoadError,
) -> Result<(Value, Vec<Notice>), LoadError> {
    let (value, mut notices) = parse_yaml(name, text).map_err(|_| json_error.clone())?;
    let at = json_error
        .at
        .map(|(line, column)| format!(" at line {line} column {column}"))
        .unwrap_or_default();
    notices.insert(
        0,
        Notice {
            pointer: "#".to_owned(),
            message: format!(
                "not valid JSON ({}{at}); read as YAML, which accepts it",
                json_error
                    .message
                    .split(" at line ")
                    .next()
                    .unwrap_or(&json_error.message)
            ),
        },
    );
    Ok((value, notices))
}

fn parse_yaml(name: &str, text: &str) -> Result<(Value, Vec<Notice>), LoadError> {
    let mut notices = Vec::new();
    let seed = Tree {
        at: "#".to_owned(),
        notices: &mut notices,
    };
    let value = seed
        .deserialize(serde_yaml::Deserializer::from_str(text))
        .map_err(|e| LoadError {
            file: name.to_owned(),
            at: e.location().map(|l| (l.line(), l.column())),
            message: e.to_string(),
        })?;
    Ok((value, notices))
}

/// serde_json refuses a number past `f64` (`1e400`) before any visitor sees
/// it, so such a literal is read as the text it is, and noted.
fn parse_json(name: &str, text: &str) -> Result<(Value, Vec<Notice>), LoadError> {
    let mut source = std::borrow::Cow::Borrowed(text);
    let mut replaced: Vec<String> = Vec::new();
    loop {
        match serde_json::from_str::<Value>(&source) {
            Ok(value) => {
                let mut notices = Vec::new();
                if !replaced.is_empty() {
                    find_replaced(&value, "#", &replaced, &mut notices);
                }
                return Ok((value, notices));
            }
            Err(e) => {
                let fail = || LoadError {
                    file: name.to_owned(),
                    at: Some((e.line(), e.column())),
                    message: e.to_string(),
                };
                if !e.to_string().starts_with("number out of range") || replaced.len() >= 1000 {
                    return Err(fail());
                }
                let Some((start, end)) = number_before(&source, e.line(), e.column()) else {
                    return Err(fail());
                };
                let literal = source[start..end].to_owned();
                source = std::borrow::Cow::Owned(format!(
                    "{}\"{literal}\"{}",
                    &source[..start],
                    &source[end..]
                ));
                replaced.push(literal);
            }
        }
    }
}

/// The byte range of the number literal that ends at or just before
/// `line`:`column` (1-based, as serde_json reports it).
fn number_before(text: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let line_text = text[line_start..].split('\n').next()?;
    let bytes = line_text.as_bytes();
    let is_number = |b: u8| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E');
    let mut end = column.min(bytes.len());
    while end > 0 && !is_number(bytes[end - 1]) {
        end -= 1;
    }
    while end < bytes.len() && is_number(bytes[end]) {
        end += 1;
    }
    let mut start = end;
    while start > 0 && is_number(bytes[start - 1]) {
        start -= 1;
    }
    (start < end).then_some((line_start + start, line_start + end))
}

fn find_replaced(value: &Value, at: &str, replaced: &[String], out: &mut Vec<Notice>) {
    match value {
        Value::String(s) if replaced.contains(s) => out.push(Notice {
            pointer: at.to_owned(),
            message: format!("the number {s} is past the range of every Rust number type; read as the text \"{s}\""),
        }),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| find_replaced(v, &format!("{at}/{i}"), replaced, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| find_replaced(v, &pointer::child(at, k), replaced, out)),
        _ => {}
    }
}

/// A YAML value read into the JSON tree, knowing its pointer for notices.
struct Tree<'n> {
    at: String,
    notices: &'n mut Vec<Notice>,
}

impl<'de> DeserializeSeed<'de> for Tree<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Tree<'_> {
    fn wide(self, text: String, as_float: f64) -> Value {
        let message = format!("the integer {text} is past 64 bits; read as the float {as_float:e}");
        self.notices.push(Notice {
            pointer: self.at,
            message,
        });
        Number::from_f64(as_float).map_or(Value::String(text), Value::Number)
    }
}

impl<'de> Visitor<'de> for Tree<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(self.wide(v.to_string(), v as f64))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(self.wide(v.to_string(), v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // `.inf` and `.nan` have no JSON number; their YAML text keeps them.
        Ok(Number::from_f64(v).map_or_else(
            || {
                let text = if v.is_nan() {
                    ".nan"
                } else if v > 0.0 {
                    ".inf"
                } else {
                    "-.inf"
                };
                self.notices.push(Notice {
                    pointer: self.at.clone(),
                    message: format!("{text} has no JSON number; read as the text \"{text}\""),
                });
                Value::String(text.to_owned())
            },
            Value::Number,
        ))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let at = format!("{}/{}", self.at, items.len());
            match seq.next_element_seed(Tree {
                at,
                notices: &mut *self.notices,
            })? {
                Some(v) => items.push(v),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key_seed(Key)? {
            let at = pointer::child(&self.at, &key);
            let value = map.next_value_seed(Tree {
                at,
                notices: &mut *self.notices,
            })?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// A mapping key as text, whatever scalar YAML read it as (`200`, `true`).
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar mapping key")
    }

    fn visit_bool<E>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i128<E>(self, v: i128) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u128<E>(self, v: u128) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_integers_past_64_bits_become_floats_with_a_notice() {
        let (v, notices) = parse(
            "a.yaml",
            "s:\n  minimum: -9223372036854776000\n  maximum: 18446744073709551616\n",
        )
        .unwrap();
        assert_eq!(v["s"]["minimum"].as_f64(), Some(-9223372036854775808.0));
        assert_eq!(v["s"]["maximum"].as_f64(), Some(18446744073709551616.0));
        assert_eq!(notices.len(), 2);
        assert_eq!(notices[0].pointer, "#/s/minimum");
        assert!(
            notices[0].message.contains("-9223372036854776000"),
            "{}",
            notices[0].message
        );
    }

    #[test]
    fn a_json_file_with_a_trailing_comma_is_read_as_yaml_with_a_notice() {
        let (v, notices) =
            parse("example.json", "{\n  \"a\": [1, 2,],\n  \"b\": \"x\",\n}\n").unwrap();
        assert_eq!(v, serde_json::json!({"a": [1, 2], "b": "x"}));
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].pointer, "#");
        assert_eq!(
            notices[0].message,
            "not valid JSON (trailing comma at line 2 column 14); read as YAML, which accepts it"
        );
        // What YAML refuses too is the JSON error, at JSON's place.
        let e = parse("example.json", "{\"a\": 1 \"b\": 2}").unwrap_err();
        assert_eq!(e.at, Some((1, 9)));
        assert!(e.message.starts_with("expected `,` or `}`"), "{e}");
    }

    #[test]
    fn a_markdown_file_is_its_text() {
        let text = "# Accounts\n\nSee [the guide](https://example.com): *all* of it.\n";
        assert_eq!(
            parse("tags/ACCOUNT.MD", text).unwrap().0,
            Value::String(text.into())
        );
    }

    #[test]
    fn yaml_keys_are_text_and_order_is_kept() {
        let (v, _) = parse("a.yaml", "z: 1\n200: ok\ntrue: yes\na: .inf\n").unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["z", "200", "true", "a"]);
        assert_eq!(v["a"], "inf".replace("inf", ".inf"));
    }

    #[test]
    fn json_is_read_as_json_with_c1_controls_and_numbers_past_f64() {
        let text =
            "{\"d\": \"a\u{85}b\", \"big\": {\"maximum\": 1e400}, \"n\": -9223372036854776000}";
        let (v, notices) = parse("doc.json", text).unwrap();
        assert_eq!(v["d"], "a\u{85}b");
        assert_eq!(v["big"]["maximum"], "1e400");
        assert_eq!(v["n"].as_f64(), Some(-9223372036854775808.0));
        assert_eq!(notices, [Notice { pointer: "#/big/maximum".into(), message: "the number 1e400 is past the range of every Rust number type; read as the text \"1e400\"".into() }]);
    }

    #[test]
    fn a_syntax_error_names_line_and_column() {
        let e = parse("doc.json", "{\n  \"a\": [1,\n}").unwrap_err();
        assert_eq!((e.file.as_str(), e.at.map(|a| a.0)), ("doc.json", Some(3)));
        let e = parse("doc.yaml", "a: [1\nb: 2\n").unwrap_err();
        assert!(e.at.is_some(), "{e}");
    }
}
