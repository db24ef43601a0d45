//! A tour of every token operation: `cargo run -p fastly-tokens-mock --example tour`.
//!
//! By default it starts a mock Fastly API on 127.0.0.1 (from this crate's generated mocks)
//! and walks through sudo, create, get, list, revoke and bulk revoke of user tokens, then
//! create, list across pages, get, services and revoke of automation tokens, printing each
//! step. With
//! `--live` and `FASTLY_API_TOKEN` set it runs only the read-only steps against the real API.

use std::num::NonZeroU64;

use fastly_tokens::{Client, CreateTokenRequest, Scope, SudoRequest, types};
use fastly_tokens_mock::MockServerExt;
use futures_util::StreamExt;
use httpmock::MockServer;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::args().any(|a| a == "--live") {
        return live().await;
    }
    let server = MockServer::start_async().await;
    mock_fastly(&server);
    println!(
        "offline tour against a mock Fastly API at {}",
        server.base_url()
    );
    let client = Client::builder()
        .token("tour-token")
        .credentials("tour@example.com", "tour password")
        .base_url(server.base_url())
        .build()?;

    let sudo = client
        .request_sudo(SudoRequest::new("tour password"))
        .await?;
    println!(
        "0. requestSudo: sudo until {}",
        sudo.expiry_time.map(|t| t.to_rfc3339()).unwrap_or_default()
    );
    let request = CreateTokenRequest::new("tour deploy")
        .scopes([Scope::GlobalRead, Scope::PurgeSelect])
        .services(["6yxNzKHbFLgNcnhXQHJsUF"])
        .expires_at("2030-01-01T00:00:00Z".parse()?);
    let created = client.create_token(&request).fastly_otp("123456").await?;
    let id = created.id.clone();
    println!(
        "1. createToken: {id} {:?} scope={} expires={} (secret received: {})",
        created.name.as_deref().unwrap_or_default(),
        created.scope.clone().unwrap_or_default(),
        created
            .expires_at
            .map(|t| t.to_rfc3339())
            .unwrap_or_default(),
        !created.access_token.expose_secret().is_empty()
    );
    let token = client.get_token(&id).await?;
    println!(
        "2. getToken: {id} name={:?}",
        token.name.as_deref().unwrap_or_default()
    );
    let own = client.list_tokens_user().await?;
    println!("3. listTokensUser: {} token(s)", own.len());
    let customer = client
        .list_tokens_customer("4sIdEqbhOJ2sP8Oa5JY1Jh")
        .await?;
    println!("4. listTokensCustomer: {} token(s)", customer.len());
    let current = client.get_token_current().await?;
    println!("5. getTokenCurrent: {}", current.id);
    let revoked = client.revoke_token(&id).await?;
    println!("6. revokeToken: {id} -> HTTP {}", revoked.status().as_u16());
    let bulk = client
        .bulk_revoke_tokens(["2bFqLqJ8IuSkJ6vB1ZqXq0", "3cGrMrK9JvTlK7wC2ArYr1"])
        .await?;
    let left = bulk.rate_limit().and_then(|l| l.remaining);
    println!(
        "7. bulkRevokeTokens: 2 tokens -> HTTP {} (rate limit left: {left:?})",
        bulk.status().as_u16()
    );
    let gone = client.revoke_token_current().await?;
    println!("8. revokeTokenCurrent: -> HTTP {}", gone.status().as_u16());
    automation_tokens(&client).await?;
    println!("tour complete: 14 of 14 operations");
    Ok(())
}

/// The automation tokens: created (sudo is still on from step 0), listed across pages as a
/// stream, got, their services listed, revoked.
async fn automation_tokens(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    let request = types::AutomationTokenCreateRequest::new("tour robot", "engineer")
        .scope(Scope::GlobalRead)
        .services(vec!["6yxNzKHbFLgNcnhXQHJsUF".to_string()]);
    let made = client.create_automation_token(request).await?;
    println!(
        "9. createAutomationToken: {} role={} (secret received: {})",
        made.id,
        made.role.as_deref().unwrap_or_default(),
        !made.access_token.expose_secret().is_empty()
    );
    let mut all = client.list_automation_tokens().per_page(2).items();
    let mut names = Vec::new();
    while let Some(token) = all.next().await {
        names.push(token?.name.unwrap_or_default());
    }
    println!(
        "10. listAutomationTokens: {} token(s) over 2 pages: {names:?}",
        names.len()
    );
    let token = client.get_automation_token(&made.id).await?;
    println!(
        "11. getAutomationToken: {} name={:?}",
        token.id,
        token.name.as_deref().unwrap_or_default()
    );
    let services = client.list_automation_token_services(&made.id).await?;
    println!("12. listAutomationTokenServices: {:?}", services.data);
    let revoked = client.revoke_automation_token(&made.id).await?;
    println!(
        "13. revokeAutomationToken: {} -> HTTP {}",
        made.id,
        revoked.status().as_u16()
    );
    Ok(())
}

/// Read-only steps against the real API.
async fn live() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    println!("live read-only tour against {}", client.base_url());
    let current = client.get_token_current().await?;
    println!(
        "getTokenCurrent: {:?} scope={}",
        current.id,
        current.scope.clone().unwrap_or_default()
    );
    let own = client.list_tokens_user().await?;
    println!("listTokensUser: {} token(s)", own.len());
    if let Some(id) = own.first().map(|t| t.id.clone()) {
        let token = client.get_token(&id).await?;
        println!("getToken: {id} name={:?}", token.name);
    }
    if let Some(customer) = &current.customer_id {
        match client.list_tokens_customer(customer).await {
            Ok(all) => println!("listTokensCustomer: {} token(s)", all.len()),
            Err(e) => println!("listTokensCustomer: {e}"),
        }
    }
    let mut robots = client.list_automation_tokens().items();
    let mut count = 0;
    while let Some(token) = robots.next().await {
        match token {
            Ok(_) => count += 1,
            Err(e) => {
                println!("listAutomationTokens: {e}");
                break;
            }
        }
    }
    println!("listAutomationTokens: {count} token(s), every page");
    Ok(())
}

fn token(value: serde_json::Value) -> types::TokenResponse {
    serde_json::from_value(value).expect("a valid token")
}

/// The user-token operations and sudo, mocked with the generated helpers.
fn mock_fastly(server: &MockServer) {
    let id = "7kzHzX5GPXxuQx0dAIBV2D";
    let tour = serde_json::json!({
        "id": id, "name": "tour deploy", "user_id": "2bFqLqJ8IuSkJ6vB1ZqXq0",
        "customer_id": "4sIdEqbhOJ2sP8Oa5JY1Jh", "scope": "global:read purge_select",
        "services": ["6yxNzKHbFLgNcnhXQHJsUF"], "created_at": "2026-11-27T10:00:00Z",
        "expires_at": "2030-01-01T00:00:00Z", "last_used_at": null, "ip": null
    });
    let mut created = tour.clone();
    created["access_token"] = "tour-secret-0123456789abcdefghij".into();
    let created: types::TokenCreatedResponse = serde_json::from_value(created).unwrap();
    let current = token(serde_json::json!({"id": "5Yo3XXnrQpjc20u0ybrf2g", "scope": "global"}));
    server.request_sudo(|_, then| {
        then.ok(&types::SudoResponse::new().expiry_time(
            "2026-11-27T10:05:00Z"
                .parse::<chrono::DateTime<chrono::Utc>>()
                .unwrap(),
        ));
    });
    server.create_token(|when, then| {
        when.fastly_otp("123456");
        then.ok(&created);
    });
    server.get_token(|when, then| {
        when.token_id(id);
        then.ok(&token(tour.clone()));
    });
    server.list_tokens_user(|_, then| {
        then.ok(&vec![token(tour.clone()), current.clone()]);
    });
    server.list_tokens_customer(|when, then| {
        when.customer_id("4sIdEqbhOJ2sP8Oa5JY1Jh");
        then.ok(&vec![token(tour.clone()), current.clone(), current.clone()]);
    });
    server.get_token_current(|_, then| {
        then.ok(&current);
    });
    server.revoke_token(|when, then| {
        when.token_id(id);
        then.no_content();
    });
    server.bulk_revoke_tokens(|_, then| {
        then.no_content()
            .into_inner()
            .header("fastly-ratelimit-remaining", "997");
    });
    server.revoke_token_current(|_, then| {
        then.no_content();
    });
    mock_automation_tokens(server);
}

/// The five automation-token operations; the list in two pages of two and one.
fn mock_automation_tokens(server: &MockServer) {
    let robot = |id: &str, name: &str| -> types::AutomationTokenResponse {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": name, "role": "engineer", "scopes": "global:read",
            "services": ["6yxNzKHbFLgNcnhXQHJsUF"], "created_at": "2026-11-27T10:00:00Z",
            "last_used_at": "", "expires_at": null
        }))
        .expect("a valid automation token")
    };
    let id = "2Dxn5YJyYWHbFMHwBuTBCB";
    let made = robot(id, "tour robot");
    let mut created = serde_json::to_value(&made).expect("serializes");
    created["access_token"] = "tour-robot-secret-0123456789abcd".into();
    let created: types::AutomationTokenCreatedResponse =
        serde_json::from_value(created).expect("a valid created token");
    server.create_automation_token(|_, then| {
        then.ok(&created);
    });
    let pages = [
        vec![
            robot("3Eyo6ZKzZXIcGNIxCvUDCC", "fastly-exporter"),
            made.clone(),
        ],
        vec![robot("4Fzp7aLaaYJdHOJyDwVEDD", "deploy bot")],
    ];
    for (n, page) in pages.iter().enumerate() {
        server.list_automation_tokens(|when, then| {
            when.page(NonZeroU64::new(n as u64 + 1));
            then.ok_page(page, pages.len() as u64);
        });
    }
    server.get_automation_token(|when, then| {
        when.id(id);
        then.ok(&made);
    });
    server.list_automation_token_services(|when, then| {
        when.id(id);
        then.ok_page(&["6yxNzKHbFLgNcnhXQHJsUF"]);
    });
    server.revoke_automation_token(|when, then| {
        when.id(id);
        then.no_content();
    });
}
