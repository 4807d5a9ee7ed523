//! Property test: every spec the generator accepts yields a crate that
//! builds, passes `clippy -D warnings` and documents without warnings.
//! `syn` parsing the output proves nothing about name clashes, lints or
//! rustdoc; compiling does.
//!
//! Cases are the fixture specs and both real specs with semantic mutations
//! that keep them plausible: names taken from a hostile list (Rust keywords,
//! names the generated code uses itself, names clippy has opinions about),
//! a union of a large model and a string, a method with many required
//! parameters, deeply nested types, awkward descriptions. The RNG is seeded,
//! so a failure names a case that reproduces. Cases the generator refuses
//! must say where the problem is; cases it accepts are compiled together in
//! one bounded `cargo clippy` and one `cargo doc`.

mod common;

use common::Rng;
use serde_yaml::{Mapping, Value};

use sdkgen::write::{generate, GenerateError, GeneratedCrate};

/// Method names (keys must be snake_case) that meet conventions or generated items.
const METHOD_NAMES: &[&str] = &[
    "new",
    "send",
    "stream",
    "default",
    "clone",
    "into_future",
    "add",
    "is_active",
    "from_file",
    "to_pdf",
    "as_ref",
    "next",
    "eq",
    "hash",
    "builder",
    "build",
    "deref",
];

/// Wire names for parameters and fields.
const WIRE_NAMES: &[&str] = &[
    "stream",
    "send",
    "timeout",
    "retryPolicy",
    "retry_policy",
    "client",
    "options",
    "body",
    "self",
    "type",
    "Self",
    "crate",
    "super",
    "1st",
    "isActive",
    "fromDate",
    "intoIter",
    "__proto__",
    "$filter",
    "x-request-id",
    "additional_properties",
    "add",
    "default",
    "new",
    "build",
    "user_agent",
    "inner",
    "value",
    "page",
    "é",
    "download",
    "into_call",
    "header",
    "next_url",
];

/// Service names.
const SERVICE_NAMES: &[&str] = &[
    "Builder",
    "New",
    "BaseUrl",
    "Client",
    "Models",
    "Services",
    "Inner",
    "Self",
    "crate",
    "Error",
    "IsSignedIn",
];

/// Type names for added models.
const TYPE_NAMES: &[&str] = &[
    "Option",
    "Result",
    "Error",
    "Client",
    "ClientBuilder",
    "Environment",
    "ErrorModel",
    "Models",
    "Services",
    "Validate",
    "Call",
    "Stream",
    "Value",
    "Map",
    "Self",
    "Type",
    "Default",
    "Nullable",
    "Base64",
    "Uuid",
    "Decimal",
    "Unknown",
    "Tagged",
];

/// Discriminator values: keywords, the union's own `Unknown`, URNs, digits.
const TAGS: &[&str] = &[
    "Unknown",
    "self",
    "1st",
    "a-b",
    "urn:ietf:params:oauth:grant-type:jwt-bearer",
    "UnknownMember",
    "type",
    "Some",
];

/// Enum values.
const ENUM_VALUES: &[&str] = &[
    "Unknown Value",
    "Self",
    "self",
    "1",
    "-",
    "",
    "a b",
    "type",
    "None",
    "Some",
    "default",
    "UNKNOWN",
    "é",
    "Known_Value",
];

/// Descriptions that trouble rustdoc or clippy if passed through raw.
const DESCRIPTIONS: &[&str] = &[
    "Returns a Vec<String> of <T> values.",
    "Line one<br>line two<br/>",
    "See https://example.com/docs, or [the guide] and [x](https://a.b).",
    "Unbalanced `backtick here",
    "    indented like code\n    more code",
    "# A heading\n\nText with *stars* and _underscores_.",
    "```\nlet x = 1;\n```",
    "A list:\n- one\nlazy continuation\n- two",
    "Tabs\tand \"quotes\" and \\ backslashes",
    "<script>alert(1)</script> & <b>bold</b>",
    "Ends with a URL http://example.com",
    "Text direction \u{202E}reversed\u{202C} and \u{2066}isolated\u{2069}",
];

/// Field `rust_name`s: mostly fine, some in a case rustc would warn about (refused).
const FIELD_RUST_NAMES: &[&str] = &["renamed", "value", "kind_", "inner", "Value"];

/// Variant `rust_name`s: mostly fine, one not UpperCamelCase (refused).
const VARIANT_RUST_NAMES: &[&str] = &["Alpha", "Beta2", "Self_", "Default", "poll"];

fn key(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn map_at<'a>(v: &'a mut Value, path: &[&str]) -> Option<&'a mut Mapping> {
    let mut cur = v;
    for p in path {
        cur = cur.as_mapping_mut()?.get_mut(key(p))?;
    }
    cur.as_mapping_mut()
}

/// Keys of the mapping at `path`.
fn keys(v: &mut Value, path: &[&str]) -> Vec<String> {
    map_at(v, path)
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Renames key `from` to `to` in `m`, keeping its position.
fn rename_key(m: &mut Mapping, from: &str, to: &str) {
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

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap()
}

/// One mutation, described for the failure message.
fn mutate(rng: &mut Rng, spec: &mut Value) -> String {
    let services = keys(spec, &["services"]);
    let models = keys(spec, &["models"]);
    match rng.below(16) {
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
            let added = yaml(&format!("models:\n  HugeShape:\n    fields:\n{big}unions:\n  Either:\n    one_of: [HugeShape, string]\n"));
            merge(spec, added);
            let holder = yaml("models:\n  EitherHolder:\n    fields:\n      either: { type: Either }\n      many: { type: list<map<list<Either>>> }\n");
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
            let method = yaml(&format!("method: DELETE\npath: /wide{path}\nparameters:\n{params}responses:\n  \"204\": ~\n"));
            if let Some(m) = map_at(spec, &["services", s, "methods"]) {
                m.insert(key("wide_delete"), method);
            }
            format!("{s}.wide_delete with nine required path parameters")
        }
        6 => {
            let name = rng.pick(TYPE_NAMES);
            let added = yaml(&format!("models:\n  {name}:\n    fields:\n      x: {{ type: string }}\n  {name}Holder:\n    fields:\n      inner: {{ type: {name} }}\n"));
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
            merge(spec, yaml(&format!("enums:\n  Named:\n    values:\n      - {{ value: a, rust_name: {name} }}\n      - b\n")));
            format!("enum value given rust_name `{name}`")
        }
        12 => {
            let added = yaml("models:\n  Measures:\n    fields:\n      ratio: { type: double, minimum: 0, maximum: 1 }\n      count: { type: int64, minimum: 1 }\n      nested: { type: \"map<map<map<list<date-time>>>>\" }\n      required_nested: { type: \"map<list<map<int64>>>\", required: true }\n");
            merge(spec, added);
            "bounded double and int64, and deeply nested optional maps".into()
        }
        13 => {
            // Three distinct tags: a YAML mapping cannot repeat a key.
            let start = rng.below(TAGS.len());
            let tags: Vec<&str> = (0..3).map(|i| TAGS[(start + i) % TAGS.len()]).collect();
            let property = rng.pick(WIRE_NAMES);
            let mut added = format!("models:\n  TagA:\n    fields:\n      {property:?}: {{ type: string, required: true }}\n      a: {{ type: int64 }}\n");
            added += "  TagB:\n    fields:\n      b: { type: \"list<string?>\", required: true }\n  TagC:\n    fields:\n      c: { type: uuid }\n";
            added += "  TagHolder:\n    fields:\n      one: { type: Tagged, required: true }\n      many: { type: \"list<Tagged>\" }\n";
            added += &format!("unions:\n  Tagged:\n    discriminator:\n      property: {property:?}\n      mapping:\n        {:?}: TagA\n        {:?}: TagB\n        {:?}: TagA\n    one_of: [TagA, TagB, TagC]\n", tags[0], tags[1], tags[2]);
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
            merge(spec, yaml("models:\n  NullableThing:\n    nullable: true\n    fields:\n      x: { type: string, required: true }\n"));
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
            added += &format!("services:\n  WireLevel:\n    methods:\n      upload_things:\n        method: POST\n        path: /things\n        body:\n          type: WireFields\n          content_type: multipart/form-data\n          files: [{{ name: {file:?}, required: true, multiple: true }}]\n");
            added += &format!("        responses:\n          \"201\":\n            type: WireFields\n            headers:\n              {header:?}: {{ type: string, required: true }}\n");
            added += "      list_things:\n        method: GET\n        path: /things\n        responses:\n          \"200\": list<WireFields>\n        pagination: { style: link }\n";
            added += "      fetch_blob:\n        method: GET\n        path: /blob\n        responses:\n          \"200\": binary\n          \"304\": ~\n";
            added += "      send_form:\n        method: POST\n        path: /form\n        body: { type: WireFields, content_type: application/x-www-form-urlencoded, required: false }\n        responses:\n          \"204\": ~\n          \"301\": ~\n";
            merge(spec, yaml(&added));
            format!("wire-level methods with field `{field}`, file part `{file}` and response header `{header}`")
        }
        8 | 9 => {
            let text = rng.pick(DESCRIPTIONS);
            let target = match (rng.below(3), models.is_empty(), services.is_empty()) {
                (0, false, _) => map_at(spec, &["models", &models[rng.below(models.len())]]),
                (1, _, false) => {
                    let s = &services[rng.below(services.len())];
                    let methods = keys(spec, &["services", s, "methods"]);
                    match methods.first() {
                        Some(m) => map_at(spec, &["services", s, "methods", m]),
                        None => None,
                    }
                }
                _ => map_at(spec, &["api"]),
            };
            let Some(t) = target else {
                return "nothing".into();
            };
            t.insert(key("description"), key(text));
            format!("description {text:?}")
        }
        _ => "nothing".into(),
    }
}

/// Adds the sections of `extra` to `spec`.
fn merge(spec: &mut Value, extra: Value) {
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

/// The seed specs: every fixture, and the two real specs.
fn seeds() -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = common::fixtures()
        .into_iter()
        .map(|(n, s)| (n, serde_yaml::from_str(&s).unwrap()))
        .collect();
    for spec in ["ringcentral", "portsip"] {
        let text =
            std::fs::read_to_string(common::root().join(format!("spec/{spec}/api.yaml"))).unwrap();
        out.push((spec.to_owned(), serde_yaml::from_str(&text).unwrap()));
    }
    out
}

/// The three specs the architecture issue found, by hand, and the random cases.
fn cases() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let fixed = "api:\n  name: Fixed\n  crate: fixed\n  version: 0.1.0\n  description: d\n  license: MIT\n  servers:\n    - name: p\n      url: \"https://{host}/{retryPolicy}\"\n      variables:\n        host: { default: h }\n        retryPolicy: { default: v1 }\n  auth: { type: bearer }\nmodels:\n  Page:\n    fields:\n      items: { type: list<string>, required: true }\n      next: { type: int32 }\n  Big:\n    fields:\n";
    let big: String = (0..12)
        .map(|i| format!("      f{i}: {{ type: string, required: true }}\n"))
        .collect();
    out.push((
        "the issue's three specs".to_owned(),
        format!("{fixed}{big}unions:\n  Shape:\n    one_of: [Big, string]\nservices:\n  Things:\n    methods:\n      new:\n        method: POST\n        path: /things\n        body: {{ type: Shape }}\n        responses:\n          \"201\": Shape\n      list:\n        method: GET\n        path: /things\n        parameters:\n          - {{ name: page, in: query, type: int32 }}\n          - {{ name: stream, in: query, type: boolean }}\n        responses:\n          \"200\": Page\n        pagination: {{ items: items, page_param: page, has_more: next }}\n"),
    ));
    let tagged = "  TagA:\n    fields:\n      kind: { type: string, required: true }\n      self: { type: \"string?\" }\n  TagB:\n    fields:\n      new: { type: \"list<TagB?>\" }\n";
    out.push((
        "a discriminated union tagged `Unknown`, `self` and a URN, with nullable and three-state fields".to_owned(),
        format!("{fixed}{big}{tagged}unions:\n  Tagged:\n    nullable: true\n    discriminator:\n      property: kind\n      mapping:\n        Unknown: TagA\n        self: TagB\n        \"urn:a:b\": TagA\n    one_of: [TagA, TagB]\n"),
    ));
    // Refused, so the located-diagnostic check runs whatever the seed.
    out.push((
        "a model named Option".to_owned(),
        format!("{fixed}{big}  Option:\n    fields:\n      x: {{ type: string }}\n"),
    ));
    let seeds = seeds();
    // A fixed seed keeps CI reproducible; set SDKGEN_ACCEPTED_SEED to explore others.
    let seed = std::env::var("SDKGEN_ACCEPTED_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0xACCE_97ED_5EED);
    let mut rng = Rng(seed);
    for case in 0..14 {
        // The big specs take most of the compile time: each at most twice.
        let (name, spec) = &seeds[if case < 4 {
            seeds.len() - 2 + case % 2
        } else {
            rng.below(seeds.len() - 2)
        }];
        let mut spec = spec.clone();
        let applied: Vec<String> = (0..2 + rng.below(3))
            .map(|_| mutate(&mut rng, &mut spec))
            .collect();
        if let Some(api) = map_at(&mut spec, &["api"]) {
            api.insert(key("crate"), key(&format!("case_{case}")));
        }
        out.push((
            format!("case {case} ({name}: {})", applied.join("; ")),
            serde_yaml::to_string(&spec).unwrap(),
        ));
    }
    out
}

#[test]
fn every_accepted_spec_compiles_clippy_clean_and_documents() {
    let mut accepted: Vec<GeneratedCrate> = Vec::new();
    let mut described = Vec::new();
    let mut refused = 0;
    for (what, source) in cases() {
        match generate("spec/case.yaml", &source) {
            Ok(krate) => {
                described.push(format!("{} = {what}", krate.dir));
                accepted.push(krate);
            }
            Err(GenerateError::Spec(d)) => {
                refused += 1;
                for diag in &d.0 {
                    assert!(
                        diag.line.is_some() && diag.column.is_some(),
                        "{what}: a diagnostic without a location:\n{diag}"
                    );
                }
            }
            Err(other) => panic!("{what}: the generator failed without a spec diagnostic: {other}"),
        }
    }
    eprintln!(
        "{} cases accepted, {refused} refused with located diagnostics:\n{}",
        accepted.len(),
        described.join("\n")
    );
    assert!(
        accepted.len() >= 10,
        "too few cases were accepted to prove anything: {}",
        accepted.len()
    );
    assert!(refused >= 1, "the case meant to be refused was accepted");
    let dir = common::workspace_of(&accepted);
    let cases = described.join("\n");
    let clippy = common::cargo_in(
        dir.path(),
        "generated-check",
        &[
            "clippy",
            "--workspace",
            "--quiet",
            "--offline",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    assert!(
        clippy.status.success(),
        "accepted specs whose crates fail clippy -D warnings:\n{cases}\n\n{}",
        first_errors(&clippy.stderr)
    );
    let doc = common::cargo_in(
        dir.path(),
        "generated-check",
        &["doc", "--workspace", "--no-deps", "--quiet", "--offline"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    assert!(
        doc.status.success(),
        "accepted specs whose crates fail cargo doc -D warnings:\n{cases}\n\n{}",
        first_errors(&doc.stderr)
    );
}

/// The compiler's output, cut to its first errors.
fn first_errors(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    text.lines().take(120).collect::<Vec<_>>().join("\n")
}
