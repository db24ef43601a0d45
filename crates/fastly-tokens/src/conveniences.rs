//! Deliberate conveniences layered on the generated operations: what callers may pass where
//! an operation takes a spec type (a list of IDs for bulk revocation, a borrowed request).
//! The operations and their argument rules themselves are generated (`operations.rs`).

use crate::CreateTokenRequest;
use crate::types::{BulkRevokeRequest, TokenReference, TokenReferenceType};

/// Revoking by a list of IDs: each becomes a `{"id": ..., "type": "token"}` reference. The
/// generated operation checks the IDs and the list's length against the spec.
impl<S: AsRef<str>> From<Vec<S>> for BulkRevokeRequest {
    fn from(ids: Vec<S>) -> Self {
        references(ids)
    }
}

/// Revoking by an array of IDs; see the `Vec` conversion.
impl<S: AsRef<str>, const N: usize> From<[S; N]> for BulkRevokeRequest {
    fn from(ids: [S; N]) -> Self {
        references(ids)
    }
}

/// Revoking by a slice of IDs; see the `Vec` conversion.
impl<S: AsRef<str>> From<&[S]> for BulkRevokeRequest {
    fn from(ids: &[S]) -> Self {
        references(ids)
    }
}

/// Revoking by a borrowed list of IDs; see the `Vec` conversion.
impl<S: AsRef<str>> From<&Vec<S>> for BulkRevokeRequest {
    fn from(ids: &Vec<S>) -> Self {
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
