//! Rate-limit groups over real HTTP, on tokio's paused clock: a client told
//! to respect the limits spaces its calls to the group's budget and follows
//! the budget the server reports. (That a client not told never waits is
//! shown in the runtime's tests, whose transport runs on the paused clock:
//! over real sockets the paused clock may jump ahead while a call waits for
//! its answer, so only lower bounds on time hold here.)

use std::time::Duration;

use rate_limits::Client;
use tokio::time::Instant;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/report"))
        .respond_with(
            ResponseTemplate::new(204)
                .insert_header("X-Rate-Limit-Limit", "1")
                .insert_header("X-Rate-Limit-Remaining", "0")
                .insert_header("X-Rate-Limit-Window", "30"),
        )
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer, respect: bool) -> Client {
    Client::builder()
        .base_url(server.uri())
        .respect_rate_limits(respect)
        .build()
        .unwrap()
}

#[tokio::test]
async fn calls_wait_for_their_groups_budget() {
    tokio::time::pause();
    let server = server().await;
    let client = client(&server, true);
    let started = Instant::now();
    for _ in 0..3 {
        client.things().list_things().await.unwrap();
    }
    // Two per minute: the third waits for the first to leave the window.
    assert!(
        started.elapsed() >= Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    client.things().ping().await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn the_budget_the_server_reports_is_followed() {
    tokio::time::pause();
    let server = server().await;
    let client = client(&server, true);
    let started = Instant::now();
    client.things().report().await.unwrap();
    client.things().report().await.unwrap();
    // None left, says the server, in a 30 s window.
    assert!(
        started.elapsed() >= Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}
