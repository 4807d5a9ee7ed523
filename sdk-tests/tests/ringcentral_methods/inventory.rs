//! Adding, deleting, swapping devices and removing their lines.

use ringcentral::models::*;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

#[tokio::test]
async fn add_device_to_inventory() {
    let server = MockServer::start().await;
    // 201 Created, AddDeviceToInventoryResponse: `devices[].id` and `site` {id, name} are required.
    answer_once(
        &server,
        ResponseTemplate::new(201).set_body_json(json!({
            "devices": [{"id": "804207004"}, {"id": "804208004"}],
            "site": {"id": "main-site", "name": "Main Site"}
        })),
    )
    .await;

    let body = AddDeviceToInventoryRequest::new(AddDeviceToInventoryRequestType::OtherPhone, 2)
        .with_site(AddDeviceToInventoryRequestSite::new().with_id("main-site"));
    let created = client(&server)
        .await
        .devices()
        .add_device_to_inventory("~", body)
        .await
        .unwrap();

    let r = the_request(&server).await;
    assert_request(
        &r,
        "POST",
        "/restapi/v2/accounts/~/device-inventory",
        Some(json!({"type": "OtherPhone", "quantity": 2, "site": {"id": "main-site"}})),
    );
    let ids: Vec<&str> = created.devices.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["804207004", "804208004"]);
    assert_eq!(created.site.id, "main-site");
    assert_eq!(created.site.name, "Main Site");
}

#[tokio::test]
async fn delete_device_from_inventory() {
    let server = MockServer::start().await;
    // 200, DeleteDeviceFromInventoryResponse; the failed item carries `bulkItemErrors` of ApiError (example XXX-123).
    answer_once(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({
            "records": [
                {"bulkItemSuccessful": true, "deviceId": "804207004"},
                {
                    "bulkItemSuccessful": false,
                    "deviceId": "804208004",
                    "bulkItemErrors": [{"errorCode": "XXX-123", "message": "Something went wrong"}]
                }
            ]
        })),
    )
    .await;

    let body = DeleteDeviceFromInventoryRequest::new(vec![
        DeleteDeviceFromInventoryRequestRecordsItem::new().with_device_id("804207004"),
        DeleteDeviceFromInventoryRequestRecordsItem::new().with_device_id("804208004"),
    ]);
    let deleted = client(&server)
        .await
        .devices()
        .delete_device_from_inventory("~", body)
        .await
        .unwrap();

    let r = the_request(&server).await;
    assert_request(
        &r,
        "DELETE",
        "/restapi/v2/accounts/~/device-inventory",
        Some(json!({"records": [{"deviceId": "804207004"}, {"deviceId": "804208004"}]})),
    );
    assert_eq!(deleted.records.len(), 2);
    assert_eq!(deleted.records[0].bulk_item_successful, Some(true));
    assert_eq!(deleted.records[0].device_id.as_deref(), Some("804207004"));
    assert_eq!(deleted.records[0].bulk_item_errors, None);
    assert_eq!(deleted.records[1].bulk_item_successful, Some(false));
    assert_eq!(deleted.records[1].device_id.as_deref(), Some("804208004"));
    let errors = deleted.records[1].bulk_item_errors.as_ref().unwrap();
    assert_eq!(errors[0].error_code, "XXX-123");
    assert_eq!(errors[0].message, "Something went wrong");
}

#[tokio::test]
async fn remove_line_jws_public() {
    let server = MockServer::start().await;
    // keepAssetsInInventory = true: 200 with RemoveLineResponse (id, type, name required; examples
    // "My Device N1" and "ff:ff:ff:ff:ff:ff").
    Mock::given(method("DELETE"))
        .and(path("/restapi/v2/accounts/~/devices/65462346462"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "65462346462", "type": "HardPhone", "name": "My Device N1", "serial": "ff:ff:ff:ff:ff:ff"
        })))
        .expect(1)
        .mount(&server)
        .await;
    // keepAssetsInInventory = false: 204 without a body.
    Mock::given(method("DELETE"))
        .and(path("/restapi/v2/accounts/~/devices/65462346463"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server).await;

    let kept = c
        .devices()
        .remove_line_jws_public("~", "65462346462")
        .body(RemoveLineRequest::new(true))
        .await
        .unwrap()
        .expect("200 carries the removed device");
    let removed = c
        .devices()
        .remove_line_jws_public("~", "65462346463")
        .body(RemoveLineRequest::new(false))
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_request(
        &requests[0],
        "DELETE",
        "/restapi/v2/accounts/~/devices/65462346462",
        Some(json!({"keepAssetsInInventory": true})),
    );
    assert_request(
        &requests[1],
        "DELETE",
        "/restapi/v2/accounts/~/devices/65462346463",
        Some(json!({"keepAssetsInInventory": false})),
    );
    assert_eq!(kept.id, "65462346462");
    assert_eq!(kept.type_, RemoveLineResponseType::HardPhone);
    assert_eq!(kept.name, "My Device N1");
    assert_eq!(kept.serial.as_deref(), Some("ff:ff:ff:ff:ff:ff"));
    assert_eq!(removed, None, "204 has no body");
}

#[tokio::test]
async fn bulk_add_devices_v2() {
    let server = MockServer::start().await;
    // 200, BulkAddDevicesResponse: `results[]` is oneOf success item (example id "787878",
    // extension "12345", phoneNumber "+16501234567") and error item (ApiErrorWithParameter).
    answer_once(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({
            "results": [
                {"successful": true, "id": "787878", "extension": {"id": "12345"}, "phoneNumber": "+16501234567"},
                {
                    "successful": false,
                    "errors": [{
                        "errorCode": "XXX-123",
                        "message": "Something went wrong",
                        "parameterName": "records[1].phoneInfo.reservationId",
                        "parameterValue": "5db2c2b6-1f2e-4b4e-a1c0-6c1f0e5b7d21"
                    }]
                },
                {"successful": true, "id": "787879", "extension": {"id": "12347"}, "phoneNumber": "+16502223333"}
            ]
        })),
    )
    .await;

    let location = || {
        DeviceDefinitionEmergency::Location(DeviceDefinitionEmergencyByLocation::new(
            DeviceDefinitionEmergencyLocation::new("1198386011"),
        ))
    };
    let address = PostalAddress::new("20 Davis Dr", "Belmont", "94002", "US")
        .with_street2("Suite 100")
        .with_state("CA");
    let body = BulkAddDevicesRequest::new(vec![
        BulkAddDevicesItem::new(
            DeviceDefinitionType::OtherPhone,
            location(),
            DeviceDefinitionPhoneInfo::PreferredAreaCode(
                PhoneNumberDefinitionPreferredAreaCode::new("650")
                    .with_toll_type(PhoneNumberTollType::Toll)
                    .with_type(PhoneNumberType::VoiceFax),
            ),
            BulkOperationExtensionReference::new("12345"),
        )
        .with_contact_center_phone_line(false)
        .with_cost_center_id("224149"),
        BulkAddDevicesItem::new(
            DeviceDefinitionType::WebRtc,
            DeviceDefinitionEmergency::Address(
                DeviceDefinitionEmergencyByAddress::new().with_address(address),
            ),
            DeviceDefinitionPhoneInfo::DirectNumberWithReservationId(
                PhoneNumberDefinitionDirectNumberWithReservationId::new("+16501234568")
                    .with_reservation_id("5db2c2b6-1f2e-4b4e-a1c0-6c1f0e5b7d21"),
            ),
            BulkOperationExtensionReference::new("12346"),
        )
        .with_contact_center_phone_line(true),
        BulkAddDevicesItem::new(
            DeviceDefinitionType::OtherPhone,
            location(),
            DeviceDefinitionPhoneInfo::NumberId(PhoneNumberDefinitionNumberId::new("1162820004")),
            BulkOperationExtensionReference::new("12347"),
        ),
    ]);
    let added = client(&server)
        .await
        .devices()
        .bulk_add_devices_v2("~", body)
        .await
        .unwrap();

    let r = the_request(&server).await;
    assert_request(
        &r,
        "POST",
        "/restapi/v2/accounts/~/devices/bulk-add",
        Some(json!({"records": [
            {
                "type": "OtherPhone",
                "emergency": {"location": {"id": "1198386011"}},
                "phoneInfo": {"preferredAreaCode": "650", "tollType": "Toll", "type": "VoiceFax"},
                "contactCenterPhoneLine": false,
                "costCenterId": "224149",
                "extension": {"id": "12345"}
            },
            {
                "type": "WebRTC",
                "emergency": {"address": {
                    "street": "20 Davis Dr", "street2": "Suite 100", "city": "Belmont",
                    "state": "CA", "zip": "94002", "country": "US"
                }},
                "phoneInfo": {"phoneNumber": "+16501234568", "reservationId": "5db2c2b6-1f2e-4b4e-a1c0-6c1f0e5b7d21"},
                "contactCenterPhoneLine": true,
                "extension": {"id": "12346"}
            },
            {
                "type": "OtherPhone",
                "emergency": {"location": {"id": "1198386011"}},
                "phoneInfo": {"phoneNumberId": "1162820004"},
                "extension": {"id": "12347"}
            }
        ]})),
    );
    assert_eq!(added.results.len(), 3);
    match &added.results[0] {
        BulkAddDevicesResponseResultsItem::SuccessItem(ok) => {
            assert!(ok.successful);
            assert_eq!(ok.id, "787878");
            assert_eq!(ok.extension.id, "12345");
            assert_eq!(ok.phone_number, "+16501234567");
        }
        other => panic!("expected a success item, got {other:?}"),
    }
    match &added.results[1] {
        BulkAddDevicesResponseResultsItem::ErrorItem(failed) => {
            assert!(!failed.successful);
            assert_eq!(failed.errors[0].error_code, "XXX-123");
            assert_eq!(failed.errors[0].message, "Something went wrong");
            assert_eq!(
                failed.errors[0].parameter_name.as_deref(),
                Some("records[1].phoneInfo.reservationId")
            );
            assert_eq!(
                failed.errors[0].parameter_value.as_deref(),
                Some("5db2c2b6-1f2e-4b4e-a1c0-6c1f0e5b7d21")
            );
        }
        other => panic!("expected an error item, got {other:?}"),
    }
    match &added.results[2] {
        BulkAddDevicesResponseResultsItem::SuccessItem(ok) => {
            assert_eq!(ok.id, "787879");
            assert_eq!(ok.extension.id, "12347");
            assert_eq!(ok.phone_number, "+16502223333");
        }
        other => panic!("expected a success item, got {other:?}"),
    }
}

#[tokio::test]
async fn replace_devices_jws_public() {
    let server = MockServer::start().await;
    // 204 No content.
    answer_once(&server, ResponseTemplate::new(204)).await;

    let body = SwapDeviceRequest::new().with_target_device_id("8459879873");
    let result: () = client(&server)
        .await
        .devices()
        .replace_devices_jws_public("~", "~", "65462346462", body)
        .await
        .unwrap();

    let r = the_request(&server).await;
    assert_request(
        &r,
        "POST",
        "/restapi/v2/accounts/~/extensions/~/devices/65462346462/replace",
        Some(json!({"targetDeviceId": "8459879873"})),
    );
    assert_eq!(result, ());
}
