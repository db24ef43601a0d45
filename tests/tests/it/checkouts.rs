//! Two checkouts that share one target directory: `cargo xtask` in each reads and writes only
//! its own files, even when cargo runs the binary it built in the other one.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

/// Copies every file git tracks into `dir`, each dated `modified`.
fn checkout(dir: &Path, modified: SystemTime) {
    let root = tests::root();
    let listed = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(listed.status.success());
    for rel in listed.stdout.split(|b| *b == 0).filter(|s| !s.is_empty()) {
        let rel = std::str::from_utf8(rel).unwrap();
        let from = root.join(rel);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let to = dir.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&to)
            .unwrap()
            .set_modified(modified)
            .unwrap();
    }
}

/// Replaces `from` (once) in the checkout's spec.
fn edit_spec(dir: &Path, from: &str, to: &str) {
    let path = dir.join(xtask::SPEC_PATH);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// `cargo xtask <args>` run in `dir` (a subdirectory, as a maintainer might) with the shared
/// target directory; returns (exit code, stdout + stderr).
fn cargo_xtask(dir: &Path, target: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO"))
        // Unoptimised: what is tested is which checkout's files the binary reads, and each run
        // of this test builds the xtask again (A's files are new), in seconds rather than a
        // minute and a half at the workspace's opt-level 2.
        .args(["--config", "profile.dev.package.xtask.opt-level=0", "xtask"])
        .args(args)
        .current_dir(dir.join("crates"))
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_NET_OFFLINE", "true")
        .env_remove("XTASK_ROOT")
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn generated(dir: &Path) -> Vec<Vec<u8>> {
    tests::GENERATED
        .iter()
        .map(|rel| std::fs::read(dir.join(rel)).unwrap())
        .collect()
}

#[test]
#[ignore = "builds the xtask in a target directory of its own (minutes); .ci/run runs it"]
fn each_checkout_touches_only_its_own_files() {
    let target: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("shared-target");
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    // A's files are new, so cargo builds the xtask from them; B's are older than that build,
    // so cargo judges A's binary fresh for B and runs it there: the reuse that once made an
    // xtask built in one checkout read the other's spec.
    checkout(a.path(), SystemTime::now());
    checkout(
        b.path(),
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000),
    );
    // A's spec names two operations alike (an error); B's gains a query parameter (additive).
    edit_spec(
        a.path(),
        "operationId: revoke-token-current",
        "operationId: get-token-current",
    );
    edit_spec(
        b.path(),
        "      summary: List tokens for the authenticated user\n",
        "      summary: List tokens for the authenticated user\n      parameters:\n        - name: checkout_b\n          in: query\n          description: Only in checkout B.\n          schema:\n            type: string\n",
    );

    let (code, out) = cargo_xtask(a.path(), &target, &["lint"]);
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("operation-id-duplicate"), "{out}");
    assert!(!out.contains("checkout_b"), "{out}");

    // cargo may now run the binary it built in A: it must still read B.
    let (code, out) = cargo_xtask(b.path(), &target, &["lint"]);
    assert_eq!(code, 0, "B's spec is clean: {out}");

    let a_before = generated(a.path());
    let b_before = generated(b.path());
    let (code, out) = cargo_xtask(b.path(), &target, &["generate"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(generated(a.path()), a_before, "B's generate wrote into A");
    assert_ne!(
        generated(b.path()),
        b_before,
        "B's generate wrote nothing in B"
    );
    let b_operations = std::fs::read_to_string(b.path().join(xtask::OPERATIONS_PATH)).unwrap();
    assert!(
        b_operations.contains("checkout_b"),
        "B's new parameter is in B's client"
    );

    let (code, out) = cargo_xtask(a.path(), &target, &["generate", "--check"]);
    assert_ne!(code, 0, "A's spec refuses generation: {out}");
    assert!(out.contains("operation-id-duplicate"), "{out}");
    assert_eq!(generated(a.path()), a_before);
}
