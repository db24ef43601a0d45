//! A spec split into files (`tests/fixtures/split/`, the layout `redocly split` writes): read,
//! bundled, linted with each finding in its own file and line, generated; and a reference that
//! cannot be followed is one located error that leaves the generated files untouched.

use std::path::{Path, PathBuf};

use serde_json::json;
use xtask::{Error, Target, lint};

const ROOT_FILE: &str = "tests/fixtures/split/api.yaml";

fn target_at(spec: PathBuf) -> Target {
    Target {
        spec,
        ..Target::workspace(&tests::root())
    }
}

fn fixture() -> Target {
    target_at(tests::root().join(ROOT_FILE))
}

/// The fixture copied into a scratch directory, `edit` applied to the file `file` of it.
fn edited(file: &str, edit: impl Fn(String) -> String) -> (tempfile::TempDir, Target) {
    let dir = tempfile::tempdir().unwrap();
    let from = tests::root().join("tests/fixtures/split");
    copy_dir(&from, dir.path());
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(text)).unwrap();
    let target = target_at(dir.path().join("api.yaml"));
    (dir, target)
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

#[test]
fn the_files_are_bundled_as_redocly_bundles_them() {
    let source = fixture().source().unwrap();
    let doc = &source.value;
    assert_eq!(
        source.files.len(),
        7,
        "the root and the six files it leads to"
    );
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let names: Vec<&str> = schemas.keys().map(String::as_str).collect();
    assert_eq!(names, ["Item", "Parent", "Problem", "Tag"]);
    // The root names `schemas/Item.yaml` `Item`: every other reference to it says so.
    let listed =
        doc.pointer("/paths/~1items/get/responses/200/content/application~1json/schema/items");
    assert_eq!(listed, Some(&json!({"$ref": "#/components/schemas/Item"})));
    assert_eq!(
        schemas["Parent"]["properties"]["child"],
        json!({"$ref": "#/components/schemas/Item"}),
        "a cycle through schemas is a reference, not a copy"
    );
    // A `#/...` inside another file means that file's root.
    assert_eq!(
        schemas["Parent"]["properties"]["tag"],
        json!({"$ref": "#/components/schemas/Tag"})
    );
    assert_eq!(
        doc.pointer("/paths/~1items/get/parameters/0"),
        Some(&json!({"$ref": "#/components/parameters/page"}))
    );
    // A path item takes the `$ref`'s place.
    assert_eq!(
        doc.pointer("/paths/~1items~1{item_id}/get/operationId"),
        Some(&json!("getItem"))
    );
}

#[test]
fn each_finding_names_the_file_and_line_it_is_in() {
    let findings = xtask::lint_of(&fixture()).unwrap();
    assert!(
        findings
            .iter()
            .all(|f| f.severity == lint::Severity::Warning),
        "{findings:#?}"
    );
    let label = findings
        .iter()
        .find(|f| f.location.pointer == "/components/schemas/Item/properties/label")
        .expect("the property without a description");
    assert_eq!(
        label.location.file,
        "tests/fixtures/split/schemas/Item.yaml"
    );
    assert_eq!(label.location.line, Some(10));
    // A node of the root file: the root's name and line.
    let server = findings
        .iter()
        .find(|f| f.location.pointer == "/servers/0/url")
        .unwrap();
    assert_eq!(server.location.file, ROOT_FILE);
    assert_eq!(server.location.line, Some(9));
}

#[test]
fn a_split_spec_generates() {
    let source = fixture().source().unwrap();
    let (files, _) = xtask::render_all_with(&source, &lint::Config::default()).unwrap();
    let operations = &files
        .iter()
        .find(|(path, _)| path == Path::new(xtask::OPERATIONS_PATH))
        .unwrap()
        .1;
    assert!(operations.contains("fn list_items"), "{operations}");
    assert!(operations.contains("fn get_item"));
    // The preamble's fingerprint covers every file: an edit in one of them changes it.
    let (_dir, edited) = edited("schemas/common.yaml", |t| t.replace("A tag.", "A label."));
    let (again, _) =
        xtask::render_all_with(&edited.source().unwrap(), &lint::Config::default()).unwrap();
    let fingerprint = |files: &xtask::generate::Rendered| {
        files[0]
            .1
            .lines()
            .find(|l| l.contains("fingerprint"))
            .unwrap()
            .to_string()
    };
    assert_ne!(fingerprint(&files), fingerprint(&again));
}

/// The one error `lint` gives, with its place and message.
fn refusal(target: &Target) -> (String, Option<usize>, String) {
    match xtask::lint_of(target) {
        Err(Error::Spec { location, message }) => (location.file, location.line, message),
        other => panic!("expected one located error, got {other:?}"),
    }
}

#[test]
fn a_reference_that_cannot_be_followed_is_one_located_error() {
    let (dir, target) = edited("api.yaml", |t| {
        t.replace("paths/items.yaml", "paths/missing.yaml")
    });
    let (file, line, message) = refusal(&target);
    assert!(file.ends_with("/api.yaml"), "{file}");
    assert_eq!(line, Some(16));
    assert!(message.contains("paths/missing.yaml"), "{message}");
    // Nothing generated, nothing written.
    let out = dir.path().join("out");
    let target = Target {
        out: out.clone(),
        ..target
    };
    assert!(xtask::generate_to(&target, xtask::Mode::Write).is_err());
    assert!(!out.exists());

    let (_dir, target) = edited("paths/items.yaml", |t| {
        t.replace("parameters.yaml#/page", "parameters.yaml#/size")
    });
    let (file, line, message) = refusal(&target);
    assert!(file.ends_with("/paths/items.yaml"), "{file}");
    assert_eq!(line, Some(7));
    assert!(message.contains("points at nothing"), "{message}");

    let (_dir, target) = edited("schemas/Item.yaml", |t| {
        t.replace(
            "common.yaml#/Parent",
            "https://example.com/common.yaml#/Parent",
        )
    });
    let (file, _, message) = refusal(&target);
    assert!(file.ends_with("/schemas/Item.yaml"), "{file}");
    assert!(message.contains("remote"), "{message}");

    let (_dir, target) = edited("schemas/common.yaml", |t| format!("{t}  tags: [\n"));
    let (file, _, message) = refusal(&target);
    assert!(file.ends_with("/schemas/common.yaml"), "{file}");
    assert!(message.contains("not valid YAML"), "{message}");
}

#[test]
fn a_path_item_that_leads_back_to_itself_is_refused() {
    let (_dir, target) = edited("paths/items.yaml", |t| {
        format!("{t}put:\n  $ref: items.yaml#/get\npost:\n  $ref: \"#/post\"\n")
    });
    let (file, _, message) = refusal(&target);
    assert!(file.ends_with("/paths/items.yaml"), "{file}");
    assert!(message.contains("lead back"), "{message}");
}

#[test]
fn the_same_key_under_two_parents_has_its_own_line() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        name: {type: string}\n    B:\n      type: object\n      properties:\n        id: {type: string, description: x}\n        name: {type: string}\n";
    let findings = lint::findings(text, "two.yaml", &lint::Config::default()).unwrap();
    let line = |schema: &str| {
        findings
            .iter()
            .find(|f| f.location.pointer == format!("/components/schemas/{schema}/properties/name"))
            .and_then(|f| f.location.line)
    };
    assert_eq!(line("A"), Some(9));
    assert_eq!(line("B"), Some(14));
}
