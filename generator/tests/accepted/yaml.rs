//! Small helpers for editing a spec held as YAML.

use serde_yaml::{Mapping, Value};

/// A YAML string, for use as a mapping key.
pub fn key(s: &str) -> Value {
    Value::String(s.to_owned())
}

/// The mapping at `path`, if every step exists and is a mapping.
pub fn map_at<'a>(v: &'a mut Value, path: &[&str]) -> Option<&'a mut Mapping> {
    let mut cur = v;
    for p in path {
        cur = cur.as_mapping_mut()?.get_mut(key(p))?;
    }
    cur.as_mapping_mut()
}

/// Keys of the mapping at `path`.
pub fn keys(v: &mut Value, path: &[&str]) -> Vec<String> {
    map_at(v, path)
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Renames key `from` to `to` in `m`, keeping its position.
pub fn rename_key(m: &mut Mapping, from: &str, to: &str) {
    let entries: Vec<(Value, Value)> = std::mem::take(m)
        .into_iter()
        .map(|(k, v)| {
            if k.as_str() == Some(from) {
                (key(to), v)
            } else {
                (k, v)
            }
        })
        .collect();
    m.extend(entries);
}

/// Parses YAML written by the mutations; a parse failure is a bug in the test.
pub fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{e}:\n{text}"))
}

/// Adds the sections of `extra` to `spec`.
pub fn merge(spec: &mut Value, extra: Value) {
    let (Some(spec), Value::Mapping(extra)) = (spec.as_mapping_mut(), extra) else {
        return;
    };
    for (section, items) in extra {
        let target = spec
            .entry(section)
            .or_insert(Value::Mapping(Mapping::new()));
        if target.is_null() {
            *target = Value::Mapping(Mapping::new());
        }
        if let (Some(t), Value::Mapping(items)) = (target.as_mapping_mut(), items) {
            t.extend(items);
        }
    }
}
