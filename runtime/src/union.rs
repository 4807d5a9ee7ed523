//! Decoding and encoding of unions: with a discriminator property, the tag
//! names the member, which is read straight from the input
//! ([`decode_discriminated`]); without one, the member that keeps the most
//! of the value wins ([`untagged`]). Either way a value no member claims is
//! kept as raw JSON.

use serde::Serialize;
use serde_json::Value;

pub(crate) mod discriminated;
mod tagged;

#[doc(hidden)]
pub use discriminated::{Discriminated, decode as decode_discriminated};

pub use tagged::Tagged;

/// Picks, among the members of a union without a discriminator that accepted
/// `value` (`candidates`, in the order the spec lists the members), the one
/// that keeps the most of it; a tie goes to the member listed first. When
/// no member accepts it, `unknown` keeps the value as it came.
///
/// Taking the first member that accepts the value is not enough: members
/// ignore keys they do not know, so `{"phoneNumber": …, "type": …}` would
/// be accepted, and its `type` silently dropped, by a member that has
/// `phoneNumber` but no `type`. Counting what a candidate keeps means
/// encoding it back, so that only happens when two or more accept.
pub fn untagged<T, E>(
    value: Value,
    candidates: impl IntoIterator<Item = Result<T, E>>,
    unknown: fn(Value) -> T,
) -> T
where
    T: Serialize,
{
    let mut accepted: Vec<T> = candidates.into_iter().filter_map(Result::ok).collect();
    if accepted.len() > 1 {
        let mut best = 0;
        let mut most = None;
        for (i, candidate) in accepted.iter().enumerate() {
            let k = serde_json::to_value(candidate)
                .map(|back| kept(&value, &back))
                .unwrap_or(0);
            if most.is_none_or(|m| k > m) {
                best = i;
                most = Some(k);
            }
        }
        return accepted.swap_remove(best);
    }
    accepted.pop().unwrap_or_else(|| unknown(value))
}

/// How many values (object keys, array items and scalars) of `original` are
/// still present in `decoded`.
fn kept(original: &Value, decoded: &Value) -> usize {
    match (original, decoded) {
        (Value::Object(o), Value::Object(d)) => o
            .iter()
            .filter_map(|(k, v)| d.get(k).map(|w| 1 + kept(v, w)))
            .sum(),
        (Value::Array(o), Value::Array(d)) => o.iter().zip(d).map(|(v, w)| 1 + kept(v, w)).sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct WithReservation {
        #[serde(rename = "phoneNumber")]
        phone_number: String,
        #[serde(rename = "reservationId", skip_serializing_if = "Option::is_none")]
        reservation_id: Option<String>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct WithType {
        #[serde(rename = "phoneNumber")]
        phone_number: String,
        #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
        type_: Option<String>,
    }

    #[derive(Debug, PartialEq, Serialize)]
    #[serde(untagged)]
    enum Either {
        Reservation(WithReservation),
        Type(WithType),
        Unknown(Value),
    }

    fn read(json: Value) -> Either {
        let candidates = [
            WithReservation::deserialize(&json).map(Either::Reservation),
            WithType::deserialize(&json).map(Either::Type),
        ];
        untagged(json, candidates, Either::Unknown)
    }

    #[test]
    fn the_member_that_keeps_the_most_wins() {
        let typed = read(serde_json::json!({"phoneNumber": "+1", "type": "FaxOnly"}));
        assert_eq!(
            typed,
            Either::Type(WithType {
                phone_number: "+1".into(),
                type_: Some("FaxOnly".into())
            })
        );
        let reserved = read(serde_json::json!({"phoneNumber": "+1", "reservationId": "r"}));
        assert_eq!(
            reserved,
            Either::Reservation(WithReservation {
                phone_number: "+1".into(),
                reservation_id: Some("r".into())
            })
        );
    }

    #[test]
    fn a_tie_goes_to_the_member_listed_first() {
        let plain = read(serde_json::json!({"phoneNumber": "+1"}));
        assert_eq!(
            plain,
            Either::Reservation(WithReservation {
                phone_number: "+1".into(),
                reservation_id: None
            })
        );
    }

    #[test]
    fn a_value_no_member_accepts_is_kept_whole_and_written_back_unchanged() {
        let json = serde_json::json!({"type": "FaxOnly", "extra": [1, {"a": null}]});
        let read = read(json.clone());
        assert_eq!(read, Either::Unknown(json.clone()));
        assert_eq!(serde_json::to_value(&read).unwrap(), json);
    }
}
