//! The RingCentral SDK over real HTTP against a wiremock server on 127.0.0.1.

use ringcentral::models::*;
use ringcentral::{Client, Error, ErrorModel};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("secret-token")
        .build()
        .unwrap()
}

fn raw_path_and_query(r: &Request) -> String {
    match r.url.query() {
        Some(q) => format!("{}?{q}", r.url.path()),
        None => r.url.path().to_owned(),
    }
}

#[tokio::test]
async fn read_device_sends_bearer_token_path_and_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/restapi/v1.0/account/~/device/800"))
        .and(query_param("syncEmergencyAddress", "true"))
        .and(header("authorization", "Bearer secret-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "800", "type": "HardPhone", "status": "Online", "boxBillingId": 5_000_000_000_i64,
            "lastLocationReportTime": "2016-03-10T18:07:52.534Z", "somethingNew": 1
        })))
        .expect(1)
        .mount(&server)
        .await;
    let device = client(&server)
        .await
        .devices()
        .read_device("~", "800")
        .sync_emergency_address(true)
        .await
        .unwrap();
    assert_eq!(device.id.as_deref(), Some("800"));
    assert_eq!(device.type_, Some(DeviceResourceType::HardPhone));
    assert_eq!(device.box_billing_id, Some(5_000_000_000));
}

#[tokio::test]
async fn list_extension_devices_repeats_array_query_keys() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "records": [], "paging": {"page": 2, "perPage": 100}, "navigation": {},
            "uri": "https://platform.ringcentral.com/restapi/v1.0/account/1/extension/2/device"
        })))
        .mount(&server)
        .await;
    client(&server)
        .await
        .devices()
        .list_extension_devices("~", "~")
        .page(2)
        .per_page(100)
        .type_(vec![
            ListExtensionDevicesType::HardPhone,
            ListExtensionDevicesType::UnknownValue("Future".into()),
        ])
        .line_pooling(LinePooling::Host)
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        raw_path_and_query(&requests[0]),
        "/restapi/v1.0/account/~/extension/~/device?page=2&perPage=100&linePooling=Host&type=HardPhone&type=Future"
    );
}

#[tokio::test]
async fn path_parameters_stay_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let c = client(&server).await;
    for id in ["a/../b", "x?y#z", "%2F", "ü"] {
        c.devices().read_device("~", id).await.unwrap();
    }
    let paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(raw_path_and_query)
        .collect();
    assert_eq!(
        paths,
        [
            "/restapi/v1.0/account/~/device/a%2F..%2Fb",
            "/restapi/v1.0/account/~/device/x%3Fy%23z",
            "/restapi/v1.0/account/~/device/%252F",
            "/restapi/v1.0/account/~/device/%C3%BC",
        ]
    );
    match c.devices().read_device("~", "").await {
        Err(Error::Validation { problems, .. }) => {
            assert_eq!(problems, ["path parameter `deviceId` is empty"])
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        4,
        "an invalid call must send nothing"
    );
}

#[tokio::test]
async fn remove_line_returns_some_on_200_and_none_on_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/restapi/v2/accounts/~/devices/1"))
        .and(body_json(json!({"keepAssetsInInventory": true})))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "1", "type": "HardPhone", "name": "Polycom VVX 450"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/restapi/v2/accounts/~/devices/2"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let c = client(&server).await;
    let kept = c
        .devices()
        .remove_line_jws_public("~", "1")
        .body(RemoveLineRequest::new(true))
        .await
        .unwrap();
    assert!(kept.is_some());
    let removed = c.devices().remove_line_jws_public("~", "2").await.unwrap();
    assert!(removed.is_none());
    let requests = server.received_requests().await.unwrap();
    assert!(
        requests[1].body.is_empty(),
        "an absent optional body is not sent"
    );
}

#[tokio::test]
async fn replace_devices_returns_unit_on_204() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(
            "/restapi/v2/accounts/~/extensions/~/devices/7/replace",
        ))
        .and(body_json(json!({"targetDeviceId": "8459879873"})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let body = SwapDeviceRequest::new().with_target_device_id("8459879873");
    client(&server)
        .await
        .devices()
        .replace_devices_jws_public("~", "~", "7", body)
        .await
        .unwrap();
}

#[tokio::test]
async fn declared_error_bodies_are_parsed() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({
            "errors": [{"errorCode": "CMN-102", "message": "Conflict", "parameterName": "name"}]
        })))
        .mount(&server)
        .await;
    // update_device declares ParameterizedErrorResponseModel for 409.
    let body = AccountDeviceUpdate::new().with_name("Desk");
    let err = client(&server)
        .await
        .devices()
        .update_device("~", "9", body)
        .await
        .unwrap_err();
    let Error::Api(api) = err else {
        panic!("expected an API error, got {err:?}")
    };
    assert_eq!(api.status, 409);
    assert!(api.body.contains("CMN-102"));
    match api.model {
        Some(ErrorModel::ParameterizedErrorResponseModel(m)) => {
            assert_eq!(m.errors[0].error_code, "CMN-102");
            assert_eq!(m.errors[0].parameter_name.as_deref(), Some("name"));
        }
        other => panic!("expected the declared error model, got {other:?}"),
    }
}

#[tokio::test]
async fn undecodable_success_bodies_name_the_bad_field() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"boxBillingId": "not a number"})),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .await
        .devices()
        .read_device("~", "9")
        .await
        .unwrap_err();
    let Error::Decode(d) = err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(d.path, "boxBillingId");
    assert!(d.body.contains("not a number"));
}

#[tokio::test]
async fn decode_errors_deep_in_a_page_name_the_path_and_keep_the_message() {
    let server = MockServer::start().await;
    let body = json!({
        "records": [{"id": "1", "boxBillingId": 1}, {"id": "2", "model": {"name": "VVX"}, "boxBillingId": [5]}],
        "navigation": {}, "paging": {"perPage": 2}
    });
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let err = client(&server)
        .await
        .devices()
        .list_extension_devices("~", "~")
        .await
        .unwrap_err();
    let Error::Decode(d) = err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(d.path, "records[1].boxBillingId");
    assert!(
        d.message
            .starts_with("invalid type: sequence, expected i64"),
        "{}",
        d.message
    );
    assert!(
        !d.message.contains(" at line "),
        "the path replaces serde_json's position: {}",
        d.message
    );
}

#[test]
fn the_token_never_shows_in_debug_output() {
    let c = Client::new("super-secret").unwrap();
    assert!(!format!("{c:?}").contains("super-secret"));
}

#[tokio::test]
async fn broken_constraints_fail_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let c = client(&server).await;

    let body = AddDeviceToInventoryRequest::new(AddDeviceToInventoryRequestType::OtherPhone, 51);
    match c.devices().add_device_to_inventory("~", body).await {
        Err(Error::Validation {
            operation,
            problems,
        }) => {
            assert_eq!(operation, "addDeviceToInventory");
            assert_eq!(problems, ["`body.quantity` is 51, allowed: 1 to 50"]);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }

    let records = (0..11)
        .map(|i| DeleteDeviceFromInventoryRequestRecordsItem::new().with_device_id(i.to_string()))
        .collect();
    match c
        .devices()
        .delete_device_from_inventory("~", DeleteDeviceFromInventoryRequest::new(records))
        .await
    {
        Err(Error::Validation { problems, .. }) => assert_eq!(
            problems,
            ["`body.records` has 11 items, allowed: at most 10 items"]
        ),
        other => panic!("expected a validation error, got {other:?}"),
    }

    match c
        .devices()
        .list_extension_devices("~", "~")
        .page(0)
        .per_page(1001)
        .await
    {
        Err(Error::Validation { problems, .. }) => assert_eq!(
            problems,
            [
                "`query.page` is 0, allowed: 1 to 1000",
                "`query.perPage` is 1001, allowed: 1 to 1000"
            ]
        ),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing may be sent"
    );
}

#[tokio::test]
async fn responses_are_not_held_to_request_constraints() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"devices": [], "site": {"id": "1", "name": "Main"}})),
        )
        .mount(&server)
        .await;
    let body = AddDeviceToInventoryRequest::new(AddDeviceToInventoryRequestType::OtherPhone, 50);
    client(&server)
        .await
        .devices()
        .add_device_to_inventory("~", body)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_stream_walks_every_page_lazily() {
    use futures_util::StreamExt;
    use wiremock::matchers::query_param;

    let server = MockServer::start().await;
    for page in 1..=3 {
        let next = if page < 3 {
            json!({"nextPage": {"uri": format!("https://platform.ringcentral.com/next?page={}", page + 1)}})
        } else {
            json!({})
        };
        let records: Vec<_> = (0..2)
            .map(|i| json!({"id": format!("{page}-{i}")}))
            .collect();
        Mock::given(method("GET"))
            .and(path("/restapi/v1.0/account/~/extension/~/device"))
            .and(query_param("page", page.to_string()))
            .and(query_param("perPage", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "records": records, "navigation": next, "paging": {"page": page, "perPage": 2, "totalPages": 3}, "uri": "u"
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let c = client(&server).await;
    let stream = c
        .devices()
        .list_extension_devices("~", "~")
        .per_page(2)
        .stream();
    let mut stream = std::pin::pin!(stream);
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.id.as_deref(), Some("1-0"));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "later pages are fetched only when needed"
    );
    let mut ids = vec![first.id.unwrap()];
    while let Some(device) = stream.next().await {
        ids.push(device.unwrap().id.unwrap());
    }
    assert_eq!(ids, ["1-0", "1-1", "2-0", "2-1", "3-0", "3-1"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}
