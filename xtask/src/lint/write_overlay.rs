//! `cargo xtask lint --write-overlay PATH`: the overlay that makes a document generate, written
//! from lint's own errors: a `remove` of each operation the generator cannot take (lint's
//! reasons as the action's description), and a `title` for each inline schema typify would name
//! like another. The document itself is never changed.
//!
//! Rounds until lint passes: each applies the actions so far (after the document's own
//! overlays) and lints the result, since removing an operation or naming a schema can uncover
//! what it hid. An error that no operation owns (in `info`, say) stops it, naming the error.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::error::Error;
use crate::lint::{Config, Finding, RuleId, Severity};
use crate::spec::pointer::{escape, segments};
use crate::spec::{Source, overlay};

/// What the writer did.
#[derive(Debug)]
pub struct Written {
    /// The overlay's text.
    pub text: String,
    /// Operations removed (`GET /path`).
    pub removed: usize,
    /// Schemas given a title.
    pub titled: usize,
    /// Components removed (reached by no operation).
    pub components: usize,
    /// Components renamed (their `$ref`s with them), where typify names a component like a
    /// type it makes of another schema.
    pub renamed: usize,
}

/// One action of the overlay.
struct Action {
    target: String,
    description: String,
    update: Option<Value>,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The overlay that makes `read()`'s document pass lint, with the document's name for
/// `extends`; fails when an error cannot be answered by removing or naming something.
pub fn write(
    read: &dyn Fn() -> Result<Source, Error>,
    extends: &str,
    config: &Config,
) -> Result<Written, Error> {
    let mut actions: Vec<Action> = Vec::new();
    let mut removed_ops = BTreeSet::new();
    let mut removed_components = BTreeSet::new();
    let mut titles: BTreeMap<String, usize> = BTreeMap::new();
    let mut renamed = 0;
    for _round in 0..32 {
        let text = render(&actions, extends);
        let mut source = read()?;
        if !actions.is_empty() {
            overlay::apply(&mut source, "(written overlay)", &text)?;
        }
        let errors: Vec<Finding> = crate::lint::findings_of(&source, config)?
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        if errors.is_empty() {
            return Ok(Written {
                text,
                removed: removed_ops.len(),
                titled: titles.len(),
                components: removed_components.len(),
                renamed,
            });
        }
        let users = users(&source.value);
        let mut reasons: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        let mut progress = false;
        for f in &errors {
            let pointer = &f.location.pointer;
            let reason = format!("{}: {}", f.rule.name(), f.message);
            // The inline schema of the two typify would name alike: this one, or the one the
            // finding names (`as it names <pointer>:`) when this one is a component, whose
            // name typify takes from its key.
            let inline = match f.rule == RuleId::TypeNameDuplicate {
                true if !is_component(pointer) => Some(pointer.clone()),
                true => clashing(&f.message)
                    .and_then(|(name, first)| inline_named(&source.value, &first, &name)),
                false => None,
            };
            if let Some(pointer) = &inline {
                let n = titles.entry(pointer.clone()).or_insert(1);
                *n += 1;
                let name = source
                    .value
                    .pointer(pointer)
                    .and_then(|s| s.get("title"))
                    .and_then(Value::as_str)
                    .map_or_else(|| title_for(pointer), str::to_string);
                actions.push(Action {
                    target: json_path(pointer),
                    description: format!("A name of its own for typify ({reason})"),
                    update: Some(serde_json::json!({ "title": format!("{name}{n}") })),
                });
                progress = true;
                continue;
            }
            // A component typify names like a type it makes of other schemas (an `allOf`'s
            // merged property, say), which no title can rename: renamed, `$ref`s and all.
            if f.rule == RuleId::TypeNameDuplicate
                && is_component(pointer)
                && clashing(&f.message).is_some()
            {
                actions.extend(rename(&source.value, pointer, &reason));
                renamed += 1;
                progress = true;
                continue;
            }
            let owners: Vec<(String, String)> = match owner(pointer) {
                Some(op) => vec![op],
                None => users
                    .get(&component_of(pointer))
                    .cloned()
                    .unwrap_or_default(),
            };
            if owners.is_empty() && pointer.starts_with("/components/") {
                let component = component_of(pointer);
                if removed_components.insert(component.clone()) {
                    actions.push(Action {
                        target: json_path(&component),
                        description: format!(
                            "No operation uses it, and lint refuses it ({reason})"
                        ),
                        update: None,
                    });
                    progress = true;
                }
                continue;
            }
            for op in owners {
                reasons.entry(op).or_default().push(reason.clone());
            }
        }
        for ((path, method), why) in reasons {
            if removed_ops.insert((path.clone(), method.clone())) {
                let mut why: Vec<String> = why;
                why.dedup();
                actions.push(Action {
                    target: format!("$.paths{}.{method}", bracket(&path)),
                    description: format!("The generator cannot take it: {}", why.join("; ")),
                    update: None,
                });
                progress = true;
            }
        }
        if !progress {
            let f = &errors[0];
            return Err(Error::Generate(format!(
                "{}: at {}: {} [{}]: no operation or schema to remove or name answers it; an \
                 overlay cannot be written for it",
                f.location.file,
                f.location.dotted(),
                f.message,
                f.rule.name()
            )));
        }
    }
    Err(Error::Generate(
        "lint still refuses after 32 rounds of removals".into(),
    ))
}

/// The overlay's YAML (JSON is YAML; each action on lines of its own).
fn render(actions: &[Action], extends: &str) -> String {
    let mut out = String::from(
        "# Written by `cargo xtask lint --write-overlay`: what makes the document generate.\n",
    );
    out.push_str("overlay: 1.0.0\ninfo:\n  title: What the generator cannot take, left out\n");
    out.push_str("  version: 1.0.0\n");
    out.push_str(&format!("extends: {}\nactions:\n", quote(extends)));
    if actions.is_empty() {
        out.push_str("  - target: $.info\n    description: Nothing to change.\n    update: {}\n");
    }
    for a in actions {
        out.push_str(&format!("  - target: {}\n", quote(&a.target)));
        out.push_str(&format!("    description: {}\n", quote(&a.description)));
        match &a.update {
            Some(update) => out.push_str(&format!("    update: {update}\n")),
            None => out.push_str("    remove: true\n"),
        }
    }
    out
}

/// A YAML scalar that stays a string: JSON's quoting.
fn quote(text: &str) -> String {
    Value::String(text.to_string()).to_string()
}

/// The actions that rename the component at `pointer` to the first free `<name>_<n>`: a copy
/// under the new name, each `$ref` to it pointed at the copy, the old one removed.
fn rename(doc: &Value, pointer: &str, reason: &str) -> Vec<Action> {
    let parts = segments(pointer);
    let (kind, name) = (&parts[1], &parts[2]);
    let siblings = doc.pointer(&format!("/components/{}", escape(kind)));
    let taken = |n: &str| siblings.and_then(|s| s.get(n)).is_some();
    let new = (2..)
        .map(|n| format!("{name}_{n}"))
        .find(|n| !taken(n))
        .unwrap_or_default();
    let value = doc.pointer(pointer).cloned().unwrap_or(Value::Null);
    let mut out = vec![Action {
        target: json_path(&format!("/components/{}", escape(kind))),
        description: format!("`{name}` renamed `{new}`, a type name of its own ({reason})"),
        update: Some(serde_json::json!({ new.clone(): value })),
    }];
    let old_ref = format!("#{pointer}");
    let new_ref = format!("#/components/{}/{}", escape(kind), escape(&new));
    for (here, node) in crate::spec::pointer::nodes(doc, "") {
        if node.get("$ref").and_then(Value::as_str) == Some(old_ref.as_str()) {
            out.push(Action {
                target: json_path(&here),
                description: format!("Points at `{new}`"),
                update: Some(serde_json::json!({ "$ref": new_ref })),
            });
        }
    }
    out.push(Action {
        target: json_path(pointer),
        description: format!("Renamed `{new}`"),
        update: None,
    });
    out
}

/// The name and the other place of a `type-name-duplicate` finding's message.
fn clashing(message: &str) -> Option<(String, String)> {
    let name = message.split('`').nth(1)?.to_string();
    let (_, rest) = message.split_once("as it names ")?;
    let first = rest.split(':').next()?.trim().to_string();
    first.starts_with('/').then_some((name, first))
}

/// The inline schema under `at` that typify names `name`: `at` itself, or a property's object
/// (an `allOf` member's, say) whose name ends as `name` does.
fn inline_named(doc: &Value, at: &str, name: &str) -> Option<String> {
    // A schema typify makes a type of its own for, written in place.
    let inline = |schema: &Value| {
        schema.get("$ref").is_none()
            && (schema.get("properties").is_some() || schema.get("enum").is_some())
    };
    let node = doc.pointer(at)?;
    if inline(node) {
        return Some(at.to_string());
    }
    crate::spec::pointer::nodes(node, at)
        .into_iter()
        .filter_map(|(here, node)| Some((here, node.get("properties")?.as_object()?)))
        .find_map(|(here, properties)| {
            properties.iter().find_map(|(p, schema)| {
                (inline(schema) && name.ends_with(&crate::generate::names::schema_type(p)))
                    .then(|| format!("{here}/properties/{}", escape(p)))
            })
        })
}

/// The operation (path, method) a pointer lies in, if it lies in one.
fn owner(pointer: &str) -> Option<(String, String)> {
    let parts = segments(pointer);
    match parts.as_slice() {
        [paths, path, method, ..] if paths == "paths" && METHODS.contains(&method.as_str()) => {
            Some((path.clone(), method.clone()))
        }
        _ => None,
    }
}

fn is_component(pointer: &str) -> bool {
    segments(pointer).len() == 3 && pointer.starts_with("/components/")
}

/// The component a pointer lies in (`/components/schemas/x`), or the pointer itself.
fn component_of(pointer: &str) -> String {
    let parts = segments(pointer);
    match parts.as_slice() {
        [c, kind, name, ..] if c == "components" => {
            format!("/components/{}/{}", escape(kind), escape(name))
        }
        _ => pointer.to_string(),
    }
}

/// A JSON pointer as a JSONPath of bracketed names (`$['components']['schemas']['x']`).
fn json_path(pointer: &str) -> String {
    let mut out = String::from("$");
    for part in segments(pointer) {
        match part.parse::<usize>() {
            Ok(i) => out.push_str(&format!("[{i}]")),
            Err(_) => out.push_str(&bracket(&part)),
        }
    }
    out
}

/// `['name']`, quoted as RFC 9535 quotes a name.
fn bracket(name: &str) -> String {
    let escaped = name.replace('\\', "\\\\").replace('\'', "\\'");
    format!("['{escaped}']")
}

/// A title from where an inline schema is written: its component and property names.
fn title_for(pointer: &str) -> String {
    segments(pointer)
        .into_iter()
        .filter(|p| {
            !matches!(
                p.as_str(),
                "components" | "schemas" | "properties" | "items" | "content" | "schema" | "paths"
            )
        })
        .filter(|p| p.parse::<usize>().is_err())
        .collect::<Vec<_>>()
        .join("_")
}

/// For each component (`/components/<kind>/<name>`), the operations that reach it through
/// `$ref`s, directly or through other components.
fn users(doc: &Value) -> BTreeMap<String, Vec<(String, String)>> {
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut memo: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let shared = item.get("parameters");
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let mut seen = BTreeSet::new();
            let mut stack = local_refs(op);
            if let Some(shared) = shared {
                stack.extend(local_refs(shared));
            }
            while let Some(target) = stack.pop() {
                let component = component_of(&target);
                if !seen.insert(component.clone()) {
                    continue;
                }
                let next = memo.entry(component.clone()).or_insert_with(|| {
                    doc.pointer(&component)
                        .map(local_refs)
                        .unwrap_or_default()
                        .into_iter()
                        .collect()
                });
                stack.extend(next.iter().cloned());
            }
            for component in seen {
                out.entry(component)
                    .or_default()
                    .push((path.clone(), method.to_string()));
            }
        }
    }
    out
}

/// Every local `$ref` target (a pointer) under `node`.
fn local_refs(node: &Value) -> Vec<String> {
    let mut all = Vec::new();
    crate::generate::adapt::collect_refs(node, &mut all);
    all.into_iter()
        .filter_map(|r| r.strip_prefix('#').map(str::to_string))
        .collect()
}
