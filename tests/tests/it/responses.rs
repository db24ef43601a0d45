//! What each operation makes of what the server answers: real-shaped bodies, 204s, every
//! documented error status, undocumented statuses, and bodies that are not what they should be.

use fastly_tokens::{Client, Error, RetryPolicy, Scope, Scopes};
use tests::server::{Reply, Server};

/// A real-shaped GET body (nulls where real tokens have them, fields Fastly's document omits).
use tests::server::TOKEN_JSON;

async fn against(reply: Reply) -> (Server, Client) {
    let server = Server::always(reply).await;
    let client = Client::builder()
        .token("t0ken")
        .base_url(server.url())
        // Retries have their own tests (reliability.rs); here each reply is final.
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn a_real_shaped_token_decodes() {
    let (_s, c) = against(Reply::json(200, TOKEN_JSON)).await;
    let token = c.get_token("7kzHzX5GPXxuQx0dAIBV2D").await.unwrap();
    assert_eq!(token.id, "7kzHzX5GPXxuQx0dAIBV2D");
    assert_eq!(token.customer_id.as_deref(), Some("4sIdEqbhOJ2sP8Oa5JY1Jh"));
    assert_eq!(token.expires_at, None);
    assert_eq!(token.last_used_at, None);
    assert_eq!(token.service_id, None);
    assert_eq!(
        token.scope,
        Some(Scopes::new([Scope::GlobalRead, Scope::PurgeSelect]))
    );
    assert_eq!(
        token.created_at.unwrap().to_rfc3339(),
        "2024-03-01T09:12:44+00:00"
    );
    assert_eq!(token.status().as_u16(), 200);
}

/// A body that arrives in many chunks decodes to what the same body in one piece gives (the
/// client joins the chunks; a body of one chunk it keeps as it came), and so does an empty one.
#[tokio::test]
async fn a_body_in_many_chunks_decodes_as_one_in_one_piece() {
    let body = format!("[{}]", vec![TOKEN_JSON; 40].join(","));
    let (_s, whole) = against(Reply::json(200, &body)).await;
    let expected = whole.list_tokens_user().await.unwrap().into_inner();
    assert_eq!(expected.len(), 40);
    for chunk in [1, 7, 512, body.len() - 1, body.len()] {
        let (_s, c) = against(Reply::Chunked {
            status: 200,
            body: body.clone().into_bytes(),
            chunk,
        })
        .await;
        let tokens = c.list_tokens_user().await.unwrap().into_inner();
        assert_eq!(tokens, expected, "chunks of {chunk} bytes");
    }
    let (_s, c) = against(Reply::Chunked {
        status: 200,
        body: Vec::new(),
        chunk: 1,
    })
    .await;
    assert!(matches!(
        c.list_tokens_user().await,
        Err(Error::Decode { .. })
    ));
}

#[tokio::test]
async fn fastly_example_timestamps_and_unknown_scopes_decode() {
    let body = r#"[{"id":"a","created_at":"2020-06-22T03:19:48.000Z","scope":"purge_all  brand_new:scope","some_future_field":{"x":1}}]"#;
    let (_s, c) = against(Reply::json(200, body)).await;
    let tokens = c.list_tokens_user().await.unwrap().into_inner();
    assert_eq!(tokens.len(), 1);
    let scope = tokens[0].scope.clone().unwrap();
    assert_eq!(
        scope,
        Scopes::new([Scope::PurgeAll, "brand_new:scope".parse().unwrap()])
    );
    assert_eq!(scope.to_string(), "purge_all brand_new:scope");
    assert_eq!(
        tokens[0].created_at.unwrap().timestamp_millis(),
        1_592_795_988_000
    );
}

#[tokio::test]
async fn customer_list_decodes_an_array() {
    let (_s, c) = against(Reply::json(200, &format!("[{TOKEN_JSON},{TOKEN_JSON}]"))).await;
    let tokens = c
        .list_tokens_customer("4sIdEqbhOJ2sP8Oa5JY1Jh")
        .await
        .unwrap();
    assert_eq!(tokens.len(), 2);
}

#[tokio::test]
async fn revocations_succeed_on_204_and_report_the_rate_limit() {
    let reply = Reply::empty(204)
        .header("Fastly-RateLimit-Remaining", "998")
        .header("Fastly-RateLimit-Reset", "1700000000");
    let (_s, c) = against(reply).await;
    for response in [
        c.revoke_token("abc").await.unwrap(),
        c.revoke_token_current().await.unwrap(),
        c.bulk_revoke_tokens(["abc"]).await.unwrap(),
    ] {
        assert_eq!(response.status().as_u16(), 204);
        let limit = response.rate_limit().unwrap();
        assert_eq!(limit.remaining, Some(998));
        assert_eq!(limit.reset.unwrap().timestamp(), 1_700_000_000);
    }
}

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

#[tokio::test]
async fn an_empty_2xx_other_than_204_still_revokes() {
    let (_s, c) = against(Reply::empty(200)).await;
    assert_eq!(c.revoke_token("abc").await.unwrap().status().as_u16(), 200);
}

/// The generated types compare (`PartialEq`, `Eq`), a created token converts into the token it
/// is (every field but its secret, read off the spec so none is forgotten), and a list
/// response iterates.
#[tokio::test]
async fn results_compare_convert_and_iterate() {
    use fastly_tokens::{TokenCreatedResponse, TokenResponse};
    // Every property the spec gives a token, with a value of its type.
    let spec: serde_json::Value = xtask::spec::value(&tests::committed_spec()).unwrap();
    let mut full = serde_json::Map::new();
    for (name, schema) in spec["components"]["schemas"]["token_response"]["properties"]
        .as_object()
        .unwrap()
    {
        let value = match (schema["type"].as_str(), schema["format"].as_str()) {
            (Some("array"), _) => serde_json::json!(["x1"]),
            (_, Some("date-time")) => serde_json::json!("2030-01-01T00:00:00Z"),
            _ if name == "scope" => serde_json::json!("global:read"),
            _ => serde_json::json!(format!("{name}-value")),
        };
        full.insert(name.clone(), value);
    }
    let token: TokenResponse = serde_json::from_value(full.clone().into()).unwrap();
    let mut created = full.clone();
    created.insert("access_token".into(), "s3cret".into());
    let created: TokenCreatedResponse = serde_json::from_value(created.into()).unwrap();
    let converted = TokenResponse::from(created.clone());
    assert_eq!(converted, token);
    // A property the spec marks `x-same-as` is read into its twin's field, never written.
    let properties = &spec["components"]["schemas"]["token_response"]["properties"];
    full.retain(|name, _| properties[name.as_str()].get("x-same-as").is_none());
    assert_eq!(
        serde_json::to_value(&converted).unwrap(),
        serde_json::Value::Object(full)
    );
    assert_ne!(converted, TokenResponse::new("other"));
    fn eq<T: Eq>(_: &T) {}
    eq(&created);

    let list = format!(
        "[{},{}]",
        serde_json::to_string(&token).unwrap(),
        r#"{"id":"b2"}"#
    );
    let (_s, c) = against(Reply::json(200, &list)).await;
    let tokens = c.list_tokens_user().await.unwrap();
    let ids: Vec<&str> = (&tokens).into_iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, [token.id.as_str(), "b2"]);
    // Absent `services` is the empty list, as on the wire.
    assert!(tokens[1].services.is_empty());
    let mut count = 0;
    for t in &tokens {
        count += usize::from(!t.id.is_empty());
    }
    assert_eq!(count, 2);
    assert_eq!(tokens.into_iter().last(), Some(TokenResponse::new("b2")));
}

/// A token whose `created_at` is `text` (JSON-escaped).
fn created_at(text: &str) -> String {
    format!(
        r#"{{"id":"t1","created_at":{},"expires_at":null}}"#,
        serde_json::to_string(text).unwrap()
    )
}

/// The generated types decode a date through the client's fast path (`src/time.rs`); whatever
/// the text, they must take and refuse exactly what chrono's own `Deserialize` takes and
/// refuses, to the same instant.
fn decodes_as_chrono(text: &str) {
    let ours = serde_json::from_str::<fastly_tokens::types::TokenResponse>(&created_at(text))
        .map(|t| t.created_at);
    let chrono = serde_json::from_str::<chrono::DateTime<chrono::Utc>>(
        &serde_json::to_string(text).unwrap(),
    );
    match (&ours, &chrono) {
        (Ok(ours), Ok(chrono)) => assert_eq!(ours.as_ref(), Some(chrono), "{text:?}"),
        (Err(_), Err(_)) => {}
        _ => panic!("{text:?}: ours {ours:?}, chrono {chrono:?}"),
    }
}

#[test]
fn dates_decode_as_chrono_decodes_them() {
    for text in [
        "2021-11-02T18:46:13Z",
        "2024-02-29T23:59:59Z",
        "2023-02-29T00:00:00Z",
        "2016-12-31T23:59:60Z",
        "2021-11-02t18:46:13z",
        "2021-11-02 18:46:13Z",
        "2021-11-02T18:46:13.123Z",
        "2016-07-28T19:24:50+00:00",
        "2016-07-28T19:24:50-07:30",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "2021-13-02T18:46:13Z",
        "2021-11-02T24:00:00Z",
        "2021-11-02T18:60:13Z",
        "2021-11-02T18:46:13",
        "2021-11-02T18:46:1Z",
        "+2021-11-02T18:46:13Z",
        "２021-11-02T18:46:13Z",
        "",
    ] {
        decodes_as_chrono(text);
    }
    // Absent and null are `None`; a number is refused, as chrono refuses it.
    let none: fastly_tokens::types::TokenResponse = serde_json::from_str(r#"{"id":"t1"}"#).unwrap();
    assert_eq!(none.created_at, None);
    let null: fastly_tokens::types::TokenResponse =
        serde_json::from_str(r#"{"id":"t1","created_at":null}"#).unwrap();
    assert_eq!(null.created_at, None);
    assert!(
        serde_json::from_str::<fastly_tokens::types::TokenResponse>(
            r#"{"id":"t1","created_at":1700000000}"#
        )
        .is_err()
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

    /// Every text of the fast path's shape, digits or not, and any text at all.
    #[test]
    fn any_date_decodes_as_chrono_decodes_it(
        shaped in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(Z|z|[+-][0-9]{2}:[0-9]{2}|\\.[0-9]{1,9}Z)",
        near in "[0-9a:T.Z+-]{18,22}",
    ) {
        decodes_as_chrono(&shaped);
        decodes_as_chrono(&near);
    }
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
