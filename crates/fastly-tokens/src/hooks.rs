//! `impl ClientHooks for generated::Client`: the per-request fixes that make every request the
//! generated code builds exactly what the real API expects (progenitor's `api-version` header
//! is already dropped at generation time, `xtask/src/generate/progenitor.rs`).
//!
//! The generated code implements `ClientHooks` for `&Client` with the defaults; this impl for
//! `Client` itself wins through auto-ref method lookup (see progenitor-client's
//! `ClientHooks` docs), so no generated line is edited.

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use crate::generated::{ACCEPT_TYPES, BODY_CONTENT_TYPES, Client};
use crate::guard;
use crate::retry::{Declared, RetryPolicy, server_hint};
use crate::trace;

/// The header Fastly reads the API token from.
pub(crate) const FASTLY_KEY: HeaderName = HeaderName::from_static("fastly-key");

/// What every request of one client (or one call, see `Client::raw_for`) carries: the API
/// token (if any), the User-Agent, the retry policy replacing the spec's numbers, the
/// timeout replacing the client's, and the limit on response bodies.
#[derive(Clone)]
pub struct Session {
    /// `Fastly-Key`, marked sensitive so `Debug` of the header map never shows it.
    pub(crate) token: Option<HeaderValue>,
    pub(crate) user_agent: HeaderValue,
    /// `None`: the numbers the spec declares for each operation.
    pub(crate) retry: Option<RetryPolicy>,
    /// `None`: the HTTP client's own timeout.
    pub(crate) timeout: Option<std::time::Duration>,
    pub(crate) body_limit: u64,
    /// The base URL, parsed: every request goes to its origin, which is all `guard::check`
    /// compares a response against (so no call copies its request's URL for it).
    pub(crate) base: reqwest::Url,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("body_limit", &self.body_limit)
            .field("base", &self.base.as_str())
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
        restore_media_types(headers, info.operation_id, BODY_CONTENT_TYPES, ACCEPT_TYPES);
        if let Some(timeout) = session.timeout {
            *request.timeout_mut() = Some(timeout);
        }
        Ok(())
    }

    /// Sends the request (retrying it as the spec and the session's [`RetryPolicy`] say),
    /// then holds the last response to `guard::check`: same origin, no redirect, bounded body.
    /// The whole call is one tracing span (`trace.rs`).
    ///
    /// Written as a function returning an `async move` block rather than an `async fn`, like
    /// `retrying` and `guard::check`: an `async fn` keeps each argument twice in its future
    /// (as given and as its body's own binding), and the request is some 260 bytes that every
    /// call's boxed future would carry for nothing.
    #[allow(clippy::manual_async_fn)] // see above: the `async fn` form is the larger future
    fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> {
        let call = trace::Call::start(info.operation_id, &request);
        let operation = info.operation_id;
        async move {
            let session = self.inner();
            let result = call
                .within(async {
                    // A call that is not retried awaits reqwest's own future and nothing
                    // else: the retry loop's state (two requests, a timer) is built only where
                    // it runs.
                    let response = match self.retry_plan(operation) {
                        None => {
                            call.attempt();
                            self.client().execute(request).await?
                        }
                        Some((declared, policy)) => {
                            self.retrying(request, declared, policy, &call).await?
                        }
                    };
                    crate::client::record_status(response.status());
                    guard::check(&session.base, response, session.body_limit).await
                })
                .await;
            call.finish(&result);
            result
        }
    }
}

/// Bridges 1 and 5 of `xtask/src/generate/adapt.rs`: puts back the media types the spec declares for
/// `operation` where progenitor was given `application/json` — the request body's
/// (`Content-Type`, from `bodies`) and the success response's (`Accept`, from `accepts`).
fn restore_media_types(
    headers: &mut HeaderMap,
    operation: &str,
    bodies: &[(&str, &'static str)],
    accepts: &[(&str, &'static str)],
) {
    for (table, name) in [(bodies, CONTENT_TYPE), (accepts, ACCEPT)] {
        if let Some((_, media)) = table.iter().find(|(op, _)| *op == operation) {
            headers.insert(name, HeaderValue::from_static(media));
        }
    }
}

impl Client {
    /// The spec's declared retry rules for `operation` and the policy that applies, when the
    /// call may be retried at all (the session's [`RetryPolicy`], or else the spec's numbers).
    fn retry_plan(&self, operation: &str) -> Option<(&'static Declared, RetryPolicy)> {
        let declared = Declared::of(operation)?;
        let policy = match &self.inner().retry {
            Some(theirs) => theirs.clone(),
            None => declared.policy(),
        };
        (policy.max_retries > 0).then_some((declared, policy))
    }

    /// The retry loop (the spec declares the operation retryable): resends while the status is one `declared` names (or the connection
    /// failed), waiting as `policy` and the server's hints say.
    /// A function returning an `async move` block, not an `async fn`: see `exec`.
    #[allow(clippy::manual_async_fn)] // the `async fn` form is the larger future
    fn retrying(
        &self,
        mut request: reqwest::Request,
        declared: &'static Declared,
        policy: RetryPolicy,
        call: &trace::Call,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> {
        async move {
            let mut delays = policy.delays();
            loop {
                // Bodies here are in memory, so a clone exists; without one, send once.
                let Some(next) = request.try_clone() else {
                    call.attempt();
                    return self.client().execute(request).await;
                };
                call.attempt();
                // The answer lives in this block only, so the future does not keep room for it
                // while it waits to retry.
                let delay = {
                    let result = self.client().execute(request).await;
                    let hint = match &result {
                        Ok(response) if declared.retries_status(response.status()) => declared
                            .honour_retry_after
                            .then(|| server_hint(response.headers()))
                            .flatten(),
                        Err(e) if e.is_connect() => None,
                        _ => return result,
                    };
                    let Some(backoff) = delays.next() else {
                        return result;
                    };
                    let (delay, from) = match hint {
                        Some((hint, _)) if hint > policy.max_delay => return result,
                        Some((hint, from)) if hint > backoff => (hint, from),
                        _ => (backoff, "backoff"),
                    };
                    call.retrying(&result, delay, from);
                    delay
                };
                tokio::time::sleep(delay).await;
                request = next;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_media_types_go_back_on_the_wire() {
        let bodies = [("bulk", "application/vnd.api+json; ext=bulk")];
        let accepts = [("get", "application/vnd.example+json")];
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        restore_media_types(&mut headers, "get", &bodies, &accepts);
        assert_eq!(headers[ACCEPT], "application/vnd.example+json");
        assert_eq!(headers[CONTENT_TYPE], "application/json");
        restore_media_types(&mut headers, "bulk", &bodies, &accepts);
        assert_eq!(headers[CONTENT_TYPE], "application/vnd.api+json; ext=bulk");
        let mut untouched = HeaderMap::new();
        restore_media_types(&mut untouched, "other", &bodies, &accepts);
        assert!(untouched.is_empty());
    }
}
