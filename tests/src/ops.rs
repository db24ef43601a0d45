//! Calls any operation the spec declares by its operationId, with valid arguments, so a test
//! can run over every operation; an operation with no call here fails loudly, never silently.

use fastly_tokens::types::AutomationTokenCreateRequest;
use fastly_tokens::{Client, CreateTokenRequest, Error, SudoRequest};
use openapiv3::{ReferenceOr, SchemaKind, StatusCode, Type};

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
    /// Whether that body is a JSON array (a list operation).
    pub returns_array: bool,
    /// The status of its first success response, and an example body built from the spec's
    /// examples (`xtask::generate::example_success`), if the response has one.
    pub example: (u16, Option<String>),
    /// Whether that body is a user token or a list of them (`token_response`, or
    /// `token_created_response`), for which [`TOKEN_JSON`](crate::server::TOKEN_JSON) stands.
    pub user_token: bool,
}

impl Operation {
    /// A success reply this operation accepts: a list or a single user token as JSON, an
    /// example of any other declared body, or the declared empty answer.
    pub fn success(&self) -> crate::server::Reply {
        use crate::server::{Reply, TOKEN_JSON};
        match (&self.example, self.user_token, self.returns_array) {
            ((status, Some(_)), true, true) => Reply::json(*status, &format!("[{TOKEN_JSON}]")),
            ((status, Some(_)), true, false) => Reply::json(*status, TOKEN_JSON),
            ((status, Some(body)), false, _) => Reply::json(*status, body),
            ((status, None), _, _) => Reply::empty(*status),
        }
    }
}

/// Every operation of the committed spec, in document order; never empty.
pub fn spec_operations() -> Vec<Operation> {
    let text = crate::committed_spec();
    let spec = xtask::spec::load(&text, xtask::SPEC_PATH).expect("the committed spec loads");
    let out: Vec<Operation> = xtask::spec::model::operations(&spec)
        .into_iter()
        .map(|found| {
            let example = xtask::generate::example_success(&spec, &found)
                .map(|(status, body)| (status, body.map(|b| b.to_string())))
                .unwrap_or((200, None));
            let xtask::spec::model::Op { method, path, op, .. } = found;
            let success = op.responses.responses.iter().find_map(|(status, response)| {
                match (status, response) {
                    (StatusCode::Code(c), ReferenceOr::Item(r)) if (200..300).contains(c) => {
                        Some(r)
                    }
                    _ => None,
                }
            });
            let schema = success
                .and_then(|r| r.content.values().next())
                .and_then(|m| m.schema.as_ref());
            Operation {
                id: op
                    .operation_id
                    .clone()
                    .expect("lint requires an operationId"),
                method: method.to_ascii_uppercase(),
                path: path.to_string(),
                decodes_body: success.is_some_and(|r| !r.content.is_empty()),
                returns_array: matches!(
                    schema,
                    Some(ReferenceOr::Item(s)) if matches!(s.schema_kind, SchemaKind::Type(Type::Array(_)))
                ),
                example,
                user_token: schema.is_some_and(is_user_token),
            }
        })
        .collect();
    assert!(!out.is_empty(), "the spec declares no operation");
    out
}

/// Whether `schema` is a user token, a created one, or a list of user tokens.
fn is_user_token(schema: &ReferenceOr<openapiv3::Schema>) -> bool {
    let named = |r: &str| {
        matches!(
            r.rsplit('/').next(),
            Some("token_response" | "token_created_response")
        )
    };
    match schema {
        ReferenceOr::Reference { reference } => named(reference),
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Type(Type::Array(a)) => {
                matches!(&a.items, Some(ReferenceOr::Reference { reference }) if named(reference))
            }
            _ => false,
        },
    }
}

/// An ID every path parameter accepts.
pub const ID: &str = "7kzHzX5GPXxuQx0dAIBV2D";

/// The one-time password `call` sends with createToken.
pub const OTP: &str = "123456";

/// What [`call_with`] passes: each operation takes the arguments it needs.
#[derive(Clone, Debug)]
pub struct Args {
    /// getToken's and revokeToken's `token_id`.
    pub token_id: String,
    /// listTokensCustomer's `customer_id`.
    pub customer_id: String,
    /// createToken's request.
    pub create: CreateTokenRequest,
    /// createToken's one-time password (`Fastly-OTP`), if any.
    pub otp: Option<String>,
    /// bulkRevokeTokens's token IDs.
    pub bulk: Vec<String>,
    /// requestSudo's request.
    pub sudo: SudoRequest,
    /// createAutomationToken's request.
    pub automation: AutomationTokenCreateRequest,
    /// The automation-token operations' `id`.
    pub automation_id: String,
    /// The paged operations' `page` and `per_page`, if set.
    pub page: (Option<u64>, Option<u64>),
}

impl Default for Args {
    /// Valid arguments for every operation ([`ID`], a named token with [`OTP`]).
    fn default() -> Self {
        Args {
            token_id: ID.into(),
            customer_id: ID.into(),
            create: CreateTokenRequest::new("ci deploy"),
            otp: Some(OTP.into()),
            bulk: vec![ID.into()],
            sudo: SudoRequest::new("pw-SECRET").username("me@example.com"),
            automation: AutomationTokenCreateRequest::new("ci deploy", "engineer"),
            automation_id: ID.into(),
            page: (None, None),
        }
    }
}

/// Calls the operation `operation_id` with valid arguments ([`Args::default`]); the result's
/// value as `Debug` text.
pub async fn call(client: &Client, operation_id: &str) -> Result<String, Error> {
    call_with(client, operation_id, &Args::default()).await
}

/// Calls the operation `operation_id` with `args`; the result's value as `Debug` text.
///
/// Panics when the operation has no call here: a new operation in the spec must be added, so
/// no test that runs over the spec's operations skips it.
pub async fn call_with(client: &Client, operation_id: &str, args: &Args) -> Result<String, Error> {
    fn show<T: std::fmt::Debug>(r: Result<T, Error>) -> Result<String, Error> {
        r.map(|v| format!("{v:?}"))
    }
    match operation_id {
        "list-tokens-user" => show(client.list_tokens_user().await),
        "list-tokens-customer" => show(client.list_tokens_customer(&args.customer_id).await),
        "get-token" => show(client.get_token(&args.token_id).await),
        "get-token-current" => show(client.get_token_current().await),
        "create-token" => {
            let mut call = client.create_token(&args.create);
            if let Some(otp) = &args.otp {
                call = call.fastly_otp(otp);
            }
            show(call.await)
        }
        "revoke-token" => show(client.revoke_token(&args.token_id).await),
        "revoke-token-current" => show(client.revoke_token_current().await),
        "bulk-revoke-tokens" => show(client.bulk_revoke_tokens(args.bulk.clone()).await),
        "request-sudo" => show(client.request_sudo(args.sudo.clone()).await),
        "list-automation-tokens" => {
            let mut call = client.list_automation_tokens();
            if let Some(page) = args.page.0 {
                call = call.page(page);
            }
            if let Some(size) = args.page.1 {
                call = call.per_page(size);
            }
            show(call.await)
        }
        "create-automation-token" => show(
            client
                .create_automation_token(args.automation.clone())
                .await,
        ),
        "get-automation-token" => show(client.get_automation_token(&args.automation_id).await),
        "revoke-automation-token" => {
            show(client.revoke_automation_token(&args.automation_id).await)
        }
        "list-automation-token-services" => {
            let mut call = client.list_automation_token_services(&args.automation_id);
            if let Some(page) = args.page.0 {
                call = call.page(page);
            }
            if let Some(size) = args.page.1 {
                call = call.per_page(size);
            }
            show(call.await)
        }
        other => panic!(
            "tests/src/ops.rs has no call for the spec's operation {other:?}: add one, so every \
             test that runs over the spec's operations covers it"
        ),
    }
}
