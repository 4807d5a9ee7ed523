//! What every model's `Serialize` and `Deserialize` share, so that the
//! impls the generator writes for a model hold only its own fields.
//!
//! serde's derive writes, for every struct, an enum of its field names with
//! a visitor and a `Deserialize` of its own, and a second way of reading
//! the struct from a sequence. Over the thousands of models of a whole API
//! that code is most of what type checking, borrow checking and code
//! generation of an SDK crate spend their time on. Here a key is looked up
//! among the model's wire names by one seed, [`Fields`], and the keys of an
//! object are walked by [`FieldKeys`], which skips undeclared keys and
//! refuses a field given twice: both are compiled once per input format
//! rather than once per model. The helpers that fill and finish a field are
//! generic only over the field's type, so models whose fields have the same
//! types share them.
//!
//! SDKs generated for this crate from 0.2.11 on read their models through
//! [`crate::decode`], which uses [`Fields`], [`Keys`] and [`Seen`] from
//! here and compiles the reading of objects once for every model; the
//! per-field readers below ([`set`], [`fill`], [`FieldKeys`]…) are what
//! SDKs generated before then call, and stay for them.
//!
//! What a model accepts is what serde's derive gives the same struct with
//! `#[serde(rename = "…")]` on every field and `#[serde(default)]` on the
//! optional ones: keys it does not declare are skipped, a field given twice
//! is an error (`duplicate field`), a missing required field is an error
//! (`missing field`) unless its type reads nothing as a value (an `Option`
//! becomes `None`), and an optional field left out takes its default. The
//! one difference is deliberate: a model is read from an object only, not
//! from an array of its fields in declaration order, which no JSON API sends.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Deserialize, Serialize};

use crate::Nullable;

/// Reads an object's key as the position of a model's field in its list of
/// wire names, or `None` for a key the model does not declare.
#[derive(Debug, Clone, Copy)]
pub struct Fields(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Fields {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Fields {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| *name == key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == key))
    }

    /// Formats that write a field by its position (as serde's derive
    /// allows) name it by number.
    fn visit_u64<E: de::Error>(self, index: u64) -> Result<Option<usize>, E> {
        Ok(usize::try_from(index).ok().filter(|i| *i < self.0.len()))
    }
}

/// A key of a model that keeps the keys it does not declare: the position
/// of one of its fields, or the key itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// The field at this position of the model's wire names.
    Field(usize),
    /// A key the model does not declare.
    Other(String),
}

/// Reads an object's key as a [`Key`]: like [`Fields`], but keeping a key
/// the model does not declare.
#[derive(Debug, Clone, Copy)]
pub struct Keys(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Keys {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Keys {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(match Fields(self.0).visit_str::<E>(key)? {
            Some(index) => Key::Field(index),
            None => Key::Other(key.to_owned()),
        })
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key, E> {
        Ok(match Fields(self.0).visit_str::<E>(&key)? {
            Some(index) => Key::Field(index),
            None => Key::Other(key),
        })
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Key, E> {
        match std::str::from_utf8(key) {
            Ok(key) => self.visit_str(key),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(key), &self)),
        }
    }
}

/// Reads an object's keys, for a model's `visit_map`, as the positions of
/// the model's fields among its wire names: the value of a key the model
/// does not declare is skipped here, and a field given twice is refused
/// here (`duplicate field`, before its second value is read, as serde's
/// derive does), so the model's own code only reads each field's value.
#[derive(Debug)]
pub struct FieldKeys {
    names: &'static [&'static str],
    seen: Seen,
}

impl FieldKeys {
    /// Keys of a model whose wire names are `names`, by position.
    pub fn new(names: &'static [&'static str]) -> Self {
        FieldKeys {
            names,
            seen: Seen::new(names.len()),
        }
    }

    /// The position of the next declared field of the object, or `None`
    /// when the object ends. The caller reads its value next.
    pub fn next<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Option<usize>, A::Error> {
        while let Some(key) = map.next_key_seed(Fields(self.names))? {
            match key {
                Some(index) if self.seen.first_time(index) => return Ok(Some(index)),
                Some(index) => return Err(de::Error::duplicate_field(self.names[index])),
                None => skip(map)?,
            }
        }
        Ok(None)
    }
}

/// Which fields of an object were read, to refuse one given twice.
#[derive(Debug)]
pub struct Seen {
    len: usize,
    /// Which of the first 128 fields were read: no model of a real API has
    /// more, and an object is read without allocating.
    first: u128,
    /// Which of the rest were read, for a model that has more.
    more: Vec<bool>,
}

impl Seen {
    /// None of `len` fields read yet.
    pub fn new(len: usize) -> Self {
        Seen {
            len,
            first: 0,
            more: Vec::new(),
        }
    }

    /// Whether the field at `index` was read.
    pub fn contains(&self, index: usize) -> bool {
        if index < 128 {
            self.first & (1u128 << index) != 0
        } else {
            self.more.get(index - 128).copied().unwrap_or(false)
        }
    }

    /// Marks the field at `index` as read; whether it was not before.
    pub fn first_time(&mut self, index: usize) -> bool {
        if index < 128 {
            let bit = 1u128 << index;
            let first = self.first & bit == 0;
            self.first |= bit;
            return first;
        }
        if self.more.is_empty() {
            self.more = vec![false; self.len.saturating_sub(128)];
        }
        !std::mem::replace(&mut self.more[index - 128], true)
    }
}

/// Reads the value of the field [`FieldKeys::next`] gave into the model's
/// own field (an optional field: what is not there keeps its default).
pub fn set<'de, A, T>(map: &mut A, field: &mut T) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    *field = map.next_value()?;
    Ok(())
}

/// Reads the value of the field [`FieldKeys::next`] gave into its slot,
/// for a model whose required fields are only built once the object is
/// read (with [`required`]).
pub fn set_slot<'de, A, T>(map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads the value of the field `name` into `slot`, for a model that keeps
/// the keys it does not declare (read with [`Keys`]). A field given twice
/// is an error, as with serde's derive; the first value is not overwritten.
pub fn fill<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// [`set`] for a field read in another form (`W`) and converted: a string
/// enum is read as the `String` it is on the wire (see [`text`]).
pub fn set_as<'de, A, W, T>(map: &mut A, field: &mut T, convert: fn(W) -> T) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    W: Deserialize<'de>,
{
    *field = convert(map.next_value()?);
    Ok(())
}

/// [`set_slot`] for a field read in another form and converted.
pub fn set_slot_as<'de, A, W, T>(
    map: &mut A,
    slot: &mut Option<T>,
    convert: fn(W) -> T,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    W: Deserialize<'de>,
{
    *slot = Some(convert(map.next_value()?));
    Ok(())
}

/// [`fill`] for a field read in another form and converted.
pub fn fill_as<'de, A, W, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
    convert: fn(W) -> T,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    W: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(convert(map.next_value()?));
    Ok(())
}

/// A string enum from the text it is read as. Every string enum of an SDK
/// reads a `String` and converts it (an unknown value is kept, not refused),
/// so a field holding one is read as `String` through the `_as` helpers:
/// the input format's decoder of an `Option`, a list or a field value is
/// then compiled once for `String`, not once for every enum, and accepts
/// and refuses exactly what the enum's own `Deserialize` does.
pub fn text<T: From<String>>(value: String) -> T {
    T::from(value)
}

/// [`text`] of an optional field: absent or `null` stays `None`.
pub fn optional_text<T: From<String>>(value: Option<String>) -> Option<T> {
    value.map(T::from)
}

/// [`text`] of every item of a list.
pub fn text_list<T: From<String>>(values: Vec<String>) -> Vec<T> {
    values.into_iter().map(T::from).collect()
}

/// [`text_list`] of an optional field.
pub fn optional_text_list<T: From<String>>(values: Option<Vec<String>>) -> Option<Vec<T>> {
    values.map(text_list)
}

/// Reads the value of a key the model does not declare into `kept`, the
/// model's map of such keys; a key given twice keeps its last value, as a
/// map read by serde does.
pub fn keep<'de, A, V>(
    map: &mut A,
    kept: &mut std::collections::BTreeMap<String, V>,
    key: String,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    V: Deserialize<'de>,
{
    kept.insert(key, map.next_value()?);
    Ok(())
}

/// Reads and drops the value of a key the model does not declare.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// The value of a required field once the object is read. A field that was
/// not there is an error, unless its type reads the absence of a value as
/// one (an `Option` becomes `None`): exactly what serde's derive does.
pub fn required<'de, T, E>(slot: Option<T>, name: &'static str) -> Result<T, E>
where
    T: Deserialize<'de>,
    E: de::Error,
{
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing {
            name,
            error: PhantomData,
        }),
    }
}

/// The input of a field that is not there: `None` to an `Option`, a
/// `missing field` error to anything else.
struct Missing<E> {
    name: &'static str,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.name))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// A field a model leaves out of what it writes when it has no value.
pub trait Omitted {
    /// Whether the field is left out: `None`, or an absent [`Nullable`].
    fn is_omitted(&self) -> bool;
}

impl<T> Omitted for Option<T> {
    fn is_omitted(&self) -> bool {
        self.is_none()
    }
}

impl<T> Omitted for Nullable<T> {
    fn is_omitted(&self) -> bool {
        self.is_absent()
    }
}

/// How many fields a model writes: `required`, and each optional field
/// that is not omitted. Formats that write a length first need it exact.
pub fn count(required: usize, optional: &[&dyn Omitted]) -> usize {
    required + optional.iter().filter(|field| !field.is_omitted()).count()
}

/// Writes an optional field, or leaves it out when it has no value (as
/// `skip_serializing_if` does, telling the format it was skipped).
pub fn optional_field<S, T>(object: &mut S, name: &'static str, value: &T) -> Result<(), S::Error>
where
    S: SerializeStruct,
    T: Serialize + Omitted,
{
    if value.is_omitted() {
        object.skip_field(name)
    } else {
        object.serialize_field(name, value)
    }
}

/// [`optional_field`] for a model that also writes the keys it does not
/// declare, and so is written as a map.
pub fn optional_entry<M, T>(map: &mut M, name: &'static str, value: &T) -> Result<(), M::Error>
where
    M: SerializeMap,
    T: Serialize + Omitted,
{
    if value.is_omitted() {
        Ok(())
    } else {
        map.serialize_entry(name, value)
    }
}

#[cfg(test)]
#[path = "object_tests.rs"]
mod tests;
