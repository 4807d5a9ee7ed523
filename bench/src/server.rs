//! A minimal HTTP/1.1 server on 127.0.0.1 that answers every request with a
//! prepared body, so that what the benchmarks time is the client, not a
//! mock framework's matching.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The answers the server gives, chosen by path.
pub struct Bodies {
    /// `GET …/device/{id}`: one device.
    pub device: Vec<u8>,
    /// `GET …/extension/~/device?page=N`: a full page with a next page.
    pub page: Vec<u8>,
    /// The same page without a next page, for `page=pages`.
    pub last_page: Vec<u8>,
    /// The number of pages a walk over every page sees.
    pub pages: u32,
}

/// A running server; it stops when the process ends.
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Server {
    /// Starts the server on its own thread and runtime, so that it and the
    /// client being measured run on separate cores.
    pub fn start(bodies: Bodies) -> Server {
        let bodies = Arc::new(bodies);
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener
            .local_addr()
            .expect("a bound socket has an address");
        listener
            .set_nonblocking(true)
            .expect("set the listener non-blocking");
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .build()
                .expect("start the server runtime");
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).expect("hand the listener to tokio");
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(serve(stream, bodies.clone()));
                }
            });
        });
        Server { addr }
    }
}

/// Answers the requests of one keep-alive connection until the client closes it.
async fn serve(mut stream: TcpStream, bodies: Arc<Bodies>) {
    let mut buffer = Vec::with_capacity(4096);
    loop {
        let end = loop {
            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break end + 4;
            }
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
        buffer.drain(..end);
        let target = head.split_whitespace().nth(1).unwrap_or("/");
        let body = answer(target, &bodies);
        let header = format!(
            // A budget no run reaches, as RingCentral reports its own: the
            // limiter bench measures bookkeeping, never a wait.
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-rate-limit-limit: 100000000\r\nx-rate-limit-remaining: 99999999\r\nx-rate-limit-window: 60\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        if stream.write_all(header.as_bytes()).await.is_err()
            || stream.write_all(body).await.is_err()
        {
            return;
        }
    }
}

/// The body for a request target.
fn answer<'a>(target: &str, bodies: &'a Bodies) -> &'a [u8] {
    let Some((_, query)) = target.split_once('?') else {
        return &bodies.device;
    };
    let page = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("page="))
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(1);
    if page >= bodies.pages {
        &bodies.last_page
    } else {
        &bodies.page
    }
}
