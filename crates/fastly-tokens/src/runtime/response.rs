//! How each operation's outcome becomes a `Response` or the one `Error`: the success body
//! read and decoded (with its headers moved, not copied), and progenitor's error turned into
//! ours, an error body read up to its limit.

use progenitor_client::{ByteStream, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::guard::Refusal;
use crate::api_error::{ApiError, MAX_ERROR_BODY, RateLimit};
use crate::error::{Error, TransportError};

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

impl Response<ByteStream> {
    /// The whole body, read to its end. The body limit holds as for any other answer
    /// ([`crate::ClientBuilder::body_limit`]): past it, this is [`Error::BodyTooLarge`].
    pub async fn bytes(self) -> Result<bytes::Bytes, Error> {
        let mut stream = self.into_inner().into_inner();
        let mut out = bytes::BytesMut::new();
        while let Some(chunk) = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
            out.extend_from_slice(&chunk.map_err(transport_error)?);
        }
        Ok(out.freeze())
    }
}

/// A success body that did not decode as the operation's type: the error type of every
/// generated operation method, in progenitor's `Error::ErrorResponse`, which carries the
/// status and headers it came with (the generator gives each method this error type,
/// `xtask/src/generate/patches.rs`; progenitor is given no error responses to type).
#[derive(Debug)]
pub struct Undecoded(pub(crate) serde_json::Error);

impl Undecoded {
    /// The crate's error for a body that did not decode: [`Error::Decode`] with its status.
    fn error(response: ResponseValue<Undecoded>) -> Error {
        Error::Decode {
            status: response.status(),
            source: response.into_inner().0,
        }
    }
}

/// What a generated operation method returns.
pub(crate) type Raw<T> = Result<ResponseValue<T>, progenitor_client::Error<Undecoded>>;

/// Finishes an operation that returns JSON; a body that does not decode is an
/// [`Error::Decode`] with the status it came with ([`json_response`] keeps it).
///
/// The generated `send` awaits the raw call itself and hands its result here, so the call's
/// future (some kilobytes) is held once, inside the call's deadline.
pub(crate) fn finish_json<T>(result: Raw<T>) -> Finish<Response<T>> {
    Finish::now(match result {
        Ok(rv) => Ok(Response(rv)),
        Err(progenitor_client::Error::ErrorResponse(undecoded)) => Err(Undecoded::error(undecoded)),
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
/// them (the generated client calls this, `xtask/src/generate/patches.rs`): the status, the
/// headers, then the whole body decoded as JSON. A body that does not decode is an
/// [`Undecoded`] error response, which keeps the status it came with.
///
/// A function returning an `async move` block that holds the response once: an `async fn`
/// holds its argument twice, and reqwest's `Response::bytes` does the same again (568 bytes),
/// in a future every JSON call's boxed future carries.
#[allow(clippy::manual_async_fn)] // the `async fn` form is the larger future
pub(crate) fn json_response<T: DeserializeOwned>(
    mut response: reqwest::Response,
) -> impl Future<Output = Raw<T>> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    async move {
        let full = whole_body(&mut response)
            .await
            .map_err(progenitor_client::Error::ResponseBodyError)?;
        match serde_json::from_slice(&full) {
            Ok(inner) => Ok(ResponseValue::new(inner, status, headers)),
            Err(e) => Err(progenitor_client::Error::ErrorResponse(ResponseValue::new(
                Undecoded(e),
                status,
                headers,
            ))),
        }
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
        None => Error::Transport(TransportError(e)),
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
    error: progenitor_client::Error<Undecoded>,
) -> std::pin::Pin<Box<dyn Future<Output = Error> + Send>> {
    Box::pin(convert_now(error))
}

async fn convert_now(error: progenitor_client::Error<Undecoded>) -> Error {
    use progenitor_client::Error as P;
    match error {
        P::InvalidRequest(m) => Error::invalid("request", m),
        P::Custom(m) => Error::invalid("request", m),
        P::CommunicationError(e) | P::InvalidUpgrade(e) | P::ResponseBodyError(e) => {
            transport_error(e)
        }
        // Only `json_response` decodes a body, and `finish_json` takes its failures: neither
        // reaches here from the generated code. Reported as what they would be.
        P::InvalidResponsePayload(_, source) => Error::Decode {
            status: StatusCode::default(),
            source,
        },
        P::ErrorResponse(undecoded) => Undecoded::error(undecoded),
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

    /// A body that does not decode is reported with the status it came with, not a
    /// constant: 201 here, as for an operation that succeeds with 201 and 202.
    #[tokio::test]
    async fn a_decode_failure_keeps_the_status_it_came_with() {
        for status in [StatusCode::CREATED, StatusCode::OK, StatusCode::ACCEPTED] {
            let http = http::Response::builder()
                .status(status)
                .header("x-request-id", "r1")
                .body("{")
                .unwrap();
            let result = json_response::<u8>(reqwest::Response::from(http)).await;
            match finish_json(result).await {
                Err(Error::Decode { status: got, .. }) => assert_eq!(got, status),
                other => panic!("expected Error::Decode, got {other:?}"),
            }
        }
    }

    /// A body that decodes keeps its status and headers.
    #[tokio::test]
    async fn a_decoded_body_keeps_its_status_and_headers() {
        let http = http::Response::builder()
            .status(StatusCode::CREATED)
            .header("x-request-id", "r1")
            .body("7")
            .unwrap();
        let result = json_response::<u8>(reqwest::Response::from(http)).await;
        let response = finish_json(result).await.unwrap();
        assert_eq!(*response, 7);
        assert_eq!(response.status(), StatusCode::CREATED);
        assert_eq!(response.headers()["x-request-id"], "r1");
    }
}
