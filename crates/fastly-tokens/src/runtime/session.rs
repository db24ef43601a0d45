//! `Session`: what every request of one client (or of one call with its own settings)
//! carries, and how it is put on a request before it is sent.

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use super::operation::Operation;
use super::retry::RetryPolicy;

/// The header Fastly reads the API token from.
pub(crate) const FASTLY_KEY: HeaderName = HeaderName::from_static("fastly-key");

/// What every request of one client (or one call, see `Client::raw_for`) carries: the API
/// token (if any), the User-Agent, the retry policy replacing the spec's numbers, the
/// timeout replacing the client's, and the limit on response bodies. progenitor's generated
/// client holds it as its inner value.
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
    /// `base` with a placeholder path (`path::room`): each call's URL is a clone of it,
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

impl Session {
    /// Puts the session on a request of `operation` before it is sent: the token, the
    /// User-Agent, the media types the spec declares where progenitor wrote others, and the
    /// call's own timeout.
    pub(crate) fn prepare(&self, request: &mut reqwest::Request, operation: &Operation) {
        let headers = request.headers_mut();
        if let Some(token) = &self.token {
            headers.insert(FASTLY_KEY, token.clone());
        }
        headers.insert(USER_AGENT, self.user_agent.clone());
        restore_media_types(headers, operation);
        if let Some(timeout) = self.timeout {
            *request.timeout_mut() = Some(timeout);
        }
    }
}

/// Bridges 1 and 5 of `xtask/src/generate/adapt.rs`: puts back the media types the spec
/// declares for `operation` where progenitor was given `application/json`: the request
/// body's (`Content-Type`) and the success response's (`Accept`).
fn restore_media_types(headers: &mut HeaderMap, operation: &Operation) {
    for (media, name) in [
        (operation.content_type, CONTENT_TYPE),
        (operation.accept, ACCEPT),
    ] {
        if let Some(media) = media {
            headers.insert(name, HeaderValue::from_static(media));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_media_types_go_back_on_the_wire() {
        let bulk = Operation {
            content_type: Some("application/vnd.api+json; ext=bulk"),
            ..Operation::UNKNOWN
        };
        let get = Operation {
            accept: Some("application/vnd.example+json"),
            ..Operation::UNKNOWN
        };
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        restore_media_types(&mut headers, &get);
        assert_eq!(headers[ACCEPT], "application/vnd.example+json");
        assert_eq!(headers[CONTENT_TYPE], "application/json");
        restore_media_types(&mut headers, &bulk);
        assert_eq!(headers[CONTENT_TYPE], "application/vnd.api+json; ext=bulk");
        let mut untouched = HeaderMap::new();
        restore_media_types(&mut untouched, &Operation::UNKNOWN);
        assert!(untouched.is_empty());
    }
}
