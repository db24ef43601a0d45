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
    pub(crate) fn word(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The next version after `current` under Cargo's rules, where a 0.x crate takes breaking
    /// changes in its minor number and additions in its patch. A pre-release promises nothing
    /// to its callers, so any change makes the next pre-release of the same version: the last
    /// identifier counted up when it is a number (`1.0.0-rc.1` -> `1.0.0-rc.2`), `.1` added
    /// when it is not (`1.0.0-rc` -> `1.0.0-rc.1`). Build metadata does not carry over.
    pub(crate) fn next_version(self, current: &::semver::Version) -> ::semver::Version {
        use ::semver::{BuildMetadata, Prerelease, Version};
        let (major, minor, patch) = (current.major, current.minor, current.patch);
        let release = |major, minor, patch| Version::new(major, minor, patch);
        match (self, major) {
            (Bump::None, _) => current.clone(),
            (_, _) if !current.pre.is_empty() => {
                let pre = current.pre.as_str();
                let (head, last) = match pre.rsplit_once('.') {
                    Some((head, last)) => (Some(head), last),
                    None => (None, pre),
                };
                let next = match (head, last.parse::<u64>()) {
                    (Some(head), Ok(n)) => format!("{head}.{}", n.saturating_add(1)),
                    (None, Ok(n)) => n.saturating_add(1).to_string(),
                    (_, Err(_)) => format!("{pre}.1"),
                };
                Version {
                    pre: Prerelease::new(&next).unwrap_or_else(|_| current.pre.clone()),
                    build: BuildMetadata::EMPTY,
                    ..current.clone()
                }
            }
            (Bump::Minor, 0) => release(0, minor, patch + 1),
            (Bump::Major, 0) => release(0, minor + 1, 0),
            (Bump::Minor, _) => release(major, minor + 1, 0),
            (Bump::Major, _) => release(major + 1, 0, 0),
        }
    }
}

/// The bump a list of changes needs.
pub(crate) fn bump(changes: &[RustChange]) -> Bump {
    if changes.iter().any(|c| c.breaking) {
        Bump::Major
    } else if changes.is_empty() {
        Bump::None
    } else {
        Bump::Minor
    }
}

/// Every change from `old` to `new`, in crate and item order.
pub(crate) fn compare(old: &Api, new: &Api) -> Vec<RustChange> {
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

#[cfg(test)]
mod tests {
    use super::Bump;

    fn next(bump: Bump, current: &str) -> String {
        bump.next_version(&current.parse().unwrap()).to_string()
    }

    #[test]
    fn a_release_takes_cargos_bump_and_a_pre_release_its_next_pre_release() {
        assert_eq!(next(Bump::Minor, "0.1.0"), "0.1.1");
        assert_eq!(next(Bump::Major, "0.1.7"), "0.2.0");
        assert_eq!(next(Bump::Minor, "1.4.2"), "1.5.0");
        assert_eq!(next(Bump::Major, "1.4.2+build.5"), "2.0.0");
        assert_eq!(next(Bump::None, "1.0.0-rc.1"), "1.0.0-rc.1");
        assert_eq!(next(Bump::Major, "1.0.0-rc.1"), "1.0.0-rc.2");
        assert_eq!(next(Bump::Minor, "0.3.0-alpha"), "0.3.0-alpha.1");
        assert_eq!(next(Bump::Minor, "2.0.0-7+sha.1a2b"), "2.0.0-8");
    }
}
