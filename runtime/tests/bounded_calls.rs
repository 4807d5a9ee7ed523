//! Every call is bounded: by an overall deadline across attempts and waits,
//! by refusing a `Retry-After` longer than it may wait instead of sleeping
//! on it, and by a size limit on answers read into memory, which stops
//! reading instead of buffering. Waits run on paused tokio time (no test
//! sleeps); sizes are tested over real HTTP on 127.0.0.1.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sdkgen_runtime::test_util::{FakeApi, Reply};
use sdkgen_runtime::{Call, CallOptions, Client, ClientBuilder, Error, Method, RetryPolicy};

fn builder() -> ClientBuilder {
    ClientBuilder::default().base_url("http://api.example.com")
}

fn build(builder: ClientBuilder) -> Client {
    builder
        .build_with::<()>("http://api.example.com", &[], "test/0")
        .unwrap()
}

fn get(operation: &'static str) -> Call {
    let mut call = Call::new(operation, Method::GET, "/thing");
    call.path("/thing");
    call
}

async fn send(client: &Client, call: Call) -> Result<u16, Error<()>> {
    client
        .start(call, sdkgen_runtime::no_error_model::<()>, |response| {
            Ok(response.status())
        })
        .await
}

/// A policy that would go on retrying for a long time, a second apart.
fn patient() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 1000,
        initial_backoff: Duration::from_secs(1),
        max_backoff: Duration::from_secs(1),
    }
}

#[tokio::test]
async fn a_deadline_ends_a_retrying_call_without_sleeping_past_it() {
    tokio::time::pause();
    let fake = FakeApi::new();
    fake.on_operation("getThing", Reply::empty(503));
    let client = build(
        builder()
            .transport(fake.clone())
            .retry_policy(patient())
            .deadline(Duration::from_secs(10)),
    );
    let started = tokio::time::Instant::now();
    let result = send(&client, get("getThing")).await;
    let Err(Error::Deadline {
        operation,
        deadline,
        attempts,
        status,
    }) = result
    else {
        panic!("a deadline error, not {result:?}")
    };
    assert_eq!(
        (operation, deadline, status),
        ("getThing", Duration::from_secs(10), Some(503))
    );
    // Waits of half a second to a second each: several fit, a thousand do not.
    assert!((5..=21).contains(&attempts), "{attempts} attempts");
    assert_eq!(fake.requests().len() as u32, attempts);
    assert!(
        started.elapsed() <= Duration::from_secs(10),
        "no wait went past the deadline: {:?}",
        started.elapsed()
    );
    let text = Error::<()>::Deadline {
        operation,
        deadline,
        attempts,
        status,
    }
    .to_string();
    assert!(
        text.starts_with("getThing: the call's deadline of 10s passed"),
        "{text}"
    );

    // A request's own deadline replaces the client's.
    let mut call = get("getThing");
    call.options(CallOptions {
        deadline: Some(Duration::from_secs(3)),
        ..CallOptions::default()
    });
    let result = send(&client, call).await;
    assert!(
        matches!(result, Err(Error::Deadline { deadline, .. }) if deadline == Duration::from_secs(3)),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_ceiling_is_an_error_at_once() {
    tokio::time::pause();
    let fake = FakeApi::new();
    fake.on_operation(
        "getThing",
        Reply::raw(503, "busy")
            .header("retry-after", "100000")
            .header("x-rate-limit-window", "60"),
    );
    // The default policy: at most 30 s between attempts.
    let client = build(builder().transport(fake.clone()));
    let started = tokio::time::Instant::now();
    let result = send(&client, get("getThing")).await;
    assert_eq!(
        started.elapsed(),
        Duration::ZERO,
        "nothing was slept on: the clock never moved"
    );
    let Err(Error::RateLimited(e)) = result else {
        panic!("a rate-limit error, not {result:?}")
    };
    assert_eq!((e.operation, e.status), ("getThing", 503));
    assert_eq!(e.retry_after, Duration::from_secs(100000));
    assert_eq!(e.allowed, Duration::from_secs(30));
    assert_eq!(
        (e.headers["x-rate-limit-window"].as_bytes(), e.body.as_str()),
        (&b"60"[..], "busy")
    );
    assert_eq!(fake.requests().len(), 1, "sent once");

    // Within the ceiling but past the deadline: the same, at once.
    let fake = FakeApi::new();
    fake.on_operation("getThing", Reply::empty(429).header("retry-after", "20"));
    let client = build(
        builder()
            .transport(fake.clone())
            .deadline(Duration::from_secs(5)),
    );
    let result = send(&client, get("getThing")).await;
    let Err(Error::RateLimited(e)) = result else {
        panic!("a rate-limit error, not {result:?}")
    };
    assert_eq!((e.status, e.retry_after), (429, Duration::from_secs(20)));
    assert!(e.allowed <= Duration::from_secs(5));
    assert_eq!(started.elapsed(), Duration::ZERO);

    // Within both: waited on, as before.
    let fake = FakeApi::new();
    fake.on_operation("getThing", Reply::empty(503).header("retry-after", "2"))
        .on_operation("getThing", Reply::empty(200));
    let client = build(builder().transport(fake.clone()));
    assert_eq!(send(&client, get("getThing")).await.unwrap(), 200);
    // (Tokio's timers round up to the next millisecond.)
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(2) && waited < Duration::from_millis(2010),
        "{waited:?}"
    );
}

#[tokio::test]
async fn an_idempotency_key_makes_a_post_retryable_with_one_key_for_all_attempts() {
    tokio::time::pause();
    let fake = FakeApi::new();
    fake.on_operation("createOrder", Reply::empty(503))
        .on_operation("createOrder", Reply::empty(201));
    let client = build(builder().transport(fake.clone()));
    let mut call = Call::new("createOrder", Method::POST, "/orders");
    call.path("/orders")
        .idempotency_key("Idempotency-Key", &None::<String>);
    assert_eq!(send(&client, call).await.unwrap(), 201);
    let keys: Vec<String> = fake
        .requests()
        .iter()
        .map(|r| r.header("idempotency-key").unwrap().to_owned())
        .collect();
    assert_eq!(keys.len(), 2, "retried");
    assert_eq!(keys[0], keys[1], "one key for every attempt");

    // Without a key, a POST is still sent once.
    let fake = FakeApi::new();
    fake.on_operation("createOrder", Reply::empty(503));
    let client = build(builder().transport(fake.clone()));
    let mut call = Call::new("createOrder", Method::POST, "/orders");
    call.path("/orders");
    assert_eq!(send(&client, call).await.unwrap_err().status(), Some(503));
    assert_eq!(fake.requests().len(), 1);
}

/// A server on 127.0.0.1 that answers every request with `head` and then
/// `chunks` chunks of 1 KiB (chunked encoding), counting the bytes it got
/// to write before the client hung up.
fn serve(head: &'static str, chunks: u64) -> (String, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let written = Arc::new(AtomicU64::new(0));
    let count = written.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            if stream.write_all(head.as_bytes()).is_err() {
                continue;
            }
            let chunk = format!("400\r\n{}\r\n", "x".repeat(1024));
            for _ in 0..chunks {
                if stream.write_all(chunk.as_bytes()).is_err() {
                    break;
                }
                count.fetch_add(1024, Ordering::Relaxed);
            }
            let _ = stream.write_all(b"0\r\n\r\n");
        }
    });
    (url, written)
}

const CHUNKED_200: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";

#[tokio::test]
async fn an_answer_past_the_size_limit_is_refused_and_not_read_further() {
    // 1 GiB, streamed: were it read whole the test would need a gigabyte.
    let (url, written) = serve(CHUNKED_200, 1024 * 1024);
    let client = build(
        ClientBuilder::default()
            .base_url(&url)
            .max_response_bytes(1024),
    );
    let result = send(&client, get("getThing")).await;
    let Err(e @ Error::TooLarge { .. }) = result else {
        panic!("a too-large error, not {result:?}")
    };
    assert!(
        matches!(
            e,
            Error::TooLarge {
                operation: "getThing",
                status: 200,
                limit: 1024,
                size: None
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "getThing: the HTTP 200 answer is larger than the limit of 1024 bytes; reading stopped there"
    );
    drop(client);
    // The server could write only what the socket buffers held before the
    // client stopped reading and hung up.
    let sent = written.load(Ordering::Relaxed);
    assert!(sent < 64 * 1024 * 1024, "{sent} bytes were sent of a GiB");

    // Within the limit, the same answer is read whole.
    let (url, _) = serve(CHUNKED_200, 4);
    let client = build(
        ClientBuilder::default()
            .base_url(&url)
            .max_response_bytes(4096),
    );
    assert_eq!(send(&client, get("getThing")).await.unwrap(), 200);
}

#[tokio::test]
async fn an_announced_length_or_an_error_body_past_the_limit_is_refused_too() {
    let (url, written) = serve(
        "HTTP/1.1 200 OK\r\ncontent-length: 10485760\r\nconnection: close\r\n\r\n",
        0,
    );
    let client = build(
        ClientBuilder::default()
            .base_url(&url)
            .max_response_bytes(1024),
    );
    let result = send(&client, get("getThing")).await;
    assert!(
        matches!(
            result,
            Err(Error::TooLarge {
                size: Some(10485760),
                limit: 1024,
                ..
            })
        ),
        "{result:?}"
    );
    assert_eq!(written.load(Ordering::Relaxed), 0);

    let (url, _) = serve(
        "HTTP/1.1 500 Internal Server Error\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n",
        1024,
    );
    let client = build(
        ClientBuilder::default()
            .base_url(&url)
            .max_response_bytes(1024),
    );
    let result = send(&client, get("getThing")).await;
    assert!(
        matches!(result, Err(Error::TooLarge { status: 500, .. })),
        "{result:?}"
    );
}
