//! A discriminated union read by [`Input::union`], with the reader
//! `union::decode_discriminated` uses for `Deserialize`: the entries before
//! the tag are kept, then the member the tag names reads them and the rest
//! of the object straight from the input, so a bad value inside a member
//! keeps its own position.

use serde::de::{Deserializer, MapAccess};
use serde_json::Value;

use super::source::Source;
use super::{Entry, Error, Input, Place, Shape, unerase};
use crate::union::discriminated::{ReadMember, Replay};

/// What [`Input::union`] needs to know of a discriminated union.
#[derive(Debug, Clone, Copy)]
pub struct Union {
    /// The discriminator property (`triggerType`).
    pub property: &'static str,
    /// The tags in member order (`Daily`, `Weekly`).
    pub tags: &'static [&'static str],
    /// The members' type names in the same order, for error messages.
    pub members: &'static [&'static str],
}

/// Reads the member through [`Input`]: `member` decodes it from the
/// replayed object with its own `Decode`.
pub(super) struct ByInput<'a, 'de>(
    pub &'a mut dyn FnMut(usize, Input<'_, 'de>) -> Result<(), Error>,
);

impl<'de> ReadMember<'de> for ByInput<'_, 'de> {
    type Value = ();

    fn read<A: MapAccess<'de>>(self, index: usize, replay: Replay<'_, A>) -> Result<(), A::Error> {
        (self.0)(index, Input::new(&mut Member(Some(replay)))).map_err(unerase)
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
