//! One build serves both README commands: `cargo xtask` builds every crate of its graph exactly
//! as `cargo test --workspace` then needs it, and each only once, not once for proc macros and
//! again for the xtask (the features declared for that in `xtask/Cargo.toml`).

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Each package of `cargo tree <selection>` (normal and build edges, `dev` too when asked)
/// with every feature set it is built with: two sets mean two builds of one version.
fn feature_sets(selection: &[&str], dev: bool) -> BTreeMap<String, BTreeSet<String>> {
    let edges = if dev {
        "normal,build,dev"
    } else {
        "normal,build"
    };
    let out = Command::new(env!("CARGO"))
        .args(["tree", "--quiet", "--offline", "--locked", "--no-dedupe"])
        .args(["--prefix", "none", "--format", "{p}|{f}", "-e", edges])
        .args(selection)
        .current_dir(tests::root())
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut sets: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let Some((package, features)) = line.split_once('|') else {
            continue;
        };
        // `(*)` marks a repeat, `(proc-macro)` the kind: neither is part of the build's identity.
        let package = package.replace(" (proc-macro)", "");
        let features = features.trim_end_matches(" (*)").to_string();
        sets.entry(package).or_default().insert(features);
    }
    sets
}

#[test]
fn cargo_xtask_builds_what_cargo_test_reuses_and_each_crate_once() {
    let xtask = feature_sets(&["-p", "xtask"], false);
    let workspace = feature_sets(&["--workspace"], true);
    assert!(
        xtask.len() > 100,
        "cargo tree listed {} packages",
        xtask.len()
    );
    let mut problems = Vec::new();
    for (package, sets) in &xtask {
        if package.contains("(/") {
            continue; // the workspace's own crates
        }
        if sets.len() > 1 {
            problems.push(format!(
                "{package} is built twice by `cargo xtask`: {sets:?}"
            ));
        }
        match workspace.get(package) {
            Some(test_sets) if test_sets == sets => {}
            test_sets => problems.push(format!(
                "{package}: `cargo xtask` builds it with {sets:?}, `cargo test --workspace` with \
                 {test_sets:?}; declare the missing features in xtask/Cargo.toml \
                 ([dependencies] for the xtask's side, [build-dependencies] for proc macros')"
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
