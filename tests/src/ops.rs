//! Calls any operation the spec declares by its operationId, with valid arguments, so a test
//! can run over every operation; an operation with no call here fails loudly, never silently.

use fastly_tokens::{Client, CreateTokenRequest, Error};
use openapiv3::{ReferenceOr, StatusCode};

/// One operation of the committed spec.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Its operationId.
    pub id: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path template.
    pub path: String,
    /// Whether its success response has a body the client decodes.
    pub decodes_body: bool,
}

/// Every operation of the committed spec, in document order; never empty.
pub fn spec_operations() -> Vec<Operation> {
    let text = crate::committed_spec();
    let spec = xtask::spec::load(&text, xtask::SPEC_PATH).expect("the committed spec loads");
    let out: Vec<Operation> = xtask::preflight::operations(&spec)
        .into_iter()
        .map(|(_, method, path, op)| Operation {
            id: op
                .operation_id
                .clone()
                .expect("lint requires an operationId"),
            method: method.to_ascii_uppercase(),
            path,
            decodes_body: op.responses.responses.iter().any(|(status, response)| {
                matches!(status, StatusCode::Code(c) if (200..300).contains(c))
                    && matches!(response, ReferenceOr::Item(r) if !r.content.is_empty())
            }),
        })
        .collect();
    assert!(!out.is_empty(), "the spec declares no operation");
    out
}

/// An ID every path parameter accepts.
pub const ID: &str = "7kzHzX5GPXxuQx0dAIBV2D";

/// The one-time password `call` sends with createToken.
pub const OTP: &str = "123456";

/// Calls `operation_id` on `client`; the success value comes back as its `Debug` text.
///
/// Panics when the operation has no call here: a new operation in the spec must be added,
/// and every test that runs over the spec's operations says so until it is.
pub async fn call(client: &Client, operation_id: &str) -> Result<String, Error> {
    fn show<T: std::fmt::Debug>(r: Result<T, Error>) -> Result<String, Error> {
        r.map(|v| format!("{v:?}"))
    }
    match operation_id {
        "list-tokens-user" => show(client.list_tokens_user().await),
        "list-tokens-customer" => show(client.list_tokens_customer(ID).await),
        "get-token" => show(client.get_token(ID).await),
        "get-token-current" => show(client.get_token_current().await),
        "create-token" => {
            let request = CreateTokenRequest::new("ci deploy").otp(OTP);
            show(client.create_token(&request).await)
        }
        "revoke-token" => show(client.revoke_token(ID).await),
        "revoke-token-current" => show(client.revoke_token_current().await),
        "bulk-revoke-tokens" => show(client.bulk_revoke_tokens([ID]).await),
        other => panic!(
            "tests/src/ops.rs has no call for the spec's operation {other:?}: add one, so every \
             test that runs over the spec's operations covers it"
        ),
    }
}
