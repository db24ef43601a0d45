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

/// One operation's command as the CLI has it: where the operation is, its group and name.
#[derive(Clone, Debug)]
pub(crate) struct Named {
    /// The operation's JSON pointer, which a clash names.
    pub(crate) pointer: String,
    /// Its group (empty: a top-level command).
    pub(crate) group: String,
    /// Its name, after [`settle`].
    pub(crate) name: String,
    /// Whether the spec chose the name (`x-cli-name`): such a name is never changed.
    pub(crate) chosen: bool,
    /// The operationId in kebab case: the name when the rule gives two operations of a group
    /// the same one.
    pub(crate) full: String,
}

impl Named {
    /// The command of one operation, before [`settle`].
    pub(super) fn of(spec: &OpenAPI, op: &Op<'_>, id: &str) -> Named {
        let (name, chosen) = name(op, id);
        Named {
            pointer: op.pointer.clone(),
            group: group(spec, op),
            name,
            chosen,
            full: id.to_kebab_case(),
        }
    }
}

/// Every operation's command, named and settled: what lint checks with [`problems`].
pub(crate) fn commands(spec: &OpenAPI) -> Vec<Named> {
    let mut out: Vec<Named> = (crate::spec::model::operations(spec).iter())
        .filter_map(|op| Some(Named::of(spec, op, op.op.operation_id.as_deref()?)))
        .collect();
    settle(&mut out);
    out
}

/// Two operations of one group that the rule names alike are both named by their whole
/// operationId instead (a name the spec chose with `x-cli-name` is kept).
pub(super) fn settle(commands: &mut [Named]) {
    let mut count = std::collections::BTreeMap::<(String, String), usize>::new();
    for c in commands.iter() {
        *count.entry((c.group.clone(), c.name.clone())).or_default() += 1;
    }
    for c in commands.iter_mut() {
        if !c.chosen && count.get(&(c.group.clone(), c.name.clone())) > Some(&1) {
            c.name = c.full.clone();
        }
    }
}

/// What is wrong with the settled commands' names, as (JSON pointer, message): a name a person
/// cannot type, a command taken twice, a top-level command that is also a group or a built-in
/// command, a group that is a built-in command. `generate` refuses on the first; lint reports
/// them all.
pub(crate) fn problems(spec: &OpenAPI, commands: &[Named]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in commands {
        // An untagged operation has no group: an empty group is the one name allowed empty.
        let group_ok = c.group.is_empty() || typable(&c.group);
        let untypable = if !typable(&c.name) {
            Some(&c.name)
        } else {
            (!group_ok).then_some(&c.group)
        };
        if let Some(name) = untypable {
            out.push((
                c.pointer.clone(),
                format!(
                    "the CLI name {name:?} is not one a person can type (letters, digits and `-`)"
                ),
            ));
        }
    }
    let home = home_group(spec);
    let groups: std::collections::BTreeSet<&str> = commands
        .iter()
        .map(|c| c.group.as_str())
        .filter(|g| !g.is_empty())
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut top = std::collections::BTreeSet::new();
    for c in commands {
        if !seen.insert((c.group.as_str(), c.name.as_str())) {
            let command = [c.group.as_str(), c.name.as_str()].join(" ");
            out.push((
                c.pointer.clone(),
                format!(
                    "this operation and one before it are both the CLI command `{}`: give one \
                     an `x-cli-name` of its own",
                    command.trim_start()
                ),
            ));
            continue;
        }
        let at_top = c.group.is_empty() || Some(c.group.as_str()) == home.as_deref();
        if at_top
            && (BUILT_IN.contains(&c.name.as_str())
                || groups.contains(c.name.as_str())
                || !top.insert(c.name.as_str()))
        {
            out.push((
                c.pointer.clone(),
                format!(
                    "the top-level CLI command `{}` is also a group or another command: give \
                     the operation an `x-cli-name` of its own",
                    c.name
                ),
            ));
        }
    }
    if let Some(g) = groups.iter().find(|g| BUILT_IN.contains(g)) {
        out.push((
            "/tags".into(),
            format!("the CLI group `{g}` is also a built-in command: give its tag an `x-cli-name`"),
        ));
    }
    out
}

/// What is wrong with a parameter's `x-cli-prompt`, if anything: the CLI knows `two-factor`,
/// asked for when the API answers that a one-time password is needed, on a parameter that is
/// `(optional, text, not in the path)`. The renderer knows "text" from the argument's Rust
/// type; lint from the schema (`text_schema`).
pub(crate) fn prompt_problem(
    name: &str,
    prompt: &serde_json::Value,
    (optional, text, not_in_path): (bool, bool, bool),
) -> Option<String> {
    let fits = prompt.as_str() == Some("two-factor") && optional && text && not_in_path;
    (!fits).then(|| {
        format!(
            "the parameter `{name}` has `x-cli-prompt: {prompt}`; the CLI knows `two-factor` \
             (asked for when the API answers that a one-time password is needed), on an \
             optional text parameter that is not in the path"
        )
    })
}

/// Whether progenitor gives a parameter of this schema as text (`&str`): a string without
/// `enum` and without a `format` typify types (`date`, `date-time`, `ip`, `ipv4`, `ipv6`).
pub(crate) fn text_schema(schema: Option<&openapiv3::Schema>) -> bool {
    use openapiv3::{SchemaKind, Type, VariantOrUnknownOrEmpty};
    let Some(SchemaKind::Type(Type::String(s))) = schema.map(|s| &s.schema_kind) else {
        return false;
    };
    let typed = match &s.format {
        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => true,
        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => true,
        VariantOrUnknownOrEmpty::Unknown(f) => ["ip", "ipv4", "ipv6"].contains(&f.as_str()),
        _ => false,
    };
    s.enumeration.is_empty() && !typed
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
