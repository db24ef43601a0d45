//! `SudoRequest`: the `POST /sudo` form, the account's password (and username) that lets a
//! token do, for a few minutes, what needs sudo: create a user token without the credentials
//! in its own form, create automation tokens (stands in for the spec's `sudo_request`; see
//! `xtask/src/generate/adapt.rs`, `REPLACEMENTS`). Its `Debug` never shows the password, and
//! only the copy the client sends writes it into a form.

use std::fmt;

use crate::secret::credential_pairs;

/// The account's password (and, if the API asks for it, username) confirming the token's
/// sudo access: `client.request_sudo(SudoRequest::new(password)).await?`.
///
/// ```
/// let request = fastly_tokens::SudoRequest::new("correct horse").username("me@example.com");
/// assert_eq!(request.username_ref(), Some("me@example.com"));
/// assert!(!format!("{request:?}").contains("horse"));
/// // Only the client's own copy writes the credentials into a form.
/// assert_eq!(serde_urlencoded::to_string(&request).unwrap(), "");
/// ```
///
/// Without a password of its own, the request is sent with the client's credentials
/// ([`ClientBuilder::credentials`](crate::ClientBuilder::credentials)).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SudoRequest {
    username: Option<String>,
    password: Option<String>,
    /// Set only on the copy the client sends ([`SudoRequest::on_the_wire`]).
    on_the_wire: bool,
}

impl SudoRequest {
    /// A request confirming the account's `password`.
    pub fn new(password: impl Into<String>) -> Self {
        SudoRequest {
            password: Some(password.into()),
            ..Self::default()
        }
    }

    /// Sets the account's username (its e-mail address), sent beside the password.
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// The username, if set (what [`SudoRequest::username`] set).
    pub fn username_ref(&self) -> Option<&str> {
        self.username.as_deref()
    }

    /// Whether a password is set on this request.
    pub fn has_password(&self) -> bool {
        self.password.is_some()
    }

    /// The copy of this request the client sends: its form carries the username and password,
    /// this request's own or else `defaults` (the client's credentials).
    pub(crate) fn on_the_wire(&self, defaults: Option<(&str, &str)>) -> Self {
        let mut out = self.clone();
        if let Some((username, password)) = defaults
            && out.password.is_none()
        {
            out.username = out.username.or_else(|| Some(username.to_string()));
            out.password = Some(password.to_string());
        }
        out.on_the_wire = true;
        out
    }
}

impl serde::Serialize for SudoRequest {
    /// The form as (field, value) pairs, `username` and `password`; empty but on the copy the
    /// client sends, so a log line's serialization never carries a credential.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let credentials = credential_pairs(self.username.as_deref(), self.password.as_deref());
        serializer.collect_seq(credentials.filter(|_| self.on_the_wire))
    }
}

/// Reads the spec's `sudo_request` object by its wire names (`username`, `password`), refusing
/// any other field: a request assembled from the `fastly-tokens` CLI's flags and prompt.
impl<'de> serde::Deserialize<'de> for SudoRequest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Wire {
            username: Option<String>,
            password: Option<String>,
        }
        let w = Wire::deserialize(deserializer)?;
        Ok(SudoRequest {
            username: w.username,
            password: w.password,
            on_the_wire: false,
        })
    }
}

impl fmt::Debug for SudoRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SudoRequest")
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_wire_copy_writes_the_credentials() {
        let request = SudoRequest::new("pw-SECRET");
        assert_eq!(serde_urlencoded::to_string(&request).unwrap(), "");
        assert_eq!(serde_json::to_string(&request).unwrap(), "[]");
        // Its own password: the client's credentials are not mixed in.
        let sent = request.on_the_wire(Some(("me@example.com", "client-pw")));
        assert_eq!(
            serde_urlencoded::to_string(&sent).unwrap(),
            "password=pw-SECRET"
        );
        // Without a password of its own, the client's credentials.
        let sent = SudoRequest::default().on_the_wire(Some(("me@example.com", "client-pw")));
        assert_eq!(
            serde_urlencoded::to_string(&sent).unwrap(),
            "username=me%40example.com&password=client-pw"
        );
        // Neither: an empty form, which the API refuses.
        let sent = SudoRequest::default().on_the_wire(None);
        assert_eq!(serde_urlencoded::to_string(&sent).unwrap(), "");
    }

    #[test]
    fn debug_and_reading_back() {
        let request: SudoRequest =
            serde_json::from_str(r#"{"username":"me@example.com","password":"pw-SECRET"}"#)
                .unwrap();
        assert_eq!(
            format!("{request:?}"),
            r#"SudoRequest { username: Some("me@example.com"), password: Some("<redacted>") }"#
        );
        assert!(serde_json::from_str::<SudoRequest>(r#"{"pass":"x"}"#).is_err());
    }
}
