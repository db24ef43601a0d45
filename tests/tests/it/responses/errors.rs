//! Error responses as the client reports them: status, `msg` and `detail` kept, createToken's
//! code, bodies that are not JSON or not the declared shape, and each message said once.

use super::*;

/// Runs get_token against `reply` and returns the error.
async fn get_error(reply: Reply) -> Error {
    let (_s, c) = against(reply).await;
    c.get_token("abc").await.unwrap_err()
}

#[tokio::test]
async fn documented_errors_keep_status_msg_and_detail() {
    let e = get_error(Reply::json(
        401,
        r#"{"msg":"Provided credentials are missing or invalid"}"#,
    ))
    .await;
    assert!(e.is_unauthorized() && !e.is_forbidden());
    assert_eq!(
        e.to_string(),
        "Fastly answered HTTP 401 Unauthorized: Provided credentials are missing or invalid"
    );

    let e = get_error(Reply::json(403, r#"{"msg":"Invalid token"}"#)).await;
    assert!(e.is_forbidden());

    let e = get_error(Reply::json(
        404,
        r#"{"msg":"Record not found","detail":"Couldn't find Token"}"#,
    ))
    .await;
    assert!(e.is_not_found());
    let api = e.api().unwrap();
    assert_eq!(api.msg(), Some("Record not found"));
    assert_eq!(api.detail(), Some("Couldn't find Token"));
}

#[tokio::test]
async fn revocation_error_and_rate_limit_on_delete() {
    let (_s, c) = against(Reply::json(400, r#"{"msg":"Token revocation error"}"#)).await;
    let e = c.revoke_token("abc").await.unwrap_err();
    assert_eq!(e.status().unwrap().as_u16(), 400);

    let reply = Reply::json(429, r#"{"msg":"Too many requests"}"#)
        .header("Fastly-RateLimit-Remaining", "0")
        .header("Fastly-RateLimit-Reset", "1700003600");
    let (_s, c) = against(reply).await;
    let e = c.revoke_token_current().await.unwrap_err();
    assert!(e.is_rate_limited());
    let limit = e.rate_limit().unwrap();
    assert_eq!(limit.remaining, Some(0));
    assert_eq!(limit.reset.unwrap().timestamp(), 1_700_003_600);
    assert!(e.is_retryable());
    // A reset in the past: nothing to wait for.
    assert_eq!(limit.reset_in(), Some(std::time::Duration::ZERO));

    // A reset a minute ahead: about a minute to wait.
    let reset = chrono::Utc::now().timestamp() + 60;
    let reply = Reply::json(429, r#"{"msg":"Too many requests"}"#)
        .header("Fastly-RateLimit-Remaining", "0")
        .header("Fastly-RateLimit-Reset", &reset.to_string());
    let (_s, c) = against(reply).await;
    let wait = c
        .revoke_token_current()
        .with_retry(fastly_tokens::RetryPolicy::none())
        .await
        .unwrap_err()
        .rate_limit()
        .and_then(|l| l.reset_in())
        .unwrap();
    assert!(
        wait > std::time::Duration::from_secs(55) && wait <= std::time::Duration::from_secs(60),
        "{wait:?}"
    );
}

/// What users branch on, one predicate each, on real responses and failures.
#[tokio::test]
async fn errors_say_what_to_do_about_them() {
    for (status, retryable) in [
        (500, true),
        (502, true),
        (503, true),
        (504, true),
        (501, false),
        (404, false),
        (401, false),
    ] {
        let (_s, c) = against(Reply::json(status, r#"{"msg":"x"}"#)).await;
        let e = c
            .get_token_current()
            .with_retry(fastly_tokens::RetryPolicy::none())
            .await
            .unwrap_err();
        assert_eq!(e.is_retryable(), retryable, "{status}");
        assert_eq!(e.is_server_error(), status >= 500, "{status}");
        assert_eq!(
            e.status(),
            Some(fastly_tokens::StatusCode::from_u16(status).unwrap())
        );
    }
    // Nothing listens: a connection error, retryable, whose cause is reachable without
    // naming the HTTP stack's types.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let c = fastly_tokens::Client::builder()
        .token("t")
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(fastly_tokens::RetryPolicy::none())
        .build()
        .unwrap();
    let e = c.get_token_current().await.unwrap_err();
    assert!(
        e.is_connect() && e.is_retryable() && !e.is_timeout(),
        "{e:?}"
    );
    let fastly_tokens::Error::Transport(transport) = &e else {
        panic!("{e:?}")
    };
    assert!(std::error::Error::source(transport).is_some());
    assert!(std::error::Error::source(&e).is_some());
}

/// The createToken codes are the spec's: every value it documents is a variant, and every
/// variant is a value it documents.
#[test]
fn error_codes_are_the_specs() {
    let spec: serde_json::Value = xtask::spec::value(&tests::committed_spec()).unwrap();
    let documented: Vec<&str> =
        spec["components"]["schemas"]["create_token_error"]["properties"]["code"]["x-known-values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
    let known: Vec<&str> = fastly_tokens::ErrorCode::known().collect();
    assert_eq!(known, documented);
    for code in documented {
        let parsed: fastly_tokens::ErrorCode = code.parse().unwrap();
        assert!(
            !matches!(parsed, fastly_tokens::ErrorCode::Other(_)),
            "{code}"
        );
        assert_eq!(parsed.to_string(), code);
    }
}

#[tokio::test]
async fn create_token_errors_carry_the_code() {
    let (_s, c) = against(Reply::json(400, r#"{"code":"2fa.verify"}"#)).await;
    let e = c
        .create_token(fastly_tokens::CreateTokenRequest::new("n"))
        .await
        .unwrap_err();
    assert!(e.is_two_factor_required());
    assert_eq!(
        e.api().unwrap().code(),
        Some(fastly_tokens::ErrorCode::TwoFactorRequired)
    );
    assert!(!e.is_invalid_credentials() && !e.is_retryable());

    // A wrong password: its own predicate, and not retryable.
    let (_s, c) = against(Reply::json(
        400,
        r#"{"code":"invalid_grant","msg":"Invalid credentials"}"#,
    ))
    .await;
    let e = c
        .create_token(fastly_tokens::CreateTokenRequest::new("n"))
        .await
        .unwrap_err();
    assert!(e.is_invalid_credentials() && !e.is_two_factor_required());
    assert_eq!(e.api().unwrap().code().unwrap().as_str(), "invalid_grant");
    // A code Fastly adds later is kept as sent.
    let (_s, c) = against(Reply::json(400, r#"{"code":"password_expired"}"#)).await;
    let e = c
        .create_token(fastly_tokens::CreateTokenRequest::new("n"))
        .await
        .unwrap_err();
    assert_eq!(
        e.api().unwrap().code(),
        Some(fastly_tokens::ErrorCode::Other("password_expired".into()))
    );
    assert!(!e.is_invalid_credentials());

    let (_s, c) = against(Reply::json(400, r#"{"msg":"2fa.verify"}"#)).await;
    let e = c
        .create_token(fastly_tokens::CreateTokenRequest::new("n"))
        .await
        .unwrap_err();
    assert!(e.is_two_factor_required());

    let (_s, c) = against(Reply::empty(422)).await;
    let e = c
        .create_token(fastly_tokens::CreateTokenRequest::new("n"))
        .await
        .unwrap_err();
    assert_eq!(e.status().unwrap().as_u16(), 422);
    assert_eq!(
        e.to_string(),
        "Fastly answered HTTP 422 Unprocessable Entity"
    );
}

#[tokio::test]
async fn a_non_json_error_body_keeps_status_and_text() {
    let e = get_error(Reply::raw(
        502,
        "text/html",
        b"<html><body>Bad gateway</body></html>",
    ))
    .await;
    assert_eq!(e.status().unwrap().as_u16(), 502);
    assert_eq!(
        e.api().unwrap().body(),
        "<html><body>Bad gateway</body></html>"
    );
    assert_eq!(
        e.to_string(),
        "Fastly answered HTTP 502 Bad Gateway: \"<html><body>Bad gateway</body></html>\""
    );
}

#[tokio::test]
async fn an_undocumented_status_is_an_api_error() {
    let e = get_error(Reply::json(418, r#"{"msg":"teapot"}"#)).await;
    assert_eq!(e.status().unwrap().as_u16(), 418);
    assert_eq!(e.api().unwrap().msg(), Some("teapot"));
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let e = get_error(Reply::json(200, r#"{"id":"abc","#)).await;
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    assert_eq!(e.status().unwrap().as_u16(), 200);
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_a_decode_error() {
    let e = get_error(Reply::json(200, r#"[{"id":"abc"}]"#)).await;
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    let e = get_error(Reply::json(200, r#"{"created_at":"yesterday"}"#)).await;
    assert!(
        e.to_string().contains("not what the operation returns"),
        "{e}"
    );
}

/// Every message of an error's chain, walked as a reporter walks it through
/// `Box<dyn Error>`: the error's own, then each `source`'s.
fn chain(e: Error) -> Vec<String> {
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(e);
    let mut out = vec![boxed.to_string()];
    let mut cause = boxed.source();
    while let Some(c) = cause {
        out.push(c.to_string());
        cause = c.source();
    }
    out
}

/// One convention for the chain: each level says only its own part, so no message holds the
/// one under it, and a reporter (anyhow's `{:#}`) prints each once.
fn assert_each_message_once(messages: &[String]) {
    for pair in messages.windows(2) {
        assert!(
            !pair[0].contains(pair[1].as_str()),
            "{:?} repeats its cause {:?}",
            pair[0],
            pair[1]
        );
    }
}

#[tokio::test]
async fn every_error_chain_says_each_message_once() {
    let api = chain(get_error(Reply::json(404, r#"{"msg":"Record not found"}"#)).await);
    assert_eq!(api.len(), 1, "{api:?}");
    assert!(api[0].contains("Record not found"), "{api:?}");
    // An API error is an error of its own too.
    let e = get_error(Reply::json(418, r#"{"msg":"teapot"}"#)).await;
    let alone: Box<dyn std::error::Error> = Box::new(e.api().unwrap().clone());
    assert!(alone.to_string().contains("teapot"));

    let decode = chain(get_error(Reply::json(200, r#"{"id":"abc","#)).await);
    assert_eq!(decode.len(), 2, "{decode:?}");
    assert!(
        decode[0].contains("not what the operation returns"),
        "{decode:?}"
    );
    assert!(decode[1].contains("EOF"), "{decode:?}");
    assert_each_message_once(&decode);

    let c = tests::refused_client(RetryPolicy::none());
    let transport = chain(c.list_tokens_user().await.unwrap_err());
    assert!(
        transport.len() >= 3,
        "the error, reqwest's, and the causes: {transport:?}"
    );
    assert!(transport[0].contains("could not be sent"), "{transport:?}");
    assert_each_message_once(&transport);
}
