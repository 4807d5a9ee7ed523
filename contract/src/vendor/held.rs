//! What a value is held to by a schema with alternatives: the branch it
//! takes, not the first one that happens to declare a key. Cutting an
//! answer down to what it must hold and comparing what the SDK decoded
//! both follow it.

use std::collections::BTreeSet;

use serde_json::Value;

use super::schema::any_value;
use super::{Declared, Document, MAX_DEPTH};
use crate::recorder::Exchange;

impl Document {
    /// A success answer with every property its schema does not require
    /// removed, recursively: just as valid, and what a server that sends only
    /// what it must would send. `None` for other answers.
    pub fn without_optional_fields(&self, exchange: &Exchange) -> Option<Vec<u8>> {
        if !(200..300).contains(&exchange.status) {
            return None;
        }
        let schema = self.response_schema(exchange)?;
        let body: Value = serde_json::from_slice(&exchange.response_body).ok()?;
        serde_json::to_vec(&self.required_only(&body, schema, 0)).ok()
    }

    fn required_only(&self, value: &Value, schema: &Value, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return value.clone();
        }
        match value {
            Value::Object(fields) => {
                let mut held = Vec::new();
                self.held_to(schema, value, 0, &mut held);
                let required: BTreeSet<&str> = held
                    .iter()
                    .flat_map(|s| s["required"].as_array().into_iter().flatten())
                    .filter_map(Value::as_str)
                    .collect();
                let kept = fields
                    .iter()
                    .filter(|(name, _)| required.contains(name.as_str()))
                    .map(|(name, sub)| {
                        let sub = match declared_in(&held, name) {
                            Some(s) => self.required_only(sub, s, depth + 1),
                            // A required key no part declares holds any value.
                            None => sub.clone(),
                        };
                        (name.clone(), sub)
                    });
                Value::Object(kept.collect())
            }
            Value::Array(items) => match self.items(schema) {
                Some(item_schema) => Value::Array(
                    items
                        .iter()
                        .map(|i| self.required_only(i, item_schema, depth + 1))
                        .collect(),
                ),
                None => value.clone(),
            },
            other => other.clone(),
        }
    }

    /// The schemas `schema` holds `value` to: itself, its `allOf` parts,
    /// and of its `oneOf`/`anyOf` branches the one the value takes (the one
    /// its tag names, else the first it does not provably break that
    /// declares every key it has, else the first it does not provably
    /// break; every branch when it provably breaks them all), each
    /// followed the same way. Taking a property's schema from a branch the
    /// value did not take would cut it to another shape's required names
    /// (a shell action cut to what a click action requires).
    pub(crate) fn held_to<'a>(
        &'a self,
        schema: &'a Value,
        value: &Value,
        depth: usize,
        out: &mut Vec<&'a Value>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let schema = self.resolve(schema);
        out.push(schema);
        for part in schema["allOf"].as_array().into_iter().flatten() {
            self.held_to(part, value, depth + 1, out);
        }
        let choices: Vec<&Value> = ["oneOf", "anyOf"]
            .iter()
            .flat_map(|k| schema[*k].as_array().into_iter().flatten())
            .collect();
        if choices.is_empty() {
            return;
        }
        // Of the branches the value does not provably break, the first
        // declaring every key it has: a branch that requires nothing fits
        // any object, and would take another branch's value for its own.
        let fitting: Vec<&Value> = choices
            .iter()
            .copied()
            .filter(|b| !self.rejects(value, b))
            .collect();
        // Declared through its own parts and branches: a member that is a
        // union of its own declares what its members do.
        let declares_all = |b: &Value| {
            value.as_object().is_some_and(|o| {
                o.keys().all(|k| {
                    matches!(
                        self.declared(b, k),
                        Declared::Property(_) | Declared::Extra(_)
                    )
                })
            })
        };
        let taken = self.tagged_branch(schema, value).or_else(|| {
            fitting
                .iter()
                .find(|b| declares_all(b))
                .or(fitting.first())
                .copied()
        });
        match taken {
            Some(branch) => self.held_to(branch, value, depth + 1, out),
            // No branch is told apart (a form's values are all text, which
            // proves nothing against a number): the value may be of any,
            // and each is read in order, as a schema alone says it.
            None => {
                for branch in choices {
                    self.held_to(branch, value, depth + 1, out);
                }
            }
        }
    }

    /// Whether `schema` is a union of object shapes (its `oneOf`/`anyOf`
    /// branches declare properties), not one that only constrains a value.
    pub(super) fn unites_shapes(&self, schema: &Value) -> bool {
        let schema = self.resolve(schema);
        ["oneOf", "anyOf"]
            .iter()
            .flat_map(|k| schema[*k].as_array().into_iter().flatten())
            .any(|b| self.resolve(b).get("properties").is_some())
    }

    /// The schemas `schema` holds `value` to ([`Document::held_to`]),
    /// found once for all the keys of the value.
    pub fn held<'a>(&'a self, schema: &'a Value, value: &Value) -> Held<'a> {
        let mut held = Vec::new();
        self.held_to(schema, value, 0, &mut held);
        Held(held)
    }
}

/// The schemas a value is held to: what each of its keys is to them.
pub struct Held<'a>(Vec<&'a Value>);

impl<'a> Held<'a> {
    /// Every schema they declare property `name` with (an `allOf` may
    /// declare it twice).
    pub(super) fn definitions(&self, name: &str) -> Vec<&'a Value> {
        self.0
            .iter()
            .filter_map(|s| s.get("properties").and_then(|p| p.get(name)))
            .collect()
    }

    /// Whether the value may have any key at all (`additionalProperties:
    /// true` or `{}`): no key sent is unknown to it.
    pub(super) fn takes_any_key(&self) -> bool {
        self.0.iter().any(|s| match s.get("additionalProperties") {
            Some(Value::Bool(open)) => *open,
            Some(Value::Object(rule)) => rule.is_empty(),
            _ => false,
        })
    }

    /// What property `name` is to them, as [`Document::property`] says it
    /// of a schema alone.
    pub fn declared(&self, name: &str) -> Declared<'a> {
        if let Some(s) = self.definitions(name).first() {
            return Declared::Property(s);
        }
        if let Some(extra) = declared_in(&self.0, name) {
            return Declared::Extra(extra);
        }
        let required = self.0.iter().any(|s| {
            s["required"]
                .as_array()
                .is_some_and(|r| r.iter().any(|n| n == name))
        });
        if required {
            Declared::Property(any_value())
        } else {
            Declared::Undeclared
        }
    }
}

/// The schema property `name` has in the first of `held` that declares it,
/// else the first schema given for other keys (`additionalProperties`).
fn declared_in<'a>(held: &[&'a Value], name: &str) -> Option<&'a Value> {
    held.iter()
        .find_map(|s| s.get("properties").and_then(|p| p.get(name)))
        .or_else(|| {
            held.iter()
                .filter_map(|s| s.get("additionalProperties"))
                .find(|extra| extra.as_object().is_some_and(|o| !o.is_empty()))
        })
}
