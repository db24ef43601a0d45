//! The `xtask` binary itself: exit codes and messages for good and bad specs, and generated
//! files left byte-identical when it refuses.

use std::path::Path;
use std::process::Command;

/// Copies the spec (edited by `edit`) and the generated files into a scratch root.
fn scratch(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = xtask::workspace_root().unwrap();
    let files = xtask::GENERATED_PATHS.into_iter().chain(xtask::docs::PATHS);
    for rel in std::iter::once(xtask::SPEC_PATH).chain(files) {
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        let text = if rel == xtask::SPEC_PATH {
            edit(text)
        } else {
            text
        };
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("XTASK_ROOT", root)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn generated(root: &Path) -> Vec<Vec<u8>> {
    xtask::GENERATED_PATHS
        .iter()
        .map(|rel| std::fs::read(root.join(rel)).unwrap())
        .collect()
}

#[test]
fn a_fresh_checkout_is_up_to_date_and_clean() {
    let dir = scratch(|s| s);
    let (code, out, _) = run(dir.path(), &["generate", "--check"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("up to date: crates/fastly-tokens/src/generated.rs"),
        "{out}"
    );
    assert!(out.contains("done in "), "{out}");
    let (code, out, _) = run(dir.path(), &["lint"]);
    assert_eq!(
        (code, out.trim()),
        (0, "spec/fastly-tokens.yaml: no findings")
    );
}

#[test]
fn bad_specs_exit_non_zero_and_touch_nothing() {
    type Edit = fn(String) -> String;
    let cases: [(&str, Edit, &str); 6] = [
        ("empty", |_| String::new(), "the document is empty"),
        (
            "malformed",
            |s| s.replacen("openapi: 3.0.3", "openapi: [3.0.3", 1),
            "not valid YAML",
        ),
        (
            "3.1",
            |s| s.replacen("openapi: 3.0.3", "openapi: 3.1.0", 1),
            "OpenAPI 3.1.0 is not supported",
        ),
        (
            "no operationId",
            |s| s.replacen("      operationId: get-token\n", "", 1),
            "[operation-id-missing]",
        ),
        (
            "media type",
            |s| {
                s.replacen(
                    "application/x-www-form-urlencoded:",
                    "multipart/form-data:",
                    1,
                )
            },
            "[request-body-media-type]",
        ),
        (
            "dangling $ref",
            |s| {
                s.replacen(
                    "#/components/schemas/error\"",
                    "#/components/schemas/nope\"",
                    1,
                )
            },
            "[ref-unresolved]",
        ),
    ];
    for (name, edit, expected) in cases {
        let dir = scratch(edit);
        let before = generated(dir.path());
        let (code, _, err) = run(dir.path(), &["generate"]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains(expected), "{name}: {err}");
        assert!(
            err.contains("no generated file was changed"),
            "{name}: {err}"
        );
        assert_eq!(
            generated(dir.path()),
            before,
            "{name}: a generated file changed"
        );
    }
}

#[test]
fn stale_files_fail_the_check_with_a_diff_and_the_command() {
    let dir = scratch(|s| {
        s.replacen(
            "summary: Revoke a token\n",
            "summary: Revoke one token\n",
            1,
        )
    });
    let (code, _, err) = run(dir.path(), &["generate", "--check"]);
    assert_eq!(code, 1);
    assert!(err.contains("+    /// Revoke one token"), "{err}");
    assert!(
        err.contains("cause: the spec changed since the file was generated"),
        "{err}"
    );
}

#[test]
fn a_hand_edited_file_is_named_as_such() {
    let dir = scratch(|s| s);
    let path = dir.path().join(xtask::CLIENT_PATH);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("pub struct Client {", "pub struct Client { // mine", 1),
    )
    .unwrap();
    let (code, _, err) = run(dir.path(), &["generate", "--check"]);
    assert_eq!(code, 1);
    assert!(err.contains("cause: the file was edited by hand"), "{err}");
    assert!(err.contains("run `cargo xtask generate`"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let dir = scratch(|s| s);
    assert_eq!(run(dir.path(), &["frobnicate"]).0, 2);
    assert_eq!(run(dir.path(), &["diff", "--format", "xml"]).0, 2);
    assert_eq!(run(dir.path(), &[]).0, 2);
}

#[test]
fn another_document_is_linted_and_generated_elsewhere_leaving_the_workspace_untouched() {
    let dir = scratch(|s| s);
    let before = generated(dir.path());
    let candidate = dir.path().join("candidate.yaml");
    let shape = xtask::workspace_root()
        .unwrap()
        .join("tests/fixtures/shapes/raw-bodies.yaml");
    std::fs::copy(shape, &candidate).unwrap();
    let out_dir = dir.path().join("scratch-out");
    let spec = candidate.to_str().unwrap();
    let (code, out, err) = run(dir.path(), &["lint", "--spec", spec]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = run(
        dir.path(),
        &[
            "generate",
            "--spec",
            spec,
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let written = std::fs::read_to_string(out_dir.join(xtask::OPERATIONS_PATH)).unwrap();
    assert!(
        written.contains("fn get_value"),
        "the candidate's operations"
    );
    assert_eq!(
        generated(dir.path()),
        before,
        "the workspace's files are untouched"
    );
    // A refused candidate names its own file and line.
    std::fs::write(&candidate, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {}\n").unwrap();
    let (code, _, err) = run(dir.path(), &["generate", "--spec", spec]);
    assert_ne!(code, 0);
    assert!(err.contains("candidate.yaml:5"), "{err}");
    assert_eq!(generated(dir.path()), before);
    let (code, _, err) = run(dir.path(), &["lint", "--out", "x"]);
    assert_eq!(
        (code, err.lines().next()),
        (2, Some("error: --out is for generate"))
    );
}
