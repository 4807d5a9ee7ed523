//! Models written the way the generator writes them, checked against the
//! same structs with serde's derive: every input must give the same value,
//! or an error with the same message, and every value must be written the
//! same way.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::*;

/// The generator's shape: a required field, a required nullable one, an
/// optional one, an optional nullable one and a boxed optional one.
#[derive(Debug, Clone, PartialEq)]
struct Written {
    name: String,
    parent: Option<i64>,
    enabled: Option<bool>,
    note: Nullable<String>,
    next: Option<Box<Written>>,
}

/// What the generator wrote before: the same fields with serde's derive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Derived {
    #[serde(rename = "name")]
    name: String,
    #[serde(rename = "parentId")]
    parent: Option<i64>,
    #[serde(rename = "enabled", default, skip_serializing_if = "Option::is_none")]
    enabled: Option<bool>,
    #[serde(rename = "note", default, skip_serializing_if = "Nullable::is_absent")]
    note: Nullable<String>,
    #[serde(rename = "next", default, skip_serializing_if = "Option::is_none")]
    next: Option<Box<Derived>>,
}

impl Serialize for Written {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let len = count(2, &[&self.enabled, &self.note, &self.next]);
        let mut object = serializer.serialize_struct("Written", len)?;
        object.serialize_field("name", &self.name)?;
        object.serialize_field("parentId", &self.parent)?;
        optional_field(&mut object, "enabled", &self.enabled)?;
        optional_field(&mut object, "note", &self.note)?;
        optional_field(&mut object, "next", &self.next)?;
        object.end()
    }
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = Written;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("struct Derived")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Written, A::Error> {
                let mut field_name = None;
                let mut field_parent = None;
                let mut field_enabled = None;
                let mut field_note = None;
                let mut field_next = None;
                let mut keys = FieldKeys::new(&["name", "parentId", "enabled", "note", "next"]);
                while let Some(field) = keys.next(&mut map)? {
                    match field {
                        0 => set_slot(&mut map, &mut field_name),
                        1 => set_slot(&mut map, &mut field_parent),
                        2 => set_slot(&mut map, &mut field_enabled),
                        3 => set_slot(&mut map, &mut field_note),
                        4 => set_slot(&mut map, &mut field_next),
                        _ => Ok(()),
                    }?;
                }
                Ok(Written {
                    name: required(field_name, "name")?,
                    parent: required(field_parent, "parentId")?,
                    enabled: field_enabled.unwrap_or_default(),
                    note: field_note.unwrap_or_default(),
                    next: field_next.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_map(Visitor)
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
        }
    }
}

/// The outcome of reading `input` both ways, as a value or an error message.
fn both(input: &str) -> (Result<Written, String>, Result<Written, String>) {
    let written = serde_json::from_str::<Written>(input).map_err(|e| e.to_string());
    let derived = serde_json::from_str::<Derived>(input)
        .map(Written::from)
        .map_err(|e| e.to_string());
    (written, derived)
}

#[test]
fn reads_every_object_as_the_derive_does() {
    let inputs = [
        r#"{"name": "a", "parentId": 1}"#,
        r#"{"name": "a", "parentId": null}"#,
        r#"{"name": "a"}"#,
        r#"{"parentId": 1}"#,
        r#"{}"#,
        r#"{"name": "a", "parentId": 1, "enabled": true, "note": "n"}"#,
        r#"{"name": "a", "parentId": 1, "enabled": null, "note": null}"#,
        r#"{"name": "a", "unknown": {"deep": [1, 2, {"x": null}]}, "parentId": 2}"#,
        r#"{"name": "a", "name": "b", "parentId": 1}"#,
        r#"{"name": "a", "parentId": 1, "enabled": false, "enabled": true}"#,
        r#"{"name": 5, "parentId": 1}"#,
        r#"{"name": "a", "parentId": "one"}"#,
        r#"{"name": null, "parentId": 1}"#,
        r#"{"name": "a", "parentId": 1, "next": {"name": "b", "parentId": null}}"#,
        r#"{"name": "a", "parentId": 1, "next": {"parentId": null}}"#,
        r#"{"name": "a", "parentId": 1, "next": null}"#,
        r#"{"na\u006de": "escaped", "parentId": 1}"#,
        r#""a string""#,
        r#"null"#,
        r#"7"#,
        r#"{"name": "a", "parentId": 1"#,
    ];
    for input in inputs {
        let (written, derived) = both(input);
        assert_eq!(written, derived, "reading {input}");
    }
}

#[test]
fn reads_from_a_value_as_the_derive_does() {
    // A union decodes its members from a `serde_json::Value`, whose keys
    // are owned strings: the same lookup must find them.
    let value = json!({"name": "a", "parentId": 3, "note": null, "extra": 1});
    let written = Written::deserialize(&value).unwrap();
    let derived = Written::from(Derived::deserialize(&value).unwrap());
    assert_eq!(written, derived);
    assert_eq!(written.note, Nullable::Null);
}

#[test]
fn an_array_is_not_an_object() {
    // The one deliberate difference: serde's derive also reads a struct
    // from an array of its fields in order, which no JSON API sends.
    assert!(serde_json::from_str::<Derived>(r#"["a", 1]"#).is_ok());
    let error = serde_json::from_str::<Written>(r#"["a", 1]"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid type: sequence, expected struct Derived at line 1 column 0"
    );
}

#[test]
fn writes_every_value_as_the_derive_does() {
    let inputs = [
        r#"{"name": "a", "parentId": null}"#,
        r#"{"name": "a", "parentId": 1, "enabled": true, "note": "n"}"#,
        r#"{"name": "a", "parentId": 1, "note": null}"#,
        r#"{"name": "a", "parentId": 1, "next": {"name": "b", "parentId": 2, "enabled": false}}"#,
    ];
    for input in inputs {
        let derived: Derived = serde_json::from_str(input).unwrap();
        let written = Written::from(derived.clone());
        assert_eq!(
            serde_json::to_string(&written).unwrap(),
            serde_json::to_string(&derived).unwrap(),
            "writing {input}"
        );
    }
}

#[test]
fn counts_the_fields_written() {
    let none: Option<u8> = None;
    let absent: Nullable<u8> = Nullable::Absent;
    let null: Nullable<u8> = Nullable::Null;
    assert_eq!(count(2, &[&none, &absent]), 2);
    assert_eq!(count(2, &[&Some(1), &null, &absent]), 4);
}

/// A model that keeps the keys it does not declare, as the generator
/// writes it, against serde's `flatten`.
#[derive(Debug, PartialEq)]
struct Open {
    id: String,
    size: Option<u32>,
    additional_properties: std::collections::BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct OpenDerived {
    #[serde(rename = "id")]
    id: String,
    #[serde(rename = "size", default, skip_serializing_if = "Option::is_none")]
    size: Option<u32>,
    #[serde(flatten)]
    additional_properties: std::collections::BTreeMap<String, serde_json::Value>,
}

impl Serialize for Open {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut object = serializer.serialize_map(None)?;
        object.serialize_entry("id", &self.id)?;
        optional_entry(&mut object, "size", &self.size)?;
        for (key, value) in &self.additional_properties {
            object.serialize_entry(key, value)?;
        }
        object.end()
    }
}

impl<'de> Deserialize<'de> for Open {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = Open;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("struct OpenDerived")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Open, A::Error> {
                const FIELDS: &[&str] = &["id", "size"];
                let mut field_id = None;
                let mut field_size = None;
                let mut additional_properties = std::collections::BTreeMap::new();
                while let Some(key) = map.next_key_seed(Keys(FIELDS))? {
                    match key {
                        Key::Field(0) => fill(&mut map, &mut field_id, "id"),
                        Key::Field(1) => fill(&mut map, &mut field_size, "size"),
                        Key::Field(_) => skip(&mut map),
                        Key::Other(key) => keep(&mut map, &mut additional_properties, key),
                    }?;
                }
                Ok(Open {
                    id: required(field_id, "id")?,
                    size: field_size.unwrap_or_default(),
                    additional_properties,
                })
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

#[test]
fn keeps_undeclared_keys_as_flatten_does() {
    let inputs = [
        r#"{"id": "a"}"#,
        r#"{"id": "a", "size": 3, "colour": "red", "tags": [1, {"x": null}]}"#,
        r#"{"colour": "red", "id": "a", "colour": "blue"}"#,
        r#"{"size": 3}"#,
        r#"{"id": "a", "id": "b"}"#,
        r#"{"id": "a", "size": "big"}"#,
    ];
    for input in inputs {
        let open = serde_json::from_str::<Open>(input);
        let derived = serde_json::from_str::<OpenDerived>(input);
        match (&open, &derived) {
            (Ok(open), Ok(derived)) => {
                assert_eq!(open.id, derived.id, "reading {input}");
                assert_eq!(open.size, derived.size, "reading {input}");
                assert_eq!(
                    open.additional_properties, derived.additional_properties,
                    "reading {input}"
                );
                assert_eq!(
                    serde_json::to_string(open).unwrap(),
                    serde_json::to_string(derived).unwrap(),
                    "writing {input}"
                );
            }
            (open, derived) => assert_eq!(
                open.as_ref().map(drop).map_err(ToString::to_string),
                derived.as_ref().map(drop).map_err(ToString::to_string),
                "reading {input}"
            ),
        }
    }
}

/// A model whose fields are all optional, as the generator writes it: read
/// straight into a default value, with no slot per field.
#[derive(Debug, Default, PartialEq)]
struct Sparse {
    size: Option<u32>,
    note: Nullable<String>,
    tags: Option<Vec<String>>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct SparseDerived {
    #[serde(rename = "size", default)]
    size: Option<u32>,
    #[serde(rename = "note", default)]
    note: Nullable<String>,
    #[serde(rename = "tags", default)]
    tags: Option<Vec<String>>,
}

impl<'de> Deserialize<'de> for Sparse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = Sparse;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("struct SparseDerived")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sparse, A::Error> {
                let mut value = Sparse::default();
                let mut keys = FieldKeys::new(&["size", "note", "tags"]);
                while let Some(field) = keys.next(&mut map)? {
                    match field {
                        0 => set(&mut map, &mut value.size),
                        1 => set(&mut map, &mut value.note),
                        2 => set(&mut map, &mut value.tags),
                        _ => Ok(()),
                    }?;
                }
                Ok(value)
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

#[test]
fn reads_an_all_optional_model_as_the_derive_does() {
    let inputs = [
        r#"{}"#,
        r#"{"size": 3, "note": "n", "tags": ["a"]}"#,
        r#"{"size": null, "note": null, "tags": null}"#,
        // A field given twice is refused even when its first value was
        // `null`, which leaves the field as it started.
        r#"{"size": null, "size": 3}"#,
        r#"{"note": null, "note": null}"#,
        r#"{"tags": ["a"], "other": {"x": [1, null]}, "tags": ["b"]}"#,
        r#"{"other": 1, "size": 2, "more": [3]}"#,
        r#"{"size": "big"}"#,
        r#"{"size": -1}"#,
        r#"{"tags": [1]}"#,
        r#"[1, "n"]"#,
        r#"null"#,
        r#"{"size": 3"#,
    ];
    for input in inputs {
        let sparse = serde_json::from_str::<Sparse>(input).map_err(|e| e.to_string());
        let derived = serde_json::from_str::<SparseDerived>(input)
            .map(|d| Sparse {
                size: d.size,
                note: d.note,
                tags: d.tags,
            })
            .map_err(|e| e.to_string());
        match input {
            // The deliberate difference: not read from an array.
            r#"[1, "n"]"# => assert!(sparse.is_err() && derived.is_ok()),
            _ => assert_eq!(sparse, derived, "reading {input}"),
        }
    }
}

#[test]
fn a_model_with_more_than_128_fields_refuses_each_one_twice() {
    // Names leaked once for the test: `FieldKeys` takes the 'static list
    // a generated model declares.
    let names: &'static [&'static str] = Box::leak(
        (0..200)
            .map(|i| &*Box::leak(format!("f{i}").into_boxed_str()))
            .collect::<Vec<&'static str>>()
            .into_boxed_slice(),
    );
    let read = |input: &str| -> Result<Vec<usize>, String> {
        let mut de = serde_json::Deserializer::from_str(input);
        struct Positions(&'static [&'static str]);
        impl<'de> de::Visitor<'de> for Positions {
            type Value = Vec<usize>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<usize>, A::Error> {
                let mut keys = FieldKeys::new(self.0);
                let mut read = Vec::new();
                while let Some(field) = keys.next(&mut map)? {
                    map.next_value::<IgnoredAny>()?;
                    read.push(field);
                }
                Ok(read)
            }
        }
        de.deserialize_map(Positions(names))
            .map_err(|e| e.to_string())
    };
    assert_eq!(
        read(r#"{"f0": 1, "f127": 2, "f128": 3, "f199": 4, "x": 5}"#),
        Ok(vec![0, 127, 128, 199])
    );
    for field in ["f0", "f127", "f128", "f199"] {
        let error = read(&format!(r#"{{"{field}": 1, "f5": 2, "{field}": 3}}"#)).unwrap_err();
        assert!(
            error.starts_with(&format!("duplicate field `{field}`")),
            "{error}"
        );
    }
}

/// A string enum as the generator writes one: read as a `String`, an
/// unknown value kept.
#[derive(Debug, Clone, PartialEq)]
enum Color {
    Red,
    Other(String),
}

impl From<String> for Color {
    fn from(value: String) -> Self {
        match value.as_str() {
            "red" => Self::Red,
            _ => Self::Other(value),
        }
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

/// Enum fields in every shape the `_as` helpers read: required, required
/// and nullable, optional, and lists of each kind.
#[derive(Debug, PartialEq, Deserialize)]
struct Painted {
    #[serde(rename = "main")]
    main: Color,
    #[serde(rename = "maybe")]
    maybe: Option<Color>,
    #[serde(rename = "extra", default)]
    extra: Option<Color>,
    #[serde(rename = "all")]
    all: Vec<Color>,
    #[serde(rename = "some", default)]
    some: Option<Vec<Color>>,
}

/// [`Painted`] read as the generator writes it, through the `_as` helpers
/// and the text converters.
fn painted(input: &str) -> Result<Painted, String> {
    struct Written(Painted);
    impl<'de> Deserialize<'de> for Written {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl<'de> de::Visitor<'de> for Visitor {
                type Value = Written;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("struct Painted")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Written, A::Error> {
                    let (mut main, mut maybe, mut extra, mut all, mut some) =
                        (None, None, None, None, None);
                    let mut keys = FieldKeys::new(&["main", "maybe", "extra", "all", "some"]);
                    while let Some(field) = keys.next(&mut map)? {
                        match field {
                            0 => set_slot_as(&mut map, &mut main, text),
                            1 => set_slot_as(&mut map, &mut maybe, optional_text),
                            2 => set_slot_as(&mut map, &mut extra, optional_text),
                            3 => set_slot_as(&mut map, &mut all, text_list),
                            4 => set_slot_as(&mut map, &mut some, optional_text_list),
                            _ => Ok(()),
                        }?;
                    }
                    Ok(Written(Painted {
                        main: required(main, "main")?,
                        maybe: required(maybe, "maybe")?,
                        extra: extra.unwrap_or_default(),
                        all: required(all, "all")?,
                        some: some.unwrap_or_default(),
                    }))
                }
            }
            deserializer.deserialize_map(Visitor)
        }
    }
    serde_json::from_str::<Written>(input)
        .map(|w| w.0)
        .map_err(|e| e.to_string())
}

#[test]
fn reads_enum_fields_as_text_as_the_enum_does() {
    let inputs = [
        r#"{"main": "red", "maybe": "blue", "extra": "red", "all": ["red", "x"], "some": ["y"]}"#,
        r#"{"main": "red", "maybe": null, "all": []}"#,
        r#"{"main": "red", "all": []}"#,
        r#"{"main": "red", "maybe": null, "extra": null, "all": [], "some": null}"#,
        r#"{"main": null, "maybe": null, "all": []}"#,
        r#"{"main": 1, "maybe": null, "all": []}"#,
        r#"{"main": "red", "maybe": 2, "all": []}"#,
        r#"{"main": "red", "maybe": null, "all": ["red", 3]}"#,
        r#"{"main": "red", "maybe": null, "all": [null]}"#,
        r#"{"main": "red", "maybe": null, "all": "red"}"#,
        r#"{"main": "red", "maybe": null, "all": [], "some": [true]}"#,
        r#"{"main": "red", "main": "blue", "maybe": null, "all": []}"#,
        r#"{"main": "r\u0065d", "maybe": null, "all": []}"#,
    ];
    for input in inputs {
        let derived = serde_json::from_str::<Painted>(input).map_err(|e| e.to_string());
        assert_eq!(painted(input), derived, "reading {input}");
    }
}

#[test]
fn the_as_helpers_set_in_place_and_refuse_a_field_given_twice() {
    // `set_as` writes the field in place (an all-optional model); `fill_as`
    // (a model keeping its undeclared keys) refuses a field already read
    // and keeps its first value.
    let mut map = serde::de::value::MapDeserializer::<_, serde::de::value::Error>::new(
        [("a", "red"), ("a", "blue")].into_iter(),
    );
    assert!(map.next_key::<String>().unwrap().is_some());
    let mut field = Color::Other(String::new());
    set_as(&mut map, &mut field, text).unwrap();
    assert_eq!(field, Color::Red);
    assert!(map.next_key::<String>().unwrap().is_some());
    let mut slot = Some(field);
    let error = fill_as(&mut map, &mut slot, "a", text::<Color>).unwrap_err();
    assert_eq!(error.to_string(), "duplicate field `a`");
    assert_eq!(slot, Some(Color::Red));
}
