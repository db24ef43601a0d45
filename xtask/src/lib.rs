//! The generator behind `cargo xtask`: spec in, formatted client code out, one code path for write and check.
//!
//! One folder per tool, dependencies pointing one way: `spec` (load with locations, pointers,
//! the operation model, the raw view) <- `generate` (progenitor behind its contract, the
//! bridges, the renderers, formatting) <- `lint` (the rules; it asks `generate` what
//! progenitor can take) <- this file (lint, then generate: [`render_all`]) <- `diff` (the wire
//! and Rust verdicts, the review) and `cassettes`. `cargo xtask generate`, `generate --check`
//! and the drift test all call [`generate_in`]; nothing else writes the generated files.

#![warn(unreachable_pub)]

#[macro_use]
mod ids;

pub mod cassettes;
pub mod diff;
pub mod docs;
pub mod error;
pub mod generate;
pub mod lint;
pub mod spec;
pub mod syntax;
pub mod upstream;
mod walk;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use error::{Error, Location};
pub use generate::Rendered;

/// The spec every generated file is made from, relative to the workspace root.
pub const SPEC_PATH: &str = "spec/fastly-tokens.yaml";
/// The generated client module, relative to the workspace root.
pub const CLIENT_PATH: &str = "crates/fastly-tokens/src/generated.rs";
/// The generated httpmock module of the mock crate, relative to the workspace root.
pub const MOCK_PATH: &str = "crates/fastly-tokens-mock/src/generated.rs";
/// The generated public operations of the client, relative to the workspace root.
pub const OPERATIONS_PATH: &str = "crates/fastly-tokens/src/operations.rs";
/// The generated command table of the CLI, relative to the workspace root.
pub const CLI_PATH: &str = "crates/fastly-tokens-cli/src/commands.rs";
/// Every generated file, relative to the workspace root, in the order they are rendered.
pub const GENERATED_PATHS: [&str; 4] = [CLIENT_PATH, OPERATIONS_PATH, MOCK_PATH, CLI_PATH];

/// Whether [`generate()`] writes stale files or only reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Write every stale file (atomically: temporary file, then rename).
    Write,
    /// Write nothing; fail with a diff when any file is stale.
    Check,
}

/// What one generated file's state was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileState {
    /// The file already held exactly the fresh output.
    UpToDate,
    /// The file was (re)written.
    Written,
    /// Check mode: the file differs from the fresh output; holds a unified diff.
    Stale(String),
}

/// The outcome of one [`generate()`] run.
#[derive(Debug)]
pub struct Report {
    /// Every generated file, relative to the root, with its state.
    pub files: Vec<(PathBuf, FileState)>,
    /// The lint warnings of the spec (errors stop generation instead).
    pub warnings: Vec<lint::Finding>,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

impl Report {
    /// The files that were stale in check mode.
    pub fn stale(&self) -> impl Iterator<Item = (&PathBuf, &str)> {
        self.files.iter().filter_map(|(p, s)| match s {
            FileState::Stale(diff) => Some((p, diff.as_str())),
            _ => None,
        })
    }
}

/// The workspace the xtask works on, found at run time: `XTASK_ROOT` when set (the CLI tests
/// point it at scratch copies), else the nearest directory at or above the current one that
/// holds both a `Cargo.toml` and the spec.
///
/// Never the directory this crate was compiled in: two checkouts sharing one target directory
/// (a global `CARGO_TARGET_DIR`, `git worktree`s) can run a binary built in the other one.
pub fn workspace_root() -> Result<PathBuf, Error> {
    if let Some(root) = std::env::var_os("XTASK_ROOT") {
        return Ok(root.into());
    }
    let here = std::env::current_dir().map_err(|source| Error::Io {
        path: PathBuf::from("."),
        source,
    })?;
    find_workspace(&here).ok_or_else(|| Error::Io {
        path: here.clone(),
        source: std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("neither this directory nor any above it holds Cargo.toml and {SPEC_PATH}; run `cargo xtask` inside the workspace"),
        ),
    })
}

/// The nearest directory at or above `start` that holds a `Cargo.toml` and [`SPEC_PATH`].
pub fn find_workspace(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("Cargo.toml").is_file() && dir.join(SPEC_PATH).is_file())
        .map(Path::to_path_buf)
}

/// Every generated file of the workspace, fresh from the spec text (a one-file spec):
/// (relative path, contents).
///
/// Fails without side effects on any spec problem; progenitor never panics through this.
pub fn render_all(spec_text: &str, spec_name: &str) -> Result<Rendered, Error> {
    let source = spec::parse(spec_text, spec_name)?;
    render_all_with(&source, &lint::Config::default()).map(|(files, _)| files)
}

/// [`render_all`] of a spec read (one that may span files) with the rule levels of `config`;
/// also returns the warnings. The one path from spec to generated files: lint refuses or
/// passes, then generate renders.
pub fn render_all_with(
    source: &spec::Source,
    config: &lint::Config,
) -> Result<(Rendered, Vec<lint::Finding>), Error> {
    let (spec, review) = gate(source, config)?;
    generate::render(&spec, source, review)
}

/// The public API the generated files of `source` give with the hand-written files under
/// `root` (`sources`, by path, standing in for some of them): the diff's Rust side, read from
/// the generator's trees (`generate::trees`). Refused where `generate` refuses.
pub fn render_api(
    root: &Path,
    source: &spec::Source,
    sources: &[(PathBuf, String)],
) -> Result<diff::surface::Api, Error> {
    let config = lint::Config::default();
    let (spec, review) = gate(source, &config)?;
    let read = |trees| diff::surface::read_trees(root, sources, trees);
    let (mut api, mock, _) = generate::trees(&spec, source, review, read)?;
    api.crates.extend(mock.crates);
    Ok(api)
}

/// What a render does first: the document read as OpenAPI and passed by lint's preflight
/// (progenitor runs on nothing else), and the review rules, to run beside the generator (they
/// decide nothing it reads). A document lint refuses gets lint's own answer.
#[allow(clippy::type_complexity)]
fn gate<'a>(
    source: &'a spec::Source,
    config: &'a lint::Config,
) -> Result<
    (
        openapiv3::OpenAPI,
        impl FnOnce() -> Result<Vec<lint::Finding>, Error> + Send + 'a,
    ),
    Error,
> {
    let refused = |e: Error| lint::check(source, config).err().unwrap_or(e);
    let spec = spec::from_value(source).map_err(refused)?;
    let preflight = lint::preflight(&spec, source, config);
    if preflight
        .iter()
        .any(|f| f.severity == lint::Severity::Error)
    {
        return Err(refused(Error::Generate("the preflight refused".into())));
    }
    let review = move || {
        lint::refuse(lint::sorted(
            [lint::review(source, config), preflight].concat(),
        ))
    };
    Ok((spec, review))
}

/// What a command works on: the workspace (its lint levels), the spec it reads, and the
/// directory the generated files go under. By default the spec is [`SPEC_PATH`] and the files
/// go into the workspace itself; `--spec` and `--out` (or `XTASK_SPEC`) try another document
/// without touching either (CONTRIBUTING.md, "Trying another document").
#[derive(Clone, Debug)]
pub struct Target {
    /// The workspace root (`spec/lint.yaml` is read from it).
    pub root: PathBuf,
    /// The spec to read.
    pub spec: PathBuf,
    /// The directory the generated files are written under, at their relative paths.
    pub out: PathBuf,
}

impl Target {
    /// The workspace's own spec and files.
    pub fn workspace(root: &Path) -> Target {
        Target {
            root: root.to_path_buf(),
            spec: root.join(SPEC_PATH),
            out: root.to_path_buf(),
        }
    }

    /// The spec's name in findings and errors: relative to the root when it lies inside it.
    pub fn spec_name(&self) -> String {
        self.spec
            .strip_prefix(&self.root)
            .unwrap_or(&self.spec)
            .display()
            .to_string()
    }

    /// The spec read from disk, with every file beside it that a `$ref` names, and its
    /// overlays applied.
    pub fn source(&self) -> Result<spec::Source, Error> {
        self.source_without(None)
    }

    /// [`Target::source`] without the overlay file `skip` (the one `lint --write-overlay`
    /// writes anew).
    pub fn source_without(&self, skip: Option<&Path>) -> Result<spec::Source, Error> {
        let text = std::fs::read_to_string(&self.spec).map_err(|source| Error::Io {
            path: self.spec.clone(),
            source,
        })?;
        let name = self.spec_name();
        // Names are the root's joined with each `$ref`; the root's name is the spec's path
        // relative to the workspace root (or absolute).
        let read =
            |other: &str| std::fs::read_to_string(self.root.join(other)).map_err(|e| e.to_string());
        let mut source = spec::read(&text, &name, &read)?;
        // The overlays beside the spec, by file name (`spec/overlay.rs`).
        let dir = self
            .spec
            .parent()
            .unwrap_or(&self.root)
            .join(spec::overlay::FOLDER);
        let prefix = match name.rsplit_once('/') {
            Some((parent, _)) => format!("{parent}/{}/", spec::overlay::FOLDER),
            None => format!("{}/", spec::overlay::FOLDER),
        };
        let skipped = skip.and_then(|p| p.file_name()).filter(|_| {
            skip.and_then(Path::parent)
                .and_then(|d| d.canonicalize().ok())
                == dir.canonicalize().ok()
        });
        let overlays = spec::overlay::read_dir(&dir, &prefix)?
            .into_iter()
            .filter(|(name, _)| skipped.is_none_or(|s| !name.ends_with(&*s.to_string_lossy())))
            .collect();
        spec::overlay::apply_all(&mut source, overlays)?;
        Ok(source)
    }
}

/// Regenerates (or, in [`Mode::Check`], verifies) every generated file under `root` from
/// `root/spec/fastly-tokens.yaml`.
pub fn generate_in(root: &Path, mode: Mode) -> Result<Report, Error> {
    generate_to(&Target::workspace(root), mode)
}

/// Regenerates (or verifies) every generated file under `target.out` from `target.spec`.
///
/// Every file is rendered before any is written, so a bad spec leaves them all untouched.
pub fn generate_to(target: &Target, mode: Mode) -> Result<Report, Error> {
    let started = Instant::now();
    let config = lint::Config::read(&target.root)?;
    let (mut rendered, warnings) = render_all_with(&target.source()?, &config)?;
    // The reference pages belong to the workspace, not to a document tried elsewhere.
    if target.out == target.root {
        rendered.extend(docs::pages());
    }
    let mut files = Vec::new();
    for (rel, text) in rendered {
        let state = ensure_file(&target.out.join(&rel), &text, mode)?;
        files.push((rel, state));
    }
    Ok(Report {
        files,
        warnings,
        elapsed: started.elapsed(),
    })
}

/// Reads the spec under `root` and returns every lint finding (empty when it is clean).
///
/// A spec that cannot be loaded at all (bad YAML, wrong version) is an error, not a finding.
pub fn lint_in(root: &Path) -> Result<Vec<lint::Finding>, Error> {
    lint_of(&Target::workspace(root))
}

/// Every lint finding of `target.spec`, at the levels of `target.root`'s `spec/lint.yaml`.
pub fn lint_of(target: &Target) -> Result<Vec<lint::Finding>, Error> {
    let config = lint::Config::read(&target.root)?;
    lint::findings_of(&target.source()?, &config)
}

/// [`generate_in`] for the workspace [`workspace_root`] finds.
pub fn generate(mode: Mode) -> Result<Report, Error> {
    generate_in(&workspace_root()?, mode)
}

/// Makes `path` hold `contents` (Write) or reports how it differs (Check).
///
/// Line endings are normalised before comparing, so a CRLF checkout is not "stale".
pub fn ensure_file(path: &Path, contents: &str, mode: Mode) -> Result<FileState, Error> {
    let old = match std::fs::read_to_string(path) {
        Ok(text) => Some(text.replace("\r\n", "\n")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(Error::Io {
                path: path.to_path_buf(),
                source: e,
            });
        }
    };
    if old.as_deref() == Some(contents) {
        return Ok(FileState::UpToDate);
    }
    match mode {
        Mode::Check => {
            let old = old.unwrap_or_default();
            let name = path.display().to_string();
            let cause = match (
                generate::format::recorded_fingerprint(&old),
                generate::format::recorded_fingerprint(contents),
            ) {
                (Some(a), Some(b)) if a == b => {
                    "cause: the file was edited by hand (the spec is the one it was made from)\n"
                }
                (Some(_), Some(_)) => "cause: the spec changed since the file was generated\n",
                _ => "",
            };
            let diff = similar::TextDiff::from_lines(old.as_str(), contents)
                .unified_diff()
                .context_radius(3)
                .header(&format!("{name} (committed)"), &format!("{name} (fresh)"))
                .to_string();
            Ok(FileState::Stale(format!("{cause}{diff}")))
        }
        Mode::Write => {
            let io = |source| Error::Io {
                path: path.to_path_buf(),
                source,
            };
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            let tmp = path.with_extension("rs.tmp");
            std::fs::write(&tmp, contents).map_err(io)?;
            std::fs::rename(&tmp, path).map_err(io)?;
            Ok(FileState::Written)
        }
    }
}
