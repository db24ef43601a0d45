//! The spec's retry policy: the `x-retry` extension at document and operation level, read
//! into one declared policy per operation. `lint` checks its shape, `generate` writes the
//! table the client retries by, and `diff` reports a change to it.
//!
//! ```yaml
//! x-retry:                  # document level: the default of every operation
//!   statuses: [429, 502, 503, 504]
//!   retries: 3              # after the first attempt; 0 turns retrying off
//!   initial-delay-ms: 250   # the first backoff; later ones double
//!   max-delay-ms: 30000     # the longest wait before one retry, server hints included
//!   honour-retry-after: true  # wait as Retry-After / Fastly-RateLimit-Reset ask
//! ```
//! An operation's `x-retry` overrides any of these, and may say `idempotent: true`: POST and
//! PATCH are never retried otherwise (a retried create could make two tokens).

use serde_json::Value;

/// The keys `x-retry` may hold, with what each must be.
pub(crate) const KEYS: [(&str, &str); 6] = [
    ("statuses", "a list of HTTP statuses (100-599)"),
    ("retries", "an integer from 0 to 10"),
    ("initial-delay-ms", "a non-negative integer"),
    ("max-delay-ms", "a non-negative integer"),
    ("honour-retry-after", "true or false"),
    ("idempotent", "true or false (operation level only)"),
];

/// The one definition of an operation's declared retry rules, shared with the client crate,
/// whose generated table holds them (`statuses` is a `&'static [u16]` there).
#[path = "../../../crates/fastly-tokens/src/runtime/declared.rs"]
mod declared;

/// One operation's retry policy, as the spec declares it.
pub(crate) type Declared = declared::Declared<Vec<u16>>;

impl Default for Declared {
    /// What a document without `x-retry` gets: no retries.
    fn default() -> Self {
        Declared::never(Vec::new())
    }
}

impl Declared {
    /// This policy with the keys of one `x-retry` object applied (shape errors are lint's).
    fn apply(mut self, ext: &Value) -> Declared {
        if let Some(list) = ext.get("statuses").and_then(Value::as_array) {
            self.statuses = list
                .iter()
                .filter_map(|s| s.as_u64().and_then(|s| u16::try_from(s).ok()))
                .collect();
        }
        let int = |key: &str| ext.get(key).and_then(Value::as_u64);
        self.retries = int("retries").map_or(self.retries, |n| n as usize);
        self.initial_delay_ms = int("initial-delay-ms").unwrap_or(self.initial_delay_ms);
        self.max_delay_ms = int("max-delay-ms").unwrap_or(self.max_delay_ms);
        if let Some(b) = ext.get("honour-retry-after").and_then(Value::as_bool) {
            self.honour_retry_after = b;
        }
        self
    }
}

/// The declared policy of the operation at `method` (lower case), with its `x-retry` (if any),
/// under the document's.
pub(crate) fn declared(doc: &Value, method: &str, op: &Value) -> Declared {
    let mut policy = Declared::default();
    if let Some(ext) = doc.get("x-retry") {
        policy = policy.apply(ext);
    }
    let own = op.get("x-retry");
    if let Some(ext) = own {
        policy = policy.apply(ext);
    }
    let idempotent = matches!(
        method,
        "get" | "head" | "put" | "delete" | "options" | "trace"
    ) || own
        .and_then(|e| e.get("idempotent"))
        .and_then(Value::as_bool)
        == Some(true);
    if !idempotent {
        policy.retries = 0;
    }
    if policy.retries == 0 {
        policy.statuses.clear();
    }
    policy
}

/// Every operation's declared policy: (operationId, policy), in document order.
pub(crate) fn table(doc: &Value) -> Vec<(String, Declared)> {
    crate::spec::raw::operations(doc)
        .into_iter()
        .map(|op| {
            let method = op
                .pointer
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string();
            (op.name.clone(), declared(doc, &method, op.value))
        })
        .collect()
}
