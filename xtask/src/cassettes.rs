//! Recorded traffic against the spec: the cassette format (`tests/cassettes/<operationId>.json`,
//! one exchange each) and `cargo xtask cassettes`, which reports what the traffic shows and the
//! spec does not say — response fields no schema declares, statuses an operation does not
//! document, operations the spec does not have.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::Error;
use crate::spec::pointer::escape;

/// Where the cassettes live, relative to the workspace root.
pub const DIR: &str = "tests/cassettes";
/// What a scrubbed secret reads as in a cassette.
pub const SCRUBBED: &str = "<scrubbed>";

/// One recorded exchange of one operation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cassette {
    /// Where it came from: recorded from the live API (with the date), or built by hand.
    pub provenance: String,
    /// The spec's operationId.
    pub operation: String,
    /// What the client sent.
    pub request: Request,
    /// What the server answered.
    pub response: Response,
}

/// A recorded request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Method, upper case.
    pub method: String,
    /// Path (and query, if any), as sent.
    pub path: String,
    /// Headers that matter (lower-case names); credentials read [`SCRUBBED`].
    pub headers: BTreeMap<String, String>,
    /// The body as text (a form or JSON), if any.
    #[serde(default)]
    pub body: Option<String>,
}

/// A recorded response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers that matter (lower-case names).
    pub headers: BTreeMap<String, String>,
    /// The JSON body, if any.
    #[serde(default)]
    pub body: Option<Value>,
}

/// Every cassette under `root`, by file name.
pub fn load_all(root: &Path) -> Result<Vec<(String, Cassette)>, Error> {
    let dir = root.join(DIR);
    let entries = std::fs::read_dir(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    let mut out = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|source| Error::Io {
                path: dir.clone(),
                source,
            })?
            .path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let cassette: Cassette = serde_json::from_str(&text).map_err(|e| Error::Invalid {
            path: path.clone(),
            message: format!("not a cassette: {e}"),
        })?;
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        out.push((name, cassette));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// What the cassettes show that the spec does not say, one line each (`file: what`).
pub fn check(
    source: &crate::spec::Source,
    cassettes: &[(String, Cassette)],
) -> Result<Vec<String>, Error> {
    let doc = &source.value;
    let ops = crate::spec::raw::operations(doc);
    let mut out = Vec::new();
    for (file, c) in cassettes {
        let mut say = |what: String| out.push(format!("{file}: {what}"));
        let Some(op) = ops.iter().find(|o| o.name == c.operation) else {
            say(format!("operation `{}` is not in the spec", c.operation));
            continue;
        };
        let method = op.pointer.rsplit('/').next().unwrap_or_default();
        if !c.request.method.eq_ignore_ascii_case(method) {
            say(format!(
                "sent as {} but the spec declares {}",
                c.request.method,
                method.to_ascii_uppercase()
            ));
        }
        let responses = op.value.get("responses").and_then(Value::as_object);
        let status = c.response.status.to_string();
        let range = format!("{}XX", &status[..1]);
        let declared = responses.and_then(|r| {
            r.get(&status)
                .or_else(|| r.get(&range))
                .or_else(|| r.get("default"))
        });
        let Some(response) = declared else {
            say(format!(
                "status {status} is not documented for `{}`",
                c.operation
            ));
            continue;
        };
        let response = resolve(doc, response);
        let schema = response
            .get("content")
            .and_then(Value::as_object)
            .and_then(|content| content.iter().find(|(m, _)| crate::spec::http::is_json(m)))
            .and_then(|(_, media)| media.get("schema"));
        match (schema, &c.response.body) {
            (Some(schema), Some(body)) => {
                undeclared(doc, schema, body, String::new(), &mut |at, field, owner| {
                    say(format!(
                        "response field `{field}` at `{at}` is not in {owner} (status {status})"
                    ))
                })
            }
            (None, Some(_)) => say(format!(
                "status {status} has a JSON body but the spec declares none"
            )),
            _ => {}
        }
    }
    Ok(out)
}

/// What a value stands for: itself, or its local `$ref` target.
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    crate::spec::raw::follow(doc, String::new(), v).1
}

/// The name of the component a `$ref` points at, for messages.
fn owner_name(schema: &Value) -> String {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => format!("`{}`", r.rsplit('/').next().unwrap_or(r)),
        None => "the inline schema".into(),
    }
}

/// Every property of `schema` (its own and its `allOf` members'), with each one's schema,
/// and whether other properties are allowed.
fn properties<'a>(doc: &'a Value, schema: &'a Value) -> (BTreeMap<&'a str, &'a Value>, bool) {
    let schema = resolve(doc, schema);
    let mut props = BTreeMap::new();
    let mut open = matches!(
        schema.get("additionalProperties"),
        Some(Value::Bool(true)) | Some(Value::Object(_))
    );
    for (name, s) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        props.insert(name.as_str(), s);
    }
    // allOf members' properties are the schema's; any oneOf/anyOf branch's may appear.
    for key in ["allOf", "oneOf", "anyOf"] {
        for part in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (more, more_open) = properties(doc, part);
            props.extend(more);
            open |= more_open;
        }
    }
    (props, open)
}

/// Reports every field of `value` that `schema` does not declare, descending into the ones
/// it does.
fn undeclared(
    doc: &Value,
    schema: &Value,
    value: &Value,
    at: String,
    report: &mut dyn FnMut(String, &str, String),
) {
    let resolved = resolve(doc, schema);
    match value {
        Value::Object(map) => {
            let (props, open) = properties(doc, schema);
            for (key, child) in map {
                let here = format!("{at}/{}", escape(key));
                match props.get(key.as_str()) {
                    Some(s) => undeclared(doc, s, child, here, report),
                    None if open => {}
                    None => report(here, key, owner_name(schema)),
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = resolved.get("items") {
                for (i, item) in items.iter().enumerate() {
                    undeclared(doc, item_schema, item, format!("{at}/{i}"), report);
                }
            }
        }
        _ => {}
    }
}
