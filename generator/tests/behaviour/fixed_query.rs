//! Path templates that fix query pairs (`/responses/{id}?beta=true`) over
//! real HTTP: the query string as the server receives it, byte for byte.

use fixed_query::Client;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/responses/r1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "r1"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/responses/r1/cancel"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "r1"})))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap()
}

async fn sent_queries(server: &MockServer) -> Vec<Option<String>> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.query().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn the_fixed_pairs_go_first_then_the_methods_own_parameters() {
    let server = server().await;
    let responses = client(&server).responses();
    assert_eq!(responses.beta_get_response("r1").await.unwrap().id, "r1");
    assert_eq!(
        responses
            .beta_get_response("r1")
            .include(vec!["usage".into(), "a&b".into()])
            .await
            .unwrap()
            .id,
        "r1"
    );
    assert_eq!(
        sent_queries(&server).await,
        [
            Some("beta=true".to_owned()),
            Some("beta=true&include=usage&include=a%26b".to_owned())
        ]
    );
}

#[tokio::test]
async fn fixed_pairs_are_sent_encoded_and_the_plain_path_sends_none() {
    let server = server().await;
    let responses = client(&server).responses();
    responses.beta_cancel_response("r1").await.unwrap();
    responses.get_response("r1").await.unwrap();
    assert_eq!(
        sent_queries(&server).await,
        [Some("beta=true&mode=soft%20stop".to_owned()), None]
    );
}
