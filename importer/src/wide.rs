//! Integers past `i64`: a document that states a value above `i64::MAX` for
//! an integer (DigitalOcean's Kafka `flush_messages`, whose example and
//! default are 9223372036854776000) means a range `i64` cannot carry, so
//! the SDK could neither decode the vendor's own example nor send it.
//!
//! Such an integer is read as `uint64` only when the document rules
//! negatives out (a `minimum` of 0 or more, or an enum of no negative
//! value): otherwise the schema still allows a negative value, a server may
//! send one, and a `u64` would refuse it, so it is read as `int128`, which
//! holds both.

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

/// The type an integer stated past `i64` is read as, with why, for the report.
#[derive(Debug, PartialEq)]
pub(crate) struct Wide {
    /// The first value stated above `i64::MAX`.
    pub above: u64,
    /// `"uint64"` or `"int128"`.
    pub expr: &'static str,
    /// What decided between them, as the report says it.
    pub because: String,
}

/// How `schema`'s integer is read when it states a value above `i64::MAX`
/// (`None` when it states none: it stays `integer`).
pub(crate) fn wide(schema: &Value) -> Option<Wide> {
    let above = stated(schema)
        .filter_map(Value::as_u64)
        .find(|n| i64::try_from(*n).is_err())?;
    let signed = |because: String| {
        Some(Wide {
            above,
            expr: "int128",
            because,
        })
    };
    let unsigned = |because: String| {
        Some(Wide {
            above,
            expr: "uint64",
            because,
        })
    };
    let at_least = |key: &str, floor: f64| {
        schema
            .get(key)
            .filter(|v| v.is_number())
            .filter(|v| v.as_f64().is_some_and(|f| f >= floor))
    };
    if let Some(negative) = stated(schema).find(|v| v.as_f64().is_some_and(|f| f < 0.0)) {
        return signed(format!("{negative}, below 0"));
    }
    if let Some(m) = at_least("minimum", 0.0) {
        return unsigned(format!("its `minimum: {m}` rules out negatives"));
    }
    // OpenAPI 3.1's exclusive minimum is a number: above -1 leaves no
    // negative integer.
    if let Some(m) = schema
        .get("exclusiveMinimum")
        .filter(|v| v.as_f64().is_some_and(|f| f > -1.0))
    {
        return unsigned(format!("its `exclusiveMinimum: {m}` rules out negatives"));
    }
    // An enum is every value the integer takes; none of them is negative.
    if schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|e| !e.is_empty() && e.iter().all(Value::is_number))
    {
        return unsigned("its `enum` lists no negative value".into());
    }
    signed("no `minimum` of 0 or more rules out negatives".into())
}

/// Whether a bound can be checked on a `u64`: a number in `u64`'s range
/// (a fraction is fine: the check rounds it inward).
pub(crate) fn fits_u64(bound: &Value) -> bool {
    // 2^64, the first float past every `u64` (`u64::MAX as f64` rounds to it).
    const PAST_U64: f64 = 18_446_744_073_709_551_616.0;
    bound.as_u64().is_some()
        || (bound.is_f64() && bound.as_f64().is_some_and(|f| (0.0..PAST_U64).contains(&f)))
}

/// Whether a bound can be checked on an `i128`: every integer a JSON value
/// holds is, and a float from -2^127 up to 2^127.
pub(crate) fn fits_i128(bound: &Value) -> bool {
    const PAST_I128: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;
    bound.as_i64().is_some()
        || bound.as_u64().is_some()
        || bound
            .as_f64()
            .is_some_and(|f| (-PAST_I128..PAST_I128).contains(&f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(schema: Value) -> Option<(u64, &'static str)> {
        wide(&schema).map(|w| (w.above, w.expr))
    }

    #[test]
    fn a_value_above_i64_with_negatives_ruled_out_is_unsigned() {
        let lag = json!({"type": "integer", "minimum": 0, "maximum": 9223372036854776000_u64});
        assert_eq!(read(lag), Some((9223372036854776000, "uint64")));
        let max = json!({"type": "integer", "minimum": 1, "maximum": 18446744073709551615_u64});
        assert_eq!(read(max), Some((u64::MAX, "uint64")));
        let listed = json!({"type": "integer", "enum": [1, 9223372036854775808_u64]});
        assert_eq!(read(listed), Some((9223372036854775808, "uint64")));
        let exclusive = json!({"type": "integer", "exclusiveMinimum": 0,
            "example": 9223372036854775808_u64});
        assert_eq!(read(exclusive), Some((9223372036854775808, "uint64")));
    }

    #[test]
    fn a_value_above_i64_without_negatives_ruled_out_is_int128() {
        // DigitalOcean's Kafka `flush_messages`: no minimum at all.
        let kafka = json!({"type": "integer", "example": 9223372036854776000_u64,
            "default": 9223372036854776000_u64});
        let got = wide(&kafka).unwrap();
        assert_eq!((got.above, got.expr), (9223372036854776000, "int128"));
        assert_eq!(got.because, "no `minimum` of 0 or more rules out negatives");
        let examples = json!({"type": "integer", "examples": [9223372036854775808_u64]});
        assert_eq!(read(examples), Some((9223372036854775808, "int128")));
        let signed = json!({"type": "integer", "minimum": -1, "maximum": 9223372036854775808_u64});
        let got = wide(&signed).unwrap();
        assert_eq!((got.expr, got.because.as_str()), ("int128", "-1, below 0"));
        let listed = json!({"type": "integer", "enum": [-1, 9223372036854775808_u64]});
        assert_eq!(read(listed), Some((9223372036854775808, "int128")));
    }

    #[test]
    fn values_within_i64_or_past_u64_keep_the_integer() {
        let small = json!({"type": "integer", "maximum": 9223372036854775807_i64});
        assert_eq!(read(small), None);
        // Past u64, the reader has made it a float and reported it.
        let huge = json!({"type": "integer", "maximum": 1.0e20});
        assert_eq!(read(huge), None);
    }

    #[test]
    fn bounds_a_u64_or_an_i128_can_hold() {
        assert!(fits_u64(&json!(0)));
        assert!(fits_u64(&json!(18446744073709551615_u64)));
        assert!(fits_u64(&json!(1.5)));
        assert!(!fits_u64(&json!(-1)));
        assert!(!fits_u64(&json!(-0.5)));
        assert!(!fits_u64(&json!(1.0e20)));
        assert!(fits_i128(&json!(-1)));
        assert!(fits_i128(&json!(18446744073709551615_u64)));
        assert!(fits_i128(&json!(-1.0e30)));
        assert!(fits_i128(&json!(1.0e20)));
        assert!(!fits_i128(&json!(1.0e40)));
        assert!(!fits_i128(&json!(-1.0e40)));
    }
}
