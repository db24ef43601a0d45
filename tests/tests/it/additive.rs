//! Additive spec changes are additive in Rust: caller code written against the committed
//! client (`tests/fixtures/additive/caller.rs`) still compiles after a new optional parameter,
//! a new response property and a new operation, and stops compiling after a breaking change
//! (the control, so the test can fail). `cargo xtask diff` judges both the same way.

use std::path::Path;

use xtask::Mode;

/// CONTRIBUTING.md's "Changing the API": an optional query parameter, a response property, an operation.
const ADDITIVE: [(&str, &str); 3] = [
    (
        "      operationId: list-tokens-user\n",
        "      operationId: list-tokens-user\n      parameters:\n        - name: page\n          \
         in: query\n          required: false\n          description: Which page of tokens to \
         return, from 1.\n          schema:\n            type: integer\n            minimum: 1\n",
    ),
    (
        "      x-cli-columns: [id, name, scope, created_at, last_used_at, expires_at, services]\n      properties:\n",
        "      x-cli-columns: [id, name, scope, created_at, last_used_at, expires_at, services]\n      properties:\n        \
         tls_only:\n          type: boolean\n          description: Whether the token may be \
         used over TLS only.\n",
    ),
    (
        "components:\n",
        "  /tokens/{token_id}/usage:\n    parameters:\n      - $ref: \
         \"#/components/parameters/token_id\"\n    get:\n      operationId: get-token-usage\n      \
         tags: [tokens]\n      summary: Get a token's usage\n      description: The token with \
         when and from where it was last used.\n      responses:\n        \"200\":\n          \
         description: The token.\n          content:\n            application/json:\n              \
         schema:\n                $ref: \"#/components/schemas/token_response\"\n        \
         \"401\":\n          $ref: \"#/components/responses/unauthorized\"\n        \"403\":\n          \
         $ref: \"#/components/responses/forbidden\"\n        \"404\":\n          $ref: \
         \"#/components/responses/not_found\"\ncomponents:\n",
    ),
];

/// The control: the same parameter, required. Every `list_tokens_user()` call now misses it.
const BREAKING: (&str, &str) = (
    "      operationId: list-tokens-user\n",
    "      operationId: list-tokens-user\n      parameters:\n        - name: page\n          \
     in: query\n          required: true\n          description: Which page of tokens to \
     return, from 1.\n          schema:\n            type: integer\n",
);

fn edit(spec: &str, edits: &[(&str, &str)]) -> String {
    let mut out = spec.to_string();
    for (from, to) in edits {
        assert_eq!(out.matches(from).count(), 1, "{from:?}");
        out = out.replacen(from, to, 1);
    }
    out
}

/// Generates from `spec` in a copy of the workspace, then `cargo check`s the caller there;
/// returns whether it compiled, and the compiler's output.
fn caller_compiles(dir: &Path, spec: &str) -> (bool, String) {
    std::fs::write(dir.join(xtask::SPEC_PATH), spec).unwrap();
    xtask::generate_in(dir, Mode::Write).expect("the spec generates");
    tests::cargo_check(
        dir,
        &["-p", "fastly-tokens", "--example", "additive_caller"],
    )
}

#[test]
fn additive_spec_changes_keep_caller_code_compiling() {
    let committed = tests::committed_spec();
    let dir = tempfile::tempdir().unwrap();
    tests::copy_workspace(dir.path());
    std::fs::copy(
        tests::root().join("tests/fixtures/additive/caller.rs"),
        dir.path()
            .join("crates/fastly-tokens/examples/additive_caller.rs"),
    )
    .unwrap();

    let (ok, errors) = caller_compiles(dir.path(), &committed);
    assert!(
        ok,
        "the caller must compile against the committed client:\n{errors}"
    );

    let additive = edit(&committed, &ADDITIVE);
    let (ok, errors) = caller_compiles(dir.path(), &additive);
    assert!(ok, "an additive spec change broke caller code:\n{errors}");
    let operations = std::fs::read_to_string(dir.path().join(xtask::OPERATIONS_PATH)).unwrap();
    assert!(
        operations.contains("pub fn get_token_usage("),
        "the new operation is public"
    );
    assert!(
        operations.contains("pub fn page("),
        "the new parameter is a setter"
    );
    // The CLI: the new operation is a subcommand and the new parameter a flag, with no
    // hand-written line, and the CLI crate still compiles.
    let commands = std::fs::read_to_string(dir.path().join(xtask::CLI_PATH)).unwrap();
    assert!(
        commands.contains(r#"name: "get-usage""#),
        "the new subcommand"
    );
    assert!(commands.contains(r#"Place::Flag("page")"#), "the new flag");
    let (ok, errors) = tests::cargo_check(dir.path(), &["-p", "fastly-tokens-cli"]);
    assert!(ok, "an additive spec change broke the CLI:\n{errors}");

    let (ok, errors) = caller_compiles(dir.path(), &edit(&committed, &[BREAKING]));
    assert!(
        !ok,
        "a required parameter must break `list_tokens_user()` callers"
    );
    assert!(errors.contains("list_tokens_user"), "{errors}");
}

#[test]
fn the_diff_judges_them_alike() {
    let committed = tests::committed_spec();
    let additive = xtask::diff::compare_texts(
        &tests::root(),
        &committed,
        &edit(&committed, &ADDITIVE),
        "main",
    )
    .unwrap();
    assert_eq!(
        additive.headline(),
        "wire: 0 breaking, 0 potentially breaking, 3 informational; Rust: minor (0.1.0 -> 0.1.1)",
        "{}",
        additive.render(xtask::diff::Format::Markdown)
    );
    let keys: Vec<&str> = additive
        .rust_changes
        .iter()
        .map(|c| c.item.as_str())
        .collect();
    for expected in [
        "fn Client::get_token_usage",
        "fn operations::ListTokensUser::page",
        "field types::TokenResponse.tls_only",
        "fn types::TokenResponse::tls_only",
        "fn MockServerExt::get_token_usage",
    ] {
        assert!(keys.contains(&expected), "{expected} in {keys:?}");
    }
    let breaking = xtask::diff::compare_texts(
        &tests::root(),
        &committed,
        &edit(&committed, &[BREAKING]),
        "main",
    )
    .unwrap();
    assert_eq!(
        breaking.headline(),
        "wire: 1 breaking, 0 potentially breaking, 0 informational; Rust: major (0.1.0 -> 0.2.0)"
    );
}
