//! Every operation of the RingCentral SDK, with required-only and full inputs.
//!
//! Values follow the vendor document's examples and descriptions; the full
//! inputs are checked against that document by the runner (every query
//! parameter and body field it declares must be on the wire).

use ringcentral::models::*;
use ringcentral::Client;
use serde_json::json;

use crate::call::{binary, body, decoded, pick, Decoded, Inputs};

/// The SDK's operations: Rust method and the vendor's operation id.
pub const OPERATIONS: &[(&str, &str)] = &[
    ("devices.add_device_to_inventory", "addDeviceToInventory"),
    ("devices.bulk_add_devices_v2", "bulkAddDevicesV2"),
    ("devices.delete_device_from_inventory", "deleteDeviceFromInventory"),
    ("devices.list_extension_devices", "listExtensionDevices"),
    ("devices.list_web_app_devices", "listWebAppDevices"),
    ("devices.read_device", "readDevice"),
    ("devices.read_device_sip_info", "readDeviceSipInfo"),
    ("devices.remove_line_jws_public", "removeLineJWSPublic"),
    ("devices.replace_devices_jws_public", "replaceDevicesJWSPublic"),
    ("devices.update_device", "updateDevice"),
    ("devices.update_device_emergency", "updateDeviceEmergency"),
    ("fax.create_fax_message", "createFaxMessage"),
    ("message_store.read_message_content", "readMessageContent"),
    ("oauth.get_token", "getToken"),
    ("oauth.revoke_token", "revokeToken"),
];

/// `~` is RingCentral's alias for the account and extension of the token.
const ME: &str = "~";
const DEVICE_ID: &str = "800987654004";
/// A JSON Web Token as the JWT grant and client assertion carry one (header, claims, signature).
const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJBWndFVndHRWNmR2V0MlBDb3VBN0s2In0.c2lnbmF0dXJl";

/// Calls `operation` (a name from [`OPERATIONS`]) once.
pub async fn call(client: &Client, operation: &str, inputs: Inputs) -> Decoded {
    let devices = client.devices();
    match operation {
        "fax.create_fax_message" => {
            let fields: CreateFaxMessageRequest = body(pick(
                inputs,
                json!({"to": [{"phoneNumber": "+18661234567"}]}),
                json!({
                    "to": [{"phoneNumber": "+18661234567", "name": "Front desk"}],
                    "faxResolution": "High",
                    "sendTime": "2026-11-25T10:00:00Z",
                    "isoCode": "US",
                    "coverIndex": 2,
                    "coverPageText": "Signed contract attached"
                }),
            ))?;
            let document = ringcentral::Upload::from(b"%PDF-1.4 fax".as_slice()).file_name("contract.pdf").content_type("application/pdf");
            decoded(client.fax().create_fax_message(ME, ME, fields, vec![document]).await)
        }
        "message_store.read_message_content" => {
            let request = client.message_store().read_message_content(ME, ME, "43245367", "9839074435");
            let request = pick(inputs, request.clone(), request.content_disposition(ContentDisposition::Attachment).content_disposition_filename("voicemail.mp3"));
            binary(request.await)
        }
        "oauth.get_token" => {
            let grant: GetTokenRequest = body(pick(
                inputs,
                json!({"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": JWT}),
                json!({
                    "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                    "assertion": JWT,
                    "client_id": "AZwEVwGEcfGet2PCouA7K6",
                    "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    "client_assertion": JWT,
                    "scope": "ReadAccounts ReadMessages",
                    "endpoint_id": "8zXq6oaLT7WvwWITlGiA1A",
                    "access_token_ttl": 3600,
                    "refresh_token_ttl": 604800
                }),
            ))?;
            decoded(client.oauth().get_token(grant).await)
        }
        "oauth.revoke_token" => {
            let request = client.oauth().revoke_token();
            let request = match inputs {
                Inputs::Required => request,
                Inputs::Full => {
                    let revoke: RevokeTokenRequest = body(json!({
                        "token": "U1BCMDFUMDRKV1MwMXxzLFL4ec6A0XMsUv9wLriecyxS_w",
                        "client_id": "AZwEVwGEcfGet2PCouA7K6",
                        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "client_assertion": JWT
                    }))?;
                    request.token("U1BCMDFUMDRKV1MwMXxzLFL4ec6A0XMsUv9wLriecyxS_w").body(revoke)
                }
            };
            decoded(request.await)
        }
        "devices.add_device_to_inventory" => {
            let body: AddDeviceToInventoryRequest = body(pick(
                inputs,
                json!({"type": "OtherPhone", "quantity": 2}),
                json!({"type": "OtherPhone", "quantity": 2, "site": {"id": "main-site"}}),
            ))?;
            decoded(devices.add_device_to_inventory(ME, body).await)
        }
        "devices.bulk_add_devices_v2" => {
            let body: BulkAddDevicesRequest = body(pick(inputs, bulk_add_required(), bulk_add_full()))?;
            decoded(devices.bulk_add_devices_v2(ME, body).await)
        }
        "devices.delete_device_from_inventory" => {
            let body: DeleteDeviceFromInventoryRequest = body(pick(
                inputs,
                json!({"records": [{}]}),
                json!({"records": [{"deviceId": "804207004"}, {"deviceId": "804208004"}]}),
            ))?;
            decoded(devices.delete_device_from_inventory(ME, body).await)
        }
        "devices.list_extension_devices" => {
            let request = devices.list_extension_devices(ME, ME);
            let request = match inputs {
                Inputs::Required => request,
                Inputs::Full => request
                    .page(1)
                    .per_page(50)
                    .line_pooling(LinePooling::Host)
                    .feature(vec![DeviceFeatureEnum::Bla, DeviceFeatureEnum::CommonPhone])
                    .type_(vec![ListExtensionDevicesType::HardPhone, ListExtensionDevicesType::WebRtc])
                    .line_type(vec![PhoneLineTypeEnum::Standalone, PhoneLineTypeEnum::BlaPrimary]),
            };
            decoded(request.await)
        }
        "devices.list_web_app_devices" => decoded(devices.list_web_app_devices(ME, ME).await),
        "devices.read_device" => {
            let request = devices.read_device(ME, DEVICE_ID);
            decoded(pick(inputs, request.clone(), request.sync_emergency_address(true)).await)
        }
        "devices.read_device_sip_info" => decoded(devices.read_device_sip_info(ME, DEVICE_ID).await),
        "devices.remove_line_jws_public" => {
            let request = devices.remove_line_jws_public(ME, "65462346462");
            let request = match inputs {
                Inputs::Required => request,
                Inputs::Full => request.body(body(json!({"keepAssetsInInventory": true}))?),
            };
            decoded(request.await)
        }
        "devices.replace_devices_jws_public" => {
            let body: SwapDeviceRequest = body(pick(inputs, json!({}), json!({"targetDeviceId": "8459879873"})))?;
            decoded(devices.replace_devices_jws_public(ME, ME, "65462346462", body).await)
        }
        "devices.update_device" => {
            let body: AccountDeviceUpdate = body(pick(inputs, json!({}), device_update_full()))?;
            let request = devices.update_device(ME, DEVICE_ID, body);
            decoded(pick(inputs, request.clone(), request.prestatement(true)).await)
        }
        "devices.update_device_emergency" => {
            let body: AccountDeviceUpdate = body(pick(inputs, json!({}), device_update_full()))?;
            decoded(devices.update_device_emergency(ME, DEVICE_ID, body).await)
        }
        other => unreachable!("`{other}` is not in OPERATIONS"),
    }
}

/// One device, with only what `BulkAddDevicesItem` requires.
///
/// It gives its emergency address rather than a location id: the vendor's
/// `emergency` schema is a `oneOf` whose deprecated address branch has no
/// required property, so every value with a `location` matches both
/// branches and the document (though not the live API) refuses it. This
/// call is the one that gets a success answer to decode; the full inputs
/// still send a location.
fn bulk_add_required() -> serde_json::Value {
    json!({"records": [{
        "type": "OtherPhone",
        "emergency": {"address": {"street": "20 Davis Dr", "city": "Belmont", "zip": "94002", "country": "US"}},
        "phoneInfo": {"phoneNumberId": "1162820004"},
        "extension": {"id": "12345"}
    }]})
}

/// One device per branch of the `emergency` and `phoneInfo` unions, so that
/// together they carry every field the vendor declares.
fn bulk_add_full() -> serde_json::Value {
    json!({"records": [
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
            "costCenterId": "224149",
            "extension": {"id": "12346"}
        },
        {
            "type": "OtherPhone",
            "emergency": {"location": {"id": "1198386011"}},
            "phoneInfo": {"phoneNumberId": "1162820004"},
            "contactCenterPhoneLine": false,
            "costCenterId": "224149",
            "extension": {"id": "12347"}
        },
        {
            "type": "OtherPhone",
            "emergency": {"location": {"id": "1198386011"}},
            "phoneInfo": {"tollType": "TollFree", "type": "VoiceOnly"},
            "contactCenterPhoneLine": false,
            "costCenterId": "224149",
            "extension": {"id": "12348"}
        },
        {
            "type": "OtherPhone",
            "emergency": {"location": {"id": "1198386011"}},
            "phoneInfo": {"phoneNumber": "+16502223333", "type": "FaxOnly"},
            "contactCenterPhoneLine": false,
            "costCenterId": "224149",
            "extension": {"id": "12349"}
        }
    ]})
}

/// `AccountDeviceUpdate` with every field, as an admin moving a desk phone
/// to a new office would send it.
fn device_update_full() -> serde_json::Value {
    json!({
        "emergencyServiceAddress": {
            "street": "20 Davis Dr", "street2": "Suite 100", "zip": "94002", "customerName": "John Smith",
            "state": "CA", "stateId": "16", "country": "United States", "countryId": "1"
        },
        "emergency": {
            "address": {
                "country": "United States", "countryId": "1", "countryIsoCode": "US", "countryName": "United States",
                "state": "California", "stateId": "16", "stateIsoCode": "CA", "stateName": "California",
                "city": "Belmont", "street": "20 Davis Dr", "street2": "Suite 100", "zip": "94002",
                "customerName": "John Smith", "outOfCountry": false, "buildingName": "Davis Center",
                "streetType": "Dr", "buildingNumber": "20"
            },
            "location": {
                "id": "1198386011", "name": "Belmont HQ", "addressFormatId": "US",
                "addressFormatStatus": "Actual", "trusted": true
            },
            "outOfCountry": false,
            "addressStatus": "Valid",
            "visibility": "Public",
            "syncStatus": "Verified",
            "addressEditableStatus": "MainDevice"
        },
        "extension": {"id": "37439510"},
        "phoneLines": {"phoneLines": [{"id": "60727004"}]},
        "useAsCommonPhone": true,
        "name": "Reception desk"
    })
}
