//! The PortSIP SDK over real HTTP against a wiremock server on 127.0.0.1:
//! sign-in, every Phones operation, refresh on 401, and a failed refresh.

use portsip::models::*;
use portsip::{Client, Error, ErrorModel, Nullable};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A client pointed at the mock server through the server variables, as a
/// user would point it at an installation.
fn client(server: &MockServer) -> Client {
    let address = server.address();
    Client::builder()
        .protocol("http")
        .hostname(address.ip())
        .port(address.port())
        .build()
        .unwrap()
}

fn auth_header(r: &Request) -> Option<String> {
    r.headers
        .get("authorization")
        .map(|v| v.to_str().unwrap().to_owned())
}

async fn signed_in(server: &MockServer) -> Client {
    Mock::given(method("POST"))
        .and(path("/api/auth/sign_in"))
        .and(body_json(json!({"username": "101", "password": "secret", "domain": "example.com"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "Bearer", "access_token": "access-1", "refresh_token": "refresh-1", "expires_in": 1800
        })))
        .expect(1)
        .mount(server)
        .await;
    let c = client(server);
    let body = SignInRequest::new("101", "secret").with_domain("example.com");
    let tokens = c.auth().sign_in(body).await.unwrap();
    assert_eq!(tokens.access_token.as_deref(), Some("access-1"));
    assert!(c.is_signed_in());
    c
}

fn create_body() -> PhoneCreateRequest {
    PhoneCreateRequest::new(
        "00:15:65:12:34:56",
        "yealink_t4x.xml",
        "Yealink",
        "T46S",
        "admin123",
        PhoneLanguage::English,
        TransferMethod::Blind,
        "UTC+08:00",
        vec!["PCMU".into(), "G722".into()],
        InterfaceType::PublicIpv4,
        PreferredTransport::Tls,
    )
    .with_send_to_rps(true)
    .with_enable_vlan_wan_port(true)
    .with_wan_vlan_id(100)
    .with_wan_vlan_priority(5)
    .with_door_password1("1234")
}

#[tokio::test]
async fn sign_in_sends_no_token_and_later_calls_send_the_access_token() {
    let server = MockServer::start().await;
    let c = signed_in(&server).await;
    Mock::given(method("GET"))
        .and(path("/api/users/u1/phones"))
        .and(header("authorization", "Bearer access-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": [{"id": "p1", "mac": "00:15:65:12:34:56", "language": "English", "door_password1": ""}]})))
        .expect(1)
        .mount(&server)
        .await;
    let list = c.phones().list_user_phones("u1").await.unwrap();
    let phone = &list.items.unwrap()[0];
    assert_eq!(phone.id.as_deref(), Some("p1"));
    // The admin guide shows values outside the documented enum; they survive.
    assert_eq!(
        phone.language,
        Nullable::Value(PhoneLanguage::UnknownValue("English".into()))
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        auth_header(&requests[0]),
        None,
        "sign-in is sent without credentials"
    );
}

#[tokio::test]
async fn every_phones_operation_uses_its_method_path_and_body() {
    let server = MockServer::start().await;
    let c = signed_in(&server).await;
    Mock::given(method("POST"))
        .and(path("/api/users/u%2F1/phones"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "p9"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/users/u1/phones/p9"))
        .and(body_json(
            json!({"transfer": "ATTENDED", "wan_port_id": 4094, "pc_port_priority": 0}),
        ))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/users/u1/phones/p9"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "p9", "url": "https://pbx/api/users/u1/phones/p9", "transfer": "BLIND", "ringtone": null})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/users/u1/phones/p9/destroy"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let created = c
        .phones()
        .create_user_phone("u/1", create_body())
        .await
        .unwrap();
    assert_eq!(created.id.as_deref(), Some("p9"));
    let update = PhoneUpdateRequest::new()
        .with_transfer_method(TransferMethod::Attended)
        .with_wan_vlan_id(4094)
        .with_pc_vlan_priority(0);
    c.phones()
        .update_user_phone("u1", "p9", update)
        .await
        .unwrap();
    let phone = c.phones().show_user_phone("u1", "p9").await.unwrap();
    assert_eq!(
        phone.transfer_method,
        Nullable::Value(TransferMethod::Blind)
    );
    // Sent as `null`, which is not the same as left out.
    assert_eq!(phone.ringtone, Nullable::Null);
    assert!(phone.screensaver.is_absent());
    c.phones().delete_user_phone("u1", "p9").await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let create: serde_json::Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(
        create,
        json!({
            "mac": "00:15:65:12:34:56", "filename": "yealink_t4x.xml", "vendor": "Yealink", "model": "T46S", "password": "admin123",
            "language": "ENGLISH", "transfer": "BLIND", "timezone": "UTC+08:00", "rps": true, "codecs": ["PCMU", "G722"],
            "enable_vlan_wan_port": true, "wan_port_id": 100, "wan_port_priority": 5, "interface": "PUBLIC_IPV4",
            "preferred_transport": "TLS", "door_password1": "1234"
        })
    );
    assert!(
        requests[1..]
            .iter()
            .all(|r| auth_header(r).as_deref() == Some("Bearer access-1"))
    );
}

#[tokio::test]
async fn a_401_refreshes_the_token_once_and_retries_the_call() {
    let server = MockServer::start().await;
    let c = signed_in(&server).await;
    Mock::given(method("GET"))
        .and(path("/api/users/u1/phones/p1"))
        .and(header("authorization", "Bearer access-1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"errors": [{"code": "UNAUTHORIZED", "message": "token expired"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/auth/refresh_token"))
        .and(body_json(json!({"refresh_token": "refresh-1"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "access-2", "refresh_token": "refresh-2", "expires_in": 1800}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/users/u1/phones/p1"))
        .and(header("authorization", "Bearer access-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "p1"})))
        .expect(1)
        .mount(&server)
        .await;
    let phone = c.phones().show_user_phone("u1", "p1").await.unwrap();
    assert_eq!(phone.id.as_deref(), Some("p1"));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        auth_header(&requests[2]),
        None,
        "the refresh call carries no access token"
    );
}

#[tokio::test]
async fn an_expired_refresh_token_is_a_clear_authentication_error() {
    let server = MockServer::start().await;
    let c = signed_in(&server).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/auth/refresh_token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"errors": [{"code": "UNAUTHORIZED", "message": "refresh token expired"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let err = c.phones().list_user_phones("u1").await.unwrap_err();
    match &err {
        Error::Auth {
            operation,
            status,
            message,
        } => {
            assert_eq!(*operation, "listUserPhones");
            assert_eq!(*status, Some(401));
            assert!(message.contains("refresh token expired"), "{message}");
        }
        other => panic!("expected an authentication error, got {other:?}"),
    }
    assert!(err.to_string().contains("sign in again"));
}

#[tokio::test]
async fn a_call_without_credentials_or_sign_in_is_not_sent() {
    let server = MockServer::start().await;
    let err = client(&server)
        .phones()
        .list_user_phones("u1")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Credentials { needed, .. } if needed.contains("`.bearer_token(…)`")),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn portsip_error_bodies_are_parsed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"errors": [{"code": "NOT_FOUND", "message": "phone not found", "detail": {"id": "p1"}}]})))
        .mount(&server)
        .await;
    let address = server.address();
    let client = Client::builder()
        .protocol("http")
        .hostname(address.ip())
        .port(address.port())
        .bearer_token("t")
        .build()
        .unwrap();
    let err = client
        .phones()
        .show_user_phone("u1", "p1")
        .await
        .unwrap_err();
    let Error::Api(api) = err else {
        panic!("expected an API error, got {err:?}")
    };
    match api.model {
        Some(ErrorModel::ErrorResponse(body)) => {
            assert_eq!(body.errors[0].code, "NOT_FOUND");
            assert_eq!(body.errors[0].detail, Nullable::Value(json!({"id": "p1"})));
        }
        other => panic!("expected the PortSIP error body, got {other:?}"),
    }
}

#[tokio::test]
async fn vlan_and_door_password_constraints_are_checked_before_sending() {
    let server = MockServer::start().await;
    let c = client(&server);
    let body = create_body()
        .with_wan_vlan_id(4095)
        .with_pc_vlan_priority(8)
        .with_door_password1("12ab");
    match c.phones().create_user_phone("u1", body).await {
        Err(Error::Validation { problems, .. }) => assert_eq!(
            problems,
            [
                "`body.wan_port_id` is 4095, allowed: 1 to 4094",
                "`body.pc_port_priority` is 8, allowed: 0 to 7",
                "`body.door_password1` is \"12ab\", which does not match `^[0-9]+$`",
            ]
        ),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn the_base_url_comes_from_the_server_variables() {
    let c = Client::builder()
        .hostname("pbx.example.com")
        .build()
        .unwrap();
    assert_eq!(c.base_url(), "https://pbx.example.com:8887/api");
    let err = Client::builder().protocol("ftp").build().unwrap_err();
    assert!(
        err.to_string()
            .contains("server variable `protocol` is `ftp`"),
        "{err}"
    );
}
