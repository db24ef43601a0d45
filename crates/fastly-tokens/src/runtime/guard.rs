//! What a response must satisfy before the client reads it: it comes from the configured
//! origin, it is not a redirect, and its body stays under the size limit.
//!
//! The checks run in the `exec` hook (see `hooks.rs`), after the last attempt and before
//! progenitor's generated code touches the body. A refusal travels through progenitor as a
//! `reqwest::Error` whose source is a [`Refusal`]; `response.rs` finds it again with
//! [`Refusal::find`] and turns it into the matching [`crate::Error`] variant.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http_body::{Body as HttpBody, Frame, SizeHint};
use reqwest::header::{CONTENT_LENGTH, LOCATION};
use reqwest::{StatusCode, Url};

use crate::Error;

/// The default limit on a response body: 32 MiB.
///
/// A token is about 450 bytes of JSON, so this holds a list of some 70,000 tokens, far more
/// than a customer-wide list holds, while reading and decoding a body of this size peaks near
/// 110 MB (decoded tokens take about twice their JSON; measured on a 30 MB list).
pub const DEFAULT_BODY_LIMIT: u64 = 32 * 1024 * 1024;

/// Why the client stopped reading a response.
#[derive(Debug, Clone)]
pub(crate) enum Refusal {
    /// The response came from another origin: an HTTP client given by the user followed a
    /// redirect.
    OffOrigin { origin: String },
    /// The server answered with a redirect, which the client never follows.
    Redirect {
        status: StatusCode,
        location: Option<String>,
    },
    /// The body is, or grew, larger than the limit.
    TooLarge {
        status: StatusCode,
        limit: u64,
        received: u64,
        declared: Option<u64>,
    },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Only `response.rs` shows these to users, through `crate::Error`'s Display.
        write!(f, "{}", self.clone().into_error())
    }
}

impl std::error::Error for Refusal {}

impl Refusal {
    /// The refusal somewhere in an error's source chain, if there is one.
    pub(crate) fn find<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a Refusal> {
        let mut next = Some(error);
        while let Some(e) = next {
            if let Some(refusal) = e.downcast_ref::<Refusal>() {
                return Some(refusal);
            }
            next = e.source();
        }
        None
    }

    /// A short name of the refusal, for tracing (no origin, no length).
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Refusal::OffOrigin { .. } => "off-origin",
            Refusal::Redirect { .. } => "redirect",
            Refusal::TooLarge { .. } => "body-too-large",
        }
    }

    /// The user-facing error.
    pub(crate) fn into_error(self) -> Error {
        match self {
            Refusal::OffOrigin { origin } => Error::OffOrigin { origin },
            Refusal::Redirect { status, location } => Error::Redirect { status, location },
            Refusal::TooLarge {
                status,
                limit,
                received,
                declared,
            } => Error::BodyTooLarge {
                status,
                limit,
                received,
                declared,
            },
        }
    }
}

/// Checks a response against the base URL every request goes to (only its origin counts: a
/// relative redirect resolves to the same origin from any path under it) and the limit; on
/// success, returns it with a body that fails as soon as it crosses the limit, else the
/// refusal, which [`refuse`] turns into the call's error.
///
/// Synchronous: nothing here waits, so the response moves in and out of a call rather than
/// into a future of its own inside the call's (`hooks.rs`, `exec`, awaits only a refusal).
pub(crate) fn check(
    base: &Url,
    response: reqwest::Response,
    limit: u64,
) -> Result<reqwest::Response, Refusal> {
    let status = response.status();
    let declared = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
    if !same_origin(response.url(), base) {
        return Err(Refusal::OffOrigin {
            origin: response.url().origin().ascii_serialization(),
        });
    }
    if status.is_redirection() && response.headers().contains_key(LOCATION) {
        return Err(Refusal::Redirect {
            status,
            location: location_origin(base, &response),
        });
    }
    if let Some(declared) = declared.filter(|d| *d > limit) {
        // Nothing of the body is read: dropping the response closes the connection.
        return Err(Refusal::TooLarge {
            status,
            limit,
            received: 0,
            declared: Some(declared),
        });
    }
    // A body of known length within the limit cannot grow: hyper reads exactly that many
    // bytes (HTTP/1.1 framing; h2 refuses a mismatch). Only the others need counting.
    if response.content_length().is_some_and(|n| n <= limit) {
        return Ok(response);
    }
    let (parts, body) = http::Response::<reqwest::Body>::from(response).into_parts();
    let body = Limited {
        inner: body,
        status,
        limit,
        declared,
        received: 0,
    };
    Ok(reqwest::Response::from(http::Response::from_parts(
        parts,
        reqwest::Body::wrap(body),
    )))
}

/// Whether two URLs share scheme, host and port (without building `url::Origin`s, which
/// allocate, on every response). The parser drops a scheme's default port, so the ports
/// compare as written (no lookup of each scheme's default); slicing the serializations at
/// `url::Position`s costs twice as much as these three reads.
fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme() && a.port() == b.port() && a.host_str() == b.host_str()
}

/// The origin (scheme, host, port) a redirect points to. The path and query are left out:
/// a hostile server could echo a credential there, and errors are shown in logs.
fn location_origin(base: &Url, response: &reqwest::Response) -> Option<String> {
    let text = response.headers().get(LOCATION)?.to_str().ok()?;
    let target = base.join(text.trim()).ok()?;
    Some(target.origin().ascii_serialization())
}

/// `reqwest::Error` has no public constructor; reading a body that fails at once yields one
/// whose source is `refusal`, which is how the refusal crosses progenitor's generated code.
pub(crate) async fn refuse(refusal: Refusal) -> reqwest::Result<reqwest::Response> {
    let failing = http::Response::new(reqwest::Body::wrap(Failing(Some(refusal))));
    match reqwest::Response::from(failing).bytes().await {
        Err(e) => Err(e),
        // Not reachable (the body's only frame is an error); an empty 502 would still fail
        // every operation rather than pass the refused response on.
        Ok(_) => {
            let mut bad_gateway = http::Response::new(reqwest::Body::from(Bytes::new()));
            *bad_gateway.status_mut() = StatusCode::BAD_GATEWAY;
            Ok(reqwest::Response::from(bad_gateway))
        }
    }
}

/// A body whose first frame is an error.
struct Failing(Option<Refusal>);

impl HttpBody for Failing {
    type Data = Bytes;
    type Error = Refusal;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Refusal>>> {
        Poll::Ready(self.0.take().map(Err))
    }
}

/// A response body that fails once more than `limit` bytes arrive.
struct Limited {
    inner: reqwest::Body,
    status: StatusCode,
    limit: u64,
    declared: Option<u64>,
    received: u64,
}

impl HttpBody for Limited {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = &mut *self;
        loop {
            let data = match ready!(Pin::new(&mut this.inner).poll_frame(cx)) {
                None => return Poll::Ready(None),
                Some(Err(e)) => return Poll::Ready(Some(Err(e.into()))),
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(data) => data,
                    // Trailers carry no body bytes; nothing here reads them.
                    Err(_) => continue,
                },
            };
            this.received = this.received.saturating_add(data.len() as u64);
            if this.received > this.limit {
                return Poll::Ready(Some(Err(Box::new(Refusal::TooLarge {
                    status: this.status,
                    limit: this.limit,
                    received: this.received,
                    declared: this.declared,
                }))));
            }
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// It agrees with comparing the parts one by one (the port with its scheme's default),
    /// over URLs that differ in each part, spell one part two ways, or carry what an origin
    /// leaves out.
    #[test]
    fn same_origin_compares_scheme_host_and_port() {
        let urls = [
            "https://api.fastly.com",
            "https://api.fastly.com/tokens?x=1#f",
            "https://API.Fastly.COM:443/",
            "HTTPS://api.fastly.com",
            "https://user:pass@api.fastly.com/",
            "https://api.fastly.com:8443/",
            "https://api.fastly.com.evil.test/",
            "https://evil.test/api.fastly.com",
            "http://api.fastly.com/",
            "http://api.fastly.com:443/",
            "http://127.0.0.1:8080/tokens",
            "http://127.0.0.1:08080/",
            "http://127.0.0.1/",
            "http://127.0.0.1:80/",
            "http://[::1]:8080/",
            "http://[0:0:0:0:0:0:0:1]:8080/",
            "http://0x7f.0.0.1:8080/",
            "foo://host:80/",
            "foo://host/",
            "foo://HOST:80/",
        ];
        let parsed: Vec<Url> = urls.iter().map(|u| Url::parse(u).unwrap()).collect();
        let mut both = (0, 0);
        for a in &parsed {
            for b in &parsed {
                let parts = a.scheme() == b.scheme()
                    && a.host_str() == b.host_str()
                    && a.port_or_known_default() == b.port_or_known_default();
                assert_eq!(same_origin(a, b), parts, "{a} vs {b}");
                if parts && a.as_str() != b.as_str() {
                    both.0 += 1;
                } else if !parts {
                    both.1 += 1;
                }
            }
        }
        // Both answers occur, and for URLs whose text differs.
        assert!(both.0 > 0 && both.1 > 0, "{both:?}");
    }
}
