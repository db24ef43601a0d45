//! Loading the spec: YAML text to `openapiv3::OpenAPI`, with errors that name the place.

use crate::error::{Error, Location};
use crate::spec::pointer;

/// Parses `text` (YAML or JSON) as an OpenAPI 3.0.x document.
///
/// Errors carry the JSON pointer of the offending node and a line number where one is known.
pub fn load(text: &str, file: &str) -> Result<openapiv3::OpenAPI, Error> {
    from_value(&parse(text, file)?, text, file)
}

/// The document as a generic value: valid YAML, a mapping, `openapi: 3.0.x` (what every
/// rule needs before the document can be read as OpenAPI).
pub fn parse(text: &str, file: &str) -> Result<serde_json::Value, Error> {
    let spec_err = |pointer, line, message| spec_error(file, pointer, line, message);
    if text.trim().is_empty() {
        return Err(spec_err(
            String::new(),
            None,
            "the document is empty".into(),
        ));
    }
    // Parse to a generic value first: YAML syntax errors carry a line, and the version check
    // below can speak before openapiv3's own (less helpful) message.
    let value: serde_json::Value = serde_yaml::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        spec_err(String::new(), line, format!("not valid YAML: {e}"))
    })?;
    let Some(root) = value.as_object() else {
        return Err(spec_err(
            String::new(),
            None,
            "the document is not a mapping".into(),
        ));
    };
    match root.get("openapi").and_then(|v| v.as_str()) {
        Some(v) if v.starts_with("3.0.") => {}
        Some(v) => {
            return Err(spec_err(
                "/openapi".into(),
                find_line(text, &["openapi"]),
                format!(
                    "OpenAPI {v} is not supported: progenitor 0.15.1 reads OpenAPI 3.0.x only \
                     (upstream progenitor#1268)"
                ),
            ));
        }
        None => {
            return Err(spec_err(
                "/openapi".into(),
                None,
                "missing the `openapi: 3.0.x` version field".into(),
            ));
        }
    }
    Ok(value)
}

/// An error at `pointer` (and `line`) of `file`.
fn spec_error(file: &str, pointer: String, line: Option<usize>, message: String) -> Error {
    Error::Spec {
        location: Location {
            file: file.to_string(),
            pointer,
            line,
        },
        message,
    }
}

/// Reads a [`parse`]d document as `openapiv3::OpenAPI`, the error at the deepest place found.
pub fn from_value(
    value: &serde_json::Value,
    text: &str,
    file: &str,
) -> Result<openapiv3::OpenAPI, Error> {
    let spec_err = |pointer, line, message| spec_error(file, pointer, line, message);
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut pointer = pointer::from_serde_path(e.path());
        let mut message = e.into_inner().to_string();
        if let Some((deeper, m)) = refine(value, &pointer) {
            pointer = deeper;
            message = m;
        }
        let line = find_line(text, &pointer::segments(&pointer));
        spec_err(pointer, line, message)
    })
}

/// openapiv3 reads path items and components through untagged enums (`$ref` or the item),
/// which hide where inside them an error is. Re-reads each child of such a map as the item
/// type itself to find the deepest failing place.
fn refine(value: &serde_json::Value, pointer: &str) -> Option<(String, String)> {
    fn first_error<T: serde::de::DeserializeOwned>(
        map: &serde_json::Map<String, serde_json::Value>,
        base: &str,
    ) -> Option<(String, String)> {
        map.iter().find_map(|(key, child)| {
            if child.get("$ref").is_some() {
                return None;
            }
            let err = serde_path_to_error::deserialize::<_, T>(child).err()?;
            let inner = pointer::from_serde_path(err.path());
            let key = pointer::escape(key);
            Some((format!("{base}/{key}{inner}"), err.into_inner().to_string()))
        })
    }
    let base = [
        "/paths",
        "/components/schemas",
        "/components/responses",
        "/components/parameters",
    ]
    .into_iter()
    .find(|b| pointer == *b || pointer.starts_with(&format!("{b}/")))?;
    let map = value.pointer(base)?.as_object()?;
    match base {
        "/paths" => first_error::<openapiv3::PathItem>(map, base),
        "/components/schemas" => first_error::<openapiv3::Schema>(map, base),
        "/components/responses" => first_error::<openapiv3::Response>(map, base),
        _ => first_error::<openapiv3::Parameter>(map, base),
    }
}

/// The keys of the block mapping under the top-level key `parent`, in document order, read in
/// one pass (serde's maps are sorted; rules that report "the later of two" need the order).
/// Empty when `parent` is not a block mapping.
pub fn key_order(text: &str, parent: &str) -> Vec<String> {
    let mut lines = text
        .lines()
        .skip_while(|l| !(l.starts_with(parent) && l[parent.len()..].trim_end() == ":"));
    if lines.next().is_none() {
        return Vec::new();
    }
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut child = None;
    let mut out = Vec::new();
    for line in lines {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let depth = indent(line);
        let child = *child.get_or_insert(depth);
        if depth < child || depth == 0 {
            break;
        }
        if depth > child || t.starts_with('-') {
            continue;
        }
        let key = match t.chars().next() {
            Some(q @ ('"' | '\'')) => t[1..].split(q).next().unwrap_or_default(),
            _ => t
                .split(": ")
                .next()
                .unwrap_or_default()
                .trim_end_matches(':'),
        };
        out.push(key.to_string());
    }
    out
}

/// Best-effort line of the node at `keys` (mapping keys and sequence indexes) in YAML `text`:
/// walks down the keys in order, each one searched for after the previous one's line; a
/// number under a block sequence counts its `- ` items (in a flow sequence, or under a
/// mapping, it is a key like any other, as response codes are).
///
/// Linear in the part of the text it walks, allocation-free: positions are byte offsets, and
/// the line number is counted once at the end.
pub fn find_line(text: &str, keys: &[impl AsRef<str>]) -> Option<usize> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let blank = |l: &str| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    };
    // (byte offset, line) of every line from `from` on.
    let lines_from = |from: usize| {
        let mut offset = from;
        text[from..].split_inclusive('\n').map(move |l| {
            let at = offset;
            offset += l.len();
            (at, l.trim_end_matches(['\n', '\r']))
        })
    };
    let is_key = |line: &str, key: &str| {
        let t = line.trim_start().trim_start_matches("- ");
        let quoted = |q: char| {
            t.strip_prefix(q)
                .and_then(|r| r.strip_prefix(key))
                .and_then(|r| r.strip_prefix(q))
        };
        [t.strip_prefix(key), quoted('"'), quoted('\'')]
            .into_iter()
            .flatten()
            .any(|rest| rest.starts_with(':'))
    };
    // The offset the next key is searched from, and the offset of the line found last.
    let mut from = 0;
    let mut found = None;
    for key in keys {
        let key = key.as_ref();
        let next = lines_from(from).find(|(_, l)| !blank(l));
        let index = key.parse::<usize>().ok();
        if let (Some(index), Some((first, l))) = (index, next)
            && found.is_some()
            && l.trim_start().starts_with('-')
        {
            let item_indent = indent(l);
            let (at, _) = lines_from(first)
                .filter(|(_, l)| !blank(l))
                .take_while(|(_, l)| indent(l) >= item_indent)
                .filter(|(_, l)| indent(l) == item_indent && l.trim_start().starts_with('-'))
                .nth(index)?;
            // The item's first key may sit on its own line (`- name: x`).
            from = at;
            found = Some(at);
            continue;
        }
        if index.is_some() && next.is_some_and(|(_, l)| l.trim_start().starts_with('-')) {
            continue; // a sequence at the root: stay
        }
        let Some((at, line)) = lines_from(from).find(|(_, l)| is_key(l, key)) else {
            // A flow sequence or mapping (`tags: [a, b]`) keeps its items on the parent line.
            if index.is_some() && found.is_some() {
                continue;
            }
            return None;
        };
        from = at + line.len();
        found = Some(at);
    }
    found.map(|at| {
        text.as_bytes()[..at]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "openapi: 3.0.3\r\npaths:\r\n  /b:\r\n    get:\r\n      parameters:\r\n        - name: x\r\n        - name: y\r\n  \"/a\":\r\n    get: {}\r\ncomponents: {}\r\n";

    #[test]
    fn key_order_reads_the_block_mapping_in_document_order() {
        assert_eq!(key_order(TEXT, "paths"), ["/b", "/a"]);
        assert!(key_order("{\"paths\": {\"/a\": {}}}", "paths").is_empty());
    }

    #[test]
    fn find_line_walks_keys_and_sequence_items_across_crlf() {
        assert_eq!(find_line(TEXT, &["paths", "/b", "get"]), Some(4));
        assert_eq!(
            find_line(TEXT, &["paths", "/b", "get", "parameters", "1"]),
            Some(7)
        );
        assert_eq!(find_line(TEXT, &["paths", "/a"]), Some(8));
        assert_eq!(find_line(TEXT, &["paths", "/c"]), None);
    }
}
