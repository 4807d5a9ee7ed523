//! The RingCentral SDK's OAuth sign-in, fax upload and message content
//! download over real HTTP against a wiremock server on 127.0.0.1.

use futures_util::StreamExt;
use ringcentral::models::*;
use ringcentral::{Client, Upload};
use serde_json::json;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN_PATH: &str = "/restapi/oauth/token";
const DEVICE_PATH: &str = "/restapi/v1.0/account/~/device/800";

fn token(access: &str, refresh: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": access, "refresh_token": refresh, "expires_in": 3600, "refresh_token_expires_in": 604800,
        "scope": "ReadAccounts", "token_type": "bearer", "owner_id": "256440016", "session_id": "s1"
    }))
}

#[tokio::test]
async fn a_jwt_sign_in_is_refreshed_with_the_refresh_grant_when_refused() {
    let server = MockServer::start().await;
    Mock::given(path(TOKEN_PATH))
        .and(body_string_contains("jwt-bearer"))
        .respond_with(token("A1", "R1"))
        .mount(&server)
        .await;
    Mock::given(path(TOKEN_PATH))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(token("A2", "R2"))
        .mount(&server)
        .await;
    Mock::given(path(DEVICE_PATH))
        .and(header("authorization", "Bearer A1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(path(DEVICE_PATH))
        .and(header("authorization", "Bearer A2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "800"})))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .client_credentials("app", "secret")
        .build()
        .unwrap();
    let grant = GetTokenRequest::JwtBearer(JwtTokenRequest::new("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));
    let tokens = client.oauth().get_token(grant).await.unwrap();
    assert_eq!(tokens.access_token, "A1");
    let device = client.devices().read_device("~", "800").await.unwrap();
    assert_eq!(device.id.as_deref(), Some("800"));
    let requests = server.received_requests().await.unwrap();
    let refresh = requests
        .iter()
        .find(|r| String::from_utf8_lossy(&r.body).contains("refresh_token=R1"))
        .expect("a refresh with R1");
    assert_eq!(
        refresh.headers.get("authorization").unwrap(),
        "Basic YXBwOnNlY3JldA=="
    );
    assert_eq!(
        String::from_utf8_lossy(&refresh.body),
        "grant_type=refresh_token&refresh_token=R1"
    );
}

#[tokio::test]
async fn a_fax_goes_as_multipart_and_message_content_streams_back() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/restapi/v1.0/account/~/extension/~/fax"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"id": 1, "type": "Fax", "messageStatus": "Queued", "faxPageCount": 1}),
        ))
        .mount(&server)
        .await;
    let audio: Vec<u8> = (0..50_000u32).map(|i| (i % 255) as u8).collect();
    Mock::given(path(
        "/restapi/v1.0/account/~/extension/~/message-store/7/content/9",
    ))
    .respond_with(ResponseTemplate::new(200).set_body_raw(audio.clone(), "audio/mpeg"))
    .mount(&server)
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let fields =
        CreateFaxMessageRequest::new(vec![FaxRequestTo::new().with_phone_number("+18661234567")])
            .with_fax_resolution(FaxResolutionEnum::High);
    let fax = client
        .fax()
        .create_fax_message(
            "~",
            "~",
            fields,
            vec![Upload::from(b"%PDF-1.4".as_slice()).file_name("a.pdf")],
        )
        .await
        .unwrap();
    assert_eq!(fax.message_status, Some(MessageStatusEnum::Queued));
    let sent = &server.received_requests().await.unwrap()[0];
    let body = String::from_utf8_lossy(&sent.body);
    assert!(
        sent.headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("multipart/form-data; boundary=")
    );
    assert!(
        body.contains("name=\"faxResolution\"\r\n\r\nHigh\r\n"),
        "{body}"
    );
    assert!(body.contains("name=\"to\"\r\nContent-Type: application/json\r\n\r\n[{\"phoneNumber\":\"+18661234567\"}]"), "{body}");
    assert!(
        body.contains("name=\"attachment\"; filename=\"a.pdf\""),
        "{body}"
    );

    let mut download = client
        .message_store()
        .read_message_content("~", "~", "7", "9")
        .download()
        .await
        .unwrap();
    assert_eq!(download.content_type(), Some("audio/mpeg"));
    let mut received = Vec::new();
    while let Some(chunk) = download.next().await {
        received.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(received, audio);
}
