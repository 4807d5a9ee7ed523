//! What a spec directory already defines by hand, which the import leaves
//! alone.
//!
//! A file the importer writes ends in [`IMPORTED_SUFFIX`] and is rewritten on
//! every import; every other `*.yaml` file is the maintainer's. Types and
//! operations found there are not imported again, so a hand-corrected model
//! or a method with pagination added keeps its edits, and references from
//! imported items reach the hand-written type of the same name.

use std::collections::BTreeSet;

use serde_yaml::Value;

/// Suffix of the files the importer owns (`devices.imported.yaml`).
pub const IMPORTED_SUFFIX: &str = ".imported.yaml";

/// Names defined by the hand-written files of a spec directory.
#[derive(Default, Debug, Clone)]
pub struct HandWritten {
    /// Type names (models, enums, unions, aliases and inline enums).
    pub types: BTreeSet<String>,
    /// `operation_id`s of hand-written methods.
    pub operation_ids: BTreeSet<String>,
    /// `(service, method)` names already taken.
    pub methods: BTreeSet<(String, String)>,
    /// Type names the hand-written files refer to: the import defines
    /// those it finds in the document, so hand-written methods can use
    /// imported types.
    pub references: BTreeSet<String>,
    /// Services a hand-written file gives a `description`; the import leaves theirs out.
    pub described_services: BTreeSet<String>,
}

impl HandWritten {
    /// Adds what one hand-written file (`name`, `text`) defines. A file that
    /// does not parse is an error naming it: importing past it could define
    /// its items twice.
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<(), String> {
        let v: Value = serde_yaml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
        for section in ["models", "enums", "unions", "aliases"] {
            for key in v
                .get(section)
                .and_then(Value::as_mapping)
                .into_iter()
                .flat_map(|m| m.keys())
            {
                if let Some(k) = key.as_str() {
                    self.types.insert(sdkgen::naming::camel(k));
                }
            }
        }
        // Inline enums take type names too.
        for (model, m) in v
            .get("models")
            .and_then(Value::as_mapping)
            .into_iter()
            .flatten()
        {
            for (field, f) in m
                .get("fields")
                .and_then(Value::as_mapping)
                .into_iter()
                .flatten()
            {
                if f.get("enum").is_some() {
                    let name = f
                        .get("enum_name")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                        .unwrap_or_else(|| {
                            format!(
                                "{}{}",
                                sdkgen::naming::camel(model.as_str().unwrap_or_default()),
                                sdkgen::naming::camel(field.as_str().unwrap_or_default())
                            )
                        });
                    self.types.insert(name);
                }
            }
        }
        collect_references(&v, None, &mut self.references);
        for (service, s) in v
            .get("services")
            .and_then(Value::as_mapping)
            .into_iter()
            .flatten()
        {
            let service = service.as_str().unwrap_or_default();
            if s.get("description").is_some() {
                self.described_services.insert(service.to_owned());
            }
            for (method, m) in s
                .get("methods")
                .and_then(Value::as_mapping)
                .into_iter()
                .flatten()
            {
                let method = method.as_str().unwrap_or_default();
                self.methods.insert((service.to_owned(), method.to_owned()));
                if let Some(id) = m.get("operation_id").and_then(Value::as_str) {
                    self.operation_ids.insert(id.to_owned());
                }
                for p in m
                    .get("parameters")
                    .and_then(Value::as_sequence)
                    .into_iter()
                    .flatten()
                {
                    if p.get("enum").is_some() {
                        let wire = p.get("name").and_then(Value::as_str).unwrap_or_default();
                        let name = p
                            .get("enum_name")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                            .unwrap_or_else(|| {
                                format!(
                                    "{}{}",
                                    sdkgen::naming::camel(method),
                                    sdkgen::naming::camel(wire)
                                )
                            });
                        self.types.insert(name);
                    }
                }
            }
        }
        Ok(())
    }
}

/// Words of type expressions found in `v` (under `type`, `all_of`, `one_of`,
/// `additional_properties`, discriminator `mapping`, `responses` and `errors`).
fn collect_references(v: &Value, key: Option<&str>, out: &mut BTreeSet<String>) {
    match v {
        Value::Mapping(m) => {
            for (k, value) in m {
                let k = if matches!(key, Some("mapping" | "errors" | "responses")) {
                    "type"
                } else {
                    k.as_str().unwrap_or_default()
                };
                collect_references(value, Some(k), out);
            }
        }
        Value::Sequence(items) => {
            for item in items {
                collect_references(
                    item,
                    if matches!(key, Some("all_of" | "one_of")) {
                        Some("type")
                    } else {
                        None
                    },
                    out,
                );
            }
        }
        Value::String(s) if matches!(key, Some("type" | "additional_properties")) => {
            out.extend(
                s.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                    .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
                    .map(str::to_owned),
            );
        }
        _ => {}
    }
}
