//! What Fastly said about a call that failed: `ApiError` (status, message, detail, code and
//! headers), its `ErrorCode`, and the rate-limit figures Fastly reports (`RateLimit`).

use std::fmt;

use chrono::{DateTime, Utc};
use http::StatusCode;
use http::{HeaderMap, HeaderName};

/// How much of an error body is kept (a hostile or broken server may send far more).
pub(crate) const MAX_ERROR_BODY: usize = 64 * 1024;

/// Fastly's rate-limit budget, from the `Fastly-RateLimit-Remaining` and
/// `Fastly-RateLimit-Reset` headers of a non-read response. Read from a response
/// ([`RateLimit::from_headers`], [`ApiError::rate_limit`], [`Error::rate_limit`](crate::Error::rate_limit)); Fastly may
/// report more in future, so it is `#[non_exhaustive]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Non-read requests left in the current window.
    pub remaining: Option<u64>,
    /// When the window resets.
    pub reset: Option<DateTime<Utc>>,
}

/// `Fastly-RateLimit-Remaining`: non-read requests left in the window.
const REMAINING: HeaderName = HeaderName::from_static("fastly-ratelimit-remaining");
/// `Fastly-RateLimit-Reset`: when the window resets, in UTC epoch seconds.
const RESET: HeaderName = HeaderName::from_static("fastly-ratelimit-reset");

impl RateLimit {
    /// Reads the two headers; `None` when neither is present and well-formed.
    pub fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        let remaining = RateLimit::remaining_in(headers);
        let reset = RateLimit::reset_epoch_in(headers)
            .filter(|secs| *secs >= 0)
            .and_then(|secs| DateTime::from_timestamp(secs, 0));
        (remaining.is_some() || reset.is_some()).then_some(RateLimit { remaining, reset })
    }

    /// `Fastly-RateLimit-Remaining` as a number: the one reading of it (the error, the
    /// tracing span).
    pub(crate) fn remaining_in(headers: &HeaderMap) -> Option<u64> {
        headers.get(REMAINING)?.to_str().ok()?.trim().parse().ok()
    }

    /// `Fastly-RateLimit-Reset` as UTC epoch seconds, a past one included: the one reading of
    /// it (the error, the retry's wait).
    pub(crate) fn reset_epoch_in(headers: &HeaderMap) -> Option<i64> {
        headers.get(RESET)?.to_str().ok()?.trim().parse().ok()
    }

    /// How long until the window resets, from now (zero once it has): how long to wait
    /// before the next non-read request. `None` when the response gave no reset.
    pub fn reset_in(&self) -> Option<std::time::Duration> {
        let left = self.reset? - Utc::now();
        Some(left.to_std().unwrap_or_default())
    }
}

/// Why createToken refused a request: its error body's `code`, from the values the spec
/// documents (`create_token_error.code`'s `x-known-values`), with a catch-all for any code
/// Fastly adds later.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `invalid_grant`: the username or password is wrong.
    InvalidGrant,
    /// `invalid_request`: the username or password is missing.
    InvalidRequest,
    /// `invalid_scope`: a requested scope does not exist or may not be granted.
    InvalidScope,
    /// `account_locked`: the account is locked.
    AccountLocked,
    /// `2fa.verify`: the one-time password is missing or wrong.
    TwoFactorRequired,
    /// A code this version does not know, as Fastly sent it.
    Other(String),
}

impl ErrorCode {
    /// Every known code with its wire name.
    const KNOWN: [(ErrorCode, &'static str); 5] = [
        (ErrorCode::InvalidGrant, "invalid_grant"),
        (ErrorCode::InvalidRequest, "invalid_request"),
        (ErrorCode::InvalidScope, "invalid_scope"),
        (ErrorCode::AccountLocked, "account_locked"),
        (ErrorCode::TwoFactorRequired, "2fa.verify"),
    ];

    /// The code as Fastly writes it.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::Other(code) => code,
            known => ErrorCode::KNOWN
                .iter()
                .find(|(k, _)| k == known)
                .map_or("", |(_, name)| name),
        }
    }

    /// Every code the spec documents, as Fastly writes them.
    pub fn known() -> impl Iterator<Item = &'static str> {
        ErrorCode::KNOWN.iter().map(|(_, name)| *name)
    }
}

impl std::str::FromStr for ErrorCode {
    type Err = std::convert::Infallible;

    /// A known code by its wire name (surrounding space ignored), else [`ErrorCode::Other`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        Ok(ErrorCode::KNOWN
            .iter()
            .find(|(_, name)| *name == s)
            .map_or_else(|| ErrorCode::Other(s.to_string()), |(k, _)| k.clone()))
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A response whose status the operation does not succeed with (401, 404, 429, a 502 from a
/// proxy, ...), with what Fastly said about it: `{msg, detail}` from most of the API, `{code}`
/// from createToken, or a problem document (RFC 9457, `application/problem+json`: `title`,
/// `detail`, `status` and a list of `errors`) from the newer endpoints, automation tokens
/// among them.
#[derive(Clone)]
pub struct ApiError {
    pub(crate) status: StatusCode,
    headers: HeaderMap,
    body: String,
    msg: Option<String>,
    detail: Option<String>,
    /// The `code` field as sent (`code` reads it as an [`ErrorCode`]).
    pub(crate) code: Option<String>,
    title: Option<String>,
    errors: Vec<String>,
}

impl ApiError {
    /// Builds the error from a status, headers and (at most [`MAX_ERROR_BODY`] bytes of) body.
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: &[u8]) -> ApiError {
        #[derive(serde::Deserialize, Default)]
        struct Fields {
            msg: Option<serde_json::Value>,
            detail: Option<serde_json::Value>,
            code: Option<serde_json::Value>,
            title: Option<serde_json::Value>,
            errors: Option<serde_json::Value>,
        }
        // Fastly sends `{msg, detail}`, `{code}` or a problem document; anything else (an
        // HTML page from a proxy, a bare string) is kept as text.
        let f = serde_json::from_slice::<Fields>(body).unwrap_or_default();
        let errors = match f.errors {
            Some(serde_json::Value::Array(items)) => items.iter().filter_map(field_error).collect(),
            Some(one) => field_error(&one).into_iter().collect(),
            None => Vec::new(),
        };
        ApiError {
            status,
            headers,
            body: String::from_utf8_lossy(body).into_owned(),
            msg: text(f.msg),
            detail: text(f.detail),
            code: text(f.code),
            title: text(f.title),
            errors,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Fastly's `msg`, when the body had one.
    pub fn msg(&self) -> Option<&str> {
        self.msg.as_deref()
    }

    /// Fastly's `detail`, when the body had one.
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    /// A problem document's `title` (`Bad Request`), when the body had one.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// A problem document's `errors`, each as one line of text: a field's error as
    /// `field: what is wrong` where the item names its field (`field`, `pointer` or
    /// `source.pointer`), an item of any other shape as its JSON. Empty when the body had none.
    pub fn errors(&self) -> &[String] {
        &self.errors
    }

    /// createToken's `code` (`invalid_grant`, `2fa.verify`, ...), when the body had one.
    pub fn code(&self) -> Option<ErrorCode> {
        self.code
            .as_deref()
            .map(|c| c.parse().unwrap_or_else(|e| match e {}))
    }

    /// The body as text (lossy UTF-8, at most 64 KiB), whatever its format.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The rate-limit budget the response reported, if any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }
}

impl fmt::Debug for ApiError {
    // Headers are left out: a misbehaving proxy could echo request credentials in them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("msg", &self.msg)
            .field("detail", &self.detail)
            .field("code", &self.code)
            .field("title", &self.title)
            .field("errors", &self.errors)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl std::error::Error for ApiError {}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        // A problem document's title is its status in words: shown only without a `msg`.
        let title = self.title.as_ref().filter(|_| self.msg.is_none());
        let said: Vec<&str> = [
            self.code.as_ref(),
            self.msg.as_ref(),
            title,
            self.detail.as_ref(),
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .chain(self.errors.iter().map(String::as_str))
        .collect();
        if !said.is_empty() {
            write!(f, ": {}", said.join(": "))
        } else if !self.body.trim().is_empty() && !looks_like_json(&self.body) {
            // Not Fastly's JSON (an HTML 502 from a proxy): show the start of the text. A JSON
            // body without msg/detail/code is not echoed: it could carry a secret.
            let snippet: String = self.body.trim().chars().take(200).collect();
            write!(f, ": {snippet:?}")
        } else {
            Ok(())
        }
    }
}

/// A JSON value as text: a string as it is, `null` as nothing, anything else as its JSON.
fn text(value: Option<serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// One item of a problem document's `errors` as a line: `field: message` when it names its
/// field and says what is wrong (the shapes Fastly's and RFC 9457's examples use), else its
/// text.
fn field_error(item: &serde_json::Value) -> Option<String> {
    let field = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| item.pointer(k).and_then(serde_json::Value::as_str))
            .filter(|s| !s.is_empty())
    };
    let at = field(&["/field", "/pointer", "/source/pointer", "/name"]);
    let what = field(&["/detail", "/message", "/msg", "/title", "/reason"]);
    match (at, what) {
        (Some(at), Some(what)) => Some(format!("{at}: {what}")),
        (None, Some(what)) => Some(what.to_string()),
        _ => text(Some(item.clone())),
    }
}

fn looks_like_json(body: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(body).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, body: &str) -> ApiError {
        let status = StatusCode::from_u16(status).unwrap();
        ApiError::new(status, HeaderMap::new(), body.as_bytes())
    }

    /// The automation-token endpoints answer with a problem document: its title, detail and
    /// field errors are read, and shown after the status.
    #[test]
    fn a_problem_document_is_read_like_fastlys_own_errors() {
        let e = api(
            400,
            r#"{"title":"Bad Request","detail":"invalid token request","status":400,
                "errors":[{"field":"name","message":"can't be blank"},
                          {"source":{"pointer":"/data/attributes/scope"},"detail":"is unknown"},
                          "expires_at is in the past",
                          {"code":7}]}"#,
        );
        assert_eq!(e.title(), Some("Bad Request"));
        assert_eq!(e.detail(), Some("invalid token request"));
        assert_eq!(
            e.errors(),
            [
                "name: can't be blank",
                "/data/attributes/scope: is unknown",
                "expires_at is in the past",
                r#"{"code":7}"#,
            ]
        );
        assert_eq!(
            e.to_string(),
            "HTTP 400 Bad Request: Bad Request: invalid token request: name: can't be blank: \
             /data/attributes/scope: is unknown: expires_at is in the past: {\"code\":7}"
        );
        // Fastly's usual shape keeps its message first, the title left out.
        let e = api(
            404,
            r#"{"msg":"Record not found","detail":"no token","title":"Not Found"}"#,
        );
        assert_eq!(
            e.to_string(),
            "HTTP 404 Not Found: Record not found: no token"
        );
        assert!(e.errors().is_empty());
        // A lone error that is not a list is one error.
        assert_eq!(api(422, r#"{"errors":"bad"}"#).errors(), ["bad"]);
    }
}
