//! Every method of `client.devices()`, called once with every parameter set
//! (all optional query parameters and optional bodies too), against a wiremock
//! server on 127.0.0.1.
//!
//! Each test checks what went over the wire (HTTP method, the raw path and
//! query exactly as sent, the bearer token and the exact JSON body) and what
//! came back: the mock answers with the status the reference spec declares
//! (`/work/shared/reference/ringcentral/devices-subset.openapi.yaml`, and
//! `rc-platform.openapi.yaml` for `listWebAppDevices`) and a body built from
//! the `example` values of the response schemas; where a schema has no
//! example the values are realistic ones of the same shape.

use ringcentral::models::*;
use ringcentral::Client;
use serde_json::{json, Value};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "U0pDMTFQMDFQQVMwMHxBQUJfTU5rRzJqMzZqcE5y";

async fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).bearer_token(TOKEN).build().unwrap()
}

/// Answers every request with `response`, and expects exactly one request.
async fn answer_once(server: &MockServer, response: ResponseTemplate) {
    Mock::given(any()).respond_with(response).expect(1).mount(server).await;
}

fn raw_path_and_query(r: &Request) -> String {
    match r.url.query() {
        Some(q) => format!("{}?{q}", r.url.path()),
        None => r.url.path().to_owned(),
    }
}

fn header<'r>(r: &'r Request, name: &str) -> Option<&'r str> {
    r.headers.get(name).map(|v| v.to_str().unwrap())
}

/// The one request the server received.
async fn the_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request must be sent");
    requests.remove(0)
}

/// Checks method, raw path and query, the bearer token and the body
/// (`None`: no body at all; `Some`: exactly this JSON, sent as JSON).
#[track_caller]
fn assert_request(r: &Request, expected_method: &str, expected_path_and_query: &str, expected_body: Option<Value>) {
    assert_eq!(r.method.as_str(), expected_method, "HTTP method");
    assert_eq!(raw_path_and_query(r), expected_path_and_query, "raw path and query");
    assert_eq!(header(r, "authorization"), Some(format!("Bearer {TOKEN}").as_str()), "Authorization header");
    match expected_body {
        Some(expected) => {
            assert_eq!(header(r, "content-type"), Some("application/json"), "Content-Type of a JSON body");
            let sent: Value = serde_json::from_slice(&r.body).expect("the body must be JSON");
            assert_eq!(sent, expected, "JSON body");
        }
        None => assert!(r.body.is_empty(), "no body may be sent, got {:?}", String::from_utf8_lossy(&r.body)),
    }
}

/// A `DeviceResource` of a provisioned desk phone, as `GET/PUT .../device/{deviceId}` return it.
/// Field values follow the spec's examples and descriptions (e.g. `HP-56-2-2`,
/// `2016-03-10T18:07:52.534Z`, `20 Davis Dr, Belmont, CA 94002, US`, `+16501234567`, `Shipped`).
fn hard_phone_example() -> Value {
    json!({
        "id": "800987654004",
        "uri": "https://platform.ringcentral.com/restapi/v1.0/account/37439510/device/800987654004",
        "sku": "HP-56-2-2",
        "type": "HardPhone",
        "name": "Polycom VVX 450",
        "serial": "0004F2E7A1B2",
        "status": "Online",
        "model": {
            "id": "56",
            "name": "Polycom VVX 450",
            "addons": [{"id": "2", "name": "Polycom VVX Color Expansion Module", "count": 2}],
            "deviceClass": "Desk",
            "features": ["BLA", "Intercom", "Paging", "HELD"],
            "lineCount": 12
        },
        "extension": {
            "id": 37439510_i64,
            "uri": "https://platform.ringcentral.com/restapi/v1.0/account/37439510/extension/37439510",
            "extensionNumber": "101"
        },
        "emergency": {
            "address": {
                "street": "20 Davis Dr", "city": "Belmont", "state": "CA", "stateIsoCode": "CA",
                "zip": "94002", "country": "United States", "countryIsoCode": "US", "customerName": "John Smith"
            },
            "location": {"id": "1198386011", "name": "Belmont HQ", "addressFormatId": "US", "addressFormatStatus": "Actual", "trusted": false},
            "outOfCountry": false,
            "addressStatus": "Valid",
            "visibility": "Public",
            "syncStatus": "Verified",
            "addressEditableStatus": "MainDevice"
        },
        "emergencyServiceAddress": {
            "street": "20 Davis Dr", "city": "Belmont", "state": "CA", "zip": "94002",
            "country": "United States", "countryIsoCode": "US", "customerName": "John Smith",
            "outOfCountry": false, "lineProvisioningStatus": "Valid", "syncStatus": "Verified"
        },
        "phoneLines": [{
            "id": "60727004",
            "lineType": "Standalone",
            "phoneInfo": {
                "id": 60727004_i64,
                "country": {"id": "1", "uri": "https://platform.ringcentral.com/restapi/v1.0/dictionary/country/1", "name": "United States"},
                "location": "Belmont, CA",
                "paymentType": "Local",
                "phoneNumber": "+16501234567",
                "status": "Normal",
                "type": "VoiceFax",
                "usageType": "DirectNumber"
            },
            "emergencyAddress": {"required": true, "localOnly": false, "lineProvisioningStatus": "Valid"}
        }],
        "shipping": {
            "status": "Shipped",
            "carrier": "UPS",
            "trackingNumber": "1Z999AA10123456784",
            "method": {"id": "1", "name": "Ground"},
            "address": {
                "customerName": "John Smith", "street": "20 Davis Dr", "city": "Belmont", "state": "CA",
                "zip": "94002", "country": "United States", "countryIsoCode": "US"
            }
        },
        "boxBillingId": 5_000_000_017_i64,
        "useAsCommonPhone": false,
        "hotDeskDevice": false,
        "inCompanyNet": true,
        "site": {"id": "main-site", "name": "Main Site"},
        "lastLocationReportTime": "2016-03-10T18:07:52.534Z",
        "linePooling": "Host",
        "automaticVoicemailLogin": false
    })
}

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

    let body = AddDeviceToInventoryRequest::new(AddDeviceToInventoryRequestType::OtherPhone, 2).with_site(AddDeviceToInventoryRequestSite::new().with_id("main-site"));
    let created = client(&server).await.devices().add_device_to_inventory("~", body).await.unwrap();

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
    let deleted = client(&server).await.devices().delete_device_from_inventory("~", body).await.unwrap();

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

    let location = || DeviceDefinitionEmergency::Location(DeviceDefinitionEmergencyByLocation::new(DeviceDefinitionEmergencyLocation::new("1198386011")));
    let address = PostalAddress::new("20 Davis Dr", "Belmont", "94002", "US").with_street2("Suite 100").with_state("CA");
    let body = BulkAddDevicesRequest::new(vec![
        BulkAddDevicesItem::new(
            DeviceDefinitionType::OtherPhone,
            location(),
            DeviceDefinitionPhoneInfo::PreferredAreaCode(
                PhoneNumberDefinitionPreferredAreaCode::new("650").with_toll_type(PhoneNumberTollType::Toll).with_type(PhoneNumberType::VoiceFax),
            ),
            BulkOperationExtensionReference::new("12345"),
        )
        .with_contact_center_phone_line(false)
        .with_cost_center_id("224149"),
        BulkAddDevicesItem::new(
            DeviceDefinitionType::WebRtc,
            DeviceDefinitionEmergency::Address(DeviceDefinitionEmergencyByAddress::new().with_address(address)),
            DeviceDefinitionPhoneInfo::DirectNumberWithReservationId(
                PhoneNumberDefinitionDirectNumberWithReservationId::new("+16501234568").with_reservation_id("5db2c2b6-1f2e-4b4e-a1c0-6c1f0e5b7d21"),
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
    let added = client(&server).await.devices().bulk_add_devices_v2("~", body).await.unwrap();

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
            assert_eq!(failed.errors[0].parameter_name.as_deref(), Some("records[1].phoneInfo.reservationId"));
            assert_eq!(failed.errors[0].parameter_value.as_deref(), Some("5db2c2b6-1f2e-4b4e-a1c0-6c1f0e5b7d21"));
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
    let result: () = client(&server).await.devices().replace_devices_jws_public("~", "~", "65462346462", body).await.unwrap();

    let r = the_request(&server).await;
    assert_request(
        &r,
        "POST",
        "/restapi/v2/accounts/~/extensions/~/devices/65462346462/replace",
        Some(json!({"targetDeviceId": "8459879873"})),
    );
    assert_eq!(result, ());
}

#[tokio::test]
async fn read_device() {
    let server = MockServer::start().await;
    // 200, DeviceResource (no required fields).
    answer_once(&server, ResponseTemplate::new(200).set_body_json(hard_phone_example())).await;

    let device = client(&server).await.devices().read_device("~", "800987654004").sync_emergency_address(true).await.unwrap();

    let r = the_request(&server).await;
    assert_request(&r, "GET", "/restapi/v1.0/account/~/device/800987654004?syncEmergencyAddress=true", None);
    assert_eq!(device.id.as_deref(), Some("800987654004"));
    assert_eq!(device.sku.as_deref(), Some("HP-56-2-2"));
    assert_eq!(device.type_, Some(DeviceResourceType::HardPhone));
    assert_eq!(device.status, Some(DeviceResourceStatus::Online));
    assert_eq!(device.box_billing_id, Some(5_000_000_017));
    assert_eq!(device.line_pooling, Some(LinePoolingEnum::Host));
    assert_eq!(device.last_location_report_time.map(|t| t.to_rfc3339()).as_deref(), Some("2016-03-10T18:07:52.534+00:00"));
    let model = device.model.as_ref().unwrap();
    assert_eq!(
        model.features.as_deref(),
        Some(&[DeviceFeatureEnum::Bla, DeviceFeatureEnum::Intercom, DeviceFeatureEnum::Paging, DeviceFeatureEnum::Held][..])
    );
    assert_eq!(model.line_count, Some(12));
    assert_eq!(device.extension.as_ref().and_then(|e| e.id), Some(37_439_510));
    // syncEmergencyAddress=true: the synchronization result is reported.
    let emergency = device.emergency.as_ref().unwrap();
    assert_eq!(emergency.sync_status, Some(DeviceEmergencyInfoSyncStatus::Verified));
    assert_eq!(emergency.address_status, Some(AddressStatus::Valid));
    assert_eq!(emergency.location.as_ref().and_then(|l| l.address_format_status.clone()), Some(AddressFormatStatus::Actual));
    let line = &device.phone_lines.as_ref().unwrap()[0];
    assert_eq!(line.line_type, Some(PhoneLineTypeEnum::Standalone));
    let number = line.phone_info.as_ref().unwrap();
    assert_eq!(number.id, Some(60_727_004));
    assert_eq!(number.phone_number.as_deref(), Some("+16501234567"));
    assert_eq!(number.payment_type, Some(PaymentTypeInfo::Local));
    assert_eq!(number.usage_type, Some(PhoneNumberInfoIntIdUsageType::DirectNumber));
    let shipping = device.shipping.as_ref().unwrap();
    assert_eq!(shipping.status, Some(ShippingStatus::Shipped));
    assert_eq!(shipping.method.as_ref().map(|m| (&m.id, &m.name)), Some((&ShippingMethodIdModelId::V1, &Some(ShippingMethodInfoName::Ground))));
    assert_eq!(device.site.as_ref().and_then(|s| s.id.as_deref()), Some("main-site"));
}

#[tokio::test]
async fn update_device() {
    let server = MockServer::start().await;
    // 200, DeviceResource; with prestatement=true the response carries `billingStatement`.
    let mut updated = hard_phone_example();
    updated["name"] = json!("Reception desk");
    updated["useAsCommonPhone"] = json!(true);
    updated["billingStatement"] = json!({
        "currency": "USD",
        "charges": [{"description": "DigitalLine", "amount": 19.99, "feature": "DigitalLine", "freeServiceCredit": 0.0}],
        "fees": [{"description": "E911 Service Fee", "amount": 1.5, "freeServiceCredit": 0.0}],
        "totalCharged": 21.49,
        "totalCharges": 19.99,
        "totalFees": 1.5,
        "subtotal": 21.49,
        "totalFreeServiceCredit": 0.0
    });
    answer_once(&server, ResponseTemplate::new(200).set_body_json(updated)).await;

    let service_address = EmergencyServiceAddressResourceRequest::new()
        .with_street("20 Davis Dr")
        .with_street2("Suite 100")
        .with_zip("94002")
        .with_customer_name("John Smith")
        .with_state("CA")
        .with_state_id("16")
        .with_country("United States")
        .with_country_id("1");
    let body = AccountDeviceUpdate::new()
        .with_emergency_service_address(service_address)
        .with_emergency(DeviceEmergencyInfo::new().with_location(DeviceEmergencyLocationInfo::new().with_id("1198386011")))
        .with_extension(DeviceUpdateExtensionInfo::new().with_id("37439510"))
        .with_phone_lines(DeviceUpdatePhoneLinesInfo::new().with_phone_lines(vec![UpdateDevicePhoneInfo::new().with_id("60727004")]))
        .with_use_as_common_phone(true)
        .with_name("Reception desk");
    let device = client(&server).await.devices().update_device("~", "800987654004", body).prestatement(true).await.unwrap();

    let r = the_request(&server).await;
    assert_request(
        &r,
        "PUT",
        "/restapi/v1.0/account/~/device/800987654004?prestatement=true",
        Some(json!({
            "emergencyServiceAddress": {
                "street": "20 Davis Dr", "street2": "Suite 100", "zip": "94002", "customerName": "John Smith",
                "state": "CA", "stateId": "16", "country": "United States", "countryId": "1"
            },
            "emergency": {"location": {"id": "1198386011"}},
            "extension": {"id": "37439510"},
            "phoneLines": {"phoneLines": [{"id": "60727004"}]},
            "useAsCommonPhone": true,
            "name": "Reception desk"
        })),
    );
    assert_eq!(device.id.as_deref(), Some("800987654004"));
    assert_eq!(device.name.as_deref(), Some("Reception desk"));
    assert_eq!(device.use_as_common_phone, Some(true));
    let bill = device.billing_statement.as_ref().expect("prestatement=true returns a billing statement");
    assert_eq!(bill.currency.as_deref(), Some("USD"));
    assert_eq!(bill.total_charged, Some(21.49));
    assert_eq!(bill.total_fees, Some(1.5));
    let charges = bill.charges.as_ref().unwrap();
    assert_eq!(charges[0].feature.as_deref(), Some("DigitalLine"));
    assert_eq!(charges[0].amount, Some(19.99));
    assert_eq!(bill.fees.as_ref().unwrap()[0].description.as_deref(), Some("E911 Service Fee"));
}

#[tokio::test]
async fn read_device_sip_info() {
    let server = MockServer::start().await;
    // 200, SipInfoResource (OutboundProxyInfo.region example: "APAC").
    answer_once(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({
            "domain": "sip.ringcentral.com",
            "outboundProxies": [
                {"region": "NA", "proxy": "SIP10.ringcentral.com:5090", "proxyTLS": "SIP10.ringcentral.com:5096"},
                {"region": "APAC", "proxy": "SIP40.ringcentral.com:5090", "proxyTLS": "SIP40.ringcentral.com:5096"}
            ],
            "userName": "16501234567",
            "password": "Mv7bUqV1x",
            "authorizationId": "802398808016"
        })),
    )
    .await;

    let sip = client(&server).await.devices().read_device_sip_info("~", "800987654004").await.unwrap();

    let r = the_request(&server).await;
    assert_request(&r, "GET", "/restapi/v1.0/account/~/device/800987654004/sip-info", None);
    assert_eq!(sip.domain.as_deref(), Some("sip.ringcentral.com"));
    assert_eq!(sip.user_name.as_deref(), Some("16501234567"));
    assert_eq!(sip.password.as_deref(), Some("Mv7bUqV1x"));
    assert_eq!(sip.authorization_id.as_deref(), Some("802398808016"));
    let proxies = sip.outbound_proxies.as_ref().unwrap();
    assert_eq!(proxies.len(), 2);
    assert_eq!(proxies[1].region.as_deref(), Some("APAC"));
    assert_eq!(proxies[1].proxy.as_deref(), Some("SIP40.ringcentral.com:5090"));
    assert_eq!(proxies[1].proxy_tls.as_deref(), Some("SIP40.ringcentral.com:5096"));
}

#[tokio::test]
async fn update_device_emergency() {
    let server = MockServer::start().await;
    // 200, DeviceResource with the new emergency address (Portugal: `apartment`/`floor` are
    // the country-specific fields; the request sends them as extra `emergency.address` keys,
    // which EmergencyLocationAddressResource allows as additionalProperties of type string).
    let mut updated = hard_phone_example();
    updated["emergency"] = json!({
        "address": {
            "street": "Avenida da Liberdade", "buildingNumber": "110", "city": "Lisboa", "zip": "1250-146",
            "country": "Portugal", "countryIsoCode": "PT", "customerName": "Joana Silva",
            "apartment": "3", "floor": "2"
        },
        "outOfCountry": false,
        "addressStatus": "Provisioning",
        "visibility": "Private",
        "addressEditableStatus": "AnyDevice"
    });
    updated["emergencyServiceAddress"] = json!({
        "street": "Avenida da Liberdade", "buildingNumber": "110", "city": "Lisboa", "zip": "1250-146",
        "country": "Portugal", "countryIsoCode": "PT", "customerName": "Joana Silva",
        "apartment": "3", "floor": "2", "outOfCountry": false, "lineProvisioningStatus": "Provisioning"
    });
    answer_once(&server, ResponseTemplate::new(200).set_body_json(updated)).await;

    let address = EmergencyLocationAddressResource::new()
        .with_country("Portugal")
        .with_country_iso_code("PT")
        .with_city("Lisboa")
        .with_street("Avenida da Liberdade")
        .with_building_number("110")
        .with_zip("1250-146")
        .with_customer_name("Joana Silva")
        .with_additional_properties([("apartment".to_owned(), "3".to_owned()), ("floor".to_owned(), "2".to_owned())].into());
    let emergency = DeviceEmergencyInfo::new().with_address(address).with_out_of_country(false).with_visibility(DeviceEmergencyInfoVisibility::Private);
    let body = AccountDeviceUpdate::new().with_emergency(emergency);
    let device = client(&server).await.devices().update_device_emergency("~", "800987654004", body).await.unwrap();

    let r = the_request(&server).await;
    assert_request(
        &r,
        "PUT",
        "/restapi/v1.0/account/~/device/800987654004/emergency",
        Some(json!({"emergency": {
            "address": {
                "country": "Portugal", "countryIsoCode": "PT", "city": "Lisboa", "street": "Avenida da Liberdade",
                "buildingNumber": "110", "zip": "1250-146", "customerName": "Joana Silva",
                "apartment": "3", "floor": "2"
            },
            "outOfCountry": false,
            "visibility": "Private"
        }})),
    );
    assert_eq!(device.id.as_deref(), Some("800987654004"));
    let emergency = device.emergency.as_ref().unwrap();
    assert_eq!(emergency.address_status, Some(AddressStatus::Provisioning));
    assert_eq!(emergency.visibility, Some(DeviceEmergencyInfoVisibility::Private));
    assert_eq!(emergency.address_editable_status, Some(DeviceEmergencyInfoAddressEditableStatus::AnyDevice));
    let address = emergency.address.as_ref().unwrap();
    assert_eq!(address.country_iso_code.as_deref(), Some("PT"));
    assert_eq!(address.building_number.as_deref(), Some("110"));
    assert_eq!(address.additional_properties.get("apartment").map(String::as_str), Some("3"));
    assert_eq!(address.additional_properties.get("floor").map(String::as_str), Some("2"));
    let service_address = device.emergency_service_address.as_ref().unwrap();
    assert_eq!(service_address.floor.as_deref(), Some("2"));
    assert_eq!(
        service_address.line_provisioning_status,
        Some(DeviceEmergencyServiceAddressResourceLineProvisioningStatus::Provisioning)
    );
}

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
        .line_type(vec![PhoneLineTypeEnum::Standalone, PhoneLineTypeEnum::BlaPrimary])
        .type_(vec![ListExtensionDevicesType::HardPhone, ListExtensionDevicesType::SoftPhone, ListExtensionDevicesType::WebRtc])
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
    assert_eq!(page.records[1].computer_name.as_deref(), Some("JSMITH-LAPTOP"));
    assert_eq!(page.records[1].status, Some(DeviceResourceStatus::Offline));
    assert_eq!(page.records[1].line_pooling, Some(LinePoolingEnum::Guest));
    assert_eq!(page.paging.per_page, 50);
    assert_eq!(page.paging.page, Some(5));
    assert_eq!(page.paging.page_start, Some(0));
    assert_eq!(page.paging.page_end, Some(5));
    assert_eq!(page.paging.total_pages, Some(25));
    assert_eq!(page.paging.total_elements, Some(25));
    assert_eq!(
        page.navigation.next_page.as_ref().and_then(|p| p.uri.as_deref()),
        Some("https://platform.ringcentral.com/restapi/v1.0/account/37439510/extension/37439510/device?page=6&perPage=50")
    );
    assert_eq!(
        page.uri.as_deref(),
        Some("https://platform.ringcentral.com/restapi/v1.0/account/37439510/extension/37439510/device?page=5&perPage=50")
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

    let devices = client(&server).await.devices().list_web_app_devices("~", "~").await.unwrap();

    let r = the_request(&server).await;
    assert_request(&r, "GET", "/restapi/v1.0/account/~/extension/~/webapp-devices", None);
    let records = devices.records.as_ref().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].id, "805170960016");
    assert_eq!(records[0].type_, WebAppDeviceRecordType::WebPhone);
    assert_eq!(records[0].status, WebAppDeviceRecordStatus::Online);
    assert_eq!(records[0].expires_in, Some(3588));
    assert_eq!(records[0].serial.as_deref(), Some("2f6a8c1e-3b5d-4e7f-9a0b-1c2d3e4f5a6b"));
    assert_eq!(records[1].id, "805170961016");
    assert_eq!(records[1].status, WebAppDeviceRecordStatus::Offline);
    assert_eq!(records[1].expires_in, None);
}
