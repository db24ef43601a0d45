//! The exit codes, one per kind of failure, and which failure is which.

use fastly_tokens::Error;

use crate::command::Failure;

/// The command did what it was asked.
pub const OK: u8 = 0;
/// Anything not below: a response that did not decode, a redirect, a body over the limit.
pub const OTHER: u8 = 1;
/// The command line was wrong: an unknown flag, a missing argument, an argument the spec's
/// rules refuse (checked before anything is sent), a bad `--base-url`.
pub const USAGE: u8 = 2;
/// Authentication failed: no token, a token the API refuses (401, 403), a wrong password, or a
/// one-time password needed.
pub const AUTH: u8 = 3;
/// What was named does not exist (404).
pub const NOT_FOUND: u8 = 4;
/// Rate limited (429); standard error says when the limit resets.
pub const RATE_LIMITED: u8 = 5;
/// The server failed (5xx).
pub const SERVER: u8 = 6;
/// The network failed: no connection, a timeout, the deadline passed.
pub const NETWORK: u8 = 7;

/// Every code with what it means, for `--help` and README.md ("Command line").
pub const TABLE: [(u8, &str); 8] = [
    (OK, "success"),
    (
        OTHER,
        "another failure (a response that does not decode, a redirect, a body too large)",
    ),
    (
        USAGE,
        "usage: a wrong flag or argument, refused before anything is sent",
    ),
    (
        AUTH,
        "authentication: no token, a token refused (401, 403), a wrong password, an OTP needed",
    ),
    (NOT_FOUND, "not found (404)"),
    (
        RATE_LIMITED,
        "rate limited (429); standard error says when the limit resets",
    ),
    (SERVER, "the server failed (5xx)"),
    (
        NETWORK,
        "the network failed: no connection, a timeout, the deadline passed",
    ),
];

/// The exit code of a failure.
pub fn code(failure: &Failure) -> u8 {
    match failure {
        Failure::Usage(_) => USAGE,
        Failure::NoToken => AUTH,
        Failure::Api(e) | Failure::Step(_, e) => of_error(e),
        Failure::Output(_) => OTHER,
    }
}

fn of_error(e: &Error) -> u8 {
    match e {
        Error::InvalidArgument { .. } | Error::Config(_) => USAGE,
        e if e.is_unauthorized()
            || e.is_forbidden()
            || e.is_invalid_credentials()
            || e.is_two_factor_required() =>
        {
            AUTH
        }
        e if e.is_not_found() => NOT_FOUND,
        e if e.is_rate_limited() => RATE_LIMITED,
        e if e.is_server_error() => SERVER,
        Error::Transport(_) | Error::DeadlineExceeded { .. } => NETWORK,
        _ => OTHER,
    }
}
