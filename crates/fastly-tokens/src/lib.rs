//! Typed async client for Fastly's Tokens API, generated from `spec/fastly-tokens.yaml`.
#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
// On docs.rs (nightly), each feature-gated item is marked with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

// Lets generated code name hand-written types by one absolute path, `::fastly_tokens::...`,
// that also resolves in the generated mock crate.
extern crate self as fastly_tokens;

mod api_error;
mod check;
mod client;
mod conveniences;
mod create;
mod error;
#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, dead_code, unused_imports, unused_mut)]
mod generated;
mod hooks;
#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, unused_imports)]
pub mod operations;
mod rotate;
mod runtime;
#[cfg(feature = "schemars")]
mod schema;
mod scope;
mod secret;
mod sudo;
mod tls;

pub use api_error::{ApiError, ErrorCode, RateLimit};
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL, TOKEN_ENV};
pub use create::{CreateTokenRequest, ScopesArg};
pub use error::{Error, TransportError};
/// The trait of a paged operation's `pages()` and `items()` (futures-core's, which every
/// stream library implements and reads): `futures_util::StreamExt` or `tokio_stream`'s give
/// them `.next().await` and the rest.
pub use futures_core::Stream;
/// The request and response types, generated from the spec's schemas.
pub use generated::types;
/// HTTP status codes, as [`Error::status`] and [`ApiError::status`] give them (the `http`
/// crate's, which reqwest and hyper share).
pub use http::StatusCode;
/// A success body that is not JSON, handed over unread: a stream of [`bytes::Bytes`] chunks
/// (progenitor-client's), bounded by the body limit as every body is.
pub use progenitor_client::ByteStream;
/// A connection upgraded to a websocket by an operation that asks for one
/// (`x-dropshot-websocket`): reqwest's, read and written as the protocol the server speaks.
pub use reqwest::Upgraded;
pub use rotate::{RotateError, RotateToken, Rotation};
pub use runtime::guard::DEFAULT_BODY_LIMIT;
pub use runtime::response::Response;
pub use runtime::retry::RetryPolicy;
pub use scope::{Scope, ScopeError, Scopes, UnknownScope};
pub use secret::{AccessToken, SECRET_FORM_FIELDS, SECRET_HEADERS};
pub use sudo::SudoRequest;
pub use types::{TokenCreatedResponse, TokenResponse};

/// The workspace README's examples, compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct WorkspaceReadme;

/// CONTRIBUTING.md's examples, compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../CONTRIBUTING.md")]
struct WorkspaceContributing;
