//! `AccessToken`: a new token's secret, kept out of `Debug` and wiped from memory when dropped;
//! and `SECRET_HEADERS` and `SECRET_FORM_FIELDS`, the one lists of the headers and form fields
//! that carry a credential (`AccessToken` stands in for the spec's `access_token` in the generated types; see
//! `xtask/src/generate/adapt.rs`, `REPLACEMENTS`).

use std::fmt;

/// The request headers that carry a credential, lowercase: `Fastly-Key` (the API token),
/// `Fastly-OTP` (a one-time password), `Authorization` and `Cookie`. The client never shows
/// their values in `Debug` output, logs or errors; a log or recording of requests should mask
/// them too, as the mock's report of an unmatched request and the test cassettes do.
pub const SECRET_HEADERS: [&str; 4] = ["fastly-key", "fastly-otp", "authorization", "cookie"];

/// The fields of the createToken form that carry a credential: the account's `username` (a
/// person's e-mail) and `password`. The client writes them only into the form it sends
/// ([`CreateTokenRequest`](crate::CreateTokenRequest)'s `Serialize` leaves them out); a log or
/// recording of request bodies should mask them, as the mock's report and the test cassettes do.
pub const SECRET_FORM_FIELDS: [&str; 2] = ["username", "password"];

/// The credential fields of a form as the client writes them ([`SECRET_FORM_FIELDS`]): the
/// username and the password, each when set. Only a request's copy on the wire calls this.
pub(crate) fn credential_pairs<'a>(
    username: Option<&'a str>,
    password: Option<&'a str>,
) -> impl Iterator<Item = (&'static str, &'a str)> {
    SECRET_FORM_FIELDS
        .into_iter()
        .zip([username, password])
        .filter_map(|(field, value)| Some((field, value?)))
}

/// The secret of a newly created token. Fastly shows it once, in the createToken response.
///
/// `Debug` prints `AccessToken(<redacted>)`; the value is reachable only through
/// [`AccessToken::expose_secret`], so it never lands in a log by accident; and its memory is
/// overwritten with zeros when it is dropped (`zeroize`), so the secret does not linger in
/// freed memory. Every clone is wiped the same way.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        AccessToken(secret.into())
    }

    /// The secret itself: use it to configure a client, store it in a vault, never log it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

/// A secret from text, for tests and for building responses (`TokenCreatedResponse::new`).
impl From<String> for AccessToken {
    fn from(secret: String) -> Self {
        AccessToken(secret)
    }
}

/// A secret from text, for tests and for building responses (`TokenCreatedResponse::new`).
impl From<&str> for AccessToken {
    fn from(secret: &str) -> Self {
        AccessToken(secret.to_string())
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

impl zeroize::Zeroize for AccessToken {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl Drop for AccessToken {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(self);
    }
}

/// Dropping an `AccessToken` wipes it.
impl zeroize::ZeroizeOnDrop for AccessToken {}
