//! Calls that stay good and safe over real HTTP: an optional response
//! header the server sends in a shape the API does not declare leaves the
//! answer good (typed `None`, raw header kept); an idempotency key makes a
//! POST retryable with one key for all its attempts, the caller's when set;
//! a POST without one is sent once.

use bounded_calls::models::Order;
use bounded_calls::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_optional_header_that_does_not_parse_leaves_the_answer_good() {
    let server = MockServer::start().await;
    Mock::given(path("/orders/o1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"id": "o1"}))
                // Declared `boolean`; the server sends text.
                .insert_header("access-control-allow-credentials", "yes please")
                .insert_header("x-rate-limit-remaining", "41"),
        )
        .mount(&server)
        .await;
    let answer = client(&server).orders().get_order("o1").await.unwrap();
    assert_eq!(answer.body, Order::new("o1"));
    assert_eq!(answer.access_control_allow_credentials, None);
    assert_eq!(answer.x_rate_limit_remaining, Some(41));
    assert_eq!(
        answer.headers["access-control-allow-credentials"],
        "yes please"
    );
}

#[tokio::test]
async fn an_idempotency_key_is_sent_on_every_attempt_of_a_retried_post() {
    tokio::time::pause();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/orders"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/orders"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "o1"})))
        .mount(&server)
        .await;
    let orders = client(&server).orders();
    assert_eq!(
        orders.create_order(Order::new("o1")).await.unwrap(),
        Order::new("o1")
    );
    let keys = |requests: Vec<wiremock::Request>| -> Vec<String> {
        requests
            .iter()
            .filter(|r| r.url.path() == "/orders")
            .map(|r| r.headers["idempotency-key"].to_str().unwrap().to_owned())
            .collect()
    };
    let sent = keys(server.received_requests().await.unwrap());
    assert_eq!(sent.len(), 2, "the 503 was retried");
    assert_eq!(sent[0], sent[1], "with the same key");
    assert_eq!(sent[0].len(), 36, "a UUID: {}", sent[0]);

    // The caller's key, when set, is the one every attempt sends.
    server.reset().await;
    Mock::given(path("/orders"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/orders"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "o2"})))
        .mount(&server)
        .await;
    orders
        .create_order(Order::new("o2"))
        .idempotency_key("order-o2")
        .await
        .unwrap();
    assert_eq!(
        keys(server.received_requests().await.unwrap()),
        ["order-o2", "order-o2"]
    );
}

#[tokio::test]
async fn a_post_without_an_idempotency_key_is_sent_once() {
    let server = MockServer::start().await;
    Mock::given(path("/orders/o1/cancel"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let result = client(&server).orders().cancel_order("o1").await;
    assert!(
        matches!(&result, Err(Error::Api(e)) if e.status == 503),
        "{result:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
