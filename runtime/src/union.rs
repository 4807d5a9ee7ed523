//! Decoding of unions without a discriminator: the member that keeps the most of the value wins.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// One member of a union, tried on a value: the member's value and how much
/// of the input it kept, or why it does not fit.
pub type Attempt<T> = Result<(T, usize), String>;

/// Reads `value` as the member `M` of a union, wrapped by `wrap` (the enum
/// variant), and counts how much of `value` the member keeps.
pub fn member<M, T>(value: &Value, name: &str, wrap: fn(M) -> T) -> Attempt<T>
where
    M: DeserializeOwned + Serialize,
{
    let decoded = M::deserialize(value).map_err(|e| format!("not {name}: {e}"))?;
    let kept = serde_json::to_value(&decoded).map(|back| kept(value, &back)).unwrap_or(0);
    Ok((wrap(decoded), kept))
}

/// Picks, among the attempts to read one value as each member of a union
/// without a discriminator, the member that keeps the most of the value;
/// a tie goes to the member listed first.
///
/// Taking the first member that accepts the value is not enough: members
/// ignore keys they do not know, so `{"phoneNumber": …, "type": …}` would
/// be accepted, and its `type` silently dropped, by a member that has
/// `phoneNumber` but no `type`.
pub fn decode<T>(union: &str, attempts: impl IntoIterator<Item = Attempt<T>>) -> Result<T, String> {
    let mut best: Option<(T, usize)> = None;
    let mut refusals = Vec::new();
    for attempt in attempts {
        match attempt {
            Ok((decoded, kept)) if best.as_ref().is_none_or(|(_, most)| kept > *most) => best = Some((decoded, kept)),
            Ok(_) => {}
            Err(why) => refusals.push(why),
        }
    }
    best.map(|(decoded, _)| decoded).ok_or_else(|| format!("no member of `{union}` accepts the value ({})", refusals.join("; ")))
}

/// How many values (object keys, array items and scalars) of `original` are
/// still present in `decoded`.
fn kept(original: &Value, decoded: &Value) -> usize {
    match (original, decoded) {
        (Value::Object(o), Value::Object(d)) => o.iter().filter_map(|(k, v)| d.get(k).map(|w| 1 + kept(v, w))).sum(),
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

    #[derive(Debug, PartialEq)]
    enum Either {
        Reservation(WithReservation),
        Type(WithType),
    }

    fn read(json: Value) -> Result<Either, String> {
        decode("Either", [member(&json, "WithReservation", Either::Reservation), member(&json, "WithType", Either::Type)])
    }

    #[test]
    fn the_member_that_keeps_the_most_wins() {
        let typed = read(serde_json::json!({"phoneNumber": "+1", "type": "FaxOnly"})).unwrap();
        assert_eq!(typed, Either::Type(WithType { phone_number: "+1".into(), type_: Some("FaxOnly".into()) }));
        let reserved = read(serde_json::json!({"phoneNumber": "+1", "reservationId": "r"})).unwrap();
        assert_eq!(reserved, Either::Reservation(WithReservation { phone_number: "+1".into(), reservation_id: Some("r".into()) }));
    }

    #[test]
    fn a_tie_goes_to_the_member_listed_first() {
        let plain = read(serde_json::json!({"phoneNumber": "+1"})).unwrap();
        assert_eq!(plain, Either::Reservation(WithReservation { phone_number: "+1".into(), reservation_id: None }));
    }

    #[test]
    fn a_value_no_member_accepts_says_why_each_refused() {
        let err = read(serde_json::json!({"type": "FaxOnly"})).unwrap_err();
        assert!(err.starts_with("no member of `Either` accepts the value (not WithReservation: missing field `phoneNumber`"), "{err}");
        assert!(err.contains("not WithType: missing field `phoneNumber`"), "{err}");
    }
}
