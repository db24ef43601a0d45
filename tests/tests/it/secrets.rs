//! Secrets stay secret through every trait: serializing a createToken request (for a log, a
//! queue, a snapshot) writes no username or password (the one-time password is set on the call,
//! never in the request), while the client's own request still carries them; a new token's secret is wiped from memory when dropped.

use fastly_tokens::{AccessToken, CreateTokenRequest, Scope};
use fastly_tokens_mock::MockServerExt;
use httpmock::MockServer;

fn request() -> CreateTokenRequest {
    CreateTokenRequest::new("ci")
        .scopes([Scope::PurgeSelect])
        .services(["svc1"])
        .credentials("me@example.com", "hunter2-password")
}

#[test]
fn serializing_a_request_writes_no_credential() {
    let request = request();
    for text in [
        serde_json::to_string(&request).unwrap(),
        serde_urlencoded::to_string(&request).unwrap(),
    ] {
        for secret in ["me@example.com", "hunter2-password"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    // `Debug` names the account (not a secret) and redacts the rest.
    let debug = format!("{request:?}");
    assert!(!debug.contains("hunter2-password"), "{debug}");
    assert_eq!(
        serde_urlencoded::to_string(&request).unwrap(),
        "name=ci&scope=purge_select&services%5B%5D=svc1"
    );
}

#[tokio::test]
async fn the_clients_own_request_still_carries_them() {
    let server = MockServer::start_async().await;
    let created = server.create_token(|when, then| {
        // The mock matches the fields the request writes, whatever the credentials.
        when.body(&request())
            .into_inner()
            .form_urlencoded_tuple("username", "me@example.com")
            .form_urlencoded_tuple("password", "hunter2-password")
            .header("Fastly-OTP", "654321");
        then.ok(
            &serde_json::from_value(serde_json::json!({"id": "t1", "access_token": "s3cret"}))
                .unwrap(),
        );
    });
    let client = fastly_tokens::Client::builder()
        .base_url(server.base_url())
        .build()
        .unwrap();
    let token = client
        .create_token(request())
        .fastly_otp("654321")
        .await
        .unwrap();
    created.assert_async().await;
    assert_eq!(token.access_token.expose_secret(), "s3cret");
}

/// Compiles only for types that wipe themselves on drop.
fn wiped_on_drop<T: zeroize::ZeroizeOnDrop>() {}

#[test]
fn an_access_token_is_wiped() {
    wiped_on_drop::<AccessToken>();
    let mut secret = AccessToken::new("s3cret");
    zeroize::Zeroize::zeroize(&mut secret);
    assert_eq!(secret.expose_secret(), "");
    assert_eq!(format!("{secret:?}"), "AccessToken(<redacted>)");
}
