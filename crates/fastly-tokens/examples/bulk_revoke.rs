//! Revokes several tokens in one request: `cargo run --example bulk_revoke -- ID [ID ...]
//! [--base-url URL]`, with `FASTLY_API_TOKEN` set.

use fastly_tokens::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut ids = Vec::new();
    let mut builder = Client::builder().token_from_env()?;
    while let Some(arg) = args.next() {
        if arg == "--base-url" {
            builder = builder.base_url(args.next().ok_or("--base-url needs a URL")?);
        } else {
            ids.push(arg);
        }
    }
    let client = builder.build()?;
    let response = client.bulk_revoke_tokens(&ids).await?;
    println!("revoked {} token(s)", ids.len());
    if let Some(limit) = response.rate_limit() {
        println!(
            "rate limit: {:?} left, resets {:?}",
            limit.remaining, limit.reset
        );
    }
    Ok(())
}
