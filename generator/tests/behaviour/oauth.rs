//! An OAuth 2 token flow over real HTTP: a JWT grant signs in (a form, the
//! client's id and secret as HTTP basic), the access token is refreshed with
//! the refresh grant when it is refused and before it expires, concurrent
//! calls refresh once, and signing out forgets the tokens.

use oauth::Client;
use oauth::models::{JwtGrant, Revocation, TokenRequest};
use serde_json::json;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// `Basic base64("app:secret")`.
const CLIENT_BASIC: &str = "Basic YXBwOnNlY3JldA==";

fn token(access: &str, refresh: &str, expires_in: i64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(
        json!({"access_token": access, "refresh_token": refresh, "expires_in": expires_in}),
    )
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .client_credentials("app", "secret")
        .build()
        .unwrap()
}

fn sign_in_grant() -> TokenRequest {
    TokenRequest::JwtBearer(JwtGrant::new("header.claims.signature"))
}

fn form(r: &Request) -> String {
    String::from_utf8(r.body.clone()).unwrap()
}

#[tokio::test]
async fn sign_in_sends_the_grant_as_a_form_with_the_client_as_basic_auth() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token("A1", "R1", 3600))
        .mount(&server)
        .await;
    Mock::given(path("/me"))
        .and(header("authorization", "Bearer A1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "ada"})))
        .mount(&server)
        .await;
    let client = client(&server);
    client.auth().get_token(sign_in_grant()).await.unwrap();
    assert!(client.is_signed_in());
    assert_eq!(client.me().profile().await.unwrap().name, "ada");
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(sent.headers.get("authorization").unwrap(), CLIENT_BASIC);
    assert_eq!(
        sent.headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    // Pairs go in name order; the grant type comes from the variant.
    assert_eq!(
        form(sent),
        "assertion=header.claims.signature&grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"
    );
}

#[tokio::test]
async fn a_refused_token_is_refreshed_with_the_refresh_grant_once_for_concurrent_calls() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .and(body_string_contains("jwt-bearer"))
        .respond_with(token("A1", "R1", 3600))
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(token("A2", "R2", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/me"))
        .and(header("authorization", "Bearer A1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(path("/me"))
        .and(header("authorization", "Bearer A2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "ada"})))
        .mount(&server)
        .await;
    let client = client(&server);
    client.auth().get_token(sign_in_grant()).await.unwrap();
    let me = client.me();
    let (a, b, c) = tokio::join!(
        me.profile().send(),
        me.profile().send(),
        me.profile().send()
    );
    for result in [a, b, c] {
        assert_eq!(result.unwrap().name, "ada");
    }
    let refresh: Vec<Request> = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| form(r).contains("grant_type=refresh_token"))
        .collect();
    assert_eq!(refresh.len(), 1, "three calls refused at once refresh once");
    assert_eq!(
        form(&refresh[0]),
        "grant_type=refresh_token&refresh_token=R1"
    );
    assert_eq!(
        refresh[0].headers.get("authorization").unwrap(),
        CLIENT_BASIC
    );
}

#[tokio::test]
async fn a_token_about_to_expire_is_refreshed_before_the_call() {
    // Paused time: the clock moves only when the test advances it.
    tokio::time::pause();
    let server = MockServer::start().await;
    // Lives two minutes: refreshed a minute before it ends.
    Mock::given(path("/oauth/token"))
        .and(body_string_contains("jwt-bearer"))
        .respond_with(token("A1", "R1", 120))
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(token("A2", "R2", 3600))
        .mount(&server)
        .await;
    Mock::given(path("/me"))
        .and(header("authorization", "Bearer A2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "ada"})))
        .mount(&server)
        .await;
    let client = client(&server);
    client.auth().get_token(sign_in_grant()).await.unwrap();
    tokio::time::advance(std::time::Duration::from_secs(61)).await;
    assert_eq!(client.me().profile().await.unwrap().name, "ada");
    let me_calls = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == "/me")
        .count();
    assert_eq!(me_calls, 1, "the call went out once, with the fresh token");
}

#[tokio::test]
async fn signing_out_forgets_the_tokens_and_a_failed_refresh_is_an_auth_error() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .and(body_string_contains("jwt-bearer"))
        .respond_with(token("A1", "R1", 3600))
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant"})))
        .mount(&server)
        .await;
    Mock::given(path("/me"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(path("/oauth/revoke"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = client(&server);
    client.auth().get_token(sign_in_grant()).await.unwrap();
    let err = client.me().profile().await.unwrap_err();
    assert!(
        matches!(
            err,
            oauth::Error::Auth {
                status: Some(400),
                ..
            }
        ),
        "{err:?}"
    );
    client
        .auth()
        .revoke_token()
        .body(Revocation::new().with_token("R1"))
        .await
        .unwrap();
    assert!(!client.is_signed_in());
    let revoke = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.url.path() == "/oauth/revoke")
        .unwrap();
    assert_eq!(
        (
            form(&revoke).as_str(),
            revoke
                .headers
                .get("authorization")
                .unwrap()
                .to_str()
                .unwrap()
        ),
        ("token=R1", CLIENT_BASIC)
    );
}

#[tokio::test]
async fn a_refresh_answered_without_a_refresh_token_keeps_the_one_it_sent() {
    let server = MockServer::start().await;
    let access_only = |access: &str| {
        ResponseTemplate::new(200)
            .set_body_json(json!({"access_token": access, "expires_in": 3600}))
    };
    Mock::given(path("/oauth/token"))
        .and(body_string_contains("jwt-bearer"))
        .respond_with(token("A1", "R1", 3600))
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(access_only("A2"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(access_only("A3"))
        .mount(&server)
        .await;
    Mock::given(path("/me"))
        .and(header("authorization", "Bearer A3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "ada"})))
        .mount(&server)
        .await;
    Mock::given(path("/me"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let client = client(&server);
    client.auth().get_token(sign_in_grant()).await.unwrap();
    // A1 refused, refreshed to A2, which is refused too: this call ends there.
    assert!(client.me().profile().await.is_err());
    // The next call refreshes A2 with R1 again, as the API issued no new refresh token.
    assert_eq!(client.me().profile().await.unwrap().name, "ada");
    let refreshes: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(form)
        .filter(|f| f.contains("grant_type=refresh_token"))
        .collect();
    assert_eq!(
        refreshes,
        [
            "grant_type=refresh_token&refresh_token=R1",
            "grant_type=refresh_token&refresh_token=R1"
        ]
    );
}
