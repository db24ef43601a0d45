//! Typed [httpmock](https://docs.rs/httpmock) helpers for testing code that uses the
//! `fastly-tokens` client without a Fastly account, generated from the same spec.
//!
//! [`MockServerExt`] adds one method per operation to `httpmock::MockServer`; each takes a
//! closure receiving a typed request matcher (`when`) and a typed response builder (`then`).
//! Error responses go through [`FastlyError`] on the inner `httpmock::Then`.
//!
//! ```
//! use fastly_tokens::{Client, CreateTokenRequest, types};
//! use fastly_tokens_mock::MockServerExt;
//! use httpmock::MockServer;
//!
//! # #[tokio::main]
//! # async fn main() {
//! let server = MockServer::start_async().await;
//! let request = CreateTokenRequest::new("ci deploy").credentials("me@example.com", "pw");
//! let created: types::TokenCreatedResponse =
//!     serde_json::from_str(r#"{"id":"7kzHzX5GPXxuQx0dAIBV2D","access_token":"s3cret"}"#).unwrap();
//! let create = server.create_token(|when, then| {
//!     when.body(&request);
//!     then.ok(&created);
//! });
//! let list = server.list_tokens_user(|_, then| {
//!     then.ok(&vec![]);
//! });
//!
//! let client = Client::builder().base_url(server.base_url()).token("t").build().unwrap();
//! let token = client.create_token(&request).await.unwrap();
//! assert_eq!(token.access_token.expose_secret(), "s3cret");
//! assert!(client.list_tokens_user().await.unwrap().is_empty());
//! create.assert_async().await;
//! list.assert_async().await;
//! # }
//! ```
#![deny(missing_docs)]

#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, unused_imports)]
mod generated;

pub use generated::{MockServerExt, operations};

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
