//! A client told to respect rate limits keeps every window under its
//! group's budget, across concurrent calls and clones, and follows the
//! limits the server reports. Judged by a transport that answers 429 to a
//! request over budget, on tokio's paused clock: no test waits for real.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use sdkgen_runtime::{
    Call, Client, ClientBuilder, Method, RateGroup, RateHeaders, RetryPolicy, Transport,
    TransportFuture,
};
use tokio::time::Instant;

const WINDOW: Duration = Duration::from_secs(60);

/// Answers 429 to a request when `budget` others came in the window before
/// it, and adds `headers` to every answer.
/// Clones share what was sent, so the test keeps one.
#[derive(Debug, Clone)]
struct Judge {
    budget: usize,
    sent: Arc<Mutex<Vec<Instant>>>,
    headers: Vec<(&'static str, &'static str)>,
}

impl Judge {
    fn new(budget: usize, headers: Vec<(&'static str, &'static str)>) -> Judge {
        Judge {
            budget,
            sent: Arc::default(),
            headers,
        }
    }

    fn times(&self) -> Vec<Duration> {
        let sent = self.sent.lock().unwrap();
        sent.iter().map(|t| *t - sent[0]).collect()
    }
}

impl Transport for Judge {
    fn send(&self, _operation: &'static str, _request: reqwest::Request) -> TransportFuture<'_> {
        let now = Instant::now();
        let mut sent = self.sent.lock().unwrap();
        let in_window = sent.iter().filter(|t| now - **t < WINDOW).count();
        sent.push(now);
        let status = if in_window >= self.budget { 429 } else { 204 };
        let mut response = http::Response::builder().status(status);
        for (name, value) in &self.headers {
            response = response.header(*name, *value);
        }
        let response = reqwest::Response::from(response.body(Vec::<u8>::new()).unwrap());
        Box::pin(async move { Ok(response) })
    }
}

fn client(judge: &Judge, groups: &'static [RateGroup], headers: RateHeaders) -> Client {
    ClientBuilder::default()
        .transport(judge.clone())
        .retry_policy(RetryPolicy::none())
        .rate_limits(groups, headers)
        .respect_rate_limits(true)
        .build_with::<()>("http://api.example.com", &[], "test/0")
        .unwrap()
}

async fn call(client: &Client) -> u16 {
    let mut call = Call::new("listThings", Method::GET, "/things");
    call.path("/things").rate_group("Light");
    match client
        .clone()
        .start(call, sdkgen_runtime::no_error_model::<()>, |r| {
            Ok(r.status())
        })
        .await
    {
        Ok(status) => status,
        Err(e) => e.status().unwrap_or(0),
    }
}

static LIGHT: [RateGroup; 1] = [RateGroup::new("Light", 5, WINDOW)];

#[tokio::test(start_paused = true)]
async fn concurrent_calls_stay_under_the_budget_without_a_429() {
    let judge = Judge::new(5, Vec::new());
    let client = client(&judge, &LIGHT, RateHeaders::default());
    let calls = (0..12).map(|_| {
        let client = client.clone();
        async move { call(&client).await }
    });
    let statuses = futures_util::future::join_all(calls).await;
    assert_eq!(statuses, [204; 12], "no call drew a 429");
    let times: Vec<u64> = judge.times().iter().map(Duration::as_secs).collect();
    assert_eq!(times, [0, 0, 0, 0, 0, 60, 60, 60, 60, 60, 120, 120]);
}

#[tokio::test(start_paused = true)]
async fn without_being_told_the_client_does_not_wait() {
    let judge = Judge::new(5, Vec::new());
    let client = ClientBuilder::default()
        .transport(judge.clone())
        .retry_policy(RetryPolicy::none())
        .rate_limits(&LIGHT, RateHeaders::default())
        .build_with::<()>("http://api.example.com", &[], "test/0")
        .unwrap();
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(call(&client).await);
    }
    assert_eq!(statuses, [204, 204, 204, 204, 204, 429]);
}

static UNKNOWN: [RateGroup; 1] = [RateGroup::unknown("Light")];

#[tokio::test(start_paused = true)]
async fn the_servers_headers_set_the_budget() {
    // The API documents no budget; the server says 2 per 30 s, none left.
    let judge = Judge::new(
        2,
        vec![
            ("X-Rate-Limit-Limit", "2"),
            ("X-Rate-Limit-Remaining", "0"),
            ("X-Rate-Limit-Window", "30"),
        ],
    );
    let headers = RateHeaders {
        limit: Some("X-Rate-Limit-Limit"),
        remaining: Some("X-Rate-Limit-Remaining"),
        window: Some("X-Rate-Limit-Window"),
    };
    let client = client(&judge, &UNKNOWN, headers);
    let started = Instant::now();
    for _ in 0..3 {
        assert_eq!(call(&client).await, 204);
    }
    let times: Vec<u64> = judge.times().iter().map(Duration::as_secs).collect();
    // Each answer says none are left: the next call waits out the window.
    assert_eq!(times, [0, 30, 60]);
    assert_eq!(started.elapsed().as_secs(), 60);
}
