//! How a diff report is written: its headline, plain text, the pull-request Markdown, JSON,
//! and GitHub workflow annotations on the spec's lines.

use std::fmt::Write as _;

use super::semver::{Bump, RustChange};
use super::{Change, Format, Level, Report};
use crate::SPEC_PATH;
use crate::spec::pointer::dotted;

impl Report {
    /// How many changes are breaking.
    pub fn breaking_count(&self) -> usize {
        self.count(Level::Breaking)
    }

    /// How many changes are at `level`.
    pub(crate) fn count(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level == level).count()
    }

    /// How many changes are at `level` or above.
    pub fn at_least(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level >= level).count()
    }

    /// The report as text in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => {
                let json = JsonReport {
                    base: &self.base,
                    base_how: &self.base_how,
                    compared_with_itself: self.compared_with_itself,
                    breaking: self.breaking_count(),
                    levels: JsonLevels {
                        breaking: self.count(Level::Breaking),
                        warn: self.count(Level::Warn),
                        info: self.count(Level::Info),
                    },
                    changes: &self.changes,
                    rust_surface_diff: &self.rust_surface_diff,
                    rust: JsonRust {
                        bump: self.rust_bump,
                        version: &self.version.0,
                        next_version: &self.version.1,
                        changes: &self.rust_changes,
                        unknown: self.rust_unknown.as_deref(),
                    },
                };
                let mut text = serde_json::to_string_pretty(&json)
                    .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
                text.push('\n');
                text
            }
            Format::Markdown => self.markdown(),
            Format::Github => self.annotations(),
        }
    }

    /// One GitHub Actions annotation per breaking or potentially breaking change, on its
    /// line of the spec, then the verdict as a notice. Informational changes are left to
    /// the summary.
    pub(crate) fn annotations(&self) -> String {
        let mut out = String::new();
        for c in self.changes.iter().filter(|c| c.level > Level::Info) {
            let command = if c.level == Level::Breaking {
                "error"
            } else {
                "warning"
            };
            let line = c.line.map(|l| format!(",line={l}")).unwrap_or_default();
            let file = c.file.as_deref().unwrap_or(SPEC_PATH);
            let title = format!("{} ({})", c.rule, c.level.words());
            let used = match c.used_by.as_slice() {
                [] => String::new(),
                ops => format!(" Used by {}.", ops.join(", ")),
            };
            let message = format!("{}: {}.{used}", c.message, c.why);
            let _ = writeln!(
                out,
                "::{command} file={file}{line},title={}::{}",
                annotation_property(&title),
                annotation_data(&message)
            );
        }
        let _ = writeln!(
            out,
            "::notice title=spec review::{}",
            annotation_data(&self.headline())
        );
        out
    }

    /// The one-line verdict: the wire and the Rust API, judged separately.
    pub fn headline(&self) -> String {
        let rust = match &self.rust_unknown {
            Some(_) => "unknown (a spec does not generate)".to_string(),
            None => format!(
                "{} ({} -> {})",
                self.rust_bump.word(),
                self.version.0,
                self.version.1
            ),
        };
        format!(
            "wire: {} breaking, {} potentially breaking, {} informational; Rust: {rust}",
            self.count(Level::Breaking),
            self.count(Level::Warn),
            self.count(Level::Info)
        )
    }

    fn markdown(&self) -> String {
        let mut out = format!("## Spec changes since `{}`\n\n", self.base);
        if !self.base_how.is_empty() {
            let _ = writeln!(out, "Base: {}.\n", self.base_how);
        }
        if self.compared_with_itself {
            out.push_str(
                "**Nothing was compared**: the base is HEAD itself and the spec has no \
                 uncommitted change. Give `--base`, or fetch the pull request's base.\n\n",
            );
        }
        let _ = writeln!(out, "**{}**\n", self.headline());
        if self.changes.is_empty() {
            out.push_str("No change to the HTTP contract.\n");
        } else {
            out.push_str("| level | change | where | why |\n|---|---|---|---|\n");
            for c in &self.changes {
                let level = match c.level {
                    Level::Breaking => "**breaking**",
                    Level::Warn => "*potentially breaking*",
                    Level::Info => "info",
                };
                let line = match (&c.file, c.line) {
                    (Some(file), Some(l)) => format!(" ({file}, line {l})"),
                    (None, Some(l)) => format!(" (line {l})"),
                    (_, None) => String::new(),
                };
                let _ = writeln!(
                    out,
                    "| {level} | `{}`: {} | `{}`{line} | {} |",
                    c.rule,
                    c.message.replace('|', "\\|"),
                    dotted(&c.pointer),
                    match c.used_by.as_slice() {
                        [] => c.why.to_string(),
                        ops => format!("{}; used by {}", c.why, ops.join(", ")),
                    }
                );
            }
        }
        out.push_str("\n### Rust API\n\n");
        if let Some(why) = &self.rust_unknown {
            let _ = writeln!(out, "Not judged: {why}");
        }
        let breaking: Vec<&RustChange> = self.rust_changes.iter().filter(|c| c.breaking).collect();
        if !breaking.is_empty() {
            out.push_str("Breaks callers:\n\n");
            for c in breaking {
                let _ = writeln!(out, "- `{}` `{}`: {}", c.krate, c.item, c.message);
            }
            out.push('\n');
        }
        if self.rust_surface_diff.is_empty() {
            out.push_str("The public API is unchanged.\n");
        } else {
            let _ = write!(out, "```diff\n{}```\n", self.rust_surface_diff);
        }
        out
    }
}

#[derive(serde::Serialize)]
struct JsonReport<'a> {
    base_how: &'a str,
    compared_with_itself: bool,
    base: &'a str,
    breaking: usize,
    levels: JsonLevels,
    changes: &'a [Change],
    rust_surface_diff: &'a str,
    rust: JsonRust<'a>,
}

#[derive(serde::Serialize)]
struct JsonLevels {
    breaking: usize,
    warn: usize,
    info: usize,
}

/// A workflow command's message, escaped as GitHub's runner reads it.
fn annotation_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value (`title=`), escaped.
fn annotation_property(text: &str) -> String {
    annotation_data(text)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

#[derive(serde::Serialize)]
struct JsonRust<'a> {
    bump: Bump,
    version: &'a str,
    next_version: &'a str,
    changes: &'a [RustChange],
    unknown: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::{annotation_data, annotation_property};

    #[test]
    fn workflow_commands_are_escaped_as_the_runner_reads_them() {
        assert_eq!(annotation_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(
            annotation_property("rule (breaking): a, b"),
            "rule (breaking)%3A a%2C b"
        );
    }
}
