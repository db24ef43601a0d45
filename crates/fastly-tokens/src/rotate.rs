//! Token rotation, the named convenience over three operations: read the old token, create its
//! replacement with the same name, scope and services, then revoke the old one.
//!
//! The order is the safety: if reading or creating fails nothing is revoked, and if revoking
//! fails after the replacement was created, the error still carries the replacement (its
//! secret is shown nowhere else) and names the old token.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use chrono::{DateTime, Utc};

use crate::{Client, CreateTokenRequest, Error, SudoRequest, TokenCreatedResponse, TokenResponse};

impl CreateTokenRequest {
    /// A request for a replacement of `token`: the same name, scope and services, no expiry
    /// (set one with [`CreateTokenRequest::expires_at`]). Fastly's defaults stand where the
    /// token says nothing.
    pub fn replacing(token: &TokenResponse) -> CreateTokenRequest {
        let mut request = CreateTokenRequest::default();
        if let Some(name) = &token.name {
            request = CreateTokenRequest::new(name.clone());
        }
        if let Some(scope) = &token.scope {
            request = request.scopes(scope.clone());
        }
        request.services(token.services.iter().cloned())
    }
}

impl Client {
    /// Rotates a token: reads it (`GET /tokens/{token_id}`), creates a replacement with the
    /// same name, scope and services (`POST /tokens`, with the client's credentials), then
    /// revokes the old one (`DELETE /tokens/{token_id}`). Returns a [`RotateToken`]: set an
    /// expiry or a one-time password, then `.await` it.
    ///
    /// ```
    /// # async fn f(client: fastly_tokens::Client) -> Result<(), fastly_tokens::RotateError> {
    /// let in_30_days = chrono::Utc::now() + chrono::Duration::days(30);
    /// let rotation = client.rotate_token("2bFqLqJ8IuSkJ6vB1ZqXq0").expires_at(in_30_days).await?;
    /// println!("new secret: {}", rotation.created.access_token.expose_secret());
    /// # Ok(()) }
    /// ```
    pub fn rotate_token(&self, token_id: impl Into<String>) -> RotateToken {
        RotateToken {
            client: self.clone(),
            token_id: token_id.into(),
            expires_at: None,
            fastly_otp: None,
            sudo: None,
        }
    }
}

/// A rotation, sent when awaited; see [`Client::rotate_token`].
#[derive(Clone, Debug)]
#[must_use = "a rotation does nothing until it is awaited"]
pub struct RotateToken {
    client: Client,
    token_id: String,
    expires_at: Option<DateTime<Utc>>,
    fastly_otp: Option<String>,
    sudo: Option<SudoRequest>,
}

/// What a rotation did.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Rotation {
    /// The old token, as read before the replacement was created; it is now revoked.
    pub old: TokenResponse,
    /// The replacement, with its secret.
    pub created: TokenCreatedResponse,
}

/// Why a rotation stopped, and what it had done by then.
#[derive(Debug)]
#[non_exhaustive]
pub enum RotateError {
    /// The old token could not be read: nothing was created or revoked.
    Read(Error),
    /// The password was not confirmed for sudo access (`POST /sudo`): nothing was created or
    /// revoked.
    Sudo(Error),
    /// The replacement could not be created: nothing was revoked.
    Create(Error),
    /// The replacement was created but the old token was not revoked: both are live.
    Revoke {
        /// The replacement, with its secret (shown nowhere else: keep it).
        created: Box<TokenCreatedResponse>,
        /// The old token's ID, still live.
        old: String,
        /// Why revoking failed.
        error: Error,
    },
}

impl RotateError {
    /// The error of the step that failed.
    pub fn error(&self) -> &Error {
        match self {
            RotateError::Read(e)
            | RotateError::Sudo(e)
            | RotateError::Create(e)
            | RotateError::Revoke { error: e, .. } => e,
        }
    }
}

impl fmt::Display for RotateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RotateError::Read(_) => {
                write!(f, "cannot read the token to rotate (nothing changed)")
            }
            RotateError::Sudo(_) => {
                write!(
                    f,
                    "the password was not confirmed for sudo access (nothing changed)"
                )
            }
            RotateError::Create(_) => {
                write!(f, "cannot create the replacement (nothing was revoked)")
            }
            RotateError::Revoke { created, old, .. } => write!(
                f,
                "the replacement {} was created, but revoking the old token {old} failed \
                 (both are live)",
                created.id
            ),
        }
    }
}

impl std::error::Error for RotateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.error())
    }
}

impl RotateToken {
    /// When the replacement expires (by default it does not).
    pub fn expires_at(mut self, at: DateTime<Utc>) -> Self {
        self.expires_at = Some(at);
        self
    }

    /// The one-time password of an account with two-factor authentication, for the create.
    pub fn fastly_otp(mut self, otp: impl Into<String>) -> Self {
        self.fastly_otp = Some(otp.into());
        self
    }

    /// Confirms the account's password first (`POST /sudo`, [`Client::request_sudo`]), so
    /// that a client holding a token, and no username and password of its own, creates the
    /// replacement as Fastly's CLI does: sudo, then a createToken form without credentials.
    ///
    /// ```
    /// # async fn f(client: fastly_tokens::Client, password: String) -> Result<(), fastly_tokens::RotateError> {
    /// let rotation = client
    ///     .rotate_token("2bFqLqJ8IuSkJ6vB1ZqXq0")
    ///     .sudo(fastly_tokens::SudoRequest::new(password))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn sudo(mut self, request: SudoRequest) -> Self {
        self.sudo = Some(request);
        self
    }

    /// Reads the old token and returns the request that would create its replacement, without
    /// creating or revoking anything (a dry run).
    pub async fn plan(&self) -> Result<(TokenResponse, CreateTokenRequest), RotateError> {
        let old = self
            .client
            .get_token(self.token_id.clone())
            .await
            .map_err(RotateError::Read)?
            .into_inner();
        let mut request = CreateTokenRequest::replacing(&old);
        if let Some(at) = self.expires_at {
            request = request.expires_at(at);
        }
        Ok((old, request))
    }

    /// Reads, creates, then revokes.
    pub async fn send(self) -> Result<Rotation, RotateError> {
        let (old, request) = self.plan().await?;
        if let Some(sudo) = self.sudo {
            self.client
                .request_sudo(sudo)
                .await
                .map_err(RotateError::Sudo)?;
        }
        let mut create = self.client.create_token(request);
        if let Some(otp) = self.fastly_otp {
            create = create.fastly_otp(otp);
        }
        let created = create.await.map_err(RotateError::Create)?.into_inner();
        match self.client.revoke_token(old.id.clone()).await {
            Ok(_) => Ok(Rotation { old, created }),
            Err(error) => Err(RotateError::Revoke {
                created: Box::new(created),
                old: old.id,
                error,
            }),
        }
    }
}

impl IntoFuture for RotateToken {
    type Output = Result<Rotation, RotateError>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'static>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
