//! [`Nullable`]: a field that may be absent, `null`, or hold a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{ParamValue, Validate};

/// The value of an optional field that may also be `null`: three states
/// where `Option` has two, so an update can say "leave it" (absent),
/// "clear it" (`null`) or "set it" (a value).
///
/// Generated models use it for every field the spec marks optional and
/// nullable. `Absent` is the default and is not sent; `Null` is sent as
/// `null`; reading a response, a missing key is `Absent` and `null` is
/// `Null`. It replaces `Option<Option<T>>`, whose two `None`s are easy to
/// swap and which serde reads as `None` for `null` unless told otherwise.
///
/// ```
/// use sdkgen_runtime::Nullable;
///
/// let mut milestone: Nullable<u32> = Nullable::Absent; // not sent
/// milestone = Nullable::Null;                          // sent as `null`
/// milestone = 7.into();                                // sent as `7`
/// assert_eq!(milestone.value(), Some(&7));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// The key is not present: not sent, or not received.
    #[default]
    Absent,
    /// The key is present with the value `null`.
    Null,
    /// The key is present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the key is not present.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the key is present with `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one (`None` for both absent and `null`).
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if there is one, by value.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value through `Deref` (`Option<&str>` for a `Nullable<String>`).
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.value().map(|v| &**v)
    }

    /// A `Nullable` of a reference to the value, keeping the state.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(v),
        }
    }

    /// Maps the value, keeping the state.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(f(v)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

/// `Some` is a value and `None` is `null`: an `Option` handed to a nullable
/// field says whether to set or to clear it (leaving it alone is not calling
/// the setter at all).
impl<T> From<Option<T>> for Nullable<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

/// Text fields take string literals, as their setters do elsewhere.
impl From<&str> for Nullable<String> {
    fn from(value: &str) -> Self {
        Nullable::Value(value.to_owned())
    }
}

/// `Absent` writes `null` too: a model leaves the field out before this is
/// reached ([`crate::object::optional_field`]), so only a `Nullable`
/// outside a model, with no key to leave out, gets here.
impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => v.serialize(serializer),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

/// `null` reads as `Null` and anything else as a value; a missing key never
/// reaches this, and becomes `Absent`, the default, when the model is built.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from)
    }
}

impl<T: Validate> Validate for Nullable<T> {
    fn validate(&self, path: &str, problems: &mut Vec<String>) {
        if let Nullable::Value(v) = self {
            v.validate(path, problems);
        }
    }
}

/// Parameters have no `null`: only a value is sent.
impl<T: ParamValue> ParamValue for Nullable<T> {
    fn push_wire(&self, out: &mut Vec<String>) {
        if let Nullable::Value(v) = self {
            v.push_wire(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Update {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        milestone: Nullable<u32>,
    }

    #[test]
    fn the_three_states_round_trip_through_json() {
        for (state, json) in [
            (Nullable::Absent, "{}"),
            (Nullable::Null, r#"{"milestone":null}"#),
            (Nullable::Value(7), r#"{"milestone":7}"#),
        ] {
            let update = Update { milestone: state };
            assert_eq!(serde_json::to_string(&update).unwrap(), json);
            assert_eq!(serde_json::from_str::<Update>(json).unwrap(), update);
        }
    }

    #[test]
    fn options_say_set_or_clear() {
        assert_eq!(Nullable::from(Some(1)), Nullable::Value(1));
        assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
        assert_eq!(
            Nullable::<String>::from("a"),
            Nullable::Value("a".to_owned())
        );
        assert_eq!(Nullable::Value(2).map(|v| v * 2).into_value(), Some(4));
        assert!(Nullable::<i32>::default().is_absent());
    }
}
