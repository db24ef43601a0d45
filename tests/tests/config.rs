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
        "env_probe",
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
