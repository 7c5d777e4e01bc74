//! The opt-in retry policy: exponential backoff with full jitter, a cap, and `Retry-After`.

use std::time::Duration;

/// When and how often a failed request is sent again. Off unless set on the client builder.
///
/// Only operations that can be repeated safely are retried by default (GET, and PUT/DELETE
/// except the team-invite writes, which store or remove one invite per call); POST only with
/// [`RetryPolicy::retry_non_idempotent`]. A request is retried on connection errors and
/// timeouts, and on 429, 502, 503 (except the read-only registry's 503) and 504.
///
/// ```
/// use std::time::Duration;
/// let policy = quay_sdk::RetryPolicy::new(4)
///     .initial_backoff(Duration::from_millis(200))
///     .max_backoff(Duration::from_secs(5));
/// assert_eq!(policy.max_attempts(), 4);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    jitter: bool,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::new(3)
    }
}

impl RetryPolicy {
    /// A policy making at most `max_attempts` attempts in all (1 means no retry).
    pub fn new(max_attempts: u32) -> Self {
        Self {
            max_attempts: max_attempts.max(1),
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(10),
            jitter: true,
            retry_non_idempotent: false,
        }
    }

    /// Delay before the first retry; doubled for each further one (default 100 ms).
    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// Cap on any one delay, `Retry-After` included (default 10 s).
    pub fn max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// Randomise each delay between zero and its exponential value (default on).
    pub fn jitter(mut self, on: bool) -> Self {
        self.jitter = on;
        self
    }

    /// Also retry POSTs and the non-idempotent team-invite writes (default off).
    pub fn retry_non_idempotent(mut self, on: bool) -> Self {
        self.retry_non_idempotent = on;
        self
    }

    /// The most attempts a request gets.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    pub(crate) fn allows(&self, idempotent: bool) -> bool {
        idempotent || self.retry_non_idempotent
    }

    /// Whether a response status is worth retrying.
    pub(crate) fn retryable_status(status: u16) -> bool {
        matches!(status, 429 | 502 | 503 | 504)
    }

    /// The delay before retry number `retry` (1-based), honouring a server's `Retry-After`.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            return after.min(self.max_backoff);
        }
        let exp = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)))
            .min(self.max_backoff);
        if self.jitter {
            exp.mul_f64(fastrand::f64())
        } else {
            exp
        }
    }
}

/// Parses a `Retry-After` header given in seconds (HTTP dates are ignored).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let p = RetryPolicy::new(5)
            .jitter(false)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        assert_eq!(p.delay(1, None), Duration::from_millis(100));
        assert_eq!(p.delay(2, None), Duration::from_millis(200));
        assert_eq!(p.delay(3, None), Duration::from_millis(350));
        assert_eq!(p.delay(40, None), Duration::from_millis(350));
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let p = RetryPolicy::new(2).max_backoff(Duration::from_secs(3));
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(60))),
            Duration::from_secs(3)
        );
    }

    #[test]
    fn jitter_stays_below_the_exponential_value() {
        let p = RetryPolicy::new(3).initial_backoff(Duration::from_millis(100));
        for _ in 0..100 {
            assert!(p.delay(2, None) <= Duration::from_millis(200));
        }
    }

    #[test]
    fn retry_after_parsing() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn at_least_one_attempt() {
        assert_eq!(RetryPolicy::new(0).max_attempts(), 1);
    }
}
