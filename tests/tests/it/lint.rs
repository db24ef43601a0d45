//! `cargo xtask lint` on the corpus (tests/fixtures/lint): each file is the clean base with one
//! fault and lists, in `# expect:` lines, exactly the findings it must give (severity, rule,
//! pointer, line); every rule has a file. Also: rule levels from spec/lint.yaml, what
//! `generate` does with errors and warnings, and the rule table of docs/lint-rules.md.

use std::collections::BTreeSet;

use tests::Scratch;
use xtask::lint::{Config, RULES, Severity};

const CORPUS: &str = "tests/fixtures/lint";

/// Every corpus file but the base: (file name without `.yaml`, text).
fn corpus() -> Vec<(String, String)> {
    let mut out = tests::yaml_fixtures(CORPUS);
    out.retain(|(name, _)| name != "base");
    out
}

/// Findings as `severity rule pointer line` lines.
fn lint(text: &str, config: &Config) -> Vec<String> {
    xtask::lint::findings(text, "case.yaml", config)
        .unwrap()
        .iter()
        .map(|f| {
            let line = f.location.line.map_or("?".into(), |l| l.to_string());
            format!("{} {} {} {line}", f.severity, f.rule, f.location.pointer)
        })
        .collect()
}

fn expected(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("# expect: "))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_committed_spec_and_the_base_are_clean() {
    let findings = xtask::lint_in(&tests::root()).unwrap();
    assert!(findings.is_empty(), "{findings:#?}");
    let base = tests::committed(&format!("{CORPUS}/base.yaml"));
    assert_eq!(lint(&base, &Config::default()), Vec::<String>::new());
}

#[test]
fn each_case_gives_exactly_its_findings() {
    let mut failures = Vec::new();
    for (name, text) in corpus() {
        let want = expected(&text);
        assert!(!want.is_empty(), "{name}.yaml expects nothing");
        let got: BTreeSet<String> = lint(&text, &Config::default()).into_iter().collect();
        if got != want {
            failures.push(format!(
                "{name}.yaml\n  missing: {:?}\n  unexpected: {:?}",
                want.difference(&got).collect::<Vec<_>>(),
                got.difference(&want).collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_case_and_every_case_a_rule() {
    let cases: Vec<(String, String)> = corpus();
    for rule in RULES {
        // A finding about an overlay needs one beside the document: `overlays.rs` proves it.
        if rule.name() == "overlay-target-empty" {
            continue;
        }
        let case = cases.iter().find(|(name, _)| name == rule.name());
        let Some((_, text)) = case else {
            panic!(
                "rule `{}` has no case {CORPUS}/{}.yaml",
                rule.name(),
                rule.name()
            );
        };
        let severity = if rule.fixed {
            Severity::Error
        } else {
            rule.severity
        };
        let own = format!("{severity} {} ", rule.name());
        assert!(
            expected(text).iter().any(|e| e.starts_with(&own)),
            "{}.yaml does not expect its own rule at its default severity",
            rule.name()
        );
    }
    for (name, _) in &cases {
        assert!(
            xtask::lint::rule(name).is_some(),
            "{name}.yaml names no rule"
        );
    }
    // Every rule a pass can report is a `RuleId`, and the table has one entry per id (both
    // checked when the xtask compiles); here, that the ids and the table agree by name too.
    for id in xtask::lint::RuleId::ALL {
        assert_eq!(id.rule().name(), id.name());
        assert_eq!(xtask::lint::RuleId::from_name(id.name()), Some(*id));
    }
}

#[test]
fn levels_from_the_config_file() {
    let case = |rule: &str| corpus().into_iter().find(|(n, _)| n == rule).unwrap().1;
    let config =
        Config::parse("rules:\n  operation-summary-missing: error\n  enum-duplicate: off\n")
            .unwrap();
    assert!(
        lint(&case("operation-summary-missing"), &config)[0]
            .starts_with("error operation-summary-missing ")
    );
    // Off, the warning is gone; typify's refusal of the same values is not a level to lower.
    assert_eq!(
        lint(&case("enum-duplicate"), &config),
        ["error enum-variant-collision /components/schemas/widget/properties/kind/enum 121"]
    );
    let config = Config::parse("rules:\n  server-variables: warn\n").unwrap();
    assert!(lint(&case("server-variables"), &config)[0].starts_with("warning server-variables "));

    let err = Config::parse("rules:\n  enum-duplicate: warn\n  no-such-rule: off\n")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "spec/lint.yaml:3: at rules.no-such-rule: no lint rule is named `no-such-rule`"
    );
    let err = Config::parse("rules:\n  operation-id-duplicate: warn\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("spec/lint.yaml:2: at rules.operation-id-duplicate: `operation-id-duplicate` cannot be lowered"),
        "{err}"
    );
    let err = Config::parse("rules:\n  enum-duplicate: loud\n")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("spec/lint.yaml:2"), "{err}");
}

#[test]
fn generate_refuses_errors_and_reports_warnings() {
    // An error: nothing is written.
    let spec = tests::committed_spec().replacen(
        "operationId: revoke-token-current",
        "operationId: get-token-current",
        1,
    );
    let err = tests::refused(&spec);
    assert!(err.contains("[operation-id-duplicate]"), "{err}");

    // A warning: the client is written, the warning handed back.
    let spec = tests::committed_spec().replacen("      summary: Get the current token\n", "", 1);
    let scratch = Scratch::new(&spec);
    let before = scratch.generated();
    let report = xtask::generate_in(scratch.path(), xtask::Mode::Write).unwrap();
    let warnings: Vec<&str> = report.warnings.iter().map(|w| w.rule.name()).collect();
    assert_eq!(warnings, ["operation-summary-missing"]);
    assert_ne!(scratch.generated(), before);

    // The same warning raised to an error by the workspace's spec/lint.yaml.
    std::fs::write(
        scratch.path().join(xtask::lint::CONFIG_PATH),
        "rules:\n  operation-summary-missing: error\n",
    )
    .unwrap();
    let err = xtask::generate_in(scratch.path(), xtask::Mode::Check)
        .unwrap_err()
        .to_string();
    assert!(err.contains("[operation-summary-missing]"), "{err}");
}

/// The lint base with `from` replaced by `to` (once).
fn base_with(from: &str, to: &str) -> String {
    let base = tests::committed(&format!("{CORPUS}/base.yaml"));
    assert_eq!(base.matches(from).count(), 1, "{from:?}");
    base.replacen(from, to, 1)
}

#[test]
fn progenitor_failures_lint_does_not_foresee_are_located() {
    // A path parameter of style `label`, defined under `components` and listed on the path
    // item: progenitor refuses it, and lint says so before progenitor runs, at the component.
    let label = base_with(
        "      in: path\n      required: true\n",
        "      in: path\n      required: true\n      style: label\n",
    );
    assert_eq!(
        lint(&label, &Config::default()),
        ["error parameter-style /components/parameters/widget_id/style 99"]
    );
    let err = xtask::render_all(&label, "case.yaml")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "case.yaml:99: at components.parameters.widget_id.style: [parameter-style]"
        ),
        "{err}"
    );

    // When the generator fails where no rule foresaw (lint's `schema-not` foresees this one,
    // so it is handed to the generator directly), the failure still names its place: the
    // schema at fault, with its line, in one line.
    let not = base_with(
        "          description: What the widget is.\n",
        "          description: What the widget is.\n          not:\n            type: string\n",
    );
    assert_eq!(
        lint(&not, &Config::default()),
        ["error schema-not /components/schemas/widget/properties/kind/not 121"]
    );
    let source = xtask::spec::parse(&not, "case.yaml").unwrap();
    let spec = xtask::spec::from_value(&source).unwrap();
    let failure = xtask::generate::progenitor::progenitor_accepts(&spec).unwrap_err();
    let err = xtask::generate::locate::explain(failure, &source).to_string();
    assert!(
        err.starts_with(
            "case.yaml:118: at components.schemas.widget.properties.kind: progenitor 0.15.1 \
             cannot generate this schema: progenitor panicked: not yet implemented: unhandled \
             not schema"
        ),
        "{err}"
    );
    assert!(!err.contains('\n'), "one line, not typify's dump: {err}");

    // And `generate` writes nothing.
    let spec = tests::committed_spec().replacen(
        "      in: path\n      required: true\n",
        "      in: path\n      required: true\n      style: label\n",
        1,
    );
    let err = tests::refused(&spec);
    assert!(err.contains("[parameter-style]"), "{err}");
}
