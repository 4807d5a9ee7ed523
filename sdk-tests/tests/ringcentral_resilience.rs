//! Retries, timeouts and transport errors of the RingCentral SDK over real
//! HTTP on 127.0.0.1.

use std::time::{Duration, Instant};

use ringcentral::models::*;
use ringcentral::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn fast_retries(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_secs(2),
    }
}

fn client(base: &str, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(base)
        .bearer_token("t")
        .retry_policy(policy)
        .build()
        .unwrap()
}

async fn attempts(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn a_429_is_retried_after_the_delay_retry_after_asks_for() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1"})))
        .mount(&server)
        .await;
    let started = Instant::now();
    let device = client(&server.uri(), fast_retries(3))
        .devices()
        .read_device("~", "1")
        .await
        .unwrap();
    let waited = started.elapsed();
    assert_eq!(device.id.as_deref(), Some("1"));
    assert_eq!(attempts(&server).await, 2);
    assert!(
        waited >= Duration::from_millis(950),
        "Retry-After: 1 was not honoured ({waited:?})"
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_ceiling_ends_the_call_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "3600"))
        .mount(&server)
        .await;
    let policy = RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_secs(5),
    };
    let started = Instant::now();
    let err = client(&server.uri(), policy)
        .devices()
        .read_device("~", "1")
        .await
        .unwrap_err();
    // Waiting the ceiling and trying again would only meet the same answer.
    let Error::RateLimited(limited) = &err else {
        panic!("a rate-limit error, not {err:?}")
    };
    assert_eq!(limited.retry_after, Duration::from_secs(3600));
    assert_eq!(err.status(), Some(503));
    assert_eq!(attempts(&server).await, 1);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "nothing was slept on"
    );
}

#[tokio::test]
async fn bad_gateway_is_retried_with_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    client(&server.uri(), fast_retries(3))
        .devices()
        .read_device("~", "1")
        .await
        .unwrap();
    assert_eq!(attempts(&server).await, 3);
}

#[tokio::test]
async fn a_400_is_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400))
        .mount(&server)
        .await;
    let err = client(&server.uri(), fast_retries(5))
        .devices()
        .read_device("~", "1")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn a_post_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let body = AddDeviceToInventoryRequest::new(AddDeviceToInventoryRequestType::OtherPhone, 1);
    let err = client(&server.uri(), fast_retries(5))
        .devices()
        .add_device_to_inventory("~", body)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn per_call_retry_policy_overrides_the_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let c = client(&server.uri(), fast_retries(5));
    c.devices()
        .read_device("~", "1")
        .retry_policy(RetryPolicy::none())
        .await
        .unwrap_err();
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(5))
                .set_body_json(json!({})),
        )
        .mount(&server)
        .await;
    let err = client(&server.uri(), RetryPolicy::none())
        .devices()
        .read_device("~", "1")
        .timeout(Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout(_)),
        "expected a timeout, got {err:?}"
    );
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error_after_the_retries() {
    // Bind and drop a listener so the port is closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = client(&format!("http://127.0.0.1:{port}"), fast_retries(2))
        .devices()
        .read_device("~", "1")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport(_)),
        "expected a transport error, got {err:?}"
    );
}
