//! Deliberate conveniences layered on the generated operations: what callers may pass where
//! an operation takes a spec type (a list of IDs for bulk revocation, a borrowed request).
//! The operations and their argument rules themselves are generated (`operations.rs`).

use crate::CreateTokenRequest;
use crate::types::{BulkRevokeRequest, TokenReference, TokenReferenceType};

/// Revoking by any collection of IDs (a `Vec`, an array, a slice, a `HashSet`, an iterator's
/// `collect`ed IDs, ...): each becomes a `{"id": ..., "type": "token"}` reference. The generated
/// operation checks the IDs and the list's length against the spec: an empty collection is
/// refused with [`Error::InvalidArgument`](crate::Error::InvalidArgument) before anything is
/// sent (Fastly would answer 400), so "revoke nothing" is a clear error, never a request.
///
/// ```
/// # async fn f(client: fastly_tokens::Client, tokens: Vec<fastly_tokens::TokenResponse>) -> Result<(), fastly_tokens::Error> {
/// let ci: Vec<String> = tokens
///     .into_iter()
///     .filter(|t| t.name.as_deref().is_some_and(|n| n.starts_with("ci-")))
///     .map(|t| t.id)
///     .collect();
/// if !ci.is_empty() {
///     client.bulk_revoke_tokens(ci).await?;
/// }
/// # Ok(()) }
/// ```
impl<I> From<I> for BulkRevokeRequest
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    fn from(ids: I) -> Self {
        references(ids)
    }
}

fn references<S: AsRef<str>>(ids: impl IntoIterator<Item = S>) -> BulkRevokeRequest {
    BulkRevokeRequest {
        data: ids
            .into_iter()
            .map(|id| TokenReference {
                id: id.as_ref().to_string(),
                type_: TokenReferenceType::Token,
            })
            .collect(),
    }
}

/// Passing a request by reference, as `client.create_token(&request)`.
impl From<&CreateTokenRequest> for CreateTokenRequest {
    fn from(request: &CreateTokenRequest) -> Self {
        request.clone()
    }
}
