//! The review as CI runs it: a pull request's checkout compared with its base, and the
//! annotations that land on the changed lines of the spec.

use super::*;

/// A CI checkout of a pull request, as GitHub Actions makes it: a clone with only the remote
/// refs, HEAD detached at the merge of the pull request into its base, no local `main`. The
/// pull request removes an operation; the diff must find the base and report it breaking.
/// A checkout as GitHub Actions makes one for a pull request from `branch` into main: a
/// detached merge commit, with only the two remote branches fetched.
fn ci_checkout(ci: &Path, origin: &Path, branch: &str) {
    std::fs::create_dir_all(ci).unwrap();
    tests::git(ci, &["init", "-q"]);
    tests::git(ci, &["remote", "add", "origin", origin.to_str().unwrap()]);
    tests::git(
        ci,
        &[
            "fetch",
            "-q",
            "--no-tags",
            "origin",
            "+refs/heads/main:refs/remotes/origin/main",
            &format!("+refs/heads/{branch}:refs/remotes/origin/{branch}"),
        ],
    );
    tests::git(
        ci,
        &["checkout", "-q", "--detach", &format!("origin/{branch}")],
    );
    tests::git(ci, &["merge", "-q", "--no-ff", "--no-edit", "origin/main"]);
}

#[test]
fn a_ci_checkout_of_a_pull_request() {
    let work = tempfile::tempdir().unwrap();
    let origin = work.path().join("origin.git");
    let dev = work.path().join("dev");
    let ci = work.path().join("ci");
    let base = fixture("base.yaml");
    tests::git(
        work.path(),
        &[
            "init",
            "-q",
            "--bare",
            "-b",
            "main",
            origin.to_str().unwrap(),
        ],
    );
    std::fs::create_dir_all(dev.join("spec")).unwrap();
    std::fs::write(dev.join(xtask::SPEC_PATH), &base).unwrap();
    tests::git(&dev, &["init", "-q", "-b", "main"]);
    tests::git(&dev, &["add", "."]);
    tests::git(&dev, &["commit", "-q", "-m", "base"]);
    tests::git(&dev, &["remote", "add", "origin", origin.to_str().unwrap()]);
    tests::git(&dev, &["push", "-q", "origin", "main"]);
    // The pull request: an operation removed.
    tests::git(&dev, &["checkout", "-q", "-b", "pr"]);
    let start = base
        .find("  /widgets/{widget_id}:\n")
        .expect("the fixture has the path");
    let end = base
        .find("components:\n")
        .expect("the fixture has components");
    std::fs::write(
        dev.join(xtask::SPEC_PATH),
        format!("{}{}", &base[..start], &base[end..]),
    )
    .unwrap();
    tests::git(&dev, &["commit", "-q", "-am", "remove an operation"]);
    tests::git(&dev, &["push", "-q", "origin", "pr"]);
    // Meanwhile main moves on, so the CI's merge commit is a real merge.
    tests::git(&dev, &["checkout", "-q", "main"]);
    std::fs::write(dev.join("NOTES"), "unrelated\n").unwrap();
    tests::git(&dev, &["add", "NOTES"]);
    tests::git(&dev, &["commit", "-q", "-m", "unrelated"]);
    tests::git(&dev, &["push", "-q", "origin", "main"]);
    // A second pull request that only adds an optional query parameter.
    tests::git(&dev, &["checkout", "-q", "-b", "pr2"]);
    let additive = base.replacen(
        "      parameters:\n        - name: color\n",
        "      parameters:\n        - name: page\n          in: query\n          description: Page.\n          schema:\n            type: integer\n        - name: color\n",
        1,
    );
    std::fs::write(dev.join(xtask::SPEC_PATH), additive).unwrap();
    tests::git(&dev, &["commit", "-q", "-am", "add a parameter"]);
    tests::git(&dev, &["push", "-q", "origin", "pr2"]);

    ci_checkout(&ci, &origin, "pr");
    let mut options = Options::parse(&["--fail-on-breaking"]).unwrap();
    options.ci_base = Some(("GITHUB_BASE_REF".into(), "main".into()));
    let report = xtask::diff::run(&ci, &options).unwrap();
    assert!(
        report.breaking_count() >= 1,
        "{}",
        report.render(Format::Markdown)
    );
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.rule == "operation-removed" && c.level == Level::Breaking)
    );
    assert!(!report.compared_with_itself);
    let text = report.render(Format::Markdown);
    assert!(
        text.contains("Base: merge base of HEAD and origin/main, the pull request's base from GITHUB_BASE_REF."),
        "{text}"
    );

    // `cargo xtask review` as the workflow runs it: the environment GitHub sets, the labels
    // from the event payload, the summary appended to the job summary file.
    let review = |dir: &Path, labels: &[&str]| {
        let event = work.path().join("event.json");
        let names: Vec<serde_json::Value> = labels
            .iter()
            .map(|l| serde_json::json!({ "name": l }))
            .collect();
        std::fs::write(
            &event,
            serde_json::json!({ "pull_request": { "labels": names } }).to_string(),
        )
        .unwrap();
        let summary = work.path().join("summary.md");
        std::fs::write(&summary, "earlier steps' summary\n").unwrap();
        let env = |var: &str| match var {
            "GITHUB_BASE_REF" => Some("main".to_string()),
            "GITHUB_EVENT_PATH" => Some(event.display().to_string()),
            "GITHUB_STEP_SUMMARY" => Some(summary.display().to_string()),
            "GITHUB_ACTIONS" => Some("true".to_string()),
            _ => None,
        };
        let verdict =
            xtask::diff::review::in_ci(dir, "breaking-change", Level::Breaking, env).unwrap();
        let written = std::fs::read_to_string(&summary).unwrap();
        assert_eq!(
            written,
            format!("earlier steps' summary\n{}", verdict.summary)
        );
        verdict
    };
    let blocked = review(&ci, &["docs"]);
    assert!(!blocked.passes);
    assert!(
        blocked.summary.contains("`operation-removed`")
            && blocked.summary.ends_with(
                "**Fails:** 2 breaking change(s). If they are intended, add the \
                 `breaking-change` label to the pull request and release them with the \
                 version bump above.\n"
            ),
        "{}",
        blocked.summary
    );
    // In GitHub Actions, each finding is an annotation on its line of the spec.
    let spec = std::fs::read_to_string(ci.join(xtask::SPEC_PATH)).unwrap();
    for c in blocked
        .report
        .changes
        .iter()
        .filter(|c| c.level > Level::Info)
    {
        let line = c.line.expect("every change has a line");
        assert!(line <= spec.lines().count());
        let command = if c.level == Level::Breaking {
            "error"
        } else {
            "warning"
        };
        let prefix = format!(
            "::{command} file=spec/fastly-tokens.yaml,line={line},title={}",
            c.rule
        );
        assert!(
            blocked.annotations.lines().any(|l| l.starts_with(&prefix)),
            "{prefix}\n{}",
            blocked.annotations
        );
    }
    // The workflow's step is the one that prints them, and comments with what it wrote.
    let workflow = tests::committed(".github/workflows/spec-review.yml");
    assert!(workflow.contains("run: cargo xtask review --comment-file spec-review.md"));
    assert!(workflow.contains("cat spec-review.md; } > comment.md"));
    let accepted = review(&ci, &["docs", "breaking-change"]);
    assert!(accepted.passes);
    assert!(
        accepted
            .summary
            .contains("**Passes:** 2 breaking change(s), accepted by the `breaking-change` label"),
        "{}",
        accepted.summary
    );
    let ci2 = work.path().join("ci2");
    ci_checkout(&ci2, &origin, "pr2");
    let additive = review(&ci2, &[]);
    assert!(additive.passes, "{}", additive.summary);
    assert!(
        additive.summary.contains("`parameter-added-optional`")
            && additive
                .summary
                .ends_with("**Passes:** no breaking change.\n"),
        "{}",
        additive.summary
    );

    // Without the variable, the remote main is still found.
    let report = xtask::diff::run(&ci, &Options::parse(&[]).unwrap()).unwrap();
    assert!(
        report.base_how.contains("origin/main"),
        "{}",
        report.base_how
    );
    assert!(report.breaking_count() >= 1);

    // A base the clone lacks is an error that says how to fetch it.
    options.ci_base = Some(("GITHUB_BASE_REF".into(), "release".into()));
    let err = xtask::diff::run(&ci, &options).unwrap_err().to_string();
    assert!(
        err.contains("git fetch") && err.contains("release"),
        "{err}"
    );

    // A checkout with nothing to compare with says so instead of reporting no change.
    let lonely = work.path().join("lonely");
    std::fs::create_dir_all(&lonely).unwrap();
    tests::git(&lonely, &["init", "-q"]);
    tests::git(
        &lonely,
        &["remote", "add", "origin", origin.to_str().unwrap()],
    );
    tests::git(
        &lonely,
        &[
            "fetch",
            "-q",
            "--no-tags",
            "origin",
            "+refs/heads/pr:refs/remotes/origin/pr",
        ],
    );
    tests::git(&lonely, &["checkout", "-q", "--detach", "origin/pr"]);
    let report = xtask::diff::run(&lonely, &Options::parse(&[]).unwrap()).unwrap();
    assert!(report.compared_with_itself);
    assert!(
        report
            .render(Format::Markdown)
            .contains("Nothing was compared")
    );
}

/// `--format github`: one annotation per breaking or potentially breaking change, on the line
/// of the new spec it is about (for something removed, the nearest part still there), titled
/// by rule and level; informational changes only count in the closing notice.
#[test]
fn annotations_land_on_the_changed_lines() {
    let base = fixture("base.yaml");
    let new = apply(
        "annotations",
        &base,
        &[
            Edit {
                from: "          description: The widget's size.\n          type: integer\n".into(),
                to: "          description: The widget's size.\n          type: string\n".into(),
            },
            Edit {
                from: "        notes:\n          description: Free-form notes.\n          type: string\n"
                    .into(),
                to: "        tag:\n          description: A tag.\n          type: string\n"
                    .into(),
            },
        ],
    );
    // Lines found in the text itself, not hard-coded: `size:` in `widget`, and the
    // `properties:` of `widget_create`, where `notes` was.
    let line_of = |needle: &str, after: &str| {
        let start = new.find(after).unwrap();
        let at = start + new[start..].find(needle).unwrap();
        new[..at].matches('\n').count() + 1
    };
    let size = line_of("        size:\n", "    widget:\n");
    let properties = line_of("      properties:\n", "    widget_create:\n");
    let report = compare_texts(&tests::root(), &base, &new, "base").unwrap();
    let text = report.render(Format::Github);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            format!(
                "::error file=spec/fastly-tokens.yaml,line={size},title=response-type-changed \
                 (breaking)::type `integer` became `string`: existing clients decode the old \
                 type. Used by GET /widgets, POST /widgets, GET /widgets/{{widget_id}}."
            )
            .as_str(),
            format!(
                "::warning file=spec/fastly-tokens.yaml,line={properties},title=request-property-removed \
                 (potentially breaking)::property `notes` removed: existing clients still send it, \
                 as with a removed parameter: a server that ignores fields it does not know \
                 answers as before. Used by POST /widgets."
            )
            .as_str(),
            "::notice title=spec review::wire: 1 breaking, 1 potentially breaking, 1 informational; \
             Rust: major (0.1.0 -> 0.2.0)",
        ],
        "{text}"
    );
    // The JSON report carries the same lines and the counts per level.
    let json: serde_json::Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
    assert_eq!(
        json["levels"],
        serde_json::json!({ "breaking": 1, "warn": 1, "info": 1 })
    );
    assert_eq!(json["changes"][0]["line"], size);
    assert_eq!(json["changes"][0]["level"], "breaking");
}
