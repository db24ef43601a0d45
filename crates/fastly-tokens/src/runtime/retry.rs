//! `RetryPolicy`: when a request the spec lets be retried is sent again, and how long the
//! client waits first. The spec declares each operation's rules (`x-retry`, in the
//! operation's description, `operation.rs`); a client's or a call's `RetryPolicy` replaces
//! their numbers. The retry loop itself is the `exec` hook in `hooks.rs`.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use chrono::Utc;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::declared::{Declared, INITIAL_DELAY_MS, MAX_DELAY_MS};
use super::operation::Operation;

/// How many times, and how patiently, a call is retried.
///
/// The spec decides *whether* and *on what* (its `x-retry` extension: today GET and DELETE
/// operations on 429, 502, 503 and 504, and when the connection could not be made); its
/// numbers are the default policy. A `RetryPolicy` given to [`ClientBuilder::retry`] (every
/// call) or to a request builder's `with_retry` (one call) replaces those numbers. Backoff is
/// exponential with jitter (from the `backon` crate). A server's own hint, `Retry-After` or
/// `Fastly-RateLimit-Reset`, is honoured when it is longer (unless the spec says not to), up
/// to [`RetryPolicy::max_delay`]; a hint beyond that cap ends the retries at once, so a call
/// never sleeps for an hour. createToken (POST) is never retried: a second POST can mint a
/// second secret. Timeouts are not retried either, so a timeout bounds a stalled attempt.
///
/// Built with [`RetryPolicy::new`] (or [`RetryPolicy::default`], [`RetryPolicy::none`]) and
/// the `with_*` setters; `#[non_exhaustive]`, so a setting added later is no breaking change.
///
/// ```
/// use std::time::Duration;
/// let policy = fastly_tokens::RetryPolicy::new(5)
///     .with_initial_delay(Duration::from_millis(100))
///     .with_max_delay(Duration::from_secs(10));
/// assert_eq!(policy.max_retries, 5);
/// ```
///
/// [`ClientBuilder::retry`]: crate::ClientBuilder::retry
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
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
            initial_delay: Duration::from_millis(INITIAL_DELAY_MS),
            max_delay: Duration::from_millis(MAX_DELAY_MS),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// `max_retries` retries after the first attempt, with the default delays (250 ms
    /// doubling, 30 s cap, jitter).
    pub fn new(max_retries: usize) -> Self {
        RetryPolicy {
            max_retries,
            ..Self::default()
        }
    }

    /// Sets the first backoff delay (later ones double).
    pub fn with_initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// Sets the longest wait before one retry, server hints included.
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Turns the randomising of backoff delays on or off.
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// The backoff delays, one per retry.
    pub(crate) fn delays(&self) -> impl Iterator<Item = Duration> + use<> {
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

impl Declared<&'static [u16]> {
    /// The spec's numbers as a [`RetryPolicy`].
    pub(crate) fn policy(&self) -> RetryPolicy {
        RetryPolicy {
            max_retries: self.retries,
            initial_delay: Duration::from_millis(self.initial_delay_ms),
            max_delay: Duration::from_millis(self.max_delay_ms),
            jitter: true,
        }
    }

    /// Whether a response status is worth a retry.
    pub(crate) fn retries_status(&self, status: StatusCode) -> bool {
        self.statuses.contains(&status.as_u16())
    }
}

/// What a call that may be retried keeps between attempts: the spec declares the operation
/// retryable and the policy allows at least one retry.
pub(crate) struct Plan<D> {
    /// A copy of the request, sent by the next retry.
    pub(crate) spare: reqwest::Request,
    /// The backoff delays left.
    delays: D,
    declared: &'static Declared<&'static [u16]>,
    /// The policy's cap on one wait, server hints included.
    max_delay: Duration,
}

/// The retry plan of a call of `operation` whose first attempt is `request`, when it may be
/// retried at all: the spec declares it retryable, the policy that applies (`theirs`, the
/// session's, or else the spec's numbers) allows a retry, and the request can be copied (bodies here
/// are in memory, so a copy exists; without one, the call is sent once).
///
/// Boxed: the spare and the backoff are some 400 bytes that a call which is not retried
/// would carry.
pub(crate) fn plan(
    theirs: Option<&RetryPolicy>,
    operation: &'static Operation,
    request: &reqwest::Request,
) -> Option<Box<Plan<impl Iterator<Item = Duration> + use<>>>> {
    let declared = &operation.retry;
    if declared.retries == 0 {
        return None;
    }
    let policy = match theirs {
        Some(theirs) => theirs.clone(),
        None => declared.policy(),
    };
    if policy.max_retries == 0 {
        return None;
    }
    Some(Box::new(Plan {
        spare: request.try_clone()?,
        delays: policy.delays(),
        declared,
        max_delay: policy.max_delay,
    }))
}

impl<D: Iterator<Item = Duration>> Plan<D> {
    /// How long to wait before the next attempt, and what set the wait (`backoff`,
    /// `retry-after` or `fastly-ratelimit-reset`); `None` when `result` is the call's answer:
    /// a status or error not worth a retry, no retries left, or a server hint beyond the cap.
    pub(crate) fn delay(
        &mut self,
        result: &reqwest::Result<reqwest::Response>,
    ) -> Option<(Duration, &'static str)> {
        let hint = match result {
            Ok(response) if self.declared.retries_status(response.status()) => self
                .declared
                .honour_retry_after
                .then(|| server_hint(response.headers()))
                .flatten(),
            Err(e) if e.is_connect() => None,
            _ => return None,
        };
        let backoff = self.delays.next()?;
        match hint {
            Some((hint, _)) if hint > self.max_delay => None,
            Some((hint, from)) if hint > backoff => Some((hint, from)),
            _ => Some((backoff, "backoff")),
        }
    }
}

/// The wait a response asks for, and the header that asked: `Retry-After` (seconds, or an
/// HTTP date) or, failing that, `Fastly-RateLimit-Reset` (UTC epoch seconds) minus now.
pub(crate) fn server_hint(headers: &HeaderMap) -> Option<(Duration, &'static str)> {
    server_hint_at(headers, Utc::now().timestamp())
}

/// [`server_hint`] with the clock given (UTC epoch seconds), so tests need no wall clock.
fn server_hint_at(headers: &HeaderMap, now: i64) -> Option<(Duration, &'static str)> {
    let text = |name| Some(headers.get(name)?.to_str().ok()?.trim());
    let until =
        |epoch: i64| Duration::from_secs(u64::try_from(epoch.saturating_sub(now)).unwrap_or(0));
    if let Some(value) = text(RETRY_AFTER.as_str()) {
        if let Ok(secs) = value.parse::<u64>() {
            return Some((Duration::from_secs(secs), "retry-after"));
        }
        // RFC 9110 also allows an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`).
        if let Ok(at) = chrono::DateTime::parse_from_rfc2822(value) {
            return Some((until(at.timestamp()), "retry-after"));
        }
    }
    let reset = crate::api_error::RateLimit::reset_epoch_in(headers)?;
    Some((until(reset), "fastly-ratelimit-reset"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed "now": 2026-01-01T00:00:00Z.
    const NOW: i64 = 1_767_225_600;

    fn hint(name: &'static str, value: &str) -> Option<Duration> {
        let mut headers = HeaderMap::new();
        headers.insert(name, value.parse().unwrap());
        server_hint_at(&headers, NOW).map(|(wait, _)| wait)
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
