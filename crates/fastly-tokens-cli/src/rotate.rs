//! `fastly-tokens rotate`: the one hand-written subcommand, over the client's
//! [`Client::rotate_token`](fastly_tokens::Client::rotate_token): a replacement with the same
//! name, scope and services, its secret shown once, then the old token revoked; with
//! `--automation`, the same for an automation token (its role and TLS access kept too).

use std::io::Write;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use fastly_tokens::types::AutomationTokenCreateRequest;
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
             CLI does, and the token creates the replacement. With --automation the token is an \
             automation token: its replacement keeps its role and TLS access too, and is created \
             by the token (after sudo with FASTLY_PASSWORD, when it is set).",
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
        .arg(
            Arg::new("automation")
                .long("automation")
                .action(ArgAction::SetTrue)
                .conflicts_with_all(["username", "otp"])
                .help("The token is an automation token."),
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
    let expires_at = match matches.get_one::<Duration>("expires-in") {
        Some(duration) => Some(
            chrono::Duration::from_std(*duration)
                .ok()
                .and_then(|d| chrono::Utc::now().checked_add_signed(d))
                .ok_or_else(|| Failure::Usage("--expires-in is too far in the future".into()))?,
        ),
        None => None,
    };
    if matches.get_flag("automation") {
        let dry_run = matches.get_flag("dry-run");
        return automation(client, &token_id, expires_at, sudo, dry_run, out, sink).await;
    }
    let mut rotation = client.rotate_token(token_id.clone());
    if let Some(at) = expires_at {
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

/// Rotates an automation token: read it, confirm sudo (with a password), create its
/// replacement (name, role, scope, services, TLS access; a new expiry if given), show the
/// secret, revoke the old one. A failed create revokes nothing; a failed revoke still shows the
/// new secret and names the old token.
async fn automation(
    client: &Client,
    id: &str,
    expires_at: Option<chrono::DateTime<chrono::Utc>>,
    sudo: Option<fastly_tokens::SudoRequest>,
    dry_run: bool,
    out: &mut dyn Write,
    sink: Sink,
) -> Result<(), Failure> {
    let step = |what: &str| {
        let what = what.to_string();
        move |e: fastly_tokens::Error| Failure::Step(format!("{what}: {e}"), e)
    };
    let old = client
        .get_automation_token(id)
        .await
        .map_err(step(&format!("automation token {id} could not be read")))?;
    let mut request = AutomationTokenCreateRequest::new(
        old.name.clone().unwrap_or_default(),
        old.role.clone().unwrap_or_default(),
    )
    .services(old.services.clone().unwrap_or_default());
    if let Some(scope) = old.scope.clone() {
        request = request.scope(scope);
    }
    if let Some(tls) = old.tls_access {
        request = request.tls_access(tls);
    }
    if let Some(at) = expires_at.or(old.expires_at) {
        request = request.expires_at(at);
    }
    if dry_run {
        let create = serde_json::to_value(&request)
            .map_err(|e| Failure::Output(format!("the plan does not serialize: {e}")))?;
        let plan = json!({"dry_run": true, "revoke": old.id, "create": create});
        return output::write_value(out, &plan, sink);
    }
    if let Some(sudo) = sudo {
        client.request_sudo(sudo).await.map_err(step(
            "the password was not confirmed for sudo; nothing was created",
        ))?;
    }
    let created = client
        .create_automation_token(request)
        .await
        .map_err(step("the replacement was not created; nothing was revoked"))?
        .into_inner();
    let shown = serde_json::to_value(&created)
        .map_err(|e| Failure::Output(format!("the answer does not serialize: {e}")))?;
    match client.revoke_automation_token(&old.id).await {
        Ok(_) => output::write_value(out, &json!({"created": shown, "revoked": old.id}), sink),
        Err(e) => {
            output::write_value(out, &json!({"created": shown, "revoked": null}), sink)?;
            let what = format!("the replacement was created, but {} is still live", old.id);
            Err(Failure::Step(what, e))
        }
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
