//! `contract/apis.yaml`: what the run knows about each API beyond its SDK.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::call::Inputs;

/// One API's entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiData {
    /// The credentials the SDK's client is built with, by security scheme
    /// name (`{bearer: …}`, `{key: …}`, `{basic: {user, password}}`, …).
    #[serde(default)]
    pub credentials: BTreeMap<String, sdkgen_runtime::Credentials>,
    /// The request Prism must refuse; built from the document when absent.
    #[serde(default)]
    pub canary: Option<Canary>,
    /// Input facts per operation id.
    #[serde(default)]
    pub inputs: BTreeMap<String, InputFacts>,
}

/// A request that breaks the document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Canary {
    /// `METHOD /path`.
    pub request: String,
    /// Its body, as JSON (or, for a form, the fields as a JSON object);
    /// none when null.
    #[serde(default)]
    pub body: Value,
    /// The body's media type: `application/json` unless given.
    #[serde(default)]
    pub media_type: Option<String>,
    /// Its headers besides `Host`, `Content-Type` and `Content-Length`:
    /// the credentials the API's security asks for.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// A word of the violation Prism must report.
    pub refused_for: String,
}

/// Values merged over the inputs built from the document.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputFacts {
    /// For both calls.
    #[serde(default)]
    pub both: Value,
    /// For the call with only the required inputs.
    #[serde(default)]
    pub required: Value,
    /// For the call with every input.
    #[serde(default)]
    pub full: Value,
    /// The SDK takes the body as an argument though the document has it
    /// optional, so the required-only call sends it too (with only its
    /// required fields).
    #[serde(default)]
    pub body_required: bool,
    /// The media type the SDK sends the body as, when the document offers
    /// several and the spec chose another than the importer would.
    #[serde(default)]
    pub media_type: Option<String>,
}

impl InputFacts {
    /// The choices these facts make for building the inputs.
    pub fn choices(&self) -> crate::synth::Choices<'_> {
        crate::synth::Choices {
            body_required: self.body_required,
            media_type: self.media_type.as_deref(),
        }
    }
}

impl InputFacts {
    /// `inputs` with these facts merged in, for the call `which`.
    pub fn apply(&self, mut inputs: Value, which: Inputs) -> Value {
        merge(&mut inputs, &self.both);
        merge(
            &mut inputs,
            if which == Inputs::Full {
                &self.full
            } else {
                &self.required
            },
        );
        inputs
    }
}

/// Reads `contract/apis.yaml`.
pub fn load(path: &Path) -> Result<BTreeMap<String, ApiData>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Deep merge: objects key by key, `null` removing a key, anything else replacing.
fn merge(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (_, Value::Null) => {}
        (Value::Object(t), Value::Object(p)) => {
            for (key, value) in p {
                if value.is_null() {
                    t.remove(key);
                } else {
                    merge(t.entry(key.clone()).or_insert(Value::Null), value);
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_committed_apis_file_reads_with_credentials_for_each_api() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("apis.yaml");
        let apis = load(&path).unwrap();
        assert!(!apis.is_empty());
        for (name, api) in &apis {
            assert!(!api.credentials.is_empty(), "{name} has no credentials");
            for (scheme, c) in &api.credentials {
                assert!(
                    !matches!(c, sdkgen_runtime::Credentials::None),
                    "{name}.{scheme}"
                );
            }
        }
    }

    #[test]
    fn facts_merge_deeply_and_null_removes() {
        let facts = InputFacts {
            both: json!({"path": {"id": "~"}}),
            required: json!({"body": null}),
            full: json!({"body": {"a": 2}}),
            ..InputFacts::default()
        };
        let built = json!({"path": {"id": "x", "k": "y"}, "body": {"a": 1, "b": 1}});
        assert_eq!(
            facts.apply(built.clone(), Inputs::Required),
            json!({"path": {"id": "~", "k": "y"}})
        );
        assert_eq!(
            facts.apply(built, Inputs::Full),
            json!({"path": {"id": "~", "k": "y"}, "body": {"a": 2, "b": 1}})
        );
    }
}
