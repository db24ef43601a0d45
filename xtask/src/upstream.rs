//! `cargo xtask upstream`: the spec held to Fastly's published document (the pinned copy in
//! `spec/upstream/fastly.yaml`, or another given), operation by operation, with `diff`'s wire
//! rules. Each difference is *declared* (an `x-departure` on its node or an ancestor in the spec
//! says why) or *undeclared*; the report also lists the published operations under the spec's
//! tags that the spec lacks, and the departures nothing differs under any more.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diff::Change;
use crate::error::Error;
use crate::spec;

/// The pinned copy, from the workspace root.
pub const PINNED: &str = "spec/upstream/fastly.yaml";

/// What the comparison found.
#[derive(Debug)]
pub struct Report {
    /// The published document compared with.
    pub document: String,
    /// Differences an `x-departure` names: (the difference, the pointer of the departure).
    pub declared: Vec<(Change, String)>,
    /// Differences no `x-departure` names.
    pub undeclared: Vec<Change>,
    /// Published operations under one of the spec's tags that the spec lacks (`GET /path`).
    pub missing: Vec<String>,
    /// Departures (their pointers) under which nothing differs any more: Fastly's document may
    /// have caught up, and the departure can go.
    pub stale: Vec<String>,
}

/// Compares the workspace's spec (with its overlays) with `document` (default [`PINNED`]).
pub fn run(root: &Path, document: Option<&Path>) -> Result<Report, Error> {
    let path: PathBuf = document.map_or_else(|| root.join(PINNED), Path::to_path_buf);
    let name = path
        .strip_prefix(root)
        .unwrap_or(&path)
        .display()
        .to_string();
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    let published = spec::parse(&text, &name)?;
    let ours = crate::Target::workspace(root).source()?;
    Ok(compare(&published, &ours, name))
}

/// [`run`] on two documents read.
pub fn compare(published: &spec::Source, ours: &spec::Source, document: String) -> Report {
    let (Ok(old), Ok(new)) = (spec::from_value(published), spec::from_value(ours)) else {
        return Report {
            document,
            declared: Vec::new(),
            undeclared: Vec::new(),
            missing: Vec::new(),
            stale: Vec::new(),
        };
    };
    let mut changes = crate::diff::wire::compare(&old, &new);
    // Names and the client's own policy are not what the API does: operationIds and tags (the
    // spec names operations as the JS client does), `x-retry`, and a vendor's `x-` keys on a
    // security scheme (Speakeasy's example key).
    use crate::diff::wire::WireRule;
    changes.retain(|c| {
        let naming = matches!(
            c.rule,
            WireRule::OperationIdChanged
                | WireRule::OperationTagsChanged
                | WireRule::RetryPolicyChanged
        );
        let vendor_keys = c.rule == WireRule::SecuritySchemeChanged
            && same_but_extensions(published, ours, &c.pointer);
        !naming && !vendor_keys
    });
    crate::diff::locate(&mut changes, ours);
    let departures = departures(&ours.value);
    let our_tags = tags(&ours.value);
    let (mut declared, mut undeclared, mut missing) = (Vec::new(), Vec::new(), Vec::new());
    for change in changes {
        if change.rule == crate::diff::wire::WireRule::OperationRemoved {
            // In the published document only: a gap if its tag is one of the spec's.
            let op = published.value.pointer(&change.pointer);
            let tagged = op
                .and_then(|o| o.get("tags"))
                .and_then(Value::as_array)
                .is_some_and(|t| {
                    t.iter()
                        .filter_map(Value::as_str)
                        .any(|t| our_tags.contains(&norm(t)))
                });
            if tagged {
                missing.push(change.message.clone());
                continue;
            }
        }
        match departure_of(&ours.value, &change.pointer, &departures) {
            Some(at) => declared.push((change, at)),
            None => undeclared.push(change),
        }
    }
    let stale = departures
        .into_iter()
        .filter(|d| !declared.iter().any(|(_, at)| at == d))
        .collect();
    Report {
        document,
        declared,
        undeclared,
        missing,
        stale,
    }
}

/// Whether the nodes at `pointer` of the two documents differ only in `x-` keys and words.
fn same_but_extensions(a: &spec::Source, b: &spec::Source, pointer: &str) -> bool {
    let plain = |s: &spec::Source| {
        s.value
            .pointer(pointer)
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter(|(k, _)| !k.starts_with("x-") && *k != "description")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<std::collections::BTreeMap<_, _>>()
            })
    };
    plain(a).is_some() && plain(a) == plain(b)
}

/// The pointers of every node of `value` that holds an `x-departure`.
fn departures(value: &Value) -> Vec<String> {
    spec::pointer::nodes(value, "")
        .into_iter()
        .filter(|(_, node)| node.get("x-departure").is_some())
        .map(|(at, _)| at)
        .collect()
}

/// The departure that names a change at `pointer`: on the nearest node of the spec at or above
/// it that has one (for something only the published document has, from the nearest part of
/// the spec still there).
fn departure_of(ours: &Value, pointer: &str, departures: &[String]) -> Option<String> {
    let mut at = pointer;
    loop {
        let node = ours.pointer(at);
        if node.is_some() && departures.iter().any(|d| d == at) {
            return Some(at.to_string());
        }
        // A `$ref` (which may have no sibling): the departure on the component it names.
        let target = node
            .and_then(|n| n.get("$ref"))
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'));
        if let Some(target) = target
            && departures.iter().any(|d| d == target)
        {
            return Some(target.to_string());
        }
        if at.is_empty() {
            return None;
        }
        at = &at[..at.rfind('/')?];
    }
}

/// The spec's tags, as compared: lower case, `-` for `_`.
fn tags(doc: &Value) -> Vec<String> {
    let mut out: Vec<String> = doc
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("name").and_then(Value::as_str))
        .map(norm)
        .collect();
    out.sort();
    out.dedup();
    out
}

fn norm(tag: &str) -> String {
    tag.to_lowercase().replace('_', "-")
}

impl Report {
    /// The report for people: each undeclared difference with its place, then the counts,
    /// the operations the spec lacks and the stale departures.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for c in &self.undeclared {
            let line = c.line.map_or(String::new(), |l| format!(":{l}"));
            let file = c.file.as_deref().unwrap_or(crate::SPEC_PATH);
            out.push_str(&format!(
                "{file}{line}: at {}: undeclared [{}] {}\n",
                spec::pointer::dotted(&c.pointer),
                c.rule.name(),
                c.message
            ));
        }
        for op in &self.missing {
            out.push_str(&format!(
                "{}: under the spec's tags but not in it: {op}\n",
                self.document
            ));
        }
        for d in &self.stale {
            out.push_str(&format!(
                "{}: at {}: the x-departure names no difference from {} any more\n",
                crate::SPEC_PATH,
                spec::pointer::dotted(d),
                self.document
            ));
        }
        out.push_str(&format!(
            "{} declared, {} undeclared difference(s) from {}; {} operation(s) missing, {} stale departure(s)\n",
            self.declared.len(),
            self.undeclared.len(),
            self.document,
            self.missing.len(),
            self.stale.len()
        ));
        out
    }
}
