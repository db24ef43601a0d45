//! Hostile and malformed responses: every operation, fed arbitrary statuses and bodies over
//! HTTP, returns a typed result and never panics; the response types survive arbitrary and
//! adversarial JSON in-process at a far higher count.

use std::sync::OnceLock;

use fastly_tokens::{Client, RetryPolicy, TokenCreatedResponse, TokenResponse};
use proptest::prelude::*;
use tests::ops::{self, Operation};
use tests::server::{Reply, Server};

const TOKEN_JSON: &str = r#"{"id":"7kzHzX5GPXxuQx0dAIBV2D","user_id":"2bFqLqJ8IuSkJ6vB1ZqXq0","customer_id":"4sIdEqbhOJ2sP8Oa5JY1Jh","name":"ci deploy","last_used_at":null,"created_at":"2024-03-01T09:12:44Z","expires_at":null,"ip":null,"user_agent":null,"sudo_expires_at":null,"scopes":["global:read","purge_select"],"scope":"global:read purge_select","services":["6yxNzKHbFLgNcnhXQHJsUF"],"service_id":null,"access_token":"AbCdEfGhIjKlMnOpQrStUvWxYz012345"}"#;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Runtime::new().unwrap())
}

/// A client of `server` that sends each call once.
fn client(server: &Server) -> Client {
    Client::builder()
        .token("t")
        .base_url(server.url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

fn operations() -> &'static [Operation] {
    static OPS: OnceLock<Vec<Operation>> = OnceLock::new();
    OPS.get_or_init(ops::spec_operations)
}

/// Bodies a hostile or broken server might send.
fn bodies() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..512),
        // Real JSON cut anywhere.
        (0..TOKEN_JSON.len()).prop_map(|n| TOKEN_JSON.as_bytes()[..n].to_vec()),
        // A field given a value of the wrong type.
        (
            prop::sample::select(vec![
                "id",
                "name",
                "scope",
                "scopes",
                "services",
                "created_at",
                "expires_at",
                "access_token",
                "ip"
            ]),
            prop::sample::select(vec![
                "1",
                "-1e999999",
                "18446744073709551616",
                "true",
                "{}",
                "[1,2]",
                "\"\"",
                "\"2024-13-45T99:99:99Z\"",
                "\"\\ud800\"",
                "null"
            ])
        )
            .prop_map(|(field, value)| format!(r#"{{"{field}":{value}}}"#).into_bytes()),
        // Deep nesting and enormous strings.
        (1usize..20_000).prop_map(|d| format!("{}{}", "[".repeat(d), "]".repeat(d)).into_bytes()),
        (1usize..200_000).prop_map(|n| format!(r#"{{"name":"{}"}}"#, "x".repeat(n)).into_bytes()),
        // Invalid UTF-8 inside a string.
        Just(b"{\"name\":\"\xff\xfe\"}".to_vec()),
        Just(format!("[{TOKEN_JSON},{TOKEN_JSON}]").into_bytes()),
        // A created token whose secret must stay out of every formatted outcome.
        Just(TOKEN_JSON.as_bytes().to_vec()),
        Just(br#"{"access_token":"AbCdEfGhIjKlMnOpQrStUvWxYz012345","msg":1}"#.to_vec()),
    ]
}

/// Calls operation `op` against a server answering `status` with `body`, and formats the
/// whole outcome (value or error, Debug and Display), which must not panic or show the secret.
async fn call(op: &str, status: u16, body: Vec<u8>) -> String {
    let server = Server::always(Reply::raw(status, "application/json", &body)).await;
    let outcome = ops::call(&client(&server), op).await;
    let display = outcome
        .as_ref()
        .err()
        .map(ToString::to_string)
        .unwrap_or_default();
    format!("{outcome:?} {display}")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// 64 cases for every operation the spec declares, over HTTP.
    #[test]
    fn every_operation_survives_any_response(
        status in prop::sample::select(vec![200u16, 201, 204, 400, 401, 403, 404, 422, 429, 500, 502, 503]),
        body in bodies(),
    ) {
        for op in operations() {
            let text = runtime().block_on(call(&op.id, status, body.clone()));
            prop_assert!(!text.contains("AbCdEfGhIjKlMnOpQrStUvWxYz012345"), "secret leaked: {}", text);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// The response types decode or refuse any body; `Debug` never shows the secret.
    #[test]
    fn response_types_decode_or_refuse(body in bodies()) {
        let _ = serde_json::from_slice::<Vec<TokenResponse>>(&body);
        let _ = serde_json::from_slice::<TokenResponse>(&body);
        if let Ok(created) = serde_json::from_slice::<TokenCreatedResponse>(&body) {
            let text = format!("{:?}", created);
            prop_assert!(!text.contains("AbCdEfGhIjKlMnOpQrStUvWxYz012345"));
        }
        if let Ok(text) = std::str::from_utf8(&body) {
            let _ = text.parse::<fastly_tokens::Scopes>();
        }
    }

    /// Any scope list parses and renders back to its words joined by single spaces.
    #[test]
    fn scopes_round_trip(words in proptest::collection::vec("[a-z_:]{1,12}", 0..6)) {
        let text = words.join(" ");
        let scopes: fastly_tokens::Scopes = text.parse().unwrap();
        prop_assert_eq!(scopes.to_string(), text);
        prop_assert_eq!(scopes.len(), words.len());
    }
}

/// The guard behind every test here: a server that fails (on purpose, `Reply::Panic`) does not
/// pass as a client-side transport error; dropping it fails the test.
#[test]
fn a_failing_server_fails_the_test() {
    let server = runtime().block_on(Server::always(Reply::Panic));
    let outcome = runtime().block_on(client(&server).get_token_current().send());
    assert!(
        matches!(outcome, Err(fastly_tokens::Error::Transport(_))),
        "{outcome:?}"
    );
    // The failure is recorded once the connection task has ended.
    for _ in 0..200 {
        if !server.failures().is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(
        server.failures().iter().any(|f| f.contains("panic")),
        "{:?}",
        server.failures()
    );
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(server)));
    assert!(
        dropped.is_err(),
        "dropping a failed server must fail the test"
    );
}
