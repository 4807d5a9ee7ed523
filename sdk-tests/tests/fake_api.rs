//! A user's unit tests of their own code, written against the SDK's fake API
//! (`test-util` feature) exactly as the README shows: a JSON method, an error
//! answer and a paginated stream. The client's base URL is a closed port on
//! 127.0.0.1, so any request that left the process would fail the test.

use futures_util::StreamExt;
use ringcentral::test_util::{FakeApi, Reply};
use serde_json::json;

/// A port nothing listens on: reaching the network would be a connection error.
const NOWHERE: &str = "http://127.0.0.1:9";

fn client(fake: &FakeApi) -> ringcentral::Client {
    ringcentral::Client::builder()
        .base_url(NOWHERE)
        .transport(fake.clone())
        .bearer_token("t0ken")
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_json_method_answers_with_the_fakes_model_and_the_request_is_recorded() {
    let fake = FakeApi::new();
    let device = ringcentral::models::DeviceResource::new()
        .with_id("800")
        .with_name("Desk");
    fake.on_operation("readDevice", Reply::json(200, &device));

    let read = client(&fake)
        .devices()
        .read_device("~", "800")
        .sync_emergency_address(true)
        .await
        .unwrap();
    assert_eq!(read, device);

    let sent = fake.requests_of("readDevice");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method.as_str(), "GET");
    assert_eq!(sent[0].path(), "/restapi/v1.0/account/~/device/800");
    assert!(
        sent[0].url.ends_with("?syncEmergencyAddress=true"),
        "{}",
        sent[0].url
    );
    assert_eq!(sent[0].header("accept"), Some("application/json"));
    assert_eq!(
        sent[0].header("authorization"),
        None,
        "credentials are not recorded"
    );
}

#[tokio::test]
async fn an_error_answer_is_an_api_error_with_the_declared_model() {
    let fake = FakeApi::new();
    let body = json!({"errors": [{"errorCode": "InvalidParameter", "message": "Too many", "parameterName": "quantity"}]});
    fake.on_operation(
        "addDeviceToInventory",
        Reply::json(400, &body).header("x-request-id", "r-1"),
    );

    let request = ringcentral::models::AddDeviceToInventoryRequest::new(
        ringcentral::models::AddDeviceToInventoryRequestType::OtherPhone,
        5,
    );
    match client(&fake)
        .devices()
        .add_device_to_inventory("~", request)
        .await
    {
        Err(ringcentral::Error::Api(e)) => {
            assert_eq!(e.status, 400);
            assert_eq!(e.headers["x-request-id"], "r-1");
            assert!(
                matches!(
                    e.model,
                    Some(ringcentral::ErrorModel::ParameterizedErrorResponseModel(_))
                ),
                "{:?}",
                e.model
            );
        }
        other => panic!("expected the 409 as an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_paginated_stream_takes_the_fakes_pages_in_order() {
    let fake = FakeApi::new();
    for page in 1..=3 {
        let next = if page < 3 {
            json!({"nextPage": {"uri": format!("https://platform.ringcentral.com/next?page={}", page + 1)}})
        } else {
            json!({})
        };
        let records: Vec<_> = (0..2)
            .map(|i| json!({"id": format!("{page}-{i}")}))
            .collect();
        fake.on_operation("listExtensionDevices", Reply::json(200, &json!({"records": records, "navigation": next, "paging": {"page": page, "perPage": 2}})));
    }

    let c = client(&fake);
    let ids: Vec<String> = c
        .devices()
        .list_extension_devices("~", "~")
        .per_page(2)
        .stream()
        .map(|d| d.unwrap().id.unwrap())
        .collect()
        .await;
    assert_eq!(ids, ["1-0", "1-1", "2-0", "2-1", "3-0", "3-1"]);

    let pages: Vec<String> = fake
        .requests_of("listExtensionDevices")
        .iter()
        .map(|r| {
            r.url
                .split_once('?')
                .map(|(_, q)| q.to_owned())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        pages,
        ["page=1&perPage=2", "page=2&perPage=2", "page=3&perPage=2"]
    );
}

#[tokio::test]
async fn validation_runs_before_the_fake_so_nothing_is_recorded() {
    let fake = FakeApi::new();
    let result = client(&fake)
        .devices()
        .list_extension_devices("~", "~")
        .per_page(1001)
        .await;
    assert!(
        matches!(result, Err(ringcentral::Error::Validation { .. })),
        "{result:?}"
    );
    assert!(fake.requests().is_empty());
}
