//! Seed 002's request examples, built with the generated types, must
//! serialize to the JSON the real API expects: lowerCamelCase wire names,
//! absent fields omitted. Where the seed's example predates today's API, the
//! expected JSON follows the API (see the comments in spec/ringcentral/api.yaml).

use ringcentral::models::*;
use serde_json::{json, to_value};

#[test]
fn add_device_to_inventory() {
    let body = AddDeviceToInventoryRequest::new(AddDeviceToInventoryRequestType::OtherPhone, 22)
        .with_site(AddDeviceToInventoryRequestSite::new().with_id("id"));
    assert_eq!(
        to_value(&body).unwrap(),
        json!({"type": "OtherPhone", "quantity": 22, "site": {"id": "id"}})
    );
}

#[test]
fn delete_device_from_inventory() {
    let body = DeleteDeviceFromInventoryRequest::new(vec![
        DeleteDeviceFromInventoryRequestRecordsItem::new().with_device_id("deviceId"),
    ]);
    assert_eq!(
        to_value(&body).unwrap(),
        json!({"records": [{"deviceId": "deviceId"}]})
    );
}

#[test]
fn remove_line_jws_public() {
    let body = RemoveLineRequest::new(true);
    assert_eq!(
        to_value(&body).unwrap(),
        json!({"keepAssetsInInventory": true})
    );
}

#[test]
fn bulk_add_devices_v2() {
    let address = PostalAddress::new("20 Davis Dr", "Belmont", "94002", "US")
        .with_street2("nostrud")
        .with_state("CA");
    let body = BulkAddDevicesRequest::new(vec![
        BulkAddDevicesItem::new(
            DeviceDefinitionType::OtherPhone,
            DeviceDefinitionEmergency::Address(
                DeviceDefinitionEmergencyByAddress::new().with_address(address),
            ),
            DeviceDefinitionPhoneInfo::TollType(PhoneNumberDefinitionTollType::new(
                PhoneNumberTollType::Toll,
            )),
            BulkOperationExtensionReference::new("12345"),
        )
        .with_cost_center_id("224149"),
    ]);
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
    let body = SwapDeviceRequest::new().with_target_device_id("8459879873");
    assert_eq!(
        to_value(&body).unwrap(),
        json!({"targetDeviceId": "8459879873"})
    );
}

/// The seed's `update_device` / `update_device_emergency` example. Today's
/// API has no `emergencyServiceAddress.city`, so it is not sent.
#[test]
fn update_device_and_update_device_emergency() {
    let service_address = EmergencyServiceAddressResourceRequest::new()
        .with_street("street")
        .with_street2("street2")
        .with_zip("zip")
        .with_customer_name("customerName")
        .with_state("state")
        .with_state_id("stateId")
        .with_country("country")
        .with_country_id("countryId");
    let address = EmergencyLocationAddressResource::new()
        .with_country("country")
        .with_country_id("countryId")
        .with_country_iso_code("countryIsoCode")
        .with_country_name("countryName")
        .with_state("state")
        .with_state_id("stateId")
        .with_state_iso_code("stateIsoCode")
        .with_state_name("stateName")
        .with_city("city")
        .with_street("street")
        .with_street2("street2")
        .with_zip("zip")
        .with_customer_name("customerName");
    let location = DeviceEmergencyLocationInfo::new()
        .with_id("id")
        .with_name("name")
        .with_address_format_id("addressFormatId");
    let emergency = DeviceEmergencyInfo::new()
        .with_address(address)
        .with_location(location)
        .with_out_of_country(false)
        .with_address_status(AddressStatus::Valid)
        .with_visibility(DeviceEmergencyInfoVisibility::Private)
        .with_sync_status(DeviceEmergencyInfoSyncStatus::Verified)
        .with_address_editable_status(DeviceEmergencyInfoAddressEditableStatus::MainDevice);
    let body = AccountDeviceUpdate::new()
        .with_emergency_service_address(service_address)
        .with_emergency(emergency)
        .with_extension(DeviceUpdateExtensionInfo::new().with_id("id"))
        .with_phone_lines(
            DeviceUpdatePhoneLinesInfo::new()
                .with_phone_lines(vec![UpdateDevicePhoneInfo::new().with_id("id")]),
        )
        .with_use_as_common_phone(true)
        .with_name("name");
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
    let device: DeviceResource =
        serde_json::from_value(json!({"id": "1", "type": "Hologram", "status": "Online"})).unwrap();
    assert_eq!(
        device.type_,
        Some(DeviceResourceType::UnknownValue("Hologram".into()))
    );
    assert_eq!(
        to_value(&device).unwrap(),
        json!({"id": "1", "type": "Hologram", "status": "Online"})
    );
}

#[test]
fn extra_address_fields_are_kept() {
    let address: EmergencyLocationAddressResource =
        serde_json::from_value(json!({"city": "Belmont", "district": "North"})).unwrap();
    assert_eq!(
        address
            .additional_properties
            .get("district")
            .map(String::as_str),
        Some("North")
    );
    assert_eq!(
        to_value(&address).unwrap(),
        json!({"city": "Belmont", "district": "North"})
    );
}

/// Found by the contract run: `phoneInfo` members ignore keys they do not
/// know, so the first member to accept `{phoneNumber, type}` (the one with
/// a reservation id) used to win and drop `type`.
#[test]
fn a_union_decodes_as_the_member_that_keeps_every_key() {
    let typed: DeviceDefinitionPhoneInfo =
        serde_json::from_value(json!({"phoneNumber": "+16502223333", "type": "FaxOnly"})).unwrap();
    assert_eq!(
        typed,
        DeviceDefinitionPhoneInfo::DirectNumberType(
            PhoneNumberDefinitionDirectNumberType::new("+16502223333")
                .with_type(PhoneNumberType::FaxOnly)
        )
    );
    assert_eq!(
        to_value(&typed).unwrap(),
        json!({"phoneNumber": "+16502223333", "type": "FaxOnly"})
    );

    let reserved: DeviceDefinitionPhoneInfo =
        serde_json::from_value(json!({"phoneNumber": "+16501234568", "reservationId": "5db2c2b6"}))
            .unwrap();
    assert!(
        matches!(
            reserved,
            DeviceDefinitionPhoneInfo::DirectNumberWithReservationId(_)
        ),
        "{reserved:?}"
    );

    // No member accepts a value without any of their required keys: it is
    // kept whole rather than failing the call, and written back unchanged.
    let unclaimed = json!({"reservationId": "5db2c2b6", "futureKey": [1, 2]});
    let kept: DeviceDefinitionPhoneInfo = serde_json::from_value(unclaimed.clone()).unwrap();
    assert_eq!(kept, DeviceDefinitionPhoneInfo::Unknown(unclaimed.clone()));
    assert_eq!(to_value(&kept).unwrap(), unclaimed);
}
