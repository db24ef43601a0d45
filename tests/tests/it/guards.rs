//! The guards bite: a spec change changes the surface listing and fails the drift check, and
//! a bad spec stops the xtask with a located error, leaving every generated file untouched.

use tests::{Scratch, refused};
use xtask::{FileState, Mode};

/// Generates from `spec` in a scratch copy of the workspace in check mode and returns the
/// fresh public API listing and whether every generated file was reported stale.
fn check_modified(spec: &str) -> (String, bool) {
    let scratch = Scratch::new(spec);
    let report = xtask::generate_in(scratch.path(), Mode::Check).expect("modified spec generates");
    // The code files; the rule pages under docs/ do not depend on the spec.
    let code: Vec<_> = report
        .files
        .iter()
        .filter(|(path, _)| {
            xtask::GENERATED_PATHS
                .iter()
                .any(|p| path.as_os_str() == *p)
        })
        .collect();
    assert_eq!(code.len(), xtask::GENERATED_PATHS.len());
    let stale = code
        .iter()
        .all(|(_, s)| matches!(s, FileState::Stale(d) if d.contains("@@")));
    let fresh = xtask::render_all(spec, xtask::SPEC_PATH).unwrap();
    let api = tests::surface::read(&tests::root(), &fresh).unwrap();
    (api.listing(), stale)
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once");
    text.replacen(from, to, 1)
}

#[test]
fn a_new_parameter_changes_the_surface_and_fails_the_check() {
    let spec = replace_once(
        &tests::committed_spec(),
        "      operationId: list-tokens-user\n",
        "      operationId: list-tokens-user\n      parameters:\n        - name: page\n          \
         in: query\n          required: true\n          description: Page.\n          \
         schema:\n            type: integer\n",
    );
    let (surface, stale) = check_modified(&spec);
    let committed = tests::surface::read(&tests::root(), &[]).unwrap().listing();
    assert!(stale, "the drift check must fail for every generated file");
    assert!(
        !committed.contains("list_tokens_user(&self, page"),
        "{committed}"
    );
    assert!(
        surface.contains(
            "fn Client::list_tokens_user(&self, page: i64) -> ListTokensUser [GET /tokens]"
        ),
        "{surface}"
    );
    assert!(
        surface.contains("fn operations::ListTokensUserWhen::page(self, value: i64)"),
        "{surface}"
    );
}

#[test]
fn a_retyped_field_changes_the_surface_and_fails_the_check() {
    let spec = replace_once(
        &tests::committed_spec(),
        // `token_response`'s: the item type of `services` comes just before it.
        "            type: string\n        service_id:\n          type: string\n",
        "            type: string\n        service_id:\n          type: integer\n",
    );
    let (surface, stale) = check_modified(&spec);
    assert!(stale, "the drift check must fail");
    assert!(surface.contains("service_id: Option<i64>"), "{surface}");
}

#[test]
fn write_mode_rewrites_only_a_stale_file_and_then_it_is_fresh() {
    let scratch = Scratch::new(&tests::committed_spec());
    let path = scratch.path().join(xtask::CLIENT_PATH);
    std::fs::write(&path, "// edited by hand\n").unwrap();
    let report = xtask::generate_in(scratch.path(), Mode::Write).unwrap();
    assert_eq!(report.files[0].1, FileState::Written);
    assert_eq!(
        scratch.read(xtask::CLIENT_PATH),
        tests::committed_client().into_bytes()
    );
    let again = xtask::generate_in(scratch.path(), Mode::Write).unwrap();
    assert_eq!(again.files[0].1, FileState::UpToDate);
}

/// Runs write mode on a scratch workspace holding `spec` and returns the error text, after
/// asserting every generated file is byte-identical.
#[track_caller]
fn spec_with(from: &str, to: &str) -> String {
    replace_once(&tests::committed_spec(), from, to)
}

#[test]
fn empty_spec() {
    assert_eq!(
        refused(""),
        "spec/fastly-tokens.yaml: the document is empty"
    );
}

#[test]
fn missing_spec_file() {
    let scratch = Scratch::new("");
    std::fs::remove_file(scratch.path().join(xtask::SPEC_PATH)).unwrap();
    let err = xtask::generate_in(scratch.path(), Mode::Check)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("spec/fastly-tokens.yaml") && err.contains("No such file"),
        "{err}"
    );
}

#[test]
fn malformed_yaml() {
    let err = refused(&spec_with(
        "  title: Fastly Tokens API\n",
        "  title: [Fastly\n",
    ));
    assert!(
        err.starts_with("spec/fastly-tokens.yaml:8: not valid YAML"),
        "{err}"
    );
}

#[test]
fn openapi_3_1() {
    assert_eq!(
        refused(&spec_with("openapi: 3.0.3", "openapi: 3.1.0")),
        "spec/fastly-tokens.yaml:5: at openapi: OpenAPI 3.1.0 is not supported: progenitor \
         0.15.1 reads OpenAPI 3.0.x only (upstream progenitor#1268)"
    );
}

#[test]
fn not_an_openapi_document() {
    let err = refused(&spec_with(
        "      operationId: get-token\n",
        "      operationId: [1]\n",
    ));
    assert!(
        err.contains(
            "at paths./tokens/{token_id}.get.operationId: [oas-schema] value is not of type \"string\""
        ),
        "{err}"
    );
}

#[test]
fn missing_operation_id() {
    let err = refused(&spec_with("      operationId: revoke-token-current\n", ""));
    assert!(
        err.contains("at paths./tokens/self.delete: [operation-id-missing]"),
        "{err}"
    );
}

#[test]
fn duplicate_operation_id() {
    let err = refused(&spec_with(
        "operationId: revoke-token-current",
        "operationId: revoke-token",
    ));
    assert!(err.contains("[operation-id-duplicate]"), "{err}");
}

#[test]
fn unsupported_media_type() {
    // createToken's form (the one with an `encoding`).
    let err = refused(&spec_with(
        "application/x-www-form-urlencoded:\n            schema:\n              $ref: \"#/components/schemas/create_token_request\"",
        "multipart/form-data:\n            schema:\n              $ref: \"#/components/schemas/create_token_request\"",
    ));
    assert!(
        err.contains("at paths./tokens.post.requestBody.content.multipart/form-data: [request-body-media-type]"),
        "{err}"
    );
}

#[test]
fn two_media_types_on_one_body() {
    let err = refused(&spec_with(
        "          \"application/vnd.api+json; ext=bulk\":\n",
        "          application/json:\n            schema:\n              type: object\n          \"application/vnd.api+json; ext=bulk\":\n",
    ));
    assert!(err.contains("[request-body-media-types]"), "{err}");
}

#[test]
fn dangling_ref() {
    let err = refused(&spec_with(
        "$ref: \"#/components/schemas/token_reference\"",
        "$ref: \"#/components/schemas/nothing_here\"",
    ));
    assert!(
        err.contains(
            "at components.schemas.bulk_revoke_request.properties.data.items.$ref: [ref-unresolved]"
        ),
        "{err}"
    );
}

#[test]
fn form_encoding_without_a_hand_written_encoder() {
    let err = refused(&spec_with(
        "$ref: \"#/components/schemas/create_token_request\"",
        "type: object",
    ));
    assert!(err.contains("[request-body-encoding]"), "{err}");
}

#[test]
fn mixed_success_responses() {
    let err = refused(&spec_with(
        "        \"204\":\n          description: The tokens were revoked.\n",
        "        \"200\":\n          description: Some.\n          content:\n            application/json:\n              schema:\n                type: object\n        \"204\":\n          description: The tokens were revoked.\n",
    ));
    assert!(
        err.contains("at paths./tokens.delete.responses: [success-responses-mixed]"),
        "{err}"
    );
}

/// A success response of a `+json` media type generates (bridge 5 of `xtask/src/generate/adapt.rs`):
/// typed like `application/json`, with the declared type recorded for the `Accept` header
/// (`hooks.rs` sends it; its unit test proves that); a plain-text success is still refused.
#[test]
fn plus_json_success_responses_are_typed() {
    let from =
        "          description: The token.\n          content:\n            application/json:";
    let spec = spec_with(
        from,
        "          description: The token.\n          content:\n            application/vnd.fastly.token+json:",
    );
    let files = xtask::render_all(&spec, xtask::SPEC_PATH).unwrap();
    let text = |suffix: &str| {
        files
            .iter()
            .find(|(p, _)| p.to_string_lossy().ends_with(suffix))
            .map(|(_, t)| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap()
    };
    // Layout-free: no spaces, no trailing commas.
    let compact = |t: String| t.replace(' ', "").replace(",]", "]").replace(",)", ")");
    // The operation's description asks for the declared media type; no other one does.
    let client = compact(text("fastly-tokens/src/generated.rs"));
    let row = &client[client.find("name:\"get_token\"").unwrap()..];
    let row = &row[..row
        .find("crate::runtime::operation::Operation")
        .unwrap_or(row.len())];
    assert!(
        row.contains("accept:Some(\"application/vnd.fastly.token+json\")"),
        "{row}"
    );
    assert_eq!(client.matches("accept:Some(").count(), 1, "{client}");
    assert!(
        compact(text("src/operations.rs")).replace(",>", ">").contains(
            "pubfnsend(self)->implFuture<Output=Result<Response<types::TokenResponse>,Error>>+Send+'static{letdeadline"
        ),
        "GetToken still returns the typed token"
    );

    let plain = spec_with(
        from,
        "          description: The token.\n          content:\n            text/plain:",
    );
    // A success body that is not JSON is handed over unread, as progenitor types it.
    let files = xtask::render_all(&plain, xtask::SPEC_PATH).unwrap();
    let (_, operations) = files
        .iter()
        .find(|(p, _)| p.to_string_lossy().ends_with("src/operations.rs"))
        .unwrap();
    assert!(
        compact(operations.split_whitespace().collect::<Vec<_>>().join(" "))
            .contains("Result<Response<crate::ByteStream>,Error>"),
        "GetToken returns the body unread"
    );
}

/// A load error inside a sequence names the item (`parameters.0`) and its line: the loader
/// reads serde_path_to_error's structured path, not its dotted text (`parameters[0`).
#[test]
fn a_load_error_inside_a_sequence_names_the_item_and_its_line() {
    let spec = spec_with(
        "    get:\n      operationId: get-token\n",
        "    get:\n      operationId: get-token\n      parameters:\n        - name: page\n          \
         in: nowhere\n          schema:\n            type: integer\n",
    );
    let line = spec
        .lines()
        .position(|l| l == "        - name: page")
        .unwrap()
        + 1;
    let err = xtask::spec::load(&spec, "case.yaml").unwrap_err();
    let xtask::Error::Spec { location, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(
        location.pointer,
        "/paths/~1tokens~1{token_id}/get/parameters/0"
    );
    assert_eq!(location.line, Some(line), "{err}");
    assert!(
        err.to_string().starts_with(&format!(
            "case.yaml:{line}: at paths./tokens/{{token_id}}.get.parameters.0: "
        )),
        "{err}"
    );
}
