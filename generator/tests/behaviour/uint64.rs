//! Integers above `i64`'s range over real HTTP: a `uint64` is read from and
//! written to bodies, paths, queries and headers in full, and its bounds
//! past `i64::MAX` are checked exactly before anything is sent.

use serde_json::{Value, json};
use uint64::models::TopicConfig;
use uint64::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// 2^63: one past `i64::MAX`, and where an `f64` stops telling integers apart.
const EDGE: u64 = 9_223_372_036_854_775_808;

fn config() -> Value {
    json!({
        "flush_messages": u64::MAX, "flush_ms": EDGE,
        "retention_bytes": 1, "offsets": [EDGE, u64::MAX]
    })
}

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(config()))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/topics"))
        .respond_with(ResponseTemplate::new(200).set_body_json(config()))
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
async fn values_past_i64_decode_and_encode_unchanged() {
    let (server, client) = server().await;
    let got = client
        .topics()
        .get_topic(EDGE)
        .after(u64::MAX - 1)
        .x_lag(u64::MAX)
        .await
        .unwrap();
    assert_eq!(got.flush_messages, u64::MAX);
    assert_eq!(got.flush_ms, Some(EDGE));
    assert_eq!(got.offsets, Some(vec![EDGE, u64::MAX]));

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), "/topics/9223372036854775808");
    assert_eq!(requests[0].url.query(), Some("after=18446744073709551614"));
    assert_eq!(
        requests[0].headers.get("X-Lag").unwrap(),
        "18446744073709551615"
    );

    client.topics().update_topic(got).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let sent: Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(sent, config());
    // The text itself, not just a value that compares equal after parsing.
    let text = String::from_utf8(requests[1].body.clone()).unwrap();
    assert!(text.contains("18446744073709551615"), "{text}");
}

#[tokio::test]
async fn bounds_past_i64_are_checked_exactly() {
    let (server, client) = server().await;
    let over = TopicConfig::new(u64::MAX).with_flush_ms(EDGE + 1);
    match client.topics().update_topic(over).await {
        Err(Error::Validation { problems, .. }) => assert_eq!(
            problems,
            ["`body.flush_ms` is 9223372036854775809, allowed: 1 to 9223372036854775808"]
        ),
        other => panic!("expected a validation error, got {other:?}"),
    }
    match client.topics().get_topic(0).after(u64::MAX).await {
        Err(Error::Validation { problems, .. }) => assert_eq!(
            problems,
            ["`query.after` is 18446744073709551615, allowed: at most 18446744073709551614"]
        ),
        other => panic!("expected a validation error, got {other:?}"),
    }
    // A fractional minimum is the integer above it.
    let zero = TopicConfig::new(0).with_retention_bytes(0);
    assert!(matches!(
        client.topics().update_topic(zero).await,
        Err(Error::Validation { .. })
    ));
    assert!(server.received_requests().await.unwrap().is_empty());

    let edge = TopicConfig::new(0)
        .with_flush_ms(EDGE)
        .with_retention_bytes(1);
    client.topics().update_topic(edge).await.unwrap();
}
