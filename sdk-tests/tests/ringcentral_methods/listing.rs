//! The device lists of an extension and its Web Phone devices.

use ringcentral::models::*;
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

use crate::support::*;

#[tokio::test]
async fn list_extension_devices() {
    let server = MockServer::start().await;
    // 200, GetExtensionDevicesResponse: records, navigation and paging required; paging uses the
    // EnumeratedPagingModel examples (perPage 50, page 5, pageStart 0, pageEnd 5, totalPages 25,
    // totalElements 25), so the request asks for page 5 of 50.
    let mut soft_phone = json!({
        "id": "802636634016",
        "uri": "https://platform.ringcentral.com/restapi/v1.0/account/37439510/device/802636634016",
        "sku": "DV-1",
        "type": "SoftPhone",
        "name": "RingCentral Phone",
        "serial": "8b3ad2e0-1c57-4a0e-9d0c-2c3f4f1e0a11",
        "computerName": "JSMITH-LAPTOP",
        "status": "Offline",
        "linePooling": "Guest",
        "extension": {"id": 37439510_i64, "extensionNumber": "101"}
    });
    soft_phone["site"] = json!({"id": "main-site", "name": "Main Site"});
    answer_once(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({
            "uri": "https://platform.ringcentral.com/restapi/v1.0/account/37439510/extension/37439510/device?page=5&perPage=50",
            "records": [hard_phone_example(), soft_phone],
            "navigation": {
                "firstPage": {"uri": "https://platform.ringcentral.com/restapi/v1.0/account/37439510/extension/37439510/device?page=1&perPage=50"},
                "nextPage": {"uri": "https://platform.ringcentral.com/restapi/v1.0/account/37439510/extension/37439510/device?page=6&perPage=50"},
                "previousPage": {"uri": "https://platform.ringcentral.com/restapi/v1.0/account/37439510/extension/37439510/device?page=4&perPage=50"},
                "lastPage": {"uri": "https://platform.ringcentral.com/restapi/v1.0/account/37439510/extension/37439510/device?page=25&perPage=50"}
            },
            "paging": {"perPage": 50, "page": 5, "pageStart": 0, "pageEnd": 5, "totalPages": 25, "totalElements": 25}
        })),
    )
    .await;

    // Setters called in an order different from the spec's: the query must still follow the spec
    // (page, perPage, linePooling, feature, type, lineType), with arrays as repeated keys.
    let page = client(&server)
        .await
        .devices()
        .list_extension_devices("~", "~")
        .line_type(vec![
            PhoneLineTypeEnum::Standalone,
            PhoneLineTypeEnum::BlaPrimary,
        ])
        .type_(vec![
            ListExtensionDevicesType::HardPhone,
            ListExtensionDevicesType::SoftPhone,
            ListExtensionDevicesType::WebRtc,
        ])
        .feature(vec![DeviceFeatureEnum::Bla, DeviceFeatureEnum::CommonPhone])
        .line_pooling(LinePooling::Host)
        .per_page(50)
        .page(5)
        .await
        .unwrap();

    let r = the_request(&server).await;
    assert_request(
        &r,
        "GET",
        "/restapi/v1.0/account/~/extension/~/device?page=5&perPage=50&linePooling=Host&feature=BLA&feature=CommonPhone\
         &type=HardPhone&type=SoftPhone&type=WebRTC&lineType=Standalone&lineType=BlaPrimary",
        None,
    );
    assert_eq!(page.records.len(), 2);
    assert_eq!(page.records[0].id.as_deref(), Some("800987654004"));
    assert_eq!(page.records[0].type_, Some(DeviceResourceType::HardPhone));
    assert_eq!(page.records[1].id.as_deref(), Some("802636634016"));
    assert_eq!(page.records[1].type_, Some(DeviceResourceType::SoftPhone));
    assert_eq!(
        page.records[1].computer_name.as_deref(),
        Some("JSMITH-LAPTOP")
    );
    assert_eq!(page.records[1].status, Some(DeviceResourceStatus::Offline));
    assert_eq!(page.records[1].line_pooling, Some(LinePoolingEnum::Guest));
    assert_eq!(page.paging.per_page, 50);
    assert_eq!(page.paging.page, Some(5));
    assert_eq!(page.paging.page_start, Some(0));
    assert_eq!(page.paging.page_end, Some(5));
    assert_eq!(page.paging.total_pages, Some(25));
    assert_eq!(page.paging.total_elements, Some(25));
    assert_eq!(
        page.navigation
            .next_page
            .as_ref()
            .and_then(|p| p.uri.as_deref()),
        Some(
            "https://platform.ringcentral.com/restapi/v1.0/account/37439510/extension/37439510/device?page=6&perPage=50"
        )
    );
    assert_eq!(
        page.uri.as_deref(),
        Some(
            "https://platform.ringcentral.com/restapi/v1.0/account/37439510/extension/37439510/device?page=5&perPage=50"
        )
    );
}

#[tokio::test]
async fn list_web_app_devices() {
    let server = MockServer::start().await;
    // 200, WebAppDevicesResponse (rc-platform.openapi.yaml): WebAppDeviceRecord requires id, type
    // (always "WebPhone") and status; expiresIn only while registered.
    answer_once(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({
            "records": [
                {
                    "id": "805170960016",
                    "type": "WebPhone",
                    "name": "RingCentral App (Web)",
                    "serial": "2f6a8c1e-3b5d-4e7f-9a0b-1c2d3e4f5a6b",
                    "status": "Online",
                    "expiresIn": 3588
                },
                {"id": "805170961016", "type": "WebPhone", "name": "RingCentral App (Web)", "status": "Offline"}
            ]
        })),
    )
    .await;

    let devices = client(&server)
        .await
        .devices()
        .list_web_app_devices("~", "~")
        .await
        .unwrap();

    let r = the_request(&server).await;
    assert_request(
        &r,
        "GET",
        "/restapi/v1.0/account/~/extension/~/webapp-devices",
        None,
    );
    let records = devices.records.as_ref().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].id, "805170960016");
    assert_eq!(records[0].type_, WebAppDeviceRecordType::WebPhone);
    assert_eq!(records[0].status, WebAppDeviceRecordStatus::Online);
    assert_eq!(records[0].expires_in, Some(3588));
    assert_eq!(
        records[0].serial.as_deref(),
        Some("2f6a8c1e-3b5d-4e7f-9a0b-1c2d3e4f5a6b")
    );
    assert_eq!(records[1].id, "805170961016");
    assert_eq!(records[1].status, WebAppDeviceRecordStatus::Offline);
    assert_eq!(records[1].expires_in, None);
}
