//! Where the CLI's credentials come from: the environment, standard input, a prompt that
//! does not echo, a one-time password asked for when the API wants one, and sudo first.

use super::*;

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
