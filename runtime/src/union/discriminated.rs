//! Reading a discriminated union in one pass over its input.
//!
//! The entries before the discriminator are kept (as JSON values); once the
//! tag names a member, that member reads those entries and then the rest of
//! the object straight from the input. When the tag comes first, as it does
//! in everything this SDK writes, nothing is buffered at all. Decoding the
//! whole object into a `serde_json::Value` first, and the member from that,
//! would allocate every string and map twice and lose the position of a bad
//! value inside the member.

use std::cell::Cell;

use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde_json::{Map, Value};

use crate::decode::Union;

/// A union whose members are told apart by a property of the object (the
/// discriminator), implemented by generated code and decoded by [`decode`].
#[doc(hidden)]
pub trait Discriminated: Sized {
    /// The discriminator property (`triggerType`).
    const PROPERTY: &'static str;
    /// The tags in member order (`Daily`, `Weekly`).
    const TAGS: &'static [&'static str];
    /// The members' type names in the same order, for error messages.
    const MEMBERS: &'static [&'static str];
    /// Member `index` read from `input`.
    fn member<'de, M: Deserializer<'de>>(index: usize, input: M) -> Result<Self, M::Error>;
    /// A value whose tag is missing or not listed, kept as it came.
    fn unknown(value: Value) -> Self;
}

/// Reads `U` from `deserializer`: an object whose tag names a member is that
/// member; any other value (an unlisted or missing tag, or not an object)
/// is kept as [`Discriminated::unknown`].
///
/// A member's own complaint (a missing field) is reported as "`property` is
/// `tag` but the value is not a valid `Member`: …"; a bad value inside it
/// is reported as the input reported it, at its own position.
pub fn decode<'de, U: Discriminated, D: Deserializer<'de>>(deserializer: D) -> Result<U, D::Error> {
    let names = Union {
        property: U::PROPERTY,
        tags: U::TAGS,
        members: U::MEMBERS,
    };
    let visitor = UnionVisitor::new(names, ByType(std::marker::PhantomData));
    Ok(match deserializer.deserialize_any(visitor)? {
        Read::Member(member) => member,
        Read::Unknown(value) => U::unknown(value),
    })
}

/// How the member a tag names is read from the object: by the union's
/// `Discriminated::member` here, through `Input` in `decode`.
pub(crate) trait ReadMember<'de> {
    /// What reading a member gives.
    type Value;
    /// Member `index`, read from the object `replay` gives.
    fn read<A: MapAccess<'de>>(
        self,
        index: usize,
        replay: Replay<'_, A>,
    ) -> Result<Self::Value, A::Error>;
}

/// Reads the member with `U`'s own `Discriminated::member`.
struct ByType<U>(std::marker::PhantomData<U>);

impl<'de, U: Discriminated> ReadMember<'de> for ByType<U> {
    type Value = U;

    fn read<A: MapAccess<'de>>(self, index: usize, replay: Replay<'_, A>) -> Result<U, A::Error> {
        U::member(index, replay)
    }
}

/// What a union's input held: a member its tag named, or a value kept whole.
pub(crate) enum Read<T> {
    /// The member, as [`ReadMember`] read it.
    Member(T),
    /// An unlisted or missing tag, or no object: the value as it came.
    Unknown(Value),
}

/// The one reader of a discriminated union, for `Deserialize` and `Decode`
/// alike: the tag is looked for, the entries before it kept, and the
/// member read by `member` from those and the rest of the object.
pub(crate) struct UnionVisitor<R> {
    names: Union,
    member: R,
}

impl<R> UnionVisitor<R> {
    /// The reader of the union `names` describes, its members read by `member`.
    pub(crate) fn new(names: Union, member: R) -> Self {
        UnionVisitor { names, member }
    }
}

impl<'de, R: ReadMember<'de>> Visitor<'de> for UnionVisitor<R> {
    type Value = Read<R::Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "an object with a `{}` property", self.names.property)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Union {
            property,
            tags,
            members,
        } = self.names;
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
                return Ok(Read::Unknown(Value::Object(kept)));
            };
            let live_error = Cell::new(false);
            let replay = Replay::new(before, map, &live_error);
            return match self.member.read(index, replay) {
                Ok(member) => Ok(Read::Member(member)),
                Err(e) if live_error.get() => Err(e),
                Err(e) => {
                    let member = members.get(index).copied().unwrap_or_default();
                    Err(de::Error::custom(format_args!(
                        "`{property}` is `{}` but the value is not a valid `{member}`: {e}",
                        tags[index]
                    )))
                }
            };
        }
        Ok(Read::Unknown(Value::Object(before.into_iter().collect())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Ok(Read::Unknown(<Value as serde::Deserialize>::deserialize(
            de::value::SeqAccessDeserializer::new(seq),
        )?))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Read::Unknown(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Read::Unknown(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Read::Unknown(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Read::Unknown(Value::from(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Read::Unknown(Value::from(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Read::Unknown(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Read::Unknown(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// The object a member reads: the entries kept before the tag (the tag's
/// own entry last), then the rest of the input's object.
pub(crate) struct Replay<'a, A> {
    before: std::vec::IntoIter<(String, Value)>,
    /// The value of the kept entry whose key was just handed out.
    pending: Option<Value>,
    rest: A,
    /// Set when the input itself reported an error, which already carries
    /// its position and must reach the caller unchanged.
    live_error: &'a Cell<bool>,
}

impl<'a, A> Replay<'a, A> {
    /// The object of `before` (the tag's entry last), then of `rest`;
    /// `live_error` is set when `rest` reports an error.
    pub(crate) fn new(before: Vec<(String, Value)>, rest: A, live_error: &'a Cell<bool>) -> Self {
        Replay {
            before: before.into_iter(),
            pending: None,
            rest,
            live_error,
        }
    }

    fn live<T, E>(&self, result: Result<T, E>) -> Result<T, E> {
        if result.is_err() {
            self.live_error.set(true);
        }
        result
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.before.next() {
            self.pending = Some(value);
            return seed.deserialize(key.into_deserializer()).map(Some);
        }
        let key = self.rest.next_key_seed(seed);
        self.live(key)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        if let Some(value) = self.pending.take() {
            return seed.deserialize(value).map_err(de::Error::custom);
        }
        let value = self.rest.next_value_seed(seed);
        self.live(value)
    }

    fn size_hint(&self) -> Option<usize> {
        self.rest.size_hint().map(|n| n + self.before.len())
    }
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for Replay<'_, A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Daily {
        #[serde(rename = "triggerType")]
        trigger_type: String,
        time: String,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Weekly {
        days: Vec<String>,
    }

    #[derive(Debug, PartialEq)]
    enum Trigger {
        Daily(Daily),
        Weekly(Weekly),
        Unknown(Value),
    }

    impl Discriminated for Trigger {
        const PROPERTY: &'static str = "triggerType";
        const TAGS: &'static [&'static str] = &["Daily", "Weekly"];
        const MEMBERS: &'static [&'static str] = &["Daily", "Weekly"];
        fn member<'de, M: Deserializer<'de>>(index: usize, input: M) -> Result<Self, M::Error> {
            match index {
                0 => Daily::deserialize(input).map(Self::Daily),
                1 => Weekly::deserialize(input).map(Self::Weekly),
                _ => Err(de::Error::custom("no such member")),
            }
        }
        fn unknown(value: Value) -> Self {
            Self::Unknown(value)
        }
    }

    impl<'de> Deserialize<'de> for Trigger {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            decode(d)
        }
    }

    fn read(json: &str) -> Result<Trigger, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn the_tag_picks_the_member_wherever_it_stands() {
        let daily = Trigger::Daily(Daily {
            trigger_type: "Daily".into(),
            time: "07:00".into(),
        });
        assert_eq!(
            read(r#"{"triggerType":"Daily","time":"07:00"}"#).unwrap(),
            daily
        );
        assert_eq!(
            read(r#"{"time":"07:00","triggerType":"Daily"}"#).unwrap(),
            daily
        );
        let weekly = Trigger::Weekly(Weekly {
            days: vec!["Sat".into()],
        });
        assert_eq!(
            read(r#"{"days":["Sat"],"extra":{"a":1},"triggerType":"Weekly","more":null}"#).unwrap(),
            weekly
        );
        // The same through a `Value`, as a user decoding from one would.
        assert_eq!(
            serde_json::from_value::<Trigger>(
                serde_json::json!({"days": ["Sat"], "triggerType": "Weekly"})
            )
            .unwrap(),
            weekly
        );
    }

    #[test]
    fn an_unlisted_or_missing_tag_or_a_non_object_is_kept_whole() {
        let hourly = serde_json::json!({"a": [1, {"b": null}], "triggerType": "Hourly", "z": 2.5});
        assert_eq!(read(&hourly.to_string()).unwrap(), Trigger::Unknown(hourly));
        let untagged = serde_json::json!({"time": "07:00"});
        assert_eq!(
            read(&untagged.to_string()).unwrap(),
            Trigger::Unknown(untagged)
        );
        let numeric_tag = serde_json::json!({"triggerType": 1});
        assert_eq!(
            read(&numeric_tag.to_string()).unwrap(),
            Trigger::Unknown(numeric_tag)
        );
        for other in [
            serde_json::json!("Daily"),
            serde_json::json!([1, "a"]),
            serde_json::json!(null),
            serde_json::json!(-3),
            serde_json::json!(true),
        ] {
            assert_eq!(read(&other.to_string()).unwrap(), Trigger::Unknown(other));
        }
    }

    #[test]
    fn a_member_missing_a_field_is_named_and_a_bad_value_keeps_its_position() {
        let missing = read(r#"{"triggerType":"Daily"}"#).unwrap_err().to_string();
        assert!(missing.contains("`triggerType` is `Daily` but the value is not a valid `Daily`: missing field `time`"), "{missing}");
        // The bad value is after the tag: the input's own error, at column 29.
        let bad = read(r#"{"triggerType":"Daily","time":7}"#).unwrap_err();
        assert_eq!(
            (
                bad.line(),
                bad.column(),
                bad.to_string().contains("is not a valid")
            ),
            (1, 31, false),
            "{bad}"
        );
        // A bad value kept from before the tag is still named with its member.
        let early = read(r#"{"time":7,"triggerType":"Daily"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            early.contains("is not a valid `Daily`: invalid type: integer `7`, expected a string"),
            "{early}"
        );
    }
}
