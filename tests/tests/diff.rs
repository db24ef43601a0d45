//! `cargo xtask diff`: every rule class on fixture pairs (tests/fixtures/diff), reports kept as
//! insta snapshots, and one run against real git revisions in a temporary repository.

use std::path::Path;
use std::process::Command;

use xtask::diff::{Format, Options, compare_texts};

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    edits: Vec<Edit>,
    expect: Vec<(String, bool)>,
}

#[derive(serde::Deserialize)]
struct Edit {
    from: String,
    to: String,
}

fn fixture(name: &str) -> String {
    tests::committed(&format!("tests/fixtures/diff/{name}"))
}

#[test]
fn the_base_fixture_is_clean_and_generates() {
    let base = fixture("base.yaml");
    let spec = xtask::spec::load(&base, "base.yaml").unwrap();
    assert_eq!(xtask::lint::findings(&spec, &base, "base.yaml"), vec![]);
    xtask::render_all(&base, "base.yaml").unwrap();
}

#[test]
fn every_rule_class() {
    let base = fixture("base.yaml");
    let cases: Vec<Case> = serde_yaml::from_str(&fixture("cases.yaml")).unwrap();
    assert!(cases.len() >= 12);
    for case in cases {
        let mut new = base.clone();
        for edit in &case.edits {
            assert_eq!(
                new.matches(&edit.from).count(),
                1,
                "{}: {:?}",
                case.name,
                edit.from
            );
            new = new.replacen(&edit.from, &edit.to, 1);
        }
        let report = compare_texts(&base, &new, "base").unwrap();
        let found: Vec<(String, bool)> = report
            .changes
            .iter()
            .map(|c| (c.rule.to_string(), c.breaking))
            .collect();
        for expected in &case.expect {
            assert!(
                found.contains(expected),
                "{}: expected {expected:?} in {found:?}",
                case.name
            );
        }
        insta::assert_snapshot!(
            format!("diff_{}", case.name),
            report.render(Format::Markdown)
        );
    }
}

#[test]
fn json_output_is_stable() {
    let base = fixture("base.yaml");
    let new = base.replacen(
        "        notes:\n          description: Free-form notes.\n          type: string\n",
        "",
        1,
    );
    let report = compare_texts(&base, &new, "base").unwrap();
    let json: serde_json::Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
    assert_eq!(json["breaking"], 0);
    assert_eq!(json["changes"][0]["rule"], "request-property-removed");
    assert_eq!(
        json["changes"][0]["pointer"],
        "/paths/~1widgets/post/requestBody/content/application~1json/schema/properties/notes"
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
    let err = compare_texts("openapi: [", &fixture("base.yaml"), "abc123").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("abc123:spec/fastly-tokens.yaml:2: not valid YAML"),
        "{err}"
    );
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
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
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "base"]);
    std::fs::write(&spec_path, base.replacen("      required: [id]\n", "", 1)).unwrap();

    let options =
        Options::parse(&["--base", "HEAD", "--format", "json", "--fail-on-breaking"]).unwrap();
    assert!(options.fail_on_breaking);
    let report = xtask::diff::run(root, &options).unwrap();
    assert_eq!(report.base, "HEAD");
    // `widget` is returned by three operations: each one is a place a client can break.
    assert_eq!(report.breaking_count(), 3);
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
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "move"]);
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
}
