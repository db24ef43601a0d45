//! Retries that are safe, timeouts that bound a stalled call, and typed errors when the
//! network misbehaves; each test counts the requests the server received.

use std::time::{Duration, Instant};

use fastly_tokens::{Client, CreateTokenRequest, Error, RetryPolicy};
use tests::server::{Reply, Server};

/// Fast retries so the tests do not wait on real backoff.
fn quick(max_retries: usize) -> RetryPolicy {
    RetryPolicy::new(max_retries)
        .with_initial_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_secs(2))
}

fn client(server: &Server, policy: RetryPolicy) -> Client {
    Client::builder()
        .token("t")
        .base_url(server.url())
        .retry(policy)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

#[tokio::test]
async fn fails_twice_then_succeeds() {
    let server = Server::start(vec![
        Reply::json(503, "{}"),
        Reply::raw(502, "text/html", b"<h1>bad gateway</h1>"),
        Reply::json(200, "[]"),
    ])
    .await;
    let tokens = client(&server, quick(3)).list_tokens_user().await.unwrap();
    assert!(tokens.is_empty());
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn always_failing_gives_up_after_the_configured_retries() {
    let server = Server::always(Reply::json(504, r#"{"msg":"timeout"}"#)).await;
    let e = client(&server, quick(2))
        .revoke_token("abc")
        .await
        .unwrap_err();
    assert_eq!(e.status().unwrap().as_u16(), 504);
    assert_eq!(server.requests().len(), 3, "one attempt and two retries");
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = Server::start(vec![
        Reply::json(429, "{}").header("Retry-After", "1"),
        Reply::empty(204),
    ])
    .await;
    let started = Instant::now();
    client(&server, quick(3))
        .revoke_token_current()
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn fastly_rate_limit_reset_is_honoured() {
    // Started before the reset is computed: the call cannot end before the reset, which is
    // more than a second after `started` however slow the machine (a lower bound only).
    let started = Instant::now();
    let reset = chrono::Utc::now().timestamp() + 2;
    let server = Server::start(vec![
        Reply::json(429, "{}").header("Fastly-RateLimit-Reset", &reset.to_string()),
        Reply::empty(204),
    ])
    .await;
    client(&server, quick(3))
        .bulk_revoke_tokens(["a"])
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_reset_beyond_the_cap_is_returned_at_once() {
    let server =
        Server::always(Reply::json(429, r#"{"msg":"rate limited"}"#).header("Retry-After", "3600"))
            .await;
    let e = client(&server, quick(3))
        .get_token("abc")
        .await
        .unwrap_err();
    assert!(e.is_rate_limited());
    assert_eq!(server.requests().len(), 1);
}

/// Retries by method, for every operation the spec declares: GET and DELETE retry a 503 and
/// then succeed; anything else (createToken's POST) is sent once and reports the 503.
#[tokio::test]
async fn every_operation_retries_by_its_method() {
    let ops = tests::ops::spec_operations();
    for op in &ops {
        let server = Server::start(vec![
            Reply::json(503, "{}"),
            Reply::json(503, "{}"),
            op.success(),
        ])
        .await;
        let result = tests::ops::call(&client(&server, quick(3)), &op.id).await;
        let retried = op.method == "GET" || op.method == "DELETE";
        if retried {
            assert!(result.is_ok(), "{}: {result:?}", op.id);
            assert_eq!(server.requests().len(), 3, "{}", op.id);
        } else {
            let e = result.expect_err("sent once, so the 503 is the answer");
            assert_eq!(e.status().map(|s| s.as_u16()), Some(503), "{}", op.id);
            assert_eq!(server.requests().len(), 1, "{}: never retried", op.id);
        }
    }
    assert!(
        ops.iter().any(|op| op.method == "POST"),
        "createToken is among them"
    );
}

#[tokio::test]
async fn create_token_is_never_retried() {
    let server = Server::always(Reply::json(503, "{}")).await;
    let e = client(&server, quick(5))
        .create_token(CreateTokenRequest::new("n"))
        .await
        .unwrap_err();
    assert_eq!(e.status().unwrap().as_u16(), 503);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let server = Server::always(Reply::json(503, "{}")).await;
    client(&server, RetryPolicy::none())
        .list_tokens_user()
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = Server::always(Reply::json(404, "{}")).await;
    client(&server, quick(3)).get_token("a").await.unwrap_err();
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_stalled_server_times_out_within_the_configured_time() {
    let server = Server::always(Reply::Stall).await;
    let c = Client::builder()
        .token("t")
        .base_url(server.url())
        .timeout(Duration::from_millis(300))
        .retry(quick(3))
        .build()
        .unwrap();
    let started = Instant::now();
    let e = c.get_token_current().await.unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    // Far below the server's hour-long stall; generous for a loaded machine.
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(server.requests().len(), 1, "timeouts are not retried");
}

#[tokio::test]
async fn a_body_cut_short_is_a_typed_error() {
    let server = Server::always(Reply::CutShort {
        status: 200,
        announced: 500,
        sent: br#"[{"id":"abc","name":"#.to_vec(),
    })
    .await;
    let e = client(&server, RetryPolicy::none())
        .list_tokens_user()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
}

#[tokio::test]
async fn an_error_body_cut_short_keeps_the_status() {
    let server = Server::always(Reply::CutShort {
        status: 401,
        announced: 500,
        sent: br#"{"msg":"Provided cre"#.to_vec(),
    })
    .await;
    let e = client(&server, RetryPolicy::none())
        .get_token_current()
        .await
        .unwrap_err();
    assert!(e.is_unauthorized(), "{e:?}");
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let c = tests::refused_client(quick(2));
    let e = c.list_tokens_user().await.unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
}

#[tokio::test]
async fn an_enormous_error_body_is_capped() {
    let body = vec![b'x'; 1 << 20];
    let server = Server::always(Reply::raw(500, "text/plain", &body)).await;
    let e = client(&server, RetryPolicy::none())
        .get_token("a")
        .await
        .unwrap_err();
    assert_eq!(e.api().unwrap().body().len(), 64 * 1024);
}
