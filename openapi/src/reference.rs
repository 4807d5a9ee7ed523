//! Where the project's reference documents are: the one list of them
//! (`openapi/reference.yaml`) and the one rule for finding their folder.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The list, compiled in so every tool sees the same one.
const LIST: &str = include_str!("../reference.yaml");

/// One reference document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// Its name (`ringcentral`, `twilio`), the key of the list.
    #[serde(skip)]
    pub name: String,
    /// Its path below the reference folder.
    pub path: String,
    /// Where it is published, for a one-file document.
    #[serde(default)]
    pub url: Option<String>,
    /// Its SHA-256, lower-case hex, for a one-file document.
    #[serde(default)]
    pub sha256: Option<String>,
    /// Where a multi-file document comes from, in words.
    #[serde(default)]
    pub source: Option<String>,
    /// The spec directory imported from it, for a vendor document.
    #[serde(default)]
    pub spec: Option<String>,
    /// Whether it belongs to the corpus of other vendors' documents.
    #[serde(default)]
    pub corpus: bool,
}

impl Reference {
    /// Its file in `folder` (see [`folder`]).
    pub fn file(&self, folder: &Path) -> PathBuf {
        folder.join(&self.path)
    }
}

/// Every reference document, in the list's order.
pub fn all() -> Vec<Reference> {
    parse(LIST).unwrap_or_else(|e| panic!("openapi/reference.yaml: {e}"))
}

/// A list in the form of `openapi/reference.yaml`.
pub fn parse(text: &str) -> Result<Vec<Reference>, String> {
    let map: serde_yaml::Mapping = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    map.into_iter()
        .map(|(k, v)| {
            let name = k.as_str().ok_or("a name that is not text")?.to_owned();
            let mut r: Reference =
                serde_yaml::from_value(v).map_err(|e| format!("`{name}`: {e}"))?;
            r.name = name;
            Ok(r)
        })
        .collect()
}

/// The documents of `list` missing from `folder`.
pub fn missing(list: &[Reference], folder: &Path) -> Vec<Reference> {
    list.iter()
        .filter(|r| !r.file(folder).is_file())
        .cloned()
        .collect()
}

/// The document named `name`.
pub fn named(name: &str) -> Option<Reference> {
    all().into_iter().find(|r| r.name == name)
}

/// The reference folder: `SDKGEN_REFERENCE_DIR` when set, else
/// `shared/reference` beside the checkout that holds `workspace`.
pub fn folder(workspace: &Path) -> PathBuf {
    match std::env::var_os("SDKGEN_REFERENCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => workspace
            .parent()
            .unwrap_or(workspace)
            .join("shared/reference"),
    }
}

/// The workspace root (the folder of this crate's parent), for tools run
/// from anywhere in it.
pub fn workspace() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// How to get a missing document, for messages.
pub const HOW_TO_GET: &str = "run `cargo xtask fetch-reference`, or set SDKGEN_REFERENCE_DIR to a folder holding the documents of openapi/reference.yaml";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_reads_and_each_entry_can_be_found_or_fetched() {
        let all = all();
        assert!(all.iter().any(|r| r.spec.is_some()) && all.iter().any(|r| r.corpus));
        for r in &all {
            let fetchable = r.url.is_some() && r.sha256.as_ref().is_some_and(|s| s.len() == 64);
            assert!(
                fetchable || r.source.is_some(),
                "{}: neither url + sha256 nor source",
                r.name
            );
        }
        let names: std::collections::BTreeMap<&str, ()> =
            all.iter().map(|r| (r.name.as_str(), ())).collect();
        assert_eq!(names.len(), all.len());
    }
}
