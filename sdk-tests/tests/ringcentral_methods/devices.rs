//! Reading and updating one device, its emergency settings and SIP info.

use ringcentral::models::*;
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

use crate::support::*;

#[tokio::test]
async fn read_device() {
    let server = MockServer::start().await;
    // 200, DeviceResource (no required fields).
    answer_once(
        &server,
        ResponseTemplate::new(200).set_body_json(hard_phone_example()),
    )
    .await;

    let device = client(&server)
        .await
        .devices()
        .read_device("~", "800987654004")
        .sync_emergency_address(true)
        .await
        .unwrap();

    let r = the_request(&server).await;
    assert_request(
        &r,
        "GET",
        "/restapi/v1.0/account/~/device/800987654004?syncEmergencyAddress=true",
        None,
    );
    assert_eq!(device.id.as_deref(), Some("800987654004"));
    assert_eq!(device.sku.as_deref(), Some("HP-56-2-2"));
    assert_eq!(device.type_, Some(DeviceResourceType::HardPhone));
    assert_eq!(device.status, Some(DeviceResourceStatus::Online));
    assert_eq!(device.box_billing_id, Some(5_000_000_017));
    assert_eq!(device.line_pooling, Some(LinePoolingEnum::Host));
    assert_eq!(
        device
            .last_location_report_time
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2016-03-10T18:07:52.534+00:00")
    );
    let model = device.model.as_ref().unwrap();
    assert_eq!(
        model.features.as_deref(),
        Some(
            &[
                DeviceFeatureEnum::Bla,
                DeviceFeatureEnum::Intercom,
                DeviceFeatureEnum::Paging,
                DeviceFeatureEnum::Held
            ][..]
        )
    );
    assert_eq!(model.line_count, Some(12));
    assert_eq!(
        device.extension.as_ref().and_then(|e| e.id),
        Some(37_439_510)
    );
    // syncEmergencyAddress=true: the synchronization result is reported.
    let emergency = device.emergency.as_ref().unwrap();
    assert_eq!(
        emergency.sync_status,
        Some(DeviceEmergencyInfoSyncStatus::Verified)
    );
    assert_eq!(emergency.address_status, Some(AddressStatus::Valid));
    assert_eq!(
        emergency
            .location
            .as_ref()
            .and_then(|l| l.address_format_status.clone()),
        Some(AddressFormatStatus::Actual)
    );
    let line = &device.phone_lines.as_ref().unwrap()[0];
    assert_eq!(line.line_type, Some(PhoneLineTypeEnum::Standalone));
    let number = line.phone_info.as_ref().unwrap();
    assert_eq!(number.id, Some(60_727_004));
    assert_eq!(number.phone_number.as_deref(), Some("+16501234567"));
    assert_eq!(number.payment_type, Some(PaymentTypeInfo::Local));
    assert_eq!(
        number.usage_type,
        Some(PhoneNumberInfoIntIdUsageType::DirectNumber)
    );
    let shipping = device.shipping.as_ref().unwrap();
    assert_eq!(shipping.status, Some(ShippingStatus::Shipped));
    assert_eq!(
        shipping.method.as_ref().map(|m| (&m.id, &m.name)),
        Some((
            &ShippingMethodIdModelId::V1,
            &Some(ShippingMethodInfoName::Ground)
        ))
    );
    assert_eq!(
        device.site.as_ref().and_then(|s| s.id.as_deref()),
        Some("main-site")
    );
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
        .with_emergency(
            DeviceEmergencyInfo::new()
                .with_location(DeviceEmergencyLocationInfo::new().with_id("1198386011")),
        )
        .with_extension(DeviceUpdateExtensionInfo::new().with_id("37439510"))
        .with_phone_lines(
            DeviceUpdatePhoneLinesInfo::new()
                .with_phone_lines(vec![UpdateDevicePhoneInfo::new().with_id("60727004")]),
        )
        .with_use_as_common_phone(true)
        .with_name("Reception desk");
    let device = client(&server)
        .await
        .devices()
        .update_device("~", "800987654004", body)
        .prestatement(true)
        .await
        .unwrap();

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
    let bill = device
        .billing_statement
        .as_ref()
        .expect("prestatement=true returns a billing statement");
    assert_eq!(bill.currency.as_deref(), Some("USD"));
    assert_eq!(bill.total_charged, Some(21.49));
    assert_eq!(bill.total_fees, Some(1.5));
    let charges = bill.charges.as_ref().unwrap();
    assert_eq!(charges[0].feature.as_deref(), Some("DigitalLine"));
    assert_eq!(charges[0].amount, Some(19.99));
    assert_eq!(
        bill.fees.as_ref().unwrap()[0].description.as_deref(),
        Some("E911 Service Fee")
    );
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

    let sip = client(&server)
        .await
        .devices()
        .read_device_sip_info("~", "800987654004")
        .await
        .unwrap();

    let r = the_request(&server).await;
    assert_request(
        &r,
        "GET",
        "/restapi/v1.0/account/~/device/800987654004/sip-info",
        None,
    );
    assert_eq!(sip.domain.as_deref(), Some("sip.ringcentral.com"));
    assert_eq!(sip.user_name.as_deref(), Some("16501234567"));
    assert_eq!(sip.password.as_deref(), Some("Mv7bUqV1x"));
    assert_eq!(sip.authorization_id.as_deref(), Some("802398808016"));
    let proxies = sip.outbound_proxies.as_ref().unwrap();
    assert_eq!(proxies.len(), 2);
    assert_eq!(proxies[1].region.as_deref(), Some("APAC"));
    assert_eq!(
        proxies[1].proxy.as_deref(),
        Some("SIP40.ringcentral.com:5090")
    );
    assert_eq!(
        proxies[1].proxy_tls.as_deref(),
        Some("SIP40.ringcentral.com:5096")
    );
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
        .with_additional_properties(
            [
                ("apartment".to_owned(), "3".to_owned()),
                ("floor".to_owned(), "2".to_owned()),
            ]
            .into(),
        );
    let emergency = DeviceEmergencyInfo::new()
        .with_address(address)
        .with_out_of_country(false)
        .with_visibility(DeviceEmergencyInfoVisibility::Private);
    let body = AccountDeviceUpdate::new().with_emergency(emergency);
    let device = client(&server)
        .await
        .devices()
        .update_device_emergency("~", "800987654004", body)
        .await
        .unwrap();

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
    assert_eq!(
        emergency.visibility,
        Some(DeviceEmergencyInfoVisibility::Private)
    );
    assert_eq!(
        emergency.address_editable_status,
        Some(DeviceEmergencyInfoAddressEditableStatus::AnyDevice)
    );
    let address = emergency.address.as_ref().unwrap();
    assert_eq!(address.country_iso_code.as_deref(), Some("PT"));
    assert_eq!(address.building_number.as_deref(), Some("110"));
    assert_eq!(
        address
            .additional_properties
            .get("apartment")
            .map(String::as_str),
        Some("3")
    );
    assert_eq!(
        address
            .additional_properties
            .get("floor")
            .map(String::as_str),
        Some("2")
    );
    let service_address = device.emergency_service_address.as_ref().unwrap();
    assert_eq!(service_address.floor.as_deref(), Some("2"));
    assert_eq!(
        service_address.line_provisioning_status,
        Some(DeviceEmergencyServiceAddressResourceLineProvisioningStatus::Provisioning)
    );
}
