//! The wiremock server, the client pointed at it, and the checks of what was sent.

use ringcentral::Client;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "U0pDMTFQMDFQQVMwMHxBQUJfTU5rRzJqMzZqcE5y";

pub(crate) async fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .build()
        .unwrap()
}

/// Answers every request with `response`, and expects exactly one request.
pub(crate) async fn answer_once(server: &MockServer, response: ResponseTemplate) {
    Mock::given(any())
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

pub(crate) fn raw_path_and_query(r: &Request) -> String {
    match r.url.query() {
        Some(q) => format!("{}?{q}", r.url.path()),
        None => r.url.path().to_owned(),
    }
}

pub(crate) fn header<'r>(r: &'r Request, name: &str) -> Option<&'r str> {
    r.headers.get(name).map(|v| v.to_str().unwrap())
}

/// The one request the server received.
pub(crate) async fn the_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request must be sent");
    requests.remove(0)
}

/// Checks method, raw path and query, the bearer token and the body
/// (`None`: no body at all; `Some`: exactly this JSON, sent as JSON).
#[track_caller]
pub(crate) fn assert_request(
    r: &Request,
    expected_method: &str,
    expected_path_and_query: &str,
    expected_body: Option<Value>,
) {
    assert_eq!(r.method.as_str(), expected_method, "HTTP method");
    assert_eq!(
        raw_path_and_query(r),
        expected_path_and_query,
        "raw path and query"
    );
    assert_eq!(
        header(r, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str()),
        "Authorization header"
    );
    match expected_body {
        Some(expected) => {
            assert_eq!(
                header(r, "content-type"),
                Some("application/json"),
                "Content-Type of a JSON body"
            );
            let sent: Value = serde_json::from_slice(&r.body).expect("the body must be JSON");
            assert_eq!(sent, expected, "JSON body");
        }
        None => assert!(
            r.body.is_empty(),
            "no body may be sent, got {:?}",
            String::from_utf8_lossy(&r.body)
        ),
    }
}

/// A `DeviceResource` of a provisioned desk phone, as `GET/PUT .../device/{deviceId}` return it.
/// Field values follow the spec's examples and descriptions (e.g. `HP-56-2-2`,
/// `2016-03-10T18:07:52.534Z`, `20 Davis Dr, Belmont, CA 94002, US`, `+16501234567`, `Shipped`).
pub(crate) fn hard_phone_example() -> Value {
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
