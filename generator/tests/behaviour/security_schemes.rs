//! Security schemes over real HTTP: each kind of credential goes where its
//! scheme says, a call sends the first alternative of its operation the
//! client has every credential of, a call with none is refused before
//! anything is sent, and an OAuth 2 client fetches its token once for
//! concurrent calls and again when it expires or is refused.

use std::time::Duration;

use security_schemes::{Client, ClientBuilder, Error};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server answering every call: lists with `[]`, the rest with 204.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    for p in ["/items", "/search", "/session/items", "/reports"] {
        Mock::given(path(p))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/payments"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder().base_url(server.uri())
}

fn header<'r>(r: &'r Request, name: &str) -> Option<&'r str> {
    r.headers.get(name).map(|v| v.to_str().unwrap())
}

async fn last(server: &MockServer) -> Request {
    server.received_requests().await.unwrap().pop().unwrap()
}

#[tokio::test]
async fn a_key_goes_in_its_header_query_parameter_or_cookie() {
    let server = server().await;
    let client = builder(&server)
        .api_key_auth("h3ader")
        .partner_id("qu3ry")
        .session("c00kie")
        .build()
        .unwrap();
    client.items().list_items().await.unwrap();
    let r = last(&server).await;
    assert_eq!(header(&r, "x-api-key"), Some("h3ader"));
    assert_eq!(header(&r, "authorization"), None);
    assert_eq!(r.url.query(), None, "only the chosen scheme goes");

    client.items().search_items().await.unwrap();
    let r = last(&server).await;
    assert_eq!(r.url.query(), Some("partner_id=qu3ry"));
    assert_eq!(header(&r, "x-api-key"), None);

    client.items().session_items().await.unwrap();
    let r = last(&server).await;
    assert_eq!(header(&r, "cookie"), Some("session=c00kie"));
}

#[tokio::test]
async fn the_first_alternative_the_client_can_meet_is_sent() {
    let server = server().await;
    let basic = builder(&server).basic_auth("ada", "pw").build().unwrap();
    basic.items().basic_or_bearer().await.unwrap();
    assert_eq!(
        header(&last(&server).await, "authorization"),
        Some("Basic YWRhOnB3")
    );

    let bearer = builder(&server).bearer_auth("t0k").build().unwrap();
    bearer.items().basic_or_bearer().await.unwrap();
    assert_eq!(
        header(&last(&server).await, "authorization"),
        Some("Bearer t0k")
    );

    // Both set: the first alternative wins.
    let both = builder(&server)
        .bearer_auth("t0k")
        .basic_auth("ada", "pw")
        .build()
        .unwrap();
    both.items().basic_or_bearer().await.unwrap();
    assert_eq!(
        header(&last(&server).await, "authorization"),
        Some("Basic YWRhOnB3")
    );

    // The API's default requirement: the key first, else the bearer token.
    bearer.items().list_items().await.unwrap();
    assert_eq!(
        header(&last(&server).await, "authorization"),
        Some("Bearer t0k")
    );
}

#[tokio::test]
async fn a_call_no_alternative_of_which_is_met_is_not_sent() {
    let server = server().await;
    let client = builder(&server).api_key_auth("k").build().unwrap();
    let err = client.items().basic_or_bearer().await.unwrap_err();
    match &err {
        Error::Credentials { operation, needed } => {
            assert_eq!(*operation, "basic_or_bearer");
            assert_eq!(
                needed,
                "`BasicAuth` (set with `.basic_auth(…)`), or `BearerAuth` (set with `.bearer_auth(…)`)"
            );
        }
        other => panic!("expected a credentials error, got {other:?}"),
    }
    assert!(err.to_string().contains("not sent"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn schemes_required_together_are_sent_together_or_not_at_all() {
    let server = server().await;
    let partial = builder(&server)
        .merchant_key("mk")
        .merchant_id("mi")
        .build()
        .unwrap();
    let err = partial.items().pay().await.unwrap_err();
    assert!(matches!(err, Error::Credentials { .. }), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());

    let all = builder(&server)
        .merchant_key("mk")
        .merchant_id("mi")
        .signature("sig")
        .build()
        .unwrap();
    all.items().pay().await.unwrap();
    let r = last(&server).await;
    assert_eq!(header(&r, "x-merchant-key"), Some("mk"));
    assert_eq!(header(&r, "x-merchant-id"), Some("mi"));
    assert_eq!(header(&r, "x-signature"), Some("sig"));
}

#[tokio::test]
async fn an_operation_without_security_sends_nothing_and_optional_security_sends_what_it_has() {
    let server = server().await;
    let client = builder(&server)
        .api_key_auth("k")
        .bearer_auth("t")
        .build()
        .unwrap();
    client.items().health().await.unwrap();
    let r = last(&server).await;
    assert_eq!(header(&r, "x-api-key"), None);
    assert_eq!(header(&r, "authorization"), None);

    let anonymous = builder(&server).build().unwrap();
    anonymous.items().optional_auth().await.unwrap();
    assert_eq!(header(&last(&server).await, "authorization"), None);
    client.items().optional_auth().await.unwrap();
    assert_eq!(
        header(&last(&server).await, "authorization"),
        Some("Bearer t")
    );
}

#[tokio::test]
async fn credentials_are_checked_against_the_schemes_when_the_client_is_built() {
    let err = Client::builder()
        .credential("Nope", security_schemes::Credentials::Key("k".into()))
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("`Nope` is not a security scheme of this API"),
        "{err}"
    );
    let err = Client::builder()
        .credential("BasicAuth", security_schemes::Credentials::Key("k".into()))
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("takes a user and password, not an API key"),
        "{err}"
    );
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output() {
    let client = Client::builder()
        .api_key_auth("s3cret-key")
        .basic_auth("ada", "s3cret-pw")
        .oauth_client_credentials("app", "s3cret-app")
        .build()
        .unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains("s3cret"), "{shown}");
    assert!(shown.contains("ApiKeyAuth"), "{shown}");
}

fn token(access: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(
        json!({"access_token": access, "token_type": "Bearer", "expires_in": expires_in}),
    )
}

/// A server whose token endpoint hands out `T1`, `T2`, … in turn and
/// whose `/reports` answers only the bearer token `accepted`.
async fn oauth_server(accepted: &'static str) -> MockServer {
    let server = MockServer::start().await;
    for (i, access) in ["T1", "T2", "T3"].into_iter().enumerate() {
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(token(access, 3600))
            .up_to_n_times(1)
            .with_priority(i as u8 + 1)
            .mount(&server)
            .await;
    }
    Mock::given(path("/reports"))
        .and(wiremock::matchers::header(
            "authorization",
            format!("Bearer {accepted}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(path("/reports"))
        .respond_with(ResponseTemplate::new(401))
        .with_priority(10)
        .mount(&server)
        .await;
    server
}

fn token_requests(all: &[Request]) -> Vec<&Request> {
    all.iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .collect()
}

#[tokio::test]
async fn client_credentials_fetch_one_token_for_concurrent_calls() {
    let server = oauth_server("T1").await;
    let client = builder(&server)
        .oauth_client_credentials("app", "secret")
        .build()
        .unwrap();
    let calls = (0..5).map(|_| {
        let client = client.clone();
        async move { client.items().reports().await }
    });
    for result in futures_util::future::join_all(calls).await {
        result.unwrap();
    }
    let all = server.received_requests().await.unwrap();
    let fetched = token_requests(&all);
    assert_eq!(fetched.len(), 1, "one token request for five calls");
    let form = String::from_utf8(fetched[0].body.clone()).unwrap();
    assert_eq!(form, "grant_type=client_credentials");
    // `Basic base64("app:secret")`: the client authenticates itself.
    assert_eq!(
        header(fetched[0], "authorization"),
        Some("Basic YXBwOnNlY3JldA==")
    );
}

#[tokio::test]
async fn a_refused_token_is_replaced_once_and_the_call_sent_again() {
    let server = oauth_server("T2").await;
    let client = builder(&server)
        .oauth_client_credentials("app", "secret")
        .build()
        .unwrap();
    client.items().reports().await.unwrap();
    let all = server.received_requests().await.unwrap();
    assert_eq!(token_requests(&all).len(), 2);
    let calls: Vec<_> = all.iter().filter(|r| r.url.path() == "/reports").collect();
    assert_eq!(header(calls[0], "authorization"), Some("Bearer T1"));
    assert_eq!(header(calls[1], "authorization"), Some("Bearer T2"));
}

#[tokio::test]
async fn a_token_is_fetched_again_shortly_before_it_expires() {
    tokio::time::pause();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token("T1", 120))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token("T2", 120))
        .mount(&server)
        .await;
    Mock::given(path("/reports"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let client = builder(&server)
        .oauth_client_credentials("app", "secret")
        .build()
        .unwrap();
    client.items().reports().await.unwrap();
    // Renewed a minute before its two minutes are up. (Over real sockets
    // the paused clock may also jump ahead while a call waits for its
    // answer, so only what must hold after the advance is asserted.)
    tokio::time::advance(Duration::from_secs(61)).await;
    client.items().reports().await.unwrap();
    let all = server.received_requests().await.unwrap();
    assert!(token_requests(&all).len() >= 2);
    let sent: Vec<_> = all
        .iter()
        .filter(|r| r.url.path() == "/reports")
        .map(|r| header(r, "authorization").unwrap())
        .collect();
    assert_eq!(sent.first(), Some(&"Bearer T1"));
    assert_eq!(
        sent.last(),
        Some(&"Bearer T2"),
        "the expiring token was replaced"
    );
}

#[tokio::test]
async fn a_refresh_token_handed_in_is_traded_for_access_tokens() {
    let server = oauth_server("T1").await;
    let client = builder(&server)
        .oauth_refresh_token("app", "", "R0")
        .build()
        .unwrap();
    client.items().reports().await.unwrap();
    let all = server.received_requests().await.unwrap();
    let form = String::from_utf8(token_requests(&all)[0].body.clone()).unwrap();
    // A public client (no secret) names itself in the form.
    assert_eq!(
        form,
        "grant_type=refresh_token&refresh_token=R0&client_id=app"
    );
    assert_eq!(header(token_requests(&all)[0], "authorization"), None);
}
