//! Lists your tokens (and, with `--customer ID`, the customer's): `cargo run --example
//! list_tokens -- [--base-url URL] [--customer ID]`, with `FASTLY_API_TOKEN` set.

use fastly_tokens::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let mut builder = Client::builder().token_from_env()?;
    if let Some(url) = flag("--base-url") {
        builder = builder.base_url(url);
    }
    let client = builder.build()?;
    let tokens = match flag("--customer") {
        Some(customer) => client.list_tokens_customer(&customer).await?,
        None => client.list_tokens_user().await?,
    };
    for token in tokens.iter() {
        println!(
            "{:<24} {:<32} scope={:<28} expires={}",
            token.id,
            token.name.as_deref().unwrap_or(""),
            token
                .scope
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            token
                .expires_at
                .map(|t| t.to_rfc3339())
                .unwrap_or_else(|| "never".into()),
        );
    }
    Ok(())
}
