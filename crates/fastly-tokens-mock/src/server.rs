//! [`MockServer`]: an httpmock server that answers a request no mock matches unmistakably
//! (never a plausible 404), and the client a test talks to it with.

use std::fmt::Write as _;
use std::sync::Mutex;

use fastly_tokens::{Client, ClientBuilder, RetryPolicy};
use httpmock::{HttpMockRequest, HttpMockResponse, Mock, Then, When};

/// The status of the answer to a request no mock matches: no Fastly API answers it, so a test
/// of "already revoked" (`is_not_found()`) cannot pass on a mock that never matched.
pub const UNMATCHED_STATUS: u16 = 599;

/// The header that marks the answer to a request no mock matches.
pub const UNMATCHED_HEADER: &str = "x-fastly-tokens-mock";

/// An [`httpmock::MockServer`] (it derefs to one) whose last mock answers every request no
/// other mock matched with HTTP [`UNMATCHED_STATUS`] and a report of what arrived, which the
/// client's error shows:
///
/// ```text
/// Fastly answered HTTP 599 <unknown status code>: no mock matched this request: DELETE /tokens/abc
/// ```
///
/// The typed mocks of [`MockServerExt`](crate::MockServerExt) and this type's own
/// [`mock`](MockServer::mock) keep that answer last, so it never shadows a mock made later.
///
/// ```
/// use fastly_tokens_mock::{MockServer, MockServerExt};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let server = MockServer::start_async().await;
/// server.revoke_token(|when, then| {
///     when.token_id("abc");
///     then.no_content();
/// });
/// let client = server.client();
/// client.revoke_token("abc").await.unwrap();
/// let e = client.revoke_token("xyz").await.unwrap_err();
/// assert!(!e.is_not_found());
/// assert_eq!(e.status().unwrap().as_u16(), fastly_tokens_mock::UNMATCHED_STATUS);
/// assert!(e.to_string().contains("DELETE /tokens/xyz"), "{e}");
/// assert_eq!(server.unmatched(), ["DELETE /tokens/xyz"]);
/// # }
/// ```
pub struct MockServer {
    server: httpmock::MockServer,
    /// The ID of the mock that answers unmatched requests.
    fallback: Mutex<usize>,
    /// What reached it, a line each (method and path).
    unmatched: std::sync::Arc<Mutex<Vec<String>>>,
}

impl MockServer {
    /// Starts a server (httpmock's `MockServer::start`) with the answer to unmatched requests.
    ///
    /// # Panics
    /// Inside an async runtime: use [`MockServer::start_async`] there.
    pub fn start() -> MockServer {
        MockServer::around(httpmock::MockServer::start())
    }

    /// Starts a server (httpmock's `MockServer::start_async`) with the answer to unmatched
    /// requests.
    pub async fn start_async() -> MockServer {
        MockServer::around(httpmock::MockServer::start_async().await)
    }

    fn around(server: httpmock::MockServer) -> MockServer {
        let unmatched = std::sync::Arc::default();
        let fallback = Mutex::new(fallback(&server, &unmatched));
        MockServer {
            server,
            fallback,
            unmatched,
        }
    }

    /// A client for this server, for tests: its base URL, the token `"test-token"`, the
    /// credentials `test@example.com` / `test-password` (for createToken), and retries off,
    /// so a mocked 429 or 503 fails at once instead of sleeping.
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("a loopback base URL and a token always build")
    }

    /// [`MockServer::client`]'s builder, to change something before building.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.server.base_url())
            .token("test-token")
            .credentials("test@example.com", "test-password")
            .retry(RetryPolicy::none())
    }

    /// Makes a mock (httpmock's `MockServer::mock`), kept ahead of the answer to unmatched
    /// requests.
    pub fn mock<F: FnOnce(When, Then)>(&self, config_fn: F) -> Mock<'_> {
        let mock = self.server.mock(config_fn);
        self.keep_unmatched_last();
        mock
    }

    /// Each request no mock matched so far, as `METHOD /path?query`.
    pub fn unmatched(&self) -> Vec<String> {
        self.unmatched
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Panics, listing them, if any request reached no mock.
    pub fn assert_all_matched(&self) {
        let unmatched = self.unmatched();
        assert!(
            unmatched.is_empty(),
            "{} request(s) matched no mock:\n{}",
            unmatched.len(),
            unmatched.join("\n")
        );
    }

    /// httpmock's server underneath.
    pub fn inner(&self) -> &httpmock::MockServer {
        &self.server
    }

    /// Moves the answer to unmatched requests behind every mock (httpmock tries mocks in the
    /// order they were made).
    fn keep_unmatched_last(&self) {
        let mut id = self.fallback.lock().unwrap_or_else(|e| e.into_inner());
        Mock::new(*id, &self.server).delete();
        *id = fallback(&self.server, &self.unmatched);
    }
}

impl std::ops::Deref for MockServer {
    type Target = httpmock::MockServer;

    fn deref(&self) -> &httpmock::MockServer {
        &self.server
    }
}

/// Makes the mock that answers every request, and returns its ID.
fn fallback(server: &httpmock::MockServer, seen: &std::sync::Arc<Mutex<Vec<String>>>) -> usize {
    let seen = seen.clone();
    server
        .mock(move |_, then| {
            then.respond_with(move |request| {
                let line = format!("{} {}", request.method_str(), path_and_query(request));
                let answer = unmatched_answer(&line, request);
                seen.lock().unwrap_or_else(|e| e.into_inner()).push(line);
                answer
            });
        })
        .id
}

fn path_and_query(request: &HttpMockRequest) -> String {
    let uri = request.uri();
    uri.path_and_query()
        .map(ToString::to_string)
        .unwrap_or_else(|| uri.path().to_string())
}

/// Fastly's error shape (`msg`, `detail`), so the client's error message carries the report
/// (`line`: the request's method, path and query).
fn unmatched_answer(line: &str, request: &HttpMockRequest) -> HttpMockResponse {
    let msg = format!("no mock matched this request: {line}");
    let mut detail = String::from("headers:");
    for (name, value) in request.headers_vec() {
        let value =
            match fastly_tokens::SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                true => "<redacted>",
                false => value.as_str(),
            };
        let _ = write!(detail, " {name}: {value};");
    }
    let body = request.body_string();
    if !body.is_empty() {
        let form: Option<Vec<(String, String)>> = serde_urlencoded::from_str(&body)
            .ok()
            .filter(|_| !body.trim_start().starts_with('{'));
        let shown = match form {
            Some(fields) => fields
                .into_iter()
                .map(
                    |(k, v)| match fastly_tokens::SECRET_FORM_FIELDS.contains(&k.as_str()) {
                        true => format!("{k}=<redacted>"),
                        false => format!("{k}={v}"),
                    },
                )
                .collect::<Vec<_>>()
                .join("&"),
            None => body.chars().take(1000).collect(),
        };
        let _ = write!(detail, " body: {shown}");
    }
    HttpMockResponse::builder()
        .status(UNMATCHED_STATUS)
        .header("content-type", "application/json")
        .header(UNMATCHED_HEADER, "unmatched")
        .body(serde_json::json!({ "msg": msg, "detail": detail }).to_string())
        .build()
}
