//! Which revision `cargo xtask diff` compares the working tree with, found where reviews
//! happen: a pull request's base from the CI environment, the branch's upstream, or `main`,
//! and never HEAD against itself without saying so.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::Error;

/// CI variables that name a pull request's target branch, in the order they are read:
/// GitHub Actions, GitLab, Bitbucket, Azure Pipelines.
pub(crate) const CI_BASE_VARS: [&str; 4] = [
    "GITHUB_BASE_REF",
    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
    "BITBUCKET_PR_DESTINATION_BRANCH",
    "SYSTEM_PULLREQUEST_TARGETBRANCH",
];

/// The first of `CI_BASE_VARS` set in this process's environment: (variable, branch).
pub fn ci_base_from_env() -> Option<(String, String)> {
    ci_base(|var| std::env::var(var).ok())
}

/// [`ci_base_from_env`] over any environment (`lookup` gives a variable's value).
pub(crate) fn ci_base(lookup: impl Fn(&str) -> Option<String>) -> Option<(String, String)> {
    CI_BASE_VARS.iter().find_map(|var| {
        let value = lookup(var)?;
        let branch = value.trim().trim_start_matches("refs/heads/").to_string();
        (!branch.is_empty()).then(|| (var.to_string(), branch))
    })
}

/// A resolved base: the revision, and how it was chosen (the report's first line says so).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Base {
    /// A revision git understands (a commit id, or `HEAD`).
    pub rev: String,
    /// How it was chosen, in words.
    pub how: String,
}

/// Resolves the base: `--base`, else the CI's pull-request base (`ci`: variable and branch),
/// else the merge base with the branch's upstream, else with `main` or `origin/main`, else HEAD.
pub(crate) fn resolve(
    root: &Path,
    given: Option<&str>,
    ci: Option<&(String, String)>,
) -> Result<Base, Error> {
    if let Some(rev) = given {
        return Ok(Base {
            rev: rev.to_string(),
            how: "given with --base".into(),
        });
    }
    if let Some((var, branch)) = ci {
        // The remote ref first: a CI checkout's local branch, if any, may be stale.
        let candidates = [format!("origin/{branch}"), branch.clone()];
        let Some(found) = candidates.iter().find(|c| exists(root, c)) else {
            return Err(Error::Git(format!(
                "{var} names the pull request's base branch {branch:?}, but neither \
                 origin/{branch} nor {branch} is in this clone (a shallow or single-branch \
                 checkout); fetch it with `git fetch --no-tags --depth=200 origin \
                 {branch}:refs/remotes/origin/{branch}`, or check out with full history \
                 (actions/checkout: fetch-depth: 0)"
            )));
        };
        let rev = merge_base(root, found).map_err(|e| {
            Error::Git(format!(
                "HEAD and {found} share no history in this clone ({e}); deepen it with \
                 `git fetch --deepen=200 origin {branch}` or check out with full history"
            ))
        })?;
        return Ok(Base {
            rev,
            how: format!("merge base of HEAD and {found}, the pull request's base from {var}"),
        });
    }
    if let Ok(upstream) = git(
        root,
        &[
            "rev-parse",
            "--abbrev-ref",
            "--symbolic-full-name",
            "@{upstream}",
        ],
    ) {
        let upstream = upstream.trim();
        if let Ok(rev) = merge_base(root, upstream) {
            return Ok(Base {
                rev,
                how: format!("merge base of HEAD and {upstream}, the branch's upstream"),
            });
        }
    }
    for candidate in ["main", "origin/main"] {
        if exists(root, candidate)
            && let Ok(rev) = merge_base(root, candidate)
        {
            return Ok(Base {
                rev,
                how: format!("merge base of HEAD and {candidate}"),
            });
        }
    }
    Ok(Base {
        rev: "HEAD".into(),
        how: "HEAD: no pull request base, upstream or main was found".into(),
    })
}

/// Whether `base` is the commit HEAD is at.
pub(crate) fn is_head(root: &Path, base: &str) -> bool {
    matches!((commit(root, base), commit(root, "HEAD")), (Some(a), Some(b)) if a == b)
}

fn exists(root: &Path, rev: &str) -> bool {
    commit(root, rev).is_some()
}

/// The commit `rev` names, if it names one in this clone.
fn commit(root: &Path, rev: &str) -> Option<String> {
    let id = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    );
    id.ok().map(|id| id.trim().to_string())
}

fn merge_base(root: &Path, rev: &str) -> Result<String, String> {
    let out = git(root, &["merge-base", "HEAD", rev])?;
    let out = out.trim();
    if out.is_empty() {
        Err("no merge base".into())
    } else {
        Ok(out.to_string())
    }
}

/// Runs git in `root`; its standard output, or its error text.
pub(crate) fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        String::from_utf8(out.stdout).map_err(|e| e.to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// Every file under `dirs` as it is at revision `rev`: (path from the root, text), read with
/// one `git cat-file --batch`. The hand-written half of the crates' API at the base.
pub(crate) fn files_at(
    root: &Path,
    rev: &str,
    dirs: &[&str],
) -> Result<Vec<(PathBuf, String)>, String> {
    let mut args = vec!["ls-tree", "-r", "--name-only", rev, "--"];
    args.extend_from_slice(dirs);
    let names: Vec<String> = git(root, &args)?.lines().map(str::to_string).collect();
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let request: String = names.iter().map(|n| format!("{rev}:{n}\n")).collect();
    let mut stdin = child.stdin.take().ok_or("git cat-file has no stdin")?;
    // Written from a thread: git answers while it reads, and both pipes have a bound.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("git cat-file: {e}"))?;
    let _ = writer.join();
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    let mut rest = out.stdout.as_slice();
    let mut files = Vec::new();
    for name in names {
        // "<sha> blob <size>\n<contents>\n" per object.
        let newline = rest
            .iter()
            .position(|b| *b == b'\n')
            .ok_or("git cat-file: short output")?;
        let header = String::from_utf8_lossy(&rest[..newline]).to_string();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("git cat-file: {header}"))?;
        let body = rest
            .get(newline + 1..newline + 1 + size)
            .ok_or("git cat-file: short output")?;
        files.push((
            PathBuf::from(name),
            String::from_utf8_lossy(body).into_owned(),
        ));
        rest = rest.get(newline + 2 + size..).unwrap_or_default();
    }
    Ok(files)
}
