//! What goes on the wire for each operation, recorded by a server on 127.0.0.1
//! and kept as insta snapshots (credentials masked), so any change to a request shows in review.

use fastly_tokens::{Client, CreateTokenRequest, Scope, SudoRequest};
use tests::server::{Reply, Server};

const TOKEN: &str = "sekrit-api-token-0123456789abcdef";

use tests::server::TOKEN_JSON;

fn client(server: &Server) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(format!("{}/", server.url()))
        .user_agent("wire-test/1")
        .build()
        .unwrap()
}

/// Runs `call` against a server answering `reply` and returns the one request it received,
/// as snapshot text, after checking that the token went out in `Fastly-Key` and nowhere else.
async fn record<F, Fut, T>(reply: Reply, call: F) -> String
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = Result<T, fastly_tokens::Error>>,
    T: std::fmt::Debug,
{
    let server = Server::always(reply).await;
    let result = call(client(&server)).await;
    assert!(result.is_ok(), "{result:?}");
    let request = server.only_request();
    assert_eq!(request.header("fastly-key"), Some(TOKEN));
    assert!(request.header("authorization").is_none());
    assert!(
        request.header("api-version").is_none(),
        "progenitor's api-version leaked"
    );
    request.snapshot()
}

#[tokio::test]
async fn list_tokens_user() {
    let wire = record(
        Reply::json(200, &format!("[{TOKEN_JSON}]")),
        |c| async move { c.list_tokens_user().await },
    )
    .await;
    insta::assert_snapshot!(wire);
}

#[tokio::test]
async fn list_tokens_customer() {
    let wire = record(Reply::json(200, "[]"), |c| async move {
        c.list_tokens_customer("4sIdEqbhOJ2sP8Oa5JY1Jh").await
    })
    .await;
    insta::assert_snapshot!(wire);
}

#[tokio::test]
async fn get_token() {
    let wire = record(Reply::json(200, TOKEN_JSON), |c| async move {
        c.get_token("5Yo3XXnrQpjc20u0ybrf2g").await
    })
    .await;
    insta::assert_snapshot!(wire);
}

#[tokio::test]
async fn get_token_current() {
    let wire = record(Reply::json(200, TOKEN_JSON), |c| async move {
        c.get_token_current().await
    })
    .await;
    insta::assert_snapshot!(wire);
}

#[tokio::test]
async fn revoke_token() {
    let wire = record(Reply::empty(204), |c| async move {
        c.revoke_token("5Yo3XXnrQpjc20u0ybrf2g").await
    })
    .await;
    insta::assert_snapshot!(wire);
}

#[tokio::test]
async fn revoke_token_current() {
    let wire = record(Reply::empty(204), |c| async move {
        c.revoke_token_current().await
    })
    .await;
    insta::assert_snapshot!(wire);
}

/// The JSON:API bulk body, sent as `application/vnd.api+json; ext=bulk` (adapt.rs bridge 1).
#[tokio::test]
async fn bulk_revoke_tokens() {
    let wire = record(Reply::empty(204), |c| async move {
        c.bulk_revoke_tokens(["5Yo3XXnrQpjc20u0ybrf2g", "7kzHzX5GPXxuQx0dAIBV2D"])
            .await
    })
    .await;
    insta::assert_snapshot!(wire);
}

/// The live API's form: name, space-joined scope, repeated `services[]`, RFC 3339 expiry,
/// username and password; the one-time password in `Fastly-OTP` (adapt.rs bridge 3).
#[tokio::test]
async fn create_token_sends_the_live_form() {
    let created = TOKEN_JSON.replacen('{', r#"{"access_token":"AbCdEfGhIjKlMnOpQrStUvWxYz012345","updated_at":"2024-03-01T09:12:44Z","#, 1);
    let wire = record(Reply::json(200, &created), |c| async move {
        let request = CreateTokenRequest::new("ci deploy")
            .scopes([Scope::GlobalRead, Scope::PurgeSelect])
            .services(["6yxNzKHbFLgNcnhXQHJsUF", "2bFqLqJ8IuSkJ6vB1ZqXq0"])
            .expires_at("2030-01-02T03:04:05Z".parse().unwrap())
            .credentials("me@example.com", "pass word&=");
        let response = c.create_token(&request).fastly_otp("123456").await?;
        assert_eq!(
            response.access_token.expose_secret(),
            "AbCdEfGhIjKlMnOpQrStUvWxYz012345"
        );
        Ok(response)
    })
    .await;
    // Named after the operation, like every wire snapshot (tests/tests/it/coverage.rs).
    insta::assert_snapshot!("create_token", wire);
}

/// The live API's sudo form, as go-fastly recorded it: `username` and `password`, with the
/// token in `Fastly-Key`; the answer's `expiry_time` decoded.
#[tokio::test]
async fn request_sudo() {
    let wire = record(
        Reply::json(200, r#"{"expiry_time":"2025-02-25T12:06:38+00:00"}"#),
        |c| async move {
            let request = SudoRequest::new("pass word&=").username("me@example.com");
            let response = c.request_sudo(request).await?;
            assert_eq!(
                response.expiry_time.map(|t| t.to_rfc3339()).as_deref(),
                Some("2025-02-25T12:06:38+00:00")
            );
            Ok(response)
        },
    )
    .await;
    insta::assert_snapshot!(wire);
}

/// Sudo with the client's credentials: a request without a password of its own takes them.
#[tokio::test]
async fn request_sudo_with_client_credentials() {
    let server = Server::always(Reply::json(200, r#"{"expiry_time":null}"#)).await;
    let client = Client::builder()
        .token(TOKEN)
        .credentials("me@example.com", "pw")
        .base_url(server.url())
        .build()
        .unwrap();
    client.request_sudo(SudoRequest::default()).await.unwrap();
    let request = server.only_request();
    assert_eq!(request.header("fastly-key"), Some(TOKEN));
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "username=me%40example.com&password=pw"
    );
}

/// The credentials configured on the client fill in a request that has none; no token set
/// means no `Fastly-Key` at all.
#[tokio::test]
async fn create_token_with_client_credentials_and_no_token() {
    let server = Server::always(Reply::json(200, r#"{"id":"n1","access_token":"x"}"#)).await;
    let client = Client::builder()
        .credentials("me@example.com", "pw")
        .base_url(server.url())
        .build()
        .unwrap();
    client
        .create_token(CreateTokenRequest::new("n"))
        .await
        .unwrap();
    let request = server.only_request();
    assert!(request.header("fastly-key").is_none());
    assert!(request.header("fastly-otp").is_none());
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "name=n&username=me%40example.com&password=pw"
    );
}

/// A base URL with a path of its own (an API behind a proxy's prefix): every operation's path
/// goes after it (the client builds each URL on the parsed base, `path.rs`).
#[tokio::test]
async fn a_base_url_with_a_path_keeps_it_on_every_request() {
    let server = Server::always(Reply::empty(204)).await;
    let client = Client::builder()
        .token(TOKEN)
        .base_url(format!("{}/fastly/api/", server.url()))
        .build()
        .unwrap();
    client.revoke_token_current().await.unwrap();
    client.revoke_token("7kzHzX5GPXxuQx0dAIBV2D").await.unwrap();
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/fastly/api/tokens/self",
            "/fastly/api/tokens/7kzHzX5GPXxuQx0dAIBV2D"
        ]
    );
}

/// An automation token as the live API answers a get or a list (go-fastly's recordings).
const AUTOMATION_JSON: &str = r#"{"id":"2Dxn5YJyYWHbFMHwBuTBCB","creator_id":"2bFqLqJ8IuSkJ6vB1ZqXq0","customer_id":"4sIdEqbhOJ2sP8Oa5JY1Jh","name":"ci deploy","access_token":"","role":"engineer","ip":null,"user_agent":null,"scopes":"global","services":null,"service_id":null,"sudo_expires_at":null,"last_used_at":null,"created_at":"2025-02-25T05:12:57Z","expires_at":null,"tls_access":false}"#;

/// A page and its size asked for in the query; the page envelope decoded.
#[tokio::test]
async fn list_automation_tokens() {
    let page = format!(
        r#"{{"data":[{AUTOMATION_JSON}],"meta":{{"per_page":100,"current_page":2,"record_count":101,"total_pages":2}}}}"#
    );
    let wire = record(Reply::json(200, &page), |c| async move {
        let page = c.list_automation_tokens().page(2).per_page(100).await?;
        assert_eq!(page.data[0].role.as_deref(), Some("engineer"));
        assert_eq!(page.meta.as_ref().and_then(|m| m.total_pages), Some(2));
        Ok(page)
    })
    .await;
    insta::assert_snapshot!(wire);
}

/// A JSON body (not a form) with the fields at its top level, as go-fastly sent it; the answer's
/// `""` dates read as absent.
#[tokio::test]
async fn create_automation_token() {
    let created = AUTOMATION_JSON
        .replacen(
            '{',
            r#"{"access_token":"AbCdEfGhIjKlMnOpQrStUvWxYz012345","#,
            1,
        )
        .replace(r#""access_token":"","#, "")
        .replace(r#""expires_at":null"#, r#""expires_at":"""#);
    let wire = record(Reply::json(200, &created), |c| async move {
        let request =
            fastly_tokens::types::AutomationTokenCreateRequest::new("ci deploy", "engineer")
                .scope(Scope::GlobalRead)
                .services(vec!["6yxNzKHbFLgNcnhXQHJsUF".to_string()])
                .tls_access(false);
        let token = c.create_automation_token(request).await?;
        assert_eq!(token.expires_at, None);
        assert_eq!(
            token.access_token.expose_secret(),
            "AbCdEfGhIjKlMnOpQrStUvWxYz012345"
        );
        Ok(token)
    })
    .await;
    insta::assert_snapshot!(wire);
}

#[tokio::test]
async fn get_automation_token() {
    let wire = record(Reply::json(200, AUTOMATION_JSON), |c| async move {
        c.get_automation_token("2Dxn5YJyYWHbFMHwBuTBCB").await
    })
    .await;
    insta::assert_snapshot!(wire);
}

#[tokio::test]
async fn revoke_automation_token() {
    let wire = record(Reply::empty(204), |c| async move {
        c.revoke_automation_token("2Dxn5YJyYWHbFMHwBuTBCB").await
    })
    .await;
    insta::assert_snapshot!(wire);
}

#[tokio::test]
async fn list_automation_token_services() {
    let wire = record(
        Reply::json(200, r#"{"data":["6yxNzKHbFLgNcnhXQHJsUF"]}"#),
        |c| async move {
            c.list_automation_token_services("2Dxn5YJyYWHbFMHwBuTBCB")
                .await
        },
    )
    .await;
    insta::assert_snapshot!(wire);
}
