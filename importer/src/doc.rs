//! The OpenAPI document: reading it (YAML or JSON), JSON pointers into it,
//! and following `$ref`s, which every other module does through here.

use serde_yaml::{Mapping, Value};

/// A parsed OpenAPI document.
pub struct Doc {
    /// The whole document.
    pub root: Value,
    /// The file name shown in provenance comments and findings.
    pub name: String,
    /// 30 for OpenAPI 3.0, 31 for 3.1.
    pub version: u8,
}

/// Why a document could not be read at all.
#[derive(Debug)]
pub struct LoadError {
    /// The document's name.
    pub file: String,
    /// 1-based line and column, when the parser knows them.
    pub at: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some((line, column)) => {
                write!(f, "error: {}:{line}:{column}: {}", self.file, self.message)
            }
            None => write!(f, "error: {}: {}", self.file, self.message),
        }
    }
}

impl Doc {
    /// Parses `source` (YAML or JSON, which YAML reads as well) named `name`.
    pub fn parse(name: &str, source: &str) -> Result<Doc, LoadError> {
        let fail = |at, message: String| LoadError {
            file: name.to_owned(),
            at,
            message,
        };
        let root: Value = serde_yaml::from_str(source)
            .map_err(|e| fail(e.location().map(|l| (l.line(), l.column())), e.to_string()))?;
        let Some(version) = root.get("openapi").and_then(Value::as_str) else {
            let swagger = root.get("swagger").is_some();
            let message = if swagger {
                "this is a Swagger 2.0 document; convert it to OpenAPI 3 first".to_owned()
            } else {
                "no `openapi` version: this is not an OpenAPI 3 document".to_owned()
            };
            return Err(fail(Some((1, 1)), message));
        };
        let version = if version.starts_with("3.0") {
            30
        } else if version.starts_with("3.1") {
            31
        } else {
            return Err(fail(
                Some((1, 1)),
                format!("OpenAPI {version} is not supported (3.0 and 3.1 are)"),
            ));
        };
        if !root.get("paths").map(Value::is_mapping).unwrap_or(false) {
            return Err(fail(Some((1, 1)), "the document has no `paths`".into()));
        }
        Ok(Doc {
            root,
            name: name.to_owned(),
            version,
        })
    }

    /// The value at a JSON pointer (`#/components/schemas/Device`).
    pub fn at(&self, pointer: &str) -> Option<&Value> {
        let rest = pointer.strip_prefix('#')?;
        let mut v = &self.root;
        for token in rest.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            v = match v {
                Value::Mapping(m) => m.get(token.as_str())?,
                Value::Sequence(s) => s.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(v)
    }

    /// Follows `$ref`s from `value` (found at `pointer`) to what they name,
    /// returning it with its own pointer. A `$ref` that leaves the document
    /// or names nothing is `Err` with the reference.
    pub fn deref<'a>(
        &'a self,
        pointer: &str,
        value: &'a Value,
    ) -> Result<(String, &'a Value), String> {
        let mut pointer = pointer.to_owned();
        let mut value = value;
        for _ in 0..32 {
            match value.get("$ref").and_then(Value::as_str) {
                Some(target) => {
                    if !target.starts_with("#/") {
                        return Err(format!("`$ref: {target}` points outside the document"));
                    }
                    value = self
                        .at(target)
                        .ok_or_else(|| format!("`$ref: {target}` names nothing in the document"))?;
                    pointer = target.to_owned();
                }
                None => return Ok((pointer, value)),
            }
        }
        Err("`$ref`s that loop".into())
    }

    /// `#/components/<section>` as a mapping (empty when absent).
    pub fn components(&self, section: &str) -> &Mapping {
        static EMPTY: std::sync::OnceLock<Mapping> = std::sync::OnceLock::new();
        self.root
            .get("components")
            .and_then(|c| c.get(section))
            .and_then(Value::as_mapping)
            .unwrap_or_else(|| EMPTY.get_or_init(Mapping::new))
    }
}

/// `base` with one more pointer token, escaped as RFC 6901 says.
pub fn child(base: &str, token: &str) -> String {
    format!("{base}/{}", token.replace('~', "~0").replace('/', "~1"))
}

/// A mapping's string keys with their values, in document order.
pub fn entries(m: &Mapping) -> impl Iterator<Item = (&str, &Value)> {
    m.iter().filter_map(|(k, v)| k.as_str().map(|k| (k, v)))
}

/// The string at `key` of `v`.
pub fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The boolean at `key` of `v` (false when absent).
pub fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}
