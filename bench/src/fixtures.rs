//! The JSON the loopback server answers with: devices shaped like the ones
//! RingCentral's document describes, with nested models, enums, lists and
//! date-times, so decoding costs what it costs on real answers.

use serde_json::{Value, json};

/// One device record, about 1.5 kB of JSON.
pub fn device(n: u32) -> Value {
    json!({
        "id": format!("{}", 800_000 + n),
        "uri": format!("https://platform.ringcentral.com/restapi/v1.0/account/37439510/device/{}", 800_000 + n),
        "sku": "HP-3012",
        "type": "HardPhone",
        "name": "Polycom VVX 450 IP phone",
        "serial": format!("0004F2E{n:05}"),
        "status": if n.is_multiple_of(3) { "Offline" } else { "Online" },
        "computerName": "",
        "model": {
            "id": "3012",
            "name": "Polycom VVX 450",
            "addons": [{"id": "1", "count": 2}],
            "features": ["BLA", "Intercom", "Paging", "HELD"]
        },
        "extension": {"id": 1_000_000_000_i64 + i64::from(n), "uri": "https://platform.ringcentral.com/restapi/v1.0/account/37439510/extension/1", "extensionNumber": "101"},
        "emergency": {
            "address": {
                "street": "20 Davis Dr", "street2": "Floor 2", "city": "Belmont", "zip": "94002",
                "customerName": "Acme", "state": "CA", "stateId": "16", "stateIsoCode": "CA",
                "stateName": "California", "countryId": "1", "countryIsoCode": "US", "country": "US",
                "countryName": "United States"
            },
            "location": {"id": "5", "name": "HQ"},
            "outOfCountry": false,
            "addressStatus": "Valid",
            "visibility": "Private",
            "syncStatus": "Completed",
            "addressEditableStatus": "MainDevice"
        },
        "phoneLines": [{
            "id": "1",
            "lineType": "Standalone",
            "phoneInfo": {
                "id": 2_000_000_000_i64 + i64::from(n),
                "country": {"id": "1", "uri": "https://platform.ringcentral.com/restapi/v1.0/dictionary/country/1", "name": "United States", "isoCode": "US", "callingCode": "1"},
                "paymentType": "Local",
                "phoneNumber": "+16505550100",
                "usageType": "DirectNumber",
                "type": "VoiceFax"
            }
        }],
        "boxBillingId": 5_000_000_000_i64,
        "useAsCommonPhone": false,
        "hotDeskDevice": false,
        "inCompanyNet": true,
        "site": {"id": "main-site", "name": "Main Site"},
        "lastLocationReportTime": "2016-03-10T18:07:52.534Z",
        "linePooling": "None"
    })
}

/// A page of `per_page` devices, with a next page unless `last`.
pub fn page(per_page: u32, page: u32, last: bool) -> Value {
    let uri = "https://platform.ringcentral.com/restapi/v1.0/account/~/extension/~/device";
    let mut navigation = json!({"firstPage": {"uri": format!("{uri}?page=1")}});
    if !last {
        navigation["nextPage"] = json!({"uri": format!("{uri}?page={}", page + 1)});
    }
    json!({
        "uri": uri,
        "records": (0..per_page).map(device).collect::<Vec<_>>(),
        "navigation": navigation,
        "paging": {"page": page, "perPage": per_page, "pageStart": 0, "pageEnd": per_page - 1, "totalPages": page + 1, "totalElements": per_page * (page + 1)}
    })
}
