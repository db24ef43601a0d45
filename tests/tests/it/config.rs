//! Client configuration and argument checks: base URLs, tokens from the environment, ID
//! validation before anything is sent, and credentials kept out of `Debug`.

use fastly_tokens::{Client, CreateTokenRequest, Error};
use tests::server::{Reply, Server};

fn config_error(result: Result<Client, Error>) -> String {
    match result {
        Err(Error::Config(m)) => m,
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn plain_http_is_refused_off_loopback() {
    let m = config_error(Client::builder().base_url("http://api.example.com").build());
    assert!(
        m.starts_with("refusing plain http:// to api.example.com"),
        "{m}"
    );
    for ok in [
        "http://127.0.0.1:9",
        "http://localhost:9/",
        "http://[::1]:9",
        "https://api.fastly.com/",
    ] {
        assert!(Client::builder().base_url(ok).build().is_ok(), "{ok}");
    }
    config_error(Client::builder().base_url("ftp://x").build());
    config_error(Client::builder().base_url("not a url").build());
    config_error(Client::builder().base_url("https://a/?q=1").build());
}

#[test]
fn a_trailing_slash_on_the_base_url_is_fine() {
    let c = Client::builder()
        .base_url("https://api.fastly.com/")
        .build()
        .unwrap();
    assert_eq!(c.base_url(), "https://api.fastly.com");
}

#[test]
fn bad_tokens_are_refused_without_echoing_them() {
    let m = config_error(Client::new(""));
    assert_eq!(m, "the API token is empty");
    let m = config_error(Client::new("line\nbreak-secret"));
    assert!(!m.contains("secret"), "{m}");
}

/// Runs in a child process (see `token_from_the_environment`), so no test mutates the
/// environment of the shared test process; ignored in a normal run, where it would prove
/// nothing.
#[test]
#[ignore = "run by token_from_the_environment in a process of its own"]
fn env_probe() {
    match Client::from_env() {
        Ok(c) => println!("PROBE ok {c:?}"),
        Err(e) => println!("PROBE err {e}"),
    }
}

fn probe(token: Option<&str>) -> String {
    let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        &tests::test_name(module_path!(), "env_probe"),
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    match token {
        Some(t) => cmd.env(fastly_tokens::TOKEN_ENV, t),
        None => cmd.env_remove(fastly_tokens::TOKEN_ENV),
    };
    let out = String::from_utf8(cmd.output().unwrap().stdout).unwrap();
    out.lines()
        .find_map(|l| l.split_once("PROBE ").map(|(_, rest)| rest))
        .unwrap_or_else(|| panic!("no probe line in {out}"))
        .to_string()
}

#[test]
fn token_from_the_environment() {
    assert!(
        probe(None).contains("FASTLY_API_TOKEN is not set"),
        "{}",
        probe(None)
    );
    assert_eq!(
        probe(Some("  ")),
        "err client configuration: FASTLY_API_TOKEN is set but empty"
    );
    let ok = probe(Some("env-secret-token"));
    assert!(ok.starts_with("ok Client"), "{ok}");
    assert!(!ok.contains("env-secret-token"), "{ok}");
}

#[tokio::test]
async fn hostile_ids_are_refused_before_sending() {
    let server = Server::always(Reply::empty(204)).await;
    let c = Client::builder()
        .token("t")
        .base_url(server.url())
        .build()
        .unwrap();
    for id in [
        "",
        ".",
        "..",
        "a/b",
        "%2F",
        "a%2Fb",
        " ",
        "a b",
        "é",
        "self/../x",
        "a?b",
        "a#b",
        "\n",
    ] {
        let errors = [
            c.get_token(id).await.unwrap_err(),
            c.revoke_token(id).await.unwrap_err(),
            c.list_tokens_customer(id).await.unwrap_err(),
            c.bulk_revoke_tokens(["ok", id]).await.unwrap_err(),
        ];
        for e in errors {
            assert!(matches!(e, Error::InvalidArgument { .. }), "{id:?}: {e:?}");
        }
    }
    let e = c
        .bulk_revoke_tokens(Vec::<String>::new())
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid body.data: the list is empty; it needs at least 1"
    );
    let e = c
        .create_token(CreateTokenRequest::new("n"))
        .fastly_otp("12\n34")
        .await
        .unwrap_err();
    assert!(matches!(
        e,
        Error::InvalidArgument {
            name: "Fastly-OTP",
            ..
        }
    ));
    assert!(server.requests().is_empty(), "a request left the client");
}

#[test]
fn debug_output_never_shows_credentials() {
    let builder = Client::builder()
        .token("tok-SECRET-1")
        .credentials("me@example.com", "pw-SECRET-2");
    let client = builder.clone().build().unwrap();
    let request = CreateTokenRequest::new("n").credentials("u", "pw-SECRET-3");
    let created: fastly_tokens::TokenCreatedResponse =
        serde_json::from_str(r#"{"id":"a","access_token":"SECRET-ACCESS-5"}"#).unwrap();
    let texts = [
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{request:?}"),
        format!("{created:?}"),
        format!("{:#?}", created),
    ];
    for text in texts {
        assert!(!text.contains("SECRET"), "{text}");
    }
    assert_eq!(created.access_token.expose_secret(), "SECRET-ACCESS-5");
}

#[tokio::test]
async fn an_application_name_is_appended_to_the_user_agent() {
    let server = fastly_tokens_mock::MockServer::start_async().await;
    let expected = format!("fastly-tokens/{} deployer/2.1", env!("CARGO_PKG_VERSION"));
    let mock = server.mock(|when, then| {
        when.header("user-agent", &expected);
        then.status(204);
    });
    let client = server
        .client_builder()
        .user_agent("first/1")
        .user_agent("deployer/2.1")
        .build()
        .unwrap();
    client.revoke_token_current().await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn without_an_application_name_the_user_agent_is_the_crates_own() {
    let server = fastly_tokens_mock::MockServer::start_async().await;
    let expected = format!("fastly-tokens/{}", env!("CARGO_PKG_VERSION"));
    let mock = server.mock(|when, then| {
        when.header("user-agent", &expected);
        then.status(204);
    });
    let client = server.client_builder().build().unwrap();
    client.revoke_token_current().await.unwrap();
    client.revoke_token_current().await.unwrap();
    mock.assert_calls_async(2).await;
}

#[tokio::test]
async fn a_deadline_bounds_the_whole_call_across_retries() {
    use std::time::{Duration, Instant};
    let server = fastly_tokens_mock::MockServer::start_async().await;
    let unavailable = server.mock(|when, then| {
        when.method("GET").path("/tokens/self");
        then.status(503);
    });
    // Three retries from 200 ms would take 1.4 s or more; the deadline ends the call first.
    let policy = fastly_tokens::RetryPolicy::new(3).with_initial_delay(Duration::from_millis(200));
    let client = server
        .client_builder()
        .retry(policy)
        .deadline(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let e = client.get_token_current().await.unwrap_err();
    assert!(
        matches!(e, Error::DeadlineExceeded { deadline, .. } if deadline == Duration::from_millis(300)),
        "{e:?}"
    );
    assert!(e.is_timeout() && !e.is_retryable(), "{e}");
    assert!(started.elapsed() < Duration::from_millis(1200));
    let sent = unavailable.calls_async().await;
    assert!((1..4).contains(&sent), "{sent} attempts");
    // A call's own deadline replaces the client's; a slow answer counts against it too.
    let slow = server.mock(|when, then| {
        when.method("GET").path("/tokens/slow1");
        then.status(200)
            .header("content-type", "application/json")
            .body(r#"{"id":"slow1"}"#)
            .delay(Duration::from_millis(400));
    });
    let e = client
        .get_token("slow1")
        .with_deadline(Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::DeadlineExceeded { .. }), "{e:?}");
    let token = client
        .get_token("slow1")
        .with_deadline(Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(token.id, "slow1");
    slow.assert_calls_async(2).await;
}

/// The deadline covers sending for every kind of operation: one that answers 204 too (its
/// request was once sent before the deadline started, so a slow server outlived it).
#[tokio::test]
async fn a_deadline_bounds_calls_that_return_no_content() {
    use std::time::{Duration, Instant};
    let server = fastly_tokens_mock::MockServer::start_async().await;
    let slow = server.mock(|when, then| {
        when.method("DELETE").path("/tokens/slow204");
        then.status(204).delay(Duration::from_millis(2000));
    });
    let client = server.client();
    let started = Instant::now();
    let e = client
        .revoke_token("slow204")
        .with_deadline(Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::DeadlineExceeded { .. }), "{e:?}");
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    slow.assert_calls_async(1).await;
}
