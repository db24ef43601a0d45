//! The spec's page extension: `x-pages` on an operation whose answer is one page of a longer
//! list. `lint` checks it; `generate` gives the operation's request builder `pages()` and
//! `items()` streams that follow the pages (`crates/fastly-tokens/src/runtime/pages.rs`), and
//! the CLI follows them unless a page is asked for.
//!
//! ```yaml
//! x-pages:
//!   page: page                      # the integer query parameter numbering pages, from 1
//!   per-page: per_page              # the integer query parameter sizing them (optional)
//!   items: data                     # the array property of the answer holding the items
//!   total-pages: /meta/total_pages  # where the answer says how many pages (optional)
//! ```
//! Without `total-pages`, or where a page leaves it out, the pages end at the first one that
//! holds fewer items than asked for (with no size asked for, at the first empty one). An empty
//! page is always the last, whatever count it claims.

use serde_json::Value;

use crate::spec::pointer::escape;
use crate::spec::raw::{RawOp, follow};

/// The keys `x-pages` may hold, with what each must be.
pub(crate) const KEYS: [(&str, &str); 4] = [
    (
        "page",
        "the name of the operation's integer query parameter numbering the pages",
    ),
    (
        "per-page",
        "the name of the operation's integer query parameter sizing the pages",
    ),
    (
        "items",
        "the name of the answer's array property holding a page's items",
    ),
    (
        "total-pages",
        "a JSON pointer into the answer to an integer, the number of pages",
    ),
];

/// One operation's `x-pages`, as the generator reads it (after lint has checked it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pages {
    /// The query parameter numbering the pages.
    pub page: String,
    /// The query parameter sizing them.
    pub per_page: Option<String>,
    /// The answer's property holding the items.
    pub items: String,
    /// The property names from the answer down to the page count.
    pub total_pages: Option<Vec<String>>,
}

/// The operation's `x-pages`, if it has one of the right shape.
pub(crate) fn read(extensions: &indexmap::IndexMap<String, Value>) -> Option<Pages> {
    let ext = extensions.get("x-pages")?;
    let text = |key: &str| ext.get(key).and_then(Value::as_str).map(str::to_string);
    Some(Pages {
        page: text("page")?,
        per_page: text("per-page"),
        items: text("items")?,
        total_pages: text("total-pages").map(|p| segments(&p)),
    })
}

/// The unescaped segments of a JSON pointer (`/meta/total_pages` -> `meta`, `total_pages`).
fn segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Every way the operation's `x-pages` is wrong: (pointer, message).
pub(crate) fn problems(doc: &Value, op: &RawOp<'_>) -> Vec<(String, String)> {
    let Some(ext) = op.value.get("x-pages") else {
        return Vec::new();
    };
    let at = format!("{}/x-pages", op.pointer);
    let mut out = Vec::new();
    let Some(map) = ext.as_object() else {
        return vec![(at, "`x-pages` must be a mapping (spec/pages.rs)".into())];
    };
    for (key, value) in map {
        let here = format!("{at}/{}", escape(key));
        if !KEYS.iter().any(|(k, _)| k == key) {
            let known: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
            out.push((
                here,
                format!("`{key}` is not a key of `x-pages` ({})", known.join(", ")),
            ));
        } else if !value.is_string() {
            out.push((here, format!("`{key}` must be a string")));
        }
    }
    for key in ["page", "items"] {
        if !map.contains_key(key) {
            out.push((at.clone(), format!("`x-pages` needs `{key}`")));
        }
    }
    for key in ["page", "per-page"] {
        let Some(name) = map.get(key).and_then(Value::as_str) else {
            continue;
        };
        let integer_query = op.params.iter().any(|p| {
            p.value.get("name").and_then(Value::as_str) == Some(name)
                && p.value.get("in").and_then(Value::as_str) == Some("query")
                && type_of(doc, p.value.get("schema")) == Some("integer")
        });
        if !integer_query {
            out.push((
                format!("{at}/{key}"),
                format!("`{name}` is not an integer query parameter of the operation"),
            ));
        }
    }
    let answer = answer_schema(doc, op.value);
    if let Some(why) = answer.and_then(|a| fieldless(follow(doc, String::new(), a).1)) {
        out.push((
            at.clone(),
            format!("the answer {why}: a page has no items to follow"),
        ));
    }
    if let Some(items) = map.get("items").and_then(Value::as_str) {
        let property = answer.and_then(|a| property(doc, a, items));
        if type_of(doc, property) != Some("array") {
            out.push((
                format!("{at}/items"),
                format!("the answer has no array property `{items}`"),
            ));
        }
    }
    if let Some(pointer) = map.get("total-pages").and_then(Value::as_str) {
        let found = match pointer.starts_with('/') {
            // Through objects typify gives fields (`fieldless`).
            true => segments(pointer).iter().try_fold(answer, |schema, name| {
                let (_, followed) = follow(doc, String::new(), schema?);
                fieldless(followed)
                    .is_none()
                    .then(|| property(doc, followed, name))
            }),
            false => None,
        };
        if type_of(doc, found.flatten()) != Some("integer") {
            out.push((
                format!("{at}/total-pages"),
                format!(
                    "`{pointer}` does not point at an integer property of the answer, through \
                     objects that are neither null nor of another type"
                ),
            ));
        }
    }
    out
}

/// Why typify would give this object schema no fields to read, if it would: a nullable one
/// is an `Option` inside a newtype, and one of another `type` is no struct at all.
fn fieldless(schema: &Value) -> Option<&'static str> {
    if schema.get("nullable") == Some(&Value::Bool(true)) {
        return Some("is `nullable`");
    }
    match schema.get("type").and_then(Value::as_str) {
        None | Some("object") => None,
        Some(_) => Some("is not an object"),
    }
}

/// The JSON schema of the operation's first 2XX answer.
fn answer_schema<'a>(doc: &'a Value, op: &'a Value) -> Option<&'a Value> {
    let responses = op.get("responses")?.as_object()?;
    let (_, response) = responses
        .iter()
        .find(|(status, _)| status.starts_with('2'))?;
    let (_, response) = follow(doc, String::new(), response);
    let content = response.get("content")?.as_object()?;
    let (_, media) = content.iter().find(|(t, _)| t.contains("json"))?;
    media.get("schema")
}

/// Property `name` of an object schema (a `$ref` followed, `allOf` members searched).
fn property<'a>(doc: &'a Value, schema: &'a Value, name: &str) -> Option<&'a Value> {
    let (_, schema) = follow(doc, String::new(), schema);
    if let Some(found) = schema.get("properties").and_then(|p| p.get(name)) {
        return Some(found);
    }
    schema
        .get("allOf")?
        .as_array()?
        .iter()
        .find_map(|member| property(doc, member, name))
}

/// The `type` of a schema, a `$ref` followed.
fn type_of<'a>(doc: &'a Value, schema: Option<&'a Value>) -> Option<&'a str> {
    let (_, schema) = follow(doc, String::new(), schema?);
    schema.get("type")?.as_str()
}
