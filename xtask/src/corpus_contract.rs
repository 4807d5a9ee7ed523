//! `cargo xtask corpus --contract`: the contract run over the corpus SDKs,
//! with the rules the vendor SDKs are held to.
//!
//! The SDKs are not committed, so no crate of this workspace can name them.
//! The run writes a small binary crate, `contract-corpus`, into the corpus
//! workspace: it links the `contract` library and each accepted SDK (with
//! its `harness` feature and every service), and its `main` only lists them.
//! The facts it is given are data, written beside it as `apis.yaml`:
//! - credentials for every security scheme of each spec, read from the
//!   spec's IR (Prism checks only that they are sent);
//! - whatever `contract/corpus.yaml` says about a document (a canary, input
//!   facts, credentials), each with the reason the document is not enough.
//!
//! A document with no canary in that file gets one built from the document
//! by the run itself, as any document the run has never seen would.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sdkgen::ir::{Api, SchemeKind, Security};
use serde_json::{Value, json};

/// How the contract report's line for one API starts (`contract/src/report.rs`
/// writes it): `contract api <name>: N checked, P passed, F failed`.
pub const API_LINE: &str = "contract api";

/// Placeholder secret for every scheme: the mock server checks only that
/// credentials are sent.
const SECRET: &str = "c2RrZ2VuLWNvcnB1cw";

/// One accepted corpus SDK the run links.
pub struct Linked {
    /// The document's name in `openapi/reference.yaml`.
    pub name: String,
    /// The generated crate's package name (its directory).
    pub package: String,
    /// The crate features the run needs besides `harness`: `full`, or the
    /// services of a sample's operations.
    pub features: Vec<String>,
    /// The spec's security schemes.
    pub security: Security,
    /// Operations whose SDK method takes part of a body the document has
    /// optional (a file part the body requires is an argument): their
    /// required-only call sends the body too.
    pub body_taken: Vec<String>,
}

/// The operations of `api` whose method takes a file part of a body the
/// spec has optional: the method cannot be called without the body.
pub fn body_taken(api: &sdkgen::ir::Api) -> Vec<String> {
    api.services
        .iter()
        .flat_map(|s| &s.methods)
        .filter(|m| {
            m.body
                .as_ref()
                .is_some_and(|b| !b.required && b.files.iter().any(|f| f.required))
        })
        .map(|m| m.operation_id.clone())
        .collect()
}

/// Writes `contract-corpus` into the workspace `ws` and returns the path of
/// its facts file. `facts` is `contract/corpus.yaml`.
pub fn write(root: &Path, ws: &Path, linked: &[Linked], facts: &Path) -> Result<PathBuf, String> {
    let dir = ws.join("contract-corpus");
    std::fs::create_dir_all(dir.join("src")).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut manifest = format!(
        "# Written by `cargo xtask corpus --contract`; scratch, never committed.\n\
         [package]\nname = \"contract-corpus\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ncontract = {{ path = {:?}, default-features = false }}\n",
        root.join("contract").display().to_string()
    );
    let mut sdks = Vec::new();
    for sdk in linked {
        let ident = ident(&sdk.name);
        let features: Vec<String> = sdk
            .features
            .iter()
            .map(String::as_str)
            .chain(["harness"])
            .map(|f| format!("{f:?}"))
            .collect();
        let features = format!("[{}]", features.join(", "));
        let _ = writeln!(
            manifest,
            "{ident} = {{ package = {:?}, path = \"../generated/{}\", features = {features} }}",
            sdk.package, sdk.package
        );
        sdks.push(format!("contract::sdk!({ident} as {:?})", sdk.name));
    }
    let main = format!(
        "//! Written by `cargo xtask corpus --contract`: the contract run over the corpus SDKs.\n\n\
         fn main() -> std::process::ExitCode {{\n    contract::main(&[\n        {}\n    ])\n}}\n",
        sdks.join(",\n        ")
    );
    let apis = apis(linked, facts)?;
    let apis_path = dir.join("apis.yaml");
    for (path, text) in [
        (dir.join("Cargo.toml"), manifest),
        (dir.join("src/main.rs"), main),
        (apis_path.clone(), apis),
        (
            ws.join("Cargo.toml"),
            crate::corpus::workspace_manifest(true),
        ),
    ] {
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(apis_path)
}

/// A deterministic sample of a document's operations.
pub struct Sample {
    /// The operation ids picked, spread evenly over the document's order.
    pub ids: Vec<String>,
    /// The crate features their methods are behind.
    pub features: Vec<String>,
}

/// `n` operations of `document` spread evenly over its order (all when it
/// has no more), so a sample run is the same every time and reaches every
/// part of the API, with the features of the services that hold them: the
/// SDK is built with those only.
pub fn sample(document: &Path, api: &Api, n: usize) -> Result<Sample, String> {
    let doc = sdkgen_openapi::Document::load(document).map_err(|e| e.to_string())?;
    let ids: Vec<&str> = sdkgen_openapi::operations::operations(&doc.root)
        .iter()
        .filter_map(|o| o.id())
        .collect();
    let picked: BTreeSet<usize> = (0..n.min(ids.len()))
        .map(|i| i * ids.len() / n.min(ids.len()))
        .collect();
    let ids: Vec<String> = picked.into_iter().map(|i| ids[i].to_owned()).collect();
    let features: BTreeSet<String> = api
        .services
        .iter()
        .filter(|s| s.methods.iter().any(|m| ids.contains(&m.operation_id)))
        .filter_map(|s| s.feature.clone())
        .collect();
    Ok(Sample {
        ids,
        features: features.into_iter().collect(),
    })
}

/// The facts file of the run: per document, the credentials its schemes
/// take, with `contract/corpus.yaml`'s entry laid over them.
fn apis(linked: &[Linked], facts: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(facts).map_err(|e| format!("{}: {e}", facts.display()))?;
    let mut given: BTreeMap<String, Value> = serde_yaml::from_str::<Option<_>>(&text)
        .map_err(|e| format!("{}: {e}", facts.display()))?
        .unwrap_or_default();
    let mut out = serde_json::Map::new();
    for sdk in linked {
        let mut entry = json!({ "credentials": credentials(&sdk.security) });
        for op in &sdk.body_taken {
            entry["inputs"][op] = json!({ "body_required": true });
        }
        if let Some(Value::Object(extra)) = given.remove(&sdk.name) {
            for (key, value) in extra {
                if key == "credentials" {
                    for (scheme, c) in value.as_object().into_iter().flatten() {
                        entry["credentials"][scheme] = c.clone();
                    }
                } else if key == "inputs" {
                    // Given facts join the derived ones, and win.
                    for (op, facts) in value.as_object().into_iter().flatten() {
                        entry["inputs"][op] = facts.clone();
                    }
                } else {
                    entry[key] = value;
                }
            }
        }
        out.insert(sdk.name.clone(), entry);
    }
    if let Some(unknown) = given.keys().find(|k| !linked.iter().any(|l| &l.name == *k)) {
        // A document left out of this run (by name, or refused) is fine;
        // one that is no corpus document at all is a mistake in the file.
        if sdkgen_openapi::reference::named(unknown).is_none_or(|r| !r.corpus) {
            return Err(format!(
                "{}: `{unknown}` is not a corpus document of openapi/reference.yaml",
                facts.display()
            ));
        }
    }
    serde_json::to_string_pretty(&Value::Object(out)).map_err(|e| e.to_string())
}

/// Credentials for every scheme, in the form `sdkgen_runtime::Credentials`
/// reads.
fn credentials(security: &Security) -> Value {
    let mut out = serde_json::Map::new();
    for scheme in &security.schemes {
        let value = match &scheme.kind {
            SchemeKind::Basic => json!({"basic": {"user": "sdkgen", "password": SECRET}}),
            SchemeKind::ApiKey { .. } => json!({ "key": SECRET }),
            SchemeKind::Bearer | SchemeKind::OAuth2 { .. } => json!({ "bearer": SECRET }),
        };
        out.insert(scheme.name.clone(), value);
    }
    Value::Object(out)
}

/// A Rust identifier for a document name, as the dependency is named.
fn ident(name: &str) -> String {
    let mut ident: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !ident.starts_with(|c: char| c.is_ascii_alphabetic()) {
        ident.insert_str(0, "api_");
    }
    ident
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_names_become_dependency_names() {
        assert_eq!(ident("digitalocean"), "digitalocean");
        assert_eq!(ident("Adyen-Checkout v72"), "adyen_checkout_v72");
        assert_eq!(ident("3d"), "api_3d");
    }
}
