//! `RetryPolicy`: when an idempotent request (GET, DELETE) is sent again, and how long the
//! client waits first. The retry loop itself is the `exec` hook in `hooks.rs`.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use chrono::Utc;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// How a client retries idempotent requests (GET and DELETE).
///
/// A request is sent again after a 429, 502, 503 or 504, or when the connection could not be
/// made, with exponential backoff and jitter (from the `backon` crate). A server's own hint,
/// `Retry-After` or `Fastly-RateLimit-Reset`, is honoured when it is longer, up to
/// [`RetryPolicy::max_delay`]; a hint beyond that cap ends the retries at once, so a call
/// never sleeps for an hour. createToken (POST) is never retried: a second POST can mint a
/// second secret. Timeouts are not retried either, so [`ClientBuilder::timeout`] bounds a
/// stalled call.
///
/// [`ClientBuilder::timeout`]: crate::ClientBuilder::timeout
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 turns retrying off).
    pub max_retries: usize,
    /// The first backoff delay; later ones double.
    pub initial_delay: Duration,
    /// The longest the client waits before one retry, server hints included.
    pub max_delay: Duration,
    /// Whether backoff delays are randomised (recommended, so clients do not retry in step).
    pub jitter: bool,
}

impl Default for RetryPolicy {
    /// 3 retries, 250 ms initial delay, 30 s cap, with jitter.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(30),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Whether requests with `method` may be retried at all.
    pub(crate) fn applies_to(&self, method: &Method) -> bool {
        self.max_retries > 0 && (*method == Method::GET || *method == Method::DELETE)
    }

    /// The backoff delays, one per retry.
    pub(crate) fn delays(&self) -> impl Iterator<Item = Duration> {
        let mut builder = ExponentialBuilder::default()
            .with_min_delay(self.initial_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_retries);
        if self.jitter {
            builder = builder.with_jitter();
        }
        builder.build()
    }
}

/// Whether a response status is worth a retry.
pub(crate) fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// The wait a response asks for: `Retry-After` (seconds, or an HTTP date) or, failing that,
/// `Fastly-RateLimit-Reset` (UTC epoch seconds) minus now.
pub(crate) fn server_hint(headers: &HeaderMap) -> Option<Duration> {
    server_hint_at(headers, Utc::now().timestamp())
}

/// [`server_hint`] with the clock given (UTC epoch seconds), so tests need no wall clock.
fn server_hint_at(headers: &HeaderMap, now: i64) -> Option<Duration> {
    let text = |name| Some(headers.get(name)?.to_str().ok()?.trim());
    let until = |epoch: i64| {
        Some(Duration::from_secs(
            u64::try_from(epoch.saturating_sub(now)).unwrap_or(0),
        ))
    };
    if let Some(value) = text(RETRY_AFTER.as_str()) {
        if let Ok(secs) = value.parse::<u64>() {
            return Some(Duration::from_secs(secs));
        }
        // RFC 9110 also allows an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`).
        if let Ok(at) = chrono::DateTime::parse_from_rfc2822(value) {
            return until(at.timestamp());
        }
    }
    let reset = text("fastly-ratelimit-reset")?.parse::<i64>().ok()?;
    until(reset)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed "now": 2026-01-01T00:00:00Z.
    const NOW: i64 = 1_767_225_600;

    fn hint(name: &'static str, value: &str) -> Option<Duration> {
        let mut headers = HeaderMap::new();
        headers.insert(name, value.parse().unwrap());
        server_hint_at(&headers, NOW)
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(hint("retry-after", "7"), Some(Duration::from_secs(7)));
        let soon = chrono::DateTime::from_timestamp(NOW + 100, 0)
            .unwrap()
            .to_rfc2822();
        assert_eq!(hint("retry-after", &soon), Some(Duration::from_secs(100)));
        let past = "Wed, 21 Oct 2015 07:28:00 GMT";
        assert_eq!(hint("retry-after", past), Some(Duration::ZERO));
        assert_eq!(hint("retry-after", "soon"), None);
    }

    #[test]
    fn fastly_reset_is_epoch_seconds() {
        let at = NOW + 50;
        assert_eq!(
            hint("fastly-ratelimit-reset", &at.to_string()),
            Some(Duration::from_secs(50))
        );
        assert_eq!(hint("fastly-ratelimit-reset", "-5"), Some(Duration::ZERO));
        let min = i64::MIN.to_string();
        assert_eq!(hint("fastly-ratelimit-reset", &min), Some(Duration::ZERO));
        assert_eq!(hint("fastly-ratelimit-reset", "99999999999999999999"), None);
    }
}
