//! A recording HTTP/1.1 relay on 127.0.0.1 between an SDK and Prism.
//!
//! The SDKs return decoded values, not headers, so without it a success
//! response that Prism flags in `sl-violations` would go unseen, and nothing
//! would show which parameters and fields a call really put on the wire.
//! Each connection carries one exchange: the request is forwarded with
//! `Connection: close`, Prism's answer is read to the end, recorded, and
//! relayed unchanged.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One request and the answer it got.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// HTTP method.
    pub method: String,
    /// Path and query as sent.
    pub target: String,
    /// Request body.
    pub request_body: Vec<u8>,
    /// Status Prism answered with.
    pub status: u16,
    /// Prism's `sl-violations` header, when present.
    pub violations: Option<String>,
    /// Response body (de-chunked).
    pub response_body: Vec<u8>,
    /// The vendor operation the call meant to reach, when the checks know
    /// it: a document may declare two templates that differ only in their
    /// parameters' names, which no path can tell apart.
    pub meant: Option<String>,
}

impl Exchange {
    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// Names of the query parameters sent, decoded (`DateCreated%3C` is
    /// `DateCreated<`, as the document names it), in order, with repeats.
    pub fn query_names(&self) -> Vec<String> {
        let Some((_, query)) = self.target.split_once('?') else {
            return Vec::new();
        };
        query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| crate::request_body::decode(p.split('=').next().unwrap_or_default()))
            .collect()
    }
}

/// Gives a new body for an answer (the exchange holds Prism's), or `None`
/// to relay it as it is.
pub type Rewrite = Arc<dyn Fn(&Exchange) -> Option<Vec<u8>> + Send + Sync>;

/// Brings the server behind a relay back (see [`crate::prism::Prism::revive`]);
/// blocking, as starting takes time. Given `true`, it is restarted even
/// when it still listens: it is stuck on an answer it will not finish.
pub type Revive = Arc<dyn Fn(bool) -> Result<(), String> + Send + Sync>;

/// A relay in front of one Prism instance.
pub struct Recorder {
    /// Base URL to give an SDK client.
    pub url: String,
    log: Arc<Mutex<Vec<Exchange>>>,
    rewriting: Arc<AtomicBool>,
    /// The seed asked of Prism's random data generator, when set.
    seed: Arc<Mutex<Option<String>>>,
    /// Set when the relay could not reach the server or lost it mid-answer.
    lost: Arc<AtomicBool>,
    revive: Option<Revive>,
    task: tokio::task::JoinHandle<()>,
    upstream: SocketAddr,
}

impl Recorder {
    /// Starts relaying from a free port of 127.0.0.1 to `upstream`;
    /// `rewrite` applies while [`Recorder::rewrite_answers`] is on.
    pub async fn start(upstream: SocketAddr, rewrite: Option<Rewrite>) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let log = Arc::new(Mutex::new(Vec::new()));
        let rewriting = Arc::new(AtomicBool::new(false));
        let seed = Arc::new(Mutex::new(None));
        let lost = Arc::new(AtomicBool::new(false));
        let (shared, switch, lost_here) = (log.clone(), rewriting.clone(), lost.clone());
        let seeds = seed.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (shared, lost) = (shared.clone(), lost_here.clone());
                let rewrite = rewrite.clone().filter(|_| switch.load(Ordering::SeqCst));
                let seed = seeds.lock().unwrap_or_else(|p| p.into_inner()).clone();
                tokio::spawn(async move {
                    let relayed = relay(stream, upstream, &shared, rewrite, seed, &lost);
                    if let Err(e) = relayed.await {
                        eprintln!("contract: relay to {upstream} failed: {e}");
                    }
                });
            }
        });
        Ok(Recorder {
            url,
            log,
            rewriting,
            seed,
            lost,
            revive: None,
            task,
            upstream,
        })
    }

    /// Waits until the server behind the relay answers again, after a call
    /// was given up on while it was still working on it (Prism answers one
    /// request at a time), and forgets that call. A server still busy after
    /// `limit` is restarted: Prism's random data generator can recurse
    /// through a schema for minutes and then run out of memory, and every
    /// later call would wait behind it.
    pub async fn wait_idle(&self, limit: std::time::Duration) -> Result<(), String> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let started = std::time::Instant::now();
        let mut idle = false;
        while started.elapsed() < limit {
            // A server that no longer listens is not busy but gone: the
            // next call brings it back (see `recover`).
            if tokio::net::TcpStream::connect(self.upstream).await.is_err() {
                self.lost.store(true, Ordering::SeqCst);
                break;
            }
            let ping = async {
                let mut stream = tokio::net::TcpStream::connect(self.upstream).await?;
                stream.write_all(b"GET /__contract_idle HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await?;
                let mut answer = Vec::new();
                stream.read_to_end(&mut answer).await?;
                Ok::<bool, std::io::Error>(!answer.is_empty())
            };
            // Answering the ping is not enough: Prism may interleave; the
            // abandoned call is over once the relay has logged its answer.
            let answered = matches!(
                tokio::time::timeout(
                    std::time::Duration::from_secs(10).min(limit.saturating_sub(started.elapsed())),
                    ping
                )
                .await,
                Ok(Ok(true))
            );
            if answered
                && !self
                    .log
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .is_empty()
            {
                idle = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        if !idle && !self.lost.load(Ordering::SeqCst) {
            if let Some(revive) = &self.revive {
                revive(true)?;
                // The abandoned call's relay saw the server go: that loss
                // is this restart, not one to recover from.
                self.lost.store(false, Ordering::SeqCst);
            }
        }
        self.take();
        Ok(())
    }

    /// Gives the relay the way to bring its server back.
    pub fn set_revive(&mut self, revive: Revive) {
        self.revive = Some(revive);
    }

    /// Whether the server was lost since the last call, and if so, brings
    /// it back: `Ok(true)` when the call that saw it should be made again,
    /// `Err` when the server cannot be brought back.
    pub fn recover(&self) -> Result<bool, String> {
        if !self.lost.swap(false, Ordering::SeqCst) {
            return Ok(false);
        }
        if let Some(revive) = &self.revive {
            revive(false)?;
        }
        // The answer drawn from this seed may be what brought the server
        // down (Prism runs out of memory on some): the call made again
        // asks for another one.
        if let Some(seed) = self.seed.lock().unwrap_or_else(|p| p.into_inner()).as_mut() {
            seed.push_str("-again");
        }
        self.take();
        self.lost.store(false, Ordering::SeqCst);
        Ok(true)
    }

    /// Turns rewriting of answers on or off for the requests that follow.
    pub fn rewrite_answers(&self, on: bool) {
        self.rewriting.store(on, Ordering::SeqCst);
    }

    /// Asks Prism to draw the random answers to the requests that follow
    /// from `seed` (its `Prefer: seed=` preference), or from its own
    /// randomness when `None`: with a seed, a run gets the same answers
    /// every time, and a failure seen once is seen again.
    pub fn seed_answers(&self, seed: Option<String>) {
        *self.seed.lock().unwrap_or_else(|p| p.into_inner()) = seed;
    }

    /// The exchanges recorded since the last call.
    pub fn take(&self) -> Vec<Exchange> {
        std::mem::take(&mut *self.log.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn relay(
    client: TcpStream,
    upstream: SocketAddr,
    log: &Mutex<Vec<Exchange>>,
    rewrite: Option<Rewrite>,
    seed: Option<String>,
    lost: &AtomicBool,
) -> std::io::Result<()> {
    let mut client = BufReader::new(client);
    let mut head = Vec::new();
    let mut request_line = String::new();
    if client.read_line(&mut request_line).await? == 0 {
        return Ok(());
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    head.extend_from_slice(request_line.as_bytes());
    let mut content_length = 0usize;
    loop {
        let mut line = String::new();
        if client.read_line(&mut line).await? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        let (name, value) = line.split_once(':').unwrap_or((line.as_str(), ""));
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => content_length = value.trim().parse().unwrap_or(0),
            // Prism must close after answering, so the answer ends at EOF.
            "connection" | "keep-alive" => continue,
            _ => {}
        }
        head.extend_from_slice(line.as_bytes());
    }
    // A preference of the request's own, if any, is joined with this one.
    if let Some(seed) = seed {
        head.extend_from_slice(format!("Prefer: seed={seed}\r\n").as_bytes());
    }
    head.extend_from_slice(b"Connection: close\r\n\r\n");
    let mut request_body = vec![0; content_length];
    client.read_exact(&mut request_body).await?;

    // A server that cannot be reached, or gives no answer at all, is lost:
    // the checks bring it back and call again. One that answers before it
    // has read the whole request (and so breaks the pipe) has answered.
    let mut prism = TcpStream::connect(upstream)
        .await
        .inspect_err(|_| lost.store(true, Ordering::SeqCst))?;
    let wrote = async {
        prism.write_all(&head).await?;
        prism.write_all(&request_body).await
    }
    .await;
    let mut answer = Vec::new();
    let read = prism.read_to_end(&mut answer).await;
    if answer.is_empty() {
        lost.store(true, Ordering::SeqCst);
        return Err(wrote
            .err()
            .or(read.err())
            .unwrap_or_else(|| std::io::Error::other("the server closed without answering")));
    }

    let (status, violations, response_body) = parse_response(&answer);
    let mut exchange = Exchange {
        meant: None,
        method,
        target,
        request_body,
        status,
        violations,
        response_body,
    };
    match rewrite.and_then(|r| r(&exchange)) {
        Some(body) => {
            answer = with_body(&answer, &body);
            exchange.response_body = body;
        }
        // Framed anew from the body received up to EOF: a document that
        // declares `Content-Length` as a response header gets a random value
        // for it from Prism's dynamic answers, which would cut the body short.
        None => answer = with_body(&answer, &exchange.response_body),
    }
    log.lock().unwrap_or_else(|p| p.into_inner()).push(exchange);
    let mut client = client.into_inner();
    let sent = async {
        client.write_all(&answer).await?;
        client.shutdown().await
    };
    match sent.await {
        // The client gave up on the call before the answer came (a dynamic
        // answer past its patience): the answer is recorded, and nobody is
        // left to tell.
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
            ) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Status, `sl-violations` and body of a complete HTTP/1.1 response.
fn parse_response(raw: &[u8]) -> (u16, Option<String>, Vec<u8>) {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(raw.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut violations = None;
    let mut chunked = false;
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            match name.trim().to_ascii_lowercase().as_str() {
                "sl-violations" => violations = Some(value.trim().to_owned()),
                "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
                _ => {}
            }
        }
    }
    let body = &raw[split..];
    (
        status,
        violations,
        if chunked {
            dechunk(body)
        } else {
            body.to_vec()
        },
    )
}

/// A complete HTTP/1.1 response with its body replaced.
fn with_body(raw: &[u8], body: &[u8]) -> Vec<u8> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut out = String::new();
    for line in head.split("\r\n") {
        let name = line
            .split(':')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if name != "content-length" && name != "transfer-encoding" {
            out.push_str(line);
            out.push_str("\r\n");
        }
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = body.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&body[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok());
        let Some(size) = size.filter(|&s| s > 0) else {
            break;
        };
        let start = eol + 2;
        let end = (start + size).min(body.len());
        out.extend_from_slice(&body[start..end]);
        body = body.get(end + 2..).unwrap_or_default();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_server_lost_is_brought_back_once_and_the_call_made_again() {
        // A port nothing listens on: the server behind the relay is gone.
        let gone = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let upstream = gone.local_addr().unwrap();
        drop(gone);
        let mut recorder = Recorder::start(upstream, None).await.unwrap();
        let revived = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = revived.clone();
        recorder.set_revive(Arc::new(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }));
        assert_eq!(recorder.recover(), Ok(false), "nothing was lost yet");
        let address = recorder.url.trim_start_matches("http://").to_owned();
        let mut client = TcpStream::connect(address).await.unwrap();
        client
            .write_all(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut answer = Vec::new();
        let _ = client.read_to_end(&mut answer).await;
        assert!(answer.is_empty());
        assert_eq!(recorder.recover(), Ok(true));
        assert_eq!(revived.load(Ordering::SeqCst), 1);
        assert_eq!(recorder.recover(), Ok(false), "told once");
        recorder.set_revive(Arc::new(|_| Err("no".into())));
        let mut client = TcpStream::connect(recorder.url.trim_start_matches("http://"))
            .await
            .unwrap();
        client.write_all(b"GET /a HTTP/1.1\r\n\r\n").await.unwrap();
        let _ = client.read_to_end(&mut answer).await;
        assert_eq!(recorder.recover(), Err("no".to_owned()));
    }

    #[tokio::test]
    async fn a_server_stuck_on_an_answer_is_restarted_after_the_limit() {
        // A server that takes requests and never answers them.
        let stuck = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let upstream = stuck.local_addr().unwrap();
        let held = tokio::spawn(async move {
            let mut open = Vec::new();
            while let Ok((stream, _)) = stuck.accept().await {
                open.push(stream);
            }
        });
        let mut recorder = Recorder::start(upstream, None).await.unwrap();
        let restarts = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = restarts.clone();
        recorder.set_revive(Arc::new(move |forced| {
            seen.lock().unwrap().push(forced);
            Ok(())
        }));
        let address = recorder.url.trim_start_matches("http://").to_owned();
        let mut client = TcpStream::connect(address).await.unwrap();
        client
            .write_all(b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let limit = std::time::Duration::from_millis(300);
        assert_eq!(recorder.wait_idle(limit).await, Ok(()));
        assert_eq!(*restarts.lock().unwrap(), [true], "restarted once, forced");
        assert_eq!(recorder.recover(), Ok(false), "the restart is no loss");
        held.abort();
    }

    #[tokio::test]
    async fn a_seed_is_asked_of_the_server_and_changed_when_a_call_is_made_again() {
        // A server that answers with the request head it was sent.
        let echo = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let upstream = echo.local_addr().unwrap();
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = echo.accept().await {
                let mut stream = BufReader::new(stream);
                let mut head = String::new();
                loop {
                    let mut line = String::new();
                    if stream.read_line(&mut line).await.unwrap() == 0 || line == "\r\n" {
                        break;
                    }
                    head.push_str(&line);
                }
                let answer = format!("HTTP/1.1 200 OK\r\n\r\n{head}");
                let mut stream = stream.into_inner();
                stream.write_all(answer.as_bytes()).await.unwrap();
                stream.shutdown().await.unwrap();
            }
        });
        let mut recorder = Recorder::start(upstream, None).await.unwrap();
        recorder.set_revive(Arc::new(|_| Ok(())));
        let head_sent = |recorder: &Recorder| {
            let address = recorder.url.trim_start_matches("http://").to_owned();
            async move {
                let mut client = TcpStream::connect(address).await.unwrap();
                client
                    .write_all(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
                    .await
                    .unwrap();
                let mut answer = Vec::new();
                client.read_to_end(&mut answer).await.unwrap();
                String::from_utf8(answer).unwrap()
            }
        };
        assert!(!head_sent(&recorder).await.contains("Prefer"));
        recorder.seed_answers(Some("5eed".into()));
        assert!(
            head_sent(&recorder)
                .await
                .contains("\r\nPrefer: seed=5eed\r\n")
        );
        recorder.lost.store(true, Ordering::SeqCst);
        assert_eq!(recorder.recover(), Ok(true));
        assert!(
            head_sent(&recorder)
                .await
                .contains("\r\nPrefer: seed=5eed-again\r\n")
        );
        recorder.seed_answers(None);
        assert!(!head_sent(&recorder).await.contains("Prefer"));
        server.abort();
    }

    #[test]
    fn reads_status_violations_and_a_chunked_body() {
        let raw = b"HTTP/1.1 422 Unprocessable Entity\r\nsl-violations: [{\"code\":\"maximum\"}]\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n";
        let (status, violations, body) = parse_response(raw);
        assert_eq!(status, 422);
        assert_eq!(violations.as_deref(), Some("[{\"code\":\"maximum\"}]"));
        assert_eq!(body, b"{\"a\":1}");
    }

    #[test]
    fn replaces_a_body_and_its_length() {
        let raw = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
        let rebuilt = with_body(raw, b"{\"a\":1}");
        assert_eq!(
            String::from_utf8(rebuilt.clone()).unwrap(),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}"
        );
        assert_eq!(parse_response(&rebuilt), (200, None, b"{\"a\":1}".to_vec()));
    }

    #[test]
    fn reads_a_plain_body_and_query_names() {
        let (status, violations, body) =
            parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        assert_eq!(
            (status, violations, body.as_slice()),
            (200, None, &b"{}"[..])
        );
        let e = Exchange {
            meant: None,
            method: "GET".into(),
            target: "/d?type=A&type=B&page=1&DateCreated%3C=x&metadata%5Bkey%5D=v".into(),
            request_body: vec![],
            status: 200,
            violations: None,
            response_body: vec![],
        };
        assert_eq!(e.path(), "/d");
        assert_eq!(
            e.query_names(),
            ["type", "type", "page", "DateCreated<", "metadata[key]"]
        );
    }
}
