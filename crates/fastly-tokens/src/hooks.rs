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
    /// `base` with a placeholder path (`crate::path::room`): each call's URL is a clone of it,
    /// with room for the call's path.
    pub(crate) room: reqwest::Url,
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
    /// The request moves once, into reqwest's first attempt, made before the call's future:
    /// the future keeps only the spare copy a retry sends (when the call may be retried). So
    /// this is a function returning an `async move` block rather than an `async fn` (which
    /// keeps each argument in its future, and the request is some 260 bytes), and the retry
    /// loop is written inside it rather than in a future of its own (which would keep the
    /// spare again).
    #[allow(clippy::manual_async_fn)] // see above: the `async fn` form is the larger future
    fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> {
        let call = trace::Call::start(info.operation_id, &request);
        let mut retry = self
            .retry_plan(info.operation_id)
            .and_then(|(declared, policy)| {
                // Bodies here are in memory, so a clone exists; without one, send once.
                // Boxed: the spare and the backoff are some 400 bytes that a call which is
                // not retried would carry.
                Some(Box::new(Retry {
                    spare: request.try_clone()?,
                    delays: policy.delays(),
                    declared,
                    max_delay: policy.max_delay,
                }))
            });
        call.attempt();
        let mut attempt = self.client().execute(request);
        async move {
            let session = self.inner();
            let result = call
                .within(async {
                    let checked = {
                        let response = loop {
                            // The answer lives in this block only, so the future does not keep
                            // room for it while it waits to retry.
                            let (delay, plan) = {
                                let result = (&mut attempt).await;
                                let Some(mut plan) = retry.take() else {
                                    break result?;
                                };
                                let Some((delay, from)) = plan.delay(&result) else {
                                    break result?;
                                };
                                call.retrying(&result, delay, from);
                                (delay, plan)
                            };
                            tokio::time::sleep(delay).await;
                            let next = match plan.spare.try_clone() {
                                // The spare stays for a later retry, and its copy is sent.
                                Some(next) => {
                                    retry = Some(plan);
                                    next
                                }
                                // Not seen: the spare is a copy itself, so it can be copied.
                                // Were it not, it would go as the last attempt.
                                None => plan.spare,
                            };
                            call.attempt();
                            attempt = self.client().execute(next);
                        };
                        crate::client::record_status(response.status());
                        guard::check(&session.base, response, session.body_limit)
                    };
                    match checked {
                        Ok(response) => Ok(response),
                        // Boxed, so this rare path does not size every call's future.
                        Err(refusal) => Box::pin(guard::refuse(refusal)).await,
                    }
                })
                .await;
            call.finish(&result);
            result
        }
    }
}

/// What a call that may be retried keeps between attempts: the spec declares the operation
/// retryable and the policy allows at least one retry.
struct Retry<D> {
    /// A copy of the request, sent by the next retry.
    spare: reqwest::Request,
    /// The backoff delays left.
    delays: D,
    declared: &'static Declared,
    /// The policy's cap on one wait, server hints included.
    max_delay: std::time::Duration,
}

impl<D: Iterator<Item = std::time::Duration>> Retry<D> {
    /// How long to wait before the next attempt, and what set the wait (`backoff`,
    /// `retry-after` or `fastly-ratelimit-reset`); `None` when `result` is the call's answer:
    /// a status or error not worth a retry, no retries left, or a server hint beyond the cap.
    fn delay(
        &mut self,
        result: &reqwest::Result<reqwest::Response>,
    ) -> Option<(std::time::Duration, &'static str)> {
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
