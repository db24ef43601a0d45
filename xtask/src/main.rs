//! `cargo xtask`: parses the command line, calls the xtask library, turns errors into exit codes.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::Path;
use std::process::ExitCode;

use xtask::{FileState, Mode, Target};

const USAGE: &str = "usage: cargo xtask <command> [--spec PATH]

  --spec PATH       work on the OpenAPI document at PATH instead of spec/fastly-tokens.yaml
                    (also XTASK_SPEC); diff compares it with the committed spec at REV
  generate --out DIR
                    write the generated files under DIR (a scratch copy or worktree of the
                    workspace), at the paths they have in the workspace

  generate          regenerate every generated file from spec/fastly-tokens.yaml
  generate --check  write nothing; fail with a diff if any generated file is stale
  lint --rules      print the rule table (docs/lint-rules.md)
  lint --write-overlay PATH
                    write the overlay that makes the spec generate: a remove for each
                    operation lint refuses (its reasons as the description), a title for each
                    inline schema typify would name like another; put it in overlays/
  lint [--deny-warnings]
                    check the spec against every rule (docs/lint-rules.md; levels in
                    spec/lint.yaml); fails on errors, and on warnings too with --deny-warnings
  diff [--base REV] [--format markdown|json|github] [--fail-on breaking|warn|info]
                    compare the spec at REV with the working tree: HTTP contract changes,
                    each breaking, potentially breaking (warn) or informational, and the Rust
                    API change with the version bump it needs; --fail-on fails on changes at
                    that level or above (--fail-on-breaking: --fail-on breaking); github
                    prints annotations on the spec's lines.
                    Default REV: the merge base with the pull request's base branch named by
                    the CI (GITHUB_BASE_REF, CI_MERGE_REQUEST_TARGET_BRANCH_NAME, ...), else
                    with the branch's upstream, else with main or origin/main, else HEAD
  cassettes [--deny-findings]
                    compare the spec with the recorded traffic in tests/cassettes: response
                    fields no schema declares, undocumented statuses, unknown operations
  upstream [--document PATH]
                    hold the spec to Fastly's published document (spec/upstream/fastly.yaml,
                    or PATH) with diff's wire rules: each difference declared by an
                    x-departure or not (fails on any undeclared), the published operations
                    under the spec's tags it lacks, departures that no longer differ
  diff --rules      print the wire-rule table with oasdiff's counterparts (docs/wire-rules.md)
  review [--accept-label NAME] [--fail-on breaking|warn] [--comment-file PATH]
                    the pull-request review CI runs: diff against the pull request's base,
                    appended to $GITHUB_STEP_SUMMARY and written to PATH (else printed);
                    in GitHub Actions, one annotation per finding on its line of the spec;
                    fails on a change at the level (default: breaking) unless the pull
                    request (the event at $GITHUB_EVENT_PATH) carries the label (default:
                    breaking-change)";

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let (spec, out) = match (
        take_value(&mut args, "--spec"),
        take_value(&mut args, "--out"),
    ) {
        (Ok(spec), Ok(out)) => (spec.or_else(|| std::env::var("XTASK_SPEC").ok()), out),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if out.is_some() && args.first() != Some(&"generate") {
        eprintln!("error: --out is for generate\n\n{USAGE}");
        return ExitCode::from(2);
    }
    let target = |root: &Path| {
        let here = std::env::current_dir().unwrap_or_default();
        let mut target = Target::workspace(root);
        if let Some(spec) = &spec {
            target.spec = here.join(spec);
        }
        if let Some(out) = &out {
            target.out = here.join(out);
        }
        target
    };
    match args.as_slice() {
        ["generate"] => in_workspace(|root| generate(&target(root), Mode::Write)),
        ["generate", "--check"] => in_workspace(|root| generate(&target(root), Mode::Check)),
        ["lint"] => in_workspace(|root| lint(&target(root), false)),
        ["lint", "--deny-warnings"] => in_workspace(|root| lint(&target(root), true)),
        ["lint", "--write-overlay", path] => {
            let path = std::env::current_dir().unwrap_or_default().join(path);
            in_workspace(|root| write_overlay(&target(root), &path))
        }
        ["lint", "--rules"] => {
            print!("{}", xtask::lint::rules_table());
            ExitCode::SUCCESS
        }
        ["diff", "--rules"] => {
            print!("{}", xtask::diff::wire::oasdiff::rules_table());
            ExitCode::SUCCESS
        }
        ["diff", rest @ ..] => in_workspace(|root| diff(&target(root), rest)),
        ["upstream"] => in_workspace(|root| upstream(root, None)),
        ["upstream", "--document", path] => {
            let path = std::env::current_dir().unwrap_or_default().join(path);
            in_workspace(|root| upstream(root, Some(&path)))
        }
        ["cassettes"] => in_workspace(|root| cassettes(&target(root), false)),
        ["cassettes", "--deny-findings"] => in_workspace(|root| cassettes(&target(root), true)),
        ["review", rest @ ..] => match ReviewArgs::parse(rest) {
            Ok(args) => in_workspace(|root| review(root, &args)),
            Err(e) => {
                eprintln!("error: {e}\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Removes `flag` and the value after it from `args`; `Ok(None)` when the flag is absent.
fn take_value(args: &mut Vec<String>, flag: &str) -> Result<Option<String>, String> {
    let Some(i) = args.iter().position(|a| a == flag) else {
        return Ok(None);
    };
    if i + 1 >= args.len() {
        return Err(format!("{flag} needs a path"));
    }
    let value = args.remove(i + 1);
    args.remove(i);
    Ok(Some(value))
}

/// Runs `command` on the workspace found from where `cargo xtask` was invoked.
fn upstream(root: &Path, document: Option<&Path>) -> ExitCode {
    match xtask::upstream::run(root, document) {
        Ok(report) => {
            print!("{}", report.text());
            if report.undeclared.is_empty() {
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "error: the spec differs from Fastly's published document where no \
                     x-departure says why; declare each (why, and the evidence) or fix the spec"
                );
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn in_workspace(command: impl FnOnce(&Path) -> ExitCode) -> ExitCode {
    match xtask::workspace_root() {
        Ok(root) => command(&root),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn generate(target: &Target, mode: Mode) -> ExitCode {
    let report = match xtask::generate_to(target, mode) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("no generated file was changed");
            return ExitCode::FAILURE;
        }
    };
    for w in &report.warnings {
        eprintln!("{w}");
    }
    let ms = report.elapsed.as_millis();
    let mut stale = 0;
    for (path, state) in &report.files {
        match state {
            FileState::UpToDate => println!("up to date: {}", path.display()),
            FileState::Written => println!("wrote: {}", path.display()),
            FileState::Stale(diff) => {
                stale += 1;
                eprintln!("stale: {}\n{diff}", path.display());
            }
        }
    }
    if stale > 0 {
        eprintln!(
            "error: {stale} generated file(s) differ from the spec; run `cargo xtask generate`, \
             then `cargo insta review`, and commit the spec, generated code and snapshots together"
        );
        return ExitCode::FAILURE;
    }
    println!("done in {ms} ms");
    ExitCode::SUCCESS
}

fn lint(target: &Target, deny_warnings: bool) -> ExitCode {
    let findings = match xtask::lint_of(target) {
        Ok(findings) => findings,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if findings.is_empty() {
        println!("{}: no findings", target.spec_name());
        return ExitCode::SUCCESS;
    }
    for f in &findings {
        eprintln!("{f}");
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == xtask::lint::Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    eprintln!("{errors} error(s), {warnings} warning(s)");
    if errors > 0 || deny_warnings {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn write_overlay(target: &Target, path: &Path) -> ExitCode {
    let written = xtask::lint::Config::read(&target.root).and_then(|config| {
        let read = || target.source_without(Some(path));
        xtask::lint::write_overlay::write(&read, &target.spec_name(), &config)
    });
    let written = match written {
        Ok(written) => written,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Err(e) = std::fs::write(path, &written.text) {
        eprintln!("error: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    println!(
        "wrote {}: {} operation(s) removed, {} schema(s) titled, {} component(s) renamed, {} \
         component(s) removed",
        path.display(),
        written.removed,
        written.titled,
        written.renamed,
        written.components
    );
    ExitCode::SUCCESS
}

fn diff(target: &Target, args: &[&str]) -> ExitCode {
    let root = target.root.as_path();
    let options = match xtask::diff::Options::parse(args) {
        Ok(o) => xtask::diff::Options {
            ci_base: xtask::diff::base::ci_base_from_env(),
            spec: Some(target.spec.clone()),
            ..o
        },
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match xtask::diff::run(root, &options) {
        Ok(report) => {
            print!("{}", report.render(options.format));
            let Some(level) = options.fail_on else {
                return ExitCode::SUCCESS;
            };
            if report.compared_with_itself {
                eprintln!(
                    "error: nothing was compared (the base is HEAD and the spec is unchanged); \
                     give --base or fetch the pull request's base (--fail-on {level})"
                );
                return ExitCode::FAILURE;
            }
            let failing = report.at_least(level);
            if failing > 0 {
                eprintln!(
                    "error: {failing} change(s) {} or worse (--fail-on {level})",
                    level.words()
                );
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The command line of `cargo xtask review`.
struct ReviewArgs {
    accept: String,
    fail_on: xtask::diff::Level,
    comment_file: Option<std::path::PathBuf>,
}

impl ReviewArgs {
    fn parse(args: &[&str]) -> Result<ReviewArgs, String> {
        let mut out = ReviewArgs {
            accept: xtask::diff::review::ACCEPT_LABEL.to_string(),
            fail_on: xtask::diff::Level::Breaking,
            comment_file: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match *arg {
                "--accept-label" => {
                    out.accept = args
                        .next()
                        .ok_or("--accept-label needs a name")?
                        .to_string();
                }
                "--fail-on" => out.fail_on = xtask::diff::parse_level(args.next().copied())?,
                "--comment-file" => {
                    let path = args.next().ok_or("--comment-file needs a path")?;
                    out.comment_file = Some(path.into());
                }
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        Ok(out)
    }
}

fn review(root: &Path, args: &ReviewArgs) -> ExitCode {
    let env = |var: &str| std::env::var(var).ok();
    match xtask::diff::review::in_ci(root, &args.accept, args.fail_on, env) {
        Ok(verdict) => {
            // GitHub reads workflow commands from the step's output.
            print!("{}", verdict.annotations);
            match &args.comment_file {
                Some(path) => {
                    if let Err(e) = std::fs::write(path, &verdict.summary) {
                        eprintln!("error: cannot write {}: {e}", path.display());
                        return ExitCode::FAILURE;
                    }
                }
                None => print!("{}", verdict.summary),
            }
            if verdict.passes {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn cassettes(target: &Target, deny: bool) -> ExitCode {
    let findings = target.source().and_then(|source| {
        let all = xtask::cassettes::load_all(&target.root)?;
        println!("{} cassette(s) in {}", all.len(), xtask::cassettes::DIR);
        xtask::cassettes::check(&source, &all)
    });
    match findings {
        Ok(findings) => {
            for f in &findings {
                println!("{f}");
            }
            println!("{} finding(s)", findings.len());
            if deny && !findings.is_empty() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
