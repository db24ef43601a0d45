//! Creates a scoped, expiring token: `cargo run --example create_token -- NAME [--base-url
//! URL] [--otp CODE]`, with `FASTLY_USERNAME` and `FASTLY_PASSWORD` set (and optionally
//! `FASTLY_API_TOKEN`). The new secret is printed once.

use chrono::{Duration, Utc};
use fastly_tokens::{Client, CreateTokenRequest, Scope};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let name = args.get(1).filter(|a| !a.starts_with("--")).cloned();
    let name = name.ok_or("usage: create_token NAME [--base-url URL] [--otp CODE]")?;
    let username = std::env::var("FASTLY_USERNAME")?;
    let password = std::env::var("FASTLY_PASSWORD")?;

    let mut builder = Client::builder().credentials(username, password);
    if let Ok(builder_with_token) = builder.clone().token_from_env() {
        builder = builder_with_token;
    }
    if let Some(url) = flag("--base-url") {
        builder = builder.base_url(url);
    }
    let client = builder.build()?;

    let request = CreateTokenRequest::new(name)
        .scopes([Scope::GlobalRead, Scope::PurgeSelect])
        .expires_at(Utc::now() + Duration::days(30));
    let mut call = client.create_token(&request);
    if let Some(otp) = flag("--otp") {
        call = call.fastly_otp(otp);
    }
    match call.await {
        Ok(created) => {
            println!("created {}", created.id);
            println!(
                "secret (shown once): {}",
                created.access_token.expose_secret()
            );
            Ok(())
        }
        Err(e) if e.is_two_factor_required() => {
            Err("a one-time password is needed: --otp CODE".into())
        }
        Err(e) => Err(e.into()),
    }
}
