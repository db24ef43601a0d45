//! What a user can see and steer: a `tracing` span per call over every operation (success,
//! error, retries) that never carries a credential, and per-call timeouts and retry policies.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fastly_tokens::{Client, CreateTokenRequest, RetryPolicy};
use tests::ops;
use tests::server::{Reply, Server};
use tracing_subscriber::fmt::format::FmtSpan;

const TOKEN: &str = "sekrit-api-token-0123456789abcdef";
const USERNAME: &str = "owner@example.com";
const PASSWORD: &str = "correct horse battery staple";
use tests::ops::OTP;
/// A new token's secret, as createToken returns it.
const NEW_SECRET: &str = "brand-new-secret-0f9e8d7c6b5a";

/// Everything a subscriber prints while `f` runs, with every span's fields at its close.
async fn captured<F: Future<Output = ()>>(f: F) -> String {
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let sink = Sink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    f.await;
    let bytes = sink.0.lock().unwrap().clone();
    String::from_utf8(bytes).unwrap()
}

fn client(url: &str, retry: RetryPolicy) -> Client {
    Client::builder()
        .token(TOKEN)
        .credentials(USERNAME, PASSWORD)
        .base_url(url)
        .retry(retry)
        .build()
        .unwrap()
}

/// Quick retries, so a test of three attempts takes milliseconds.
fn quick(retries: usize) -> RetryPolicy {
    RetryPolicy::new(retries)
        .with_initial_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(5))
        .with_jitter(false)
}

fn assert_no_secret(text: &str) {
    for secret in [TOKEN, USERNAME, PASSWORD, OTP, NEW_SECRET] {
        assert!(
            !text.contains(secret),
            "{secret:?} reached the subscriber:\n{text}"
        );
    }
}

#[tokio::test]
async fn every_operation_is_one_span_with_its_facts_and_no_secret() {
    for op in ops::spec_operations() {
        for (label, reply) in [
            ("success", success_with_secret(&op)),
            ("error", Reply::json(404, r#"{"msg":"Record not found"}"#)),
        ] {
            let server = Server::always(reply).await;
            let c = client(server.url(), quick(2));
            let text = captured(async {
                let _ = ops::call(&c, &op.id).await;
            })
            .await;
            let close = text
                .lines()
                .find(|l| l.contains("close") && l.contains("operation="))
                .unwrap_or_else(|| panic!("{} {label}: no span closed:\n{text}", op.id));
            for field in [
                format!("operation=\"{}\"", op.id),
                format!("method={}", op.method),
                format!("route=\"{}\"", op.path),
                "attempts=1".to_string(),
                "elapsed_ms=".to_string(),
            ] {
                assert!(
                    close.contains(&field),
                    "{} {label}: no {field} in {close}",
                    op.id
                );
            }
            let status = if label == "success" {
                op.example.0
            } else {
                404
            };
            assert!(close.contains(&format!("status={status}")), "{close}");
            if op.path.contains("{token_id}") {
                assert!(close.contains("ids=\"token_id="), "{close}");
            }
            let event = if label == "success" {
                "call finished"
            } else {
                "call failed"
            };
            assert!(text.contains(event), "{} {label}:\n{text}", op.id);
            assert_no_secret(&text);
        }
    }
}

/// A success reply that carries a new token's secret where the operation returns a token.
fn success_with_secret(op: &ops::Operation) -> Reply {
    if op.id == "create-token" || op.id == "create-automation-token" {
        let body = tests::server::TOKEN_JSON.replacen(
            '{',
            &format!("{{\"access_token\":\"{NEW_SECRET}\","),
            1,
        );
        // An automation token writes its scopes as one string, a user token as a list.
        let body = match op.id.as_str() {
            "create-automation-token" => body.replace(
                r#""scopes":["global:read","purge_select"]"#,
                r#""scopes":"global:read purge_select""#,
            ),
            _ => body,
        };
        Reply::json(200, &body)
    } else {
        op.success()
    }
}

#[tokio::test]
async fn retries_are_events_with_status_delay_and_its_source() {
    let server = Server::start(vec![
        Reply::json(503, "{}").header("Retry-After", "0"),
        Reply::json(429, "{}"),
        Reply::json(200, "[]").header("Fastly-RateLimit-Remaining", "997"),
    ])
    .await;
    let c = client(server.url(), quick(3));
    let text = captured(async {
        c.list_tokens_user().await.unwrap();
    })
    .await;
    let retries: Vec<&str> = text.lines().filter(|l| l.contains("retrying")).collect();
    assert_eq!(retries.len(), 2, "{text}");
    assert!(
        retries[0].contains("attempt=1") && retries[0].contains("status=503"),
        "{text}"
    );
    assert!(
        retries[0].contains("delay_from=\"backoff\""),
        "Retry-After: 0 is shorter than the backoff: {text}"
    );
    assert!(
        retries[1].contains("attempt=2") && retries[1].contains("status=429"),
        "{text}"
    );
    let close = text
        .lines()
        .find(|l| l.contains("close") && l.contains("operation="))
        .unwrap();
    assert!(
        close.contains("attempts=3") && close.contains("status=200"),
        "{close}"
    );
    assert!(close.contains("rate_limit_remaining=997"), "{close}");
    assert_no_secret(&text);

    // A server hint longer than the backoff sets the delay, and the event says so.
    let server = Server::start(vec![
        Reply::json(503, "{}").header("Retry-After", "1"),
        Reply::json(200, "[]"),
    ])
    .await;
    let c = client(
        server.url(),
        quick(1).with_max_delay(Duration::from_secs(2)),
    );
    let text = captured(async {
        c.list_tokens_user().await.unwrap();
    })
    .await;
    assert!(
        text.contains("delay_ms=1000") && text.contains("delay_from=\"retry-after\""),
        "{text}"
    );
}

#[tokio::test]
async fn a_failed_call_after_retries_says_why() {
    let server = Server::always(Reply::json(503, "{}")).await;
    let c = client(server.url(), quick(2));
    let text = captured(async {
        c.get_token_current().await.unwrap_err();
    })
    .await;
    assert_eq!(text.matches("retrying").count(), 2, "{text}");
    assert!(text.contains("call failed"), "{text}");
    let close = text
        .lines()
        .find(|l| l.contains("close") && l.contains("operation="))
        .unwrap();
    assert!(
        close.contains("attempts=3") && close.contains("status=503"),
        "{close}"
    );
}

#[tokio::test]
async fn one_call_can_have_its_own_timeout() {
    // The server answers after 400 ms; the client's timeout is the default 30 s.
    let server = Server::start(vec![Reply::Delayed(
        Duration::from_millis(400),
        Box::new(Reply::json(200, "[]")),
    )])
    .await;
    let c = client(server.url(), RetryPolicy::none());
    let started = Instant::now();
    let err = c
        .list_tokens_user()
        .with_timeout(Duration::from_millis(50))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        elapsed < Duration::from_millis(400),
        "the call waited {elapsed:?}"
    );
    // The next call, with no override, waits for the answer.
    c.list_tokens_user().await.unwrap();
}

#[tokio::test]
async fn one_call_can_have_its_own_retry_policy() {
    let server = Server::always(Reply::json(503, "{}")).await;
    let c = client(server.url(), quick(3));

    c.get_token_current().await.unwrap_err();
    assert_eq!(server.requests().len(), 4, "the client's policy: 1 + 3");

    c.get_token_current()
        .with_retry(RetryPolicy::none())
        .await
        .unwrap_err();
    assert_eq!(
        server.requests().len(),
        5,
        "retries off for one call: 1 more"
    );

    c.get_token_current()
        .with_retry(quick(1))
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 7, "one retry for one call: 2 more");

    // The spec still decides what may be retried: createToken (POST) never is.
    let request = CreateTokenRequest::new("ci deploy");
    c.create_token(&request)
        .with_retry(quick(3))
        .await
        .unwrap_err();
    assert_eq!(
        server.requests().len(),
        8,
        "a POST is sent once whatever the policy"
    );

    // And the client's own policy is untouched.
    c.get_token_current().await.unwrap_err();
    assert_eq!(server.requests().len(), 12);
}

/// The generated operation table of a spec (the client module's `OPERATIONS`), on one line.
fn retry_table(spec: &str) -> String {
    let files = xtask::render_all(spec, xtask::SPEC_PATH).unwrap();
    let client = &files
        .iter()
        .find(|(p, _)| p.ends_with("generated.rs") && p.starts_with("crates/fastly-tokens/"))
        .unwrap()
        .1;
    let start = client.find("static OPERATIONS").unwrap();
    let end = start + client[start..].find("];").unwrap();
    client[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One operation's retry rules in [`retry_table`], up to their closing brace.
fn entry(table: &str, op: &str) -> String {
    let at = table.find(&format!("name: \"{op}\"")).unwrap();
    let at = at + table[at..].find("retry:").unwrap();
    table[at..at + table[at..].find('}').unwrap()].to_string()
}

#[test]
fn the_spec_declares_the_retry_policy() {
    let committed = tests::committed_spec();
    let table = retry_table(&committed);
    assert!(
        entry(&table, "get_token").contains("statuses: &[429u16, 502u16, 503u16, 504u16], retries: 3usize, initial_delay_ms: 250u64, max_delay_ms: 30000u64, honour_retry_after: true"),
        "{table}"
    );
    assert!(
        entry(&table, "create_token").contains("retries: 0usize"),
        "{table}"
    );

    // An operation's own `x-retry` overrides the document's; a POST is retried only when it
    // says it is idempotent.
    let edited = committed
        .replacen(
            "      operationId: get-token\n",
            "      operationId: get-token\n      x-retry:\n        retries: 1\n        statuses: [503]\n        honour-retry-after: false\n",
            1,
        )
        .replacen(
            "      operationId: create-token\n",
            "      operationId: create-token\n      x-retry:\n        idempotent: true\n",
            1,
        );
    let table = retry_table(&edited);
    assert!(
        entry(&table, "get_token").contains("statuses: &[503u16], retries: 1usize, initial_delay_ms: 250u64, max_delay_ms: 30000u64, honour_retry_after: false"),
        "{table}"
    );
    assert!(
        entry(&table, "create_token").contains("retries: 3usize"),
        "{table}"
    );
    assert!(
        entry(&table, "get_token_current").contains("retries: 3usize"),
        "{table}"
    );
}
