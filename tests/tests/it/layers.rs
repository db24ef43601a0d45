//! Keeps the client crate's modules in layers, as ARCHITECTURE.md states them: no import
//! circle among its files, and nothing under `runtime/` reaches the generated code (the
//! generated code names the runtime, and `hooks.rs` joins the two).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A crate's modules (by path below `src/`, without `.rs`: `client`, `runtime/retry`; a
/// folder's `mod.rs` is the folder) and the modules each one names outside its tests:
/// `crate::a::..`, `::fastly_tokens::a::..`, `super::a::..`, and grouped `use` lists, followed
/// through the re-exports of `lib.rs` and of a folder's `mod.rs`.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph = BTreeMap::new();
    for file in rust_files(src, src) {
        let module = module_name(&file);
        if module.is_empty() {
            continue; // lib.rs declares every module; its re-exports are followed instead
        }
        let text = std::fs::read_to_string(src.join(&file)).unwrap();
        let mut named = BTreeSet::new();
        for path in paths_in(&code_of(&text)) {
            let (base, rest) = match path.split_first() {
                Some((first, rest)) if first == "crate" || first == "fastly_tokens" => {
                    (String::new(), rest)
                }
                // Only a sibling module: an item named through `super` is most often one of
                // the file itself, named from an inline module (`mod tests`, `mod on`).
                Some((first, rest))
                    if first == "super"
                        && rest
                            .first()
                            .is_some_and(|m| is_module(src, &parent(&module), m)) =>
                {
                    (parent(&module), rest)
                }
                _ => continue,
            };
            if let Some(target) = resolve(src, &base, rest, 0)
                && target != module
                && !target.is_empty()
            {
                named.insert(target);
            }
        }
        graph.insert(module, named);
    }
    graph
}

/// Every `.rs` file below `dir`, relative to `src`.
fn rust_files(src: &Path, dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(src, &path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(src).unwrap();
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    out
}

/// `runtime/retry.rs` -> `runtime/retry`, `runtime/mod.rs` -> `runtime`, `lib.rs` -> ``.
fn module_name(file: &str) -> String {
    let stem = file.strip_suffix(".rs").unwrap();
    match stem {
        "lib" | "main" => String::new(),
        _ => stem.strip_suffix("/mod").unwrap_or(stem).to_string(),
    }
}

/// Whether `name` is a module file (or folder) under module `base`.
fn is_module(src: &Path, base: &str, name: &str) -> bool {
    let path = if base.is_empty() {
        name.to_string()
    } else {
        format!("{base}/{name}")
    };
    src.join(format!("{path}.rs")).is_file() || src.join(&path).join("mod.rs").is_file()
}

fn parent(module: &str) -> String {
    module
        .rsplit_once('/')
        .map_or(String::new(), |(p, _)| p.to_string())
}

/// A file's code before its tests, without comments (a doc link is not an import).
fn code_of(text: &str) -> String {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    code.lines()
        .map(|l| l.split_once("//").map_or(l, |(before, _)| before))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Each path rooted at `crate`, `fastly_tokens` or `super`, as its segments; a grouped
/// `use a::{b, c::d}` gives `a::b` and `a::c::d`.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let roots = regex_lite::Regex::new(r"\b(crate|fastly_tokens|super)::").unwrap();
    let mut out = Vec::new();
    for m in roots.find_iter(code) {
        let root = m.as_str().trim_end_matches("::").to_string();
        expand(&code[m.end()..], vec![root], &mut out);
    }
    out
}

/// Reads the rest of a path from `text` (after `prefix::`), into `out`.
fn expand(text: &str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let ident: String = text
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let rest = &text[ident.len()..];
    if ident.is_empty() {
        if let Some(group) = text.strip_prefix('{') {
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        expand(group[start..i].trim_start(), prefix.clone(), out);
                        return;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(group[start..i].trim_start(), prefix.clone(), out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        }
        return;
    }
    let mut path = prefix;
    path.push(ident);
    match rest.strip_prefix("::") {
        Some(more) if more.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '{') => {
            expand(more, path, out)
        }
        _ => out.push(path),
    }
}

/// The module `segments` lead to from module `base`: the deepest file they name, or, for an
/// item of `lib.rs` or a folder's `mod.rs`, the module that item is re-exported from.
fn resolve(src: &Path, base: &str, segments: &[String], depth: usize) -> Option<String> {
    let mut current = base.to_string();
    for (i, segment) in segments.iter().enumerate() {
        if segment == "self" {
            continue;
        }
        let candidate = if current.is_empty() {
            segment.clone()
        } else {
            format!("{current}/{segment}")
        };
        if is_module(src, &current, segment) {
            current = candidate;
            continue;
        }
        // An item of `current`: followed when its file re-exports it.
        let file = if current.is_empty() {
            src.join("lib.rs")
        } else {
            src.join(&current).join("mod.rs")
        };
        if depth < 8
            && let Ok(text) = std::fs::read_to_string(file)
        {
            for path in reexports(&code_of(&text)) {
                if path.last() == Some(segment) {
                    let mut whole = path.clone();
                    whole.extend(segments[i + 1..].iter().cloned());
                    return resolve(src, &current, &whole, depth + 1);
                }
            }
        }
        return Some(current);
    }
    Some(current)
}

/// The paths a file's `pub use` and `pub(crate) use` items re-export, relative to it.
fn reexports(code: &str) -> Vec<Vec<String>> {
    let uses = regex_lite::Regex::new(r"pub(?:\(crate\))?\s+use\s+").unwrap();
    let mut out = Vec::new();
    for m in uses.find_iter(code) {
        let rest = &code[m.end()..];
        let first: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let after = &rest[first.len()..];
        match after.strip_prefix("::") {
            Some(more) => expand(more, vec![first], &mut out),
            None => out.push(vec![first]),
        }
    }
    out
}

/// A circle of modules, each naming the next, if the graph has one.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        graph: &BTreeMap<String, BTreeSet<String>>,
        node: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if !done.insert(node.to_string()) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(graph, next, path, done) {
                return Some(found);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|start| visit(graph, start, &mut Vec::new(), &mut done))
}

/// The modules under `runtime/` that reach one of `generated`, directly or through others,
/// with the module they reach.
fn runtime_reaching(
    graph: &BTreeMap<String, BTreeSet<String>>,
    generated: &[&str],
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for start in graph.keys().filter(|m| m.starts_with("runtime")) {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start.clone()];
        while let Some(node) = stack.pop() {
            if !seen.insert(node.clone()) {
                continue;
            }
            if generated.contains(&node.as_str()) {
                out.push((start.clone(), node.clone()));
            }
            stack.extend(graph.get(&node).into_iter().flatten().cloned());
        }
    }
    out
}

/// The client crate's generated modules, by module name.
fn generated_modules() -> Vec<&'static str> {
    tests::GENERATED
        .iter()
        .filter_map(|f| f.strip_prefix("crates/fastly-tokens/src/"))
        .filter_map(|f| f.strip_suffix(".rs"))
        .collect()
}

#[test]
fn the_client_crate_has_no_import_circle_and_a_runtime_apart() {
    let src = tests::root().join("crates/fastly-tokens/src");
    let graph = module_graph(&src);
    // The graph is read, not empty: the joins it must see are there.
    assert!(graph["hooks"].contains("generated"), "{graph:#?}");
    assert!(graph["hooks"].contains("runtime/session"), "{graph:#?}");
    assert!(
        graph["generated"].contains("runtime/response"),
        "{graph:#?}"
    );
    assert!(
        graph["runtime/retry"].contains("runtime/declared"),
        "{graph:#?}"
    );
    let found = circle(&graph);
    assert_eq!(found, None, "an import circle: {found:?}");
    let generated = generated_modules();
    assert_eq!(generated, ["generated", "operations"]);
    assert_eq!(runtime_reaching(&graph, &generated), []);
}

/// The checks above fail where they should: on a small crate with a circle through a
/// re-export, and with a runtime module that reaches the generated code.
#[test]
fn the_layer_checks_find_a_circle_and_a_runtime_naming_generated_code() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir(src.join("runtime")).unwrap();
    let files = [
        ("lib.rs", "mod a;\nmod b;\npub use b::Thing;\n"),
        ("a.rs", "//! a\nuse crate::Thing;\n"),
        (
            "b.rs",
            "//! b\n/// [`crate::a`] in a doc\nuse crate::{runtime::{x, y::Y}};\n",
        ),
        ("generated.rs", "//! g\nuse crate::a;\n"),
        (
            "runtime/mod.rs",
            "//! r\npub(crate) mod x;\npub(crate) mod y;\n",
        ),
        ("runtime/x.rs", "//! x\n"),
        (
            "runtime/y.rs",
            "//! y\nuse super::x;\n#[cfg(test)]\nuse crate::generated;\n",
        ),
    ];
    for (file, text) in files {
        std::fs::write(src.join(file), text).unwrap();
    }
    let graph = module_graph(src);
    assert_eq!(circle(&graph), None, "{graph:#?}");
    assert_eq!(runtime_reaching(&graph, &["generated"]), []);
    assert_eq!(
        graph["runtime/y"],
        BTreeSet::from(["runtime/x".to_string()])
    );
    // `a` names `b` through the re-export; `b` naming `a` closes a circle.
    std::fs::write(src.join("b.rs"), "//! b\nuse fastly_tokens::a::f;\n").unwrap();
    let graph = module_graph(src);
    assert_eq!(
        circle(&graph),
        Some(vec!["a".to_string(), "b".to_string(), "a".to_string()])
    );
    // A runtime module reaching the generated code through another module.
    std::fs::write(src.join("runtime/x.rs"), "//! x\nuse crate::b;\n").unwrap();
    std::fs::write(src.join("b.rs"), "//! b\nuse crate::generated::Client;\n").unwrap();
    let graph = module_graph(src);
    assert_eq!(
        runtime_reaching(&graph, &["generated"]),
        [
            ("runtime/x".to_string(), "generated".to_string()),
            ("runtime/y".to_string(), "generated".to_string())
        ]
    );
}

/// The xtask's modules point one way (ARCHITECTURE.md). A module may name the items of the
/// folder module it sits in (`lint/preflight.rs` reports `lint::Finding`s): a folder's
/// `mod.rs` is the vocabulary of its files, not a peer.
#[test]
fn the_xtask_has_no_import_circle() {
    let mut graph = module_graph(&tests::root().join("xtask/src"));
    for (module, named) in &mut graph {
        named.retain(|other| !module.starts_with(&format!("{other}/")));
    }
    assert!(
        graph["generate"].iter().any(|m| m.starts_with("spec/")),
        "{graph:#?}"
    );
    let found = circle(&graph);
    assert_eq!(found, None, "an import circle: {found:?}");
}
