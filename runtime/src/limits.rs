//! Keeping under an API's rate limits: each operation belongs to a group
//! with a budget of requests per window, and a client told to respect them
//! (`ClientBuilder::respect_rate_limits`) makes a call wait for its group's
//! budget instead of drawing a 429. The budget is shared by the client's
//! clones and concurrent calls, and follows what the server reports in
//! its rate-limit headers.
//!
//! Each group keeps the times of its last `requests` calls: a call goes
//! when fewer than `requests` went in the window before it, so no window
//! of that length ever holds more (a token bucket would let a burst and
//! a refill meet in one window). A call reserves its slot under a lock and
//! sleeps outside it, so concurrent calls queue in order without holding
//! each other up.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// A rate-limit group an API declares: `requests` per `window`, when the
/// API documents its budget.
#[derive(Debug, Clone, Copy)]
pub struct RateGroup {
    name: &'static str,
    requests: Option<u32>,
    window: Duration,
}

impl RateGroup {
    /// The group `name`, allowing `requests` per `window`.
    pub const fn new(name: &'static str, requests: u32, window: Duration) -> RateGroup {
        RateGroup {
            name,
            requests: Some(requests),
            window,
        }
    }

    /// The group `name`, whose budget only the server's headers tell.
    pub const fn unknown(name: &'static str) -> RateGroup {
        RateGroup {
            name,
            requests: None,
            window: Duration::from_secs(60),
        }
    }
}

/// The response headers an API reports its budget in.
#[derive(Debug, Clone, Copy, Default)]
pub struct RateHeaders {
    /// How many requests the window allows.
    pub limit: Option<&'static str>,
    /// How many are left in the current window.
    pub remaining: Option<&'static str>,
    /// The window's length in seconds.
    pub window: Option<&'static str>,
}

/// One group's schedule.
#[derive(Debug, Clone)]
struct Schedule {
    requests: Option<u32>,
    window: Duration,
    /// The slots of the last `requests` calls, oldest first.
    sent: VecDeque<Instant>,
    /// Held back until then by the server's word (none left in its window).
    blocked_until: Option<Instant>,
}

impl Schedule {
    fn new(requests: Option<u32>, window: Duration) -> Schedule {
        Schedule {
            requests,
            window,
            sent: VecDeque::new(),
            blocked_until: None,
        }
    }
}

/// The limiter a client holds; inactive unless the client was told to
/// respect the limits.
#[derive(Debug, Default)]
pub(crate) struct Limiter {
    active: bool,
    headers: RateHeaders,
    groups: Mutex<BTreeMap<&'static str, Schedule>>,
}

impl Limiter {
    pub(crate) fn new(groups: &[RateGroup], headers: RateHeaders, active: bool) -> Limiter {
        let groups = groups
            .iter()
            .map(|g| (g.name, Schedule::new(g.requests, g.window)))
            .collect();
        Limiter {
            active,
            headers,
            groups: Mutex::new(groups),
        }
    }

    /// Reserves the next slot of `group` and returns how long to wait for it.
    fn reserve(&self, group: &str, now: Instant) -> Duration {
        let Ok(mut groups) = self.groups.lock() else {
            return Duration::ZERO;
        };
        let Some(s) = groups.get_mut(group) else {
            return Duration::ZERO;
        };
        let mut slot = s.blocked_until.filter(|b| *b > now).unwrap_or(now);
        let Some(requests) = s.requests.filter(|r| *r > 0).map(|r| r as usize) else {
            return slot - now;
        };
        if s.sent.len() >= requests {
            // The call `requests` back must have left the window first.
            slot = slot.max(s.sent[s.sent.len() - requests] + s.window);
        }
        s.sent.push_back(slot);
        while s.sent.len() > requests {
            s.sent.pop_front();
        }
        slot - now
    }

    /// Waits until a call of `group` fits the budget.
    pub(crate) async fn acquire(&self, group: Option<&'static str>) {
        let Some(group) = group.filter(|_| self.active) else {
            return;
        };
        let wait = self.reserve(group, Instant::now());
        if !wait.is_zero() {
            tracing::debug!(
                group,
                wait_ms = wait.as_millis() as u64,
                "waiting for the rate limit"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// Follows what the server reported: its limit per window, and none
    /// left (then the group waits for the window to pass).
    pub(crate) fn observe(
        &self,
        group: Option<&'static str>,
        headers: &reqwest::header::HeaderMap,
    ) {
        let Some(group) = group.filter(|_| self.active) else {
            return;
        };
        let number = |name: Option<&'static str>| -> Option<u64> {
            headers.get(name?)?.to_str().ok()?.trim().parse().ok()
        };
        let (limit, remaining, window) = (
            number(self.headers.limit),
            number(self.headers.remaining),
            number(self.headers.window),
        );
        if limit.is_none() && remaining.is_none() {
            return;
        }
        let Ok(mut groups) = self.groups.lock() else {
            return;
        };
        let s = groups
            .entry(group)
            .or_insert_with(|| Schedule::new(None, Duration::from_secs(60)));
        if let Some(w) = window.filter(|w| *w > 0) {
            s.window = Duration::from_secs(w);
        }
        if let Some(l) = limit.and_then(|l| u32::try_from(l).ok()).filter(|l| *l > 0) {
            s.requests = Some(l);
        }
        if remaining == Some(0) {
            let until = Instant::now() + s.window;
            tracing::debug!(group, "the server reports no requests left in its window");
            s.blocked_until = Some(s.blocked_until.map_or(until, |b| b.max(until)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(requests: u32) -> Limiter {
        Limiter::new(
            &[RateGroup::new("Light", requests, Duration::from_secs(60))],
            RateHeaders::default(),
            true,
        )
    }

    #[test]
    fn no_window_holds_more_than_the_budget() {
        let l = limiter(5);
        let now = Instant::now();
        let waits: Vec<u64> = (0..12).map(|_| l.reserve("Light", now).as_secs()).collect();
        assert_eq!(waits, [0, 0, 0, 0, 0, 60, 60, 60, 60, 60, 120, 120]);
    }

    #[test]
    fn unknown_groups_and_budgets_do_not_wait() {
        let l = Limiter::new(&[RateGroup::unknown("Heavy")], RateHeaders::default(), true);
        let now = Instant::now();
        assert!(l.reserve("Heavy", now).is_zero());
        assert!(l.reserve("Other", now).is_zero());
    }
}
