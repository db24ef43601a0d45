//! `cargo xtask lint`: every rule the spec is held to, each with a severity — the document
//! against the OpenAPI 3.0 schema, the review rules (`rules`), progenitor's limits
//! (`preflight`) — and the checked-in file that re-levels them (`spec/lint.yaml`).

pub mod preflight;
pub(crate) mod rules;
mod rules_doc;
mod table;
pub(crate) mod validate;
pub mod write_overlay;

use std::collections::BTreeMap;
use std::fmt;

use openapiv3::OpenAPI;

use crate::error::{Error, Location};
use crate::spec::Source;

pub use rules_doc::rules_table;
pub use table::{RULES, Rule, RuleId, rule};

/// How much a finding weighs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Printed; fails `lint --deny-warnings` only.
    #[serde(rename = "warn")]
    Warning,
    /// Fails `lint`, and `generate` refuses to write.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

impl RuleId {
    /// The rule's entry: severity, what it asks, its counterparts.
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }

    /// The rule named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<RuleId> {
        RuleId::ALL.iter().copied().find(|r| r.name() == name)
    }
}

impl Rule {
    /// The rule's kebab-case name.
    pub fn name(&self) -> &'static str {
        self.id.name()
    }
}

/// One problem found in the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule (see [`RULES`]).
    pub rule: RuleId,
    /// Error or warning, after `spec/lint.yaml`.
    pub severity: Severity,
    /// Where in the document.
    pub location: Location,
    /// What is wrong and what to do, in a sentence.
    pub message: String,
}

impl Finding {
    /// A finding of `rule` at `pointer`, with the rule's default severity, at the file and
    /// line of `source` where that node was written.
    pub(crate) fn at(rule: RuleId, pointer: String, message: String, source: &Source) -> Finding {
        let location = source.locate(&pointer);
        // A node an overlay wrote: the finding names the action too.
        let message = match location.file != source.name() && !source.applied.is_empty() {
            true => match crate::spec::overlay::writer(source, &pointer) {
                Some(writer) => format!("{message} (written by {writer})"),
                None => message,
            },
            false => message,
        };
        Finding {
            rule,
            severity: rule.rule().severity,
            location,
            message,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}[{}] {}",
            self.location, self.severity, self.rule, self.message
        )
    }
}

/// The checked-in rule levels, relative to the workspace root.
pub const CONFIG_PATH: &str = "spec/lint.yaml";

/// A level in `spec/lint.yaml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warn,
    /// Do not report.
    Off,
}

/// Rule levels from `spec/lint.yaml`: `rules: { <rule>: error | warn | off }`.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Each rule named here gets this level instead of its default.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
}

impl Config {
    /// Parses `text` (the file at [`CONFIG_PATH`]); an unknown rule, or a rule that guards
    /// validity lowered, is an error naming its line.
    pub fn parse(text: &str) -> Result<Config, Error> {
        let at = |pointer: String, line: Option<usize>, message: String| Error::Spec {
            location: Location {
                file: CONFIG_PATH.into(),
                line,
                pointer,
            },
            message,
        };
        // The loader the spec is read with: exact lines, no second YAML parser.
        let (value, lines) = crate::spec::yaml::read(text)
            .map_err(|e| at(String::new(), Some(e.line), e.message))?;
        let config: Config = if value.is_null() {
            Config::default()
        } else {
            serde_path_to_error::deserialize(&value).map_err(|e| {
                let pointer = crate::spec::pointer::from_serde_path(e.path());
                let line = lines.get(&pointer).map(|p| p.line);
                at(pointer, line, e.into_inner().to_string())
            })?
        };
        let err = |pointer: String, message: String| {
            let line = lines.get(&pointer).map(|p| p.line);
            at(pointer, line, message)
        };
        for (name, level) in &config.rules {
            let pointer = format!("/rules/{}", crate::spec::pointer::escape(name));
            let Some(rule) = rule(name) else {
                return Err(err(pointer, format!("no lint rule is named `{name}`")));
            };
            if rule.fixed && *level != Level::Error {
                return Err(err(
                    pointer,
                    format!(
                        "`{name}` cannot be lowered: a finding of it means the document is \
                         invalid or the generated code would be wrong"
                    ),
                ));
            }
        }
        Ok(config)
    }

    /// Reads [`CONFIG_PATH`] under `root`; no file means every rule at its default.
    pub fn read(root: &std::path::Path) -> Result<Config, Error> {
        let path = root.join(CONFIG_PATH);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(Error::Io { path, source }),
        }
    }

    fn apply(&self, mut finding: Finding) -> Option<Finding> {
        match self.rules.get(finding.rule.name()) {
            Some(Level::Off) => None,
            Some(Level::Warn) => {
                finding.severity = Severity::Warning;
                Some(finding)
            }
            Some(Level::Error) => {
                finding.severity = Severity::Error;
                Some(finding)
            }
            None => Some(finding),
        }
    }
}

/// Every finding, errors first, then by place, levelled by `config`: the document against
/// the OpenAPI 3.0 schema and the review rules, over the document as written; then, once
/// the document reads as OpenAPI, progenitor's limits.
///
/// `Err` only when the text is not a YAML mapping with `openapi: 3.0.x`, or when a document
/// the schema passes still cannot be read (the message names the place).
pub fn findings(text: &str, file: &str, config: &Config) -> Result<Vec<Finding>, Error> {
    findings_of(&crate::spec::parse(text, file)?, config)
}

/// [`findings`] of a spec already read (one that may span files).
pub(crate) fn findings_of(source: &Source, config: &Config) -> Result<Vec<Finding>, Error> {
    Ok(read(source, config)?.1)
}

/// The document read as OpenAPI (when it can be) and every finding.
fn read(source: &Source, config: &Config) -> Result<(Option<OpenAPI>, Vec<Finding>), Error> {
    let mut out = review(source, config);
    let invalid = out.iter().any(|f| f.rule == RuleId::OasSchema);
    let spec = match crate::spec::from_value(source) {
        Ok(spec) => {
            out.extend(preflight(&spec, source, config));
            Some(spec)
        }
        // The schema findings already say why the document cannot be read.
        Err(_) if invalid => None,
        Err(e) => return Err(e),
    };
    Ok((spec, sorted(out)))
}

/// The findings over the document as written (the OpenAPI schema and the review rules), at
/// `config`'s levels, unsorted.
pub(crate) fn review(source: &Source, config: &Config) -> Vec<Finding> {
    let mut out = Vec::new();
    crate::lint::rules::run(source, &mut |rule, pointer, message| {
        out.extend(config.apply(Finding::at(rule, pointer, message, source)))
    });
    for applied in source.applied.iter().filter(|a| a.selected == 0) {
        let rule = RuleId::OverlayTargetEmpty;
        out.extend(config.apply(Finding {
            rule,
            severity: rule.rule().severity,
            location: Location {
                file: applied.file.clone(),
                pointer: format!("/actions/{}/target", applied.action),
                line: applied.line,
            },
            message: format!(
                "actions[{}]'s target `{}` selects nothing: the action changes nothing",
                applied.action, applied.target
            ),
        }));
    }
    out
}

/// progenitor's limits in a document read as OpenAPI, at `config`'s levels, unsorted.
pub(crate) fn preflight(spec: &OpenAPI, source: &Source, config: &Config) -> Vec<Finding> {
    crate::lint::preflight::findings(spec, source)
        .into_iter()
        .filter_map(|f| config.apply(f))
        .collect()
}

/// Findings errors first, then by place, each once.
pub(crate) fn sorted(mut out: Vec<Finding>) -> Vec<Finding> {
    out.sort_by(|a, b| {
        let key = |f: &Finding| {
            let place = (f.location.line, f.location.pointer.clone());
            (std::cmp::Reverse(f.severity), place, f.rule)
        };
        key(a).cmp(&key(b))
    });
    out.dedup();
    out
}

/// Every finding at once, refused on any error (all of them in the message, the first one's
/// place leading); else the document and the warnings. The answer `generate` gives a document
/// lint refuses (`gate` in lib.rs, which otherwise runs these same parts on two threads).
pub(crate) fn check(source: &Source, config: &Config) -> Result<(OpenAPI, Vec<Finding>), Error> {
    let (spec, found) = read(source, config)?;
    let warnings = refuse(found)?;
    // A document `read` could not take as OpenAPI carries an `oas-schema` error, which no
    // level can lower; this answer is for the impossible case, not a panic.
    spec.map(|spec| (spec, warnings))
        .ok_or_else(|| Error::Spec {
            location: source.locate(""),
            message: "the document cannot be read as OpenAPI".into(),
        })
}

/// The warnings among sorted findings, or the error that refuses them all (every error in the
/// message, the first one's place leading).
pub(crate) fn refuse(found: Vec<Finding>) -> Result<Vec<Finding>, Error> {
    let (errors, warnings): (Vec<Finding>, Vec<Finding>) = found
        .into_iter()
        .partition(|f| f.severity == Severity::Error);
    let Some(first) = errors.first() else {
        return Ok(warnings);
    };
    let mut message = format!("[{}] {}", first.rule, first.message);
    if errors.len() > 1 {
        message.push_str(&format!(" (and {} more error(s):", errors.len() - 1));
        for f in &errors[1..] {
            message.push_str(&format!("\n  {f}"));
        }
        message.push(')');
    }
    Err(Error::Spec {
        location: first.location.clone(),
        message,
    })
}
