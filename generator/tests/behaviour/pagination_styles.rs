//! Every pagination style over real HTTP: each `stream()` walks all pages
//! lazily, asks for the next page the way the API says, and stops where the
//! API says the list ends.

use futures_util::{StreamExt, TryStreamExt};
use pagination_styles::Client;
use serde_json::json;
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .build()
        .unwrap()
}

fn ids(items: Vec<pagination_styles::models::Issue>) -> Vec<String> {
    items.into_iter().map(|i| i.id).collect()
}

fn issues(ids: &[&str]) -> serde_json::Value {
    json!(ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>())
}

#[tokio::test]
async fn link_headers_lead_to_the_next_page_until_there_is_none() {
    let server = MockServer::start().await;
    let next = format!(
        "<{}/issues?per_page=2&page=2>; rel=\"next\", <{}/issues?per_page=2&page=2>; rel=\"last\"",
        server.uri(),
        server.uri()
    );
    Mock::given(path("/issues"))
        .and(query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(issues(&["1", "2"]))
                .insert_header("Link", next.as_str()),
        )
        .mount(&server)
        .await;
    // A relative link, resolved against the page's own URL.
    Mock::given(path("/issues"))
        .and(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(issues(&["3"]))
                .insert_header("Link", "</issues?page=3>; rel=\"next\""),
        )
        .mount(&server)
        .await;
    Mock::given(path("/issues"))
        .and(query_param("page", "3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(issues(&["4"])))
        .mount(&server)
        .await;
    let all = client(&server)
        .issues()
        .list_linked()
        .per_page(2)
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(ids(all), ["1", "2", "3", "4"]);
    let requests = server.received_requests().await.unwrap();
    assert!(
        requests
            .iter()
            .all(|r| r.headers.get("authorization").unwrap() == "Bearer t")
    );
}

#[tokio::test]
async fn a_link_to_another_origin_is_not_followed() {
    let server = MockServer::start().await;
    Mock::given(path("/issues"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(issues(&["1"]))
                .insert_header(
                    "Link",
                    "<https://elsewhere.example/issues?page=2>; rel=\"next\"",
                ),
        )
        .mount(&server)
        .await;
    let mut stream = Box::pin(client(&server).issues().list_linked().stream());
    assert_eq!(stream.next().await.unwrap().unwrap().id, "1");
    let err = stream.next().await.unwrap().unwrap_err().to_string();
    assert!(err.contains("leaves the API's origin"), "{err}");
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn a_cursor_in_the_body_is_sent_back_until_it_is_absent_or_empty() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], next: Option<&str>| {
        ResponseTemplate::new(200)
            .set_body_json(json!({"data": issues(ids), "meta": {"next_cursor": next}}))
    };
    Mock::given(path("/cursor"))
        .and(query_param_is_missing("cursor"))
        .respond_with(page(&["1"], Some("c2")))
        .mount(&server)
        .await;
    Mock::given(path("/cursor"))
        .and(query_param("cursor", "c2"))
        .respond_with(page(&["2"], Some("c3")))
        .mount(&server)
        .await;
    Mock::given(path("/cursor"))
        .and(query_param("cursor", "c3"))
        .respond_with(page(&["3"], Some("")))
        .mount(&server)
        .await;
    let all = client(&server)
        .issues()
        .list_by_cursor()
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(ids(all), ["1", "2", "3"]);
    // Starting from a cursor the caller set.
    let rest = client(&server)
        .issues()
        .list_by_cursor()
        .cursor("c3")
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(ids(rest), ["3"]);
}

#[tokio::test]
async fn the_last_items_id_starts_the_next_page_while_has_more() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], more: bool| {
        ResponseTemplate::new(200).set_body_json(json!({"data": issues(ids), "has_more": more}))
    };
    Mock::given(path("/after"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(page(&["a", "b"], true))
        .mount(&server)
        .await;
    Mock::given(path("/after"))
        .and(query_param("starting_after", "b"))
        .respond_with(page(&["c", "d"], true))
        .mount(&server)
        .await;
    Mock::given(path("/after"))
        .and(query_param("starting_after", "d"))
        .respond_with(page(&["e"], false))
        .mount(&server)
        .await;
    let all = client(&server)
        .issues()
        .list_after()
        .limit(2)
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(ids(all), ["a", "b", "c", "d", "e"]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests.len(),
        3,
        "has_more: false ends the walk without another request"
    );
    assert!(
        requests
            .iter()
            .all(|r| r.url.query().unwrap_or_default().contains("limit=2"))
    );
}

#[tokio::test]
async fn offsets_advance_by_each_pages_length_until_an_empty_page() {
    let server = MockServer::start().await;
    Mock::given(path("/offset"))
        .and(query_param("offset", "0"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"results": issues(&["1", "2"])})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/offset"))
        .and(query_param("offset", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"results": issues(&["3"])})))
        .mount(&server)
        .await;
    Mock::given(path("/offset"))
        .and(query_param("offset", "3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"results": issues(&["4"])})))
        .mount(&server)
        .await;
    Mock::given(path("/offset"))
        .and(query_param("offset", "4"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"results": []})))
        .mount(&server)
        .await;
    let mut stream = Box::pin(client(&server).issues().list_by_offset().limit(2).stream());
    // Lazy: the first item needs the first page only.
    assert_eq!(stream.next().await.unwrap().unwrap().id, "1");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    let rest: Vec<_> = stream.try_collect().await.unwrap();
    assert_eq!(ids(rest), ["2", "3", "4"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn page_numbers_advance_while_the_next_page_is_named() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], next: bool| {
        let navigation = if next {
            json!({"next_page": {"uri": "https://api.example.com/pages?page=n"}})
        } else {
            json!({})
        };
        ResponseTemplate::new(200)
            .set_body_json(json!({"records": issues(ids), "navigation": navigation}))
    };
    for (n, body) in [
        ("1", page(&["1", "2"], true)),
        ("2", page(&["3", "4"], true)),
        ("3", page(&["5"], false)),
    ] {
        Mock::given(path("/pages"))
            .and(query_param("page", n))
            .and(query_param("per_page", "2"))
            .respond_with(body)
            .expect(1)
            .mount(&server)
            .await;
    }
    let all = client(&server)
        .issues()
        .list_by_page()
        .per_page(2)
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(ids(all), ["1", "2", "3", "4", "5"]);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        3,
        "no next_page ends the walk without another request"
    );
}

#[tokio::test]
async fn page_numbers_without_an_indicator_advance_until_an_empty_page() {
    let server = MockServer::start().await;
    let page = |ids: &[&str]| {
        ResponseTemplate::new(200).set_body_json(json!({"records": issues(ids), "total_pages": 3}))
    };
    for (n, body) in [
        ("2", page(&["1"])),
        ("3", page(&["2"])),
        ("4", page(&["3"])),
        ("5", page(&[])),
    ] {
        Mock::given(path("/numbered"))
            .and(query_param("page", n))
            .respond_with(body)
            .expect(1)
            .mount(&server)
            .await;
    }
    // From the page the caller set.
    let all = client(&server)
        .issues()
        .list_pages_until_empty()
        .page(2)
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(ids(all), ["1", "2", "3"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn skip_advances_by_each_pages_length_while_has_more() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], more: bool| {
        ResponseTemplate::new(200).set_body_json(json!({"items": issues(ids), "has_more": more}))
    };
    for (skip, body) in [
        ("0", page(&["1", "2"], true)),
        ("2", page(&["3", "4"], true)),
        ("4", page(&["5"], false)),
    ] {
        Mock::given(path("/skip"))
            .and(query_param("skip", skip))
            .and(query_param("top", "2"))
            .respond_with(body)
            .expect(1)
            .mount(&server)
            .await;
    }
    let all = client(&server)
        .issues()
        .list_by_skip()
        .top(2)
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(ids(all), ["1", "2", "3", "4", "5"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_next_url_in_the_body_is_followed_until_it_is_null() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], next: Option<String>| {
        ResponseTemplate::new(200)
            .set_body_json(json!({"items": issues(ids), "next_page_uri": next}))
    };
    Mock::given(path("/urls"))
        .and(query_param("PageSize", "2"))
        .and(query_param_is_missing("Page"))
        .respond_with(page(
            &["1", "2"],
            Some("/urls?PageSize=2&Page=1&PageToken=p1".into()),
        ))
        .expect(1)
        .mount(&server)
        .await;
    // An absolute URL on the client's own origin.
    Mock::given(path("/urls"))
        .and(query_param("PageToken", "p1"))
        .respond_with(page(
            &["3", "4"],
            Some(format!(
                "{}/urls?PageSize=2&Page=2&PageToken=p2",
                server.uri()
            )),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/urls"))
        .and(query_param("PageToken", "p2"))
        .respond_with(page(&["5"], None))
        .expect(1)
        .mount(&server)
        .await;
    let all = client(&server)
        .issues()
        .list_by_next_url()
        .page_size(2)
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(ids(all), ["1", "2", "3", "4", "5"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn items_one_object_down_are_walked_until_the_page_count() {
    let server = MockServer::start().await;
    // RingCentral analytics-style: a POST whose items are at `data.records`.
    let page = |n: i64, ids: &[&str]| {
        ResponseTemplate::new(200).set_body_json(json!({
            "paging": {"page": n, "total_pages": 3},
            "data": {"grouped_by": "Users", "records": issues(ids)},
        }))
    };
    for (n, ids) in [(1, &["1", "2"][..]), (2, &["3", "4"]), (3, &["5"])] {
        Mock::given(method("POST"))
            .and(path("/nested"))
            .and(query_param("page", n.to_string()))
            .and(body_json(json!({"q": "calls"})))
            .respond_with(page(n, ids))
            .expect(1)
            .mount(&server)
            .await;
    }
    let all = client(&server)
        .issues()
        .list_nested(pagination_styles::models::Query::new("calls"))
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(ids(all), ["1", "2", "3", "4", "5"]);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        3,
        "page 3 of 3 ends the walk without asking for page 4"
    );
}

#[tokio::test]
async fn an_offset_walk_stops_once_the_count_of_all_items_is_reached() {
    let server = MockServer::start().await;
    let page = |ids: &[&str]| {
        ResponseTemplate::new(200).set_body_json(json!({"value": issues(ids), "@odata.count": 5}))
    };
    for (skip, ids) in [("0", &["1", "2"][..]), ("2", &["3", "4"]), ("4", &["5"])] {
        Mock::given(path("/counted"))
            .and(query_param("skip", skip))
            .and(query_param("top", "2"))
            .respond_with(page(ids))
            .expect(1)
            .mount(&server)
            .await;
    }
    let all = client(&server)
        .issues()
        .list_counted()
        .top(2)
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(ids(all), ["1", "2", "3", "4", "5"]);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        3,
        "5 of 5 items seen: no request for an empty page at skip=5"
    );
}

#[tokio::test]
async fn a_page_walk_stops_once_it_has_seen_the_total_and_goes_on_without_one() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], total: Option<i32>| {
        let meta = total.map(|t| json!({"total": t}));
        ResponseTemplate::new(200).set_body_json(json!({"records": issues(ids), "meta": meta}))
    };
    for (n, ids) in [("1", &["1", "2"][..]), ("2", &["3", "4"]), ("3", &["5"])] {
        Mock::given(path("/totals"))
            .and(query_param("page", n))
            .respond_with(page(ids, Some(5)))
            .expect(1)
            .mount(&server)
            .await;
    }
    let all = client(&server)
        .issues()
        .list_until_total()
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(ids(all), ["1", "2", "3", "4", "5"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);

    // An answer without its total: the walk goes on to an empty page.
    let server = MockServer::start().await;
    for (n, ids) in [("1", &["1"][..]), ("2", &["2"]), ("3", &[])] {
        Mock::given(path("/totals"))
            .and(query_param("page", n))
            .respond_with(page(ids, None))
            .expect(1)
            .mount(&server)
            .await;
    }
    let all = client(&server)
        .issues()
        .list_until_total()
        .stream()
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(ids(all), ["1", "2"]);
}
