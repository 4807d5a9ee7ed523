//! Seed 002's request examples, built with the generated types, must
//! serialize to the JSON the real API expects: lowerCamelCase wire names,
//! absent fields omitted. Where the seed's example predates today's API, the
//! expected JSON follows the API (see the comments in spec/ringcentral.yaml).

use ringcentral::models::*;
use serde_json::{json, to_value};

#[test]
fn add_device_to_inventory() {
    let body = AddDeviceToInventoryRequest {
        type_: AddDeviceToInventoryRequestType::OtherPhone,
        quantity: 22,
        site: Some(AddDeviceToInventoryRequestSite { id: Some("id".into()) }),
    };
    assert_eq!(to_value(&body).unwrap(), json!({"type": "OtherPhone", "quantity": 22, "site": {"id": "id"}}));
}

#[test]
fn delete_device_from_inventory() {
    let body = DeleteDeviceFromInventoryRequest {
        records: vec![DeleteDeviceFromInventoryRequestRecordsItem { device_id: Some("deviceId".into()) }],
    };
    assert_eq!(to_value(&body).unwrap(), json!({"records": [{"deviceId": "deviceId"}]}));
}

#[test]
fn remove_line_jws_public() {
    let body = RemoveLineRequest { keep_assets_in_inventory: true };
    assert_eq!(to_value(&body).unwrap(), json!({"keepAssetsInInventory": true}));
}

#[test]
fn bulk_add_devices_v2() {
    let body = BulkAddDevicesRequest {
        records: vec![BulkAddDevicesItem {
            cost_center_id: Some("224149".into()),
            extension: BulkOperationExtensionReference { id: "12345".into() },
            type_: DeviceDefinitionType::OtherPhone,
            emergency: DeviceDefinitionEmergency::Address(DeviceDefinitionEmergencyByAddress {
                address: Some(PostalAddress {
                    street: "20 Davis Dr".into(),
                    street2: Some("nostrud".into()),
                    city: "Belmont".into(),
                    state: Some("CA".into()),
                    zip: "94002".into(),
                    country: "US".into(),
                }),
            }),
            phone_info: DeviceDefinitionPhoneInfo::TollType(PhoneNumberDefinitionTollType {
                toll_type: PhoneNumberTollType::Toll,
                type_: None,
            }),
            contact_center_phone_line: None,
        }],
    };
    assert_eq!(
        to_value(&body).unwrap(),
        json!({"records": [{
            "costCenterId": "224149",
            "extension": {"id": "12345"},
            "type": "OtherPhone",
            "emergency": {"address": {"street": "20 Davis Dr", "street2": "nostrud", "city": "Belmont", "state": "CA", "zip": "94002", "country": "US"}},
            "phoneInfo": {"tollType": "Toll"}
        }]})
    );
}

#[test]
fn replace_devices_jws_public() {
    let body = SwapDeviceRequest { target_device_id: Some("8459879873".into()) };
    assert_eq!(to_value(&body).unwrap(), json!({"targetDeviceId": "8459879873"}));
}

/// The seed's `update_device` / `update_device_emergency` example. Today's
/// API has no `emergencyServiceAddress.city`, so it is not sent.
#[test]
fn update_device_and_update_device_emergency() {
    let body = AccountDeviceUpdate {
        emergency_service_address: Some(EmergencyServiceAddressResourceRequest {
            street: Some("street".into()),
            street2: Some("street2".into()),
            zip: Some("zip".into()),
            customer_name: Some("customerName".into()),
            state: Some("state".into()),
            state_id: Some("stateId".into()),
            country: Some("country".into()),
            country_id: Some("countryId".into()),
        }),
        emergency: Some(DeviceEmergencyInfo {
            address: Some(EmergencyLocationAddressResource {
                country: Some("country".into()),
                country_id: Some("countryId".into()),
                country_iso_code: Some("countryIsoCode".into()),
                country_name: Some("countryName".into()),
                state: Some("state".into()),
                state_id: Some("stateId".into()),
                state_iso_code: Some("stateIsoCode".into()),
                state_name: Some("stateName".into()),
                city: Some("city".into()),
                street: Some("street".into()),
                street2: Some("street2".into()),
                zip: Some("zip".into()),
                customer_name: Some("customerName".into()),
                ..Default::default()
            }),
            location: Some(DeviceEmergencyLocationInfo {
                id: Some("id".into()),
                name: Some("name".into()),
                address_format_id: Some("addressFormatId".into()),
                ..Default::default()
            }),
            out_of_country: Some(false),
            address_status: Some(AddressStatus::Valid),
            visibility: Some(DeviceEmergencyInfoVisibility::Private),
            sync_status: Some(DeviceEmergencyInfoSyncStatus::Verified),
            address_editable_status: Some(DeviceEmergencyInfoAddressEditableStatus::MainDevice),
        }),
        extension: Some(DeviceUpdateExtensionInfo { id: Some("id".into()) }),
        phone_lines: Some(DeviceUpdatePhoneLinesInfo { phone_lines: Some(vec![UpdateDevicePhoneInfo { id: Some("id".into()) }]) }),
        use_as_common_phone: Some(true),
        name: Some("name".into()),
    };
    assert_eq!(
        to_value(&body).unwrap(),
        json!({
            "emergencyServiceAddress": {"street": "street", "street2": "street2", "zip": "zip", "customerName": "customerName",
                "state": "state", "stateId": "stateId", "country": "country", "countryId": "countryId"},
            "emergency": {
                "address": {"country": "country", "countryId": "countryId", "countryIsoCode": "countryIsoCode", "countryName": "countryName",
                    "state": "state", "stateId": "stateId", "stateIsoCode": "stateIsoCode", "stateName": "stateName", "city": "city",
                    "street": "street", "street2": "street2", "zip": "zip", "customerName": "customerName"},
                "location": {"id": "id", "name": "name", "addressFormatId": "addressFormatId"},
                "outOfCountry": false,
                "addressStatus": "Valid",
                "visibility": "Private",
                "syncStatus": "Verified",
                "addressEditableStatus": "MainDevice"
            },
            "extension": {"id": "id"},
            "phoneLines": {"phoneLines": [{"id": "id"}]},
            "useAsCommonPhone": true,
            "name": "name"
        })
    );
}

#[test]
fn unknown_enum_values_survive_a_round_trip() {
    let device: DeviceResource = serde_json::from_value(json!({"id": "1", "type": "Hologram", "status": "Online"})).unwrap();
    assert_eq!(device.type_, Some(DeviceResourceType::UnknownValue("Hologram".into())));
    assert_eq!(to_value(&device).unwrap(), json!({"id": "1", "type": "Hologram", "status": "Online"}));
}

#[test]
fn extra_address_fields_are_kept() {
    let address: EmergencyLocationAddressResource = serde_json::from_value(json!({"city": "Belmont", "district": "North"})).unwrap();
    assert_eq!(address.additional_properties.get("district").map(String::as_str), Some("North"));
    assert_eq!(to_value(&address).unwrap(), json!({"city": "Belmont", "district": "North"}));
}

/// Found by the contract run: `phoneInfo` members ignore keys they do not
/// know, so the first member to accept `{phoneNumber, type}` (the one with
/// a reservation id) used to win and drop `type`.
#[test]
fn a_union_decodes_as_the_member_that_keeps_every_key() {
    let typed: DeviceDefinitionPhoneInfo = serde_json::from_value(json!({"phoneNumber": "+16502223333", "type": "FaxOnly"})).unwrap();
    assert_eq!(
        typed,
        DeviceDefinitionPhoneInfo::DirectNumberType(PhoneNumberDefinitionDirectNumberType {
            phone_number: "+16502223333".into(),
            type_: Some(PhoneNumberType::FaxOnly),
        })
    );
    assert_eq!(to_value(&typed).unwrap(), json!({"phoneNumber": "+16502223333", "type": "FaxOnly"}));

    let reserved: DeviceDefinitionPhoneInfo =
        serde_json::from_value(json!({"phoneNumber": "+16501234568", "reservationId": "5db2c2b6"})).unwrap();
    assert!(matches!(reserved, DeviceDefinitionPhoneInfo::DirectNumberWithReservationId(_)), "{reserved:?}");

    let refused = serde_json::from_value::<DeviceDefinitionPhoneInfo>(json!({"reservationId": "5db2c2b6"})).unwrap_err().to_string();
    assert!(refused.contains("no member of `DeviceDefinitionPhoneInfo` accepts the value"), "{refused}");
    assert!(refused.contains("not PhoneNumberDefinitionNumberId: missing field `phoneNumberId`"), "{refused}");
}
