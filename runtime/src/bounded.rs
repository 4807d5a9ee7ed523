//! What keeps one call bounded in time and memory: its overall deadline,
//! and reading an answer into memory no further than the client's limit.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use tokio::time::Instant;

use super::error::Error;

/// The largest answer read into memory unless the client says otherwise:
/// far above any page of JSON an API sends (the largest vendor answers we
/// know are a few MiB), yet small enough that a runaway or hostile answer
/// cannot take a process's memory with it. Binary answers that may be
/// larger are streamed downloads, which the limit does not touch.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// When a call must have ended, and how long it was given.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    pub(crate) at: Instant,
    pub(crate) length: Duration,
}

impl Deadline {
    /// A deadline `length` from now (tokio's clock, which tests can pause).
    pub(crate) fn after(length: Duration) -> Self {
        Deadline {
            at: Instant::now() + length,
            length,
        }
    }

    /// The time left before it passes.
    pub(crate) fn left(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now())
    }

    /// Whether waiting `wait` from now would end past it.
    pub(crate) fn passed_after(&self, wait: Duration) -> bool {
        wait > self.left()
    }
}

/// Reads `response`'s body into memory, ending with [`Error::TooLarge`]
/// as soon as it is known to exceed `limit`: from its announced length
/// before reading anything, else once the bytes read pass the limit. Never
/// more than `limit` bytes (plus one chunk in flight) are held.
pub(crate) async fn read_limited(
    operation: &'static str,
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Bytes, Error<()>> {
    let status = response.status().as_u16();
    let too_large = |size| Error::TooLarge {
        operation,
        status,
        limit,
        size,
    };
    // The body's own length (hyper knows a HEAD or 304 answer has none,
    // whatever its `Content-Length` says).
    let announced = response.content_length();
    if let Some(size) = announced.filter(|&n| n > limit) {
        tracing::warn!(
            status,
            size,
            limit,
            "answer larger than the limit; not read"
        );
        return Err(too_large(Some(size)));
    }
    // A body that comes in one chunk (most do) is kept as it came, uncopied.
    let mut first: Option<Bytes> = None;
    let mut rest: Option<BytesMut> = None;
    let mut read = 0u64;
    while let Some(chunk) = response.chunk().await? {
        read += chunk.len() as u64;
        if read > limit {
            tracing::warn!(
                status,
                read,
                limit,
                "answer larger than the limit; reading stopped"
            );
            return Err(too_large(announced));
        }
        match (&mut first, &mut rest) {
            (None, _) => first = Some(chunk),
            (Some(head), None) => {
                let capacity = announced.unwrap_or(0).min(limit) as usize;
                let mut all = BytesMut::with_capacity(capacity.max(head.len() + chunk.len()));
                all.extend_from_slice(head);
                all.extend_from_slice(&chunk);
                rest = Some(all);
            }
            (Some(_), Some(all)) => all.extend_from_slice(&chunk),
        }
    }
    Ok(match (first, rest) {
        (_, Some(all)) => all.freeze(),
        (Some(one), None) => one,
        (None, None) => Bytes::new(),
    })
}
