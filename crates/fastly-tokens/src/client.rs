//! `Client` and `ClientBuilder`: configuration, credentials, and how every operation's
//! outcome becomes a `Response` or the one `Error`. The operations themselves are generated
//! (`operations.rs`).

use std::borrow::Cow;
use std::cell::Cell;
use std::sync::Arc;
use std::time::Duration;

use progenitor_client::{ByteStream, ResponseValue};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;

use crate::CreateTokenRequest;
use crate::error::{ApiError, Error, MAX_ERROR_BODY, RateLimit};
use crate::generated;
use crate::guard::{DEFAULT_BODY_LIMIT, Refusal};
use crate::hooks::Session;
use crate::retry::RetryPolicy;

/// Fastly's API.
pub const DEFAULT_BASE_URL: &str = "https://api.fastly.com";
/// The environment variable every Fastly client and the Fastly CLI read the API token from.
pub const TOKEN_ENV: &str = "FASTLY_API_TOKEN";

/// A successful response: the decoded value with the status and headers it came with.
///
/// Derefs to the value; [`Response::rate_limit`] reads Fastly's rate-limit headers.
pub struct Response<T>(ResponseValue<T>);

impl<T> Response<T> {
    /// The decoded value.
    pub fn into_inner(self) -> T {
        self.0.into_inner()
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.0.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.0.headers()
    }

    /// The rate-limit budget the response reported (non-read operations only).
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(self.headers())
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// A list response iterates over its items: `for token in &tokens`.
impl<'a, T> IntoIterator for &'a Response<Vec<T>> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A list response, consumed item by item.
impl<T> IntoIterator for Response<Vec<T>> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_inner().into_iter()
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status())
            .field("value", &*self.0)
            .finish()
    }
}

/// Configures a [`Client`]: credentials, base URL, timeouts, User-Agent, HTTP client.
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: String,
    token: Option<String>,
    credentials: Option<(String, String)>,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    deadline: Option<Duration>,
    http: Option<HttpClient>,
    retry: Option<RetryPolicy>,
    body_limit: u64,
}

/// An HTTP client the user brought: as it is, or built by us from their builder.
#[derive(Clone)]
enum HttpClient {
    /// From [`ClientBuilder::http_client`]: its redirect policy is the user's.
    AsIs(reqwest::Client),
    /// From [`ClientBuilder::http_client_builder`], built with redirects off (or why not).
    Built(Result<reqwest::Client, String>),
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field(
                "credentials",
                &self.credentials.as_ref().map(|(u, _)| (u, "<redacted>")),
            )
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("deadline", &self.deadline)
            .field("retry", &self.retry)
            .field("body_limit", &self.body_limit)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: DEFAULT_BASE_URL.to_string(),
            token: None,
            credentials: None,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            user_agent: DEFAULT_USER_AGENT.to_string(),
            deadline: None,
            http: None,
            retry: None,
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }
}

impl ClientBuilder {
    /// A builder with the defaults: `https://api.fastly.com`, no credentials, 10 s connect
    /// timeout, 30 s total timeout, User-Agent `fastly-tokens/<version>`,
    /// [`RetryPolicy::default`] for GET and DELETE, and response bodies up to
    /// [`DEFAULT_BODY_LIMIT`].
    pub fn new() -> Self {
        Self::default()
    }

    /// The API token, sent as `Fastly-Key` on every request.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The API token from `FASTLY_API_TOKEN`; an error when it is unset or empty.
    pub fn token_from_env(self) -> Result<Self, Error> {
        match std::env::var(TOKEN_ENV) {
            Ok(t) if !t.trim().is_empty() => Ok(self.token(t.trim())),
            Ok(_) => Err(Error::Config(format!("{TOKEN_ENV} is set but empty"))),
            Err(std::env::VarError::NotPresent) => Err(Error::Config(format!(
                "{TOKEN_ENV} is not set; export an API token or pass one to the builder"
            ))),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(Error::Config(format!("{TOKEN_ENV} is not valid UTF-8")))
            }
        }
    }

    /// The account's username (e-mail) and password, sent as form fields by
    /// [`Client::create_token`] unless the request carries its own.
    pub fn credentials(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials = Some((username.into(), password.into()));
        self
    }

    /// Another base URL (a trailing `/` is fine). Plain `http://` is accepted only for a
    /// loopback host, so a credential never crosses a network unencrypted.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// How long connecting may take (default 10 s). Ignored with [`ClientBuilder::http_client`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long a whole request may take (default 30 s). Ignored with
    /// [`ClientBuilder::http_client`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Names your application in the User-Agent of every request, after the crate's own:
    /// `user_agent("deployer/2.1")` sends `fastly-tokens/<version> deployer/2.1`, so Fastly
    /// (and your proxy's logs) see both. A second call replaces the first.
    pub fn user_agent(mut self, application: impl Into<String>) -> Self {
        self.user_agent = format!("{DEFAULT_USER_AGENT} {}", application.into().trim());
        self
    }

    /// An overall deadline for every call: all attempts, the waits between them and reading
    /// the answer (default none: each attempt has [`ClientBuilder::timeout`], and retries
    /// stop where the retry policy says). A call past it fails with
    /// [`Error::DeadlineExceeded`]; a request builder's `with_deadline` sets one call's.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Replaces the numbers of the spec's retry policy for every call (by default each
    /// operation retries as the spec's `x-retry` declares: today 3 retries from 250 ms for
    /// GET and DELETE). [`RetryPolicy::none`] turns retrying off. Which statuses are retried,
    /// and which operations may be retried at all, stay as the spec declares; a single call
    /// can have its own policy with its builder's `with_retry`.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The largest response body the client reads, in bytes (default [`DEFAULT_BODY_LIMIT`],
    /// 32 MiB), for success and error responses alike. A `Content-Length` over the limit fails
    /// before anything is read; a body that grows past it fails as soon as it crosses it. Both
    /// give [`Error::BodyTooLarge`].
    pub fn body_limit(mut self, bytes: u64) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Your own `reqwest::Client` (proxies, custom TLS, timeouts): used as it is.
    ///
    /// The client this crate builds never follows a redirect. A `reqwest::Client` built
    /// elsewhere follows up to ten by default, and reqwest keeps the `Fastly-Key` header (and
    /// re-sends the body on 307 and 308) when it does: your credentials could reach another
    /// origin before this crate sees the answer. That answer is then refused
    /// ([`Error::OffOrigin`]), but what was sent is gone. Build it with
    /// `.redirect(reqwest::redirect::Policy::none())`, or hand its builder to
    /// [`ClientBuilder::http_client_builder`], which does that for you.
    ///
    /// With the default `rustls-ring` feature, reqwest has no TLS provider of its own: build
    /// your client after installing one (`rustls::crypto::ring::default_provider()
    /// .install_default()`), or pass its builder to `http_client_builder`, which does that too.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(HttpClient::AsIs(client));
        self
    }

    /// Your own `reqwest::ClientBuilder` (proxies, custom TLS, timeouts), finished with
    /// redirects turned off, so credentials stay on the base URL's origin whatever the server
    /// answers. Its timeouts are yours: [`ClientBuilder::timeout`] and
    /// [`ClientBuilder::connect_timeout`] do not apply.
    pub fn http_client_builder(mut self, builder: reqwest::ClientBuilder) -> Self {
        crate::tls::prepare();
        let built = builder
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"));
        self.http = Some(HttpClient::Built(built));
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = check_base_url(&self.base_url)?;
        let token = match &self.token {
            None => None,
            Some(t) if t.is_empty() => return Err(Error::Config("the API token is empty".into())),
            Some(t) => {
                let mut value = HeaderValue::from_str(t).map_err(|_| {
                    Error::Config("the API token has characters a header cannot carry".into())
                })?;
                value.set_sensitive(true);
                Some(value)
            }
        };
        // The default is a static value, whose copies on every request share no reference
        // count across threads; an application's name makes it a value of its own.
        let user_agent = if self.user_agent == DEFAULT_USER_AGENT {
            HeaderValue::from_static(DEFAULT_USER_AGENT)
        } else {
            HeaderValue::from_str(&self.user_agent)
                .map_err(|_| Error::Config("the User-Agent is not a valid header value".into()))?
        };
        let http = match self.http {
            Some(HttpClient::AsIs(http)) => http,
            Some(HttpClient::Built(built)) => built.map_err(Error::Config)?,
            None => {
                crate::tls::prepare();
                let builder = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.timeout)
                    // Fastly does not redirect these operations; following would carry the
                    // credentials to wherever a server points (see `guard.rs`).
                    .redirect(reqwest::redirect::Policy::none());
                http1_unless_http2(builder)
                    .build()
                    .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?
            }
        };
        let base = Url::parse(&base_url)
            .map_err(|e| Error::Config(format!("the base URL {base_url:?} is not a URL: {e}")))?;
        let session = Session {
            token,
            user_agent,
            retry: self.retry,
            timeout: None,
            body_limit: self.body_limit,
            room: crate::path::room(&base),
            base,
        };
        Ok(Client {
            shared: Arc::new(Shared {
                raw: generated::Client::new_with_client(&base_url, http, session),
                credentials: self.credentials,
                deadline: self.deadline,
            }),
        })
    }
}

/// Without the `http2` feature, the client's own HTTP client speaks HTTP/1.1 only (even when
/// another crate turns on reqwest's `http2`), and reqwest's retry layer is off: it retries
/// only HTTP/2 and HTTP/3 protocol refusals, which HTTP/1.1 has none of, yet it copies every
/// request (URL, headers, extensions) in case. Retries are the client's own (`retry.rs`).
/// With the feature, both stay as reqwest has them.
fn http1_unless_http2(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    #[cfg(not(feature = "http2"))]
    let builder = builder
        .http1_only()
        .retry(reqwest::retry::never().max_retries_per_request(0));
    builder
}

/// Normalises the base URL (no trailing `/`) and refuses plain HTTP off loopback.
fn check_base_url(url: &str) -> Result<String, Error> {
    let parsed = Url::parse(url.trim())
        .map_err(|e| Error::Config(format!("the base URL {url:?} is not a URL: {e}")))?;
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::Config(format!(
            "the base URL {url:?} must not have a query or fragment"
        )));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::Config(
            "the base URL must not carry credentials".into(),
        ));
    }
    let loopback = match parsed.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match parsed.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(Error::Config(format!(
                "refusing plain http:// to {}: credentials would cross the network \
                 unencrypted; use https:// (plain HTTP is allowed only for loopback hosts)",
                parsed.host_str().unwrap_or_default()
            )));
        }
        other => {
            return Err(Error::Config(format!(
                "the base URL scheme must be https, not {other:?}"
            )));
        }
    }
    Ok(parsed.as_str().trim_end_matches('/').to_string())
}

/// An async client for Fastly's Tokens API.
///
/// Built with [`Client::new`], [`Client::from_env`] or [`Client::builder`]. A handle: cloning
/// it is one reference count (the configuration and connection pool are shared), and every
/// request builder holds its own, so a call can be spawned, stored or joined on its own
/// (`tokio::spawn(client.get_token(id).send())`). `Debug` never shows credentials.
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
}

/// What every handle of one [`Client`] shares.
///
/// Aligned to 128 bytes, so it starts on a cache line (and x86's prefetched pair of lines) of
/// its own, apart from the `Arc`'s reference counts: every call clones and drops a handle,
/// which writes the counts' line on whichever core runs the call, and the configuration every
/// call reads (base URL, HTTP client, session) would otherwise move between the cores with it.
#[repr(align(128))]
struct Shared {
    raw: generated::Client,
    credentials: Option<(String, String)>,
    /// The overall deadline of every call, if any ([`ClientBuilder::deadline`]).
    deadline: Option<Duration>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url())
            .field("session", &self.shared.raw.inner)
            .field("deadline", &self.shared.deadline)
            .field(
                "credentials",
                &self
                    .shared
                    .credentials
                    .as_ref()
                    .map(|(u, _)| (u, "<redacted>")),
            )
            .finish()
    }
}

/// Per-call settings a request builder carries (its `with_timeout` and `with_retry`).
#[derive(Clone, Debug, Default)]
pub(crate) struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) deadline: Option<Duration>,
}

pin_project_lite::pin_project! {
    /// A whole call (its checks, every attempt, the waits between them and reading the
    /// answer) with an optional overall deadline ([`Client::deadline_for`]). It is the
    /// outermost future of a generated `send`: the call is built in place here, with no async
    /// block around it to move it into (a move copies all of a call's future, some hundreds
    /// of bytes).
    pub(crate) struct Deadline<F> {
        #[pin]
        call: F,
        // Boxed: only a call with a deadline has a timer, and the 96 bytes of one would size
        // every call's future. Started on the first poll (a `Sleep` needs the runtime, and a
        // future may be made outside one), before the call is first polled.
        timer: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
        deadline: Option<Duration>,
    }
}

impl<F> Deadline<F> {
    /// Runs `call` (a whole call: its checks, every attempt, and reading the answer) within
    /// `deadline` ([`Client::deadline_for`]); without one, as it is.
    pub(crate) fn new(deadline: Option<Duration>, call: F) -> Deadline<F> {
        Deadline {
            call,
            timer: None,
            deadline,
        }
    }
}

impl<F, T> Future for Deadline<F>
where
    F: Future<Output = Result<T, Error>>,
{
    type Output = Result<T, Error>;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let this = self.project();
        let Some(deadline) = *this.deadline else {
            return this.call.poll(cx);
        };
        let timer = this
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(deadline)));
        if let std::task::Poll::Ready(out) = this.call.poll(cx) {
            return std::task::Poll::Ready(out);
        }
        match timer.as_mut().poll(cx) {
            std::task::Poll::Ready(()) => {
                std::task::Poll::Ready(Err(Error::DeadlineExceeded { deadline }))
            }
            std::task::Poll::Pending => std::task::Poll::Pending,
        }
    }
}

/// The User-Agent the client sends: `fastly-tokens/<version>`, followed by the application's
/// name when [`ClientBuilder::user_agent`] gives one.
const DEFAULT_USER_AGENT: &str = concat!("fastly-tokens/", env!("CARGO_PKG_VERSION"));

impl Client {
    /// The raw client a call goes through: this client's own, or, when the call overrides
    /// its timeout or retry policy, a copy sharing the connection pool with those changed.
    pub(crate) fn raw_for(&self, options: &CallOptions) -> RawFor<'_> {
        if options.timeout.is_none() && options.retry.is_none() {
            return RawFor::Shared(&self.shared.raw);
        }
        let mut session = self.shared.raw.inner.clone();
        if options.timeout.is_some() {
            session.timeout = options.timeout;
        }
        if options.retry.is_some() {
            session.retry = options.retry.clone();
        }
        // Boxed: a call's future holds this across its await, and the client is some 270
        // bytes every call would carry for the rare one with its own timeout or retries.
        RawFor::Own(Box::new(generated::Client::new_with_client(
            &self.shared.raw.baseurl,
            self.shared.raw.client.clone(),
            session,
        )))
    }
    /// The overall deadline of a call with these options: its own, or else the client's.
    pub(crate) fn deadline_for(&self, options: &CallOptions) -> Option<Duration> {
        options.deadline.or(self.shared.deadline)
    }

    /// A client for `https://api.fastly.com` that authenticates with `token`.
    pub fn new(token: impl Into<String>) -> Result<Client, Error> {
        ClientBuilder::new().token(token).build()
    }

    /// A client for `https://api.fastly.com` with the token from `FASTLY_API_TOKEN`.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::new().token_from_env()?.build()
    }

    /// A builder for every other configuration.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The base URL requests go to (without a trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.shared.raw.baseurl
    }
}

/// The generated client a call runs on ([`Client::raw_for`]): the client's own, or one with
/// the call's timeout or retry policy.
pub(crate) enum RawFor<'a> {
    Shared(&'a generated::Client),
    Own(Box<generated::Client>),
}

impl std::ops::Deref for RawFor<'_> {
    type Target = generated::Client;

    fn deref(&self) -> &generated::Client {
        match self {
            RawFor::Shared(raw) => raw,
            RawFor::Own(raw) => raw,
        }
    }
}

type Raw<T> = Result<ResponseValue<T>, progenitor_client::Error<()>>;

/// What a hand-written request body (a stand-in for a spec schema, see `xtask/src/generate/adapt.rs`)
/// adds when a generated operation sends it.
pub(crate) trait Prepare: Clone {
    /// The body as sent, with the client's defaults filled in.
    fn prepare<'a>(&'a self, client: &Client) -> Cow<'a, Self>;
    /// Runs `call`, the raw request that serializes this body, in the one scope where the
    /// body writes its secrets; any other serialization leaves them out.
    fn sending<F: std::future::Future + Send>(
        &self,
        call: F,
    ) -> impl std::future::Future<Output = F::Output> + Send;
}

impl Prepare for CreateTokenRequest {
    /// Convenience: the client's username and password (see [`ClientBuilder::credentials`])
    /// unless the request carries its own.
    fn prepare<'a>(&'a self, client: &Client) -> Cow<'a, Self> {
        match &client.shared.credentials {
            Some((user, pass)) => Cow::Owned(self.with_default_credentials(user, pass)),
            None => Cow::Borrowed(self),
        }
    }

    /// The username and password go into the form only here, on the client's own request.
    fn sending<F: std::future::Future + Send>(
        &self,
        call: F,
    ) -> impl std::future::Future<Output = F::Output> + Send {
        crate::create::on_the_wire(call)
    }
}

tokio::task_local! {
    /// The status of the response a JSON call last received, set by the hook that receives
    /// it (`record_status`): progenitor's decode error keeps the body but not the status.
    static STATUS: Cell<Option<StatusCode>>;
}

/// Records the status of the response the current call received (a no-op outside
/// [`recording`]'s scope, as for calls that return no content).
pub(crate) fn record_status(status: StatusCode) {
    let _ = STATUS.try_with(|s| s.set(Some(status)));
}

/// Which status a JSON operation's body that does not decode is reported with.
pub(crate) enum JsonStatus {
    /// The operation's one JSON success status (known when it was generated).
    Only(u16),
    /// Several: the status the hook recorded for the response ([`recording`]). The
    /// committed spec has no such operation; a spec with one generates it (the corpus of
    /// `tests/tests/names.rs` builds one).
    #[cfg_attr(not(test), allow(dead_code))]
    Recorded(Option<StatusCode>),
}

pin_project_lite::pin_project! {
    /// A call that hands back, with its result, the status the hook recorded ([`recording`]).
    pub(crate) struct Recording<F> {
        #[pin]
        call: F,
    }
}

impl<F: Future> Future for Recording<F> {
    type Output = (F::Output, JsonStatus);

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let out = std::task::ready!(self.project().call.poll(cx));
        let status = STATUS.try_with(Cell::get).ok().flatten();
        std::task::Poll::Ready((out, JsonStatus::Recorded(status)))
    }
}

/// Runs `call` (an operation with several JSON success statuses) in the scope where the hook
/// records the status it received, for [`finish_json`]. A future that holds `call` once.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn recording<F: Future>(call: F) -> impl Future<Output = (F::Output, JsonStatus)> {
    STATUS.scope(Cell::new(None), Recording { call })
}

/// Finishes an operation that returns JSON; a body that does not decode is an
/// [`Error::Decode`] with the status it came with (201 for a 201 operation).
///
/// The generated `send` awaits the raw call itself and hands its result here, so the call's
/// future (some kilobytes) is held once, inside the call's deadline.
pub(crate) fn finish_json<T>(result: Raw<T>, status: JsonStatus) -> Finish<Response<T>> {
    Finish::now(match result {
        Ok(rv) => Ok(Response(rv)),
        Err(progenitor_client::Error::InvalidResponsePayload(_, source)) => Err(Error::Decode {
            // A payload error follows a received response, whose status is known either way.
            status: match status {
                JsonStatus::Only(code) => StatusCode::from_u16(code).unwrap_or_default(),
                JsonStatus::Recorded(recorded) => recorded.unwrap_or_default(),
            },
            source,
        }),
        Err(e) => return Finish::Converting(convert(e)),
    })
}

/// How a call ends ([`finish_json`], [`finish_empty`]): with its outcome at once, or, for an
/// error that may carry a body to read, once [`convert`] has read it. A future that holds the
/// outcome once (an `async fn` taking the raw result would hold it twice, and the result of a
/// JSON call is the decoded value).
pub(crate) enum Finish<T> {
    Now(std::future::Ready<Result<T, Error>>),
    Converting(std::pin::Pin<Box<dyn Future<Output = Error> + Send>>),
}

impl<T> Finish<T> {
    fn now(outcome: Result<T, Error>) -> Self {
        Finish::Now(std::future::ready(outcome))
    }
}

impl<T> Future for Finish<T> {
    type Output = Result<T, Error>;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        match self.get_mut() {
            Finish::Now(outcome) => std::pin::Pin::new(outcome).poll(cx),
            Finish::Converting(error) => error.as_mut().poll(cx).map(Err),
        }
    }
}

/// progenitor-client's `ResponseValue::from_response`, moving the headers instead of copying
/// them (the generated client calls this, `xtask/src/generate/progenitor.rs`): the status, the
/// headers, then the whole body decoded as JSON.
///
/// A function returning an `async move` block that holds the response once: an `async fn`
/// holds its argument twice, and reqwest's `Response::bytes` does the same again (568 bytes),
/// in a future every JSON call's boxed future carries.
#[allow(clippy::manual_async_fn)] // the `async fn` form is the larger future
pub(crate) fn json_response<T: DeserializeOwned, E>(
    mut response: reqwest::Response,
) -> impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    async move {
        let full = whole_body(&mut response)
            .await
            .map_err(progenitor_client::Error::ResponseBodyError)?;
        let inner = serde_json::from_slice(&full)
            .map_err(|e| progenitor_client::Error::InvalidResponsePayload(full, e))?;
        Ok(ResponseValue::new(inner, status, headers))
    }
}

/// The whole body of `response`, read chunk by chunk: a body of one chunk (the usual answer)
/// is returned as it came, without a copy; more chunks are joined once, at the end, into a
/// buffer of their exact total (as reqwest's own `bytes()` does). How large a body may grow is
/// `guard::check`'s business, before this reads anything.
async fn whole_body(response: &mut reqwest::Response) -> reqwest::Result<bytes::Bytes> {
    let Some(first) = response.chunk().await? else {
        return Ok(bytes::Bytes::new());
    };
    let Some(second) = response.chunk().await? else {
        return Ok(first);
    };
    let mut chunks = vec![first, second];
    while let Some(chunk) = response.chunk().await? {
        chunks.push(chunk);
    }
    let mut whole = bytes::BytesMut::with_capacity(chunks.iter().map(bytes::Bytes::len).sum());
    for chunk in chunks {
        whole.extend_from_slice(&chunk);
    }
    Ok(whole.freeze())
}

/// progenitor-client's `ResponseValue::empty`, moving the headers instead of copying them.
pub(crate) fn empty_response(mut response: reqwest::Response) -> ResponseValue<()> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    ResponseValue::new((), status, headers)
}

/// Finishes an operation that returns no content: any 2xx is success.
pub(crate) fn finish_empty(result: Raw<()>) -> Finish<Response<()>> {
    Finish::now(match result {
        Ok(rv) => Ok(Response(rv)),
        Err(progenitor_client::Error::UnexpectedResponse(r)) if r.status().is_success() => Ok(
            Response(ResponseValue::new((), r.status(), r.headers().clone())),
        ),
        Err(e) => return Finish::Converting(convert(e)),
    })
}

/// Finishes an operation whose success body is not JSON: the body is handed over unread, as a
/// stream that fails past the body limit like any other (`guard.rs`).
#[allow(dead_code)] // generated only where the spec has such an operation
pub(crate) fn finish_stream(result: Raw<ByteStream>) -> Finish<Response<ByteStream>> {
    Finish::now(match result {
        Ok(rv) => Ok(Response(rv)),
        Err(e) => return Finish::Converting(convert(e)),
    })
}

/// A transport error as the crate reports it: a refusal of the guard (a body past its limit)
/// as that refusal, anything else as [`Error::Transport`].
pub(crate) fn transport_error(e: reqwest::Error) -> Error {
    match Refusal::find(&e) {
        Some(refusal) => refusal.clone().into_error(),
        None => Error::Transport(crate::error::TransportError(e)),
    }
}

/// Finishes a websocket upgrade (`101 Switching Protocols`): the connection, handed over.
#[allow(dead_code)] // generated only where the spec has a websocket operation
pub(crate) fn finish_upgrade(
    result: Raw<reqwest::Upgraded>,
) -> Finish<Response<reqwest::Upgraded>> {
    Finish::now(match result {
        Ok(rv) => Ok(Response(rv)),
        Err(e) => return Finish::Converting(convert(e)),
    })
}

/// Turns progenitor's error into ours, reading (at most 64 KiB of) an error body.
///
/// Boxed: this error path's future (it reads an error body) would otherwise size every call's
/// future, which `IntoFuture` boxes and the layers above move.
fn convert(
    error: progenitor_client::Error<()>,
) -> std::pin::Pin<Box<dyn Future<Output = Error> + Send>> {
    Box::pin(convert_now(error))
}

async fn convert_now(error: progenitor_client::Error<()>) -> Error {
    use progenitor_client::Error as P;
    match error {
        P::InvalidRequest(m) => Error::invalid("request", m),
        P::Custom(m) => Error::invalid("request", m),
        P::CommunicationError(e) | P::InvalidUpgrade(e) | P::ResponseBodyError(e) => {
            transport_error(e)
        }
        // Only a JSON operation decodes a body, and `finish_json` reports it with its status;
        // an operation with no content never gets here.
        P::InvalidResponsePayload(_, source) => Error::Decode {
            status: StatusCode::default(),
            source,
        },
        P::ErrorResponse(rv) => Error::Api(Box::new(ApiError::new(
            rv.status(),
            rv.headers().clone(),
            b"",
        ))),
        P::UnexpectedResponse(mut response) => {
            let status = response.status();
            let headers = response.headers().clone();
            let mut body = Vec::new();
            loop {
                match response.chunk().await {
                    Ok(Some(chunk)) => {
                        let room = MAX_ERROR_BODY - body.len();
                        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                        if body.len() >= MAX_ERROR_BODY {
                            break;
                        }
                    }
                    Ok(None) => break,
                    // Over the body limit (only when it is below 64 KiB): say so.
                    Err(e) => match Refusal::find(&e) {
                        Some(refusal) => return refusal.clone().into_error(),
                        // The status is what matters; keep what arrived of the body.
                        None => break,
                    },
                }
            }
            Error::Api(Box::new(ApiError::new(status, headers, &body)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What progenitor returns for a success body that does not decode (its error type is
    /// large; that is progenitor's, returned here as the generated code returns it).
    #[allow(clippy::result_large_err)]
    fn undecodable() -> Raw<u8> {
        let source = serde_json::from_slice::<u8>(b"{").unwrap_err();
        Err(progenitor_client::Error::InvalidResponsePayload(
            bytes::Bytes::from_static(b"{"),
            source,
        ))
    }

    /// A body that does not decode is reported with the status the hook recorded for it, not
    /// a constant: 201 here, as for an operation that succeeds with 201 and 202.
    #[tokio::test]
    async fn a_decode_failure_keeps_the_status_it_came_with() {
        for status in [StatusCode::CREATED, StatusCode::OK, StatusCode::ACCEPTED] {
            let call = async move {
                record_status(status);
                undecodable()
            };
            let (result, recorded) = recording(call).await;
            match finish_json(result, recorded).await {
                Err(Error::Decode { status: got, .. }) => assert_eq!(got, status),
                other => panic!("expected Error::Decode, got {other:?}"),
            }
        }
    }

    /// An operation with one JSON success status names it without recording anything.
    #[tokio::test]
    async fn a_single_status_operation_reports_its_status() {
        match finish_json(undecodable(), JsonStatus::Only(201)).await {
            Err(Error::Decode { status, .. }) => assert_eq!(status, StatusCode::CREATED),
            other => panic!("expected Error::Decode, got {other:?}"),
        }
        // Outside a recording call's scope, recording is a no-op.
        record_status(StatusCode::ACCEPTED);
    }
}
