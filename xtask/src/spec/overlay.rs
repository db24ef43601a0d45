//! OpenAPI Overlays (1.0.0, and 1.1.0's `copy`) applied to the spec before any command reads it:
//! each overlay file of `overlays/` beside the spec, in file-name order, each action in order on
//! the result of the one before.
//!
//! A target is an RFC 9535 JSONPath (`serde_json_path`, which gives each match's location).
//! `update` merges as Overlay 1.1 states it: a property only in the target stays, one only in
//! the update is added, a primitive replaces a primitive, an array is concatenated to an array,
//! an object merges into an object, and any other pair is an error. An array target takes an
//! array's items or one value appended; a primitive target (1.1) is replaced. `remove` takes
//! each selected node out of its parent (and wins over `update`); `copy` (1.1) merges the one
//! node its JSONPath selects, as `update` would. `extends` names the document the overlay is
//! for; it is informative, as the specification says, and not fetched.
//!
//! Every node an action writes is recorded against the overlay's file and line, so an error
//! found in it later names the overlay action as well as its place in the result. Errors in
//! an overlay itself (its shape, a JSONPath that does not parse, a merge it cannot make) name
//! the overlay file, the action and the line.

use serde_json::Value;
use serde_json_path::{JsonPath, PathElement};

use crate::error::{Error, Location};
use crate::spec::pointer::escape;
pub(crate) use crate::spec::source::Applied;
use crate::spec::source::Source;
use crate::spec::yaml::Lines;

/// The folder of overlays, beside the spec.
pub(crate) const FOLDER: &str = "overlays";

/// The overlay action that wrote the node at `pointer` (or an ancestor of it), if one did:
/// `actions[i] of <file>`.
pub(crate) fn writer(source: &Source, pointer: &str) -> Option<String> {
    source.applied.iter().rev().find_map(|a| {
        a.written
            .iter()
            .any(|w| {
                pointer == w
                    || pointer
                        .strip_prefix(w.as_str())
                        .is_some_and(|r| r.starts_with('/'))
            })
            .then(|| format!("actions[{}] of {}", a.action, a.file))
    })
}

/// The overlay files of `files` (name, text) that lie in `overlays/` beside `spec` (a name
/// relative to the same root), in the order they apply: by file name.
pub(crate) fn beside<'a>(
    spec: &str,
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<(String, String)> {
    let folder = match spec.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{FOLDER}/"),
        None => format!("{FOLDER}/"),
    };
    let mut out: Vec<(String, String)> = files
        .into_iter()
        .filter(|(name, _)| {
            name.strip_prefix(&folder).is_some_and(|rest| {
                !rest.contains('/') && [".yaml", ".yml", ".json"].iter().any(|e| rest.ends_with(e))
            })
        })
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    out.sort();
    out
}

/// The overlays in `dir` (read from disk), named `prefix` + file name, in name order.
pub(crate) fn read_dir(
    dir: &std::path::Path,
    prefix: &str,
) -> Result<Vec<(String, String)>, Error> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_file() && [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e)) {
            let text =
                std::fs::read_to_string(&path).map_err(|source| Error::Io { path, source })?;
            files.push((format!("{prefix}{name}"), text));
        }
    }
    files.sort();
    Ok(files)
}

/// Applies each overlay of `overlays` (name, text), in order, to `source`.
pub(crate) fn apply_all(source: &mut Source, overlays: Vec<(String, String)>) -> Result<(), Error> {
    for (name, text) in overlays {
        apply(source, &name, &text)?;
    }
    Ok(())
}

/// Applies the overlay `text` (named `name`) to `source`: its document, the record of where
/// each node was written, and the files the fingerprint covers.
pub(crate) fn apply(source: &mut Source, name: &str, text: &str) -> Result<(), Error> {
    let (overlay, lines) = crate::spec::yaml::read(text).map_err(|e| Error::Spec {
        location: Location {
            file: name.to_string(),
            pointer: String::new(),
            line: Some(e.line),
        },
        message: format!("not valid YAML: {}", e.message),
    })?;
    let file = source.files.len();
    source.files.push((name.to_string(), text.to_string()));
    let at = |pointer: &str| Location {
        file: name.to_string(),
        pointer: pointer.to_string(),
        line: line_of(&lines, pointer),
    };
    let fail = |pointer: &str, message: String| Error::Spec {
        location: at(pointer),
        message,
    };
    let actions = shape(&overlay).map_err(|(pointer, message)| fail(&pointer, message))?;
    let copy_allowed = overlay["overlay"]
        .as_str()
        .is_some_and(|v| v.starts_with("1.1."));
    for (i, action) in actions.iter().enumerate() {
        let here = format!("/actions/{i}");
        let target = action["target"].as_str().unwrap_or_default();
        let path = JsonPath::parse(target).map_err(|e| {
            fail(
                &format!("{here}/target"),
                format!("`target` is not an RFC 9535 JSONPath: {e}"),
            )
        })?;
        let selected = located(&source.value, &path);
        source.applied.push(Applied {
            file: name.to_string(),
            action: i,
            line: line_of(&lines, &format!("{here}/target")),
            target: target.to_string(),
            selected: selected.len(),
            written: Vec::new(),
        });
        if action.get("remove") == Some(&Value::Bool(true)) {
            remove(&mut source.value, selected).map_err(|m| fail(&here, m))?;
            continue;
        }
        let (value, written_at) = match (action.get("update"), action.get("copy")) {
            (Some(update), _) => (update.clone(), format!("{here}/update")),
            (None, Some(copy)) if copy_allowed => {
                let from = copy.as_str().unwrap_or_default();
                let path = JsonPath::parse(from).map_err(|e| {
                    fail(
                        &format!("{here}/copy"),
                        format!("`copy` is not an RFC 9535 JSONPath: {e}"),
                    )
                })?;
                let found = path.query(&source.value);
                let one = found.exactly_one().map_err(|_| {
                    fail(
                        &format!("{here}/copy"),
                        format!(
                            "`copy` must select exactly one node; it selects {}",
                            found.len()
                        ),
                    )
                })?;
                (one.clone(), format!("{here}/copy"))
            }
            (None, Some(_)) => {
                return Err(fail(
                    &format!("{here}/copy"),
                    "`copy` needs `overlay: 1.1.x`".into(),
                ));
            }
            (None, None) => continue,
        };
        let kinds: std::collections::BTreeSet<&str> = selected
            .iter()
            .filter_map(|p| source.value.pointer(p))
            .map(|v| kind(v).1)
            .collect();
        if kinds.len() > 1 {
            return Err(fail(
                &format!("{here}/target"),
                format!(
                    "the target selects {} nodes of mixed kinds ({})",
                    selected.len(),
                    kinds.into_iter().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        for pointer in selected {
            let Some(node) = source.value.pointer_mut(&pointer) else {
                continue;
            };
            let mut written = Vec::new();
            write(node, &value, &pointer, &mut written).map_err(|(place, m)| {
                fail(
                    &written_at,
                    format!(
                        "at {} of the document: {m}",
                        crate::spec::pointer::dotted(&place)
                    ),
                )
            })?;
            let line = line_of(&lines, &written_at).unwrap_or(0);
            for (pointer, sub) in written {
                let line = line_of(&lines, &format!("{written_at}{sub}")).unwrap_or(line);
                source.moved.insert(pointer.clone(), (file, line));
                if let Some(applied) = source.applied.last_mut() {
                    applied.written.push(pointer);
                }
            }
        }
    }
    Ok(())
}

/// The actions of an overlay document of the right shape, or (pointer, why) where it is not.
fn shape(overlay: &Value) -> Result<&Vec<Value>, (String, String)> {
    let root = overlay
        .as_object()
        .ok_or((String::new(), "an overlay is a mapping".to_string()))?;
    match root.get("overlay").and_then(Value::as_str) {
        Some(v) if v.starts_with("1.0.") || v.starts_with("1.1.") => {}
        Some(v) => {
            return Err((
                "/overlay".into(),
                format!("overlay version {v} is not 1.0.x or 1.1.x"),
            ));
        }
        None => {
            return Err((
                "/overlay".into(),
                "`overlay` (the version, `1.0.0`) is required".into(),
            ));
        }
    }
    for field in ["title", "version"] {
        if !root
            .get("info")
            .and_then(|i| i.get(field))
            .is_some_and(Value::is_string)
        {
            return Err((
                "/info".into(),
                format!("`info.{field}` (a string) is required"),
            ));
        }
    }
    if root.get("extends").is_some_and(|e| !e.is_string()) {
        return Err(("/extends".into(), "`extends` is a URI (a string)".into()));
    }
    let known = ["overlay", "info", "extends", "actions"];
    if let Some(key) = root
        .keys()
        .find(|k| !known.contains(&k.as_str()) && !k.starts_with("x-"))
    {
        return Err((
            format!("/{}", escape(key)),
            format!("`{key}` is not a field of an overlay"),
        ));
    }
    let actions = match root.get("actions").and_then(Value::as_array) {
        Some(a) if !a.is_empty() => a,
        _ => {
            return Err((
                "/actions".into(),
                "`actions` must list at least one action".into(),
            ));
        }
    };
    for (i, action) in actions.iter().enumerate() {
        let here = format!("/actions/{i}");
        let Some(map) = action.as_object() else {
            return Err((here, "an action is a mapping".into()));
        };
        if !map
            .get("target")
            .and_then(Value::as_str)
            .is_some_and(|t| t.starts_with('$'))
        {
            return Err((here, "`target` (a JSONPath, from `$`) is required".into()));
        }
        if map.get("remove").is_some_and(|r| !r.is_boolean()) {
            return Err((
                format!("{here}/remove"),
                "`remove` is `true` or `false`".into(),
            ));
        }
        if map.contains_key("update") && map.contains_key("copy") {
            return Err((here, "an action has `update` or `copy`, not both".into()));
        }
        if map.get("copy").is_some_and(|c| !c.is_string()) {
            return Err((
                format!("{here}/copy"),
                "`copy` is a JSONPath (a string)".into(),
            ));
        }
        let fields = ["target", "description", "update", "remove", "copy"];
        if let Some(key) = map
            .keys()
            .find(|k| !fields.contains(&k.as_str()) && !k.starts_with("x-"))
        {
            return Err((
                format!("{here}/{}", escape(key)),
                format!("`{key}` is not a field of an action"),
            ));
        }
    }
    Ok(actions)
}

/// The JSON pointers of the nodes `path` selects, each once, in document order.
fn located(doc: &Value, path: &JsonPath) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    path.query_located(doc)
        .iter()
        .map(|node| {
            node.location()
                .iter()
                .map(|e| match e {
                    PathElement::Name(n) => format!("/{}", escape(n)),
                    PathElement::Index(i) => format!("/{i}"),
                })
                .collect::<String>()
        })
        .filter(|p| seen.insert(p.clone()))
        .collect()
}

/// Takes each node at `pointers` out of its parent: the deepest and the last items first, so
/// no removal moves a node still to be removed.
fn remove(doc: &mut Value, mut pointers: Vec<String>) -> Result<(), String> {
    let key = |p: &String| -> Vec<Result<usize, String>> {
        p.split('/')
            .skip(1)
            .map(|s| s.parse::<usize>().map_err(|_| s.to_string()))
            .collect()
    };
    pointers.sort_by_key(|p| std::cmp::Reverse(key(p)));
    for pointer in pointers {
        let Some((parent, last)) = pointer.rsplit_once('/') else {
            return Err("an action cannot remove the whole document".into());
        };
        let last = last.replace("~1", "/").replace("~0", "~");
        match doc.pointer_mut(parent) {
            Some(Value::Object(map)) => {
                map.remove(&last);
            }
            Some(Value::Array(items)) => {
                if let Ok(i) = last.parse::<usize>()
                    && i < items.len()
                {
                    items.remove(i);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Writes `value` into `node` (at `at`) by the merge rules; records in `written` each node
/// written, as (its pointer in the document, its pointer under the action's value).
fn write(
    node: &mut Value,
    value: &Value,
    at: &str,
    written: &mut Vec<(String, String)>,
) -> Result<(), (String, String)> {
    match (node, value) {
        (Value::Array(items), Value::Array(more)) => {
            for (i, item) in more.iter().enumerate() {
                written.push((format!("{at}/{}", items.len()), format!("/{i}")));
                items.push(item.clone());
            }
            Ok(())
        }
        (Value::Array(items), one) => {
            written.push((format!("{at}/{}", items.len()), String::new()));
            items.push(one.clone());
            Ok(())
        }
        (node, value) => merge(node, value, at, "", written),
    }
}

fn merge(
    node: &mut Value,
    value: &Value,
    at: &str,
    sub: &str,
    written: &mut Vec<(String, String)>,
) -> Result<(), (String, String)> {
    match (node, value) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, v) in update {
                let (at, sub) = (
                    format!("{at}/{}", escape(key)),
                    format!("{sub}/{}", escape(key)),
                );
                match target.get_mut(key) {
                    Some(existing) => merge(existing, v, &at, &sub, written)?,
                    None => {
                        target.insert(key.clone(), v.clone());
                        written.push((at, sub));
                    }
                }
            }
            Ok(())
        }
        (Value::Array(target), Value::Array(more)) => {
            for (i, item) in more.iter().enumerate() {
                written.push((format!("{at}/{}", target.len()), format!("{sub}/{i}")));
                target.push(item.clone());
            }
            Ok(())
        }
        (node, value) if kind(node).0 && kind(value).0 => {
            *node = value.clone();
            written.push((at.to_string(), sub.to_string()));
            Ok(())
        }
        (node, value) => Err((
            at.to_string(),
            format!("cannot merge {} into {}", kind(value).1, kind(node).1),
        )),
    }
}

/// Whether a value is a primitive, and what it is called.
fn kind(v: &Value) -> (bool, &'static str) {
    match v {
        Value::Object(_) => (false, "an object"),
        Value::Array(_) => (false, "an array"),
        Value::Null => (true, "null"),
        Value::Bool(_) => (true, "a boolean"),
        Value::Number(_) => (true, "a number"),
        Value::String(_) => (true, "a string"),
    }
}

/// The line of `pointer` in the overlay, or of its nearest ancestor that has one.
fn line_of(lines: &Lines, pointer: &str) -> Option<usize> {
    let mut at = pointer;
    loop {
        if let Some(pos) = lines.get(at) {
            return Some(pos.line);
        }
        at = &at[..at.rfind('/')?];
    }
}

/// `overlay` applied to the document `text` (YAML or JSON, of any OpenAPI version): the
/// result and the actions applied. For the Overlay specification's own examples and for tools
/// with no workspace.
pub fn applied_to(text: &str, overlay: &str) -> Result<(Value, Vec<Applied>), Error> {
    let no_files = |_: &str| Err("an overlay's document is read alone".to_string());
    let mut source = crate::spec::bundle::read(text, "document", &no_files, &|_, _, _| Ok(()))?;
    apply(&mut source, "overlay", overlay)?;
    Ok((
        std::mem::take(&mut source.value),
        std::mem::take(&mut source.applied),
    ))
}
