//! `cargo xtask lint`: the committed spec is clean, and each review rule reports its rule name,
//! JSON pointer and line; `generate` refuses the same findings.

use tests::Scratch;

/// Lints the committed spec with `from` replaced by `to` (once) and returns the findings as
/// `rule pointer line` strings.
fn lint_with(from: &str, to: &str) -> Vec<String> {
    let spec = tests::committed_spec();
    assert_eq!(spec.matches(from).count(), 1, "{from:?}");
    let text = spec.replacen(from, to, 1);
    let parsed = xtask::spec::load(&text, xtask::SPEC_PATH).unwrap();
    xtask::lint::findings(&parsed, &text, xtask::SPEC_PATH)
        .iter()
        .map(|f| {
            format!(
                "{} {} {}",
                f.rule,
                f.location.pointer,
                f.location.line.map_or("?".into(), |l| l.to_string())
            )
        })
        .collect()
}

/// The 1-based line on which `marker` (unique in the committed spec) ends.
fn line_of(marker: &str) -> usize {
    let spec = tests::committed_spec();
    assert_eq!(spec.matches(marker).count(), 1, "{marker:?}");
    let at = spec.find(marker).unwrap() + marker.trim_end_matches('\n').len();
    spec[..at].lines().count()
}

#[test]
fn the_committed_spec_is_clean() {
    let findings = xtask::lint_in(&tests::root()).unwrap();
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn summary_missing() {
    assert_eq!(
        lint_with("      summary: Get the current token\n", ""),
        [format!(
            "operation-summary-missing /paths/~1tokens~1self/get {}",
            line_of("  /tokens/self:\n    get:")
        )]
    );
}

#[test]
fn description_missing() {
    assert_eq!(
        lint_with("      description: Get a single token by its ID.\n", ""),
        [format!(
            "operation-description-missing /paths/~1tokens~1{{token_id}}/get {}",
            line_of("      - $ref: \"#/components/parameters/token_id\"\n    get:")
        )]
    );
}

#[test]
fn tag_missing() {
    assert_eq!(
        lint_with(
            "      operationId: revoke-token\n      tags: [tokens]\n",
            "      operationId: revoke-token\n"
        ),
        [format!(
            "operation-tag-missing /paths/~1tokens~1{{token_id}}/delete {}",
            line_of("    delete:\n      operationId: revoke-token\n") - 1
        )]
    );
}

#[test]
fn security_missing() {
    let found = lint_with("security:\n  - token: []\npaths:", "paths:");
    assert_eq!(
        found.len(),
        7,
        "every operation but createToken: {found:#?}"
    );
    assert!(
        found
            .iter()
            .all(|f| f.starts_with("operation-security-missing "))
    );
}

#[test]
fn errors_undocumented() {
    assert_eq!(
        lint_with(
            "        \"401\":\n          $ref: \"#/components/responses/unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/forbidden\"\n    post:",
            "    post:"
        ),
        [format!(
            "operation-errors-undocumented /paths/~1tokens/get/responses {}",
            line_of(
                "      description: List all tokens belonging to the authenticated user.\n      responses:"
            )
        )]
    );
}

#[test]
fn parameter_description_missing() {
    assert_eq!(
        lint_with(
            "      description: Alphanumeric string identifying the customer.\n      x-departure:",
            "      x-departure:"
        ),
        [format!(
            "parameter-description-missing /components/parameters/customer_id {}",
            line_of("    customer_id:\n      name: customer_id") - 1
        )]
    );
}

#[test]
fn property_description_missing() {
    assert_eq!(
        lint_with(
            "          description: A legacy single-service limit; `null` on most tokens.\n",
            ""
        ),
        [format!(
            "property-description-missing /components/schemas/token_response/properties/service_id {}",
            line_of(
                "        service_id:\n          type: string\n          nullable: true\n          description: A legacy"
            ) - 3
        )]
    );
}

#[test]
fn progenitor_limits_are_lint_rules_too() {
    let found = lint_with("application/x-www-form-urlencoded:", "multipart/form-data:");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].starts_with(
        "request-body-media-type /paths/~1tokens/post/requestBody/content/multipart~1form-data "
    ));
}

#[test]
fn generate_refuses_what_lint_finds() {
    let spec = tests::committed_spec().replacen("      summary: Get the current token\n", "", 1);
    let scratch = Scratch::new(&spec);
    let before = scratch.generated();
    let err = xtask::generate_in(scratch.path(), xtask::Mode::Write)
        .unwrap_err()
        .to_string();
    assert!(err.contains("[operation-summary-missing]"), "{err}");
    assert_eq!(scratch.generated(), before);
}

#[test]
fn cookie_parameter() {
    let found = lint_with(
        "      operationId: list-tokens-user\n",
        "      operationId: list-tokens-user\n      parameters:\n        - name: session\n          \
         in: cookie\n          description: A session cookie.\n          schema:\n            \
         type: string\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("cookie-parameter /paths/~1tokens/get/parameters/0 ")
            && !found[0].ends_with(" ?"),
        "{found:?}"
    );
}

#[test]
fn path_parameter_undeclared() {
    let found = lint_with(
        "  /tokens/{token_id}:\n    parameters:\n      - $ref: \"#/components/parameters/token_id\"\n",
        "  /tokens/{token_id}:\n",
    );
    let rules: Vec<&str> = found
        .iter()
        .map(|f| f.rsplit_once(' ').unwrap().0)
        .collect();
    assert_eq!(
        rules,
        [
            "path-parameter-undeclared /paths/~1tokens~1{token_id}/get",
            "path-parameter-undeclared /paths/~1tokens~1{token_id}/delete",
        ],
        "{found:?}"
    );
}
