//! Idempotency keys: what lets a POST be retried without doing its work twice.
//!
//! An API that declares an idempotency-key header promises to answer a
//! repeated request with the same key as it answered the first, without
//! acting again. A call that sends one key on every attempt is then as safe
//! to retry as a PUT.

use super::call::Call;
use super::encoding::ParamValue;

impl Call {
    /// Sends the idempotency-key header `name`: the caller's `value` when
    /// set, else a key made once for this call (a random UUID, version 4),
    /// the same on every attempt. Either way the call may be retried,
    /// whatever its HTTP method. A key the caller sets with the request's
    /// `.header()` replaces both, and is reused the same way.
    pub fn idempotency_key(
        &mut self,
        name: &'static str,
        value: &(impl ParamValue + ?Sized),
    ) -> &mut Self {
        let before = self.headers.len();
        self.header(name, value);
        if self.headers.len() == before {
            self.headers.push((name, new_key()));
        }
        self.retry_safe = true;
        self
    }
}

/// A random version 4 UUID in its text form, made without a random-number
/// dependency: std's `RandomState` is seeded from the operating system's
/// randomness once per thread and stepped for every instance, and hashing
/// the time and a process-wide counter with two instances gives 128 bits no
/// two calls share.
pub(crate) fn new_key() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let half = || {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(count);
        h.write_u128(nanos);
        h.finish()
    };
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&half().to_le_bytes());
    bytes[8..].copy_from_slice(&half().to_le_bytes());
    // RFC 9562: version 4 in the high nibble of byte 6, variant 10 in byte 8.
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_version_4_uuids_and_differ() {
        let a = new_key();
        let b = new_key();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        let groups: Vec<&str> = a.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(groups[2].starts_with('4'), "{a}");
        assert!("89ab".contains(&groups[3][..1]), "{a}");
    }

    #[test]
    fn a_call_with_a_key_is_retryable_and_keeps_the_callers_key() {
        let mut call = Call::new("createOrder", reqwest::Method::POST, "/orders");
        assert!(!call.may_retry());
        call.idempotency_key("Idempotency-Key", &None::<String>);
        assert!(call.may_retry());
        assert_eq!(call.headers[0].0, "Idempotency-Key");
        assert_eq!(call.headers[0].1.len(), 36);
        let mut call = Call::new("createOrder", reqwest::Method::POST, "/orders");
        call.idempotency_key("Idempotency-Key", &Some("mine".to_owned()));
        assert_eq!(call.headers, [("Idempotency-Key", "mine".to_owned())]);
    }
}
