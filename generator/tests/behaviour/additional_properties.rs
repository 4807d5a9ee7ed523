//! Undeclared keys over real HTTP: a model extending an open model (one with
//! `additional_properties`) keeps them too, and sends them back.

use additional_properties::Client;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_model_extending_an_open_model_keeps_undeclared_keys() {
    let server = MockServer::start().await;
    let body = json!({"street": "1 Main St", "syncStatus": "Verified", "zip": "94105", "district": "SoMa"});
    Mock::given(method("GET"))
        .and(path("/addresses/a1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let address = client.addresses().get_address("a1").await.unwrap();
    assert_eq!(address.street.as_deref(), Some("1 Main St"));
    assert_eq!(
        address.additional_properties.get("zip").map(String::as_str),
        Some("94105")
    );
    assert_eq!(address.additional_properties.len(), 2);
}
