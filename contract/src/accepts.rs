//! Whether a value fits a schema of the vendor document, for the keywords
//! these documents use: enough to count the `oneOf` branches a request
//! value matches, which tells a flaw of the document from a fault of the SDK.

use serde_json::Value;

use crate::vendor::Document;

/// Nesting limit when walking schemas, for the recursive ones.
const MAX_DEPTH: usize = 12;

impl Document {
    /// How many `oneOf` branches of `schema` accept `value`, if `schema`
    /// is a `oneOf` and accepts `value` in every other respect; `None` when
    /// that cannot be told.
    pub fn one_of_matches(&self, value: &Value, schema: &Value) -> Option<usize> {
        let schema = self.resolve(schema);
        let branches = schema.get("oneOf")?.as_array()?;
        let mut rest = schema.as_object()?.clone();
        rest.remove("oneOf");
        if !self.accepts(value, &Value::Object(rest), 0, false)? {
            return Some(0);
        }
        branches
            .iter()
            .map(|b| self.accepts(value, b, 0, false).map(usize::from))
            .sum()
    }

    /// Whether `schema` accepts `value` when a `oneOf` may match several
    /// branches, as an `anyOf` would (`None`: that cannot be told). When it
    /// does and Prism refused the value, the only fault is a `oneOf` of the
    /// document whose branches overlap.
    pub fn accepts_overlapping(&self, value: &Value, schema: &Value) -> Option<bool> {
        self.accepts(value, schema, 0, true)
    }

    /// Whether `schema` accepts `value`, for the keywords these documents
    /// use; `None` for a keyword this does not check (`format`, say), so an
    /// unknown rule is never taken as satisfied. `loose`: a `oneOf` is met
    /// by one branch or more.
    fn accepts(&self, value: &Value, schema: &Value, depth: usize, loose: bool) -> Option<bool> {
        if depth > MAX_DEPTH {
            return None;
        }
        let schema = self.resolve(schema);
        let Some(rules) = schema.as_object() else {
            return Some(true);
        };
        // OpenAPI 3.0's `nullable` lets `null` through whatever else is said.
        if value.is_null() && schema["nullable"] == true {
            return Some(true);
        }
        for (keyword, rule) in rules {
            let ok = match keyword.as_str() {
                // 3.1 may list several types.
                "type" => match rule {
                    Value::Array(types) => {
                        let mut any = false;
                        for t in types {
                            any |= is_of_type(value, t.as_str()?)?;
                        }
                        any
                    }
                    one => is_of_type(value, one.as_str()?)?,
                },
                "enum" => rule.as_array()?.contains(value),
                "const" => rule == value,
                "required" => match value.as_object() {
                    Some(fields) => rule
                        .as_array()?
                        .iter()
                        .all(|name| name.as_str().is_some_and(|n| fields.contains_key(n))),
                    None => true,
                },
                "properties" => match value.as_object() {
                    Some(fields) => {
                        let mut all = true;
                        for (name, sub) in rule.as_object()? {
                            if let Some(v) = fields.get(name) {
                                all &= self.accepts(v, sub, depth + 1, loose)?;
                            }
                        }
                        all
                    }
                    None => true,
                },
                "additionalProperties" => match (value.as_object(), rule) {
                    (Some(fields), Value::Bool(false)) => {
                        let declared = schema.get("properties").and_then(Value::as_object);
                        fields
                            .keys()
                            .all(|k| declared.is_some_and(|d| d.contains_key(k)))
                    }
                    (Some(_), Value::Bool(true)) | (None, _) => true,
                    (Some(fields), sub) => {
                        let declared = schema.get("properties").and_then(Value::as_object);
                        let mut all = true;
                        for (k, v) in fields {
                            if !declared.is_some_and(|d| d.contains_key(k)) {
                                all &= self.accepts(v, sub, depth + 1, loose)?;
                            }
                        }
                        all
                    }
                },
                "items" => match value.as_array() {
                    Some(items) => {
                        let mut all = true;
                        for item in items {
                            all &= self.accepts(item, rule, depth + 1, loose)?;
                        }
                        all
                    }
                    None => true,
                },
                "allOf" => {
                    let mut all = true;
                    for sub in rule.as_array()? {
                        all &= self.accepts(value, sub, depth + 1, loose)?;
                    }
                    all
                }
                "anyOf" | "oneOf" => {
                    let mut passing = 0;
                    for sub in rule.as_array()? {
                        passing += usize::from(self.accepts(value, sub, depth + 1, loose)?);
                    }
                    if keyword == "oneOf" && !loose {
                        passing == 1
                    } else {
                        passing >= 1
                    }
                }
                "minimum" => value
                    .as_f64()
                    .is_none_or(|v| v >= rule.as_f64().unwrap_or(f64::MIN)),
                "maximum" => value
                    .as_f64()
                    .is_none_or(|v| v <= rule.as_f64().unwrap_or(f64::MAX)),
                "minLength" => value
                    .as_str()
                    .is_none_or(|v| v.chars().count() as u64 >= rule.as_u64().unwrap_or(0)),
                "maxLength" => value
                    .as_str()
                    .is_none_or(|v| v.chars().count() as u64 <= rule.as_u64().unwrap_or(u64::MAX)),
                "minItems" => value
                    .as_array()
                    .is_none_or(|v| v.len() as u64 >= rule.as_u64().unwrap_or(0)),
                "maxItems" => value
                    .as_array()
                    .is_none_or(|v| v.len() as u64 <= rule.as_u64().unwrap_or(u64::MAX)),
                "pattern" => match value.as_str() {
                    Some(v) => regex_lite::Regex::new(rule.as_str()?).ok()?.is_match(v),
                    None => true,
                },
                "format" => match value.as_str() {
                    Some(text) => fits_format(text, rule.as_str()?)?,
                    // Formats of numbers add nothing to what `type` checks;
                    // a string format says nothing of other values.
                    None => match rule.as_str()? {
                        "int32" | "int64" | "float" | "double" => true,
                        _ if !value.is_number() => true,
                        _ => return None,
                    },
                },
                // Annotations that do not constrain a value.
                // `discriminator` too: it names the branch a value takes, but
                // JSON Schema validation (Prism's) ignores it.
                "description" | "example" | "examples" | "title" | "default" | "deprecated"
                | "readOnly" | "writeOnly" | "nullable" | "discriminator" | "externalDocs"
                | "xml" => true,
                k if k.starts_with("x-") => true,
                _ => return None,
            };
            if !ok {
                return Some(false);
            }
        }
        Some(true)
    }

    /// The branch of a discriminated `oneOf`/`anyOf` that `value`'s tag
    /// names, if `schema` is one and the value carries a tag it maps.
    pub fn tagged_branch<'a>(&'a self, schema: &'a Value, value: &Value) -> Option<&'a Value> {
        let schema = self.resolve(schema);
        let name = value
            .get(schema["discriminator"]["propertyName"].as_str()?)?
            .as_str()?;
        let target = schema["discriminator"]["mapping"][name]
            .as_str()
            .map_or_else(|| format!("#/components/schemas/{name}"), str::to_owned);
        ["oneOf", "anyOf"]
            .iter()
            .flat_map(|k| schema[*k].as_array().into_iter().flatten())
            .find(|b| b["$ref"].as_str() == Some(target.as_str()))
    }

    /// Where a value's discriminator names a branch the value provably does
    /// not fit (a JSON path), if anywhere: Prism's random answers pick
    /// `oneOf` branches without regard to the tag, and a document whose
    /// branches do not pin their tag lets it happen.
    pub fn broken_discriminator(
        &self,
        value: &Value,
        schema: &Value,
        path: &str,
        depth: usize,
    ) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        let schema = self.resolve(schema);
        if self
            .tagged_branch(schema, value)
            .is_some_and(|b| self.refutes(value, b, 0))
        {
            return Some(if path.is_empty() {
                ".".into()
            } else {
                path.to_owned()
            });
        }
        match value {
            Value::Object(fields) => {
                fields
                    .iter()
                    .find_map(|(key, sub)| match self.property(schema, key) {
                        crate::vendor::Declared::Property(s)
                        | crate::vendor::Declared::Extra(s) => self.broken_discriminator(
                            sub,
                            s,
                            &if path.is_empty() {
                                key.clone()
                            } else {
                                format!("{path}.{key}")
                            },
                            depth + 1,
                        ),
                        crate::vendor::Declared::Undeclared => None,
                    })
            }
            Value::Array(items) => {
                let item_schema = self.items(schema)?;
                items.iter().find_map(|item| {
                    self.broken_discriminator(item, item_schema, &format!("{path}[]"), depth + 1)
                })
            }
            _ => None,
        }
    }

    /// Whether `schema` provably rejects `value` (only keywords checked here count).
    pub fn rejects(&self, value: &Value, schema: &Value) -> bool {
        self.refutes(value, schema, 0)
    }

    /// Whether `schema` provably rejects `value`: only keywords that are
    /// checked here count, so `true` is a proof and `false` is not.
    fn refutes(&self, value: &Value, schema: &Value, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let schema = self.resolve(schema);
        if value.is_null() && schema["nullable"] == true {
            return false;
        }
        let type_wrong = schema["type"].as_str().is_some_and(|t| match t {
            "object" => !value.is_object(),
            "array" => !value.is_array(),
            "string" => !value.is_string(),
            "boolean" => !value.is_boolean(),
            "number" | "integer" => !value.is_number(),
            _ => false,
        });
        // An unsigned format (`uint64`, which JSON Schema validators and
        // Prism's generator do not know) rules out a negative number.
        let sign_wrong = value.as_f64().is_some_and(|f| f < 0.0)
            && matches!(
                schema["format"].as_str(),
                Some("uint8" | "uint16" | "uint32" | "uint64")
            );
        let enum_wrong = schema["enum"]
            .as_array()
            .is_some_and(|e| !e.contains(value));
        let fields = value.as_object();
        let missing = fields.is_some_and(|f| {
            schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .any(|n| !f.contains_key(n))
        });
        let property_wrong = fields.is_some_and(|f| {
            schema["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .any(|(k, sub)| {
                    f.get(k)
                        .is_some_and(|v| !v.is_null() && self.refutes(v, sub, depth + 1))
                })
        });
        let item_wrong = value.as_array().is_some_and(|items| {
            schema
                .get("items")
                .is_some_and(|s| items.iter().any(|i| self.refutes(i, s, depth + 1)))
        });
        let part_wrong = schema["allOf"]
            .as_array()
            .is_some_and(|parts| parts.iter().any(|p| self.refutes(value, p, depth + 1)));
        // A value must fit one branch at least: breaking every one is a proof.
        let branches_wrong = ["oneOf", "anyOf"].iter().any(|k| {
            schema[*k].as_array().is_some_and(|b| {
                !b.is_empty() && b.iter().all(|b| self.refutes(value, b, depth + 1))
            })
        });
        type_wrong
            || sign_wrong
            || enum_wrong
            || missing
            || property_wrong
            || item_wrong
            || part_wrong
            || branches_wrong
    }
}

/// Whether `value` is of JSON Schema type `name`; `None` for a name that is none.
fn is_of_type(value: &Value, name: &str) -> Option<bool> {
    Some(match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        "null" => value.is_null(),
        _ => return None,
    })
}

/// Whether `text` is of string format `format`, for the formats the
/// contract's inputs send; `None` for one not checked here, so it is never
/// taken as met.
fn fits_format(text: &str, format: &str) -> Option<bool> {
    let matches = |pattern: &str| {
        regex_lite::Regex::new(pattern)
            .ok()
            .map(|r| r.is_match(text))
    };
    match format {
        "date-time" => Some(chrono::DateTime::parse_from_rfc3339(text).is_ok()),
        "date" => Some(chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()),
        "uuid" => Some(crate::vendor::is_uuid(text)),
        // An absolute URI: a scheme, then no white space.
        "uri" | "url" => matches(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$"),
        "email" => matches(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
        _ => None,
    }
}
