//! A whole OpenAPI 3.0 or 3.1 document, read from one file or joined from
//! several: its tree, and the one way to follow a `$ref` in it.

use std::path::Path;

use serde_json::{Map, Value};

use crate::bundle::{self, Origin};
use crate::load::{self, LoadError};
use crate::normalise;
use crate::pointer;
use crate::swagger2;

/// The OpenAPI version a document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Version {
    /// OpenAPI 3.0.x.
    V30,
    /// OpenAPI 3.1.x.
    V31,
}

/// Something the reader did not take exactly as written, at the file and
/// pointer where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadNotice {
    /// The file and pointer (`openai.yaml#/components/schemas/A/minimum`).
    pub location: String,
    /// Its pointer in the joined document, where the importer meets it.
    pub at: String,
    /// What was read instead.
    pub message: String,
}

/// A parsed OpenAPI document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The whole document, every file of it joined (see [`crate::bundle`]).
    pub root: Value,
    /// The root file's name, shown in provenance comments and findings.
    pub name: String,
    /// The declared OpenAPI version.
    pub version: Version,
    origins: Vec<Origin>,
    notices: Vec<ReadNotice>,
}

impl Document {
    /// Reads the document at `path`, following its relative `$ref`s to
    /// other files of its folder.
    pub fn load(path: &Path) -> Result<Document, LoadError> {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("document")
            .to_owned();
        let text = std::fs::read_to_string(path).map_err(|e| LoadError {
            file: path.display().to_string(),
            at: None,
            message: format!("cannot read it: {e}"),
        })?;
        let folder = path.parent().unwrap_or(Path::new("."));
        Document::read(folder, &name, &text)
    }

    /// Reads a one-file document from text; a `$ref` to another file is an
    /// error, as there is no folder to find it in.
    pub fn parse(name: &str, text: &str) -> Result<Document, LoadError> {
        let missing = Path::new("/nonexistent/sdkgen-openapi");
        Document::read(missing, name, text)
    }

    fn read(folder: &Path, name: &str, text: &str) -> Result<Document, LoadError> {
        let fail = |message: String| LoadError {
            file: name.to_owned(),
            at: Some((1, 1)),
            message,
        };
        let (mut root, mut notices) = load::parse(name, text)?;
        if swagger2::is_swagger2(&root) {
            let (converted, converted_notices) = swagger2::convert(&root);
            root = converted;
            notices.extend(converted_notices);
        }
        let Some(version) = root.get("openapi").and_then(Value::as_str) else {
            return Err(fail(if let Some(v) = root.get("swagger") {
                let v = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                format!("Swagger {v} is not supported (Swagger 2.0 and OpenAPI 3.0 and 3.1 are)")
            } else {
                "no `openapi` version: this is not an OpenAPI 3 document".to_owned()
            }));
        };
        let version = if version.starts_with("3.0") {
            Version::V30
        } else if version.starts_with("3.1") {
            Version::V31
        } else {
            return Err(fail(format!(
                "OpenAPI {version} is not supported (3.0 and 3.1 are)"
            )));
        };
        if !root.get("paths").is_some_and(Value::is_object) {
            return Err(fail(no_paths(&root)));
        }
        let joined = bundle::join(folder, name, &mut root, notices)?;
        let rewritten = normalise::properties_refs(&mut root);
        let mut doc = Document {
            root,
            name: name.to_owned(),
            version,
            origins: joined.origins,
            notices: Vec::new(),
        };
        doc.notices = joined
            .notices
            .into_iter()
            .map(|(file, n)| ReadNotice {
                location: format!("{file}{}", n.pointer),
                at: doc.joined_pointer(&file, &n.pointer),
                message: n.message,
            })
            .collect();
        // A part written in place twice (an operation file two paths use)
        // is one thing to say, at the first place it is met.
        let mut said = std::collections::BTreeSet::new();
        for at in rewritten {
            let location = doc.location(&at);
            if said.insert(location.clone()) {
                doc.notices.push(ReadNotice {
                    location,
                    at,
                    message: normalise::PROPERTIES_REF.to_owned(),
                });
            }
        }
        Ok(doc)
    }

    /// What was read, but not exactly as written (numbers no Rust type
    /// holds, `properties` given as a `$ref`).
    pub fn notices(&self) -> &[ReadNotice] {
        &self.notices
    }

    /// Whether the document came from more than one file.
    pub fn is_multi_file(&self) -> bool {
        !self.origins.is_empty()
    }

    /// The value at a pointer of the joined document (`#/components/schemas/Device`).
    pub fn at(&self, pointer: &str) -> Option<&Value> {
        pointer::get(&self.root, pointer)
    }

    /// Follows `$ref`s from `value` (found at `pointer`) to what they name,
    /// returning it with its own pointer. A `$ref` that names nothing, or a
    /// chain of them that loops, is `Err` saying so.
    pub fn deref<'a>(
        &'a self,
        pointer: &str,
        value: &'a Value,
    ) -> Result<(String, &'a Value), String> {
        pointer::deref(&self.root, pointer, value)
    }

    /// `value`, or what its `$ref` (or a chain of them) names; `value` itself
    /// when a reference names nothing.
    pub fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        self.deref("#", value).map_or(value, |(_, v)| v)
    }

    /// `#/components/<section>` as an object (empty when absent).
    pub fn components(&self, section: &str) -> &Map<String, Value> {
        static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
        self.root
            .get("components")
            .and_then(|c| c.get(section))
            .and_then(Value::as_object)
            .unwrap_or_else(|| EMPTY.get_or_init(Map::new))
    }

    /// Where the item at `pointer` of the joined document is written: its
    /// pointer when in the root file, else `file#pointer` in the file it
    /// came from.
    pub fn location(&self, pointer: &str) -> String {
        let best = self
            .origins
            .iter()
            .filter(|o| pointer == o.at || pointer.starts_with(&format!("{}/", o.at)))
            .max_by_key(|o| o.at.len());
        match best {
            Some(o) => format!("{}{}{}", o.file, o.pointer, &pointer[o.at.len()..]),
            None => pointer.to_owned(),
        }
    }

    /// The pointer in the joined document of `file_pointer` of `file`
    /// (the first place it was brought in); the pointer itself for the root file.
    fn joined_pointer(&self, file: &str, file_pointer: &str) -> String {
        self.origins
            .iter()
            .filter(|o| {
                o.file == file
                    && (file_pointer == o.pointer
                        || file_pointer.starts_with(&format!("{}/", o.pointer))
                        || o.pointer == "#")
            })
            .max_by_key(|o| o.pointer.len())
            .map_or_else(
                || file_pointer.to_owned(),
                |o| format!("{}{}", o.at, &file_pointer[o.pointer.len()..]),
            )
    }
}

/// Why a document without `paths` gives no SDK: with webhooks only (as
/// OpenAPI 3.1 allows), what they are.
fn no_paths(root: &Value) -> String {
    let hooks: Vec<&str> = crate::operations::WEBHOOK_KEYS
        .iter()
        .filter_map(|key| root.get(key)?.as_object())
        .flat_map(|hooks| hooks.keys().map(String::as_str))
        .collect();
    match hooks.as_slice() {
        [] => "the document has no `paths`".into(),
        names => format!(
            "the document has no `paths`, only webhooks ({}): requests the API sends to a server of yours, where an SDK is made of the operations a client calls",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests;
