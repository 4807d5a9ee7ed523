//! When and how long to wait before sending a call again.

use std::time::{Duration, SystemTime};

/// How failed attempts are retried.
///
/// Only calls that are safe to repeat are retried: GET, HEAD, OPTIONS, PUT and
/// DELETE, operations the spec marks `retry_safe`, and those that send an
/// idempotency key. Retried are 429 and 503 (honouring `Retry-After`), 502
/// and 504, and failures to connect; no other status.
///
/// A `Retry-After` longer than `max_backoff` is not waited on at all: the
/// call ends at once with [`Error::RateLimited`](crate::Error::RateLimited),
/// which carries the server's delay, since waiting the ceiling and trying
/// again would only meet the same answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 disables retries.
    pub max_attempts: u32,
    /// Delay before the first retry; each further retry doubles it.
    pub initial_backoff: Duration,
    /// Upper bound of any delay: backoff is capped at it, and a
    /// `Retry-After` beyond it ends the call instead of being waited on.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Exponential backoff with jitter for retry number `retry` (1-based):
    /// a random delay between half and all of `initial * 2^(retry-1)`, capped.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let full = self
            .initial_backoff
            .saturating_mul(1 << (retry - 1).min(16))
            .min(self.max_backoff);
        let half = full / 2;
        half + full.saturating_sub(half).mul_f64(jitter())
    }

    /// The delay a `Retry-After` header asks for (seconds or an HTTP date),
    /// as asked: whether it is too long is the caller's decision.
    pub(crate) fn retry_after(value: &str) -> Option<Duration> {
        let value = value.trim();
        let wait = match value.parse::<u64>() {
            Ok(seconds) => Duration::from_secs(seconds),
            Err(_) => httpdate::parse_http_date(value)
                .ok()?
                .duration_since(SystemTime::now())
                .unwrap_or(Duration::ZERO),
        };
        Some(wait)
    }
}

/// Whether a status is worth another attempt.
pub(crate) fn retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// A number in [0, 1) that differs between calls, without a random-number dependency.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_jitter_and_is_capped() {
        let p = RetryPolicy {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(300),
        };
        for _ in 0..50 {
            let first = p.backoff(1);
            assert!(
                first >= Duration::from_millis(50) && first <= Duration::from_millis(100),
                "{first:?}"
            );
            let second = p.backoff(2);
            assert!(
                second >= Duration::from_millis(100) && second <= Duration::from_millis(200),
                "{second:?}"
            );
            assert!(p.backoff(9) <= Duration::from_millis(300));
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_dates_uncapped() {
        let retry_after = RetryPolicy::retry_after;
        assert_eq!(retry_after("2"), Some(Duration::from_secs(2)));
        // Capping is not its business: a long wait ends the call instead.
        assert_eq!(retry_after("100000"), Some(Duration::from_secs(100000)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(5));
        let wait = retry_after(&later).unwrap();
        assert!(
            wait > Duration::from_secs(3) && wait <= Duration::from_secs(5),
            "{wait:?}"
        );
        assert_eq!(retry_after("soon"), None);
    }
}
