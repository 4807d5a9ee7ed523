//! The input behind an [`Input`]: a deserializer seen through a trait
//! object, with one method per kind of value, each running serde's own
//! decoder of that kind on it.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::union::ByInput;
use super::{Entry, Error, Input, Place, Shape, Union, erase, unerase};
use crate::object::{Fields, Key, Keys, Seen};
use crate::union::discriminated::{Read, UnionVisitor};

/// One value of an input, read once by one of these methods.
pub trait Source<'de> {
    /// The value as a `bool`.
    fn bool(&mut self) -> Result<bool, Error>;
    /// The value as an `i32`.
    fn i32(&mut self) -> Result<i32, Error>;
    /// The value as an `i64`.
    fn i64(&mut self) -> Result<i64, Error>;
    /// The value as a `u64`.
    fn u64(&mut self) -> Result<u64, Error>;
    /// The value as an `i128`.
    fn i128(&mut self) -> Result<i128, Error>;
    /// The value as an `f32`.
    fn f32(&mut self) -> Result<f32, Error>;
    /// The value as an `f64`.
    fn f64(&mut self) -> Result<f64, Error>;
    /// The value as a `String`.
    fn string(&mut self) -> Result<String, Error>;
    /// The value as an RFC 3339 date and time.
    fn date_time(&mut self) -> Result<chrono::DateTime<chrono::FixedOffset>, Error>;
    /// The value as a date.
    fn date(&mut self) -> Result<chrono::NaiveDate, Error>;
    /// The value as a time of day.
    fn time(&mut self) -> Result<chrono::NaiveTime, Error>;
    /// Any value, kept as JSON.
    fn any(&mut self) -> Result<serde_json::Value, Error>;
    /// See [`Input::option`].
    fn option(&mut self, some: &mut dyn Place<'de>) -> Result<(), Error>;
    /// See [`Input::list`].
    fn list(&mut self, items: &mut dyn Place<'de>) -> Result<(), Error>;
    /// See [`Input::map`].
    fn map(
        &mut self,
        entry: &mut dyn FnMut(String, Input<'_, 'de>) -> Result<(), Error>,
    ) -> Result<(), Error>;
    /// See [`Input::object`].
    fn object(
        &mut self,
        shape: &'static Shape,
        entry: &mut dyn FnMut(Entry<'_, 'de>) -> Result<(), Error>,
    ) -> Result<(), Error>;
    /// See [`Input::union`].
    fn union(
        &mut self,
        union: &'static Union,
        member: &mut dyn FnMut(usize, Input<'_, 'de>) -> Result<(), Error>,
    ) -> Result<Option<serde_json::Value>, Error>;
}

/// The deserializer, taken by the one read it serves.
fn take<'de, D: Deserializer<'de>>(slot: &mut Option<D>) -> Result<D, Error> {
    slot.take()
        .ok_or_else(|| de::Error::custom("a value was read twice"))
}

/// Reads the value as `T` with `T`'s own `Deserialize`.
fn read<'de, D: Deserializer<'de>, T: Deserialize<'de>>(slot: &mut Option<D>) -> Result<T, Error> {
    T::deserialize(take(slot)?).map_err(erase)
}

impl<'de, D: Deserializer<'de>> Source<'de> for Option<D> {
    fn bool(&mut self) -> Result<bool, Error> {
        read(self)
    }
    fn i32(&mut self) -> Result<i32, Error> {
        read(self)
    }
    fn i64(&mut self) -> Result<i64, Error> {
        read(self)
    }
    fn u64(&mut self) -> Result<u64, Error> {
        read(self)
    }
    fn i128(&mut self) -> Result<i128, Error> {
        read(self)
    }
    fn f32(&mut self) -> Result<f32, Error> {
        read(self)
    }
    fn f64(&mut self) -> Result<f64, Error> {
        read(self)
    }
    fn string(&mut self) -> Result<String, Error> {
        read(self)
    }
    fn date_time(&mut self) -> Result<chrono::DateTime<chrono::FixedOffset>, Error> {
        read(self)
    }
    fn date(&mut self) -> Result<chrono::NaiveDate, Error> {
        read(self)
    }
    fn time(&mut self) -> Result<chrono::NaiveTime, Error> {
        read(self)
    }
    fn any(&mut self) -> Result<serde_json::Value, Error> {
        read(self)
    }
    fn option(&mut self, some: &mut dyn Place<'de>) -> Result<(), Error> {
        take(self)?
            .deserialize_option(OptionVisitor(some))
            .map_err(erase)
    }
    fn list(&mut self, items: &mut dyn Place<'de>) -> Result<(), Error> {
        take(self)?
            .deserialize_seq(ListVisitor(items))
            .map_err(erase)
    }
    fn map(
        &mut self,
        entry: &mut dyn FnMut(String, Input<'_, 'de>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        take(self)?
            .deserialize_map(MapVisitor(entry))
            .map_err(erase)
    }
    fn object(
        &mut self,
        shape: &'static Shape,
        entry: &mut dyn FnMut(Entry<'_, 'de>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        take(self)?
            .deserialize_map(ObjectVisitor { shape, entry })
            .map_err(erase)
    }
    fn union(
        &mut self,
        union: &'static Union,
        member: &mut dyn FnMut(usize, Input<'_, 'de>) -> Result<(), Error>,
    ) -> Result<Option<serde_json::Value>, Error> {
        let visitor = UnionVisitor::new(*union, ByInput(member));
        match take(self)?.deserialize_any(visitor).map_err(erase)? {
            Read::Member(()) => Ok(None),
            Read::Unknown(value) => Ok(Some(value)),
        }
    }
}

/// A seed that hands the value in hand (a list item, a map or object
/// value, an option's content) to a closure as an [`Input`].
struct Hand<'a, 'de>(&'a mut dyn FnMut(Input<'_, 'de>) -> Result<(), Error>);

impl<'de> DeserializeSeed<'de> for Hand<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        (self.0)(Input::new(&mut Some(d))).map_err(unerase)
    }
}

/// A seed that puts the value in hand in a [`Place`].
struct Put<'a, 'de>(&'a mut dyn Place<'de>);

impl<'de> DeserializeSeed<'de> for Put<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.0.put(Input::new(&mut Some(d))).map_err(unerase)
    }
}

/// serde's `Option`: `null` (or unit) is nothing, anything else is read.
struct OptionVisitor<'a, 'de>(&'a mut dyn Place<'de>);

impl<'de> Visitor<'de> for OptionVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("option")
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        Put(self.0).deserialize(d)
    }
}

/// serde's `Vec`: a sequence, each item read in turn.
struct ListVisitor<'a, 'de>(&'a mut dyn Place<'de>);

impl<'de> Visitor<'de> for ListVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Put(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

/// serde's `BTreeMap<String, _>`: each key, then its value.
struct MapVisitor<'a, 'de>(&'a mut dyn FnMut(String, Input<'_, 'de>) -> Result<(), Error>);

impl<'de> Visitor<'de> for MapVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let mut key = Some(key);
            let entry = &mut *self.0;
            map.next_value_seed(Hand(&mut |value| {
                entry(key.take().unwrap_or_default(), value)
            }))?;
        }
        Ok(())
    }
}

/// A model: its fields by position, the keys it does not declare kept or
/// skipped, a field given twice refused, a required one missing refused
/// once the object ends.
struct ObjectVisitor<'a, 'de> {
    shape: &'static Shape,
    entry: &'a mut dyn FnMut(Entry<'_, 'de>) -> Result<(), Error>,
}

impl<'de> Visitor<'de> for ObjectVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.shape.expecting)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Shape {
            names,
            required,
            keep,
            ..
        } = *self.shape;
        let mut seen = Seen::new(names.len());
        let entry = self.entry;
        loop {
            let key = if keep {
                map.next_key_seed(Keys(names))?
            } else {
                // An undeclared key is skipped, so it is not kept as a String.
                map.next_key_seed(Fields(names))?
                    .map(|found| found.map_or(Key::Other(String::new()), Key::Field))
            };
            match key {
                None => break,
                Some(Key::Field(index)) => {
                    if !seen.first_time(index) {
                        return Err(de::Error::duplicate_field(names[index]));
                    }
                    map.next_value_seed(Hand(&mut |value| entry(Entry::Field(index, value))))?;
                }
                Some(Key::Other(key)) if keep => {
                    let mut key = Some(key);
                    map.next_value_seed(Hand(&mut |value| {
                        entry(Entry::Other(key.take().unwrap_or_default(), value))
                    }))?;
                }
                Some(Key::Other(_)) => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match required.iter().find(|&&index| !seen.contains(index)) {
            Some(&index) => Err(de::Error::missing_field(names[index])),
            None => Ok(()),
        }
    }
}
