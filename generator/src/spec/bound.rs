//! A `minimum` or `maximum` as the spec wrote it.
//!
//! An integer bound is kept exactly: read as a float, a `uint64` bound such
//! as 18446744073709551615 would round to 2^64, past every `u64`, and a
//! check against it would be wrong by the rounding.

use serde::Serialize;
use serde::de::{self, Deserialize, Deserializer, Visitor};

/// An inclusive numeric bound: an integer kept exactly, or any other number.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Bound {
    /// Written as an integer; `i128` holds every `i64` and every `u64`.
    Integer(i128),
    /// Written with a fraction or an exponent (or past 128 bits).
    Number(f64),
}

impl Bound {
    /// Whether the bound is a finite number (`.inf` and `.nan` are not).
    pub fn is_finite(self) -> bool {
        match self {
            Bound::Integer(_) => true,
            Bound::Number(f) => f.is_finite(),
        }
    }

    /// The bound as a float, for checks of non-integer values.
    pub fn as_f64(self) -> f64 {
        match self {
            Bound::Integer(i) => i as f64,
            Bound::Number(f) => f,
        }
    }

    /// The smallest integer at or above the bound (an integer's lower
    /// bound); `None` when it is not finite. A float past `i128` saturates.
    pub fn ceil(self) -> Option<i128> {
        match self {
            Bound::Integer(i) => Some(i),
            Bound::Number(f) => f.is_finite().then(|| f.ceil() as i128),
        }
    }

    /// The largest integer at or below the bound (an integer's upper bound).
    pub fn floor(self) -> Option<i128> {
        match self {
            Bound::Integer(i) => Some(i),
            Bound::Number(f) => f.is_finite().then(|| f.floor() as i128),
        }
    }

    /// Whether the bound's integer (its [`Bound::ceil`] or [`Bound::floor`])
    /// is an `i128` rather than a saturated one: always for an integer, and
    /// for a float from -2^127 up to (not including) 2^127.
    pub fn within_i128(self) -> bool {
        // -2^127 is `i128::MIN` exactly; 2^127 is the first float past `i128::MAX`.
        const PAST: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;
        match self {
            Bound::Integer(_) => true,
            Bound::Number(f) => (-PAST..PAST).contains(&f),
        }
    }

    /// Whether this bound is greater than `other`, exactly when both are integers.
    pub fn above(self, other: Bound) -> bool {
        match (self, other) {
            (Bound::Integer(a), Bound::Integer(b)) => a > b,
            (a, b) => a.as_f64() > b.as_f64(),
        }
    }
}

/// As written: an integer in full, any other number as Rust shows an `f64`
/// (so `1.0` reads `1`, as docs showed it before bounds were kept exactly).
impl std::fmt::Display for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bound::Integer(i) => write!(f, "{i}"),
            Bound::Number(n) => write!(f, "{n}"),
        }
    }
}

impl<'de> Deserialize<'de> for Bound {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Bound, D::Error> {
        d.deserialize_any(BoundVisitor)
    }
}

struct BoundVisitor;

impl Visitor<'_> for BoundVisitor {
    type Value = Bound;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a number")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Bound, E> {
        Ok(Bound::Integer(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Bound, E> {
        Ok(Bound::Integer(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Bound, E> {
        Ok(Bound::Integer(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Bound, E> {
        Ok(i128::try_from(v).map_or(Bound::Number(v as f64), Bound::Integer))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Bound, E> {
        Ok(Bound::Number(v))
    }
}

#[cfg(test)]
mod tests {
    use super::Bound;

    fn read(yaml: &str) -> Bound {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn integers_are_kept_exactly_and_floats_as_written() {
        assert_eq!(
            read("18446744073709551615"),
            Bound::Integer(u64::MAX.into())
        );
        assert_eq!(read("-3"), Bound::Integer(-3));
        assert_eq!(read("1.5"), Bound::Number(1.5));
        assert_eq!(read("1.5").ceil(), Some(2));
        assert_eq!(read("1.5").floor(), Some(1));
        assert!(!read(".inf").is_finite());
        assert_eq!(read("1.0").to_string(), "1");
        assert!(read("18446744073709551615").above(read("18446744073709551614")));
        assert!(read("-170141183460469231731687303715884105728").within_i128());
        assert!(read("-1.0e30").within_i128());
        assert!(!read("1.0e40").within_i128());
        assert!(!read("-1.0e40").within_i128());
    }
}
