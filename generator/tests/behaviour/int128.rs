//! Integers whose range neither `i64` nor `u64` holds, over real HTTP: an
//! `int128` is read from and written to bodies, unions, paths, queries and
//! headers in full, above `i64::MAX` and below zero alike, and its bounds
//! are checked exactly before anything is sent.

use int128::models::{Lag, TopicConfig};
use int128::{Client, Error};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// 2^63: one past `i64::MAX`, so no `i64` holds it.
const EDGE: i128 = 9_223_372_036_854_775_808;

/// DigitalOcean's Kafka `flush_messages` case: one value past `i64::MAX`,
/// one negative, so no 64-bit type holds both.
fn config() -> Value {
    json!({
        "flush_messages": 9_223_372_036_854_775_808_u64, "flush_ms": -5,
        "retention_bytes": 1, "offsets": [9_223_372_036_854_775_808_u64, -5],
        "lag": 9_223_372_036_854_775_808_u64
    })
}

async fn server(answer: Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/topics"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn values_past_i64_and_below_zero_decode_and_encode_unchanged() {
    let (server, client) = server(config()).await;
    let got = client
        .topics()
        .get_topic(-5)
        .after(EDGE)
        .x_lag(-5)
        .await
        .unwrap();
    assert_eq!(got.flush_messages, EDGE);
    assert_eq!(got.flush_ms, Some(-5));
    assert_eq!(got.offsets, Some(vec![EDGE, -5]));
    // A union is decoded through a `serde_json::Value`, which holds 2^63.
    assert_eq!(got.lag, Some(Lag::Integer(EDGE)));

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), "/topics/-5");
    assert_eq!(requests[0].url.query(), Some("after=9223372036854775808"));
    assert_eq!(requests[0].headers.get("X-Lag").unwrap(), "-5");

    client.topics().update_topic(got).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let sent: Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(sent, config());
    // The text itself, not just a value that compares equal after parsing.
    let text = String::from_utf8(requests[1].body.clone()).unwrap();
    assert!(text.contains("9223372036854775808"), "{text}");
    assert!(text.contains("-5"), "{text}");
}

#[tokio::test]
async fn a_negative_union_member_and_a_value_past_u64_in_a_field() {
    let past_u64 = i128::from(u64::MAX) + 1;
    let mut answer = config();
    answer["lag"] = json!(-5);
    let (server, client) = server(answer).await;
    let got = client.topics().get_topic(0).await.unwrap();
    assert_eq!(got.lag, Some(Lag::Integer(-5)));
    // A plain field is encoded and decoded as text, past what a JSON value
    // (`i64::MIN` to `u64::MAX`) holds.
    let big = got.with_retention_bytes(past_u64);
    client.topics().update_topic(big).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let text = String::from_utf8(requests[1].body.clone()).unwrap();
    assert!(
        text.contains("\"retention_bytes\":18446744073709551616"),
        "{text}"
    );
    assert!(text.contains("\"lag\":-5"), "{text}");
}

#[tokio::test]
async fn bounds_are_checked_exactly_on_both_sides_of_zero() {
    let (server, client) = server(config()).await;
    let over = TopicConfig::new(0).with_flush_ms(EDGE + 1);
    match client.topics().update_topic(over).await {
        Err(Error::Validation { problems, .. }) => assert_eq!(
            problems,
            ["`body.flush_ms` is 9223372036854775809, allowed: -5 to 9223372036854775808"]
        ),
        other => panic!("expected a validation error, got {other:?}"),
    }
    let under = TopicConfig::new(0).with_flush_ms(-6);
    match client.topics().update_topic(under).await {
        Err(Error::Validation { problems, .. }) => assert_eq!(
            problems,
            ["`body.flush_ms` is -6, allowed: -5 to 9223372036854775808"]
        ),
        other => panic!("expected a validation error, got {other:?}"),
    }
    // A fractional minimum is the integer above it: -0.5 allows 0, not -1.
    let negative = TopicConfig::new(0).with_retention_bytes(-1);
    assert!(matches!(
        client.topics().update_topic(negative).await,
        Err(Error::Validation { .. })
    ));
    assert!(server.received_requests().await.unwrap().is_empty());

    // A float bound past u64 (1.0e30) is the integer at or below it, exactly.
    let huge = TopicConfig::new(0).with_retention_bytes(i128::MAX);
    match client.topics().update_topic(huge).await {
        Err(Error::Validation { problems, .. }) => assert_eq!(
            problems,
            [
                "`body.retention_bytes` is 170141183460469231731687303715884105727, \
              allowed: 0 to 1000000000000000019884624838656"
            ]
        ),
        other => panic!("expected a validation error, got {other:?}"),
    }
    let low = client.topics().get_topic(0).after(i128::MIN);
    assert!(matches!(low.await, Err(Error::Validation { .. })));
    assert!(server.received_requests().await.unwrap().is_empty());

    let edges = TopicConfig::new(-5)
        .with_flush_ms(EDGE)
        .with_retention_bytes(1_000_000_000_000_000_019_884_624_838_656);
    client.topics().update_topic(edges).await.unwrap();
    let far = client.topics().get_topic(i128::MIN).after(-EDGE);
    far.await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[1].url.path(),
        "/topics/-170141183460469231731687303715884105728"
    );
}
