//! A response schema as paging inference reads it: its properties with
//! their resolved schemas and whether each may be absent, and the kinds of
//! value the generator's pagination accepts at each place.

use serde_json::Value;

use crate::branches::branches;
use crate::doc::Doc;
use crate::types::{Shape, base_type, schema_nullable, shape};

/// One property of an object schema.
#[derive(Clone)]
pub struct Prop {
    /// The wire name (the spec's field key).
    pub name: String,
    /// The schema as written (a `$ref` stays one).
    pub raw: Value,
    /// The schema with `$ref`s and lone nullable branches followed.
    pub schema: Value,
    /// Not required, or nullable: the generator reads it as an `Option`.
    pub optional: bool,
}

/// An object schema's properties, `allOf` parts merged, in document order.
pub struct Obj {
    /// The properties.
    pub props: Vec<Prop>,
}

/// `v` with `$ref`s followed, through a lone non-null `oneOf`/`anyOf`
/// branch (how 3.1 writes a nullable reference) and a lone `allOf` part.
pub fn resolved(doc: &Doc, v: &Value) -> Value {
    let v = doc.resolve(v).clone();
    if let Some((kept, _, _)) = branches(&v) {
        if kept.len() == 1 {
            return resolved(doc, kept[0].1);
        }
    }
    if shape(&v) == Shape::Inline {
        if let Some(part) = v
            .get("allOf")
            .and_then(Value::as_array)
            .and_then(|parts| parts.iter().find(|p| p.get("$ref").is_some()))
        {
            return resolved(doc, part);
        }
    }
    v
}

/// The object `v` describes, if the importer makes a model of it.
pub fn object(doc: &Doc, v: &Value) -> Option<Obj> {
    let v = resolved(doc, v);
    if shape(&v) != Shape::Model {
        return None;
    }
    let mut obj = Obj { props: Vec::new() };
    collect(doc, &v, &mut obj, 0);
    Some(obj)
}

fn collect(doc: &Doc, v: &Value, obj: &mut Obj, depth: usize) {
    // `allOf` chains in real documents are shallow; the bound stops a cycle.
    if depth > 8 {
        return;
    }
    for part in v
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        collect(doc, &doc.resolve(part).clone(), obj, depth + 1);
    }
    let required: Vec<&str> = crate::doc::required(v).collect();
    for (name, raw) in v
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let schema = resolved(doc, raw);
        let optional =
            !required.contains(&name.as_str()) || schema_nullable(raw) || schema_nullable(&schema);
        obj.props.retain(|p| &p.name != name);
        obj.props.push(Prop {
            name: name.clone(),
            raw: raw.clone(),
            schema,
            optional,
        });
    }
    // A later part's `required` may name an earlier part's property.
    for p in &mut obj.props {
        if required.contains(&p.name.as_str()) {
            p.optional = schema_nullable(&p.raw) || schema_nullable(&p.schema);
        }
    }
}

impl Obj {
    /// The property named `name`.
    pub fn get(&self, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.name == name)
    }
}

fn kind(p: &Prop) -> Option<String> {
    base_type(&p.schema).0
}

/// Written in place (no `$ref`): a referenced scalar becomes a named alias,
/// which the generator's pagination does not read through.
fn inline(p: &Prop) -> bool {
    p.raw.get("$ref").is_none() && p.raw.get("allOf").is_none()
}

/// A list the generator reads as `list<T>`.
pub fn is_list(p: &Prop) -> bool {
    inline(p) && kind(p).as_deref() == Some("array")
}

/// A plain boolean.
pub fn is_bool(p: &Prop) -> bool {
    inline(p) && kind(p).as_deref() == Some("boolean")
}

/// Text the generator reads as a string (not a date, id or enum).
pub fn is_text(p: &Prop) -> bool {
    inline(p)
        && kind(p).as_deref() == Some("string")
        && shape(&p.schema) == Shape::Primitive
        && !matches!(
            p.schema.get("format").and_then(Value::as_str),
            Some("date-time" | "date" | "uuid" | "byte" | "binary")
        )
}

/// An integer.
pub fn is_int(p: &Prop) -> bool {
    inline(p) && kind(p).as_deref() == Some("integer")
}

/// Whether a property can say whether more pages follow: a boolean, or
/// any value that may be absent.
pub fn can_say_more(p: &Prop) -> bool {
    is_bool(p) || p.optional
}

/// Letters and digits only, lower case: `next_page_token`, `nextPageToken`
/// and `$skip` compare as `nextpagetoken` and `skip`.
pub fn norm(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}
