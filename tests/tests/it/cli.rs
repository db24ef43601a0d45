//! The `fastly-tokens` CLI end to end, in-process against a loopback server: every subcommand's
//! request, its output as a table and as JSON, the exit code of every kind of failure, where
//! credentials come from, and each command's `--help` (insta).

use std::io::Cursor;

use fastly_tokens_cli::{Io, exit};
use fastly_tokens_mock::MockServer;
use httpmock::Method::{DELETE, GET, POST};
use serde_json::{Value, json};
use tests::serve_rotation;

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
async fn list_sends_the_token_and_prints_a_table_json_and_json_lines() {
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method(GET).path("/tokens").header("fastly-key", TOKEN);
        then.status(200)
            .header("content-type", "application/json")
            .json_body(json!([
                token("aaa111", "ci deploy"),
                token("bbb222", "laptop")
            ]));
    });
    let table = run_with(&server, &["list"], &[], "", true).await;
    assert_eq!(table.code, exit::OK, "{}", table.err);
    // Plain aligned columns under capital headings, as Fastly's CLI prints them: no box, no
    // rule between rows, every column starting where its heading does.
    let lines: Vec<&str> = table.out.lines().collect();
    assert_eq!(lines.len(), 3, "{}", table.out);
    let header = lines[0];
    assert!(header.starts_with("ID  "), "{header}");
    let mut at = 0;
    for column in [
        "ID",
        "NAME",
        "SCOPE",
        "CREATED AT",
        "LAST USED AT",
        "EXPIRES AT",
        "SERVICES",
    ] {
        let found = header
            .find(column)
            .unwrap_or_else(|| panic!("{column} in {header}"));
        assert!(found >= at, "{header}");
        at = found;
    }
    assert!(
        !header.contains("USER ID"),
        "x-cli-columns chooses: {header}"
    );
    let name_at = header.find("NAME").unwrap();
    assert_eq!(
        &lines[1][name_at..name_at + 9],
        "ci deploy",
        "{}",
        table.out
    );
    assert_eq!(&lines[2][..6], "bbb222");
    assert!(table.out.contains("global:read purge_select"));
    assert!(!table.out.contains(['│', '─', '┌', '|']), "{}", table.out);

    // Fitted to a narrow window: what fits least is left out, the IDs stay whole.
    let narrow = Setup {
        terminal: true,
        width: Some(80),
        ..Setup::at(&server)
    }
    .run(&["list"])
    .await;
    for line in narrow.out.lines() {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
    assert!(narrow.out.contains("\naaa111  ci deploy"), "{}", narrow.out);
    assert!(!narrow.out.contains("EXPIRES AT"), "{}", narrow.out);
    // Wide: every field, however wide the window.
    let wide = Setup {
        terminal: true,
        width: Some(60),
        ..Setup::at(&server)
    }
    .run(&["list", "-o", "wide"])
    .await;
    assert!(
        wide.out.lines().next().unwrap().contains("USER ID"),
        "{}",
        wide.out
    );
    assert!(!wide.out.contains('…'), "{}", wide.out);

    let json_out = run(&server, &["list"]).await;
    assert_eq!(json_out.code, exit::OK);
    let value: Value = serde_json::from_str(&json_out.out).unwrap();
    assert_eq!(value[1]["id"], "bbb222");
    assert_eq!(value[0]["services"], json!(["svc1"]));

    let lines = run(&server, &["list", "--output", "jsonl"]).await;
    let lines: Vec<Value> = lines
        .out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["name"], "ci deploy");

    // The operationId is an alias.
    assert_eq!(
        run(&server, &["list-tokens-user", "-o", "json"]).await.code,
        exit::OK
    );
    mock.assert_calls(6);
}

#[tokio::test]
async fn get_and_list_customer_put_their_arguments_in_the_path() {
    let server = MockServer::start_async().await;
    let get = server.mock(|when, then| {
        when.method(GET).path("/tokens/aaa111");
        then.status(200).json_body(token("aaa111", "ci deploy"));
    });
    let customer = server.mock(|when, then| {
        when.method(GET).path("/customer/cust1/tokens");
        then.status(200).json_body(json!([token("ccc333", "ops")]));
    });
    let current = server.mock(|when, then| {
        when.method(GET).path("/tokens/self");
        then.status(200).json_body(token("self11", "me"));
    });
    let got = run(&server, &["get", "aaa111"]).await;
    assert_eq!(got.code, exit::OK, "{}", got.err);
    assert_eq!(
        serde_json::from_str::<Value>(&got.out).unwrap()["name"],
        "ci deploy"
    );
    // One object as `Key: value` lines, as `fastly auth-token describe` prints one token.
    let table = run_with(&server, &["get", "aaa111"], &[], "", true).await;
    // The fields the schema's `x-cli-columns` chooses come first, in its order.
    let lines: Vec<&str> = table.out.lines().collect();
    assert_eq!(
        lines[..5],
        [
            "ID: aaa111",
            "Name: ci deploy",
            "Scope: global:read purge_select",
            "Created at: 2026-01-02T03:04:05Z",
            "Services: svc1",
        ],
        "{}",
        table.out
    );
    assert!(lines.contains(&"User ID: u1"), "{}", table.out);
    let listed = run(&server, &["list-customer", "cust1"]).await;
    assert_eq!(
        serde_json::from_str::<Value>(&listed.out).unwrap()[0]["id"],
        "ccc333"
    );
    let me = run(&server, &["get-current"]).await;
    assert_eq!(
        serde_json::from_str::<Value>(&me.out).unwrap()["id"],
        "self11"
    );
    // The same commands under their group (the tag `tokens`), options after them as before.
    let grouped = run(&server, &["tokens", "get", "aaa111", "-o", "json"]).await;
    assert_eq!(grouped.code, exit::OK, "{}", grouped.err);
    assert_eq!(grouped.out, got.out);
    let unknown = run(&server, &["tokens", "rotate"]).await;
    assert_eq!(
        unknown.code,
        exit::USAGE,
        "rotate is not an operation of the group"
    );
    get.assert_calls(3);
    customer.assert();
    current.assert();
}

#[tokio::test]
async fn revocations_answer_with_their_status_and_no_json() {
    let server = MockServer::start_async().await;
    let one = server.mock(|when, then| {
        when.method(DELETE)
            .path("/tokens/aaa111")
            .header("fastly-key", TOKEN);
        then.status(204);
    });
    let current = server.mock(|when, then| {
        when.method(DELETE).path("/tokens/self");
        then.status(204);
    });
    let bulk = server.mock(|when, then| {
        when.method(DELETE)
            .path("/tokens")
            .header("content-type", "application/vnd.api+json; ext=bulk")
            .json_body(json!({"data": [{"id": "aaa111", "type": "token"}, {"id": "bbb222", "type": "token"}]}));
        then.status(204);
    });
    let revoked = run_with(&server, &["revoke", "aaa111"], &[], "", true).await;
    assert_eq!(revoked.code, exit::OK, "{}", revoked.err);
    assert!(
        revoked
            .out
            .contains("DELETE /tokens/{token_id} answered 204"),
        "{}",
        revoked.out
    );
    let quiet = run(&server, &["revoke-current"]).await;
    assert_eq!((quiet.code, quiet.out.as_str()), (exit::OK, ""));
    let many = run(&server, &["bulk-revoke", "aaa111", "bbb222"]).await;
    assert_eq!(many.code, exit::OK, "{}", many.err);
    one.assert();
    current.assert();
    bulk.assert();
}

#[tokio::test]
async fn create_sends_the_form_with_the_password_from_the_environment_and_shows_the_secret() {
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method(POST)
            .path("/tokens")
            .header("fastly-otp", "123456")
            .form_urlencoded_tuple("name", "ci deploy")
            .form_urlencoded_tuple("scope", "global:read purge_select")
            .form_urlencoded_tuple("services[]", "svc1")
            .form_urlencoded_tuple("services[]", "svc2")
            .form_urlencoded_tuple("expires_at", "2030-01-01T00:00:00Z")
            .form_urlencoded_tuple("username", "me@example.com")
            .form_urlencoded_tuple("password", "pw-SECRET");
        let mut created = token("new111", "ci deploy");
        created["access_token"] = "new-secret-value".into();
        then.status(200).json_body(created);
    });
    let args = [
        "create",
        "--name",
        "ci deploy",
        "--scope",
        "global:read purge_select",
        "--services",
        "svc1",
        "--services",
        "svc2",
        "--expires-at",
        "2030-01-01T00:00:00Z",
        "--username",
        "me@example.com",
        "--otp",
        "123456",
    ];
    let created = run_with(
        &server,
        &args,
        &[("FASTLY_API_TOKEN", ""), ("FASTLY_PASSWORD", "pw-SECRET")],
        "",
        false,
    )
    .await;
    assert_eq!(created.code, exit::OK, "{}", created.err);
    let value: Value = serde_json::from_str(&created.out).unwrap();
    assert_eq!(value["access_token"], "new-secret-value");
    assert!(!created.out.contains("pw-SECRET"));
    mock.assert();

    // A malformed date is refused before anything is sent.
    let bad = run(
        &server,
        &["create", "--name", "x", "--expires-at", "tomorrow"],
    )
    .await;
    assert_eq!(bad.code, exit::USAGE, "{}", bad.err);
    assert!(bad.err.contains("the request"), "{}", bad.err);
    mock.assert_calls(1);
}

#[tokio::test]
async fn the_token_comes_from_standard_input_on_request_and_is_needed_otherwise() {
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/tokens/self")
            .header("fastly-key", "from-stdin");
        then.status(200).json_body(token("self11", "me"));
    });
    let ran = run_with(
        &server,
        &["get-current", "--token-stdin"],
        &[],
        "from-stdin\n",
        false,
    )
    .await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    mock.assert();
    let none = run_with(
        &server,
        &["get-current"],
        &[("FASTLY_API_TOKEN", "")],
        "",
        false,
    )
    .await;
    assert_eq!(none.code, exit::AUTH);
    assert!(none.err.contains("FASTLY_API_TOKEN"), "{}", none.err);
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

#[tokio::test]
async fn rotate_shows_the_new_secret_once_then_revokes() {
    let server = MockServer::start_async().await;
    let (created, revoked) = serve_rotation(&server, 200, 204);
    let ran = run(&server, &["rotate", "old111", "--expires-in", "30d"]).await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    let value: Value = serde_json::from_str(&ran.out).unwrap();
    assert_eq!(value["created"]["access_token"], "the-new-secret");
    assert_eq!(value["revoked"], "old111");
    assert_eq!(ran.out.matches("the-new-secret").count(), 1);
    assert_eq!((created.calls(), revoked.calls()), (1, 1));
}

/// With a token and a password but no username, as Fastly's CLI creates a token: `POST /sudo`
/// with the password (and the token), then the create form without credentials; a refused
/// password creates and revokes nothing.
#[tokio::test]
async fn rotate_with_a_token_and_a_password_confirms_sudo_first() {
    let server = MockServer::start_async().await;
    let (sudo, credentials_in_form) = serve_sudo(&server);
    let (created, revoked) = serve_rotation(&server, 200, 204);
    let env = [("FASTLY_PASSWORD", "pw-SECRET")];
    let ran = run_with(&server, &["rotate", "old111"], &env, "", false).await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    assert_eq!((sudo.calls(), created.calls(), revoked.calls()), (1, 1, 1));
    assert!(!ran.out.contains("pw-SECRET"), "{}", ran.out);
    assert_eq!(
        credentials_in_form.calls(),
        0,
        "the create form carries credentials"
    );

    // A refused password: nothing created, nothing revoked.
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method(POST).path("/sudo");
        then.status(400)
            .json_body(json!({"msg": "Invalid password"}));
    });
    let (created, revoked) = serve_rotation(&server, 200, 204);
    let ran = run_with(&server, &["rotate", "old111"], &env, "", false).await;
    assert_ne!(ran.code, exit::OK);
    assert!(ran.err.contains("not confirmed for sudo"), "{}", ran.err);
    assert_eq!((created.calls(), revoked.calls()), (0, 0));
}

/// `sudo` asks for the password it needs even with a token set, and sends it with the token.
#[tokio::test]
async fn sudo_asks_for_its_password_and_sends_the_token() {
    let server = MockServer::start_async().await;
    let sudo = server.mock(|when, then| {
        when.method(POST)
            .path("/sudo")
            .header("fastly-key", TOKEN)
            .body("username=me%40example.com&password=typed-pw");
        then.status(200)
            .json_body(json!({"expiry_time": "2026-01-02T03:09:05+00:00"}));
    });
    let ran = Setup {
        answers: Some(&["typed-pw"]),
        ..Setup::at(&server)
    }
    .run(&["sudo", "--username", "me@example.com", "-o", "json"])
    .await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    assert_eq!(ran.asked, ["password: "]);
    assert_eq!(sudo.calls(), 1);
    let value: Value = serde_json::from_str(&ran.out).unwrap();
    assert_eq!(value["expiry_time"], "2026-01-02T03:09:05Z");
}

#[tokio::test]
async fn rotate_dry_run_prints_the_plan_and_changes_nothing() {
    let server = MockServer::start_async().await;
    let (created, revoked) = serve_rotation(&server, 200, 204);
    let ran = run(&server, &["rotate", "old111", "--dry-run"]).await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    let value: Value = serde_json::from_str(&ran.out).unwrap();
    assert_eq!(value["revoke"], "old111");
    assert_eq!(value["create"]["name"], "ci deploy");
    assert_eq!(value["create"]["services"], json!(["svc1", "svc2"]));
    assert_eq!((created.calls(), revoked.calls()), (0, 0));
}

#[tokio::test]
async fn rotate_revokes_nothing_when_the_create_fails() {
    let server = MockServer::start_async().await;
    let (created, revoked) = serve_rotation(&server, 401, 204);
    let ran = run(&server, &["rotate", "old111"]).await;
    assert_eq!(ran.code, exit::AUTH, "{}", ran.err);
    assert!(ran.err.contains("nothing was revoked"), "{}", ran.err);
    assert_eq!((created.calls(), revoked.calls()), (1, 0));
}

#[tokio::test]
async fn rotate_still_shows_the_new_secret_when_the_revoke_fails() {
    let server = MockServer::start_async().await;
    let (created, revoked) = serve_rotation(&server, 200, 403);
    let ran = run_with(&server, &["rotate", "old111"], &[], "", true).await;
    assert_eq!(ran.code, exit::AUTH, "{}", ran.err);
    assert!(ran.out.contains("the-new-secret"), "{}", ran.out);
    assert!(
        ran.err.contains("old111") && ran.err.contains("both are live"),
        "{}",
        ran.err
    );
    assert!(!ran.err.contains("the-new-secret"));
    assert_eq!((created.calls(), revoked.calls()), (1, 1));
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

#[tokio::test]
async fn without_a_token_the_password_is_asked_for_on_a_terminal_and_sent() {
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method(POST)
            .path("/tokens")
            .form_urlencoded_tuple("username", "me@example.com")
            .form_urlencoded_tuple("password", "pw-SECRET-typed");
        then.status(200)
            .json_body(json!({"id": "new111", "access_token": "s"}));
    });
    let ran = Setup {
        env: &[("FASTLY_API_TOKEN", "")],
        answers: Some(&["pw-SECRET-typed"]),
        ..Setup::at(&server)
    }
    .run(&["create", "--name", "x", "--username", "me@example.com"])
    .await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    assert_eq!(ran.asked, ["password: "]);
    assert!(!ran.out.contains("pw-SECRET"));
    mock.assert();
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

#[tokio::test]
async fn a_one_time_password_the_api_asks_for_is_asked_for_once_and_the_call_sent_again() {
    let server = MockServer::start_async().await;
    let (refused, created) = serve_two_factor(&server);
    let args = [
        "create",
        "--name",
        "ci deploy",
        "--username",
        "me@example.com",
    ];
    let env = [("FASTLY_PASSWORD", "pw-SECRET-env")];
    let ran = Setup {
        env: &env,
        answers: Some(&["654321"]),
        ..Setup::at(&server)
    }
    .run(&args)
    .await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    assert_eq!(ran.asked, ["one-time password: "]);
    assert!(ran.out.contains("the-new-secret") && !ran.out.contains("654321"));
    assert_eq!((refused.calls(), created.calls()), (1, 1));

    // No one to ask: the refusal is the answer, an authentication failure.
    let alone = Setup {
        env: &env,
        ..Setup::at(&server)
    }
    .run(&args)
    .await;
    assert_eq!(alone.code, exit::AUTH, "{}", alone.err);
    assert!(alone.asked.is_empty());
    assert_eq!((refused.calls(), created.calls()), (2, 1));

    // A one-time password given and refused is not asked for again.
    let wrong = server.mock(|when, then| {
        when.method(POST)
            .path("/tokens")
            .header("fastly-otp", "111111");
        then.status(400).json_body(json!({"code": "2fa.verify"}));
    });
    let mut with_otp = args.to_vec();
    with_otp.extend(["--otp", "111111"]);
    let ran = Setup {
        env: &env,
        answers: Some(&["654321"]),
        ..Setup::at(&server)
    }
    .run(&with_otp)
    .await;
    assert_eq!(ran.code, exit::AUTH, "{}", ran.err);
    assert!(ran.asked.is_empty());
    assert_eq!((wrong.calls(), created.calls()), (1, 1));
}

#[tokio::test]
async fn rotate_asks_for_a_one_time_password_the_create_needs_and_rotates() {
    let server = MockServer::start_async().await;
    let (mut plain_create, revoked) = serve_rotation(&server, 200, 204);
    plain_create.delete();
    let (refused, created) = serve_two_factor(&server);
    let ran = Setup {
        answers: Some(&["654321"]),
        ..Setup::at(&server)
    }
    .run(&["rotate", "old111"])
    .await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    assert_eq!(ran.asked, ["one-time password: "]);
    assert_eq!(
        (refused.calls(), created.calls(), revoked.calls()),
        (1, 1, 1)
    );
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

/// A create the spec marks `x-sudo`, with a token and a password but no username: the password
/// goes to `POST /sudo` first, as Fastly's CLI sends it, and the create goes with the token
/// alone, its form without the password (Fastly's CLI sends the password again there).
#[tokio::test]
async fn create_with_a_token_and_a_password_confirms_sudo_first() {
    let server = MockServer::start_async().await;
    let (sudo, credentials_in_form) = serve_sudo(&server);
    let mut created = token("new111", "ci");
    created["access_token"] = "NEW-SECRET-0123456789abcdefghijk".into();
    let create = server.mock(|when, then| {
        when.method(POST)
            .path("/tokens")
            .header("fastly-key", TOKEN)
            .body("name=ci&scope=global%3Aread");
        then.status(200).json_body(created.clone());
    });
    let env = [("FASTLY_PASSWORD", "pw-SECRET")];
    let args = [
        "create",
        "--name",
        "ci",
        "--scope",
        "global:read",
        "-o",
        "json",
    ];
    let ran = run_with(&server, &args, &env, "", false).await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    assert_eq!((sudo.calls(), create.calls()), (1, 1));
    assert_eq!(
        credentials_in_form.calls(),
        0,
        "the create form carries the password"
    );
    assert!(ran.out.contains("NEW-SECRET"), "{}", ran.out);

    // The automation-token create: its JSON body never holds a password.
    let robot = server.mock(|when, then| {
        when.method(POST)
            .path("/automation-tokens")
            .header("fastly-key", TOKEN)
            .json_body(json!({"name": "robot", "role": "engineer"}));
        then.status(200)
            .json_body(json!({"id": "r1", "name": "robot", "role": "engineer",
            "access_token": "ROBOT-SECRET-0123456789abcdefghi", "expires_at": ""}));
    });
    let args = [
        "automation-tokens",
        "create",
        "--name",
        "robot",
        "--role",
        "engineer",
    ];
    let ran = run_with(&server, &args, &env, "", false).await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    assert_eq!((sudo.calls(), robot.calls()), (2, 1));

    // Without a password, no sudo: the token may hold it already.
    let ran = run(&server, &args).await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    assert_eq!((sudo.calls(), robot.calls()), (2, 2));
}

/// A paged list follows every page unless `--page` asks for one, and prints the items.
#[tokio::test]
async fn a_paged_list_follows_every_page_unless_one_is_asked_for() {
    let server = MockServer::start_async().await;
    let robot = |id: &str| json!({"id": id, "name": format!("robot {id}"), "role": "user"});
    for (page, ids) in [(1, vec!["r1", "r2"]), (2, vec!["r3"])] {
        server.mock(|when, then| {
            when.method(GET)
                .path("/automation-tokens")
                .query_param("page", page.to_string());
            let data: Vec<Value> = ids.iter().map(|id| robot(id)).collect();
            then.status(200)
                .json_body(json!({"data": data, "meta": {"current_page": page, "total_pages": 2}}));
        });
    }
    let ran = run(&server, &["automation-tokens", "list", "-o", "json"]).await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    let all: Value = serde_json::from_str(&ran.out).unwrap();
    let ids: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["r1", "r2", "r3"]);

    let ran = run(
        &server,
        &["automation-tokens", "list", "--page", "2", "-o", "json"],
    )
    .await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    let one: Value = serde_json::from_str(&ran.out).unwrap();
    assert_eq!(one.as_array().map(Vec::len), Some(1), "{one}");

    let ran = Setup {
        terminal: true,
        width: Some(80),
        ..Setup::at(&server)
    }
    .run(&["automation-tokens", "list"])
    .await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    assert!(ran.out.starts_with("ID  "), "{}", ran.out);
    assert!(ran.out.contains("ROLE"), "{}", ran.out);
    assert_eq!(ran.out.lines().count(), 4, "{}", ran.out);
}

/// `rotate --automation`: the replacement keeps the name, role, scope, services and TLS access,
/// sudo comes first with a password, the secret is shown, then the old token is revoked; a
/// failed create revokes nothing.
#[tokio::test]
async fn rotate_an_automation_token_keeps_its_role_and_revokes_the_old_one() {
    let server = MockServer::start_async().await;
    let (sudo, _) = serve_sudo(&server);
    let old = json!({"id": "old222", "name": "robot", "role": "user", "scope": "global:read",
        "services": ["svc1"], "tls_access": true, "expires_at": ""});
    server.mock(|when, then| {
        when.method(GET).path("/automation-tokens/old222");
        then.status(200).json_body(old.clone());
    });
    let create = server.mock(|when, then| {
        when.method(POST)
            .path("/automation-tokens")
            .json_body(json!({"name": "robot",
            "role": "user", "scope": "global:read", "services": ["svc1"], "tls_access": true}));
        then.status(200)
            .json_body(json!({"id": "new222", "name": "robot", "role": "user",
            "access_token": "ROBOT-SECRET-0123456789abcdefghi"}));
    });
    let revoke = server.mock(|when, then| {
        when.method(DELETE).path("/automation-tokens/old222");
        then.status(204);
    });
    let env = [("FASTLY_PASSWORD", "pw-SECRET")];
    let args = ["rotate", "--automation", "old222", "-o", "json"];
    let ran = run_with(&server, &args, &env, "", false).await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    assert_eq!((sudo.calls(), create.calls(), revoke.calls()), (1, 1, 1));
    let shown: Value = serde_json::from_str(&ran.out).unwrap();
    assert_eq!(
        shown["created"]["access_token"],
        "ROBOT-SECRET-0123456789abcdefghi"
    );
    assert_eq!(shown["revoked"], "old222");

    // A refused create: nothing revoked.
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method(GET).path("/automation-tokens/old222");
        then.status(200).json_body(old.clone());
    });
    server.mock(|when, then| {
        when.method(POST).path("/automation-tokens");
        then.status(403)
            .header("content-type", "application/problem+json")
            .json_body(json!({"title": "Forbidden", "status": 403, "detail": "sudo required"}));
    });
    let revoke = server.mock(|when, then| {
        when.method(DELETE).path("/automation-tokens/old222");
        then.status(204);
    });
    let ran = run(&server, &["rotate", "--automation", "old222"]).await;
    assert_eq!(ran.code, exit::AUTH, "{}", ran.err);
    assert!(ran.err.contains("nothing was revoked"), "{}", ran.err);
    assert_eq!(revoke.calls(), 0);
}

/// The live API's recorded answers (go-fastly's list and get of user and automation tokens),
/// replayed through the client, the CLI's JSON and its table: every token's scope is in all
/// three, whichever name the answer gives it (`scope`, or `scopes` as a string or a list), and
/// at 60, 80, 100 and 200 columns no ID is cut and no line is wider than the window.
#[tokio::test]
async fn recorded_answers_show_each_scope_and_whole_ids_at_every_width() {
    let cassettes = xtask::cassettes::load_all(&tests::root()).unwrap();
    let body = |name: &str| {
        let (_, c) = cassettes
            .iter()
            .find(|(file, _)| file.contains(name))
            .unwrap_or_else(|| panic!("no cassette {name}"));
        c.response.body.clone().unwrap()
    };
    // What the recording says each token's scope is.
    let scope_of = |token: &Value| match token.get("scope").filter(|s| !s.is_null()) {
        Some(scope) => scope.as_str().unwrap().to_string(),
        None => match &token["scopes"] {
            Value::String(s) => s.clone(),
            Value::Array(items) => {
                let words: Vec<&str> = items.iter().map(|i| i.as_str().unwrap()).collect();
                words.join(" ")
            }
            other => panic!("a recorded token without a scope: {other}"),
        },
    };
    let server = MockServer::start_async().await;
    let user_list = body("go-fastly-list-1");
    let automation_list = body("go-fastly-automation-list-1");
    let automation_get = body("go-fastly-automation-get-1");
    let get_self = body("go-fastly-get_self-1");
    let robot_id = automation_get["id"].as_str().unwrap().to_string();
    for (path, answer) in [
        ("/tokens".to_string(), &user_list),
        ("/automation-tokens".to_string(), &automation_list),
        (format!("/automation-tokens/{robot_id}"), &automation_get),
        ("/tokens/self".to_string(), &get_self),
    ] {
        let answer = answer.clone();
        server.mock(move |when, then| {
            when.method(GET).path(path);
            then.status(200).json_body(answer);
        });
    }
    let listed = |answer: &Value| -> Vec<String> {
        let items = answer.get("data").unwrap_or(answer);
        items.as_array().unwrap().iter().map(&scope_of).collect()
    };
    let (user_scopes, robot_scopes) = (listed(&user_list), listed(&automation_list));
    assert!(
        robot_scopes.iter().all(|s| !s.is_empty()),
        "{robot_scopes:?}"
    );

    // The client: one field, filled for every token.
    let client = server.client();
    let users = client.list_tokens_user().await.unwrap().into_inner();
    let got: Vec<String> = users
        .iter()
        .map(|t| t.scope.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(got, user_scopes);
    let robots: Vec<_> =
        futures_util::TryStreamExt::try_collect(client.list_automation_tokens().items())
            .await
            .unwrap();
    let got: Vec<String> = robots
        .iter()
        .map(|t| t.scope.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(got, robot_scopes);
    let robot = client
        .get_automation_token(&robot_id)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(robot.scope.unwrap().to_string(), scope_of(&automation_get));
    let current = client.get_token_current().await.unwrap().into_inner();
    assert_eq!(current.scope.unwrap().to_string(), scope_of(&get_self));

    // The CLI's JSON: `scope` once, never `scopes`.
    for (args, expected) in [
        (vec!["list", "-o", "json"], user_scopes.clone()),
        (
            vec!["automation-tokens", "list", "-o", "json"],
            robot_scopes.clone(),
        ),
        (
            vec!["automation-tokens", "get", &robot_id, "-o", "json"],
            vec![scope_of(&automation_get)],
        ),
    ] {
        let ran = run(&server, &args).await;
        assert_eq!(ran.code, exit::OK, "{args:?}: {}", ran.err);
        let value: Value = serde_json::from_str(&ran.out).unwrap();
        let tokens = value
            .as_array()
            .cloned()
            .unwrap_or_else(|| vec![value.clone()]);
        let scopes: Vec<&str> = tokens
            .iter()
            .map(|t| t["scope"].as_str().unwrap())
            .collect();
        assert_eq!(scopes, expected, "{args:?}");
        assert!(!ran.out.contains("\"scopes\""), "{args:?}: {}", ran.out);
    }

    // The table, at every width: whole IDs, the scope column filled, nothing past the window.
    for (args, ids, scopes) in [
        (vec!["list"], &user_list, &user_scopes),
        (
            vec!["automation-tokens", "list"],
            &automation_list,
            &robot_scopes,
        ),
    ] {
        let items = ids.get("data").unwrap_or(ids).as_array().unwrap();
        for width in [60, 80, 100, 200] {
            let ran = Setup {
                terminal: true,
                width: Some(width),
                ..Setup::at(&server)
            }
            .run(&args)
            .await;
            assert_eq!(ran.code, exit::OK, "{args:?} at {width}: {}", ran.err);
            let lines: Vec<&str> = ran.out.lines().collect();
            assert_eq!(
                lines.len(),
                items.len() + 1,
                "{args:?} at {width}:\n{}",
                ran.out
            );
            for (line, (item, scope)) in lines[1..].iter().zip(items.iter().zip(scopes)) {
                let id = item["id"].as_str().unwrap();
                assert!(
                    line.starts_with(&format!("{id}  ")),
                    "{args:?} at {width}:\n{}",
                    ran.out
                );
                assert!(
                    line.chars().count() <= width,
                    "{args:?} at {width}: {line:?}"
                );
                if width >= 80 {
                    assert!(
                        line.contains(scope.as_str()),
                        "{args:?} at {width}:\n{}",
                        ran.out
                    );
                }
            }
            assert!(
                lines[0].contains("SCOPE") || width < 80,
                "{args:?} at {width}:\n{}",
                ran.out
            );
        }
    }
}

/// README.md shows `fastly-tokens list` as an 80-column window prints it: the block after the
/// README's `<!-- fastly-tokens list, 80 columns -->` is what the CLI prints for these tokens.
#[tokio::test]
async fn readme_shows_a_list_as_an_80_column_window_prints_it() {
    let server = MockServer::start_async().await;
    let tokens = json!([
        {"id": "5Yo3XXnrQpjc20u0ybrf2g", "name": "ci deploy", "scope": "global:read purge_select",
         "services": ["6yxNzKHbFLgNcnhXQHJsUF"], "created_at": "2026-01-02T03:04:05Z",
         "last_used_at": "2026-12-01T08:15:00Z", "expires_at": null},
        {"id": "7kzHzX5GPXxuQx0dAIBV2D", "name": "laptop", "scope": "global", "services": [],
         "created_at": "2025-06-10T17:30:00Z", "last_used_at": null, "expires_at": null},
        {"id": "2bFqLqJ8IuSkJ6vB1ZqXq0", "name": "purge from the build pipeline",
         "scopes": ["purge_select"], "services": ["6yxNzKHbFLgNcnhXQHJsUF"],
         "created_at": "2026-11-20T09:00:00Z", "last_used_at": "2026-12-06T23:59:59Z",
         "expires_at": null}
    ]);
    server.mock(|when, then| {
        when.method(GET).path("/tokens");
        then.status(200).json_body(tokens);
    });
    let ran = Setup {
        terminal: true,
        width: Some(80),
        ..Setup::at(&server)
    }
    .run(&["list"])
    .await;
    assert_eq!(ran.code, exit::OK, "{}", ran.err);
    let readme = tests::committed("README.md");
    let marker = "<!-- fastly-tokens list, 80 columns -->";
    let after = readme.split_once(marker).expect("the README's marker").1;
    let block = after
        .split_once("```text\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .expect("a text block after the marker")
        .0;
    assert_eq!(
        block, ran.out,
        "README.md's list differs from what the CLI prints"
    );
}
