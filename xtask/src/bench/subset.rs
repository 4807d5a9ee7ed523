//! A spec cut down to one service and the types it reaches, so the
//! compile-time comparison with progenitor's Devices crate stays like for
//! like as the RingCentral spec grows other services.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

/// The type sections of a spec.
const SECTIONS: [&str; 4] = ["models", "enums", "unions", "aliases"];

/// `source` with only `service`, the types it reaches, no token flow (whose
/// methods live in other services), and the crate renamed `crate_name`.
pub fn one_service(source: &str, service: &str, crate_name: &str) -> Result<String, String> {
    let mut spec: Mapping = serde_yaml::from_str(source).map_err(|e| e.to_string())?;
    let services = spec
        .get("services")
        .and_then(Value::as_mapping)
        .ok_or("the spec has no services")?;
    let kept = services
        .get(service)
        .cloned()
        .ok_or_else(|| format!("the spec has no service `{service}`"))?;
    let mut only = Mapping::new();
    only.insert(service.into(), kept.clone());
    spec.insert("services".into(), Value::Mapping(only));
    if let Some(api) = spec.get_mut("api").and_then(Value::as_mapping_mut) {
        api.insert("crate".into(), crate_name.into());
        // One service needs no per-service features (and the defaults name services it drops).
        api.remove("features");
        if let Some(auth) = api.get_mut("auth").and_then(Value::as_mapping_mut) {
            auth.remove("token_flow");
        }
    }
    // Every definition by name, with the words its YAML holds.
    let mut defined: BTreeMap<String, (&str, String)> = BTreeMap::new();
    for section in SECTIONS {
        for (name, def) in spec
            .get(section)
            .and_then(Value::as_mapping)
            .into_iter()
            .flatten()
        {
            if let Some(name) = name.as_str() {
                defined.insert(
                    name.to_owned(),
                    (section, serde_yaml::to_string(def).unwrap_or_default()),
                );
            }
        }
    }
    // Reached from the service through any word that names a type; a word in
    // a description keeps a type it need not, which only makes our side bigger.
    let mut reached = BTreeSet::new();
    let mut todo: Vec<String> = words(&serde_yaml::to_string(&kept).unwrap_or_default())
        .filter(|w| defined.contains_key(*w))
        .map(str::to_owned)
        .collect();
    while let Some(name) = todo.pop() {
        if reached.insert(name.clone()) {
            todo.extend(
                words(&defined[&name].1)
                    .filter(|w| defined.contains_key(*w) && !reached.contains(*w))
                    .map(str::to_owned),
            );
        }
    }
    for section in SECTIONS {
        if let Some(types) = spec.get_mut(section).and_then(Value::as_mapping_mut) {
            types.retain(|name, _| name.as_str().is_some_and(|n| reached.contains(n)));
        }
    }
    serde_yaml::to_string(&spec).map_err(|e| e.to_string())
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_service_keeps_what_it_reaches_and_nothing_else() {
        let spec = "api:\n  name: X\n  crate: x\n  auth:\n    type: bearer\n    token_flow: {}\nmodels:\n  A:\n    fields:\n      b: { type: list<B> }\n  B:\n    fields:\n      e: { type: E }\n  C:\n    fields: {}\nenums:\n  E:\n    values: [One]\n  F:\n    values: [Two]\nservices:\n  S:\n    methods:\n      m: { method: GET, path: /a, responses: { \"200\": A } }\n  T:\n    methods:\n      n: { method: GET, path: /c, responses: { \"200\": C } }\n";
        let cut: Value = serde_yaml::from_str(&one_service(spec, "S", "x-s").unwrap()).unwrap();
        let names = |section: &str| {
            cut[section]
                .as_mapping()
                .unwrap()
                .keys()
                .map(|k| k.as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(names("models"), ["A", "B"]);
        assert_eq!(names("enums"), ["E"]);
        assert_eq!(names("services"), ["S"]);
        assert_eq!(cut["api"]["crate"], "x-s");
        assert!(cut["api"]["auth"].get("token_flow").is_none());
    }
}
