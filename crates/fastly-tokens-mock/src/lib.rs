//! Typed [httpmock](https://docs.rs/httpmock) helpers for testing code that uses the
//! `fastly-tokens` client without a Fastly account, generated from the same spec.
//!
//! - [`MockServer`] starts an httpmock server whose answer to a request no mock matches is
//!   unmistakable (HTTP [`UNMATCHED_STATUS`] with a report of what arrived, never a plausible
//!   404), and gives the client a test talks to it with ([`MockServer::client`]: its base URL,
//!   test credentials, retries off, so nothing sleeps).
//! - [`MockServerExt`] adds one method per operation; each takes a closure receiving a typed
//!   request matcher (`when`) and a typed response builder (`then`) with a responder for each
//!   response the spec declares, errors included (`then.not_found()`,
//!   `then.rate_limited(0, reset)`, `then.bad_request("2fa.verify")`).
//! - [`httpmock`] is re-exported: a test needs no httpmock dependency of its own.
//!
//! ```
//! use fastly_tokens::{CreateTokenRequest, Scope, types};
//! use fastly_tokens_mock::{MockServer, MockServerExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let server = MockServer::start_async().await;
//! let request = CreateTokenRequest::new("ci deploy").scopes([Scope::PurgeSelect]);
//! let created = types::TokenCreatedResponse::new("s3cret", "7kzHzX5GPXxuQx0dAIBV2D");
//! let create = server.create_token(|when, then| {
//!     when.body(&request); // name, scope, services, expiry: never the credentials
//!     then.ok(&created);
//! });
//! server.revoke_token(|when, then| {
//!     when.token_id("2bFqLqJ8IuSkJ6vB1ZqXq0");
//!     then.not_found();
//! });
//!
//! let client = server.client();
//! let token = client.create_token(&request).await.unwrap();
//! assert_eq!(token.access_token.expose_secret(), "s3cret");
//! let gone = client.revoke_token("2bFqLqJ8IuSkJ6vB1ZqXq0").await.unwrap_err();
//! assert!(gone.is_not_found());
//! create.assert_async().await;
//! server.assert_all_matched();
//! # }
//! ```
#![deny(missing_docs)]

#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, unused_imports)]
mod generated;
mod server;

pub use generated::{MockServerExt, operations};
/// httpmock itself, so a test needs no httpmock dependency of its own (and no pin to match).
pub use httpmock;
pub use server::{MockServer, UNMATCHED_HEADER, UNMATCHED_STATUS};

/// Fastly-shaped error responses for any mock: `then.into_inner().fastly_error(404, ...)`.
pub trait FastlyError {
    /// Responds with `status` and Fastly's error body `{"msg": msg, "detail": detail}`.
    fn fastly_error(self, status: u16, msg: &str, detail: Option<&str>) -> Self;

    /// Responds 429 with Fastly's rate-limit headers: nothing left until `reset` (UTC epoch
    /// seconds).
    fn rate_limited(self, reset: u64) -> Self;
}

impl FastlyError for httpmock::Then {
    fn fastly_error(self, status: u16, msg: &str, detail: Option<&str>) -> Self {
        let mut body = serde_json::json!({ "msg": msg });
        if let Some(detail) = detail {
            body["detail"] = detail.into();
        }
        self.status(status)
            .header("content-type", "application/json")
            .json_body(body)
    }

    fn rate_limited(self, reset: u64) -> Self {
        self.fastly_error(429, "Too many requests", None)
            .header("fastly-ratelimit-remaining", "0")
            .header("fastly-ratelimit-reset", reset.to_string())
    }
}
