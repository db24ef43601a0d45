//! Judges a change of the crates' public Rust API (see `surface`) as a caller's code would
//! meet it, and names the version bump Cargo's semver rules ask for (0.x included).
//!
//! Breaking: an item removed or its signature changed; a field added to a struct callers can
//! build with a literal, a variant added to an enum they can match exhaustively, a required
//! method added to a trait they can implement (not sealed). Everything else added is additive.

use std::collections::BTreeSet;

use crate::diff::surface::{Api, Kind};

/// One change of the public API.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RustChange {
    /// The crate.
    pub krate: String,
    /// The item's identity (`fn Client::get_token`).
    pub item: String,
    /// Whether code written against the old API can stop compiling.
    pub breaking: bool,
    /// What happened and why it is (or is not) breaking.
    pub message: String,
}

/// The version bump a set of changes needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing in the public API changed.
    None,
    /// Only additions (a minor release; at 0.x, the patch number).
    Minor,
    /// Something breaks callers (a major release; at 0.x, the minor number).
    Major,
}

impl Bump {
    /// The word used in reports.
    pub fn word(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The next version after `current` (`major.minor.patch`) under Cargo's rules, where a
    /// 0.x crate takes breaking changes in its minor number and additions in its patch.
    pub fn next_version(self, current: &str) -> String {
        let parts: Vec<u64> = current
            .split(['.', '-', '+'])
            .take(3)
            .map(|p| p.parse().unwrap_or(0))
            .collect();
        let (major, minor, patch) = (
            parts.first().copied().unwrap_or(0),
            parts.get(1).copied().unwrap_or(0),
            parts.get(2).copied().unwrap_or(0),
        );
        match (self, major) {
            (Bump::None, _) => format!("{major}.{minor}.{patch}"),
            (Bump::Minor, 0) => format!("0.{minor}.{}", patch + 1),
            (Bump::Major, 0) => format!("0.{}.0", minor + 1),
            (Bump::Minor, _) => format!("{major}.{}.0", minor + 1),
            (Bump::Major, _) => format!("{}.0.0", major + 1),
        }
    }
}

/// The bump a list of changes needs.
pub fn bump(changes: &[RustChange]) -> Bump {
    if changes.iter().any(|c| c.breaking) {
        Bump::Major
    } else if changes.is_empty() {
        Bump::None
    } else {
        Bump::Minor
    }
}

/// Every change from `old` to `new`, in crate and item order.
pub fn compare(old: &Api, new: &Api) -> Vec<RustChange> {
    let mut out = Vec::new();
    let crates: BTreeSet<&String> = old.crates.keys().chain(new.crates.keys()).collect();
    let empty = Default::default();
    for krate in crates {
        let before = old.crates.get(krate).unwrap_or(&empty);
        let after = new.crates.get(krate).unwrap_or(&empty);
        let mut push = |item: &str, breaking: bool, message: String| {
            out.push(RustChange {
                krate: krate.clone(),
                item: item.to_string(),
                breaking,
                message,
            })
        };
        // Types that are gone: their fields, methods and impls go with them, said once.
        let gone: BTreeSet<&str> = before
            .iter()
            .filter(|(k, e)| e.kind == Kind::Type && !after.contains_key(*k))
            .filter_map(|(k, _)| k.split_once(' ').map(|(_, name)| name))
            .collect();
        for (key, was) in before {
            match after.get(key) {
                None if was.owner.as_deref().is_some_and(|o| gone.contains(o)) => {}
                None => push(
                    key,
                    true,
                    "removed: code that uses it no longer compiles".into(),
                ),
                Some(now) if now.text != was.text => push(
                    key,
                    true,
                    format!(
                        "changed from `{}` to `{}`",
                        was.text.trim(),
                        now.text.trim()
                    ),
                ),
                Some(_) => {}
            }
        }
        for (key, now) in after {
            if before.contains_key(key) {
                continue;
            }
            // The owner as it was: its kind word (`struct`, `enum`, `trait`) and entry.
            let owner = now.owner.as_deref().and_then(|o| {
                before.iter().find_map(|(k, e)| {
                    let (word, name) = k.split_once(' ')?;
                    (e.kind == Kind::Type && name == o).then_some((word, e))
                })
            });
            let (breaking, why) = match (now.kind, owner) {
                (Kind::Field, Some(("struct", o))) if o.exhaustive => (
                    true,
                    "added to a struct callers can build with a literal, which now misses it",
                ),
                (Kind::Variant, Some(("enum", o))) if o.exhaustive => (
                    true,
                    "added to an enum callers can match exhaustively, which now misses it",
                ),
                (Kind::Fn, Some(("trait", o)))
                    if o.exhaustive && !now.text.ends_with("(provided)") =>
                {
                    (
                        true,
                        "a required method added to a trait callers can implement (not sealed)",
                    )
                }
                _ => (false, "added: existing code is unaffected"),
            };
            push(key, breaking, why.to_string());
        }
    }
    out
}
