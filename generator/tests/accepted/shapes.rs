//! Mutations that give a spec the size and shape of real documents: many
//! error statuses sharing bodies, long enums, deep nesting, odd names.

use serde_yaml::Value;

use super::docs;
use super::yaml::{key, keys, map_at, merge, yaml};
use crate::common::Rng;

/// Error keys as documents list them, many per operation.
const ERROR_KEYS: &[&str] = &[
    "400", "401", "403", "404", "405", "409", "410", "412", "415", "422", "429", "4XX", "500",
    "502", "503", "5XX", "default",
];

/// Declares many error statuses on one method, sharing two body models
/// (one nested in the other) and no body.
pub fn many_errors(rng: &mut Rng, spec: &mut Value) -> Option<String> {
    let services = keys(spec, &["services"]);
    let s = services.get(rng.below(services.len().max(1)))?.clone();
    let methods = keys(spec, &["services", &s, "methods"]);
    let m = methods.get(rng.below(methods.len().max(1)))?.clone();
    merge(
        spec,
        yaml(
            "models:\n  SharedProblem:\n    fields:\n      code: { type: int32, required: true }\n      message: { type: string }\n      details: { type: \"list<SharedProblemDetail>\" }\n  SharedProblemDetail:\n    fields:\n      field: { type: string }\n      issue: { type: string, required: true }\n      nested: { type: \"map<list<SharedProblemDetail>>\" }\n",
        ),
    );
    // Set as values, not spliced into YAML: Rust's escapes are not YAML's.
    for path in [
        &["models", "SharedProblem"][..],
        &["models", "SharedProblem", "fields", "message"][..],
    ] {
        let doc = docs::text(rng);
        if let Some(m) = map_at(spec, path) {
            m.insert(key("description"), key(&doc));
        }
    }
    let start = rng.below(ERROR_KEYS.len());
    let count = 6 + rng.below(ERROR_KEYS.len() - 6);
    let mut errors = serde_yaml::Mapping::new();
    for i in 0..count {
        let status = ERROR_KEYS[(start + i) % ERROR_KEYS.len()];
        let body = match rng.below(4) {
            0 => Value::Null,
            1 => key("SharedProblemDetail"),
            _ => key("SharedProblem"),
        };
        errors.insert(key(status), body);
    }
    let method = map_at(spec, &["services", &s, "methods", &m])?;
    method.insert(key("errors"), Value::Mapping(errors));
    Some(format!(
        "{count} error statuses from {} on {s}.{m}",
        ERROR_KEYS[start]
    ))
}

/// An enum of hundreds of values, with values that differ only in case or
/// punctuation, numbers and the empty string.
/// With `resolve`, values whose derived variants would meet get a
/// `rust_name`, as an author or the importer gives them; without, the spec
/// is refused and must say where.
pub fn long_enum(rng: &mut Rng, spec: &mut Value, resolve: bool) -> String {
    let mut values: Vec<String> = (0..150 + rng.below(250))
        .map(|i| match i % 6 {
            0 => format!("VALUE_{i}"),
            1 => format!("value-{i}"),
            2 => format!("{i}"),
            3 => format!("v{i}.beta"),
            4 => format!("Value {i}"),
            _ => format!("val/{i}"),
        })
        .collect();
    let awkward: &[&[&str]] = &[
        &["active", "Active", "ACTIVE"],
        &[
            "in_progress",
            "in-progress",
            "in progress",
            "inProgress",
            "InProgress",
        ],
        &["a.b", "a_b", "a-b", "a b", "a/b", "a:b"],
        &["1", "01", "1.0", "-1", "+1", "1e3"],
        &[""],
        &["unknown_value", "UnknownValue2"],
        &["é", "e", "É"],
        &["null", "true", "false"],
    ];
    for group in awkward {
        if rng.below(2) == 0 {
            values.extend(group.iter().map(|v| (*v).to_owned()));
        }
    }
    let n = values.len();
    merge(
        spec,
        yaml(
            "enums:\n  LongEnum:\n    values: []\nmodels:\n  LongEnumHolder:\n    fields:\n      one: { type: LongEnum, required: true }\n      many: { type: \"list<LongEnum>\" }\n",
        ),
    );
    // The variant that keeps unlisted values is taken whatever the spec says.
    let mut seen = vec!["unknownvalue".to_owned()];
    let mut renamed = 0;
    let list: Vec<Value> = values
        .iter()
        .map(|v| {
            let derived = sdkgen::naming::camel(v).to_lowercase();
            if !resolve || !seen.contains(&derived) {
                seen.push(derived);
                return key(v);
            }
            renamed += 1;
            yaml(&format!("{{ value: {v:?}, rust_name: Renamed{renamed} }}"))
        })
        .collect();
    if let Some(e) = map_at(spec, &["enums", "LongEnum"]) {
        e.insert(key("values"), Value::Sequence(list));
    }
    format!("an enum of {n} values ({renamed} given a rust_name)")
}

/// Models inside models inside lists inside maps, several levels deep, a
/// recursive one among them, used by a method so both serde sides are made.
pub fn deep_nesting(rng: &mut Rng, spec: &mut Value) -> String {
    let depth = 3 + rng.below(4);
    let mut added = String::from("models:\n");
    for level in 0..depth {
        let next = if level + 1 == depth {
            "DeepTree".to_owned()
        } else {
            format!("Deep{}", level + 1)
        };
        let wrap = match (level + rng.below(3)) % 3 {
            0 => format!("map<list<{next}>>"),
            1 => format!("list<map<list<{next}?>>>"),
            _ => format!("map<map<{next}>>"),
        };
        added += &format!(
            "  Deep{level}:\n    fields:\n      inner: {{ type: {next}, required: true }}\n      wrapped: {{ type: \"{wrap}\" }}\n"
        );
    }
    added += "  DeepTree:\n    fields:\n      children: { type: \"list<DeepTree>\", required: true }\n      by_name: { type: \"map<DeepTree>\" }\n      parent: { type: DeepTree }\n";
    added += "services:\n  Deep:\n    methods:\n      put_deep:\n        method: PUT\n        path: /deep\n        body: { type: Deep0 }\n        responses:\n          \"200\": \"map<list<Deep0>>\"\n";
    merge(spec, yaml(&added));
    format!("models nested {depth} deep in lists and maps, ending in a recursive one")
}

/// Names documents really use: leading digits, all punctuation, unicode,
/// very long ones, and names that differ only in case or separator.
const ODD_WIRE_NAMES: &[&str] = &[
    "1st",
    "2fa_enabled",
    "404",
    "$",
    "@type",
    "@@",
    "---",
    "_",
    "__",
    "名前",
    "Größe",
    "ñandú",
    "x.y.z",
    "a[b]",
    "with space",
    "emoji🚀",
];

/// Groups of names that differ only in case or separator.
const CLASHING_NAMES: &[&[&str]] = &[
    &["user_id", "userId", "UserId", "user-id", "USER_ID"],
    &["createdAt", "created_at", "created-at"],
    &["type", "Type", "_type", "type_"],
    &["a.b", "a_b", "a-b"],
];

/// A model (and a method's parameters) with odd wire names, and a model
/// whose own name is odd. With `resolve`, names whose derived Rust names
/// would meet get a `rust_name`; without, the spec is refused and must say
/// where.
pub fn odd_names(rng: &mut Rng, spec: &mut Value, resolve: bool) -> String {
    let long = "very_long_name_".repeat(12);
    let mut names: Vec<String> = (0..3)
        .map(|_| rng.pick(ODD_WIRE_NAMES).to_owned())
        .collect();
    // A clash is refused when the derived names meet; half the time leave it
    // out so the other odd names reach the compiler.
    if rng.below(2) == 0 {
        names.extend(
            CLASHING_NAMES[rng.below(CLASHING_NAMES.len())]
                .iter()
                .map(|n| (*n).to_owned()),
        );
    }
    names.push(long.clone());
    names.sort();
    names.dedup();
    let mut seen = Vec::new();
    let mut renamed = 0;
    let rust_names: Vec<String> = names
        .iter()
        .map(|n| {
            let derived = sdkgen::naming::snake(n).trim_matches('_').to_owned();
            if !resolve || !seen.contains(&derived) {
                seen.push(derived);
                return String::new();
            }
            renamed += 1;
            format!(", rust_name: renamed_{renamed}")
        })
        .collect();
    let fields: String = names
        .iter()
        .zip(&rust_names)
        .map(|(n, r)| format!("      {n:?}: {{ type: string{r} }}\n"))
        .collect();
    let params: String = names
        .iter()
        .zip(&rust_names)
        .map(|(n, r)| format!("          - {{ name: {n:?}, in: query, type: int32{r} }}\n"))
        .collect();
    let model = match rng.below(5) {
        0 => "Über".to_owned(),
        1 => "Very".to_owned() + &"LongName".repeat(15),
        2 => "Http2Response".to_owned(),
        3 => "XMLHttpRequest".to_owned(),
        _ => "ODataV4".to_owned(),
    };
    merge(
        spec,
        yaml(&format!(
            "models:\n  OddNames:\n    fields:\n{fields}  {model}:\n    fields:\n      odd: {{ type: OddNames }}\nservices:\n  OddNamed:\n    methods:\n      odd_query:\n        method: GET\n        path: /odd\n        parameters:\n{params}        responses:\n          \"200\": {model}\n"
        )),
    );
    format!("odd wire names {names:?} and a model named `{model}`")
}
