//! Headers over real HTTP: the spec's defaults are sent, the client's
//! `default_header` replaces them, and a request's `.header()` replaces both.

use default_headers::Client;
use serde_json::json;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/repos/sdk"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "sdk"})))
        .mount(&server)
        .await;
    server
}

fn header<'r>(r: &'r Request, name: &str) -> Vec<&'r str> {
    r.headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect()
}

#[tokio::test]
async fn spec_defaults_are_sent_once_each() {
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let repo = client.repos().get_repo("sdk").await.unwrap();
    assert_eq!(repo.name, "sdk");
    let r = &server.received_requests().await.unwrap()[0];
    assert_eq!(header(r, "x-api-version"), ["2022-11-28"]);
    // The API's media type replaces the runtime's `application/json`.
    assert_eq!(header(r, "accept"), ["application/vnd.example+json"]);
    // A header parameter's spec default is sent when the caller sets none.
    assert_eq!(header(r, "x-preview"), ["mercy"]);
    assert!(header(r, "x-trace").is_empty());
    assert_eq!(header(r, "authorization"), ["Bearer t"]);
}

#[tokio::test]
async fn the_client_and_each_call_can_replace_them() {
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .default_header("x-api-version", "2024-01-01")
        .default_header("X-Team", "core")
        .build()
        .unwrap();
    client
        .repos()
        .get_repo("sdk")
        .x_preview("luke")
        .x_trace("abc")
        .await
        .unwrap();
    client
        .repos()
        .get_repo("sdk")
        .header("X-Api-Version", "2025-06-01")
        .header("Accept", "application/json")
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(header(&requests[0], "x-api-version"), ["2024-01-01"]);
    assert_eq!(header(&requests[0], "x-team"), ["core"]);
    assert_eq!(header(&requests[0], "x-preview"), ["luke"]);
    assert_eq!(header(&requests[0], "x-trace"), ["abc"]);
    assert_eq!(header(&requests[1], "x-api-version"), ["2025-06-01"]);
    assert_eq!(header(&requests[1], "accept"), ["application/json"]);
    assert_eq!(header(&requests[1], "x-team"), ["core"]);
}

#[tokio::test]
async fn a_header_that_cannot_be_sent_is_refused_before_sending() {
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let err = client
        .repos()
        .get_repo("sdk")
        .header("bad name", "x")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`bad name` is not a valid header name"),
        "{err}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
    let err = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .default_header("X-Bad", "line\nbreak")
        .build()
        .unwrap_err()
        .to_string();
    assert!(err.contains("X-Bad"), "{err}");
}
