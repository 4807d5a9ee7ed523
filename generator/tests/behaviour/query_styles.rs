//! Query parameter styles over real HTTP: the query string as the server
//! receives it, byte for byte.

use query_styles::Client;
use query_styles::models::*;
use serde_json::json;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn sent_query(
    build: impl FnOnce(&Client) -> query_styles::services::issues::ListIssuesBuilder,
) -> String {
    let server = MockServer::start().await;
    Mock::given(path("/issues"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": 1}])))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let issues = build(&client).await.unwrap();
    assert_eq!(issues[0].id, 1);
    let requests = server.received_requests().await.unwrap();
    requests[0].url.query().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn each_style_writes_lists_as_openapi_says() {
    let query = sent_query(|c| {
        c.issues()
            .list_issues()
            .state(vec!["open".into(), "closed".into()])
            .labels(vec!["bug".into(), "needs,triage".into()])
            .ids(vec![1, 2])
            .words(vec!["a".into(), "b".into()])
    })
    .await;
    // A comma inside an item is escaped; the ones between items are not.
    assert_eq!(
        query,
        "state=open&state=closed&labels=bug,needs%2Ctriage&ids=1%7C2&words=a%20b"
    );
}

#[tokio::test]
async fn deep_objects_send_one_pair_per_property_and_leave_out_absent_ones() {
    let filter = Filter::new()
        .with_status("open")
        .with_labels(vec!["a".into(), "b".into()])
        .with_created(DateRange::new().with_gte("2024-05-01".parse().unwrap()));
    let meta = [("team".to_owned(), "core".to_owned())].into();
    let query = sent_query(|c| c.issues().list_issues().filter(filter).meta(meta)).await;
    assert_eq!(
        query,
        "filter%5Bcreated%5D%5Bgte%5D=2024-05-01&filter%5Blabels%5D=a&filter%5Blabels%5D=b&filter%5Bstatus%5D=open&meta%5Bteam%5D=core"
    );
}

#[tokio::test]
async fn form_objects_send_one_pair_per_property_under_its_own_name() {
    let window = Window::new()
        .with_limit(10)
        .with_kinds(vec!["bug".into(), "a&b".into()]);
    let extra = [("sort".to_owned(), "new est".to_owned())].into();
    let query = sent_query(|c| {
        c.issues()
            .list_issues()
            .state(vec!["open".into()])
            .window(window)
            .extra(extra)
    })
    .await;
    // Properties in name order; the absent `after` sends nothing.
    assert_eq!(
        query,
        "state=open&kinds=bug&kinds=a%26b&limit=10&sort=new%20est"
    );
}

#[tokio::test]
async fn absent_and_empty_parameters_send_nothing() {
    let query = sent_query(|c| c.issues().list_issues().labels(Vec::new())).await;
    assert_eq!(query, "");
}

#[tokio::test]
async fn a_list_path_parameter_is_one_segment_of_comma_joined_items() {
    let server = MockServer::start().await;
    Mock::given(path("/issues/1,a%2Cb"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": 1}])))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let issues = client
        .issues()
        .get_issues(vec!["1".into(), "a,b".into()])
        .await
        .unwrap();
    assert_eq!(issues[0].id, 1);
    assert_eq!(
        server.received_requests().await.unwrap()[0].url.path(),
        "/issues/1,a%2Cb"
    );
    let err = client.issues().get_issues(vec![]).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("path parameter `numbers` needs at least one value"),
        "{err}"
    );
}

#[tokio::test]
async fn a_parameter_named_twice_in_the_path_fills_both_places() {
    let server = MockServer::start().await;
    Mock::given(path("/issues/7/links/a%2Fb/7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": 7}])))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let issues = client.issues().get_self_links(7, "a/b").await.unwrap();
    assert_eq!(issues[0].id, 7);
}

#[tokio::test]
async fn joined_form_objects_send_names_and_values_under_one_key() {
    let span = Span::new("2024-05-01".parse().unwrap()).with_note("a, b");
    let tally = [("b".to_owned(), 2), ("a".to_owned(), 1)].into();
    let query = sent_query(|c| c.issues().list_issues().span(span).tally(tally)).await;
    // Names in order, the absent `to` left out; the comma inside the note
    // is escaped and the ones between items are not.
    assert_eq!(query, "span=from,2024-05-01,note,a%2C%20b&tally=a,1,b,2");
}
