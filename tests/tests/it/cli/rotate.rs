//! `rotate`: the replacement made, its secret shown once, the old token revoked, and nothing
//! revoked when the create fails.

use super::*;

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
