//! `CreateTokenRequest`: the createToken form as the live API takes it (stands in for the
//! spec's `create_token_request`; see `xtask/src/generate/adapt.rs`, bridge 3).
//!
//! progenitor encodes form bodies with serde_urlencoded, which cannot encode a sequence, so a
//! generated struct could not send `services[]`. This type serializes itself as the ordered
//! list of form pairs the spec's `encoding` describes (`services[]` repeated once per ID).
//! The wire test `create_token_sends_the_live_form` proves the result.

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::Scopes;
use crate::secret::credential_pairs;

/// What a new token is called, what it may do, until when, and whose it is.
///
/// ```
/// use fastly_tokens::{CreateTokenRequest, Scope};
/// let request = CreateTokenRequest::new("ci deploy")
///     .scopes([Scope::GlobalRead, Scope::PurgeSelect])
///     .services(["6yxNzKHbFLgNcnhXQHJsUF"])
///     .expires_at("2030-01-01T00:00:00Z".parse().unwrap());
/// assert_eq!(request.scopes_ref().unwrap().to_string(), "global:read purge_select");
/// assert_eq!(request.services_ref(), ["6yxNzKHbFLgNcnhXQHJsUF"]);
/// ```
///
/// The one-time password of an account with two-factor authentication is set on the call,
/// not here: `client.create_token(request).fastly_otp("123456")`, so a request can be kept
/// and sent again with a fresh one.
///
/// `Debug` never shows the password.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CreateTokenRequest {
    name: Option<String>,
    scope: Option<Scopes>,
    services: Vec<String>,
    expires_at: Option<DateTime<Utc>>,
    username: Option<String>,
    password: Option<String>,
    /// Set only on the copy the client sends ([`CreateTokenRequest::on_the_wire`]): only that
    /// copy's form carries the username and password.
    on_the_wire: bool,
}

impl CreateTokenRequest {
    /// A request for a token called `name`, with Fastly's defaults for everything else
    /// (scope `global`, every service, no expiry).
    pub fn new(name: impl Into<String>) -> Self {
        CreateTokenRequest {
            name: Some(name.into()),
            ..Self::default()
        }
    }

    /// Sets the token's scopes (sent space-joined as `scope`).
    pub fn scopes(mut self, scopes: impl Into<ScopesArg>) -> Self {
        self.scope = Some(scopes.into().0);
        self
    }

    /// Limits the token to these service IDs (sent as repeated `services[]`).
    pub fn services<S: Into<String>>(mut self, services: impl IntoIterator<Item = S>) -> Self {
        self.services = services.into_iter().map(Into::into).collect();
        self
    }

    /// Sets when the token expires (sent in RFC 3339).
    pub fn expires_at(mut self, at: DateTime<Utc>) -> Self {
        self.expires_at = Some(at);
        self
    }

    /// Sets the account's username (its e-mail) and password for this request, overriding
    /// those the client was built with.
    pub fn credentials(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self.password = Some(password.into());
        self
    }

    /// The token's name, if set.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The token's scopes, if set (what [`CreateTokenRequest::scopes`] set; getters are the
    /// setter's name with `_ref`, as `http`'s builders have them).
    pub fn scopes_ref(&self) -> Option<&Scopes> {
        self.scope.as_ref()
    }

    /// The service IDs the token is limited to (what [`CreateTokenRequest::services`] set).
    pub fn services_ref(&self) -> &[String] {
        &self.services
    }

    /// When the token expires, if set (what [`CreateTokenRequest::expires_at`] set).
    pub fn expires_at_ref(&self) -> Option<&DateTime<Utc>> {
        self.expires_at.as_ref()
    }

    /// The username, if set on this request.
    pub fn username(&self) -> Option<&str> {
        self.username.as_deref()
    }

    /// Whether a password is set on this request.
    pub fn has_password(&self) -> bool {
        self.password.is_some()
    }

    /// The copy of this request the client sends: its form carries the username and
    /// password, this request's own or else `defaults` (the client's credentials). No other
    /// value's form does, so a log line's `serde_json::to_string(&request)` never carries them.
    pub(crate) fn on_the_wire(&self, defaults: Option<(&str, &str)>) -> Self {
        let mut out = self.clone();
        if let Some((username, password)) = defaults
            && out.username.is_none()
            && out.password.is_none()
        {
            out.username = Some(username.to_string());
            out.password = Some(password.to_string());
        }
        out.on_the_wire = true;
        out
    }

    /// The form, as ordered (field, value) pairs; empty fields are left out.
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(name) = &self.name {
            out.push(("name", name.clone()));
        }
        if let Some(scope) = self.scope.as_ref().filter(|s| !s.is_empty()) {
            out.push(("scope", scope.to_string()));
        }
        for service in &self.services {
            out.push(("services[]", service.clone()));
        }
        if let Some(at) = self.expires_at {
            out.push(("expires_at", at.to_rfc3339_opts(SecondsFormat::Secs, true)));
        }
        // The credentials only on the client's own copy (`on_the_wire`): a log line's
        // `serde_json::to_string(&request)` must not carry them.
        if self.on_the_wire {
            let credentials = credential_pairs(self.username.as_deref(), self.password.as_deref());
            out.extend(credentials.map(|(field, value)| (field, value.to_string())));
        }
        out
    }
}

/// Anything that names a token's scopes: a [`Scopes`], one [`Scope`](crate::Scope), or a
/// list of them.
pub struct ScopesArg(Scopes);

impl From<Scopes> for ScopesArg {
    fn from(s: Scopes) -> Self {
        ScopesArg(s)
    }
}

impl From<crate::Scope> for ScopesArg {
    fn from(s: crate::Scope) -> Self {
        ScopesArg(s.into())
    }
}

impl<const N: usize> From<[crate::Scope; N]> for ScopesArg {
    fn from(s: [crate::Scope; N]) -> Self {
        ScopesArg(s.into_iter().collect())
    }
}

impl From<Vec<crate::Scope>> for ScopesArg {
    fn from(s: Vec<crate::Scope>) -> Self {
        ScopesArg(s.into_iter().collect())
    }
}

impl serde::Serialize for CreateTokenRequest {
    /// Serializes as a sequence of (field, value) pairs, which serde_urlencoded encodes as
    /// `name=..&services%5B%5D=A&services%5B%5D=B&...`: the form without its secrets. The
    /// username and password go into the form only of the copy the client sends (the one-time
    /// password is not part of the request: it is set on the call, with
    /// [`CreateToken::fastly_otp`](crate::operations::CreateToken::fastly_otp)), so serializing a request for a
    /// log (or anything else) never writes a credential.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.pairs())
    }
}

/// Reads the spec's `create_token_request` object, by its wire names (`name`, `scope`,
/// `services[]`, `expires_at`, `username`, `password`; `services` is taken for `services[]`),
/// refusing any other field: a request kept in a file, or assembled from command-line flags by
/// the `fastly-tokens` CLI. Unlike [`Serialize`](serde::Serialize), which writes the form
/// without its credentials, this reads them, since nothing is leaked by reading.
impl<'de> serde::Deserialize<'de> for CreateTokenRequest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Wire {
            name: Option<String>,
            scope: Option<Scopes>,
            #[serde(rename = "services[]", alias = "services", default)]
            services: Vec<String>,
            expires_at: Option<DateTime<Utc>>,
            username: Option<String>,
            password: Option<String>,
        }
        let w = Wire::deserialize(deserializer)?;
        Ok(CreateTokenRequest {
            name: w.name,
            scope: w.scope,
            services: w.services,
            expires_at: w.expires_at,
            username: w.username,
            password: w.password,
            on_the_wire: false,
        })
    }
}

impl fmt::Debug for CreateTokenRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |set: bool| if set { Some("<redacted>") } else { None };
        f.debug_struct("CreateTokenRequest")
            .field("name", &self.name)
            .field("scope", &self.scope.as_ref().map(ToString::to_string))
            .field("services", &self.services)
            .field("expires_at", &self.expires_at)
            .field("username", &self.username)
            .field("password", &redacted(self.password.is_some()))
            .finish()
    }
}
