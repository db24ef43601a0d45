//! `fastly-tokens rotate`: the one hand-written subcommand, over the client's
//! [`Client::rotate_token`](fastly_tokens::Client::rotate_token): a replacement with the same
//! name, scope and services, its secret shown once, then the old token revoked.

use std::io::Write;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use fastly_tokens::{Client, CreateTokenRequest, RotateError};
use serde_json::{Value, json};

use crate::Prompt;
use crate::command::{ASKED_WHEN_NEEDED, Failure};
use crate::output::{self, Sink};

/// The subcommand.
pub(crate) fn command() -> Command {
    Command::new("rotate")
        .about("Replace a token with a new one of the same name, scope and services, then revoke it")
        .long_about(
            "Replace a token with a new one of the same name, scope and services, then revoke it.\n\n\
             The new token's secret is shown once. If creating the replacement fails, nothing is \
             revoked; if revoking fails after the replacement was created, the new secret is still \
             shown and the old token named. The password is read from FASTLY_PASSWORD, or asked \
             for without echo on a terminal when --username is given. Without --username, a \
             password in FASTLY_PASSWORD is first confirmed for sudo (POST /sudo), as Fastly's \
             CLI does, and the token creates the replacement.",
        )
        .arg(Arg::new("token_id").value_name("TOKEN_ID").required(true).help("The token to rotate."))
        .arg(
            Arg::new("expires-in")
                .long("expires-in")
                .value_name("DURATION")
                .value_parser(parse_duration)
                .help("When the replacement expires, from now: 30d, 12h, 90m, 3600s, 2w."),
        )
        .arg(
            Arg::new("dry-run")
                .long("dry-run")
                .action(ArgAction::SetTrue)
                .help("Read the token and print the plan; create and revoke nothing."),
        )
        .arg(Arg::new("username").long("username").value_name("USERNAME").help("The account's username (its e-mail address)."))
        .arg(
            Arg::new("otp").long("otp").value_name("OTP").help("One-time password of an account with two-factor authentication enabled.")
                .long_help(format!("One-time password of an account with two-factor authentication enabled.\n\n{ASKED_WHEN_NEEDED}")),
        )
}

/// `30d` -> 30 days; `s`, `m`, `h`, `d`, `w`.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration like 30d"))?;
    let seconds = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return Err(format!("{text:?}: the unit is one of s, m, h, d, w")),
    };
    number
        .checked_mul(seconds)
        .filter(|s| *s > 0)
        .map(Duration::from_secs)
        .ok_or_else(|| format!("{text:?} is not a positive duration"))
}

/// The credentials the replacement is created with: `--username` and the password.
pub(crate) fn username(matches: &ArgMatches) -> Option<String> {
    matches.get_one::<String>("username").cloned()
}

/// Runs the rotation (or its plan) and writes what happened.
pub(crate) async fn run(
    client: &Client,
    matches: &ArgMatches,
    out: &mut dyn Write,
    sink: Sink,
    prompt: Option<Prompt<'_>>,
    sudo: Option<fastly_tokens::SudoRequest>,
) -> Result<(), Failure> {
    let token_id = matches
        .get_one::<String>("token_id")
        .cloned()
        .unwrap_or_default();
    let mut rotation = client.rotate_token(token_id.clone());
    if let Some(duration) = matches.get_one::<Duration>("expires-in") {
        let at = chrono::Duration::from_std(*duration)
            .ok()
            .and_then(|d| chrono::Utc::now().checked_add_signed(d))
            .ok_or_else(|| Failure::Usage("--expires-in is too far in the future".into()))?;
        rotation = rotation.expires_at(at);
    }
    if let Some(otp) = matches.get_one::<String>("otp") {
        rotation = rotation.fastly_otp(otp.clone());
    }
    if let Some(sudo) = sudo {
        rotation = rotation.sudo(sudo);
    }
    if matches.get_flag("dry-run") {
        let (old, request) = rotation.plan().await.map_err(|e| failure(e, out, sink))?;
        let plan = json!({
            "dry_run": true,
            "revoke": old.id,
            "create": planned(&request),
        });
        return output::write_value(out, &plan, sink);
    }
    let again = rotation.clone();
    let mut result = rotation.await;
    // Refused for a one-time password not given: asked for once, and the rotation run again
    // (a refused create revoked nothing).
    if matches!(&result, Err(RotateError::Create(e)) if e.is_two_factor_required())
        && matches.get_one::<String>("otp").is_none()
        && let Some(otp) = crate::command::ask_otp(prompt)?
    {
        result = again.fastly_otp(otp).await;
    }
    match result {
        Ok(done) => {
            let created = serde_json::to_value(&done.created)
                .map_err(|e| Failure::Output(format!("the answer does not serialize: {e}")))?;
            output::write_value(
                out,
                &json!({"created": created, "revoked": done.old.id}),
                sink,
            )
        }
        Err(e) => Err(failure(e, out, sink)),
    }
}

/// What the plan would create, by the API's field names.
fn planned(request: &CreateTokenRequest) -> Value {
    json!({
        "name": request.name(),
        "scope": request.scopes_ref().map(|s| s.to_string()),
        "services": request.services_ref(),
        "expires_at": request.expires_at_ref().map(|t| t.to_rfc3339()),
    })
}

/// A failed rotation: after a create, the replacement (with its secret) is still written.
fn failure(e: RotateError, out: &mut dyn Write, sink: Sink) -> Failure {
    if let RotateError::Revoke { created, .. } = &e
        && let Ok(created) = serde_json::to_value(&**created)
        && let Err(write) =
            output::write_value(out, &json!({"created": created, "revoked": null}), sink)
    {
        return write;
    }
    let message = e.to_string();
    match e {
        RotateError::Read(error)
        | RotateError::Sudo(error)
        | RotateError::Create(error)
        | RotateError::Revoke { error, .. } => Failure::Step(message, error),
        _ => Failure::Usage(message),
    }
}
