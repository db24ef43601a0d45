//! The mock crate as a user's own tests meet it: a request no mock matches gets an answer no
//! API gives (with a report that shows no secret), the test client never retries or sleeps,
//! and each declared error response has a typed responder the client's predicates recognise.

use std::time::{Duration, Instant};

use fastly_tokens::{CreateTokenRequest, ErrorCode, Scope};
use fastly_tokens_mock::{
    FastlyError, MockServer, MockServerExt, UNMATCHED_HEADER, UNMATCHED_STATUS,
};

#[tokio::test]
async fn an_unmatched_request_is_never_a_plausible_answer() {
    let server = MockServer::start_async().await;
    server.revoke_token(|when, then| {
        when.token_id("known1");
        then.no_content();
    });
    let client = server.client();
    client.revoke_token("known1").await.unwrap();
    // Every operation, none mocked as called here: each gets the unmistakable answer.
    let operations = tests::ops::spec_operations();
    for op in &operations {
        let op = &op.id;
        let e = tests::ops::call(&client, op).await.unwrap_err();
        assert_eq!(
            e.status().map(|s| s.as_u16()),
            Some(UNMATCHED_STATUS),
            "{op}: {e}"
        );
        assert!(
            !e.is_not_found() && !e.is_unauthorized() && !e.is_retryable(),
            "{op}"
        );
        let api = e.api().unwrap();
        assert_eq!(api.headers()[UNMATCHED_HEADER], "unmatched");
        assert!(
            e.to_string().contains("no mock matched this request"),
            "{op}: {e}"
        );
    }
    assert_eq!(server.unmatched().len(), operations.len());
    let report =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.assert_all_matched()))
            .unwrap_err()
            .downcast::<String>()
            .unwrap();
    assert!(report.contains("DELETE /tokens/"), "{report}");
}

#[tokio::test]
async fn the_report_of_what_arrived_shows_no_secret() {
    let server = MockServer::start_async().await;
    let client = server
        .client_builder()
        .token("tok-SECRET-1")
        .credentials("me@example.com", "pw-SECRET-2")
        .build()
        .unwrap();
    let e = client
        .create_token(CreateTokenRequest::new("ci").scopes([Scope::PurgeSelect]))
        .fastly_otp("SECRET3")
        .await
        .unwrap_err();
    let text = e.to_string();
    assert!(text.contains("POST /tokens"), "{text}");
    assert!(text.contains("name=ci"), "{text}");
    assert!(text.contains("scope=purge_select"), "{text}");
    assert!(
        !text.contains("SECRET") && !text.contains("me@example.com"),
        "{text}"
    );
    assert!(!e.api().unwrap().body().contains("SECRET"));
}

#[tokio::test]
async fn mocks_made_after_others_are_still_reached() {
    let server = MockServer::start_async().await;
    let first = server.get_token_current(|_, then| {
        then.ok(&fastly_tokens::TokenResponse::new("self1"));
    });
    // httpmock's own matcher, through the crate's server: also ahead of the fallback.
    let raw = server.mock(|when, then| {
        when.method("GET").path("/tokens/raw1");
        then.status(200)
            .header("content-type", "application/json")
            .body(r#"{"id":"raw1"}"#);
    });
    let typed = server.get_token(|when, then| {
        when.token_id("typed1");
        then.ok(&fastly_tokens::TokenResponse::new("typed1"));
    });
    let client = server.client();
    assert_eq!(client.get_token_current().await.unwrap().id, "self1");
    assert_eq!(client.get_token("raw1").await.unwrap().id, "raw1");
    assert_eq!(client.get_token("typed1").await.unwrap().id, "typed1");
    for mock in [first, raw, typed] {
        mock.assert_async().await;
    }
    server.assert_all_matched();
}

#[tokio::test]
async fn the_test_client_neither_retries_nor_sleeps() {
    let server = MockServer::start_async().await;
    let reset = chrono::Utc::now().timestamp() as u64 + 30;
    let limited = server.revoke_token(|_, then| {
        then.rate_limited(0, reset);
    });
    let unavailable = server.get_token_current(|_, then| {
        let _ = then
            .into_inner()
            .fastly_error(503, "Service Unavailable", None);
    });
    let client = server.client();
    let started = Instant::now();
    let e = client.revoke_token("abc").await.unwrap_err();
    assert!(e.is_rate_limited(), "{e}");
    let wait = e.rate_limit().unwrap().reset_in().unwrap();
    assert!(wait > Duration::from_secs(20), "{wait:?}");
    let e = client.get_token_current().await.unwrap_err();
    assert!(e.is_retryable() && e.is_server_error(), "{e}");
    assert!(started.elapsed() < Duration::from_secs(5));
    limited.assert_calls_async(1).await;
    unavailable.assert_calls_async(1).await;
}

#[tokio::test]
async fn each_declared_error_has_a_responder_the_predicates_know() {
    let server = MockServer::start_async().await;
    server.get_token(|when, then| {
        when.token_id("gone1");
        then.not_found();
    });
    server.get_token(|when, then| {
        when.token_id("nope1");
        then.forbidden();
    });
    server.get_token_current(|_, then| {
        then.unauthorized();
    });
    server.create_token(|when, then| {
        when.fastly_otp(None);
        then.bad_request("2fa.verify");
    });
    server.create_token(|when, then| {
        when.fastly_otp("000000");
        then.bad_request("invalid_grant");
    });
    server.create_token(|when, then| {
        when.fastly_otp("111111");
        then.unprocessable_entity();
    });
    let client = server.client();
    let e = client.get_token("gone1").await.unwrap_err();
    assert!(e.is_not_found(), "{e}");
    assert_eq!(e.api().unwrap().msg(), Some("Token lookup failed."));
    assert!(client.get_token("nope1").await.unwrap_err().is_forbidden());
    assert!(
        client
            .get_token_current()
            .await
            .unwrap_err()
            .is_unauthorized()
    );
    let request = CreateTokenRequest::new("ci");
    let e = client.create_token(&request).await.unwrap_err();
    assert!(e.is_two_factor_required(), "{e}");
    assert_eq!(e.api().unwrap().code(), Some(ErrorCode::TwoFactorRequired));
    let e = client
        .create_token(&request)
        .fastly_otp("000000")
        .await
        .unwrap_err();
    assert!(e.is_invalid_credentials(), "{e}");
    let e = client
        .create_token(&request)
        .fastly_otp("111111")
        .await
        .unwrap_err();
    assert_eq!(e.status().unwrap().as_u16(), 422);
    server.assert_all_matched();
}
