//! `cargo xtask review`: the pull-request review CI runs — `diff` against the pull request's
//! base, and the verdict: a change at the failing level (breaking, unless `--fail-on` says
//! otherwise) fails unless the pull request carries the label that accepts it; each finding
//! becomes an annotation on its line of the spec. What the workflow would otherwise do in
//! shell lives here, under test.

use std::path::Path;

use crate::diff::{self, Format, Level, Options, Report};
use crate::error::Error;

/// The label that accepts a breaking change, unless `--accept-label` names another.
pub const ACCEPT_LABEL: &str = "breaking-change";

/// The labels of the pull request in a GitHub event payload (the file `GITHUB_EVENT_PATH`
/// names): `pull_request.labels[].name`; none for other events.
pub(crate) fn labels(event_json: &str) -> Result<Vec<String>, Error> {
    let event: serde_json::Value =
        serde_json::from_str(event_json).map_err(|e| Error::Invalid {
            path: std::env::var_os("GITHUB_EVENT_PATH")
                .map_or_else(|| "the CI event payload".into(), std::path::PathBuf::from),
            message: format!("not JSON: {e}"),
        })?;
    Ok(event
        .pointer("/pull_request/labels")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|l| l.get("name")?.as_str().map(str::to_string))
        .collect())
}

/// The review of one pull request.
#[derive(Debug)]
pub struct Verdict {
    /// The `diff` report.
    pub report: Report,
    /// Whether the job passes.
    pub passes: bool,
    /// The report's Markdown and, last, the verdict in a sentence: for the job summary and
    /// the pull-request comment.
    pub summary: String,
    /// The GitHub Actions annotations (`Format::Github`), for the step's output, so each
    /// finding shows on its line of the spec; [`in_ci`] leaves them empty outside GitHub
    /// Actions (`GITHUB_ACTIONS` not `true`).
    pub annotations: String,
}

/// The review as CI runs it, from its environment (`env` gives a variable's value): the base
/// from the CI's variables, the labels from the event at `GITHUB_EVENT_PATH`, the summary
/// appended to the file at `GITHUB_STEP_SUMMARY` when that is set, and annotations in GitHub
/// Actions.
pub fn in_ci(
    root: &Path,
    accept: &str,
    fail_on: Level,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Verdict, Error> {
    let labels = match env("GITHUB_EVENT_PATH") {
        None => Vec::new(),
        Some(path) => labels(&read(Path::new(&path))?)?,
    };
    let mut verdict = review(
        root,
        crate::diff::base::ci_base(&env),
        &labels,
        accept,
        fail_on,
    )?;
    if env("GITHUB_ACTIONS").as_deref() != Some("true") {
        verdict.annotations.clear();
    }
    if let Some(path) = env("GITHUB_STEP_SUMMARY") {
        let path = Path::new(&path);
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, verdict.summary.as_bytes()))
            .map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
    }
    Ok(verdict)
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Reviews the working tree at `root` against the pull request's base (`ci_base`: variable
/// and branch, as [`crate::diff::base::ci_base_from_env`] reads them): changes at `fail_on`
/// or above fail, unless `labels` holds `accept`.
pub(crate) fn review(
    root: &Path,
    ci_base: Option<(String, String)>,
    labels: &[String],
    accept: &str,
    fail_on: Level,
) -> Result<Verdict, Error> {
    let options = Options {
        base: None,
        format: Format::Markdown,
        fail_on: Some(fail_on),
        ci_base,
        spec: None,
    };
    let report = diff::run(root, &options)?;
    let failing = report.at_least(fail_on);
    let what = if fail_on == Level::Breaking {
        "breaking change(s)".to_string()
    } else {
        format!("change(s) {} or worse", fail_on.words())
    };
    let accepted = labels.iter().any(|l| l == accept);
    let (passes, verdict) = if report.compared_with_itself {
        (
            false,
            "**Fails:** nothing was compared (no base beyond HEAD was found); fetch the pull \
             request's base branch before the review."
                .to_string(),
        )
    } else if failing == 0 && fail_on == Level::Breaking {
        (true, "**Passes:** no breaking change.".to_string())
    } else if failing == 0 {
        (
            true,
            format!("**Passes:** no change {} or worse.", fail_on.words()),
        )
    } else if accepted {
        (
            true,
            format!(
                "**Passes:** {failing} {what}, accepted by the `{accept}` label; release them \
                 with the version bump above."
            ),
        )
    } else {
        (
            false,
            format!(
                "**Fails:** {failing} {what}. If they are intended, add the `{accept}` label \
                 to the pull request and release them with the version bump above."
            ),
        )
    };
    let summary = format!("{}\n{verdict}\n", report.render(Format::Markdown));
    let annotations = report.render(Format::Github);
    Ok(Verdict {
        report,
        passes,
        summary,
        annotations,
    })
}
