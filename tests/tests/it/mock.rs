//! The generated mock crate: every operation of the client matches its generated mock, and
//! progenitor's httpmock quirks are fixed (escaped, encoded path values; form bodies; the bulk
//! media type).

use fastly_tokens::{Client, CreateTokenRequest, Scope, types};
use fastly_tokens_mock::{FastlyError, MockServerExt};
use httpmock::MockServer;

fn token(id: &str) -> types::TokenResponse {
    serde_json::from_value(serde_json::json!({"id": id, "scope": "global"})).unwrap()
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .token("t")
        .base_url(server.base_url())
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_operation_matches_its_generated_mock() {
    let server = MockServer::start_async().await;
    let request = CreateTokenRequest::new("ci")
        .scopes([Scope::PurgeSelect])
        .services(["svc1", "svc2"])
        .credentials("me@example.com", "pw");
    let created: types::TokenCreatedResponse =
        serde_json::from_value(serde_json::json!({"id": "new1", "access_token": "s3cret"}))
            .unwrap();
    let mocks = [
        server.list_tokens_user(|_, then| {
            then.ok(&vec![token("a1")]);
        }),
        server.list_tokens_customer(|when, then| {
            when.customer_id("cust1");
            then.ok(&vec![token("a1"), token("b2")]);
        }),
        server.get_token_current(|_, then| {
            then.ok(&token("self1"));
        }),
        server.get_token(|when, then| {
            when.token_id("a1");
            then.ok(&token("a1"));
        }),
        server.create_token(|when, then| {
            when.fastly_otp("123456").body(&request);
            then.ok(&created);
        }),
        server.revoke_token(|when, then| {
            when.token_id("a1");
            then.no_content();
        }),
        server.revoke_token_current(|_, then| {
            then.no_content();
        }),
        server.bulk_revoke_tokens(|when, then| {
            when.body(&types::BulkRevokeRequest::new(
                ["b2", "c3"]
                    .map(|id| types::TokenReference::new(id, types::TokenReferenceType::Token))
                    .to_vec(),
            ));
            then.no_content();
        }),
    ];
    let c = client(&server);
    assert_eq!(c.list_tokens_user().await.unwrap().len(), 1);
    assert_eq!(c.list_tokens_customer("cust1").await.unwrap().len(), 2);
    assert_eq!(c.get_token_current().await.unwrap().id, "self1");
    assert_eq!(c.get_token("a1").await.unwrap().id, "a1");
    let new = c.create_token(&request).fastly_otp("123456").await.unwrap();
    assert_eq!(new.access_token.expose_secret(), "s3cret");
    c.revoke_token("a1").await.unwrap();
    c.revoke_token_current().await.unwrap();
    c.bulk_revoke_tokens(["b2", "c3"]).await.unwrap();
    for mock in mocks {
        mock.assert_calls_async(1).await;
    }
}

/// Quirk fixed: a path value is regex-escaped, so `a.b` does not match `aXb`.
#[tokio::test]
async fn path_values_are_escaped() {
    let server = MockServer::start_async().await;
    let mock = server.get_token(|when, then| {
        when.token_id("a.b");
        then.ok(&token("a.b"));
    });
    let http = tests::reqwest_client();
    let miss = http
        .get(format!("{}/tokens/aXb", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(miss.status().as_u16(), 404);
    let hit = http
        .get(format!("{}/tokens/a.b", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(hit.status().as_u16(), 200);
    mock.assert_calls_async(1).await;
}

/// Quirk fixed: bulk revocation only matches the declared media type.
#[tokio::test]
async fn bulk_mock_requires_the_bulk_media_type() {
    let server = MockServer::start_async().await;
    let mock = server.bulk_revoke_tokens(|_, then| {
        then.no_content();
    });
    let plain_json = tests::reqwest_client()
        .delete(format!("{}/tokens", server.base_url()))
        .header("content-type", "application/json")
        .body(r#"{"data":[]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(plain_json.status().as_u16(), 404);
    client(&server).bulk_revoke_tokens(["a"]).await.unwrap();
    mock.assert_calls_async(1).await;
}

/// Quirk fixed: the createToken matcher compares the form, not JSON, and tells requests apart.
#[tokio::test]
async fn create_mock_matches_the_form() {
    let server = MockServer::start_async().await;
    let wanted = CreateTokenRequest::new("one").services(["s1", "s2"]);
    let mock = server.create_token(|when, then| {
        when.body(&wanted);
        then.ok(&serde_json::from_str(r#"{"id":"n1","access_token":"s"}"#).unwrap());
    });
    let c = client(&server);
    let other = c
        .create_token(CreateTokenRequest::new("one").services(["s1"]))
        .await
        .unwrap_err();
    assert_eq!(other.status().unwrap().as_u16(), 404);
    c.create_token(&wanted).await.unwrap();
    mock.assert_calls_async(1).await;

    // An oracle independent of the client's encoder: the form written out by hand (repeated
    // `services[]`, brackets percent-encoded), matched as raw bytes by httpmock itself.
    let server = MockServer::start_async().await;
    let raw = server.mock(|when, then| {
        when.method(httpmock::Method::POST)
            .path("/tokens")
            .body("name=one&services%5B%5D=s1&services%5B%5D=s2");
        then.status(200).body(r#"{"id":"n1","access_token":"s"}"#);
    });
    client(&server).create_token(&wanted).await.unwrap();
    raw.assert_calls_async(1).await;
}

#[tokio::test]
async fn fastly_errors_from_the_mock_reach_the_error_type() {
    let server = MockServer::start_async().await;
    server.get_token(|when, then| {
        when.token_id("gone1");
        then.into_inner()
            .fastly_error(404, "Record not found", Some("Couldn't find Token"));
    });
    server.revoke_token_current(|_, then| {
        then.into_inner().rate_limited(4_000_000_000);
    });
    let c = client(&server);
    let e = c.get_token("gone1").await.unwrap_err();
    assert!(e.is_not_found());
    assert_eq!(e.api().unwrap().detail(), Some("Couldn't find Token"));
    let e = c.revoke_token_current().await.unwrap_err();
    assert!(e.is_rate_limited());
    assert_eq!(e.rate_limit().unwrap().remaining, Some(0));
}

/// Bulk revocation takes any collection of IDs; an empty one is a clear error, never a request.
#[tokio::test]
async fn bulk_revocation_takes_any_collection_of_ids() {
    let server = MockServer::start_async().await;
    let mock = server.bulk_revoke_tokens(|_, then| {
        then.no_content();
    });
    let c = client(&server);
    let set: std::collections::HashSet<&str> = ["a1"].into();
    c.bulk_revoke_tokens(set).await.unwrap();
    c.bulk_revoke_tokens(["b2", "c3"].iter().map(|s| format!("{s}x")))
        .await
        .unwrap();
    let none = c
        .bulk_revoke_tokens(std::iter::empty::<String>())
        .await
        .unwrap_err();
    assert!(
        matches!(none, fastly_tokens::Error::InvalidArgument { .. }),
        "{none:?}"
    );
    mock.assert_calls_async(2).await;
}

/// Parsing a known scope name gives its variant, never `Other`; a response is never refused
/// for a scope, so one odd token does not fail a list.
#[tokio::test]
async fn scopes_parse_to_their_variants_and_odd_ones_still_decode() {
    assert_eq!("global".parse::<Scope>().unwrap(), Scope::Global);
    assert_eq!("purge_all".parse::<Scope>().unwrap(), Scope::PurgeAll);
    assert!("a\u{7}b".parse::<Scope>().is_err());
    let server = MockServer::start_async().await;
    server.list_tokens_user(|_, then| {
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .body(
                r#"[{"id":"a1","scope":"global"},{"id":"b2","scope":"odd\u0007scope purge_all"}]"#,
            );
    });
    let tokens = client(&server).list_tokens_user().await.unwrap();
    assert_eq!(tokens.len(), 2);
    let odd = tokens[1].scope.as_ref().unwrap();
    assert!(odd.contains(&Scope::PurgeAll));
    assert_eq!(odd.to_string(), "odd\u{7}scope purge_all");
}

/// A paged operation's pages served with `ok_page`, and a problem document from the generated
/// error responder, read by the client as the API's own.
#[tokio::test]
async fn pages_and_problem_documents_from_the_generated_responders() {
    use futures_util::StreamExt;
    use std::num::NonZeroU64;
    let server = MockServer::start_async().await;
    let robot = |id: &str| -> types::AutomationTokenResponse {
        serde_json::from_value(serde_json::json!({"id": id, "role": "user"})).unwrap()
    };
    let pages = [vec![robot("r1"), robot("r2")], vec![robot("r3")]];
    for (n, page) in pages.iter().enumerate() {
        server.list_automation_tokens(|when, then| {
            when.page(NonZeroU64::new(n as u64 + 1));
            then.ok_page(page, 2);
        });
    }
    server.get_automation_token(|when, then| {
        when.id("gone1");
        then.automation_not_found();
    });
    let client = client(&server);
    let ids: Vec<String> = client
        .list_automation_tokens()
        .items()
        .map(|t| t.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["r1", "r2", "r3"]);
    let error = client.get_automation_token("gone1").await.unwrap_err();
    assert!(error.is_not_found(), "{error}");
    let api = error.api().unwrap();
    assert_eq!(api.title(), Some("Not Found"));
    assert_eq!(api.detail(), Some("No automation token has that ID."));
}
