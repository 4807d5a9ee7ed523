//! How an SDK reads its types from JSON without compiling the JSON reader
//! once per type.
//!
//! serde compiles a type's decoder once per input format, and the format's
//! code (serde_json's object, list and option readers) once per type it
//! hands a value to: decoding responses with `serde_json::from_slice`
//! compiled serde_json again for every model of the SDK, in the SDK's own
//! crate, and that was most of what building a whole API cost.
//!
//! Here a type reads itself from an [`Input`]: the value at hand, behind a
//! trait object ([`Source`]). Only the outermost layer, serde_json's
//! reader, is generic, and it is compiled once for every type of every
//! SDK: a model's [`Decode`] is ordinary code that asks its input for an
//! object and reads each field, so it is compiled once too. The visitors
//! are not erased: a `Source` has one method per kind of value an SDK's
//! types are made of (a string, an `i32`, an object of named fields, a
//! list…), each calling serde's own decoder of that kind.
//!
//! What is accepted, and what is refused with which message, is what
//! serde's derive and the std impls give the same types (see
//! [`crate::object`] for the rules a model follows). Errors are
//! `serde_json::Error`s; one that crosses from the input's error type
//! into this one and back is carried by its message, from which serde_json
//! takes back the position it ends with (` at line L column C`), so a
//! failure is reported at the same position as by `serde_json::from_slice`.
//!
//! A model's `Deserialize` impl is [`deserialize`] over its `Decode`, so
//! it reads any serde format. A discriminated union reads its member
//! straight from the input ([`Input::union`]); a union without a
//! discriminator, whose members are all tried on the value, reads it whole
//! and decodes from that ([`via_value`]).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer};

use crate::Nullable;

mod source;
mod union;

pub use source::Source;
pub use union::Union;

/// The error of every decoder here: serde_json's own.
pub type Error = serde_json::Error;

/// A type an SDK reads from its input through an [`Input`].
pub trait Decode<'de>: Sized {
    /// Reads the value at `input`.
    fn decode(input: Input<'_, 'de>) -> Result<Self, Error>;
}

/// A type that decodes from input of any lifetime: what a response is
/// decoded into.
pub trait DecodeOwned: for<'de> Decode<'de> {}

impl<T: for<'de> Decode<'de>> DecodeOwned for T {}

/// Decodes `T` from a JSON document, as `serde_json::from_slice` does:
/// one value, then nothing but whitespace.
pub fn from_slice<'de, T: Decode<'de>>(body: &'de [u8]) -> Result<T, Error> {
    let mut value: Option<T> = None;
    match read_slice(body, &mut value) {
        Ok(()) => match value {
            Some(value) => Ok(value),
            None => Err(nothing_read()),
        },
        Err(e) => Err(e),
    }
}

/// serde_json's reader over `body`, its value put in `place`: compiled
/// once, here.
fn read_slice<'de>(body: &'de [u8], place: &mut dyn Place<'de>) -> Result<(), Error> {
    let mut reader = serde_json::Deserializer::from_slice(body);
    place.put(Input::new(&mut Some(&mut reader)))?;
    reader.end()
}

/// The error of a value that was never put where it was to go, which a
/// `Source` that keeps its contract does not give.
fn nothing_read() -> Error {
    de::Error::custom("no value was read")
}

/// Where a value read from an [`Input`] goes, as a trait object, so that
/// what is generic over the value's type is only [`Place::put`]: the
/// decoders here are compiled once per type, not once per type and place.
///
/// The code here that is generic over a value's type spells errors out
/// with `match` rather than `?`, `map` or closures: in a debug build each
/// of those is one more function instantiated for every type of an SDK.
pub trait Place<'de> {
    /// Reads the value of `input` into this place.
    fn put(&mut self, input: Input<'_, 'de>) -> Result<(), Error>;
}

/// A slot, empty until its value is read: `Some` of the value.
impl<'de, T: Decode<'de>> Place<'de> for Option<T> {
    fn put(&mut self, input: Input<'_, 'de>) -> Result<(), Error> {
        match T::decode(input) {
            Ok(value) => {
                *self = Some(value);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

/// A list: the value is its next item.
impl<'de, T: Decode<'de>> Place<'de> for Vec<T> {
    fn put(&mut self, input: Input<'_, 'de>) -> Result<(), Error> {
        match T::decode(input) {
            Ok(value) => {
                self.push(value);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

/// A field of a model read in place: the value replaces what it holds.
pub struct Set<'a, T>(pub &'a mut T);

impl<'de, T: Decode<'de>> Place<'de> for Set<'_, T> {
    fn put(&mut self, input: Input<'_, 'de>) -> Result<(), Error> {
        match T::decode(input) {
            Ok(value) => {
                *self.0 = value;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

/// A model's `Deserialize`: its [`Decode`] over any deserializer.
pub fn deserialize<'de, D: Deserializer<'de>, T: Decode<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::decode(Input::new(&mut Some(deserializer))).map_err(unerase)
}

/// [`Decode`] of a type that has only a `Deserialize` (a union, a value
/// type of an optional dependency): its value is read whole, then decoded
/// from that.
pub fn via_value<T: serde::de::DeserializeOwned>(input: Input<'_, '_>) -> Result<T, Error> {
    T::deserialize(input.any()?)
}

/// An error of the input's own type as this module's: its message, from
/// which serde_json takes back the position it ends with.
fn erase<E: fmt::Display>(error: E) -> Error {
    de::Error::custom(error)
}

/// This module's error as the error type of the input it returns to.
fn unerase<E: de::Error>(error: Error) -> E {
    E::custom(error)
}

/// The value a type is read from: one value of the input, read once.
pub struct Input<'a, 'de> {
    source: &'a mut (dyn Source<'de> + 'a),
}

/// One key of an object, as [`Input::object`] hands it to the model.
pub enum Entry<'a, 'de> {
    /// The value of the field at this position of the model's wire names.
    Field(usize, Input<'a, 'de>),
    /// The value of a key the model does not declare, when it keeps them.
    Other(String, Input<'a, 'de>),
}

/// What [`Input::object`] needs to know of a model.
#[derive(Debug)]
pub struct Shape {
    /// The model's name in the message of a value that is no object
    /// (`struct Device`).
    pub expecting: &'static str,
    /// The wire names of its fields, by position.
    pub names: &'static [&'static str],
    /// The positions of the fields it cannot be without, in declaration
    /// order: the first one missing is reported (`missing field`).
    pub required: &'static [usize],
    /// Whether it keeps the keys it does not declare ([`Entry::Other`]),
    /// rather than skip them.
    pub keep: bool,
}

impl<'a, 'de> Input<'a, 'de> {
    /// The input of `source`.
    pub fn new(source: &'a mut (dyn Source<'de> + 'a)) -> Self {
        Input { source }
    }

    /// Reads the value as `T`.
    pub fn decode<T: Decode<'de>>(self) -> Result<T, Error> {
        T::decode(self)
    }

    /// Reads the value into `place`: a slot (`Option`), a list to push it
    /// on, or a model's field ([`Set`]).
    pub fn put(self, place: &mut dyn Place<'de>) -> Result<(), Error> {
        place.put(self)
    }

    /// Reads the value of the undeclared key `key` into `kept`, a model's
    /// map of such keys; a key given twice keeps its last value, as a map
    /// read by serde does.
    pub fn keep<T: Decode<'de>>(
        self,
        kept: &mut BTreeMap<String, T>,
        key: String,
    ) -> Result<(), Error> {
        match T::decode(self) {
            Ok(value) => {
                kept.insert(key, value);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Reads an object of the model `shape` describes: `entry` gets the
    /// value of each field it declares (by position) and, if it keeps
    /// them, of each other key; other keys are skipped. A field given
    /// twice is refused before its second value is read (`duplicate
    /// field`), and a required field that is not there once the object
    /// ends (`missing field`), both where serde's derive refuses them. So
    /// when this returns `Ok`, every required field was read.
    pub fn object(
        self,
        shape: &'static Shape,
        entry: &mut dyn FnMut(Entry<'_, 'de>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.source.object(shape, entry)
    }

    /// Reads a discriminated union: when the value is an object whose
    /// `union.property` is one of its tags, `member` reads it with the
    /// member's position, straight from the input, and this returns `None`;
    /// any other value is returned whole, to be kept as the union's unknown
    /// member. A member's own complaint (a missing field) is reported as
    /// "`property` is `tag` but the value is not a valid `Member`: …".
    pub fn union(
        self,
        union: &'static Union,
        member: &mut dyn FnMut(usize, Input<'_, 'de>) -> Result<(), Error>,
    ) -> Result<Option<serde_json::Value>, Error> {
        self.source.union(union, member)
    }

    /// Reads a value as serde's `Option` does: `null` is nothing, anything
    /// else is put in `some`.
    pub fn option(self, some: &mut dyn Place<'de>) -> Result<(), Error> {
        self.source.option(some)
    }

    /// Reads a list, putting each item in `items`.
    pub fn list(self, items: &mut dyn Place<'de>) -> Result<(), Error> {
        self.source.list(items)
    }

    /// Reads a map with string keys, handing each entry to `entry`.
    pub fn map(
        self,
        entry: &mut dyn FnMut(String, Input<'_, 'de>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.source.map(entry)
    }

    /// Reads any JSON value, kept as it is.
    pub fn any(self) -> Result<serde_json::Value, Error> {
        self.source.any()
    }
}

/// `Decode` of the types serde reads by themselves, through the [`Source`]
/// method that calls serde's decoder of each.
macro_rules! leaf {
    ($($ty:ty => $method:ident,)*) => {
        $(
            impl<'de> Decode<'de> for $ty {
                fn decode(input: Input<'_, 'de>) -> Result<Self, Error> {
                    input.source.$method()
                }
            }
        )*
    };
}

leaf! {
    bool => bool,
    i32 => i32,
    i64 => i64,
    u64 => u64,
    i128 => i128,
    f32 => f32,
    f64 => f64,
    String => string,
    serde_json::Value => any,
    chrono::DateTime<chrono::FixedOffset> => date_time,
    chrono::NaiveDate => date,
    chrono::NaiveTime => time,
}

/// The value types of optional dependencies and rare formats, read whole
/// and then decoded ([`via_value`]).
macro_rules! whole {
    ($($(#[$cfg:meta])* $ty:ty,)*) => {
        $(
            $(#[$cfg])*
            impl<'de> Decode<'de> for $ty {
                fn decode(input: Input<'_, 'de>) -> Result<Self, Error> {
                    via_value(input)
                }
            }
        )*
    };
}

whole! {
    crate::Base64,
    #[cfg(feature = "uuid")]
    uuid::Uuid,
    #[cfg(feature = "decimal")]
    rust_decimal::Decimal,
}

impl<'de, T: Decode<'de>> Decode<'de> for Option<T> {
    fn decode(input: Input<'_, 'de>) -> Result<Self, Error> {
        let mut value: Option<T> = None;
        match input.source.option(&mut value) {
            Ok(()) => Ok(value),
            Err(e) => Err(e),
        }
    }
}

impl<'de, T: Decode<'de>> Decode<'de> for Nullable<T> {
    fn decode(input: Input<'_, 'de>) -> Result<Self, Error> {
        match Option::<T>::decode(input) {
            Ok(Some(value)) => Ok(Nullable::Value(value)),
            Ok(None) => Ok(Nullable::Null),
            Err(e) => Err(e),
        }
    }
}

impl<'de, T: Decode<'de>> Decode<'de> for Box<T> {
    fn decode(input: Input<'_, 'de>) -> Result<Self, Error> {
        match T::decode(input) {
            Ok(value) => Ok(Box::new(value)),
            Err(e) => Err(e),
        }
    }
}

impl<'de, T: Decode<'de>> Decode<'de> for Vec<T> {
    fn decode(input: Input<'_, 'de>) -> Result<Self, Error> {
        let mut values: Vec<T> = Vec::new();
        match input.source.list(&mut values) {
            Ok(()) => Ok(values),
            Err(e) => Err(e),
        }
    }
}

impl<'de, T: Decode<'de>> Decode<'de> for BTreeMap<String, T> {
    fn decode(input: Input<'_, 'de>) -> Result<Self, Error> {
        let mut values = BTreeMap::new();
        input.map(&mut |key, value| value.keep(&mut values, key))?;
        Ok(values)
    }
}

/// The value of a required field once [`Input::object`] has returned
/// `Ok`, which it does only when the field was read.
pub fn required<T>(slot: Option<T>) -> Result<T, Error> {
    match slot {
        Some(value) => Ok(value),
        None => Err(nothing_read()),
    }
}

#[cfg(test)]
#[path = "decode_tests.rs"]
mod tests;
