//! Checks of the spec's request constraints, run before anything is sent.
//!
//! Problems are collected, not returned one by one, so a caller sees every
//! broken constraint at once. Responses are never validated: a server that
//! sends a value outside a request-side bound must not make a call fail.

use std::collections::BTreeMap;

/// A value that can check itself against the spec's constraints.
pub trait Validate {
    /// Appends a description of every broken constraint, naming `path`.
    fn validate(&self, path: &str, problems: &mut Vec<String>);
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, path: &str, problems: &mut Vec<String>) {
        if let Some(v) = self {
            v.validate(path, problems);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self, path: &str, problems: &mut Vec<String>) {
        (**self).validate(path, problems);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, path: &str, problems: &mut Vec<String>) {
        for (i, v) in self.iter().enumerate() {
            v.validate(&format!("{path}[{i}]"), problems);
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self, path: &str, problems: &mut Vec<String>) {
        for (k, v) in self {
            v.validate(&format!("{path}.{k}"), problems);
        }
    }
}

fn at(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// A number a range can be checked on.
pub trait Number: Copy {
    /// The value as `f64` (integers beyond 2^53 round, which no API bound needs).
    fn to_f64(self) -> f64;
}

macro_rules! number {
    ($($t:ty),*) => {$(
        impl Number for $t {
            fn to_f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}

number!(i32, i64, u32, u64, f32, f64);

/// Checks an inclusive numeric range.
pub fn check_range(
    path: &str,
    name: &str,
    value: impl Number,
    min: Option<f64>,
    max: Option<f64>,
    problems: &mut Vec<String>,
) {
    check_bounds(path, name, value.to_f64(), min, max, problems);
}

/// An integer a range can be checked on exactly, against integer bounds.
pub trait Integer: Copy {
    /// The value as `i128`, which holds every value of the types it is for.
    fn to_i128(self) -> i128;
}

macro_rules! integer {
    ($($t:ty),*) => {$(
        impl Integer for $t {
            fn to_i128(self) -> i128 {
                self.into()
            }
        }
    )*};
}

integer!(i32, i64, u32, u64);

/// Checks an inclusive integer range. Unlike [`check_range`], the bounds
/// are integers, so a large `i64` is compared exactly and the message
/// shows the bounds as the spec wrote them.
pub fn check_integer(
    path: &str,
    name: &str,
    value: impl Integer,
    min: Option<i64>,
    max: Option<i64>,
    problems: &mut Vec<String>,
) {
    let (min, max) = (min.map(i128::from), max.map(i128::from));
    check_bounds(path, name, value.to_i128(), min, max, problems);
}

/// Checks an inclusive range of a `u64`, whose bounds can be past
/// `i64::MAX` (so [`check_integer`]'s `i64` bounds cannot hold them).
pub fn check_unsigned(
    path: &str,
    name: &str,
    value: u64,
    min: Option<u64>,
    max: Option<u64>,
    problems: &mut Vec<String>,
) {
    check_bounds(path, name, value, min, max, problems);
}

/// Checks an inclusive range of an `i128`, whose bounds can lie past both
/// `i64` and `u64` (an `int128` is used for a signed range wider than
/// either), so neither [`check_integer`] nor [`check_unsigned`] holds them.
pub fn check_i128(
    path: &str,
    name: &str,
    value: i128,
    min: Option<i128>,
    max: Option<i128>,
    problems: &mut Vec<String>,
) {
    check_bounds(path, name, value, min, max, problems);
}

/// Checks a string's length in characters.
pub fn check_length(
    path: &str,
    name: &str,
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
    problems: &mut Vec<String>,
) {
    let len = value.chars().count() as u64;
    if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
        problems.push(format!(
            "`{}` has {len} characters, {}",
            at(path, name),
            bounds(min, max, " characters")
        ));
    }
}

/// Checks that a string matches a regular expression.
pub fn check_pattern(
    path: &str,
    name: &str,
    value: &str,
    pattern: &str,
    problems: &mut Vec<String>,
) {
    match regex_lite::Regex::new(pattern) {
        Ok(re) if re.is_match(value) => {}
        Ok(_) => problems.push(format!(
            "`{}` is {value:?}, which does not match `{pattern}`",
            at(path, name)
        )),
        // A pattern this engine cannot compile is the server's to enforce.
        Err(_) => {}
    }
}

/// Checks the number of items of a list.
pub fn check_items(
    path: &str,
    name: &str,
    len: usize,
    min: Option<u64>,
    max: Option<u64>,
    problems: &mut Vec<String>,
) {
    let n = len as u64;
    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
        problems.push(format!(
            "`{}` has {n} items, {}",
            at(path, name),
            bounds(min, max, " items")
        ));
    }
}

/// The path of the field `name` inside `path`, for nested validation.
pub fn nested(path: &str, name: &str) -> String {
    at(path, name)
}

/// The one inclusive range check behind the numeric checks of each kind.
fn check_bounds<T: PartialOrd + std::fmt::Display + Copy>(
    path: &str,
    name: &str,
    value: T,
    min: Option<T>,
    max: Option<T>,
    problems: &mut Vec<String>,
) {
    if min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m) {
        problems.push(format!(
            "`{}` is {value}, {}",
            at(path, name),
            bounds(min, max, "")
        ));
    }
}

fn bounds<T: std::fmt::Display>(min: Option<T>, max: Option<T>, unit: &str) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) => format!("allowed: {lo} to {hi}{unit}"),
        (Some(lo), None) => format!("allowed: at least {lo}{unit}"),
        (None, Some(hi)) => format!("allowed: at most {hi}{unit}"),
        (None, None) => "no bounds".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_value_and_the_bounds() {
        let mut p = Vec::new();
        check_range("body", "quantity", 51, Some(1.0), Some(50.0), &mut p);
        check_items("body", "records", 11, None, Some(10), &mut p);
        check_length("", "door_password1", "12", Some(4), Some(8), &mut p);
        check_pattern("", "door_password1", "12ab", "^[0-9]+$", &mut p);
        check_range("", "page", 5.0, Some(1.0), Some(1000.0), &mut p);
        check_range("", "ratio", 1.5, Some(0.0), Some(1.0), &mut p);
        check_integer("query", "page", 0_i64, Some(1), Some(1000), &mut p);
        check_integer("query", "id", u64::MAX, None, Some(i64::MAX), &mut p);
        check_integer("query", "id", i64::MAX, None, Some(i64::MAX), &mut p);
        assert_eq!(
            p,
            [
                "`body.quantity` is 51, allowed: 1 to 50",
                "`body.records` has 11 items, allowed: at most 10 items",
                "`door_password1` has 2 characters, allowed: 4 to 8 characters",
                "`door_password1` is \"12ab\", which does not match `^[0-9]+$`",
                "`ratio` is 1.5, allowed: 0 to 1",
                "`query.page` is 0, allowed: 1 to 1000",
                "`query.id` is 18446744073709551615, allowed: at most 9223372036854775807",
            ]
        );
    }

    #[test]
    fn unsigned_bounds_past_i64_are_exact() {
        let mut p = Vec::new();
        // 2^63 + 1 rounds to 2^63 as an `f64`: only an exact comparison
        // tells them apart.
        let edge = 9_223_372_036_854_775_808_u64;
        check_unsigned("body", "flush_ms", edge, None, Some(edge), &mut p);
        check_unsigned("body", "flush_ms", u64::MAX, Some(edge), None, &mut p);
        assert!(p.is_empty(), "{p:?}");
        check_unsigned("body", "flush_ms", edge + 1, None, Some(edge), &mut p);
        check_unsigned("", "id", 0, Some(1), Some(u64::MAX), &mut p);
        assert_eq!(
            p,
            [
                "`body.flush_ms` is 9223372036854775809, allowed: at most 9223372036854775808",
                "`id` is 0, allowed: 1 to 18446744073709551615",
            ]
        );
    }

    #[test]
    fn i128_bounds_past_both_64_bit_types_are_exact() {
        let mut p = Vec::new();
        let edge = 9_223_372_036_854_775_808_i128;
        check_i128("body", "flush_messages", edge, Some(-5), Some(edge), &mut p);
        check_i128("body", "flush_messages", -5, Some(-5), Some(edge), &mut p);
        assert!(p.is_empty(), "{p:?}");
        check_i128(
            "body",
            "flush_messages",
            edge + 1,
            Some(-5),
            Some(edge),
            &mut p,
        );
        check_i128("", "lag", -6, Some(-5), None, &mut p);
        check_i128(
            "",
            "big",
            i128::MAX,
            None,
            Some(i128::from(u64::MAX) + 1),
            &mut p,
        );
        assert_eq!(
            p,
            [
                "`body.flush_messages` is 9223372036854775809, allowed: -5 to 9223372036854775808",
                "`lag` is -6, allowed: at least -5",
                "`big` is 170141183460469231731687303715884105727, allowed: at most 18446744073709551616",
            ]
        );
    }
}
