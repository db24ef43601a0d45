//! OpenAPI overlays (`xtask/src/spec/overlay.rs`): the Overlay specification's own examples
//! and compliant sets apply as it says, each action and merge rule, a target that selects
//! nothing, located errors, and `lint`, `generate` and `diff` reading the spec with its
//! overlays.

use std::path::Path;

use serde_json::{Value, json};
use xtask::spec::overlay::applied_to;

/// Every case of `tests/fixtures/overlays/` (the compliant sets of OAI/Overlay-Specification
/// and the 1.1 text's worked examples, Apache-2.0): `openapi.yaml` with `overlay.yaml` is
/// `output.yaml`.
#[test]
fn the_specifications_examples_apply_as_it_says() {
    let dir = tests::root().join("tests/fixtures/overlays");
    let mut cases = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let case = entry.unwrap().path();
        let read = |f: &str| std::fs::read_to_string(case.join(f)).unwrap();
        let (got, _) = applied_to(&read("openapi.yaml"), &read("overlay.yaml"))
            .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        let want: Value = xtask::spec::value(&read("output.yaml")).unwrap();
        assert_eq!(got, want, "{}", case.display());
        cases += 1;
    }
    assert!(cases >= 12, "the examples");
}

fn overlay(actions: &str) -> String {
    format!("overlay: 1.1.0\ninfo:\n  title: t\n  version: 1.0.0\nactions:\n{actions}")
}

fn apply(document: Value, actions: &str) -> Value {
    applied_to(&document.to_string(), &overlay(actions))
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

#[test]
fn update_merges_by_the_rules_and_remove_takes_nodes_out() {
    let doc = json!({"a": {"keep": 1, "swap": "x", "list": [1], "deep": {"k": true}},
                     "tags": ["a", "b", "c"], "n": 1});
    let merged = apply(
        doc.clone(),
        "  - target: $.a\n    update:\n      swap: y\n      list: [2, 3]\n      deep: {more: 1}\n      new: z\n",
    );
    assert_eq!(
        merged["a"],
        json!({"keep": 1, "swap": "y", "list": [1, 2, 3], "deep": {"k": true, "more": 1}, "new": "z"})
    );
    // An array target takes one value appended, or an array's items.
    assert_eq!(
        apply(doc.clone(), "  - target: $.tags\n    update: d\n")["tags"],
        json!(["a", "b", "c", "d"])
    );
    assert_eq!(
        apply(doc.clone(), "  - target: $.tags\n    update: [d, e]\n")["tags"],
        json!(["a", "b", "c", "d", "e"])
    );
    // A primitive target is replaced (1.1).
    assert_eq!(
        apply(doc.clone(), "  - target: $.n\n    update: 2\n")["n"],
        json!(2)
    );
    // Remove: items by a filter, a repeated selector once, and `remove` wins over `update`.
    let removed = apply(
        doc.clone(),
        "  - target: $.tags[?@ == 'b']\n    remove: true\n",
    );
    assert_eq!(removed["tags"], json!(["a", "c"]));
    let once = apply(
        doc.clone(),
        "  - target: $.tags[0,0,2]\n    remove: true\n    update: q\n",
    );
    assert_eq!(once["tags"], json!(["b"]));
    // Copy (1.1): the one node selected, merged as an update.
    let copied = apply(doc.clone(), "  - target: $.a.deep\n    copy: $.a\n");
    assert_eq!(copied["a"]["deep"]["keep"], json!(1));
    // Actions apply in order, each to the result of the one before.
    let ordered = apply(
        doc,
        "  - target: $\n    update: {b: {}}\n  - target: $.b\n    update: {c: 1}\n",
    );
    assert_eq!(ordered["b"], json!({"c": 1}));
}

/// (the error's text, the line it names) for an overlay that fails on `document`.
fn refusal(document: Value, overlay_text: &str) -> (String, Option<usize>) {
    match applied_to(&document.to_string(), overlay_text) {
        Ok(_) => panic!("applied: {overlay_text}"),
        Err(xtask::Error::Spec { location, message }) => {
            (format!("{}: {message}", location.dotted()), location.line)
        }
        Err(other) => panic!("{other}"),
    }
}

#[test]
fn a_bad_overlay_is_refused_naming_the_action_and_its_line() {
    let doc = json!({"a": {"b": 1}, "list": [1]});
    let (why, line) = refusal(
        doc.clone(),
        &overlay("  - target: $.a[?@.b ==]\n    remove: true\n"),
    );
    assert!(
        why.contains("actions.0.target") && why.contains("RFC 9535"),
        "{why}"
    );
    assert_eq!(line, Some(6));
    let (why, line) = refusal(
        doc.clone(),
        &overlay("  - target: $.a\n    update: {b: {c: 1}}\n  - target: $.a\n    update: 1\n"),
    );
    assert!(
        why.contains("actions.0.update") && why.contains("cannot merge an object into a number"),
        "{why}"
    );
    assert_eq!(line, Some(7));
    let (why, _) = refusal(doc.clone(), &overlay("  - target: $.a\n    copy: $.*\n"));
    assert!(why.contains("exactly one node; it selects 2"), "{why}");
    let (why, _) = refusal(
        doc.clone(),
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []\n",
    );
    assert!(why.contains("at least one action"), "{why}");
    let (why, _) = refusal(
        doc.clone(),
        "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $}]\n",
    );
    assert!(why.contains("not 1.0.x or 1.1.x"), "{why}");
    let (why, _) = refusal(
        doc.clone(),
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $.a, copy: $.list}]\n",
    );
    assert!(why.contains("`copy` needs `overlay: 1.1.x`"), "{why}");
    let (why, _) = refusal(
        doc,
        "overlay: 1.0.0\ninfo: {title: t}\nactions: [{target: $}]\n",
    );
    assert!(why.contains("`info.version`"), "{why}");
}

/// A workspace of the lint corpus's base document, with `overlays` (file name, text) beside it.
fn workspace(overlays: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join(xtask::SPEC_PATH);
    std::fs::create_dir_all(spec.parent().unwrap().join("overlays")).unwrap();
    let base =
        std::fs::read_to_string(tests::root().join("tests/fixtures/lint/base.yaml")).unwrap();
    std::fs::write(&spec, base).unwrap();
    write_overlays(dir.path(), overlays);
    dir
}

fn write_overlays(root: &Path, overlays: &[(&str, &str)]) {
    for (name, text) in overlays {
        std::fs::write(root.join("spec/overlays").join(name), text).unwrap();
    }
}

const DESCRIBE: &str = "overlay: 1.0.0
info:
  title: Widgets as we describe them
  version: 1.0.0
extends: ../fastly-tokens.yaml
actions:
  - target: $.components.schemas.widget.properties
    description: A property the vendor's document lacks.
    update:
      colour:
        type: string
        description: The widget's colour.
  - target: $.paths['/gadgets']
    remove: true
";

#[test]
fn lint_reads_the_spec_with_its_overlays_and_names_what_they_wrote() {
    let dir = workspace(&[("20-describe.yaml", DESCRIBE)]);
    let findings = xtask::lint_in(dir.path()).unwrap();
    let empty: Vec<_> = findings
        .iter()
        .filter(|f| f.rule.name() == "overlay-target-empty")
        .collect();
    assert_eq!(empty.len(), 1, "{findings:?}");
    assert_eq!(empty[0].location.file, "spec/overlays/20-describe.yaml");
    assert_eq!(empty[0].location.line, Some(13));
    // A fault in a node an overlay wrote is located in the overlay, naming its action.
    write_overlays(
        dir.path(),
        &[(
            "30-fault.yaml",
            &DESCRIBE
                .replace("type: string", "type: strin")
                .replace("$.paths['/gadgets']", "$.paths['/widgets']"),
        )],
    );
    let findings = xtask::lint_in(dir.path()).unwrap();
    let fault = findings
        .iter()
        .find(|f| f.rule.name() == "oas-schema")
        .expect("the fault");
    assert_eq!(fault.location.file, "spec/overlays/30-fault.yaml");
    assert_eq!(
        fault.location.pointer,
        "/components/schemas/widget/properties/colour/type"
    );
    assert_eq!(fault.location.line, Some(11));
    assert!(
        fault
            .message
            .contains("written by actions[0] of spec/overlays/30-fault.yaml"),
        "{}",
        fault.message
    );
}

#[test]
fn generate_and_its_fingerprint_take_the_overlays() {
    let dir = workspace(&[("20-describe.yaml", DESCRIBE)]);
    let target = xtask::Target::workspace(dir.path());
    let source = target.source().unwrap();
    assert!(
        source
            .value
            .pointer("/components/schemas/widget/properties/colour")
            .is_some()
    );
    let fingerprint = |s: &xtask::spec::Source| s.contents().into_owned();
    let without = workspace(&[]);
    let plain = xtask::Target::workspace(without.path()).source().unwrap();
    assert_ne!(
        fingerprint(&source),
        fingerprint(&plain),
        "the overlay is in what generation is made from"
    );
    let out = dir.path().join("out");
    let report = xtask::generate_to(
        &xtask::Target {
            out: out.clone(),
            ..target
        },
        xtask::Mode::Write,
    )
    .unwrap();
    assert!(!report.files.is_empty());
    let client =
        std::fs::read_to_string(out.join("crates/fastly-tokens/src/generated.rs")).unwrap();
    assert!(
        client.contains("pub colour:"),
        "the overlay's property is generated"
    );
}

#[test]
fn a_change_to_an_overlay_alone_is_reviewed_and_named_as_the_overlays() {
    let dir = workspace(&[("20-describe.yaml", DESCRIBE)]);
    let root = dir.path();
    tests::git(root, &["init", "-q", "-b", "main"]);
    tests::git(root, &["add", "."]);
    tests::git(root, &["commit", "-q", "-m", "base"]);
    // Only the overlay changes: the property it adds is now required of every widget.
    let required = DESCRIBE.replace(
        "  - target: $.paths['/gadgets']\n    remove: true\n",
        "  - target: $.components.schemas.widget_create\n    update:\n      required: [colour]\n      properties:\n        colour:\n          type: string\n          description: Its colour.\n",
    );
    write_overlays(root, &[("20-describe.yaml", &required)]);
    let options = xtask::diff::Options::parse(&["--base", "HEAD"]).unwrap();
    let report = xtask::diff::run(root, &options).unwrap();
    assert!(report.breaking_count() >= 1, "{:?}", report.changes);
    assert!(!report.compared_with_itself);
    let from_overlay = report
        .changes
        .iter()
        .filter(|c| c.file.as_deref() == Some("spec/overlays/20-describe.yaml"))
        .count();
    assert!(
        from_overlay >= 1,
        "a change the overlay made names it: {:?}",
        report.changes
    );
}

/// The lint corpus's base document with what progenitor cannot take: a multipart upload, and
/// an inline object typify would name as it names a component (`WidgetColour`).
fn vendor_document() -> String {
    let base =
        std::fs::read_to_string(tests::root().join("tests/fixtures/lint/base.yaml")).unwrap();
    base.replace(
        "  /widgets/{widget_id}:\n",
        "  /widgets/upload:\n    post:\n      operationId: upload-widget\n      tags: [widgets]\n      summary: Upload a widget\n      description: Uploads a widget's file.\n      requestBody:\n        content:\n          multipart/form-data:\n            schema:\n              type: object\n              properties:\n                file:\n                  type: string\n                  format: binary\n      responses:\n        \"204\":\n          description: Uploaded.\n        \"401\":\n          $ref: \"#/components/responses/unauthorized\"\n  /widgets/{widget_id}:\n",
    )
    .replace(
        "        kind:\n",
        "        colour:\n          type: object\n          description: Its colour.\n          properties:\n            hue:\n              type: integer\n              description: The hue.\n        kind:\n",
    )
    .replace(
        "    widget_create:\n",
        "    widget_colour:\n      type: object\n      description: A colour of the catalogue.\n      properties:\n        code:\n          type: string\n          description: Its code.\n    widget_create:\n",
    )
}

#[test]
fn the_written_overlay_makes_a_vendors_document_generate_untouched() {
    let dir = workspace(&[]);
    let spec = dir.path().join(xtask::SPEC_PATH);
    let document = vendor_document();
    std::fs::write(&spec, &document).unwrap();
    let target = xtask::Target::workspace(dir.path());
    let before = xtask::lint_of(&target).unwrap();
    let errors = |f: &[xtask::lint::Finding]| {
        f.iter()
            .filter(|f| f.severity == xtask::lint::Severity::Error)
            .map(|f| f.rule.name())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        errors(&before),
        ["request-body-media-type", "type-name-duplicate"],
        "{before:?}"
    );

    let config = xtask::lint::Config::read(dir.path()).unwrap();
    let written =
        xtask::lint::write_overlay::write(&|| target.source(), "../fastly-tokens.yaml", &config)
            .unwrap();
    assert_eq!(
        (written.removed, written.titled, written.renamed),
        (1, 1, 0),
        "{}",
        written.text
    );
    assert!(
        written.text.contains("$.paths['/widgets/upload'].post"),
        "{}",
        written.text
    );
    assert!(
        written.text.contains("request-body-media-type"),
        "the reason is the description"
    );
    write_overlays(dir.path(), &[("90-generate.yaml", &written.text)]);

    assert!(errors(&xtask::lint_of(&target).unwrap()).is_empty());
    let out = dir.path().join("out");
    xtask::generate_to(
        &xtask::Target {
            out: out.clone(),
            ..target
        },
        xtask::Mode::Write,
    )
    .unwrap();
    let client =
        std::fs::read_to_string(out.join("crates/fastly-tokens/src/generated.rs")).unwrap();
    assert!(
        client.contains("pub struct WidgetColour2"),
        "the title names the inline type"
    );
    assert!(!client.contains("upload_widget"), "the upload is left out");
    assert_eq!(
        std::fs::read_to_string(&spec).unwrap(),
        document,
        "the document is untouched"
    );
}

/// Fastly's published document (2023; `FASTLY_DOCUMENT`, the file's path) with this project's
/// token operations in place of Fastly's (an overlay made here from the spec) and the overlay
/// `lint --write-overlay` writes: it generates, and the client, mock and CLI crates build, the
/// document's bytes unchanged. Minutes: `FASTLY_DOCUMENT=... cargo test -p tests --test it
/// overlays:: -- --ignored` (CONTRIBUTING.md).
#[test]
#[ignore = "needs Fastly's document (FASTLY_DOCUMENT) and builds three crates"]
fn fastlys_published_document_generates_and_builds_with_the_written_overlay() {
    let document = std::env::var("FASTLY_DOCUMENT")
        .expect("FASTLY_DOCUMENT: the path of Fastly's openapi.yaml");
    let text = std::fs::read_to_string(&document).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    tests::copy_workspace(root);
    std::fs::write(root.join(xtask::SPEC_PATH), &text).unwrap();
    std::fs::create_dir_all(root.join("spec/overlays")).unwrap();
    write_overlays(root, &[("10-tokens.yaml", &tokens_overlay(&text))]);
    let target = xtask::Target::workspace(root);
    let config = xtask::lint::Config::read(root).unwrap();
    let started = std::time::Instant::now();
    let written =
        xtask::lint::write_overlay::write(&|| target.source(), "../fastly-tokens.yaml", &config)
            .unwrap();
    eprintln!(
        "written in {:?}: {} bytes, {} operation(s) removed, {} titled, {} renamed, {} component(s) removed",
        started.elapsed(),
        written.text.len(),
        written.removed,
        written.titled,
        written.renamed,
        written.components
    );
    write_overlays(root, &[("20-generate.yaml", &written.text)]);
    let started = std::time::Instant::now();
    xtask::generate_in(root, xtask::Mode::Write).unwrap();
    eprintln!("generated in {:?}", started.elapsed());
    let started = std::time::Instant::now();
    let (ok, output) = tests::cargo_check(
        root,
        &[
            "-p",
            "fastly-tokens",
            "-p",
            "fastly-tokens-mock",
            "-p",
            "fastly-tokens-cli",
        ],
    );
    eprintln!("cargo check in {:?}", started.elapsed());
    assert!(ok, "{output}");
    assert_eq!(
        std::fs::read_to_string(root.join(xtask::SPEC_PATH)).unwrap(),
        text
    );
}

/// An overlay that puts the spec's operations, components, tags and retry policy in place of
/// the document's own of the same paths and names.
fn tokens_overlay(document: &str) -> String {
    let ours: Value = xtask::spec::value(&tests::committed_spec()).unwrap();
    let theirs: Value = xtask::spec::value(document).unwrap();
    let mut actions = Vec::new();
    for path in ours["paths"].as_object().unwrap().keys() {
        if theirs["paths"].get(path).is_some() {
            actions.push(json!({"target": format!("$.paths['{path}']"), "remove": true}));
        }
    }
    for (kind, components) in ours["components"].as_object().unwrap() {
        for name in components.as_object().unwrap().keys() {
            if theirs["components"][kind].get(name).is_some() {
                actions.push(
                    json!({"target": format!("$.components['{kind}']['{name}']"), "remove": true}),
                );
            }
        }
    }
    actions.push(json!({"target": "$.paths", "update": ours["paths"]}));
    actions.push(json!({"target": "$.components", "update": ours["components"]}));
    let their_tags: Vec<&Value> = theirs["tags"]
        .as_array()
        .map(|t| t.iter().map(|t| &t["name"]).collect())
        .unwrap_or_default();
    let new_tags: Vec<&Value> = ours["tags"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| !their_tags.contains(&&t["name"]))
        .collect();
    actions.push(json!({"target": "$.tags", "update": new_tags}));
    actions.push(json!({"target": "$", "update": {"x-retry": ours["x-retry"]}}));
    json!({
        "overlay": "1.0.0",
        "info": {"title": "This project's token operations in place of Fastly's", "version": "1.0.0"},
        "actions": actions,
    })
    .to_string()
}
