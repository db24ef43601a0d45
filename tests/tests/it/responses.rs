//! What each operation makes of what the server answers: real-shaped bodies, 204s, every
//! documented error status, undocumented statuses, and bodies that are not what they should be.

use fastly_tokens::{Client, Error, RetryPolicy, Scope, Scopes};
use tests::server::{Reply, Server};

/// A real-shaped GET body (nulls where real tokens have them, fields Fastly's document omits).
use tests::server::TOKEN_JSON;

mod errors;

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
