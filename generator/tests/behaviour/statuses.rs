//! Statuses over real HTTP: a declared 304 is an answer, a declared 301 is
//! an answer with its `Location`, a declared 302 is an error, undeclared
//! redirects are followed (without credentials to another origin), and a
//! `default` answer covers any success status.

use serde_json::json;
use statuses::models::Repo;
use statuses::{Client, Error, ErrorModel};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_declared_304_is_none_and_200_the_body() {
    let server = MockServer::start().await;
    Mock::given(path("/repos/sdk"))
        .and(header("if-none-match", "\"v1\""))
        .respond_with(ResponseTemplate::new(304))
        .mount(&server)
        .await;
    Mock::given(path("/repos/sdk"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "sdk"})))
        .mount(&server)
        .await;
    let repos = client(&server).repos();
    assert_eq!(
        repos.get_repo("sdk").if_none_match("\"v1\"").await.unwrap(),
        None
    );
    assert_eq!(repos.get_repo("sdk").await.unwrap(), Some(Repo::new("sdk")));
}

#[tokio::test]
async fn a_declared_301_is_the_answer_and_undeclared_redirects_are_followed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/repos/old/rename"))
        .respond_with(ResponseTemplate::new(301).insert_header("Location", "/repos/new"))
        .mount(&server)
        .await;
    let moved = client(&server).repos().rename_repo("old").await.unwrap();
    assert_eq!(moved.location, "/repos/new");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "a declared 301 is not followed"
    );

    // get_repo declares no redirect: a 307 is followed, with the credentials, on the same origin.
    Mock::given(path("/repos/moved"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", "/repos/sdk"))
        .mount(&server)
        .await;
    Mock::given(path("/repos/sdk"))
        .and(header("authorization", "Bearer t"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "sdk"})))
        .mount(&server)
        .await;
    assert_eq!(
        client(&server).repos().get_repo("moved").await.unwrap(),
        Some(Repo::new("sdk"))
    );
}

#[tokio::test]
async fn a_redirect_to_another_origin_carries_no_credentials() {
    let api = MockServer::start().await;
    let cdn = MockServer::start().await;
    Mock::given(path("/repos/x"))
        .respond_with(
            ResponseTemplate::new(302).insert_header("Location", format!("{}/blob", cdn.uri())),
        )
        .mount(&api)
        .await;
    Mock::given(path("/blob"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "x"})))
        .mount(&cdn)
        .await;
    assert_eq!(
        client(&api).repos().get_repo("x").await.unwrap(),
        Some(Repo::new("x"))
    );
    let at_cdn = &cdn.received_requests().await.unwrap()[0];
    assert!(
        at_cdn.headers.get("authorization").is_none(),
        "the bearer token stays with the API"
    );
}

#[tokio::test]
async fn a_declared_302_is_an_error_and_default_covers_any_success() {
    let server = MockServer::start().await;
    Mock::given(path("/archived/a"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", "/x")
                .set_body_json(json!({"message": "moved to cold storage"})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/archived/b"))
        .respond_with(ResponseTemplate::new(203).set_body_json(json!({"name": "b"})))
        .mount(&server)
        .await;
    let repos = client(&server).repos();
    let Err(Error::Api(e)) = repos.archived_repo("a").await else {
        panic!("a 302 declared as an error")
    };
    assert_eq!(e.status, 302);
    assert!(
        matches!(e.model, Some(ErrorModel::Problem(ref p)) if p.message == "moved to cold storage")
    );
    assert_eq!(repos.archived_repo("b").await.unwrap(), Repo::new("b"));
}
