//! One operation's retry rules as the spec declares them (`x-retry`), defined once for both
//! sides: the xtask reads the spec into a `Declared` and writes it into the generated
//! operation table (it includes this file, `xtask/src/spec/retries.rs`), and the client
//! retries by the table (`retry.rs`). This file names nothing else, so it builds in both.

/// The first backoff of an operation whose `x-retry` does not say, and of a
/// `RetryPolicy::default()`.
pub(crate) const INITIAL_DELAY_MS: u64 = 250;

/// The longest wait before one retry when `x-retry` does not say, and a
/// `RetryPolicy::default()`'s.
pub(crate) const MAX_DELAY_MS: u64 = 30_000;

/// One operation's retry rules. `S` holds the statuses: a `Vec<u16>` where the xtask reads
/// them from the spec, a `&'static [u16]` in the generated table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Declared<S> {
    /// Statuses worth a retry (empty: never retried).
    pub(crate) statuses: S,
    /// Retries after the first attempt (0: never retried).
    pub(crate) retries: usize,
    /// The first backoff, in milliseconds; later ones double.
    pub(crate) initial_delay_ms: u64,
    /// The longest wait before one retry, server hints included, in milliseconds.
    pub(crate) max_delay_ms: u64,
    /// Whether `Retry-After` and `Fastly-RateLimit-Reset` set the wait.
    pub(crate) honour_retry_after: bool,
}

impl<S> Declared<S> {
    /// Rules that never retry, with the default delays: what an operation of a document
    /// without `x-retry` gets. `statuses` is the empty list of its kind.
    pub(crate) const fn never(statuses: S) -> Self {
        Declared {
            statuses,
            retries: 0,
            initial_delay_ms: INITIAL_DELAY_MS,
            max_delay_ms: MAX_DELAY_MS,
            honour_retry_after: true,
        }
    }
}
