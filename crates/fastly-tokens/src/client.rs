//! `Client` and `ClientBuilder`: configuration and credentials, and the generated client each
//! call runs on. The operations themselves are generated (`operations.rs`); what a call runs
//! through is the runtime (`runtime/`).

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::HeaderValue;

use crate::create::CreateTokenRequest;
use crate::error::Error;
use crate::generated;
use crate::runtime::guard::DEFAULT_BODY_LIMIT;
use crate::runtime::path;
use crate::runtime::retry::RetryPolicy;
use crate::runtime::session::Session;
use crate::sudo::SudoRequest;

/// Fastly's API.
pub const DEFAULT_BASE_URL: &str = "https://api.fastly.com";
/// The environment variable every Fastly client and the Fastly CLI read the API token from.
pub const TOKEN_ENV: &str = "FASTLY_API_TOKEN";

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
                    // credentials to wherever a server points (see `runtime/guard.rs`).
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
            room: path::room(&base),
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
/// request (URL, headers, extensions) in case. Retries are the client's own (`runtime/retry.rs`).
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

/// What a hand-written request body (a stand-in for a spec schema, see
/// `xtask/src/generate/adapt.rs`) adds when a generated operation sends it.
pub(crate) trait Prepare: Clone {
    /// The body as sent, with the client's defaults filled in.
    fn prepare<'a>(&'a self, client: &Client) -> Cow<'a, Self>;
}

impl Prepare for CreateTokenRequest {
    /// The copy the client sends, whose form carries the credentials: the request's own, or
    /// else the client's (see [`ClientBuilder::credentials`]).
    fn prepare<'a>(&'a self, client: &Client) -> Cow<'a, Self> {
        Cow::Owned(self.on_the_wire(client.credentials()))
    }
}

impl Prepare for SudoRequest {
    /// The copy the client sends, whose form carries the password: the request's own, or
    /// else the client's (see [`ClientBuilder::credentials`]).
    fn prepare<'a>(&'a self, client: &Client) -> Cow<'a, Self> {
        Cow::Owned(self.on_the_wire(client.credentials()))
    }
}

impl Client {
    /// The username and password the client was built with, if any.
    fn credentials(&self) -> Option<(&str, &str)> {
        let (username, password) = self.shared.credentials.as_ref()?;
        Some((username, password))
    }
}
