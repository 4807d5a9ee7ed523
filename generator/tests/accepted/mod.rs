//! The mutations of the accepted-specs property test, by kind: hostile
//! names and small constructs here, doc text in `docs`, the size and shape
//! of real documents in `shapes`.

pub mod docs;
pub mod names;
pub mod shapes;
pub mod yaml;

use serde_yaml::{Mapping, Value};

use crate::common::Rng;
use names::*;
use yaml::{key, keys, map_at, merge, rename_key, yaml};

/// One mutation, described for the failure message.
pub fn mutate(rng: &mut Rng, spec: &mut Value) -> String {
    let services = keys(spec, &["services"]);
    let models = keys(spec, &["models"]);
    match rng.below(22) {
        0 if !services.is_empty() => {
            let s = &services[rng.below(services.len())];
            let methods = keys(spec, &["services", s, "methods"]);
            if methods.is_empty() {
                return "nothing".into();
            }
            let (from, to) = (&methods[rng.below(methods.len())], rng.pick(METHOD_NAMES));
            if methods.iter().any(|m| m == to) {
                return "nothing".into();
            }
            rename_key(map_at(spec, &["services", s, "methods"]).unwrap(), from, to);
            format!("method {s}.{from} renamed `{to}`")
        }
        1 if !services.is_empty() => {
            let s = &services[rng.below(services.len())];
            let methods = keys(spec, &["services", s, "methods"]);
            let m = &methods[rng
                .below(methods.len().max(1))
                .min(methods.len().saturating_sub(1))];
            let wire = rng.pick(WIRE_NAMES);
            let method = map_at(spec, &["services", s, "methods", m]).unwrap();
            let params = method
                .entry(key("parameters"))
                .or_insert(Value::Sequence(Vec::new()));
            let ty = if rng.below(2) == 0 {
                "string"
            } else {
                "list<int32>"
            };
            let location = if rng.below(3) == 0 { "header" } else { "query" };
            if let Some(seq) = params.as_sequence_mut() {
                seq.push(yaml(&format!(
                    "{{ name: {wire:?}, in: {location}, type: {ty:?} }}"
                )));
            }
            format!("{location} parameter `{wire}` added to {s}.{m}")
        }
        2 if !models.is_empty() => {
            let m = &models[rng.below(models.len())];
            let wire = rng.pick(WIRE_NAMES);
            let fields = map_at(spec, &["models", m])
                .unwrap()
                .entry(key("fields"))
                .or_insert(Value::Mapping(Mapping::new()));
            if let Some(f) = fields.as_mapping_mut() {
                f.insert(key(wire), yaml("{ type: string }"));
            }
            format!("field `{wire}` added to model {m}")
        }
        3 if !services.is_empty() => {
            let (from, to) = (
                &services[rng.below(services.len())],
                rng.pick(SERVICE_NAMES),
            );
            if services.iter().any(|s| s == to) {
                return "nothing".into();
            }
            // A token flow names services; keep it pointing at the renamed one.
            let text = serde_yaml::to_string(spec)
                .unwrap()
                .replace(&format!("{from}."), &format!("{to}."));
            *spec = serde_yaml::from_str(&text).unwrap();
            rename_key(map_at(spec, &["services"]).unwrap(), from, to);
            format!("service {from} renamed `{to}`")
        }
        4 => {
            let big: String = (0..14)
                .map(|i| format!("      f{i}: {{ type: string, required: true }}\n"))
                .collect();
            let added = yaml(&format!(
                "models:\n  HugeShape:\n    fields:\n{big}unions:\n  Either:\n    one_of: [HugeShape, string]\n"
            ));
            merge(spec, added);
            let holder = yaml(
                "models:\n  EitherHolder:\n    fields:\n      either: { type: Either }\n      many: { type: list<map<list<Either>>> }\n",
            );
            merge(spec, holder);
            "a union of a 14-field model and string, held nested".into()
        }
        5 if !services.is_empty() => {
            let s = &services[rng.below(services.len())];
            let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
            let path: String = names.iter().map(|n| format!("/{{{n}}}")).collect();
            let params: String = names
                .iter()
                .map(|n| format!("          - {{ name: {n}, in: path, type: string }}\n"))
                .collect();
            let method = yaml(&format!(
                "method: DELETE\npath: /wide{path}\nparameters:\n{params}responses:\n  \"204\": ~\n"
            ));
            if let Some(m) = map_at(spec, &["services", s, "methods"]) {
                m.insert(key("wide_delete"), method);
            }
            format!("{s}.wide_delete with nine required path parameters")
        }
        6 => {
            let name = rng.pick(TYPE_NAMES);
            let added = yaml(&format!(
                "models:\n  {name}:\n    fields:\n      x: {{ type: string }}\n  {name}Holder:\n    fields:\n      inner: {{ type: {name} }}\n"
            ));
            merge(spec, added);
            format!("model named `{name}`")
        }
        7 => {
            let values: Vec<&str> = (0..3).map(|_| rng.pick(ENUM_VALUES)).collect();
            let mut unique: Vec<&str> = Vec::new();
            for v in values {
                if !unique.contains(&v) {
                    unique.push(v);
                }
            }
            let list = unique
                .iter()
                .map(|v| format!("{v:?}"))
                .collect::<Vec<_>>()
                .join(", ");
            merge(
                spec,
                yaml(&format!("enums:\n  OddValues:\n    values: [{list}]\n")),
            );
            format!("enum with values {list}")
        }
        10 if !models.is_empty() => {
            let m = &models[rng.below(models.len())];
            let fields = keys(spec, &["models", m, "fields"]);
            let Some(f) = fields.first() else {
                return "nothing".into();
            };
            let name = rng.pick(FIELD_RUST_NAMES);
            if let Some(field) = map_at(spec, &["models", m, "fields", f]) {
                field.insert(key("rust_name"), key(name));
            }
            format!("field {m}.{f} given rust_name `{name}`")
        }
        11 => {
            let name = rng.pick(VARIANT_RUST_NAMES);
            merge(
                spec,
                yaml(&format!(
                    "enums:\n  Named:\n    values:\n      - {{ value: a, rust_name: {name} }}\n      - b\n"
                )),
            );
            format!("enum value given rust_name `{name}`")
        }
        12 => {
            let added = yaml(
                "models:\n  Measures:\n    fields:\n      ratio: { type: double, minimum: 0, maximum: 1 }\n      count: { type: int64, minimum: 1 }\n      nested: { type: \"map<map<map<list<date-time>>>>\" }\n      required_nested: { type: \"map<list<map<int64>>>\", required: true }\n",
            );
            merge(spec, added);
            "bounded double and int64, and deeply nested optional maps".into()
        }
        13 => {
            // Three distinct tags: a YAML mapping cannot repeat a key.
            let start = rng.below(TAGS.len());
            let tags: Vec<&str> = (0..3).map(|i| TAGS[(start + i) % TAGS.len()]).collect();
            let property = rng.pick(WIRE_NAMES);
            let mut added = format!(
                "models:\n  TagA:\n    fields:\n      {property:?}: {{ type: string, required: true }}\n      a: {{ type: int64 }}\n"
            );
            added += "  TagB:\n    fields:\n      b: { type: \"list<string?>\", required: true }\n  TagC:\n    fields:\n      c: { type: uuid }\n";
            added += "  TagHolder:\n    fields:\n      one: { type: Tagged, required: true }\n      many: { type: \"list<Tagged>\" }\n";
            added += &format!(
                "unions:\n  Tagged:\n    discriminator:\n      property: {property:?}\n      mapping:\n        {:?}: TagA\n        {:?}: TagB\n        {:?}: TagA\n    one_of: [TagA, TagB, TagC]\n",
                tags[0], tags[1], tags[2]
            );
            merge(spec, yaml(&added));
            format!("discriminated union on `{property}` with tags {tags:?}")
        }
        14 if !models.is_empty() => {
            let m = &models[rng.below(models.len())];
            let wire = rng.pick(WIRE_NAMES);
            let ty = rng.pick(&[
                "string?",
                "list<int32?>",
                "map<date?>",
                "NullableThing",
                "list<NullableThing>",
                "decimal",
                "byte",
                "time",
            ]);
            let required = rng.below(2) == 0;
            merge(
                spec,
                yaml(
                    "models:\n  NullableThing:\n    nullable: true\n    fields:\n      x: { type: string, required: true }\n",
                ),
            );
            if let Some(f) = map_at(spec, &["models", m])
                .unwrap()
                .entry(key("fields"))
                .or_insert(Value::Mapping(Mapping::new()))
                .as_mapping_mut()
            {
                f.insert(
                    key(wire),
                    yaml(&format!(
                        "{{ type: {ty:?}, required: {required}, nullable: true }}"
                    )),
                );
            }
            format!(
                "nullable field `{wire}` of type `{ty}` (required: {required}) added to model {m}"
            )
        }
        15 => {
            // The wire-level constructs, with hostile names where a name is taken from the spec.
            let (field, file, header) = (
                rng.pick(WIRE_NAMES),
                rng.pick(WIRE_NAMES),
                rng.pick(&["Location", "body", "Body", "X-Stream", "Link", "into_call"]),
            );
            let mut added = format!(
                "models:\n  WireFields:\n    fields:\n      {field:?}: {{ type: string }}\n"
            );
            added += &format!(
                "services:\n  WireLevel:\n    methods:\n      upload_things:\n        method: POST\n        path: /things\n        body:\n          type: WireFields\n          content_type: multipart/form-data\n          files: [{{ name: {file:?}, required: true, multiple: true }}]\n"
            );
            added += &format!(
                "        responses:\n          \"201\":\n            type: WireFields\n            headers:\n              {header:?}: {{ type: string, required: true }}\n"
            );
            added += "      list_things:\n        method: GET\n        path: /things\n        responses:\n          \"200\": list<WireFields>\n        pagination: { style: link }\n";
            added += "      fetch_blob:\n        method: GET\n        path: /blob\n        responses:\n          \"200\": binary\n          \"304\": ~\n";
            added += "      send_form:\n        method: POST\n        path: /form\n        body: { type: WireFields, content_type: application/x-www-form-urlencoded, required: false }\n        responses:\n          \"204\": ~\n          \"301\": ~\n";
            merge(spec, yaml(&added));
            format!(
                "wire-level methods with field `{field}`, file part `{file}` and response header `{header}`"
            )
        }
        8 | 9 | 16 | 17 => docs::describe_something(rng, spec).unwrap_or_else(|| "nothing".into()),
        18 => shapes::many_errors(rng, spec).unwrap_or_else(|| "nothing".into()),
        19 => {
            // Mostly resolved, as real specs are; sometimes left to be refused.
            let resolve = rng.below(4) > 0;
            shapes::long_enum(rng, spec, resolve)
        }
        20 => shapes::deep_nesting(rng, spec),
        21 => {
            // Mostly resolved, as real specs are; sometimes left to be refused.
            let resolve = rng.below(4) > 0;
            shapes::odd_names(rng, spec, resolve)
        }
        _ => "nothing".into(),
    }
}
