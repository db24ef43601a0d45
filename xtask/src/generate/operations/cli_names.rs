//! What the CLI calls things: a command's group and name, a flag's name, and the names no
//! operation may take.
//!
//! The naming rule (README, "Command line"): a command is `<group> <name>`, the group the
//! operation's first tag in kebab case (or the tag's `x-cli-name`), the name the operation's
//! `x-cli-name`, else its operationId in kebab case without the words naming that tag
//! (`getTokenCurrent` under tag `tokens` -> `tokens get-current`), else the whole operationId
//! (no word left, or two operations of the group named alike). The spec's first tag's commands
//! are top-level commands too, as are untagged operations; the operationId is an alias.

use heck::ToKebabCase;
use openapiv3::OpenAPI;

use crate::spec::model::{In, Op};

/// The CLI's own commands, which no operation or group may be named.
pub(super) const BUILT_IN: [&str; 3] = ["rotate", "completions", "help"];

/// Whether a person can type `name` as a command: letters, digits and `-`.
pub(super) fn typable(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The operation's subcommand name and whether the spec chose it: its `x-cli-name`, else its
/// operationId in kebab case without the words of its first tag (singular or plural), else,
/// when no word is left, the whole operationId.
pub(super) fn name(op: &Op<'_>, id: &str) -> (String, bool) {
    if let Some(serde_json::Value::String(name)) = op.op.extensions.get("x-cli-name") {
        return (name.clone(), true);
    }
    let tag_words: Vec<String> = op
        .op
        .tags
        .first()
        .map(|t| t.to_kebab_case())
        .unwrap_or_default()
        .split('-')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let is_tag_word = |w: &str| {
        tag_words
            .iter()
            .any(|t| t == w || t.strip_suffix('s') == Some(w) || w.strip_suffix('s') == Some(t))
    };
    let full = id.to_kebab_case();
    let name = full
        .split('-')
        .filter(|w| !is_tag_word(w))
        .collect::<Vec<_>>()
        .join("-");
    if name.is_empty() {
        (full, false)
    } else {
        (name, false)
    }
}

/// The group of a declared tag: its `x-cli-name`, else its name in kebab case.
pub(super) fn tag_group(tag: &openapiv3::Tag) -> String {
    let chosen = tag
        .extensions
        .get("x-cli-name")
        .and_then(serde_json::Value::as_str);
    chosen.map_or_else(|| tag.name.to_kebab_case(), str::to_string)
}

/// The operation's group: its first tag's group ([`tag_group`]; an undeclared tag in kebab
/// case); empty for an operation without tags.
pub(super) fn group(spec: &OpenAPI, op: &Op<'_>) -> String {
    let Some(tag) = op.op.tags.first() else {
        return String::new();
    };
    spec.tags
        .iter()
        .find(|t| &t.name == tag)
        .map_or_else(|| tag.to_kebab_case(), tag_group)
}

/// The group of the spec's first declared tag, whose commands are also top-level ones.
pub(super) fn home_group(spec: &OpenAPI) -> Option<String> {
    spec.tags.first().map(tag_group)
}

/// A group's help: the first line of its tag's description.
pub(super) fn group_about(spec: &OpenAPI, group: &str) -> String {
    spec.tags
        .iter()
        .find(|t| tag_group(t) == group)
        .and_then(|t| t.description.as_deref())
        .map(|d| one_line(d.lines().next().unwrap_or_default()))
        .unwrap_or_default()
}

/// A flag's name from a parameter's (`Fastly-OTP` -> `otp`, `page_size` -> `page-size`).
pub(super) fn flag_name(name: &str, location: Option<In>) -> String {
    let name = match location {
        Some(In::Header) => {
            let lower = name.to_ascii_lowercase();
            lower
                .strip_prefix("fastly-")
                .map(|rest| name[name.len() - rest.len()..].to_string())
                .unwrap_or_else(|| name.to_string())
        }
        _ => name.to_string(),
    };
    name.trim_end_matches("[]").to_kebab_case()
}

pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A help line (the first sentence) and the whole text, each on one line.
pub(super) fn helps(description: Option<&str>) -> (String, String) {
    let text = description.map(one_line).unwrap_or_default();
    let first = match text.find(". ") {
        Some(end) => text[..=end].to_string(),
        None => text.clone(),
    };
    let long = if first == text { String::new() } else { text };
    (first, long)
}
