//! Primitive formats over real HTTP: each is read from and written to the
//! wire as its own text, in bodies and in parameters.

use formats::{Base64, Client};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "8f0e4d1c-2b7a-4c55-9d3e-6a1f2b3c4d5e";

fn payment() -> Value {
    json!({
        "id": ID, "amount": "19.99", "receipt": "aGVsbG8=", "due": "17:30:00",
        "count": 3000000000u64, "ratio": 0.25, "weight": 1.5, "refunds": [ID]
    })
}

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(payment()))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/payments"))
        .respond_with(ResponseTemplate::new(201).set_body_json(payment()))
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
async fn formats_decode_to_their_rust_types_and_encode_back_unchanged() {
    let (server, client) = server().await;
    let id: uuid::Uuid = ID.parse().unwrap();
    let got = client
        .payments()
        .get_payment(id)
        .at("08:15:00".parse().unwrap())
        .min_amount("10.50".parse().unwrap())
        .token(Base64::from(b"\xfb\xff".to_vec()))
        .await
        .unwrap();
    assert_eq!(got.id, id);
    assert_eq!(got.amount.to_string(), "19.99");
    assert_eq!(got.receipt.as_deref(), Some(&b"hello"[..]));
    assert_eq!(got.due.map(|t| t.to_string()).as_deref(), Some("17:30:00"));
    // A format-less integer is i64: three billion does not fit an i32.
    assert_eq!(got.count, Some(3_000_000_000_i64));
    assert_eq!(got.weight, Some(1.5_f32));

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), format!("/payments/{ID}"));
    assert_eq!(
        requests[0].url.query(),
        Some("at=08%3A15%3A00&min_amount=10.50&token=-_8")
    );

    client.payments().create_payment(got).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let sent: Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(sent, payment());
}

#[tokio::test]
async fn a_malformed_format_is_a_decode_error_at_its_path() {
    let server = MockServer::start().await;
    let bad = json!({"id": "not-a-uuid", "amount": "1"});
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(bad))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let err = client
        .payments()
        .get_payment(ID.parse().unwrap())
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("id"), "{err}");
}
