//! The one error type users match on: every way a call can fail, and the transport failures
//! under it. What the API said of a failure is `api_error.rs`.

use std::fmt;

use http::StatusCode;

use crate::api_error::{ApiError, ErrorCode, RateLimit};

/// The request could not be sent or the response not read: the connection was refused, a
/// timeout fired, the connection closed mid-body. Opaque, so the HTTP stack underneath can
/// change without changing this API; [`std::error::Error::source`] leads to the cause.
pub struct TransportError(pub(crate) reqwest::Error);

impl TransportError {
    /// Whether a timeout (the client's, or a call's `with_timeout`) fired.
    pub fn is_timeout(&self) -> bool {
        self.0.is_timeout()
    }

    /// Whether the connection could not be made (refused, DNS, TLS handshake).
    pub fn is_connect(&self) -> bool {
        self.0.is_connect()
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TransportError").field(&self.0).finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Says reqwest's own part; the causes under it (hyper's, the socket's) come from `source`.
impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.0)
    }
}

/// Every way a call can fail. Never contains the API token, password or one-time password.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// An argument was refused before anything was sent (an ID that is not alphanumeric,
    /// an empty bulk list, a header value with control characters).
    #[non_exhaustive]
    InvalidArgument {
        /// The argument.
        name: &'static str,
        /// Why it was refused.
        reason: String,
    },
    /// The client could not be configured (no token in the environment, a plain-HTTP base
    /// URL to a remote host, a bad URL).
    Config(String),
    /// The server answered with a status the operation does not succeed with.
    Api(Box<ApiError>),
    /// The request could not be sent or the response not read (connection refused, timeout,
    /// connection closed mid-body).
    Transport(TransportError),
    /// The server answered with a redirect (301, 302, 303, 307, 308, ...). The client never
    /// follows one: Fastly's API does not redirect these operations, and following would
    /// send the API token, or createToken's form and one-time password, wherever the
    /// server points.
    #[non_exhaustive]
    Redirect {
        /// The redirect status.
        status: StatusCode,
        /// The origin (`scheme://host:port`) the `Location` header points to, when it parses.
        /// Its path and query are left out: a hostile server could echo a credential there.
        location: Option<String>,
    },
    /// The response came from another origin than the base URL's: the HTTP client given to
    /// [`crate::ClientBuilder::http_client`] followed a redirect. The response is discarded;
    /// see that method for how to keep every request on the configured origin.
    #[non_exhaustive]
    OffOrigin {
        /// The origin (`scheme://host:port`) the response came from.
        origin: String,
    },
    /// The response body is larger than the client's limit
    /// ([`crate::ClientBuilder::body_limit`], default [`crate::DEFAULT_BODY_LIMIT`]). Reading
    /// stopped before the body was buffered: at once when `Content-Length` announced too
    /// much, or as soon as the bytes that arrived crossed the limit.
    #[non_exhaustive]
    BodyTooLarge {
        /// The status of the response.
        status: StatusCode,
        /// The limit in bytes.
        limit: u64,
        /// How many bytes arrived before reading stopped (0 when `Content-Length` was enough
        /// to refuse the body).
        received: u64,
        /// The `Content-Length` the server announced, if any.
        declared: Option<u64>,
    },
    /// The call did not finish within its overall deadline ([`crate::ClientBuilder::deadline`]
    /// or a request builder's `with_deadline`): every attempt and every wait between them
    /// counted. Nothing more is sent once it passes.
    #[non_exhaustive]
    DeadlineExceeded {
        /// The deadline that passed.
        deadline: std::time::Duration,
    },
    /// A success response whose body is not what the operation returns.
    #[non_exhaustive]
    Decode {
        /// The status of the response.
        status: StatusCode,
        /// Why the body did not decode.
        source: serde_json::Error,
    },
}

impl Error {
    pub(crate) fn invalid(name: &'static str, reason: impl Into<String>) -> Error {
        Error::InvalidArgument {
            name,
            reason: reason.into(),
        }
    }

    /// The HTTP status, for errors that come from a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. }
            | Error::Redirect { status, .. }
            | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::Transport(e) => e.0.status(),
            _ => None,
        }
    }

    /// The server's error response, if this is one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// 401: the token is missing or expired.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// 403: the token is invalid or lacks the rights.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(StatusCode::FORBIDDEN)
    }

    /// 404: no such token (or customer).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// 429: the hourly budget of non-read requests is spent; see [`Error::rate_limit`].
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// createToken refused for a missing or wrong one-time password (`2fa.verify`, found in
    /// `code` or, as some tools read it, in `msg`).
    pub fn is_two_factor_required(&self) -> bool {
        self.api().is_some_and(|e| {
            [e.code.as_deref(), e.msg()]
                .into_iter()
                .flatten()
                .any(|s| s.trim() == "2fa.verify")
        })
    }

    /// createToken refused the username or password: wrong (`invalid_grant`) or missing
    /// (`invalid_request`).
    pub fn is_invalid_credentials(&self) -> bool {
        matches!(
            self.api().and_then(ApiError::code),
            Some(ErrorCode::InvalidGrant | ErrorCode::InvalidRequest)
        )
    }

    /// 5xx: the server (or a proxy in front of it) failed.
    pub fn is_server_error(&self) -> bool {
        self.status().is_some_and(|s| s.is_server_error())
    }

    /// The connection could not be made.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_connect())
    }

    /// Whether the same request may succeed later, as it failed on something passing: rate
    /// limited (wait [`RateLimit::reset_in`]), a 500, 502, 503 or 504, a timeout, or a
    /// connection that could not be made. The client has already retried what the spec
    /// lets it; this is for callers who schedule their own retries. (A createToken that
    /// timed out may have created the token.)
    pub fn is_retryable(&self) -> bool {
        let passing = [
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::INTERNAL_SERVER_ERROR,
            StatusCode::BAD_GATEWAY,
            StatusCode::SERVICE_UNAVAILABLE,
            StatusCode::GATEWAY_TIMEOUT,
        ];
        match self {
            Error::Api(e) => passing.contains(&e.status),
            Error::Transport(e) => e.is_timeout() || e.is_connect(),
            _ => false,
        }
    }

    /// Whether the server answered with a redirect the client refused to follow, or an HTTP
    /// client of the user's followed one to another origin.
    pub fn is_redirect(&self) -> bool {
        matches!(self, Error::Redirect { .. } | Error::OffOrigin { .. })
    }

    /// Whether the response body was larger than the client's limit.
    pub fn is_body_too_large(&self) -> bool {
        matches!(self, Error::BodyTooLarge { .. })
    }

    /// Whether an attempt timed out, or the whole call passed its deadline.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_timeout())
            || matches!(self, Error::DeadlineExceeded { .. })
    }

    /// The rate-limit budget reported with the error response, if any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.api().and_then(ApiError::rate_limit)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidArgument { name, reason } => write!(f, "invalid {name}: {reason}"),
            Error::DeadlineExceeded { deadline } => write!(
                f,
                "the call did not finish within its deadline of {deadline:?} (all attempts and \
                 the waits between them)"
            ),
            Error::Config(m) => write!(f, "client configuration: {m}"),
            Error::Api(e) => write!(f, "Fastly answered {e}"),
            Error::Transport(_) => {
                write!(f, "the request could not be sent or the answer not read")
            }
            Error::Redirect { status, location } => {
                write!(f, "refused to follow the HTTP {status} redirect")?;
                if let Some(location) = location {
                    write!(f, " to {location}")?;
                }
                write!(
                    f,
                    ": the client never follows redirects, so credentials stay on the base URL's origin"
                )
            }
            Error::OffOrigin { origin } => write!(
                f,
                "the response came from {origin}, not the base URL's origin: the HTTP client \
                 given to ClientBuilder::http_client follows redirects (build it with \
                 reqwest::redirect::Policy::none(), or pass its builder to \
                 ClientBuilder::http_client_builder)"
            ),
            Error::BodyTooLarge {
                status,
                limit,
                received,
                declared,
            } => {
                write!(
                    f,
                    "the HTTP {status} response body exceeds the {limit}-byte limit"
                )?;
                match declared {
                    Some(d) if *received == 0 => write!(f, " (Content-Length: {d}; nothing read)"),
                    _ => write!(f, " ({received} bytes arrived before reading stopped)"),
                }
            }
            Error::Decode { status, .. } => write!(
                f,
                "the HTTP {status} response is not what the operation returns"
            ),
        }
    }
}

/// One convention for the whole chain: each level's `Display` says only its own part, and the
/// cause comes from `source` (a reporter such as anyhow's `{:#}` prints each message once).
/// An [`ApiError`] is what an `Error::Api` says, not a cause under it.
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            _ => None,
        }
    }
}
