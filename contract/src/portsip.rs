//! Every operation of the PortSIP SDK, with required-only and full inputs.
//!
//! Values are those of a Yealink desk phone provisioned on a PBX; the full
//! inputs are checked against the vendor document by the runner.

use portsip::models::*;
use portsip::Client;
use serde_json::{json, Value};

use crate::call::{binary, body, decoded, no_body, pick, Decoded, Inputs};

/// The SDK's operations: Rust method and the vendor's operation id.
pub const OPERATIONS: &[(&str, &str)] = &[
    ("auth.refresh_token", "refreshToken"),
    ("auth.sign_in", "signInWithCredentials"),
    ("blobs.append_blob_upload", "appendBlobUpload"),
    ("blobs.download_blobs", "downloadBlobs"),
    ("phones.create_user_phone", "createUserPhone"),
    ("phones.delete_user_phone", "deleteUserPhone"),
    ("phones.list_user_phones", "listUserPhones"),
    ("phones.show_user_phone", "showUserPhone"),
    ("phones.update_user_phone", "updateUserPhone"),
];

const USER_ID: &str = "NzAwNTUxOTA5NzczMTQ4MTYw";
const PHONE_ID: &str = "NzAwNTUyMDM4OTg0MzI3MTY4";
const UPLOAD_ID: &str = "52e51422-573d-4fc9-b5c6-4a30058f5d71";
const UPLOAD_TOKEN: &str = "dXBsb2FkIHRva2Vu";
const DIGEST: &str = "84d89877f0d4041efb6bf91a16f0248f2fd573e6af05c19f96bedb9f882f7882";

/// Calls `operation` (a name from [`OPERATIONS`]) once.
pub async fn call(client: &Client, operation: &str, inputs: Inputs) -> Decoded {
    match operation {
        "auth.refresh_token" => {
            let body: RefreshTokenRequest = body(json!({"refresh_token": "dGhpcyBpcyBhIHJlZnJlc2ggdG9rZW4"}))?;
            decoded(client.auth().refresh_token(body).await)
        }
        "auth.sign_in" => {
            let body: SignInRequest = body(pick(
                inputs,
                json!({"username": "101", "password": "Secret.2024"}),
                json!({"username": "101", "password": "Secret.2024", "domain": "sip.example.com"}),
            ))?;
            let request = client.auth().sign_in(body);
            decoded(pick(inputs, request.clone(), request.qr(false)).await)
        }
        "blobs.append_blob_upload" => {
            // A chunk of a recording, as raw bytes (no `=`, `{`, or boundary, so it reads as no fields).
            let chunk = pick(inputs, vec![0x52u8, 0x49, 0x46, 0x46], (0u8..=255).filter(|b| *b != b'=').collect());
            no_body(client.blobs().append_blob_upload(UPLOAD_ID, UPLOAD_TOKEN, chunk).await)
        }
        "blobs.download_blobs" => {
            let output = client.blobs().download_blobs(DIGEST).await;
            binary(output.map(|o| o.body))
        }
        "phones.create_user_phone" => {
            let body: PhoneCreateRequest = body(pick(inputs, phone_create_required(), phone_create_full()))?;
            decoded(client.phones().create_user_phone(USER_ID, body).await)
        }
        "phones.delete_user_phone" => decoded(client.phones().delete_user_phone(USER_ID, PHONE_ID).await),
        "phones.list_user_phones" => decoded(client.phones().list_user_phones(USER_ID).await),
        "phones.show_user_phone" => decoded(client.phones().show_user_phone(USER_ID, PHONE_ID).await),
        "phones.update_user_phone" => {
            let body: PhoneUpdateRequest = body(pick(inputs, json!({}), phone_settings()))?;
            decoded(client.phones().update_user_phone(USER_ID, PHONE_ID, body).await)
        }
        other => unreachable!("`{other}` is not in OPERATIONS"),
    }
}

fn phone_create_required() -> Value {
    json!({
        "mac": "00:15:65:12:34:56",
        "filename": "y000000000028.cfg",
        "vendor": "Yealink",
        "model": "T46S",
        "password": "admin123",
        "language": "ENGLISH",
        "transfer": "BLIND",
        "timezone": "+8",
        "codecs": ["PCMU", "PCMA", "G722"],
        "interface": "PUBLIC_IPV4",
        "preferred_transport": "UDP"
    })
}

/// Every setting a phone has after it is created (what update may change).
fn phone_settings() -> Value {
    json!({
        "password": "admin123",
        "language": "ENGLISH",
        "transfer": "ATTENDED",
        "timezone": "+8",
        "ringtone": "Ring1.wav",
        "queue_ringtone": "Ring2.wav",
        "external_ringtone": "Ring3.wav",
        "date_format": "YYYY-MM-DD",
        "time_format": "24",
        "powerled": "ON",
        "backlight": "ALWAYS_ON",
        "screensaver": "OFF",
        "rps": true,
        "https": true,
        "codecs": ["PCMU", "PCMA", "G722"],
        "enable_lldp": true,
        "enable_vlan_wan_port": true,
        "wan_port_id": 100,
        "wan_port_priority": 5,
        "enable_vlan_pc_port": true,
        "pc_port_id": 200,
        "pc_port_priority": 3,
        "interface": "PUBLIC_IPV4",
        "preferred_transport": "TLS",
        "serial_number": "801501234567",
        "door_password1": "1234",
        "door_password2": "56789"
    })
}

fn phone_create_full() -> Value {
    let mut all = phone_settings();
    if let (Some(all_fields), Value::Object(required)) = (all.as_object_mut(), phone_create_required()) {
        for (key, value) in required {
            all_fields.entry(key).or_insert(value);
        }
    }
    all
}
