//! `cargo xtask diff`: every rule class on fixture pairs (tests/fixtures/diff), reports kept as
//! insta snapshots, and one run against real git revisions in a temporary repository.

use std::path::Path;

use xtask::diff::{Format, Level, Options, compare_texts};

mod ci;
mod upstream;

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    /// Edits made to both sides first: the situation the case starts from.
    #[serde(default)]
    given: Vec<Edit>,
    edits: Vec<Edit>,
    /// (rule, level): every change the case must produce, and nothing else.
    expect: Vec<(String, String)>,
    /// The same, read from new to old, when the case asserts it.
    reverse: Option<Vec<(String, String)>>,
}

#[derive(serde::Deserialize)]
struct Edit {
    from: String,
    to: String,
}

fn fixture(name: &str) -> String {
    tests::committed(&format!("tests/fixtures/diff/{name}"))
}

fn cases() -> Vec<Case> {
    serde_json::from_value(xtask::spec::value(&fixture("cases.yaml")).unwrap()).unwrap()
}

/// Applies `edits` to `text`; every `from` must occur exactly once.
fn apply(case: &str, text: &str, edits: &[Edit]) -> String {
    let mut out = text.to_string();
    for edit in edits {
        assert_eq!(
            out.matches(&edit.from).count(),
            1,
            "{case}: {:?}",
            edit.from
        );
        out = out.replacen(&edit.from, &edit.to, 1);
    }
    out
}

/// The case's two sides: (old, new).
fn sides(case: &Case) -> (String, String) {
    let old = apply(&case.name, &fixture("base.yaml"), &case.given);
    let new = apply(&case.name, &old, &case.edits);
    (old, new)
}

/// The wire changes from `old` to `new` (no Rust side: fast).
fn wire(old: &str, new: &str) -> Vec<xtask::diff::Change> {
    let old = xtask::spec::load(old, "old.yaml").unwrap();
    let new = xtask::spec::load(new, "new.yaml").unwrap();
    xtask::diff::compare(&old, &new)
}

fn rules_and_levels(changes: &[xtask::diff::Change]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = changes
        .iter()
        .map(|c| (c.rule.to_string(), c.level.to_string()))
        .collect();
    out.sort();
    out
}

#[test]
fn the_base_fixture_is_clean_and_generates() {
    let base = fixture("base.yaml");
    assert_eq!(
        xtask::lint::findings(&base, "base.yaml", &Default::default()).unwrap(),
        vec![]
    );
    xtask::render_all(&base, "base.yaml").unwrap();
}

#[test]
fn every_rule_class() {
    let cases = cases();
    assert!(cases.len() >= 12);
    let mut mismatches = Vec::new();
    for case in cases {
        let (old, new) = sides(&case);
        let report = compare_texts(&tests::root(), &old, &new, "base").unwrap();
        let found = rules_and_levels(&report.changes);
        let mut expected = case.expect.clone();
        expected.sort();
        if found != expected {
            mismatches.push(format!(
                "{}: expected {expected:?}, found {found:?}",
                case.name
            ));
        }
        if let Some(reverse) = &case.reverse {
            let mut expected = reverse.clone();
            expected.sort();
            let found = rules_and_levels(&wire(&new, &old));
            if found != expected {
                mismatches.push(format!(
                    "{} (reversed): expected {expected:?}, found {found:?}",
                    case.name
                ));
            }
        }
        insta::assert_snapshot!(
            format!("diff_{}", case.name),
            report.render(Format::Markdown)
        );
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// oasdiff's `TestRuleSymmetry`, on every case: read from new to old, each change reports a
/// rule its rule names as a mirror, one for one. And the mirror relation is symmetric.
#[test]
fn every_case_reversed_reports_the_mirror_rules() {
    use xtask::diff::wire::RULES;
    for rule in RULES {
        assert!(!rule.mirror.is_empty(), "`{}` has no mirror rule", rule.id);
        for m in rule.mirror {
            assert!(
                m.rule().mirror.contains(&rule.id),
                "`{}` mirrors `{m}`, but `{m}` does not mirror it",
                rule.id
            );
        }
    }
    let mut problems = Vec::new();
    for case in cases() {
        let (old, new) = sides(&case);
        let forward = wire(&old, &new);
        let mut backward = wire(&new, &old);
        for change in &forward {
            let mirror = change.rule.rule().mirror;
            match backward.iter().position(|b| mirror.contains(&b.rule)) {
                Some(i) => {
                    backward.remove(i);
                }
                None => problems.push(format!(
                    "{}: `{}` ({}) has no mirror among the reversed changes",
                    case.name, change.rule, change.message
                )),
            }
        }
        for b in backward {
            problems.push(format!(
                "{}: reversed, `{}` ({}) mirrors nothing found forward",
                case.name, b.rule, b.message
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn json_output_is_stable() {
    let base = fixture("base.yaml");
    let new = base.replacen(
        "        notes:\n          description: Free-form notes.\n          type: string\n",
        "",
        1,
    );
    let report = compare_texts(&tests::root(), &base, &new, "base").unwrap();
    let json: serde_json::Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
    assert_eq!(json["breaking"], 0);
    assert_eq!(json["changes"][0]["rule"], "request-property-removed");
    // A change inside a shared component is reported once, at the component, with the
    // operations that meet it.
    assert_eq!(
        json["changes"][0]["pointer"],
        "/components/schemas/widget_create/properties/notes"
    );
    assert_eq!(
        json["changes"][0]["used_by"],
        serde_json::json!(["POST /widgets"])
    );
    assert!(
        json["rust_surface_diff"]
            .as_str()
            .unwrap()
            .contains("-  field types::WidgetCreate.notes: Option<String>"),
        "{json}"
    );
    // Removing a field from the Rust type breaks callers that set it, whatever the wire says.
    assert_eq!(json["rust"]["bump"], "major");
    assert_eq!(json["rust"]["next_version"], "0.2.0");
    assert!(
        json["rust"]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["item"] == "field types::WidgetCreate.notes" && c["breaking"] == true),
        "{json}"
    );
}

#[test]
fn an_unparsable_old_spec_is_a_clear_error() {
    let err = compare_texts(
        &tests::root(),
        "openapi: [",
        &fixture("base.yaml"),
        "abc123",
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("abc123:spec/fastly-tokens.yaml:2: not valid YAML"),
        "{err}"
    );
}

#[test]
fn against_a_real_git_revision() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("spec")).unwrap();
    let spec_path = root.join(xtask::SPEC_PATH);
    let base = fixture("base.yaml");
    std::fs::write(&spec_path, &base).unwrap();
    tests::git(root, &["init", "-q", "-b", "main"]);
    tests::git(root, &["add", "."]);
    tests::git(root, &["commit", "-q", "-m", "base"]);
    std::fs::write(&spec_path, base.replacen("      required: [id]\n", "", 1)).unwrap();

    let options =
        Options::parse(&["--base", "HEAD", "--format", "json", "--fail-on-breaking"]).unwrap();
    assert_eq!(options.fail_on, Some(Level::Breaking));
    let report = xtask::diff::run(root, &options).unwrap();
    assert_eq!(report.base, "HEAD");
    // `widget` is returned by three operations: one change, at the component, used by three.
    assert_eq!(report.breaking_count(), 1);
    assert_eq!(
        report.changes[0].pointer,
        "/components/schemas/widget/properties/id"
    );
    assert_eq!(
        report.changes[0].used_by.len(),
        3,
        "{:?}",
        report.changes[0].used_by
    );
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.rule == "response-property-made-optional")
    );

    // The default base is the merge base with main, here HEAD itself.
    let default = xtask::diff::run(root, &Options::parse(&[]).unwrap()).unwrap();
    assert_eq!(default.changes, report.changes);

    let err = xtask::diff::run(root, &Options::parse(&["--base", "no-such-rev"]).unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("cannot read spec/fastly-tokens.yaml at revision \"no-such-rev\""),
        "{err}"
    );

    std::fs::rename(&spec_path, root.join("spec/moved.yaml")).unwrap();
    tests::git(root, &["add", "-A"]);
    tests::git(root, &["commit", "-q", "-m", "move"]);
    std::fs::write(&spec_path, &base).unwrap();
    let err = xtask::diff::run(root, &Options::parse(&["--base", "HEAD"]).unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.contains("at revision \"HEAD\""), "{err}");
}

#[test]
fn bad_arguments_are_refused() {
    assert!(Options::parse(&["--format", "xml"]).is_err());
    assert!(Options::parse(&["--base"]).is_err());
    assert!(Options::parse(&["--frobnicate"]).is_err());
    assert!(Options::parse(&["--fail-on", "sometimes"]).is_err());
    assert!(Options::parse(&["--fail-on"]).is_err());
    let warn = Options::parse(&["--fail-on", "warn", "--format", "github"]).unwrap();
    assert_eq!(
        (warn.fail_on, warn.format),
        (Some(Level::Warn), Format::Github)
    );
}

#[test]
fn every_rule_has_a_case_that_fires_it() {
    let cases = cases();
    let fired: std::collections::BTreeSet<&str> = cases
        .iter()
        .flat_map(|c| c.expect.iter().chain(c.reverse.iter().flatten()))
        .map(|(rule, _)| rule.as_str())
        .collect();
    // Every rule the comparison can report is a `WireRule` (a typed value: the compiler
    // holds the code to the list), so a rule with no case is the one gap left to catch.
    let missing: Vec<&str> = xtask::diff::wire::WireRule::ALL
        .iter()
        .map(|r| r.name())
        .filter(|r| !fired.contains(r))
        .collect();
    assert!(
        missing.is_empty(),
        "rules with no case in cases.yaml: {missing:?}"
    );
    // And the cases name only rules that exist.
    for rule in &fired {
        assert!(
            xtask::diff::wire::WireRule::ALL
                .iter()
                .any(|r| r.name() == *rule),
            "cases.yaml names `{rule}`, which is no rule"
        );
    }
}

/// The Rust verdict covers the hand-written half of the crates too: with the spec unchanged,
/// making a public method private, changing a signature, or removing a trait impl (a prelude
/// trait's too) since the base is `Rust: major`, each named. cargo-semver-checks 0.51 flags
/// only the first of these four (CONTRIBUTING.md, "Reviewing a spec change").
#[test]
fn hand_written_api_changes_are_judged_against_the_base() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    tests::copy_workspace(root);
    tests::git(root, &["init", "-q", "-b", "main"]);
    tests::git(root, &["add", "."]);
    tests::git(root, &["commit", "-q", "-m", "base"]);
    let options = Options::parse(&["--base", "HEAD", "--format", "json"]).unwrap();
    let edit = |rel: &str, from: &str, to: &str| {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches(from).count(), 1, "{rel}: {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    let unchanged = xtask::diff::run(root, &options).unwrap();
    assert_eq!(unchanged.rust_bump, xtask::diff::semver::Bump::None);
    assert!(unchanged.compared_with_itself);

    edit(
        "crates/fastly-tokens/src/client.rs",
        "    pub fn user_agent(",
        "    fn user_agent(",
    );
    edit(
        "crates/fastly-tokens/src/scope.rs",
        "impl From<Scope> for Scopes {",
        "impl Scopes {",
    );
    edit(
        "crates/fastly-tokens/src/client.rs",
        "    pub fn new(token: impl Into<String>) -> Result<Client, Error> {",
        "    pub fn new(token: String) -> Result<Client, Error> {",
    );
    edit(
        "crates/fastly-tokens/src/client.rs",
        "impl Default for ClientBuilder {",
        "impl ClientBuilder {\n    #[allow(clippy::should_implement_trait)]",
    );
    let report = xtask::diff::run(root, &options).unwrap();
    assert_eq!(report.changes, Vec::new(), "the spec did not change");
    assert!(
        !report.compared_with_itself,
        "the crates changed: something was compared"
    );
    assert_eq!(
        report.headline(),
        "wire: 0 breaking, 0 potentially breaking, 0 informational; Rust: major (0.1.0 -> 0.2.0)"
    );
    let broken: Vec<&str> = report
        .rust_changes
        .iter()
        .filter(|c| c.breaking)
        .map(|c| c.item.as_str())
        .collect();
    assert_eq!(
        broken,
        [
            "fn Client::new",
            "fn ClientBuilder::user_agent",
            "impl Default for ClientBuilder",
            "impl From<Scope> for Scopes",
        ],
        "{:#?}",
        report.rust_changes
    );
    let json = report.render(xtask::diff::Format::Json);
    assert!(json.contains("\"bump\": \"major\""), "{json}");
}

/// Every wire rule names its oasdiff counterparts by their real ids; every one of oasdiff's
/// checks is met by a rule here or has a recorded reason; and where a rule's level differs
/// from a counterpart's, the rule says why (and says so only where it does).
#[test]
fn every_oasdiff_check_is_met_or_explained() {
    use xtask::diff::wire::RULES;
    use xtask::diff::wire::oasdiff::{Coverage, checks, coverage};
    let all = checks();
    assert_eq!(all.len(), 509, "oasdiff.tsv holds oasdiff's 509 checks");
    let level = |id: &str| all.iter().find(|c| c.id == id).map(|c| c.level);
    let mut problems = Vec::new();
    for rule in RULES {
        let mut differs = false;
        for id in rule.oasdiff {
            match level(id) {
                None => problems.push(format!("`{}` names `{id}`, which oasdiff lacks", rule.id)),
                Some(l) if l != rule.level => differs = true,
                Some(_) => {}
            }
        }
        if differs && rule.differs.is_empty() {
            problems.push(format!(
                "`{}` is {} where an oasdiff counterpart is not, and does not say why",
                rule.id, rule.level
            ));
        }
        if !differs && !rule.differs.is_empty() {
            problems.push(format!(
                "`{}` says its level differs from oasdiff's, but no counterpart's does",
                rule.id
            ));
        }
    }
    for check in &all {
        if let Coverage::NotApplicable(why) = coverage(check.id)
            && why.contains("gap")
        {
            problems.push(format!(
                "oasdiff's `{}` is neither met nor explained",
                check.id
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
