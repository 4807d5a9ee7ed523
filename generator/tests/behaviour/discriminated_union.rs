//! Discriminated unions over real HTTP: the tag picks the member, unknown
//! tags are kept whole, and sending writes the variant's tag.

use discriminated_union::Client;
use discriminated_union::models::*;
use serde_json::{Value, json};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(body: Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(path("/schedules/main"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    (server, client)
}

fn schedule() -> Value {
    json!({
        "name": "main",
        "triggers": [
            {"triggerType": "Daily", "time": "09:30:00"},
            {"triggerType": "Weekdays", "days": ["Mon", "Tue"]},
            {"triggerType": "RangeTrigger", "start": "2024-05-01T00:00:00Z", "end": "2024-05-02T00:00:00Z"},
            {"triggerType": "Hourly", "minute": 15, "extra": {"nested": [1, null]}}
        ]
    })
}

#[tokio::test]
async fn the_tag_picks_the_member_and_unknown_tags_are_kept() {
    let (_server, client) = answering(schedule()).await;
    let got = client.schedules().get_schedule("main").await.unwrap();
    assert!(
        matches!(&got.triggers[0], Trigger::Daily(d) if d.time.to_string() == "09:30:00"),
        "{:?}",
        got.triggers[0]
    );
    assert!(
        matches!(&got.triggers[1], Trigger::Weekdays(w) if w.days == ["Mon", "Tue"]),
        "{:?}",
        got.triggers[1]
    );
    assert!(
        matches!(&got.triggers[2], Trigger::RangeTrigger(_)),
        "{:?}",
        got.triggers[2]
    );
    assert_eq!(
        got.triggers[3],
        Trigger::Unknown(
            json!({"triggerType": "Hourly", "minute": 15, "extra": {"nested": [1, null]}})
        )
    );
    assert!(got.next.is_none());
}

#[tokio::test]
async fn a_value_sent_back_is_unchanged_and_tags_come_from_the_variant() {
    let (server, client) = answering(schedule()).await;
    let got = client.schedules().get_schedule("main").await.unwrap();
    client.schedules().put_schedule("main", got).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let sent: Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(sent, schedule());

    // Weekly and Weekdays share a member; the variant decides the tag.
    let weekly = WeeklyTrigger::new(vec!["Sat".into()]);
    let body = Schedule::new(
        "main",
        vec![Trigger::Weekly(weekly.clone()), Trigger::Weekdays(weekly)],
    )
    .with_next(Trigger::Daily(DailyTrigger::new(
        "ignored: the variant's tag wins",
        "07:00:00".parse().unwrap(),
    )));
    client.schedules().put_schedule("main", body).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let sent: Value = serde_json::from_slice(&requests[2].body).unwrap();
    assert_eq!(
        sent,
        json!({
            "name": "main",
            "triggers": [{"triggerType": "Weekly", "days": ["Sat"]}, {"triggerType": "Weekdays", "days": ["Sat"]}],
            "next": {"triggerType": "Daily", "time": "07:00:00"}
        })
    );
}

#[tokio::test]
async fn a_known_tag_on_a_value_that_does_not_fit_is_an_error_naming_both() {
    let (_server, client) =
        answering(json!({"name": "main", "triggers": [{"triggerType": "Daily"}]})).await;
    let err = client
        .schedules()
        .get_schedule("main")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`triggerType` is `Daily` but the value is not a valid `DailyTrigger`"),
        "{err}"
    );
    assert!(err.contains("triggers[0]"), "{err}");
}

#[tokio::test]
async fn a_bad_value_inside_a_member_is_named_by_its_own_path() {
    // Raw text, so the tag comes first and the member reads the rest of the
    // object straight from the body: the error keeps the value's position.
    let server = MockServer::start().await;
    let body = r#"{"name":"main","triggers":[{"triggerType":"Daily","time":"07:00:00"},{"triggerType":"Weekly","days":["Mon",7]}]}"#;
    Mock::given(path("/schedules/main"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let err = client
        .schedules()
        .get_schedule("main")
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("triggers[1].days[1]"), "{err}");
}
