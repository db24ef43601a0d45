//! `impl ClientHooks for generated::Client`: the per-request fixes that make every request the
//! generated code builds exactly what the real API expects (progenitor's `api-version` header
//! is already dropped at generation time, `xtask/src/format.rs`).
//!
//! The generated code implements `ClientHooks` for `&Client` with the defaults; this impl for
//! `Client` itself wins through auto-ref method lookup (see progenitor-client's
//! `ClientHooks` docs), so no generated line is edited.

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{CONTENT_TYPE, HeaderName, HeaderValue, USER_AGENT};

use crate::generated::{BODY_CONTENT_TYPES, Client};
use crate::guard;
use crate::retry::{RetryPolicy, retryable_status, server_hint};

/// The header Fastly reads the API token from.
pub(crate) const FASTLY_KEY: HeaderName = HeaderName::from_static("fastly-key");

/// What every request of one client carries: the API token (if any), the User-Agent, the
/// retry policy, and the limit on response bodies.
#[derive(Clone)]
pub struct Session {
    /// `Fastly-Key`, marked sensitive so `Debug` of the header map never shows it.
    pub(crate) token: Option<HeaderValue>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) retry: RetryPolicy,
    pub(crate) body_limit: u64,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("body_limit", &self.body_limit)
            .finish()
    }
}

impl ClientHooks<Session> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let session = self.inner();
        let headers = request.headers_mut();
        if let Some(token) = &session.token {
            headers.insert(FASTLY_KEY, token.clone());
        }
        headers.insert(USER_AGENT, session.user_agent.clone());
        // Bridge 1 of xtask/src/adapt.rs: put back the media type the spec declares.
        if let Some((_, media)) = BODY_CONTENT_TYPES
            .iter()
            .find(|(op, _)| *op == info.operation_id)
        {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(media));
        }
        Ok(())
    }

    /// Sends the request (retrying idempotent ones as the session's [`RetryPolicy`] says),
    /// then holds the last response to `guard::check`: same origin, no redirect, bounded body.
    async fn exec(
        &self,
        request: reqwest::Request,
        _info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let url = request.url().clone();
        let response = self.send(request).await?;
        guard::check(&url, response, self.inner().body_limit).await
    }
}

impl Client {
    /// Sends the request, retrying idempotent ones as the session's [`RetryPolicy`] says.
    async fn send(&self, request: reqwest::Request) -> reqwest::Result<reqwest::Response> {
        let policy = &self.inner().retry;
        if !policy.applies_to(request.method()) {
            return self.client().execute(request).await;
        }
        let mut delays = policy.delays();
        let mut request = request;
        loop {
            // Bodies here are in memory, so a clone exists; without one, send once.
            let Some(next) = request.try_clone() else {
                return self.client().execute(request).await;
            };
            let result = self.client().execute(request).await;
            let hint = match &result {
                Ok(response) if retryable_status(response.status()) => {
                    server_hint(response.headers())
                }
                Err(e) if e.is_connect() => None,
                _ => return result,
            };
            let Some(backoff) = delays.next() else {
                return result;
            };
            let delay = match hint {
                Some(hint) if hint > policy.max_delay => return result,
                Some(hint) => hint.max(backoff),
                None => backoff,
            };
            tokio::time::sleep(delay).await;
            request = next;
        }
    }
}
