//! `cargo xtask diff`: the spec at a git revision against the working tree, judged twice: on
//! the wire (each change breaking or not for a deployed client; `wire.rs`) and in Rust (what a
//! caller's code tolerates, and the version bump it needs; `semver.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub mod base;
mod report;
pub mod review;
pub mod semver;
pub mod surface;
pub mod wire;

use crate::error::Error;
use crate::{SPEC_PATH, spec};
use base::git;
use semver::{Bump, RustChange};
pub use wire::{Level, compare};

/// Report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Ready to paste into a pull request.
    Markdown,
    /// Stable for tools.
    Json,
    /// GitHub Actions annotations, one per finding on its line of the spec (`::error` for
    /// breaking, `::warning` for potentially breaking), then the verdict as a notice.
    Github,
}

/// The command line of `cargo xtask diff`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The git revision to compare with; `None` picks the merge base with `main`, or HEAD.
    pub base: Option<String>,
    /// The report format.
    pub format: Format,
    /// Exit non-zero when any change is at this level or above, or when only HEAD could be
    /// compared with itself; `None` never fails on findings.
    pub fail_on: Option<Level>,
    /// The pull request's base from the CI environment: (variable, branch); see
    /// [`crate::diff::base::ci_base_from_env`]. `parse` leaves it empty.
    pub ci_base: Option<(String, String)>,
    /// The spec of the new side; `None` is the workspace's own ([`SPEC_PATH`]). The old side
    /// is always the workspace's spec at the base revision.
    pub spec: Option<PathBuf>,
}

/// Parses a `--fail-on` level: `breaking`, `warn` (potentially breaking or worse) or `info`
/// (any change).
pub fn parse_level(arg: Option<&str>) -> Result<Level, String> {
    arg.and_then(Level::from_name)
        .ok_or_else(|| format!("--fail-on takes breaking, warn or info, not {arg:?}"))
}

impl Options {
    /// Parses `[--base REV] [--format markdown|json|github] [--fail-on breaking|warn|info]`
    /// (`--fail-on-breaking` is `--fail-on breaking`).
    pub fn parse(args: &[&str]) -> Result<Options, String> {
        let mut options = Options {
            base: None,
            format: Format::Markdown,
            fail_on: None,
            ci_base: None,
            spec: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match *arg {
                "--base" => {
                    let rev = args.next().ok_or("--base needs a git revision")?;
                    options.base = Some(rev.to_string());
                }
                "--format" => {
                    options.format = match args.next().copied() {
                        Some("markdown") => Format::Markdown,
                        Some("json") => Format::Json,
                        Some("github") => Format::Github,
                        other => {
                            return Err(format!(
                                "--format takes markdown, json or github, not {other:?}"
                            ));
                        }
                    }
                }
                "--fail-on" => options.fail_on = Some(parse_level(args.next().copied())?),
                "--fail-on-breaking" => options.fail_on = Some(Level::Breaking),
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        Ok(options)
    }
}

/// One difference in the HTTP contract.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// The rule (its stable kebab-case name in reports).
    pub rule: wire::WireRule,
    /// How much it weighs: the rule's level.
    pub level: Level,
    /// Where, as a JSON pointer into the new document (the old one for removals).
    pub pointer: String,
    /// The line of the new spec the change is about: the pointer's, or for something
    /// removed, that of the nearest part of the document still there. `None` where the
    /// caller gave no text to find it in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The file that line is in, when the spec is split and it is not the root file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// What changed.
    pub message: String,
    /// Why it is (or is not) breaking.
    pub why: &'static str,
    /// For a change in a shared part of the document (a component, or the document's
    /// `security`; `pointer` is then there): the operations that meet it (`GET /tokens`); empty for per-operation changes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub used_by: Vec<String>,
}

/// The outcome of one comparison.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// The revision compared with.
    pub base: String,
    /// How that revision was chosen (empty when the caller gave two texts).
    pub base_how: String,
    /// Whether the base is HEAD itself and the spec is unchanged: nothing was compared.
    pub compared_with_itself: bool,
    /// Every change, in document order.
    pub changes: Vec<Change>,
    /// Unified diff of the public API listings (empty when unchanged).
    pub rust_surface_diff: String,
    /// Every change of the public Rust API, judged for callers' code.
    pub rust_changes: Vec<RustChange>,
    /// The version bump the Rust changes need.
    pub rust_bump: Bump,
    /// The crate's version now, and the one the bump leads to (`NO_CRATE`, "(no crate)", for
    /// both when the root holds no Cargo workspace: a spec compared on its own).
    pub version: (String, String),
    /// Why the Rust side could not be judged (a spec that does not generate), if so.
    pub rust_unknown: Option<String>,
}

/// Fills in each change's line of the new spec: its pointer's line, or for something no
/// longer there, the nearest ancestor's (the root has none).
pub(crate) fn locate(changes: &mut [Change], new: &spec::Source) {
    for c in changes {
        let mut at = c.pointer.as_str();
        while new.value.pointer(at).is_none() {
            at = at.rfind('/').map_or("", |cut| &at[..cut]);
        }
        if at.is_empty() {
            continue;
        }
        let location = new.locate(at);
        c.line = location.line;
        c.file = Some(location.file).filter(|f| f != new.name());
    }
}

/// Runs the comparison for the workspace at `root`.
pub fn run(root: &Path, options: &Options) -> Result<Report, Error> {
    let chosen = base::resolve(root, options.base.as_deref(), options.ci_base.as_ref())?;
    let base = chosen.rev;
    let old = git(root, &["show", &format!("{base}:{SPEC_PATH}")])
        .map_err(|e| Error::Git(format!("cannot read {SPEC_PATH} at revision {base:?}: {e}")))?;
    // The spec's other files at the base (a split spec), read in one go.
    let spec_dir = SPEC_PATH.rsplit_once('/').map_or(".", |(dir, _)| dir);
    let old_files = base::files_at(root, &base, &[spec_dir])
        .map_err(|e| Error::Git(format!("cannot read {spec_dir}/ at revision {base:?}: {e}")))?;
    let old_name = format!("{base}:{SPEC_PATH}");
    let prefix = format!("{base}:");
    let at_base = |name: &str| {
        let rel = name.strip_prefix(&prefix).unwrap_or(name);
        old_files
            .iter()
            .find(|(path, _)| path.to_str() == Some(rel))
            .map(|(_, text)| text.clone())
            .ok_or_else(|| format!("no such file at revision {base:?}"))
    };
    let mut old = spec::read(&old, &old_name, &at_base)?;
    // The overlays as they were at the base, applied as they are on the new side.
    let overlays = spec::overlay::beside(
        SPEC_PATH,
        old_files
            .iter()
            .filter_map(|(p, t)| Some((p.to_str()?, t.as_str()))),
    );
    let overlays = overlays
        .into_iter()
        .map(|(n, t)| (format!("{prefix}{n}"), t))
        .collect();
    spec::overlay::apply_all(&mut old, overlays)?;
    let target = crate::Target {
        spec: options.spec.clone().unwrap_or_else(|| root.join(SPEC_PATH)),
        ..crate::Target::workspace(root)
    };
    let new = target.source()?;
    // The hand-written half of the crates as it was at the base, so a change there is judged
    // too (a removed method, a removed impl), not only what the spec generates.
    let dirs: Vec<&str> = surface::CRATES.iter().map(|(_, dir)| *dir).collect();
    let old_sources = base::files_at(root, &base, &dirs)
        .map_err(|e| Error::Git(format!("cannot read the crates' sources at {base:?}: {e}")))?;
    let mut report = compare_with(root, (&old, &old_sources), &new, &base)?;
    report.base_how = chosen.how;
    // Nothing to compare only when the spec and the crates' sources are both as at HEAD.
    let sources_unchanged = old_sources.iter().all(|(rel, text)| {
        std::fs::read_to_string(root.join(rel)).is_ok_and(|now| now.replace("\r\n", "\n") == *text)
    });
    let same_spec = old.files.len() == new.files.len()
        && old.files.iter().zip(&new.files).all(|(a, b)| a.1 == b.1);
    report.compared_with_itself = same_spec && sources_unchanged && base::is_head(root, &base);
    Ok(report)
}

/// Compares two spec texts; `base` names the old one in messages, and the hand-written
/// sources of the workspace at `root` complete the Rust API of each side.
pub fn compare_texts(root: &Path, old: &str, new: &str, base: &str) -> Result<Report, Error> {
    let old = spec::parse(old, &format!("{base}:{SPEC_PATH}"))?;
    let new = spec::parse(new, SPEC_PATH)?;
    compare_with(root, (&old, &[]), &new, base)
}

/// [`compare_texts`] with the old side's hand-written sources given (path from the root,
/// text), as they were at the base; the new side's are the files under `root`.
pub(crate) fn compare_with(
    root: &Path,
    (old, old_sources): (&spec::Source, &[(PathBuf, String)]),
    new: &spec::Source,
    base: &str,
) -> Result<Report, Error> {
    // Independent jobs: each side's Rust API and the crate's version (a `cargo` process) on
    // threads of their own, the wire comparison on this one.
    let (changes, old_api, new_api, version) = std::thread::scope(|scope| {
        let version = scope.spawn(|| crate_version(root));
        let old_api = scope.spawn(|| api_of(root, old, old_sources));
        let new_api = scope.spawn(|| api_of(root, new, &[]));
        let changes = spec::from_value(old).and_then(|old| {
            let new_spec = spec::from_value(new)?;
            let mut changes = compare(&old, &new_spec);
            locate(&mut changes, new);
            Ok(changes)
        });
        let joined = |side: std::thread::ScopedJoinHandle<'_, Result<surface::Api, String>>| {
            side.join()
                .unwrap_or_else(|_| Err("reading the public API panicked".to_string()))
        };
        let version = version.join().unwrap_or_else(|_| {
            Err(Error::Generate(
                "reading the crate's version panicked".into(),
            ))
        });
        (changes, joined(old_api), joined(new_api), version)
    });
    let changes = changes?;
    let rust_surface_diff = match (&old_api, &new_api) {
        (Ok(a), Ok(b)) => api_diff(a, b),
        (a, b) => {
            let text = |api: &Result<surface::Api, String>| match api {
                Ok(api) => api.listing(),
                Err(e) => format!("({e})\n"),
            };
            similar::TextDiff::from_lines(&text(a), &text(b))
                .unified_diff()
                .context_radius(1)
                .header(&format!("public API at {base}"), "public API now")
                .to_string()
        }
    };
    let (rust_changes, rust_unknown) = match (&old_api, &new_api) {
        (Ok(a), Ok(b)) => (semver::compare(a, b), None),
        (Err(e), _) | (_, Err(e)) => (Vec::new(), Some(e.clone())),
    };
    let rust_bump = semver::bump(&rust_changes);
    let version = match version? {
        Some(current) => {
            let next = rust_bump.next_version(&current);
            (current.to_string(), next.to_string())
        }
        None => (NO_CRATE.to_string(), NO_CRATE.to_string()),
    };
    Ok(Report {
        base: base.to_string(),
        base_how: String::new(),
        compared_with_itself: false,
        changes,
        rust_surface_diff,
        rust_changes,
        rust_bump,
        version,
        rust_unknown,
    })
}

/// The entries that differ, as `-` (before) and `+` (after) lines in key order, under a line
/// per crate: stable whatever else the listing holds (no hunk offsets).
fn api_diff(old: &surface::Api, new: &surface::Api) -> String {
    let mut out = String::new();
    let crates: BTreeSet<&String> = old.crates.keys().chain(new.crates.keys()).collect();
    let empty = BTreeMap::new();
    for krate in crates {
        let (a, b) = (
            old.crates.get(krate).unwrap_or(&empty),
            new.crates.get(krate).unwrap_or(&empty),
        );
        let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        let mut lines = String::new();
        for key in keys {
            match (a.get(key), b.get(key)) {
                (Some(x), Some(y)) if x == y => {}
                (x, y) => {
                    if let Some(x) = x {
                        let _ = writeln!(lines, "-  {key}{}", x.text);
                    }
                    if let Some(y) = y {
                        let _ = writeln!(lines, "+  {key}{}", y.text);
                    }
                }
            }
        }
        if !lines.is_empty() {
            let _ = write!(out, "   crate {krate}\n{lines}");
        }
    }
    out
}

/// The public API a spec gives users: its generated files beside the hand-written ones.
/// `sources` (hand-written files, by path) stand in for the files on disk, the generated
/// files made from `text` for both.
fn api_of(
    root: &Path,
    source: &spec::Source,
    sources: &[(PathBuf, String)],
) -> Result<surface::Api, String> {
    crate::render_api(root, source, sources).map_err(|e| match e {
        e @ (Error::Invalid { .. } | Error::Io { .. }) => e.to_string(),
        e => format!("this spec does not generate: {e}"),
    })
}

/// The version a diff names where there is no crate to version.
pub(crate) const NO_CRATE: &str = "(no crate)";

/// The client crate's version as Cargo reads it (`cargo metadata`, so a version the crate
/// inherits from the workspace is found too); `None` when `root` has no `Cargo.toml`.
fn crate_version(root: &Path) -> Result<Option<::semver::Version>, Error> {
    if !root.join("Cargo.toml").is_file() {
        return Ok(None);
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let failed = |why: String| Error::Invalid {
        path: root.join("Cargo.toml"),
        message: format!("cannot read the version of {}: {why}", surface::CRATES[0].0),
    };
    let out = std::process::Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(root)
        .output()
        .map_err(|e| failed(format!("cargo metadata did not run: {e}")))?;
    if !out.status.success() {
        return Err(failed(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ));
    }
    #[derive(serde::Deserialize)]
    struct Metadata {
        packages: Vec<Package>,
    }
    #[derive(serde::Deserialize)]
    struct Package {
        name: String,
        version: ::semver::Version,
    }
    let metadata: Metadata =
        serde_json::from_slice(&out.stdout).map_err(|e| failed(e.to_string()))?;
    let name = surface::CRATES[0].0.replace('_', "-");
    metadata
        .packages
        .into_iter()
        .find(|p| p.name == name)
        .map(|p| Some(p.version))
        .ok_or_else(|| failed(format!("no package {name} in the workspace")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_version_is_cargos_even_when_the_workspace_gives_it() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "Cargo.toml",
            "[workspace]\nmembers = [\"crates/fastly-tokens\"]\n\
             [workspace.package]\nversion = \"1.2.0-beta.3\"\n",
        );
        write(
            "crates/fastly-tokens/Cargo.toml",
            "[package]\nname = \"fastly-tokens\"\nversion.workspace = true\nedition = \"2021\"\n",
        );
        write("crates/fastly-tokens/src/lib.rs", "");
        let version = super::crate_version(dir.path()).unwrap();
        assert_eq!(version.unwrap().to_string(), "1.2.0-beta.3");
        // Without the crate, an error that says so: never a made-up version.
        std::fs::remove_dir_all(dir.path().join("crates")).unwrap();
        write("Cargo.toml", "[workspace]\n");
        let error = super::crate_version(dir.path()).unwrap_err().to_string();
        assert!(error.contains("no package fastly-tokens"), "{error}");
    }
}
