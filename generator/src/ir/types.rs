//! The type table: every model, enum, union and alias of an API, keyed by
//! [`TypeId`], and the [`Type`] expressions that refer to them.
//!
//! A reference to a named type carries its id and its kind, so code that
//! renders it never looks a name up to learn what it points at.

use serde::Serialize;

use crate::spec::Bound;

/// Position of a named type in [`super::Api::types`], which is sorted by Rust name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct TypeId(pub usize);

/// What a named type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An object with fields ([`Model`]).
    Model,
    /// An open string enum ([`Enum`]).
    Enum,
    /// A union of several shapes ([`Union`]).
    Union,
    /// A primitive with a name and constraints of its own ([`Alias`]).
    Alias,
}

/// A reference to a named type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TypeRef {
    /// Which entry of the type table.
    #[serde(skip)]
    pub id: TypeId,
    /// What the entry is.
    pub kind: Kind,
    /// Its Rust name, kept here so rendering a reference needs no lookup.
    pub name: String,
}

/// A primitive scalar type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Primitive {
    /// `String`.
    String,
    /// `i32`.
    Int32,
    /// `i64`.
    Int64,
    /// `u64`: an integer stated above `i64`'s range, which `i64` cannot carry.
    UInt64,
    /// `i128`: an integer stated above `i64`'s range whose document does not
    /// rule out negatives, so neither `i64` nor `u64` holds every value.
    Int128,
    /// `f32`.
    Float,
    /// `f64`.
    Double,
    /// `bool`.
    Boolean,
    /// RFC 3339 timestamp.
    DateTime,
    /// Calendar date.
    Date,
    /// Time of day without a zone (`HH:MM:SS[.fraction]`).
    Time,
    /// URI string.
    Uri,
    /// E-mail string.
    Email,
    /// UUID string (`uuid::Uuid`).
    Uuid,
    /// Bytes as base64 text (`sdkgen_runtime::Base64`).
    Byte,
    /// An exact decimal number written as a string (`rust_decimal::Decimal`).
    Decimal,
    /// Any JSON value.
    Any,
}

impl Primitive {
    /// The spelling of each primitive in a spec's type expressions.
    pub const SPELLINGS: &'static [(&'static str, Primitive)] = &[
        ("string", Primitive::String),
        ("int32", Primitive::Int32),
        ("int64", Primitive::Int64),
        ("uint64", Primitive::UInt64),
        ("int128", Primitive::Int128),
        // OpenAPI's `integer` without a format has no size limit; i64 is
        // the widest integer JSON libraries read exactly.
        ("integer", Primitive::Int64),
        ("float", Primitive::Float),
        ("double", Primitive::Double),
        ("number", Primitive::Double),
        ("boolean", Primitive::Boolean),
        ("date-time", Primitive::DateTime),
        ("date", Primitive::Date),
        ("time", Primitive::Time),
        ("uri", Primitive::Uri),
        ("email", Primitive::Email),
        ("uuid", Primitive::Uuid),
        ("byte", Primitive::Byte),
        ("decimal", Primitive::Decimal),
        ("any", Primitive::Any),
    ];

    /// Parses a primitive's spec spelling.
    pub fn parse(word: &str) -> Option<Primitive> {
        Self::SPELLINGS
            .iter()
            .find(|(s, _)| *s == word)
            .map(|(_, p)| *p)
    }

    /// Whether values are text (setters then take `impl Into<String>`).
    pub fn is_text(self) -> bool {
        matches!(self, Primitive::String | Primitive::Uri | Primitive::Email)
    }

    /// Whether the type is a number (so `minimum`/`maximum` apply).
    pub fn is_number(self) -> bool {
        matches!(
            self,
            Primitive::Int32
                | Primitive::Int64
                | Primitive::UInt64
                | Primitive::Int128
                | Primitive::Float
                | Primitive::Double
        )
    }

    /// Whether the type is an integer (its bounds are checked as integers).
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            Primitive::Int32 | Primitive::Int64 | Primitive::UInt64 | Primitive::Int128
        )
    }

    /// Whether the Rust type is `Copy` (passed by value in setters).
    pub fn is_copy(self) -> bool {
        matches!(
            self,
            Primitive::Int32
                | Primitive::Int64
                | Primitive::UInt64
                | Primitive::Int128
                | Primitive::Float
                | Primitive::Double
                | Primitive::Boolean
                | Primitive::Date
                | Primitive::Time
                | Primitive::DateTime
                | Primitive::Uuid
                | Primitive::Decimal
        )
    }

    /// The Rust type, unqualified as docs and messages show it.
    pub fn rust(self) -> &'static str {
        match self {
            Primitive::String | Primitive::Uri | Primitive::Email => "String",
            Primitive::Int32 => "i32",
            Primitive::Int64 => "i64",
            Primitive::UInt64 => "u64",
            Primitive::Int128 => "i128",
            Primitive::Float => "f32",
            Primitive::Double => "f64",
            Primitive::Boolean => "bool",
            Primitive::DateTime => "chrono::DateTime<chrono::FixedOffset>",
            Primitive::Date => "chrono::NaiveDate",
            Primitive::Time => "chrono::NaiveTime",
            Primitive::Uuid => "uuid::Uuid",
            Primitive::Byte => "sdkgen_runtime::Base64",
            Primitive::Decimal => "rust_decimal::Decimal",
            Primitive::Any => "serde_json::Value",
        }
    }
}

/// A resolved type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum Type {
    /// A scalar.
    Primitive(Primitive),
    /// An array.
    List(Box<Type>),
    /// An object with arbitrary keys.
    Map(Box<Type>),
    /// A model, enum, union or alias.
    Named(TypeRef),
    /// A value that may be `null` (`Option<T>`): a list item or map value
    /// written `T?`, or a use of a type defined `nullable`. Fields, bodies
    /// and parameters never hold one at the top; lowering folds it into
    /// their own `nullable` flag.
    Nullable(Box<Type>),
}

impl Type {
    /// The named type this expression is, if it is one of kind `kind`.
    pub fn named_of(&self, kind: Kind) -> Option<&TypeRef> {
        match self {
            Type::Named(r) if r.kind == kind => Some(r),
            _ => None,
        }
    }

    /// Every named type this expression mentions.
    pub fn refs(&self) -> Vec<&TypeRef> {
        match self {
            Type::List(t) | Type::Map(t) | Type::Nullable(t) => t.refs(),
            Type::Named(r) => vec![r],
            Type::Primitive(_) => Vec::new(),
        }
    }

    /// Whether the Rust type is `Copy` (passed by value in setters).
    pub fn is_copy(&self) -> bool {
        matches!(self, Type::Primitive(p) if p.is_copy())
    }

    /// The type without a `Nullable` at its top, and whether there was one.
    pub fn strip_nullable(self) -> (Type, bool) {
        match self {
            Type::Nullable(t) => (*t, true),
            t => (t, false),
        }
    }

    /// Whether values are text (setters take `impl Into<String>`).
    pub fn is_text(&self) -> bool {
        matches!(self, Type::Primitive(p) if p.is_text())
    }
}

/// The Rust spelling, unqualified (`Vec<Device>`), as docs and messages show it.
impl std::fmt::Display for Type {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Type::Primitive(p) => f.write_str(p.rust()),
            Type::Nullable(t) => write!(f, "Option<{t}>"),
            Type::List(t) => write!(f, "Vec<{t}>"),
            Type::Map(t) => write!(f, "std::collections::BTreeMap<String, {t}>"),
            Type::Named(r) => f.write_str(&r.name),
        }
    }
}

/// Checks that can run before a request is sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Constraints {
    /// Inclusive minimum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Bound>,
    /// Inclusive maximum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Bound>,
    /// Minimum length in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Maximum length in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Regex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Minimum items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// Maximum items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
}

impl Constraints {
    /// Whether no constraint is set.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// These constraints, with any left unset taken from `base` (an alias's own).
    pub fn or(self, base: &Constraints) -> Constraints {
        Constraints {
            minimum: self.minimum.or(base.minimum),
            maximum: self.maximum.or(base.maximum),
            min_length: self.min_length.or(base.min_length),
            max_length: self.max_length.or(base.max_length),
            pattern: self.pattern.or_else(|| base.pattern.clone()),
            min_items: self.min_items.or(base.min_items),
            max_items: self.max_items.or(base.max_items),
        }
    }
}

/// What generated code does with a named type (`lower/usage.rs`), so
/// each type gets only the code it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Usage {
    /// Sent in a request body (or encoded to pick a union member): derives `Serialize`.
    pub serialized: bool,
    /// Read from a response or error body: derives `Deserialize`.
    pub deserialized: bool,
    /// Sent, and holds a constraint a value can break: has a `Validate` impl.
    pub validated: bool,
}

/// One entry of the type table.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeDef {
    /// An object.
    Model(Model),
    /// An open string enum.
    Enum(Enum),
    /// A union.
    Union(Union),
    /// A named primitive.
    Alias(Alias),
}

impl TypeDef {
    /// Rust type name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Model(m) => &m.name,
            TypeDef::Enum(e) => &e.name,
            TypeDef::Union(u) => &u.name,
            TypeDef::Alias(a) => &a.name,
        }
    }

    /// Module (file) name under `src/models/`.
    pub fn module(&self) -> &str {
        match self {
            TypeDef::Model(m) => &m.module,
            TypeDef::Enum(e) => &e.module,
            TypeDef::Union(u) => &u.module,
            TypeDef::Alias(a) => &a.module,
        }
    }
}

/// An object type.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    /// Rust type name.
    pub name: String,
    /// Name in the spec.
    pub spec_name: String,
    /// Module (file) name.
    pub module: String,
    /// Description.
    pub doc: Option<String>,
    /// Fields in wire order, inherited (`all_of`) ones first.
    pub fields: Vec<Field>,
    /// Value type of undeclared keys that are kept.
    pub additional_properties: Option<Type>,
    /// The `all_of` parents whose fields were merged in (the parents stay
    /// types of their own; this records which models include them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parents: Vec<TypeRef>,
}

impl Model {
    /// Whether every field may be absent, so the model can derive `Default`.
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(|f| !f.required)
    }

    /// The field with wire name `wire`.
    pub fn field(&self, wire: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.wire_name == wire)
    }
}

/// A model field.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Name on the wire.
    pub wire_name: String,
    /// Rust field name.
    pub rust_name: String,
    /// Type (without `Option`).
    pub ty: Type,
    /// Must be present.
    pub required: bool,
    /// `null` allowed.
    pub nullable: bool,
    /// Response-only.
    pub read_only: bool,
    /// Deprecated.
    pub deprecated: bool,
    /// Server default.
    pub default: Option<serde_json::Value>,
    /// Realistic value.
    pub example: Option<serde_json::Value>,
    /// Constraints.
    pub constraints: Constraints,
    /// Stored in a `Box`: it closes a reference cycle.
    pub boxed: bool,
    /// Description.
    pub doc: Option<String>,
    /// Model this field was merged from through `all_of`.
    pub inherited_from: Option<String>,
}

impl Field {
    /// How the Rust field holds the value.
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::OrNull,
            (false, false) => Presence::Optional,
            (false, true) => Presence::ThreeState,
        }
    }

    /// How code reaches this field from its model: name and presence.
    pub fn access(&self) -> FieldAccess {
        FieldAccess {
            rust_name: self.rust_name.clone(),
            presence: self.presence(),
        }
    }
}

/// How a field holds its value, from its `required` and `nullable` flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Required, not nullable: `T`.
    Required,
    /// Required and nullable: `Option<T>`, always sent (`None` as `null`).
    OrNull,
    /// Optional, not nullable: `Option<T>`, left out when `None`.
    Optional,
    /// Optional and nullable: `sdkgen_runtime::Nullable<T>`, with absent,
    /// `null` and a value as three states.
    ThreeState,
}

impl Presence {
    /// Whether the field may hold no value.
    pub fn optional(self) -> bool {
        self != Presence::Required
    }
}

/// A field as code reaches it: its Rust name, and how it holds its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldAccess {
    /// Rust field name.
    pub rust_name: String,
    /// How the field holds its value.
    pub presence: Presence,
}

/// A string enum; it always keeps values it does not list.
#[derive(Debug, Clone, Serialize)]
pub struct Enum {
    /// Rust type name.
    pub name: String,
    /// Module (file) name.
    pub module: String,
    /// Description.
    pub doc: Option<String>,
    /// For inline enums: where the enum was written (`Model.field`).
    pub inline_in: Option<String>,
    /// Variants in spec order.
    pub variants: Vec<Variant>,
}

/// An enum value.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// Value on the wire.
    pub wire: String,
    /// Rust variant name.
    pub rust_name: String,
    /// Description.
    pub doc: Option<String>,
}

/// An untagged union.
#[derive(Debug, Clone, Serialize)]
pub struct Union {
    /// Rust type name.
    pub name: String,
    /// Module (file) name.
    pub module: String,
    /// Description.
    pub doc: Option<String>,
    /// Members in decode order.
    pub members: Vec<UnionMember>,
    /// The property whose value names the member, for a discriminated union.
    pub discriminator: Option<String>,
}

/// One member of a union.
#[derive(Debug, Clone, Serialize)]
pub struct UnionMember {
    /// Variant name.
    pub rust_name: String,
    /// Member type.
    pub ty: Type,
    /// The discriminator value that selects this member (discriminated unions only).
    pub tag: Option<String>,
    /// Stored in a `Box`: it closes a reference cycle, or it is much larger
    /// than the other members (see `lower::layout`).
    pub boxed: bool,
}

/// A named primitive type, such as an E.164 phone number string.
#[derive(Debug, Clone, Serialize)]
pub struct Alias {
    /// Rust type name.
    pub name: String,
    /// Module (file) name.
    pub module: String,
    /// Description.
    pub doc: Option<String>,
    /// The type it stands for (never another alias).
    pub ty: Type,
    /// Constraints every use of the alias carries.
    pub constraints: Constraints,
    /// Realistic value.
    pub example: Option<serde_json::Value>,
}
