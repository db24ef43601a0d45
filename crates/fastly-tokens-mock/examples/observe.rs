//! What the client tells `tracing`: `cargo run -p fastly-tokens-mock --example observe`.
//!
//! Starts a mock Fastly API on 127.0.0.1 whose `GET /tokens/self` is overloaded (503), prints
//! the client's spans and events with a `tracing-subscriber` fmt layer, and makes three calls:
//! one that succeeds, one that is retried until it fails, and the same with retries turned
//! off for that call alone.

use std::time::Duration;

use fastly_tokens::{Client, RetryPolicy, types};
use fastly_tokens_mock::MockServerExt;
use httpmock::MockServer;
use tracing_subscriber::fmt::format::FmtSpan;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_target(false)
        .with_span_events(FmtSpan::CLOSE)
        .init();

    let server = MockServer::start_async().await;
    server.list_tokens_user(|_, then| {
        then.ok(&vec![
            types::TokenResponse::new("7kzHzX5GPXxuQx0dAIBV2D").name("ci deploy"),
        ]);
    });
    server.mock(|when, then| {
        when.method(httpmock::Method::GET).path("/tokens/self");
        then.status(503)
            .header("Retry-After", "0")
            .header("Content-Type", "application/json")
            .body("{}");
    });

    let client = Client::builder()
        .token("observe-token")
        .base_url(server.base_url())
        // Short delays, so the example runs in a moment; the spec's default is 250 ms doubling.
        .retry(
            RetryPolicy::new(2)
                .with_initial_delay(Duration::from_millis(20))
                .with_max_delay(Duration::from_secs(1))
                .with_jitter(false),
        )
        .build()?;

    let tokens = client.list_tokens_user().await?;
    println!("listTokensUser: {} token(s)\n", tokens.len());

    let err = client.get_token_current().await.unwrap_err();
    println!("getTokenCurrent: {err}\n");

    let err = client
        .get_token_current()
        .with_retry(RetryPolicy::none())
        .with_timeout(Duration::from_secs(2))
        .await
        .unwrap_err();
    println!("getTokenCurrent, retries off for this call: {err}");
    Ok(())
}
