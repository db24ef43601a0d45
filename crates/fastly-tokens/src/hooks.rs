//! The one join between progenitor's generated client and the runtime (`runtime/`):
//! `impl ClientHooks for generated::Client`, which finds each call's operation description in
//! the generated `OPERATIONS` table and hands it to the session, the retry plan, tracing and
//! the guard, so that every request is exactly what the real API expects (progenitor's
//! `api-version` header is already dropped at generation time,
//! `xtask/src/generate/patches.rs`).
//!
//! The generated code implements `ClientHooks` for `&Client` with the defaults; this impl for
//! `Client` itself wins through auto-ref method lookup (see progenitor-client's
//! `ClientHooks` docs), so no generated line is edited.

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};

use crate::generated::{Client, OPERATIONS};
use crate::runtime::operation::{self, Operation};
use crate::runtime::session::Session;
use crate::runtime::{guard, retry, trace};

/// The description of the operation a hook runs for, by progenitor's method name.
fn described(info: &OperationInfo) -> &'static Operation {
    operation::find(&OPERATIONS, info.operation_id)
}

impl ClientHooks<Session> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        self.inner().prepare(request, described(info));
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
        let operation = described(info);
        let call = trace::Call::start(operation, &request);
        let mut retry = retry::plan(self.inner().retry.as_ref(), operation, &request);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The generated table is sorted as the bisection needs: every operation is found by its
    /// method name (an unsorted table would send calls without their retry rules or media
    /// types, silently).
    #[test]
    fn every_operation_is_found_by_its_name() {
        for op in &OPERATIONS {
            let info = OperationInfo {
                operation_id: op.name,
            };
            assert!(std::ptr::eq(described(&info), op), "{}", op.name);
        }
    }
}
