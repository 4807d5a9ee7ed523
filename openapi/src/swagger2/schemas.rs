//! Schemas and references of a Swagger 2.0 document as OpenAPI 3.0 writes
//! them (see the parent module).

use serde_json::{Value, json};

/// The definitions, each a 3.0 schema.
pub(super) fn schemas(definitions: &Value) -> Value {
    Value::Object(
        definitions
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, s)| (name.clone(), schema_of(s.clone())))
            .collect(),
    )
}

/// A 2.0 schema as 3.0 writes it, through every schema it holds:
/// `x-nullable` is `nullable`, `type: file` a binary string, and a
/// `discriminator` (a property name in 2.0) the 3.0 object. Values
/// (`example`, `default`, `enum`) and extensions are left as written.
pub(super) fn schema_of(mut schema: Value) -> Value {
    convert_schema(&mut schema);
    schema
}

fn convert_schema(v: &mut Value) {
    let Some(map) = v.as_object_mut() else {
        if let Some(items) = v.as_array_mut() {
            items.iter_mut().for_each(convert_schema);
        }
        return;
    };
    if let Some(nullable) = map.remove("x-nullable") {
        map.insert("nullable".into(), nullable);
    }
    if map.get("type").and_then(Value::as_str) == Some("file") {
        map.insert("type".into(), json!("string"));
        map.insert("format".into(), json!("binary"));
    }
    if let Some(Value::String(name)) = map.get("discriminator") {
        let name = name.clone();
        map.insert("discriminator".into(), json!({ "propertyName": name }));
    }
    for (key, value) in map.iter_mut() {
        let is_value = matches!(key.as_str(), "example" | "examples" | "default" | "enum")
            || key.starts_with("x-");
        if !is_value {
            convert_schema(value);
        }
    }
}

/// Every `$ref` of the document to its own 2.0 sections, pointed at where
/// 3.0 keeps them; one to another file is that file's business. A bare
/// name (`$ref: pet`), which 2.0's tools read as a definition's, is one
/// when `defined` says the document defines it.
pub(super) fn local_refs(v: &mut Value, defined: &dyn Fn(&str) -> bool) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                let bare = !r.contains(['#', '/', '.']) && defined(r);
                if bare {
                    *r = format!("#/components/schemas/{}", crate::pointer::escape(r));
                }
                for (from, to) in [
                    ("#/definitions/", "#/components/schemas/"),
                    ("#/parameters/", "#/components/parameters/"),
                    ("#/responses/", "#/components/responses/"),
                ] {
                    if let Some(rest) = r.strip_prefix(from) {
                        *r = format!("{to}{rest}");
                        break;
                    }
                }
            }
            for (key, value) in map.iter_mut() {
                if !matches!(key.as_str(), "example" | "examples") {
                    local_refs(value, defined);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| local_refs(v, defined)),
        _ => {}
    }
}
