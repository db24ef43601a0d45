//! The `fastly-tokens` CLI end to end, in-process against a loopback server: every subcommand's
//! request, its output as a table and as JSON, the exit code of every kind of failure, where
//! credentials come from, and each command's `--help` (insta).

use std::io::Cursor;

use fastly_tokens_cli::{Io, exit};
use fastly_tokens_mock::MockServer;
use httpmock::Method::{DELETE, GET, POST};
use serde_json::{Value, json};
use tests::serve_rotation;

mod credentials;
mod output;
mod rotate;

/// What one command line did, and the questions it asked.
struct Ran {
    code: u8,
    out: String,
    err: String,
    asked: Vec<String>,
}

const TOKEN: &str = "tok-SECRET-cli";

/// Where one command line runs: the base URL it is pointed at (none: as given), its
/// environment (`FASTLY_API_TOKEN` set unless given; an empty value is unset), standard input,
/// whether standard output is a terminal (and how wide it is), and the answers a person types
/// at its prompts, in order (`None`: no one can answer).
#[derive(Default)]
struct Setup<'a> {
    base_url: Option<String>,
    env: &'a [(&'a str, &'a str)],
    stdin: &'a str,
    terminal: bool,
    width: Option<usize>,
    answers: Option<&'a [&'a str]>,
}

impl Setup<'_> {
    fn at(server: &MockServer) -> Self {
        Setup {
            base_url: Some(server.inner().base_url()),
            ..Setup::default()
        }
    }

    /// Runs `fastly-tokens <args>`; no secret may reach standard error.
    async fn run(self, args: &[&str]) -> Ran {
        let mut argv = vec!["fastly-tokens".to_string()];
        if let Some(base) = self.base_url {
            argv.extend(["--base-url".to_string(), base]);
        }
        argv.extend(args.iter().map(|a| a.to_string()));
        let mut vars: Vec<(String, String)> = self
            .env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if !vars.iter().any(|(k, _)| k == "FASTLY_API_TOKEN") {
            vars.push(("FASTLY_API_TOKEN".into(), TOKEN.into()));
        }
        let lookup = move |name: &str| {
            vars.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty())
        };
        let asked = std::sync::Mutex::new(Vec::new());
        let answers = self.answers.unwrap_or_default();
        let prompt = |question: &str| {
            let mut asked = asked.lock().unwrap();
            asked.push(question.to_string());
            answers
                .get(asked.len() - 1)
                .map(|a| a.to_string())
                .ok_or_else(|| std::io::Error::other("asked more often than answered"))
        };
        let mut stdin = Cursor::new(self.stdin.as_bytes().to_vec());
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = fastly_tokens_cli::run(
            argv,
            Io {
                env: &lookup,
                stdin: &mut stdin,
                out: &mut out,
                err: &mut err,
                terminal: self.terminal,
                width: self.width,
                prompt: self
                    .answers
                    .is_some()
                    .then_some(&prompt as fastly_tokens_cli::Prompt<'_>),
            },
        )
        .await;
        let ran = Ran {
            code,
            out: String::from_utf8(out).unwrap(),
            err: String::from_utf8(err).unwrap(),
            asked: asked.into_inner().unwrap(),
        };
        for secret in [TOKEN, "pw-SECRET"]
            .into_iter()
            .chain(answers.iter().copied())
        {
            assert!(
                !ran.err.contains(secret),
                "a secret on standard error: {}",
                ran.err
            );
        }
        ran
    }
}

/// Runs `fastly-tokens <args>` against `server` with `env`, `stdin`, and standard output as a
/// terminal when `terminal`; no one answers a prompt.
async fn run_with(
    server: &MockServer,
    args: &[&str],
    env: &[(&str, &str)],
    stdin: &str,
    terminal: bool,
) -> Ran {
    Setup {
        env,
        stdin,
        terminal,
        ..Setup::at(server)
    }
    .run(args)
    .await
}

async fn run(server: &MockServer, args: &[&str]) -> Ran {
    run_with(server, args, &[], "", false).await
}

fn token(id: &str, name: &str) -> Value {
    json!({"id": id, "name": name, "scope": "global:read purge_select", "services": ["svc1"],
           "created_at": "2026-01-02T03:04:05Z", "expires_at": null, "user_id": "u1"})
}

#[tokio::test]
async fn every_kind_of_failure_has_its_exit_code() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method(GET).path("/tokens/gone11");
        then.status(404)
            .json_body(json!({"msg": "Token lookup failed."}));
    });
    server.mock(|when, then| {
        when.method(GET).path("/tokens/self");
        then.status(401)
            .json_body(json!({"msg": "Missing or expired token."}));
    });
    let reset = chrono::Utc::now().timestamp() + 3600;
    server.mock(|when, then| {
        when.method(GET).path("/tokens");
        then.status(429)
            .header("fastly-ratelimit-remaining", "0")
            .header("fastly-ratelimit-reset", reset.to_string())
            .json_body(json!({"msg": "rate limited"}));
    });
    server.mock(|when, then| {
        when.method(DELETE).path("/tokens/broken1");
        then.status(500).json_body(json!({"msg": "oops"}));
    });
    assert_eq!(run(&server, &["get", "gone11"]).await.code, exit::NOT_FOUND);
    assert_eq!(run(&server, &["get-current"]).await.code, exit::AUTH);
    let limited = run(&server, &["list"]).await;
    assert_eq!(limited.code, exit::RATE_LIMITED, "{}", limited.err);
    assert!(
        limited.err.contains("the rate limit resets in"),
        "{}",
        limited.err
    );
    assert_eq!(
        run(&server, &["revoke", "broken1"]).await.code,
        exit::SERVER
    );
    // Usage: an unknown flag, a missing argument, an ID the spec's pattern refuses (nothing sent).
    assert_eq!(run(&server, &["list", "--nope"]).await.code, exit::USAGE);
    assert_eq!(run(&server, &["get"]).await.code, exit::USAGE);
    let refused = run(&server, &["revoke", "not/an-id"]).await;
    assert_eq!(refused.code, exit::USAGE, "{}", refused.err);
    assert_eq!(server.unmatched().len(), 0, "{:?}", server.unmatched());
}

#[tokio::test]
async fn the_base_url_is_https_off_loopback_and_a_dead_port_is_a_network_failure() {
    let plain = fastly_tokens_cli_run(&["--base-url", "http://api.example.com", "list"]).await;
    assert_eq!(plain.code, exit::USAGE, "{}", plain.err);
    // A port nothing listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let url = format!("http://127.0.0.1:{port}");
    let dead = fastly_tokens_cli_run(&["--base-url", &url, "get", "aaa111"]).await;
    assert_eq!(dead.code, exit::NETWORK, "{}", dead.err);
}

/// Runs a command line with a token in the environment and no server of ours.
async fn fastly_tokens_cli_run(args: &[&str]) -> Ran {
    Setup::default().run(args).await
}

#[tokio::test]
async fn verbose_shows_the_call_without_its_secrets() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method(GET).path("/tokens/aaa111");
        then.status(200).json_body(token("aaa111", "ci deploy"));
    });
    let ran = run(&server, &["get", "aaa111", "--verbose"]).await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    assert!(
        ran.err.contains("get_token") || ran.err.contains("get-token"),
        "{}",
        ran.err
    );
    assert!(ran.err.contains("status=200"), "{}", ran.err);
    assert!(ran.err.contains("attempts=1"), "{}", ran.err);
}

#[tokio::test]
async fn help_of_every_command_and_completions() {
    let mut names = vec![String::new()];
    names.extend(
        fastly_tokens_cli::cli()
            .get_subcommands()
            .map(|c| c.get_name().to_string()),
    );
    for name in names {
        let mut args: Vec<&str> = vec![];
        if !name.is_empty() {
            args.push(name.as_str());
        }
        args.push("--help");
        let ran = fastly_tokens_cli_run(&args).await;
        assert_eq!(ran.code, exit::OK, "{name}: {}", ran.err);
        let snapshot = if name.is_empty() {
            "cli_help".to_string()
        } else {
            format!("cli_help_{name}")
        };
        insta::assert_snapshot!(snapshot, ran.out);
    }
    for shell in ["bash", "zsh", "fish"] {
        let ran = fastly_tokens_cli_run(&["completions", shell]).await;
        assert_eq!(ran.code, exit::OK);
        for sub in ["list", "bulk-revoke", "get-current"] {
            assert!(ran.out.contains(sub), "{shell}: {sub}");
        }
    }
}

#[test]
fn readme_lists_every_exit_code_as_the_cli_gives_it() {
    let readme = std::fs::read_to_string(tests::root().join("README.md")).unwrap();
    for (code, what) in exit::TABLE {
        assert!(
            readme.contains(&format!("| {code} | {what} |")),
            "README lacks exit code {code}"
        );
    }
}

#[test]
fn a_cli_name_twice_or_one_no_one_can_type_is_refused_naming_the_operation() {
    let spec = tests::committed_spec();
    let anchor = "      operationId: get-token\n";
    assert_eq!(spec.matches(anchor).count(), 1);
    let twice = spec.replacen(anchor, &format!("{anchor}      x-cli-name: list\n"), 1);
    let message = tests::refused(&twice);
    assert!(
        message.contains("both the CLI command `tokens list`"),
        "{message}"
    );
    assert!(
        message.contains("token_id"),
        "names the operation: {message}"
    );
    let spaced = spec.replacen(anchor, &format!("{anchor}      x-cli-name: get one\n"), 1);
    let message = tests::refused(&spaced);
    assert!(message.contains("not one a person can type"), "{message}");
}

/// createToken's two mocks: refused with `2fa.verify` without a one-time password, created
/// with `654321`; returns (refused, created).
fn serve_two_factor(server: &MockServer) -> (httpmock::Mock<'_>, httpmock::Mock<'_>) {
    let refused = server.mock(|when, then| {
        when.method(POST)
            .path("/tokens")
            .header_missing("fastly-otp");
        then.status(400)
            .json_body(json!({"code": "2fa.verify", "msg": "2fa.verify"}));
    });
    let created = server.mock(|when, then| {
        when.method(POST)
            .path("/tokens")
            .header("fastly-otp", "654321");
        let mut created = token("new222", "ci deploy");
        created["access_token"] = "the-new-secret".into();
        then.status(200).json_body(created);
    });
    (refused, created)
}

#[test]
fn an_x_cli_prompt_the_cli_cannot_keep_is_refused_naming_the_parameter() {
    let spec = tests::committed_spec();
    let known = "          x-cli-prompt: two-factor\n";
    assert_eq!(spec.matches(known).count(), 1);
    let unknown = spec.replacen(known, "          x-cli-prompt: always\n", 1);
    let message = tests::refused(&unknown);
    assert!(
        message.contains("`Fastly-OTP`") && message.contains("x-cli-prompt: \"always\""),
        "{message}"
    );
    // On a path parameter: no call can be sent without it, so there is nothing to resend.
    let anchor = "\n      in: path\n";
    let path = spec.replacen(
        anchor,
        &format!("{anchor}      x-cli-prompt: two-factor\n"),
        1,
    );
    let message = tests::refused(&path);
    assert!(message.contains("not in the path"), "{message}");
}

#[test]
fn a_bodys_flags_are_listed_in_the_documents_order() {
    // The properties in the order the spec writes them (a JSON map sorts its keys).
    let source = xtask::spec::parse(&tests::committed_spec(), xtask::SPEC_PATH).unwrap();
    let at = "/components/schemas/create_token_request/properties";
    let mut names: Vec<&String> = source
        .value
        .pointer(at)
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .collect();
    names.sort_by_key(|k| {
        source.order(&format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")))
    });
    let written: Vec<String> = names
        .into_iter()
        .map(String::as_str)
        .filter(|k| *k != "password") // a secret: never a flag
        .map(|k| k.trim_end_matches("[]").replace('_', "-"))
        .collect();
    let mut sorted = written.clone();
    sorted.sort();
    assert_ne!(
        written, sorted,
        "the spec's own order must differ from sorted to prove this"
    );
    let create = fastly_tokens_cli::cli()
        .find_subcommand("create")
        .unwrap()
        .clone();
    let listed: Vec<String> = create
        .get_arguments()
        .filter_map(|a| a.get_long())
        .filter(|l| written.iter().any(|w| w == l))
        .map(str::to_string)
        .collect();
    assert_eq!(listed, written);
}

/// `POST /sudo` with the token and `pw-SECRET` answered, and a create form that carries a
/// password answered (and counted) apart, with a 500.
fn serve_sudo(server: &MockServer) -> (httpmock::Mock<'_>, httpmock::Mock<'_>) {
    let sudo = server.mock(|when, then| {
        when.method(POST)
            .path("/sudo")
            .header("fastly-key", TOKEN)
            .body("password=pw-SECRET");
        then.status(200)
            .json_body(json!({"expiry_time": "2026-01-02T03:09:05+00:00"}));
    });
    let credentials_in_form = server.mock(|when, then| {
        when.method(POST).path("/tokens").body_includes("password");
        then.status(500);
    });
    (sudo, credentials_in_form)
}
