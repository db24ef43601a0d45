//! Records the cassettes in tests/cassettes from the live API:
//! `FASTLY_API_TOKEN=… cargo run -p tests --example record [-- --mutating] [--upstream URL]`.
//!
//! Read-only operations by default (getTokenCurrent, listTokensUser, getToken of the current
//! token, listTokensCustomer of its customer). `--mutating` also creates four short-lived
//! `global:read` tokens and revokes each again (revokeToken, bulkRevokeTokens, and
//! revokeTokenCurrent with the last one's own secret); it needs `FASTLY_USERNAME` and
//! `FASTLY_PASSWORD`, and `FASTLY_OTP` on an account with two-factor authentication. Every
//! cassette is scrubbed before it is written (tests/src/cassette.rs); review the diff, run
//! `cargo xtask cassettes`, and commit.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mutating = args.iter().any(|a| a == "--mutating");
    let upstream = args
        .iter()
        .position(|a| a == "--upstream")
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| "https://api.fastly.com".into());
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let Some(token) = env("FASTLY_API_TOKEN") else {
        eprintln!("error: set FASTLY_API_TOKEN (a token of the account to record)");
        return ExitCode::from(2);
    };
    let login = env("FASTLY_USERNAME").zip(env("FASTLY_PASSWORD"));
    if mutating && login.is_none() {
        eprintln!("error: --mutating creates tokens: set FASTLY_USERNAME and FASTLY_PASSWORD");
        return ExitCode::from(2);
    }
    let credentials = tests::cassette::Credentials {
        token,
        login,
        otp: env("FASTLY_OTP"),
    };
    let provenance = format!(
        "recorded from {upstream} on {} by `cargo run -p tests --example record`",
        chrono::Utc::now().format("%Y-%m-%d")
    );
    let cassettes =
        match tests::cassette::record_all(&upstream, &credentials, mutating, &provenance).await {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
    let dir = tests::root().join(xtask::cassettes::DIR);
    for c in &cassettes {
        let path = dir.join(format!("{}.json", c.operation));
        let text = serde_json::to_string_pretty(c).unwrap() + "\n";
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}
