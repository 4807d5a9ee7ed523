//! A fake API for unit tests of code that uses a generated SDK: no server,
//! no socket. Enabled by the `test-util` feature.
//!
//! Build a client with the SDK's `Client::builder().transport(fake.clone())`,
//! say what the fake answers per operation (by operation id) or per method
//! and path, run the code under test, then look at [`FakeApi::requests`].
//! Everything but the network runs as in production: validation, encoding,
//! credentials, retries, token refresh and decoding.
//!
//! ```
//! use sdkgen_runtime::test_util::{FakeApi, Reply};
//!
//! let fake = FakeApi::new();
//! fake.on_operation("readDevice", Reply::json(200, &serde_json::json!({"id": "800"})));
//! fake.on_route(sdkgen_runtime::Method::DELETE, "/devices/800", Reply::empty(204));
//! assert!(fake.requests().is_empty());
//! ```

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use super::transport::{Transport, TransportFuture};

/// One answer of the fake: status, headers and body.
#[derive(Debug, Clone)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    /// A JSON body: a model of the SDK, or any serializable value (`serde_json::json!`).
    pub fn json(status: u16, body: &impl Serialize) -> Reply {
        // Serializing the SDK's own models or a JSON value cannot fail.
        let body = serde_json::to_vec(body).unwrap_or_default();
        Reply {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body,
        }
    }

    /// A body exactly as given (raw JSON text, or anything else).
    pub fn raw(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// No body (204, or an error status without one).
    pub fn empty(status: u16) -> Reply {
        Reply::raw(status, Vec::new())
    }

    /// The same reply with a response header added (`Retry-After`, say).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A request the fake received, credentials removed.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    /// The operation id of the SDK method that sent it.
    pub operation: &'static str,
    /// HTTP method.
    pub method: reqwest::Method,
    /// The full URL, query included; an API key sent in the query reads `<redacted>`.
    pub url: String,
    /// Headers, except those holding credentials (authorization, API keys).
    pub headers: Vec<(String, String)>,
    /// The body, if there was one.
    pub body: Option<Vec<u8>>,
}

impl RecordedRequest {
    /// The body parsed as JSON, if there is one and it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(self.body.as_deref()?).ok()
    }

    /// The path of the URL, without base URL or query.
    pub fn path(&self) -> String {
        reqwest::Url::parse(&self.url)
            .map(|u| u.path().to_owned())
            .unwrap_or_default()
    }

    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What a rule answers.
#[derive(Debug)]
enum Matcher {
    Operation(String),
    Route(reqwest::Method, String),
}

#[derive(Debug)]
struct Rule {
    matcher: Matcher,
    /// Answered in order; the last one answers every further request.
    replies: VecDeque<Reply>,
}

#[derive(Debug, Default)]
struct State {
    rules: Vec<Rule>,
    requests: Vec<RecordedRequest>,
    /// Query parameters that carry credentials: recorded as `<redacted>`.
    secret_query: Vec<&'static str>,
}

/// The fake API: a [`Transport`] that answers from rules and records every request.
///
/// Clones share their rules and records, so keep one clone for assertions
/// and give another to the client. A request no rule answers gets a 501
/// whose body says so, which the SDK reports as an API error.
#[derive(Debug, Clone, Default)]
pub struct FakeApi {
    state: Arc<Mutex<State>>,
}

impl FakeApi {
    /// A fake with no rules.
    pub fn new() -> FakeApi {
        FakeApi::default()
    }

    /// Answers requests of the operation `operation_id` with `reply`. Called
    /// again for the same operation, the replies are given in order, and the
    /// last one repeats.
    pub fn on_operation(&self, operation_id: &str, reply: Reply) -> &Self {
        self.add(Matcher::Operation(operation_id.to_owned()), reply)
    }

    /// Answers requests with this method and URL path (`/devices/800`, no
    /// query) with `reply`; replies for one route are given in order too.
    pub fn on_route(&self, method: reqwest::Method, path: &str, reply: Reply) -> &Self {
        self.add(Matcher::Route(method, path.to_owned()), reply)
    }

    fn add(&self, matcher: Matcher, reply: Reply) -> &Self {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let same = |m: &Matcher| match (m, &matcher) {
            (Matcher::Operation(a), Matcher::Operation(b)) => a == b,
            (Matcher::Route(m1, p1), Matcher::Route(m2, p2)) => m1 == m2 && p1 == p2,
            _ => false,
        };
        match state.rules.iter_mut().find(|r| same(&r.matcher)) {
            Some(rule) => rule.replies.push_back(reply),
            None => state.rules.push(Rule {
                matcher,
                replies: VecDeque::from([reply]),
            }),
        }
        self
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .requests
            .clone()
    }

    /// The requests of one operation, in order.
    pub fn requests_of(&self, operation_id: &str) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.operation == operation_id)
            .collect()
    }

    fn answer(&self, operation: &'static str, request: &reqwest::Request) -> Reply {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let headers = request
            .headers()
            .iter()
            .filter(|(_, v)| !v.is_sensitive())
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = request
            .body()
            .and_then(|b| b.as_bytes())
            .map(<[u8]>::to_vec);
        let mut url = request.url().clone();
        if url
            .query_pairs()
            .any(|(n, _)| state.secret_query.contains(&n.as_ref()))
        {
            let pairs: Vec<(String, String)> = url
                .query_pairs()
                .map(|(n, v)| {
                    let v = if state.secret_query.contains(&n.as_ref()) {
                        "<redacted>".into()
                    } else {
                        v.into_owned()
                    };
                    (n.into_owned(), v)
                })
                .collect();
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
        state.requests.push(RecordedRequest {
            operation,
            method: request.method().clone(),
            url: url.to_string(),
            headers,
            body,
        });
        let path = request.url().path().to_owned();
        let matches = |m: &Matcher| match m {
            Matcher::Operation(id) => id == operation,
            Matcher::Route(method, p) => method == request.method() && *p == path,
        };
        // Operation rules first: they say more about intent than a path does.
        let rule = state
            .rules
            .iter_mut()
            .filter(|r| matches(&r.matcher))
            .min_by_key(|r| matches!(r.matcher, Matcher::Route(..)));
        match rule {
            Some(rule) if rule.replies.len() > 1 => rule
                .replies
                .pop_front()
                .unwrap_or_else(|| Reply::empty(501)),
            Some(rule) => rule
                .replies
                .front()
                .cloned()
                .unwrap_or_else(|| Reply::empty(501)),
            None => Reply::raw(
                501,
                format!(
                    "the fake API has no reply for operation `{operation}` ({} {path})",
                    request.method()
                ),
            ),
        }
    }
}

impl Transport for FakeApi {
    fn secret_query(&self, names: &[&'static str]) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.secret_query.extend_from_slice(names);
    }

    fn send(&self, operation: &'static str, request: reqwest::Request) -> TransportFuture<'_> {
        let reply = self.answer(operation, &request);
        Box::pin(async move {
            let mut response = http::Response::builder().status(reply.status);
            for (name, value) in &reply.headers {
                response = response.header(name.as_str(), value.as_str());
            }
            // A status or header the test wrote wrong shows up as a 500 with the reason.
            let response = response.body(reply.body).unwrap_or_else(|e| {
                let mut fallback =
                    http::Response::new(format!("invalid fake reply: {e}").into_bytes());
                *fallback.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
                fallback
            });
            Ok(reqwest::Response::from(response))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: reqwest::Method, url: &str) -> reqwest::Request {
        reqwest::Client::new()
            .request(method, url)
            .bearer_auth("s3cret")
            .header("x-trace", "t1")
            .body("{\"a\":1}")
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn replies_in_order_then_the_last_repeats_and_credentials_are_not_recorded() {
        let fake = FakeApi::new();
        fake.on_operation("list", Reply::json(200, &serde_json::json!([1])))
            .on_operation("list", Reply::empty(204));
        let statuses: Vec<u16> = futures_util::future::join_all((0..3).map(|_| async {
            fake.send(
                "list",
                request(reqwest::Method::GET, "http://fake/items?page=1"),
            )
            .await
            .unwrap()
            .status()
            .as_u16()
        }))
        .await;
        assert_eq!(statuses, [200, 204, 204]);
        let recorded = fake.requests();
        assert_eq!(recorded.len(), 3);
        assert_eq!(recorded[0].path(), "/items");
        assert_eq!(recorded[0].header("x-trace"), Some("t1"));
        assert_eq!(recorded[0].header("authorization"), None);
        assert_eq!(recorded[0].json(), Some(serde_json::json!({"a": 1})));
    }

    #[tokio::test]
    async fn routes_match_method_and_path_and_unknown_requests_get_501() {
        let fake = FakeApi::new();
        fake.on_route(
            reqwest::Method::DELETE,
            "/items/7",
            Reply::empty(204).header("x-done", "yes"),
        );
        let deleted = fake
            .send(
                "delete",
                request(reqwest::Method::DELETE, "http://fake/items/7"),
            )
            .await
            .unwrap();
        assert_eq!(
            (
                deleted.status().as_u16(),
                deleted.headers()["x-done"].to_str().unwrap()
            ),
            (204, "yes")
        );
        let other = fake
            .send("read", request(reqwest::Method::GET, "http://fake/items/7"))
            .await
            .unwrap();
        assert_eq!(other.status().as_u16(), 501);
        assert!(other.text().await.unwrap().contains("operation `read`"));
    }
}
