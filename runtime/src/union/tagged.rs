//! Writing a member of a discriminated union: the member's own fields, with
//! the discriminator property first and set to the variant's tag.

use serde::ser::{Error as _, Impossible, Serialize, SerializeMap, SerializeStruct, Serializer};

/// A member of a discriminated union, written as its object with
/// `property: tag` in front. If the member declares the property itself,
/// its own value is left out: the variant decides the tag, so
/// `Trigger::Daily(t)` is always sent as `"triggerType": "Daily"`, and a
/// member shared by several tags is sent with the one its variant names.
pub struct Tagged<'a, M: ?Sized> {
    /// The discriminator property (`triggerType`).
    pub property: &'static str,
    /// The variant's tag (`Daily`).
    pub tag: &'static str,
    /// The member.
    pub value: &'a M,
}

impl<M: Serialize + ?Sized> Serialize for Tagged<'_, M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(TagFirst {
            inner: serializer,
            property: self.property,
            tag: self.tag,
        })
    }
}

/// A serializer that accepts objects only (structs and maps) and forwards
/// them to `inner` as a map with the tag entry first.
struct TagFirst<S> {
    inner: S,
    property: &'static str,
    tag: &'static str,
}

impl<S: Serializer> TagFirst<S> {
    fn open(self, len: Option<usize>) -> Result<Entries<S::SerializeMap>, S::Error> {
        let mut map = self.inner.serialize_map(len.map(|n| n + 1))?;
        map.serialize_entry(self.property, self.tag)?;
        Ok(Entries {
            map,
            property: self.property,
            skip_value: false,
        })
    }

    fn not_an_object<T>(what: &str) -> Result<T, S::Error> {
        Err(S::Error::custom(format_args!(
            "a member of a discriminated union must be an object, not {what}"
        )))
    }
}

/// The entries of the member, less its own copy of the property.
struct Entries<M> {
    map: M,
    property: &'static str,
    skip_value: bool,
}

/// Whether a map key is the discriminator property; keys are compared as
/// the JSON strings they become.
fn is_property<K: Serialize + ?Sized>(key: &K, property: &str) -> bool {
    serde_json::to_value(key)
        .ok()
        .as_ref()
        .and_then(serde_json::Value::as_str)
        == Some(property)
}

impl<M: SerializeMap> SerializeStruct for Entries<M> {
    type Ok = M::Ok;
    type Error = M::Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        if key == self.property {
            return Ok(());
        }
        self.map.serialize_entry(key, value)
    }
    fn end(self) -> Result<M::Ok, M::Error> {
        self.map.end()
    }
}

impl<M: SerializeMap> SerializeMap for Entries<M> {
    type Ok = M::Ok;
    type Error = M::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), M::Error> {
        self.skip_value = is_property(key, self.property);
        if self.skip_value {
            return Ok(());
        }
        self.map.serialize_key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), M::Error> {
        if std::mem::take(&mut self.skip_value) {
            return Ok(());
        }
        self.map.serialize_value(value)
    }
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), M::Error> {
        if is_property(key, self.property) {
            return Ok(());
        }
        self.map.serialize_entry(key, value)
    }
    fn end(self) -> Result<M::Ok, M::Error> {
        self.map.end()
    }
}

/// Every shape that is not an object is refused with the same message.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*) $what:literal;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<Self::Ok, Self::Error> {
            Self::not_an_object($what)
        }
    )*};
}

impl<S: Serializer> Serializer for TagFirst<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Impossible<S::Ok, S::Error>;
    type SerializeTuple = Impossible<S::Ok, S::Error>;
    type SerializeTupleStruct = Impossible<S::Ok, S::Error>;
    type SerializeTupleVariant = Impossible<S::Ok, S::Error>;
    type SerializeMap = Entries<S::SerializeMap>;
    type SerializeStruct = Entries<S::SerializeMap>;
    type SerializeStructVariant = Impossible<S::Ok, S::Error>;

    refuse! {
        serialize_bool(bool) "a boolean";
        serialize_i8(i8) "a number";
        serialize_i16(i16) "a number";
        serialize_i32(i32) "a number";
        serialize_i64(i64) "a number";
        serialize_u8(u8) "a number";
        serialize_u16(u16) "a number";
        serialize_u32(u32) "a number";
        serialize_u64(u64) "a number";
        serialize_f32(f32) "a number";
        serialize_f64(f64) "a number";
        serialize_char(char) "a string";
        serialize_str(&str) "a string";
        serialize_bytes(&[u8]) "bytes";
        serialize_none() "null";
        serialize_unit() "null";
        serialize_unit_struct(&'static str) "null";
        serialize_unit_variant(&'static str, u32, &'static str) "a string";
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<S::Ok, S::Error> {
        Self::not_an_object("an enum")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        Self::not_an_object("an array")
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, S::Error> {
        Self::not_an_object("an array")
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        Self::not_an_object("an array")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        Self::not_an_object("an enum")
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.open(len)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        self.open(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        Self::not_an_object("an enum")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    struct Daily {
        #[serde(rename = "triggerType")]
        trigger_type: String,
        time: String,
    }

    #[derive(Serialize)]
    struct Open {
        at: u8,
        #[serde(flatten)]
        rest: BTreeMap<String, u8>,
    }

    fn json<M: Serialize>(tag: &'static str, value: &M) -> String {
        serde_json::to_string(&Tagged {
            property: "triggerType",
            tag,
            value,
        })
        .unwrap()
    }

    #[test]
    fn the_variant_tag_comes_first_and_replaces_the_members_own() {
        let daily = Daily {
            trigger_type: "Weekly".into(),
            time: "09:00".into(),
        };
        assert_eq!(
            json("Daily", &daily),
            r#"{"triggerType":"Daily","time":"09:00"}"#
        );
    }

    #[test]
    fn members_written_as_maps_are_tagged_too() {
        let open = Open {
            at: 1,
            rest: BTreeMap::from([("triggerType".into(), 9), ("z".into(), 2)]),
        };
        assert_eq!(
            json("Range", &open),
            r#"{"triggerType":"Range","at":1,"z":2}"#
        );
        let map = BTreeMap::from([("triggerType", 1), ("a", 2)]);
        assert_eq!(json("Range", &map), r#"{"triggerType":"Range","a":2}"#);
    }

    #[test]
    fn a_member_that_is_not_an_object_is_an_error() {
        let err = serde_json::to_string(&Tagged {
            property: "t",
            tag: "x",
            value: &5,
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("must be an object, not a number"), "{err}");
    }
}
