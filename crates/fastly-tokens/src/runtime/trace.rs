//! What the client tells `tracing` (feature `tracing`, on by default): one span per call and
//! an event per retry and per finished call. Only the operation, method, route, the IDs in
//! the path, statuses, counts and delays are recorded: never a header, a query, a body or an
//! error's text, so no credential, password, one-time password or new secret can reach a
//! subscriber. Without the feature every function here is a no-op.

use std::time::Duration;

use super::operation::Operation;

/// One call of an operation, from the first attempt to the last response.
pub(crate) struct Call {
    #[cfg(feature = "tracing")]
    inner: on::Call,
}

impl Call {
    /// Starts the call's span: `operation` is the call's operation, `request` its first
    /// attempt.
    #[allow(unused_variables)]
    pub(crate) fn start(operation: &'static Operation, request: &reqwest::Request) -> Call {
        Call {
            #[cfg(feature = "tracing")]
            inner: on::Call::start(operation, request),
        }
    }

    /// Runs `fut` inside the call's span: a wrapper that holds `fut` once (an `async fn`
    /// would hold it as its argument and again as what it awaits). When nothing listens, `fut`
    /// is polled as it is, with no span to enter and leave on each poll.
    pub(crate) fn within<F: Future>(&self, fut: F) -> impl Future<Output = F::Output> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            if self.inner.started.is_some() {
                on::Within::Traced {
                    fut: fut.instrument(self.inner.span.clone()),
                }
            } else {
                on::Within::Plain { fut }
            }
        }
        #[cfg(not(feature = "tracing"))]
        {
            fut
        }
    }

    /// Counts one attempt (the first included).
    pub(crate) fn attempt(&self) {
        #[cfg(feature = "tracing")]
        self.inner
            .attempts
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// A retry is coming: what the last attempt gave, the delay, and what set it
    /// (`backoff`, `retry-after` or `fastly-ratelimit-reset`).
    #[allow(unused_variables)]
    pub(crate) fn retrying(
        &self,
        last: &reqwest::Result<reqwest::Response>,
        delay: Duration,
        from: &'static str,
    ) {
        #[cfg(feature = "tracing")]
        self.inner.retrying(last, delay, from);
    }

    /// The call is over: records status (or error kind), attempts, elapsed time and the
    /// rate-limit budget, and emits one event.
    #[allow(unused_variables)]
    pub(crate) fn finish(&self, result: &reqwest::Result<reqwest::Response>) {
        #[cfg(feature = "tracing")]
        self.inner.finish(result);
    }
}

#[cfg(feature = "tracing")]
mod on {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::time::{Duration, Instant};

    use tracing::field::Empty;

    pub(super) struct Call {
        pub(super) span: tracing::Span,
        pub(super) attempts: AtomicU32,
        /// `None` when nothing listens (no subscriber, or one that takes no level at all):
        /// the call then builds no span and records nothing.
        pub(super) started: Option<Instant>,
    }

    pin_project_lite::pin_project! {
        /// A call's future inside its span ([`super::Call::within`]), or, when nothing
        /// listens, as it is.
        #[project = WithinProjection]
        pub(super) enum Within<F> {
            Traced { #[pin] fut: tracing::instrument::Instrumented<F> },
            Plain { #[pin] fut: F },
        }
    }

    impl<F: Future> Future for Within<F> {
        type Output = F::Output;

        fn poll(
            self: std::pin::Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<F::Output> {
            match self.project() {
                WithinProjection::Traced { fut } => fut.poll(cx),
                WithinProjection::Plain { fut } => fut.poll(cx),
            }
        }
    }

    /// The IDs the path parameters of `route` took in `path` (`token_id=5Yo3…`): the values
    /// the spec names, nothing else of the URL.
    fn ids(route: &str, path: &str) -> String {
        let ids: Vec<String> = route
            .split('/')
            .zip(path.split('/'))
            .filter_map(|(template, actual)| {
                let name = template.strip_prefix('{')?.strip_suffix('}')?;
                Some(format!("{name}={actual}"))
            })
            .collect();
        ids.join(" ")
    }

    /// What went wrong, as a kind: never the error's text (it could carry a URL).
    fn error_kind(e: &reqwest::Error) -> &'static str {
        if let Some(refusal) = crate::runtime::guard::Refusal::find(e) {
            return refusal.kind();
        }
        if e.is_timeout() {
            "timeout"
        } else if e.is_connect() {
            "connect"
        } else if e.is_body() || e.is_decode() {
            "body"
        } else {
            "transport"
        }
    }

    impl Call {
        pub(super) fn start(
            operation: &'static super::Operation,
            request: &reqwest::Request,
        ) -> Call {
            // One atomic load: with no subscriber, or one that wants no level, neither the
            // span nor any event of the call can be enabled.
            if tracing::level_filters::LevelFilter::current()
                == tracing::level_filters::LevelFilter::OFF
            {
                return Call {
                    span: tracing::Span::none(),
                    attempts: AtomicU32::new(0),
                    started: None,
                };
            }
            let (operation, route) = (operation.operation_id, operation.route);
            let span = tracing::info_span!(
                "fastly_tokens",
                operation,
                method = %request.method(),
                route,
                ids = Empty,
                status = Empty,
                attempts = Empty,
                elapsed_ms = Empty,
                rate_limit_remaining = Empty,
            );
            // Only a subscriber that wants the span pays for the IDs' text.
            if !span.is_disabled() {
                span.record("ids", ids(route, request.url().path()).as_str());
            }
            Call {
                span,
                attempts: AtomicU32::new(0),
                started: Some(Instant::now()),
            }
        }

        pub(super) fn retrying(
            &self,
            last: &reqwest::Result<reqwest::Response>,
            delay: Duration,
            from: &'static str,
        ) {
            let attempt = self.attempts.load(Ordering::Relaxed);
            let delay_ms = delay.as_millis() as u64;
            match last {
                Ok(r) => tracing::info!(
                    parent: &self.span,
                    attempt,
                    status = r.status().as_u16(),
                    delay_ms,
                    delay_from = from,
                    "retrying"
                ),
                Err(e) => tracing::info!(
                    parent: &self.span,
                    attempt,
                    error = error_kind(e),
                    delay_ms,
                    delay_from = from,
                    "retrying"
                ),
            }
        }

        pub(super) fn finish(&self, result: &reqwest::Result<reqwest::Response>) {
            let Some(started) = self.started else {
                return;
            };
            let attempts = self.attempts.load(Ordering::Relaxed);
            let elapsed_ms = started.elapsed().as_millis() as u64;
            self.span.record("attempts", attempts);
            self.span.record("elapsed_ms", elapsed_ms);
            match result {
                Ok(r) => {
                    let status = r.status().as_u16();
                    self.span.record("status", status);
                    if let Some(remaining) = crate::api_error::RateLimit::remaining_in(r.headers())
                    {
                        self.span.record("rate_limit_remaining", remaining);
                    }
                    if r.status().is_success() {
                        tracing::info!(parent: &self.span, status, attempts, elapsed_ms, "call finished");
                    } else {
                        tracing::warn!(parent: &self.span, status, attempts, elapsed_ms, "call failed");
                    }
                }
                Err(e) => tracing::warn!(
                    parent: &self.span,
                    error = error_kind(e),
                    attempts,
                    elapsed_ms,
                    "call failed"
                ),
            }
        }
    }
}
