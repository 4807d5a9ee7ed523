//! Models decoded the way the generator writes them, checked against the
//! same structs with serde's derive: every input must give the same value,
//! or an error with the same message at the same position, whether it is
//! read as the SDK reads a response ([`from_slice`]), through the model's
//! `Deserialize` (`serde_json::from_str`), or from a `serde_json::Value`
//! (as a union reads its members).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::*;

/// The generator's shape: a required field, a required nullable one, an
/// optional one, an optional nullable one, a boxed optional one and lists.
#[derive(Debug, Clone, PartialEq)]
struct Written {
    name: String,
    parent: Option<i64>,
    enabled: Option<bool>,
    note: Nullable<String>,
    next: Option<Box<Written>>,
    tags: Vec<String>,
    sizes: Option<Vec<i32>>,
}

/// What the generator wrote before: the same fields with serde's derive.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Derived {
    #[serde(rename = "name")]
    name: String,
    #[serde(rename = "parentId")]
    parent: Option<i64>,
    #[serde(rename = "enabled", default)]
    enabled: Option<bool>,
    #[serde(rename = "note", default)]
    note: Nullable<String>,
    #[serde(rename = "next", default)]
    next: Option<Box<Derived>>,
    #[serde(rename = "tags")]
    tags: Vec<String>,
    #[serde(rename = "sizes", default)]
    sizes: Option<Vec<i32>>,
}

impl<'de> Decode<'de> for Written {
    fn decode(input: Input<'_, 'de>) -> Result<Self, Error> {
        static SHAPE: Shape = Shape {
            expecting: "struct Derived",
            names: &[
                "name", "parentId", "enabled", "note", "next", "tags", "sizes",
            ],
            required: &[0, 5],
            keep: false,
        };
        let mut field_name = None;
        let mut field_parent = None;
        let mut field_enabled = None;
        let mut field_note = Nullable::Absent;
        let mut field_next = None;
        let mut field_tags = None;
        let mut field_sizes = None;
        input.object(&SHAPE, &mut |entry| match entry {
            Entry::Field(0, input) => input.put(&mut field_name),
            Entry::Field(1, input) => input.option(&mut field_parent),
            Entry::Field(2, input) => input.option(&mut field_enabled),
            Entry::Field(3, input) => input.put(&mut Set(&mut field_note)),
            Entry::Field(4, input) => input.option(&mut field_next),
            Entry::Field(5, input) => input.put(&mut field_tags),
            Entry::Field(6, input) => input.option(&mut field_sizes),
            _ => Ok(()),
        })?;
        Ok(Written {
            name: required(field_name)?,
            parent: field_parent,
            enabled: field_enabled,
            note: field_note,
            next: field_next,
            tags: required(field_tags)?,
            sizes: field_sizes,
        })
    }
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer)
    }
}

impl From<Derived> for Written {
    fn from(d: Derived) -> Self {
        Written {
            name: d.name,
            parent: d.parent,
            enabled: d.enabled,
            note: d.note,
            next: d.next.map(|n| Box::new(Written::from(*n))),
            tags: d.tags,
            sizes: d.sizes,
        }
    }
}

/// The inputs every way of reading is checked on: each kind of field
/// present, absent, `null` and of the wrong type, keys given twice,
/// undeclared keys, nesting, and documents that are no object at all.
const INPUTS: &[&str] = &[
    r#"{"name": "a", "parentId": 1, "tags": []}"#,
    r#"{"name": "a", "parentId": null, "tags": ["x", "y"]}"#,
    r#"{"name": "a", "tags": []}"#,
    r#"{"name": "a", "parentId": 1}"#,
    r#"{"parentId": 1, "tags": []}"#,
    r#"{}"#,
    r#"{"name": "a", "parentId": 1, "enabled": true, "note": "n", "tags": []}"#,
    r#"{"name": "a", "parentId": 1, "enabled": null, "note": null, "tags": []}"#,
    r#"{"name": "a", "unknown": {"deep": [1, 2, {"x": null}]}, "parentId": 2, "tags": []}"#,
    r#"{"name": "a", "name": "b", "parentId": 1, "tags": []}"#,
    r#"{"name": "a", "tags": [], "enabled": false, "enabled": true}"#,
    r#"{"name": 5, "parentId": 1, "tags": []}"#,
    r#"{"name": "a", "parentId": "one", "tags": []}"#,
    r#"{"name": "a", "parentId": 1.5, "tags": []}"#,
    r#"{"name": null, "parentId": 1, "tags": []}"#,
    r#"{"name": "a", "tags": null}"#,
    r#"{"name": "a", "tags": [1]}"#,
    r#"{"name": "a", "tags": "x"}"#,
    r#"{"name": "a", "tags": [], "sizes": [1, 2147483648]}"#,
    r#"{"name": "a", "tags": [], "sizes": [1, -2]}"#,
    r#"{"name": "a", "tags": [], "next": {"name": "b", "parentId": null, "tags": ["c"]}}"#,
    r#"{"name": "a", "tags": [], "next": {"parentId": null, "tags": []}}"#,
    r#"{"name": "a", "tags": [],
        "next": {"name": "b", "tags": [], "next": {"name": "c", "tags": [7]}}}"#,
    r#"{"name": "a", "tags": [], "next": null}"#,
    r#"{"na\u006de": "escaped", "tags": []}"#,
    r#""a string""#,
    r#"null"#,
    r#"7"#,
    r#"{"name": "a", "tags": []"#,
    r#"{"name": "a", "tags": [] } trailing"#,
    r#"{"name": "a", "tags": [], }"#,
];

/// serde's derive on `input`, as a value or an error message with its position.
fn derived(input: &str) -> Result<Written, String> {
    serde_json::from_str::<Derived>(input)
        .map(Written::from)
        .map_err(|e| e.to_string())
}

#[test]
fn reads_a_response_as_the_derive_does() {
    for input in INPUTS {
        let written = from_slice::<Written>(input.as_bytes()).map_err(|e| e.to_string());
        assert_eq!(written, derived(input), "reading {input}");
    }
}

#[test]
fn reads_through_deserialize_as_the_derive_does() {
    for input in INPUTS {
        let written = serde_json::from_str::<Written>(input).map_err(|e| e.to_string());
        assert_eq!(written, derived(input), "reading {input}");
    }
}

#[test]
fn reads_from_a_value_as_the_derive_does() {
    for input in INPUTS {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(input) else {
            continue;
        };
        let written = Written::deserialize(&value).map_err(|e| e.to_string());
        let derived = Derived::deserialize(&value)
            .map(Written::from)
            .map_err(|e| e.to_string());
        assert_eq!(written, derived, "reading {input} as a value");
    }
}

#[test]
fn an_array_is_not_an_object() {
    // The one deliberate difference: serde's derive also reads a struct
    // from an array of its fields in order, which no JSON API sends.
    for input in [
        r#"[]"#,
        r#"{"name": "a", "tags": [], "next": ["b", 1, null, null, null, [], null]}"#,
    ] {
        assert!(derived(input).is_err() || input.starts_with('{'));
        let ours = from_slice::<Written>(input.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            ours.starts_with("invalid type: sequence, expected struct Derived"),
            "{ours}"
        );
    }
    assert!(serde_json::from_str::<Derived>(r#"["a", 1, null, null, null, [], null]"#).is_ok());
}

#[test]
fn an_error_keeps_the_position_serde_json_gives_it() {
    // A position is what a decode error's JSON path is found from: it must
    // survive the crossing from serde_json's error to this module's.
    let input = "{\n  \"name\": \"a\",\n  \"tags\": [\"x\", 3]\n}";
    let ours = from_slice::<Written>(input.as_bytes()).unwrap_err();
    let theirs = serde_json::from_str::<Derived>(input).unwrap_err();
    assert_eq!(
        (ours.line(), ours.column()),
        (theirs.line(), theirs.column())
    );
    assert_eq!((ours.line(), ours.column()), (3, 17));
}

/// A model that keeps the keys it does not declare, as the generator
/// writes it, against serde's `flatten`.
#[derive(Debug, PartialEq)]
struct Open {
    id: String,
    size: Option<u64>,
    additional_properties: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct OpenDerived {
    id: String,
    #[serde(default)]
    size: Option<u64>,
    #[serde(flatten)]
    additional_properties: BTreeMap<String, serde_json::Value>,
}

impl<'de> Decode<'de> for Open {
    fn decode(input: Input<'_, 'de>) -> Result<Self, Error> {
        static SHAPE: Shape = Shape {
            expecting: "struct OpenDerived",
            names: &["id", "size"],
            required: &[0],
            keep: true,
        };
        let mut field_id = None;
        let mut field_size = None;
        let mut additional_properties = BTreeMap::new();
        input.object(&SHAPE, &mut |entry| match entry {
            Entry::Field(0, input) => input.put(&mut field_id),
            Entry::Field(1, input) => input.option(&mut field_size),
            Entry::Other(key, input) => input.keep(&mut additional_properties, key),
            _ => Ok(()),
        })?;
        Ok(Open {
            id: required(field_id)?,
            size: field_size,
            additional_properties,
        })
    }
}

#[test]
fn keeps_undeclared_keys_as_flatten_does() {
    let inputs = [
        r#"{"id": "a"}"#,
        r#"{"id": "a", "size": 3, "color": "red", "nested": {"x": [1]}}"#,
        r#"{"color": "red", "id": "a", "color": "blue"}"#,
        r#"{"size": 3}"#,
        r#"{"id": "a", "size": "big"}"#,
    ];
    for input in inputs {
        let ours = from_slice::<Open>(input.as_bytes()).map_err(|e| e.to_string());
        let theirs = serde_json::from_str::<OpenDerived>(input)
            .map(|d| Open {
                id: d.id,
                size: d.size,
                additional_properties: d.additional_properties,
            })
            .map_err(|e| e.to_string());
        // flatten reads the whole object before it checks the fields, so
        // it reports errors at the object's end: compare the messages
        // without their positions.
        let strip = |r: Result<Open, String>| {
            r.map_err(|e| e.split(" at line").next().unwrap_or_default().to_owned())
        };
        assert_eq!(strip(ours), strip(theirs), "reading {input}");
    }
}

#[test]
fn a_field_given_twice_is_refused_in_a_model_that_keeps_undeclared_keys() {
    let error = from_slice::<Open>(br#"{"id": "a", "id": "b"}"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "duplicate field `id` at line 1 column 16"
    );
}

/// A model of 130 optional fields, past the 128 the object reader marks
/// without allocating.
#[derive(Debug, Default)]
struct Wide {
    fields: Vec<Option<u64>>,
}

static WIDE_NAMES: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    (0..130)
        .map(|i| &*Box::leak(format!("f{i}").into_boxed_str()))
        .collect()
});

impl<'de> Decode<'de> for Wide {
    fn decode(input: Input<'_, 'de>) -> Result<Self, Error> {
        static SHAPE: std::sync::LazyLock<Shape> = std::sync::LazyLock::new(|| Shape {
            expecting: "struct Wide",
            names: Box::leak(WIDE_NAMES.clone().into_boxed_slice()),
            required: &[129],
            keep: false,
        });
        let mut value = Wide {
            fields: vec![None; 130],
        };
        let fields = &mut value.fields;
        input.object(&SHAPE, &mut |entry| match entry {
            Entry::Field(i, input) => input.option(&mut fields[i]),
            Entry::Other(..) => Ok(()),
        })?;
        Ok(value)
    }
}

#[test]
fn a_model_with_more_than_128_fields_refuses_each_one_twice_and_a_missing_one() {
    let read = from_slice::<Wide>(br#"{"f0": 1, "f129": 2, "f128": 3}"#).unwrap();
    assert_eq!(read.fields[0], Some(1));
    assert_eq!(read.fields[128], Some(3));
    assert_eq!(read.fields[129], Some(2));
    let twice = from_slice::<Wide>(br#"{"f129": 1, "f129": 2}"#).unwrap_err();
    assert_eq!(
        twice.to_string(),
        "duplicate field `f129` at line 1 column 18"
    );
    let missing = from_slice::<Wide>(br#"{"f128": 1}"#).unwrap_err();
    assert_eq!(
        missing.to_string(),
        "missing field `f129` at line 1 column 11"
    );
}

#[test]
fn reads_maps_values_and_other_leaves_as_serde_does() {
    let text = r#"{"a": {"x": 1}, "b": [true, null, "s", 1.5]}"#;
    let map: BTreeMap<String, serde_json::Value> = from_slice(text.as_bytes()).unwrap();
    assert_eq!(map, serde_json::from_str::<BTreeMap<_, _>>(text).unwrap());
    let when = r#""2024-02-29T12:30:00+02:00""#;
    assert_eq!(
        from_slice::<chrono::DateTime<chrono::FixedOffset>>(when.as_bytes()).unwrap(),
        serde_json::from_str::<chrono::DateTime<chrono::FixedOffset>>(when).unwrap()
    );
    for bad in [r#""2024-02-30""#, "20240229", r#""noon""#] {
        assert_eq!(
            from_slice::<chrono::NaiveDate>(bad.as_bytes()).map_err(|e| e.to_string()),
            serde_json::from_str::<chrono::NaiveDate>(bad).map_err(|e| e.to_string()),
            "reading {bad}"
        );
    }
    assert_eq!(
        from_slice::<crate::Base64>(br#""aGk=""#).unwrap().0,
        b"hi".to_vec()
    );
    assert_eq!(from_slice::<Option<u64>>(b"null").unwrap(), None);
    assert_eq!(
        from_slice::<Nullable<u64>>(b"null").unwrap(),
        Nullable::Null
    );
    assert_eq!(
        from_slice::<Nullable<u64>>(b"4").unwrap(),
        Nullable::Value(4)
    );
    assert_eq!(
        from_slice::<i32>(b"4294967296").map_err(|e| e.to_string()),
        serde_json::from_str::<i32>("4294967296").map_err(|e| e.to_string())
    );
}

/// A member of [`Trigger`].
#[derive(Debug, Clone, PartialEq)]
struct Weekly {
    days: Vec<String>,
}

impl<'de> Decode<'de> for Weekly {
    fn decode(input: Input<'_, 'de>) -> Result<Self, Error> {
        static SHAPE: Shape = Shape {
            expecting: "struct Weekly",
            names: &["days"],
            required: &[0],
            keep: false,
        };
        let mut field_days = None;
        input.object(&SHAPE, &mut |entry| match entry {
            Entry::Field(0, input) => input.put(&mut field_days),
            _ => Ok(()),
        })?;
        Ok(Weekly {
            days: required(field_days)?,
        })
    }
}

impl<'de> Deserialize<'de> for Weekly {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer)
    }
}

/// A discriminated union as the generator writes it: `Deserialize` through
/// `union::decode_discriminated`, `Decode` through [`Input::union`], and
/// the unknown member.
#[derive(Debug, Clone, PartialEq)]
enum Trigger {
    Weekly(Weekly),
    Unknown(serde_json::Value),
}

impl crate::union::Discriminated for Trigger {
    const PROPERTY: &'static str = "type";
    const TAGS: &'static [&'static str] = &["weekly"];
    const MEMBERS: &'static [&'static str] = &["Weekly"];
    fn member<'de, M: Deserializer<'de>>(_: usize, input: M) -> Result<Self, M::Error> {
        Weekly::deserialize(input).map(Self::Weekly)
    }
    fn unknown(value: serde_json::Value) -> Self {
        Self::Unknown(value)
    }
}

impl<'de> Deserialize<'de> for Trigger {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::union::decode_discriminated(deserializer)
    }
}

impl<'de> Decode<'de> for Trigger {
    fn decode(input: Input<'_, 'de>) -> Result<Self, Error> {
        use crate::union::Discriminated;
        static UNION: Union = Union {
            property: <Trigger as Discriminated>::PROPERTY,
            tags: <Trigger as Discriminated>::TAGS,
            members: <Trigger as Discriminated>::MEMBERS,
        };
        let mut value = None;
        let unknown = input.union(&UNION, &mut |index, input| {
            value = Some(match index {
                0 => Self::Weekly(input.decode()?),
                _ => return Ok(()),
            });
            Ok(())
        })?;
        Ok(value.unwrap_or_else(|| Self::Unknown(unknown.unwrap_or_default())))
    }
}

/// A discriminated union whose member is itself one, read by `Decode`
/// only: serde's generic `decode_discriminated` would replay a replay
/// without end, and `Input::union` reads such a member whole instead.
#[derive(Debug, Clone, PartialEq)]
enum Outer {
    Trigger(Trigger),
    Unknown(serde_json::Value),
}

impl<'de> Decode<'de> for Outer {
    fn decode(input: Input<'_, 'de>) -> Result<Self, Error> {
        static UNION: Union = Union {
            property: "kind",
            tags: &["t"],
            members: &["Trigger"],
        };
        let mut value = None;
        let unknown = input.union(&UNION, &mut |_, input| {
            value = Some(Self::Trigger(input.decode()?));
            Ok(())
        })?;
        Ok(value.unwrap_or_else(|| Self::Unknown(unknown.unwrap_or_default())))
    }
}

#[test]
fn reads_a_union_whose_member_is_a_union() {
    let read: Outer = from_slice(br#"{"kind": "t", "type": "weekly", "days": ["Mon"]}"#).unwrap();
    let days = vec!["Mon".to_owned()];
    assert_eq!(read, Outer::Trigger(Trigger::Weekly(Weekly { days })));
    let error = from_slice::<Outer>(br#"{"kind": "t", "type": "weekly"}"#).unwrap_err();
    assert!(
        error.to_string().contains("missing field `days`"),
        "{error}"
    );
}

#[test]
fn reads_a_discriminated_union_as_its_deserialize_does() {
    let inputs = [
        r#"{"type": "weekly", "days": ["Mon"]}"#,
        r#"{"days": ["Mon"], "type": "weekly", "extra": 1}"#,
        r#"{"type": "weekly", "days": ["Mon", 7]}"#,
        r#"{"days": ["Mon", 7], "type": "weekly"}"#,
        r#"{"type": "weekly"}"#,
        r#"{"type": "monthly", "day": 1}"#,
        r#"{"day": 1}"#,
        r#"[1, 2]"#,
        r#""weekly""#,
        r#"null"#,
        r#"[{"type": "weekly", "days": []}, {"type": "weekly", "days": [false]}]"#,
    ];
    for input in inputs {
        if input.starts_with('[') && input.contains("type") {
            let ours = from_slice::<Vec<Trigger>>(input.as_bytes()).map_err(|e| e.to_string());
            let theirs = serde_json::from_str::<Vec<Trigger>>(input).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "reading {input}");
            continue;
        }
        let ours = from_slice::<Trigger>(input.as_bytes()).map_err(|e| e.to_string());
        let theirs = serde_json::from_str::<Trigger>(input).map_err(|e| e.to_string());
        assert_eq!(ours, theirs, "reading {input}");
    }
    // The bad value inside the member is reported where it is.
    let error = from_slice::<Trigger>(br#"{"type": "weekly", "days": ["Mon", 7]}"#).unwrap_err();
    assert_eq!((error.line(), error.column()), (1, 36));
}
