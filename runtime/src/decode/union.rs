//! A discriminated union read by [`Input::union`]: the entries before the
//! tag are kept, then the member the tag names reads them and the rest of
//! the object straight from the input, as `union::decode_discriminated`
//! does for `Deserialize`, so a bad value inside a member keeps its own
//! position.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::source::Source;
use super::{Entry, Error, Input, Place, Shape, unerase};
use crate::union::discriminated::Replay;

/// What [`Input::union`] needs to know of a discriminated union.
#[derive(Debug)]
pub struct Union {
    /// The discriminator property (`triggerType`).
    pub property: &'static str,
    /// The tags in member order (`Daily`, `Weekly`).
    pub tags: &'static [&'static str],
    /// The members' type names in the same order, for error messages.
    pub members: &'static [&'static str],
}

/// Reads a discriminated union: an object whose tag names a member is handed
/// to `member` with the member's position; anything else (an unlisted or
/// missing tag, or not an object) is kept whole in `unknown`.
pub(super) struct UnionVisitor<'a, 'de> {
    pub union: &'static Union,
    pub member: &'a mut dyn FnMut(usize, Input<'_, 'de>) -> Result<(), Error>,
    pub unknown: &'a mut Option<Value>,
}

impl UnionVisitor<'_, '_> {
    fn keep<E>(self, value: Value) -> Result<(), E> {
        *self.unknown = Some(value);
        Ok(())
    }
}

impl<'de> Visitor<'de> for UnionVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with a `{}` property", self.union.property)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Union {
            property,
            tags,
            members,
        } = *self.union;
        let mut before: Vec<(String, Value)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value: Value = map.next_value()?;
            if key != property {
                before.push((key, value));
                continue;
            }
            let index = value
                .as_str()
                .and_then(|tag| tags.iter().position(|listed| *listed == tag));
            before.push((key, value));
            let Some(index) = index else {
                // A tag this version does not list: the rest of the object is kept too.
                let mut kept: Map<String, Value> = before.into_iter().collect();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    kept.insert(k, v);
                }
                return self.keep(Value::Object(kept));
            };
            let live_error = Cell::new(false);
            let mut replay = Member(Some(Replay::new(before, map, &live_error)));
            return (self.member)(index, Input::new(&mut replay)).map_err(|e| {
                if live_error.get() {
                    unerase(e)
                } else {
                    let member = members.get(index).copied().unwrap_or_default();
                    de::Error::custom(format_args!(
                        "`{property}` is `{}` but the value is not a valid `{member}`: {e}",
                        tags[index]
                    ))
                }
            });
        }
        self.keep(Value::Object(before.into_iter().collect()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let value =
            <Value as serde::Deserialize>::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        self.keep(value)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.keep(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.keep(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.keep(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.keep(Value::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.keep(Value::from(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.keep(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.keep(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// The input of a member: the replayed object, read as any other input,
/// but for a member that is itself a discriminated union, which is read
/// whole and then decoded from that. Replaying a replay would make the
/// compiler instantiate replays of replays without end.
struct Member<R>(Option<R>);

/// [`Source`] methods that read from the replayed object as they would
/// from any other input.
macro_rules! delegate {
    ($($method:ident -> $ty:ty,)*) => {
        $(
            fn $method(&mut self) -> Result<$ty, Error> {
                Source::$method(&mut self.0)
            }
        )*
    };
}

impl<'de, R: Deserializer<'de>> Source<'de> for Member<R> {
    delegate! {
        bool -> bool,
        i32 -> i32,
        i64 -> i64,
        u64 -> u64,
        i128 -> i128,
        f32 -> f32,
        f64 -> f64,
        string -> String,
        date_time -> chrono::DateTime<chrono::FixedOffset>,
        date -> chrono::NaiveDate,
        time -> chrono::NaiveTime,
        any -> Value,
    }
    fn option(&mut self, some: &mut dyn Place<'de>) -> Result<(), Error> {
        Source::option(&mut self.0, some)
    }
    fn list(&mut self, items: &mut dyn Place<'de>) -> Result<(), Error> {
        Source::list(&mut self.0, items)
    }
    fn map(
        &mut self,
        entry: &mut dyn FnMut(String, Input<'_, 'de>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        Source::map(&mut self.0, entry)
    }
    fn object(
        &mut self,
        shape: &'static Shape,
        entry: &mut dyn FnMut(Entry<'_, 'de>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        Source::object(&mut self.0, shape, entry)
    }
    fn union(
        &mut self,
        union: &'static Union,
        member: &mut dyn FnMut(usize, Input<'_, 'de>) -> Result<(), Error>,
    ) -> Result<Option<Value>, Error> {
        let whole = Source::any(&mut self.0)?;
        Source::union(&mut Some(whole), union, member)
    }
}
