//! A schema at the place it is used (a property, a parameter, a body) as a
//! spec type expression: `string`, `list<Device>`, `map<int32?>`. Named
//! component schemas become their type name (and are queued to be
//! defined); inline objects, unions and enums get a name from where they
//! sit (`<Owner><Field>`), as the spec README describes.

use serde_json::Value;

use crate::Importer;
use crate::branches::{branches, repeated_branches};
use crate::doc::{self, flag, str_of};
use crate::enum_values::{branch_values, const_type, enum_values, value_branches};

/// A schema's type at its use.
#[derive(Debug, Default, Clone)]
pub struct Ty {
    /// The type expression.
    pub expr: String,
    /// `null` is a value (3.0 `nullable`, 3.1 `type: [.., "null"]`, a `null` branch).
    pub nullable: bool,
    /// String values of an enum written inline at the use (`enum:` on a field or parameter).
    pub inline_enum: Option<Vec<String>>,
}

impl Ty {
    /// A type of no nullability and no inline enum.
    pub(crate) fn of(expr: impl Into<String>) -> Ty {
        Ty {
            expr: expr.into(),
            ..Ty::default()
        }
    }

    /// What its constraints are checked as: `enum` for an inline enum,
    /// whose listed values are its constraint, else its expression.
    pub fn checked_as(&self) -> String {
        if self.inline_enum.is_some() {
            "enum".to_owned()
        } else {
            self.expr.clone()
        }
    }
}

/// What a schema is, before it is turned into spec items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An object with properties or `allOf` parts: a model.
    Model,
    /// String values: an enum.
    Enum,
    /// `oneOf` or `anyOf`: a union.
    Union,
    /// A string, number or boolean: an alias when named.
    Primitive,
    /// A list, a map, a `$ref` or a single `allOf` part: written where it is used.
    Inline,
}

/// The schema's `type` without `"null"`, and whether `"null"` was there.
pub fn base_type(schema: &Value) -> (Option<String>, bool, usize) {
    match schema.get("type") {
        Some(Value::String(t)) => (Some(t.clone()), t == "null", 1),
        Some(Value::Array(types)) => {
            let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            let non_null: Vec<&str> = names.iter().copied().filter(|t| *t != "null").collect();
            (
                non_null.first().map(|s| (*s).to_owned()),
                names.contains(&"null"),
                non_null.len(),
            )
        }
        _ => (None, false, 0),
    }
}

/// The item type of a list type expression (`list<T>` gives `T`).
pub fn list_item(expr: &str) -> Option<&str> {
    expr.strip_prefix("list<")?.strip_suffix('>')
}

/// Whether a `oneOf`/`anyOf` branch is `{type: null}`.
pub(crate) fn is_null_branch(branch: &Value) -> bool {
    base_type(branch).0.as_deref() == Some("null")
        || matches!(branch.get("type"), Some(Value::String(t)) if t == "null")
}

/// Whether a `oneOf`/`anyOf` branch only constrains the value its schema
/// describes (`anyOf: [{required: [file_ids]}, {required: [files]}]` beside
/// `properties`): the branches are then no alternative shapes, the schema
/// is what it says without them, and [`constraint_branches`] reports them.
pub(crate) fn constraint_only(branch: &Value) -> bool {
    const CONSTRAINTS: &[&str] = &[
        "required",
        "not",
        "minProperties",
        "maxProperties",
        "description",
        "title",
    ];
    branch.as_object().is_some_and(|m| {
        !m.is_empty()
            && m.keys()
                .all(|k| CONSTRAINTS.contains(&k.as_str()) || k.starts_with("x-"))
    })
}

/// The key of the `oneOf`/`anyOf` of a schema whose branches only
/// constrain it (see [`constraint_only`]): what they require is not
/// checked by the SDK, which the importer reports.
pub fn constraint_branches(schema: &Value) -> Option<&'static str> {
    ["oneOf", "anyOf"].into_iter().find(|k| {
        schema
            .get(*k)
            .and_then(Value::as_array)
            .is_some_and(|l| !l.is_empty() && l.iter().all(constraint_only))
    })
}

/// Classifies a schema.
pub fn shape(schema: &Value) -> Shape {
    if schema.get("$ref").is_some() {
        return Shape::Inline;
    }
    if let Some((kept, _, _)) = branches(schema) {
        return if kept.len() > 1 {
            Shape::Union
        } else {
            Shape::Inline
        };
    }
    let (ty, _, count) = base_type(schema);
    if count > 1 {
        return Shape::Primitive;
    }
    if let Some(list) = value_branches(schema) {
        let strings = list
            .iter()
            .flat_map(branch_values)
            .filter(|v| !v.is_null())
            .all(Value::is_string);
        return if strings && matches!(ty.as_deref(), Some("string") | None) {
            Shape::Enum
        } else {
            Shape::Primitive
        };
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        // An enum of no string value (`enum: []`, or `[null]`) lists
        // nothing an SDK enum could name: the value is read as its type.
        if matches!(ty.as_deref(), Some("string") | None)
            && values.iter().all(|v| v.is_string() || v.is_null())
            && values.iter().any(Value::is_string)
        {
            return Shape::Enum;
        }
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let own = schema
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty());
        // Parts that only narrow a scalar (`{type: integer, default: 3}` beside
        // a `$ref` to an integer) leave it that scalar.
        let scalar = parts.iter().any(|p| {
            matches!(
                p.get("type").and_then(Value::as_str),
                Some("string" | "integer" | "number" | "boolean")
            )
        });
        let object = parts.iter().any(|p| {
            p.get("properties").is_some() || p.get("type").and_then(Value::as_str) == Some("object")
        });
        return if !own && (substantive_parts(parts).count() == 1 || scalar && !object) {
            Shape::Inline
        } else {
            Shape::Model
        };
    }
    match ty.as_deref() {
        Some("array") => Shape::Inline,
        Some("object") | None
            if schema
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty()) =>
        {
            Shape::Model
        }
        Some("object") => Shape::Inline,
        Some(_) if schema.get("const").is_some_and(Value::is_string) => Shape::Enum,
        Some(_) => Shape::Primitive,
        None if schema.get("const").is_some_and(Value::is_string) => Shape::Enum,
        None => Shape::Inline,
    }
}

/// The `allOf` parts that say something about the value, with their index:
/// a part of only a description, an example or `nullable` (the common ways
/// to document a `$ref`, or let it be `null`, in OpenAPI 3.0, where no key
/// may stand beside one) adds nothing to the type. A part's `nullable` is
/// read by [`parts_nullable`].
fn substantive_parts(parts: &[Value]) -> impl Iterator<Item = (usize, &Value)> {
    const ANNOTATIONS: &[&str] = &[
        "nullable",
        "description",
        "title",
        "example",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
    ];
    parts.iter().enumerate().filter(|(_, p)| {
        !p.as_object().is_some_and(|m| {
            m.keys()
                .all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"))
        })
    })
}

/// Whether an `allOf` part lets the value be `null` (`allOf: [{$ref: …},
/// {nullable: true}]`).
fn parts_nullable(parts: &[Value]) -> bool {
    parts.iter().any(|p| flag(p, "nullable"))
}

impl Importer<'_> {
    /// The type of the schema at `pointer`, used where `context` (UpperCamelCase)
    /// names a type made for it (`DeviceResourceSite` for property `site` of
    /// `DeviceResource`). `inline_enum_ok` lets a string enum stay inline
    /// (fields and parameters); elsewhere it becomes a named enum.
    pub fn ty(&mut self, pointer: &str, schema: &Value, context: &str, inline_enum_ok: bool) -> Ty {
        self.ty_depth(pointer, schema, context, inline_enum_ok, 0)
    }

    fn ty_depth(
        &mut self,
        pointer: &str,
        schema: &Value,
        context: &str,
        inline_enum_ok: bool,
        depth: usize,
    ) -> Ty {
        if depth > 24 {
            self.report.add(
                pointer,
                "schema nested or referenced too deeply to follow: read as `any`",
            );
            return Ty::of("any");
        }
        let nullable_here = flag(schema, "nullable") || base_type(schema).1;
        if let Some(target) = str_of(schema, "$ref") {
            let mut t = match self.named_component(target) {
                // Nullability is written at each use, not on the definition: a
                // parameter of the same type has no `null`.
                Some(name) => Ty {
                    expr: name,
                    nullable: self.doc.at(target).is_some_and(schema_nullable),
                    inline_enum: None,
                },
                None => match self.doc.deref(pointer, schema) {
                    Ok((p, s)) => {
                        let p = p.clone();
                        let own = self
                            .component_context(&p)
                            .unwrap_or_else(|| context.to_owned());
                        self.ty_depth(&p, s, &own, inline_enum_ok, depth + 1)
                    }
                    Err(e) => {
                        self.report.add(pointer, format!("{e}: read as `any`"));
                        Ty::of("any")
                    }
                },
            };
            t.nullable |= nullable_here;
            return t;
        }
        if let Some((kept, had_null, key)) = branches(schema) {
            if kept.len() == 1 {
                let (i, only) = kept[0];
                if repeated_branches(schema) > 0 {
                    self.report.add(
                        pointer,
                        format!("`{key}` whose branches are all one schema: read as that schema"),
                    );
                }
                let mut t = self.ty_depth(
                    &doc::child(&doc::child(pointer, key), &i.to_string()),
                    only,
                    context,
                    inline_enum_ok,
                    depth + 1,
                );
                t.nullable |= had_null || nullable_here;
                return t;
            }
            if !self.union_members_ok(schema) {
                let why = if schema.get("discriminator").is_some() {
                    "with a `discriminator` over branches that are not all objects"
                } else {
                    "whose branches no union can tell apart (besides objects, at most one of each JSON type, each with a type)"
                };
                self.report
                    .add(pointer, format!("`{key}` {why}: read as `any`"));
                return Ty {
                    expr: "any".into(),
                    nullable: had_null || nullable_here,
                    inline_enum: None,
                };
            }
            let name = self.inline_type(pointer, schema, context);
            return Ty {
                expr: name,
                nullable: had_null || nullable_here,
                inline_enum: None,
            };
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            if let (Shape::Inline, Some((i, part))) =
                (self.schema_shape(schema), substantive_parts(parts).next())
            {
                let mut t = self.ty_depth(
                    &doc::child(&doc::child(pointer, "allOf"), &i.to_string()),
                    part,
                    context,
                    inline_enum_ok,
                    depth + 1,
                );
                t.nullable |= nullable_here || parts_nullable(parts);
                return t;
            }
        }
        let (ty, _, count) = base_type(schema);
        if count > 1 {
            self.report
                .add(pointer, "a value of several JSON types: read as `any`");
            return Ty {
                expr: "any".into(),
                nullable: nullable_here,
                inline_enum: None,
            };
        }
        match self.schema_shape(schema) {
            Shape::Model | Shape::Union => {
                let name = self.inline_type(pointer, schema, context);
                Ty {
                    expr: name,
                    nullable: nullable_here,
                    inline_enum: None,
                }
            }
            Shape::Enum if inline_enum_ok => {
                let values = enum_values(schema);
                Ty {
                    expr: "string".into(),
                    nullable: nullable_here || schema_nullable(schema),
                    inline_enum: Some(values),
                }
            }
            Shape::Enum => {
                let name = self.inline_type(pointer, schema, context);
                Ty {
                    expr: name,
                    nullable: nullable_here,
                    inline_enum: None,
                }
            }
            Shape::Primitive => Ty {
                expr: self.primitive(pointer, schema),
                nullable: nullable_here,
                inline_enum: None,
            },
            Shape::Inline => match ty.as_deref() {
                Some("array") => {
                    let items_pointer = doc::child(pointer, "items");
                    let item = match schema.get("items") {
                        // Only a list of plain strings can carry its enum inline (`list<string>` with `enum`).
                        Some(items) => self.ty_depth(
                            &items_pointer,
                            items,
                            &format!("{context}Item"),
                            inline_enum_ok && shape(items) == Shape::Enum,
                            depth + 1,
                        ),
                        None => Ty::of("any"),
                    };
                    let q = if item.nullable && item.expr != "any" {
                        "?"
                    } else {
                        ""
                    };
                    let mut t = Ty {
                        expr: format!("list<{}{q}>", item.expr),
                        nullable: nullable_here,
                        inline_enum: None,
                    };
                    // An inline enum of list items stays on the field as `enum` with `list<string>`.
                    t.inline_enum = item.inline_enum;
                    t
                }
                None if schema.get("additionalProperties").is_none()
                    && schema.get("properties").is_none() =>
                {
                    Ty {
                        expr: "any".into(),
                        nullable: nullable_here,
                        inline_enum: None,
                    }
                }
                _ => {
                    let value = match schema.get("additionalProperties") {
                        Some(Value::Object(_)) => {
                            let ap = schema.get("additionalProperties").expect("matched");
                            self.ty_depth(
                                &doc::child(pointer, "additionalProperties"),
                                ap,
                                &format!("{context}Value"),
                                false,
                                depth + 1,
                            )
                        }
                        _ => Ty::of("any"),
                    };
                    let q = if value.nullable && value.expr != "any" {
                        "?"
                    } else {
                        ""
                    };
                    Ty {
                        expr: format!("map<{}{q}>", value.expr),
                        nullable: nullable_here,
                        inline_enum: None,
                    }
                }
            },
        }
    }

    /// The spec primitive for a string, number or boolean schema.
    pub fn primitive(&mut self, pointer: &str, schema: &Value) -> String {
        let ty = base_type(schema).0.or_else(|| const_type(schema));
        let format = str_of(schema, "format");
        let expr = match (ty.as_deref(), format) {
            (Some("string"), Some("date-time")) => "date-time",
            (Some("string"), Some("date")) => "date",
            (Some("string"), Some("uuid")) => "uuid",
            (Some("string"), Some("byte")) => "byte",
            (Some("string"), Some("uri")) => "uri",
            (Some("string"), Some("email")) => "email",
            (Some("string"), Some("binary")) => "binary",
            (Some("string"), Some(f)) => {
                if !matches!(
                    f,
                    "password"
                        | "ipv4"
                        | "ipv6"
                        | "hostname"
                        | "uri-reference"
                        | "url"
                        | "phone"
                        | "time"
                ) {
                    self.report.add(
                        pointer,
                        format!(
                            "string format `{f}` is not a standard one: read as plain `string`"
                        ),
                    );
                }
                "string"
            }
            (Some("string"), None) => "string",
            (Some("integer"), Some("int32")) => "int32",
            (Some("integer"), Some("int64")) => "int64",
            (Some("integer"), Some("uint64")) => "uint64",
            (Some("integer"), f) => {
                if let Some(w) = crate::wide::wide(schema) {
                    self.report.add(
                        pointer,
                        format!(
                            "integer states {}, above i64's range, and {}: read as `{}`",
                            w.above, w.because, w.expr
                        ),
                    );
                    w.expr
                } else {
                    // The smaller formats fit in i64 and are carried exactly.
                    if let Some(f) = f
                        .filter(|f| !matches!(*f, "int8" | "int16" | "uint8" | "uint16" | "uint32"))
                    {
                        self.report.add(
                            pointer,
                            format!("integer format `{f}`: read as `integer` (i64)"),
                        );
                    }
                    "integer"
                }
            }
            // JSON carries no f32: a float-format value may not round-trip through one.
            (Some("number"), Some("float")) => "double",
            (Some("number"), Some("double")) => "double",
            (Some("number"), _) => "number",
            (Some("boolean"), _) => "boolean",
            (Some("null"), _) => "any",
            (Some(other), _) => {
                self.report
                    .add(pointer, format!("unknown type `{other}`: read as `any`"));
                "any"
            }
            (None, _) => "any",
        };
        expr.to_owned()
    }
}

/// Whether a schema itself allows `null` (3.0 `nullable`, a 3.1 `"null"`
/// type, a `null` enum value or a `null` branch).
pub fn schema_nullable(schema: &Value) -> bool {
    flag(schema, "nullable")
        || base_type(schema).1
        || schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|v| v.iter().any(Value::is_null))
        || branches(schema).is_some_and(|(_, had_null, _)| had_null)
        || value_branches(schema).is_some_and(|list| {
            list.iter()
                .any(|b| is_null_branch(b) || branch_values(b).iter().any(|v| v.is_null()))
        })
        || schema
            .get("allOf")
            .and_then(Value::as_array)
            .is_some_and(|p| parts_nullable(p))
}
