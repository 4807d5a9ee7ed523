//! Nullability over real HTTP: absent, `null` and a value stay three
//! different things in both directions.

use nullable::models::*;
use nullable::{Client, Nullable};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(body: Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(path("/issues/7"))
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

async fn sent(server: &MockServer) -> Value {
    let requests = server.received_requests().await.unwrap();
    serde_json::from_slice(&requests.last().unwrap().body).unwrap()
}

#[tokio::test]
async fn an_update_sends_null_to_clear_and_leaves_absent_fields_out() {
    let issue = json!({"id": 7, "title": "t", "closed_at": null, "labels": []});
    let (server, client) = answering(issue).await;
    let update = IssueUpdate::new()
        .with_title("Renamed")
        .with_milestone(Nullable::Null)
        .with_body(Nullable::Null)
        .with_priority(3);
    client.issues().update_issue(7, update).await.unwrap();
    assert_eq!(
        sent(&server).await,
        json!({"title": "Renamed", "body": null, "milestone": null, "priority": 3})
    );

    // An `Option` handed to a nullable setter says value or null.
    let update = IssueUpdate::new()
        .with_body(None::<String>)
        .with_state(Some(IssueState::Closed));
    client.issues().update_issue(7, update).await.unwrap();
    assert_eq!(
        sent(&server).await,
        json!({"body": null, "state": "closed"})
    );

    client
        .issues()
        .update_issue(7, IssueUpdate::new())
        .await
        .unwrap();
    assert_eq!(sent(&server).await, json!({}));
}

#[tokio::test]
async fn a_response_tells_null_from_absent_and_keeps_null_items() {
    let issue = json!({
        "id": 7, "title": "t", "closed_at": null, "labels": ["bug", null],
        "milestone": null, "assignees": {"ann": {"login": "ann"}, "bob": null},
        "state": "open", "owner": null, "tag": "x"
    });
    let (_server, client) = answering(issue).await;
    let got = client.issues().get_issue(7).await.unwrap();
    assert_eq!(got.milestone, Nullable::Null);
    assert_eq!(got.closed_at, None);
    assert_eq!(got.labels, vec![Some("bug".to_owned()), None]);
    let assignees = got.assignees.as_ref().unwrap();
    assert_eq!(
        assignees["ann"].as_ref().map(|u| u.login.as_str()),
        Some("ann")
    );
    assert_eq!(assignees["bob"], None);
    assert_eq!(got.state, Nullable::Value(IssueState::Open));
    assert!(got.owner.is_null());
    assert_eq!(got.tag.as_deref(), Some("x"));

    let (_server, client) = answering(
        json!({"id": 7, "title": "t", "closed_at": "2024-05-01T10:00:00Z", "labels": []}),
    )
    .await;
    let got = client.issues().get_issue(7).await.unwrap();
    assert!(got.milestone.is_absent() && got.state.is_absent() && got.owner.is_absent());
    assert!(got.closed_at.is_some());
}

#[tokio::test]
async fn a_nullable_value_still_meets_its_constraints_when_set() {
    let (server, client) =
        answering(json!({"id": 7, "title": "t", "closed_at": null, "labels": []})).await;
    let err = client
        .issues()
        .update_issue(7, IssueUpdate::new().with_priority(9))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("priority"), "{err}");
    // Null is not a value, so no bound applies to it.
    client
        .issues()
        .update_issue(7, IssueUpdate::new().with_priority(Nullable::Null))
        .await
        .unwrap();
    assert_eq!(sent(&server).await, json!({"priority": null}));
    let _ = method("PATCH");
}
