//! Bundling a spec split into files, as Redocly and Spectral do: a `$ref` into another file
//! where a component can stand (a schema, response, parameter, request body, header, example,
//! link or callback) becomes a component named after the fragment's last key or the file's
//! stem, and the `$ref` points at it; anywhere else (a path item, an operation, a description)
//! the referenced part takes the `$ref`'s place. A `#/...` reference inside another file means
//! that file's own root, as it does for the tools that split it.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::error::{Error, Location};
use crate::spec::pointer::{escape, segments};
use crate::spec::source::Source;
use crate::spec::yaml::{self, Lines};

/// Reads another file of the spec by its name (the root's name, joined with the relative
/// `$ref` and normalised), or says why it cannot.
pub(crate) type ReadFile<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// Reads the root `text` named `name`, following relative `$ref`s into the files `read` gives.
/// `check` judges the root file before any other is read.
pub(crate) fn read(
    text: &str,
    name: &str,
    read: ReadFile<'_>,
    check: &dyn Fn(&Value, &Lines, &str) -> Result<(), Error>,
) -> Result<Source, Error> {
    let (value, lines) = parse_file(text, name)?;
    check(&value, &lines, name)?;
    let mut bundler = Bundler {
        read,
        files: vec![(name.to_string(), text.to_string())],
        parsed: vec![Value::Null],
        file_lines: vec![Lines::new()],
        by_name: HashMap::new(),
        moved: HashMap::new(),
        hoisted: HashMap::new(),
        taken: HashSet::new(),
        queue: Vec::new(),
        inlining: Vec::new(),
        root_lines: lines,
    };
    let mut value = value;
    if !refers_outside(&value) {
        return Ok(bundler.finish(value));
    }
    bundler.parsed[0] = value.clone();
    bundler.taken = component_names(&value);
    // A part the root names as a component keeps that name wherever else it is referenced.
    for (kind, map) in value
        .get("components")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (name, part) in map.as_object().into_iter().flatten() {
            let Some(target) = part.get("$ref").and_then(Value::as_str) else {
                continue;
            };
            let at = format!("/components/{}/{}", escape(kind), escape(name));
            if let Some((to, fragment)) = bundler.target(0, &at, &at, target)?
                && to != 0
            {
                bundler.hoisted.insert((to, fragment), format!("#{at}"));
            }
        }
    }
    bundler.walk(&mut value, 0, "", "")?;
    while let Some(part) = bundler.queue.pop() {
        let mut part_value = bundler.parsed[part.file]
            .pointer(&part.fragment)
            .cloned()
            .unwrap_or(Value::Null);
        let at = format!("/components/{}/{}", part.kind, escape(&part.name));
        bundler.walk(&mut part_value, part.file, &part.fragment, &at)?;
        let components = object_at(&mut value, "components");
        if let Value::Object(map) = object_at(components, part.kind) {
            map.insert(part.name, part_value);
        }
    }
    Ok(bundler.finish(value))
}

/// A file's YAML as a value and lines, the error located in that file.
fn parse_file(text: &str, name: &str) -> Result<(Value, Lines), Error> {
    yaml::read(text).map_err(|e| Error::Spec {
        location: Location {
            file: name.to_string(),
            pointer: String::new(),
            line: Some(e.line),
        },
        message: format!("not valid YAML: {}", e.message),
    })
}

/// Whether any `$ref` names another file.
fn refers_outside(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(k, v)| match v {
            Value::String(target) if k == "$ref" => !target.starts_with('#'),
            v => refers_outside(v),
        }),
        Value::Array(items) => items.iter().any(refers_outside),
        _ => false,
    }
}

/// `kind/name` of every component the root file defines.
fn component_names(value: &Value) -> HashSet<String> {
    let Some(components) = value.get("components").and_then(Value::as_object) else {
        return HashSet::new();
    };
    components
        .iter()
        .filter_map(|(kind, map)| Some((kind, map.as_object()?)))
        .flat_map(|(kind, map)| map.keys().map(move |name| format!("{kind}/{name}")))
        .collect()
}

/// The mapping under `key` of `value` (made one when it is not).
fn object_at<'v>(value: &'v mut Value, key: &str) -> &'v mut Value {
    if !value.is_object() {
        *value = Value::Object(Map::new());
    }
    let Value::Object(map) = value else {
        unreachable!("made an object above")
    };
    let slot = map
        .entry(key.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    slot
}

/// Why another file could not be taken: it cannot be read (said at the `$ref`), or it is
/// not YAML (said in that file, at its line).
enum Unread {
    Missing(String),
    Invalid(Error),
}

/// A part of another file to become a component.
struct Hoist {
    file: usize,
    fragment: String,
    kind: &'static str,
    name: String,
}

struct Bundler<'a> {
    read: ReadFile<'a>,
    files: Vec<(String, String)>,
    /// Each file's document (the root's kept as written, for its own `#` references).
    parsed: Vec<Value>,
    file_lines: Vec<Lines>,
    by_name: HashMap<String, usize>,
    moved: HashMap<String, (usize, usize)>,
    /// (file, fragment) -> the `$ref` that now names it.
    hoisted: HashMap<(usize, String), String>,
    taken: HashSet<String>,
    queue: Vec<Hoist>,
    /// The parts being put in place, to refuse a cycle.
    inlining: Vec<(usize, String)>,
    root_lines: Lines,
}

impl Bundler<'_> {
    fn finish(self, value: Value) -> Source {
        Source::new(value, self.files, self.root_lines, self.moved)
    }

    /// Puts every other file's part reachable from `value` in place; `local` is `value`'s
    /// pointer in file `file`, `at` its pointer in the bundled document.
    fn walk(&mut self, value: &mut Value, file: usize, local: &str, at: &str) -> Result<(), Error> {
        if file != 0 {
            let line = self.file_lines[file].get(local).map_or(1, |p| p.line);
            self.moved.insert(at.to_string(), (file, line));
        }
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref")
                    && let Some((to, fragment)) = self.target(file, local, at, target)?
                {
                    let keys = segments(at);
                    let target = if to == 0 {
                        // Back into the root file: its own reference.
                        format!("#{fragment}")
                    } else if defines_component(&keys) {
                        // The root names this part: every other reference to it says so.
                        self.hoisted
                            .insert((to, fragment.clone()), format!("#{at}"));
                        return self.inline(value, file, local, at, (to, fragment));
                    } else if let Some(kind) = component_kind(&keys) {
                        self.hoist(to, fragment, kind)
                    } else {
                        return self.inline(value, file, local, at, (to, fragment));
                    };
                    map.insert("$ref".into(), Value::String(target));
                }
                for (key, child) in map.iter_mut() {
                    let key = escape(key);
                    self.walk(
                        child,
                        file,
                        &format!("{local}/{key}"),
                        &format!("{at}/{key}"),
                    )?;
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.walk(child, file, &format!("{local}/{i}"), &format!("{at}/{i}"))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The part `$ref: target` (written at `local` of `file`) names in another file, that
    /// file read; `None` for a reference within the root file.
    fn target(
        &mut self,
        file: usize,
        local: &str,
        at: &str,
        target: &str,
    ) -> Result<Option<(usize, String)>, Error> {
        let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
        if path.is_empty() && file == 0 {
            return Ok(None);
        }
        let here = self.place(file, local, at);
        let refuse = |message: String| Error::Spec {
            location: here.clone(),
            message,
        };
        if path.contains("://") {
            return Err(refuse(format!(
                "`$ref: {target}` is remote: only files beside the spec are followed; \
                 bundle the document first (`redocly bundle`)"
            )));
        }
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(refuse(format!(
                "`$ref: {target}`: the part after `#` must be a JSON pointer (`#/...`)"
            )));
        }
        let to = if path.is_empty() {
            file
        } else {
            let name = join(&self.files[file].0, path);
            self.file(&name).map_err(|why| match why {
                Unread::Missing(why) => {
                    refuse(format!("`$ref: {target}` names the file `{name}`: {why}"))
                }
                Unread::Invalid(e) => e,
            })?
        };
        if self.parsed[to].pointer(fragment).is_none() {
            let name = &self.files[to].0;
            return Err(refuse(format!(
                "`$ref: {target}` points at nothing in `{name}`"
            )));
        }
        Ok(Some((to, fragment.to_string())))
    }

    /// The index of the file `name`, read and parsed the first time.
    fn file(&mut self, name: &str) -> Result<usize, Unread> {
        if let Some(i) = self.by_name.get(name) {
            return Ok(*i);
        }
        if name == self.files[0].0 {
            return Ok(0);
        }
        let text = (self.read)(name).map_err(Unread::Missing)?;
        let (value, lines) = parse_file(&text, name).map_err(Unread::Invalid)?;
        let i = self.files.len();
        self.files.push((name.to_string(), text));
        self.parsed.push(value);
        self.file_lines.push(lines);
        self.by_name.insert(name.to_string(), i);
        Ok(i)
    }

    /// The `$ref` that names the component made of `fragment` of `file`.
    fn hoist(&mut self, file: usize, fragment: String, kind: &'static str) -> String {
        if let Some(name) = self.hoisted.get(&(file, fragment.clone())) {
            return name.clone();
        }
        let stem = match fragment.rsplit('/').next().filter(|s| !s.is_empty()) {
            Some(last) => crate::spec::pointer::unescape(last),
            None => {
                let file_name = self.files[file].0.rsplit('/').next().unwrap_or_default();
                file_name.split('.').next().unwrap_or(file_name).to_string()
            }
        };
        let stem: String = stem
            .chars()
            .map(|c| match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '-' | '_' => c,
                _ => '_',
            })
            .collect();
        let mut name = stem.clone();
        let mut n = 1;
        while !self.taken.insert(format!("{kind}/{name}")) {
            n += 1;
            name = format!("{stem}_{n}");
        }
        let target = format!("#/components/{kind}/{}", escape(&name));
        self.hoisted
            .insert((file, fragment.clone()), target.clone());
        self.queue.push(Hoist {
            file,
            fragment,
            kind,
            name,
        });
        target
    }

    /// Puts the part `to` in the place of the `$ref` at `at`; the `$ref`'s sibling keys stay
    /// where the part has none of its own.
    fn inline(
        &mut self,
        value: &mut Value,
        file: usize,
        local: &str,
        at: &str,
        to: (usize, String),
    ) -> Result<(), Error> {
        if self.inlining.contains(&to) {
            return Err(Error::Spec {
                location: self.place(file, local, at),
                message: format!(
                    "`$ref`s into `{}` lead back to themselves here; a cycle is only \
                     followed through a schema",
                    self.files[to.0].0
                ),
            });
        }
        let mut part = self.parsed[to.0]
            .pointer(&to.1)
            .cloned()
            .unwrap_or_default();
        if let (Value::Object(siblings), Value::Object(own)) = (&*value, &mut part) {
            for (k, v) in siblings {
                if k != "$ref" && !own.contains_key(k) {
                    own.insert(k.clone(), v.clone());
                }
            }
        }
        *value = part;
        self.inlining.push(to.clone());
        let result = self.walk(value, to.0, &to.1, at);
        self.inlining.pop();
        result
    }

    fn place(&self, file: usize, local: &str, at: &str) -> Location {
        let lines = if file == 0 {
            &self.root_lines
        } else {
            &self.file_lines[file]
        };
        let line = lines.get(local).map(|p| p.line);
        Location {
            file: self.files[file].0.clone(),
            pointer: at.to_string(),
            line,
        }
    }
}

/// The component kind a `$ref` at `keys` (not a component's own place) stands for, or `None`
/// where no component can stand (a path item, an operation, a description).
fn component_kind(keys: &[String]) -> Option<&'static str> {
    let last = keys.last()?.as_str();
    let parent = keys.len().checked_sub(2).map(|i| keys[i].as_str());
    match (parent, last) {
        (_, "schema" | "items" | "not" | "additionalProperties") => Some("schemas"),
        (Some("properties" | "allOf" | "anyOf" | "oneOf"), _) => Some("schemas"),
        (_, "requestBody") => Some("requestBodies"),
        (Some("responses"), _) => Some("responses"),
        (Some("parameters"), _) => Some("parameters"),
        (Some("headers"), _) => Some("headers"),
        (Some("examples"), _) => Some("examples"),
        (Some("links"), _) => Some("links"),
        (Some("callbacks"), _) => Some("callbacks"),
        _ => None,
    }
}

/// Whether `keys` is a component's own place (`/components/<kind>/<name>`): the part is put
/// there under the name the root gives it.
fn defines_component(keys: &[String]) -> bool {
    keys.len() == 3 && keys[0] == "components"
}

/// `relative` read from beside the file `name`, `.` and `..` resolved.
fn join(name: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = name.split('/').collect();
    parts.pop();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != ".." && !p.is_empty()) => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_resolves_relative_names() {
        assert_eq!(join("spec/api.yaml", "paths/a.yaml"), "spec/paths/a.yaml");
        assert_eq!(join("spec/r/x.yaml", "../../shared/e.yml"), "shared/e.yml");
        assert_eq!(join("api.yaml", "./a.yaml"), "a.yaml");
        assert_eq!(join("/abs/api.yaml", "b/c.yaml"), "/abs/b/c.yaml");
    }
}
