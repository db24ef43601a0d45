//! `Client::rotate_token` against a loopback server on every path: a rotation reads, creates
//! the same token anew, then revokes; a failed read or create revokes nothing; a failed revoke
//! after a create still hands back the new secret and names the old token.

use fastly_tokens::RotateError;
use fastly_tokens_mock::MockServer;
use httpmock::Method::POST;
use serde_json::json;

use tests::{OLD_TOKEN as OLD, serve_rotation as serve};

#[tokio::test]
async fn a_rotation_creates_the_same_token_anew_then_revokes_the_old_one() {
    let server = MockServer::start_async().await;
    let (created, revoked) = serve(&server, 200, 204);
    let rotation = server.client().rotate_token(OLD).await.unwrap();
    assert_eq!(rotation.old.id, OLD);
    assert_eq!(rotation.created.id, "new222");
    assert_eq!(
        rotation.created.access_token.expose_secret(),
        "the-new-secret"
    );
    created.assert();
    revoked.assert();
}

#[tokio::test]
async fn an_expiry_is_sent_with_the_replacement() {
    let server = MockServer::start_async().await;
    let (mut created, revoked) = serve(&server, 200, 204);
    // Only this create mock may answer: the same token's fields and the expiry.
    created.delete();
    let with_expiry = server.mock(|when, then| {
        when.method(POST)
            .path("/tokens")
            .form_urlencoded_tuple("name", "ci deploy")
            .form_urlencoded_tuple("scope", "global:read purge_select")
            .form_urlencoded_tuple("expires_at", "2030-01-01T00:00:00Z");
        then.status(200)
            .json_body(json!({"id": "new333", "access_token": "s"}));
    });
    let at = "2030-01-01T00:00:00Z".parse().unwrap();
    let rotation = server
        .client()
        .rotate_token(OLD)
        .expires_at(at)
        .await
        .unwrap();
    assert_eq!(rotation.created.id, "new333");
    with_expiry.assert();
    revoked.assert();
}

#[tokio::test]
async fn a_failed_read_creates_and_revokes_nothing() {
    let server = MockServer::start_async().await;
    let (created, revoked) = serve(&server, 200, 204);
    let e = server.client().rotate_token("other9").await.unwrap_err();
    assert!(matches!(e, RotateError::Read(_)), "{e}");
    created.assert_calls(0);
    revoked.assert_calls(0);
}

#[tokio::test]
async fn a_refused_create_revokes_nothing() {
    let server = MockServer::start_async().await;
    for status in [400, 401, 403, 422] {
        let (created, revoked) = serve(&server, status, 204);
        let e = server.client().rotate_token(OLD).await.unwrap_err();
        assert!(
            matches!(&e, RotateError::Create(inner) if inner.status().map(|s| s.as_u16()) == Some(status)),
            "{e}"
        );
        assert!(e.to_string().contains("nothing was revoked"), "{e}");
        created.assert();
        revoked.assert_calls(0);
        server.inner().reset();
    }
}

#[tokio::test]
async fn a_refused_revoke_still_gives_the_new_secret_and_names_the_old_token() {
    let server = MockServer::start_async().await;
    let (created, revoked) = serve(&server, 200, 403);
    let e = server.client().rotate_token(OLD).await.unwrap_err();
    let RotateError::Revoke {
        created: new,
        old,
        error,
    } = &e
    else {
        panic!("{e}")
    };
    assert_eq!(new.access_token.expose_secret(), "the-new-secret");
    assert_eq!(old, OLD);
    assert!(error.is_forbidden());
    let text = e.to_string();
    assert!(text.contains(OLD) && text.contains("new222"), "{text}");
    assert!(!text.contains("the-new-secret") && !format!("{e:?}").contains("the-new-secret"));
    created.assert();
    revoked.assert();
}

#[tokio::test]
async fn the_plan_reads_only() {
    let server = MockServer::start_async().await;
    let (created, revoked) = serve(&server, 200, 204);
    let (old, request) = server.client().rotate_token(OLD).plan().await.unwrap();
    assert_eq!(old.id, OLD);
    assert_eq!(request.name(), Some("ci deploy"));
    assert_eq!(request.services_ref(), ["svc1", "svc2"]);
    assert_eq!(
        request.scopes_ref().unwrap().to_string(),
        "global:read purge_select"
    );
    created.assert_calls(0);
    revoked.assert_calls(0);
}
