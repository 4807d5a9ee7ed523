//! Integers past `i64`: a document that states a value above `i64::MAX` for
//! an integer (DigitalOcean's Kafka `flush_ms`, whose example and default
//! are 9223372036854776000) means a range `i64` cannot carry, so the SDK
//! could neither decode the vendor's own example nor send it. Such an
//! integer is read as `uint64`, as is one whose format says so.

use serde_json::Value;

/// The keys of a schema whose values state what the integer holds.
const STATED: &[&str] = &["minimum", "maximum", "example", "default"];

/// Every value `schema` states for its integer: its bounds, examples,
/// default and enum values.
fn stated(schema: &Value) -> impl Iterator<Item = &Value> {
    let listed = ["examples", "enum"]
        .into_iter()
        .filter_map(|k| schema.get(k).and_then(Value::as_array))
        .flatten();
    STATED
        .iter()
        .filter_map(|k| schema.get(*k))
        .chain(listed)
        .filter(|v| v.is_number())
}

/// The first value `schema` states above `i64::MAX`, when it states one and
/// none below 0 (a negative value needs a signed type, which no 64-bit one
/// covers both with; the integer then stays `i64`, as the reader reports).
pub(crate) fn stated_above_i64(schema: &Value) -> Option<u64> {
    if stated(schema).any(|v| v.as_f64().is_some_and(|f| f < 0.0)) {
        return None;
    }
    stated(schema)
        .filter_map(Value::as_u64)
        .find(|n| i64::try_from(*n).is_err())
}

/// Whether a bound can be checked on a `u64`: a number in `u64`'s range
/// (a fraction is fine: the check rounds it inward).
pub(crate) fn fits_u64(bound: &Value) -> bool {
    // 2^64, the first float past every `u64` (`u64::MAX as f64` rounds to it).
    const PAST_U64: f64 = 18_446_744_073_709_551_616.0;
    bound.as_u64().is_some()
        || (bound.is_f64() && bound.as_f64().is_some_and(|f| (0.0..PAST_U64).contains(&f)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_value_above_i64_with_none_below_zero_is_found() {
        let kafka = json!({"type": "integer", "example": 9223372036854776000_u64, "default": 9223372036854776000_u64});
        assert_eq!(stated_above_i64(&kafka), Some(9223372036854776000));
        let max = json!({"type": "integer", "minimum": 0, "maximum": 18446744073709551615_u64});
        assert_eq!(stated_above_i64(&max), Some(u64::MAX));
        let listed = json!({"type": "integer", "enum": [1, 9223372036854775808_u64]});
        assert_eq!(stated_above_i64(&listed), Some(9223372036854775808));
        let examples = json!({"type": "integer", "examples": [9223372036854775808_u64]});
        assert_eq!(stated_above_i64(&examples), Some(9223372036854775808));
    }

    #[test]
    fn values_within_i64_or_below_zero_keep_the_integer_signed() {
        let small = json!({"type": "integer", "maximum": 9223372036854775807_i64});
        assert_eq!(stated_above_i64(&small), None);
        let signed = json!({"type": "integer", "minimum": -1, "maximum": 9223372036854775808_u64});
        assert_eq!(stated_above_i64(&signed), None);
        // Past u64, the reader has made it a float and reported it.
        let huge = json!({"type": "integer", "maximum": 1.0e20});
        assert_eq!(stated_above_i64(&huge), None);
    }

    #[test]
    fn bounds_a_u64_can_hold() {
        assert!(fits_u64(&json!(0)));
        assert!(fits_u64(&json!(18446744073709551615_u64)));
        assert!(fits_u64(&json!(1.5)));
        assert!(!fits_u64(&json!(-1)));
        assert!(!fits_u64(&json!(-0.5)));
        assert!(!fits_u64(&json!(1.0e20)));
    }
}
