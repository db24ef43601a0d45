//! Names the place in the spec behind a progenitor or typify failure that no lint rule
//! foresaw: retries generation with one part of the document neutralised at a time (a schema
//! made `{}`, an operation removed, a parameter reduced to a plain string), from the
//! components and operations down, and blames the deepest part whose neutralising lets
//! progenitor through.

use serde_json::{Map, Value};

use crate::error::Error;
use crate::spec::Source;
use crate::spec::pointer::escape;

/// `error` with a place when it is a progenitor failure the document can be blamed for;
/// any other error as it was.
pub fn explain(error: Error, source: &Source) -> Error {
    let Error::Generate(message) = &error else {
        return error;
    };
    let Some((pointer, what)) = blame(&source.value) else {
        return error;
    };
    // A panic's message may carry a debug dump of typify's schema: its first line says it.
    let message = match message.split_once('\n') {
        Some((first, _)) => format!("{} …", first.trim_end()),
        None => message.clone(),
    };
    Error::Spec {
        location: source.locate(&pointer),
        message: format!("progenitor 0.15.1 cannot generate this {what}: {message}"),
    }
}

/// One way to take a part out of the document.
enum Change {
    Replace(Value),
    Remove,
}

/// A part of the document: its pointer, what it is, and how to neutralise it.
struct Part {
    pointer: String,
    what: &'static str,
    change: Change,
}

fn fails(doc: &Value) -> bool {
    // Through serde_path_to_error over `&Value`, as `spec::from_value` reads: one instantiation
    // of openapiv3's `Deserialize` in the xtask, not a second for an owned `Value`.
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(doc) {
        Ok(spec) => crate::generate::progenitor::progenitor_accepts(&spec).is_err(),
        Err(_) => true,
    }
}

fn without(doc: &Value, part: &Part) -> Value {
    let mut out = doc.clone();
    let (parent, last) = part.pointer.rsplit_once('/').unwrap_or(("", &part.pointer));
    let last = crate::spec::pointer::unescape(last);
    match (&part.change, out.pointer_mut(parent)) {
        (Change::Replace(v), Some(Value::Object(map))) => {
            map.insert(last, v.clone());
        }
        (Change::Replace(v), Some(Value::Array(items))) => {
            if let Some(slot) = last.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                *slot = v.clone();
            }
        }
        (Change::Remove, Some(Value::Object(map))) => {
            map.remove(&last);
        }
        _ => {}
    }
    out
}

/// The deepest part whose neutralising makes progenitor succeed, with what it is; `None`
/// when the document as a whole fails, or when no single part explains the failure.
pub(crate) fn blame(doc: &Value) -> Option<(String, &'static str)> {
    if !fails(doc) {
        return None;
    }
    let mut found = None;
    let mut candidates = top(doc);
    while let Some(part) = candidates.into_iter().find(|p| !fails(&without(doc, p))) {
        candidates = children(doc, &part);
        // Blamed where it is defined: a `$ref`'s target is where the fix goes.
        found = Some((target(doc, &part.pointer), part.what));
    }
    found
}

fn schema(pointer: String) -> Part {
    Part {
        pointer,
        what: "schema",
        change: Change::Replace(Value::Object(Map::new())),
    }
}

/// A parameter reduced to a plain string of the same name and place.
fn plain_parameter(pointer: String, param: &Value) -> Part {
    let plain = serde_json::json!({
        "name": param.get("name").cloned().unwrap_or(Value::Null),
        "in": param.get("in").cloned().unwrap_or(Value::Null),
        "required": param.get("required").cloned().unwrap_or(Value::Bool(false)),
        "schema": { "type": "string" },
    });
    Part {
        pointer,
        what: "parameter",
        change: Change::Replace(plain),
    }
}

/// Components first (the more specific blame: one may serve several operations), then
/// operations.
fn top(doc: &Value) -> Vec<Part> {
    let components = |kind: &'static str| -> Vec<(String, &Value)> {
        doc.pointer(&format!("/components/{kind}"))
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(n, v)| (format!("/components/{kind}/{}", escape(n)), v))
            .collect()
    };
    let mut out: Vec<Part> = components("schemas")
        .into_iter()
        .map(|(at, _)| schema(at))
        .collect();
    out.extend(
        components("parameters")
            .into_iter()
            .map(|(at, v)| plain_parameter(at, v)),
    );
    out.extend(components("responses").into_iter().map(|(at, _)| Part {
        pointer: at,
        what: "response",
        change: Change::Replace(serde_json::json!({ "description": "-" })),
    }));
    out.extend(
        crate::spec::raw::operations(doc)
            .into_iter()
            .map(|op| Part {
                pointer: op.pointer,
                what: "operation",
                change: Change::Remove,
            }),
    );
    out
}

/// The local target of a `$ref` at `pointer`, or `pointer` itself.
fn target(doc: &Value, pointer: &str) -> String {
    match doc
        .pointer(pointer)
        .and_then(|v| v.get("$ref"))
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(p) => p.to_string(),
        None => pointer.to_string(),
    }
}

fn children(doc: &Value, part: &Part) -> Vec<Part> {
    let at = target(doc, &part.pointer);
    let node = doc.pointer(&at).unwrap_or(&Value::Null);
    let mut out = Vec::new();
    match part.what {
        "operation" => {
            let op = crate::spec::raw::operations(doc)
                .into_iter()
                .find(|o| o.pointer == part.pointer);
            for p in op.into_iter().flat_map(|o| o.params) {
                out.push(plain_parameter(p.listed, p.value));
            }
            if node.get("requestBody").is_some() {
                out.push(Part {
                    pointer: format!("{at}/requestBody"),
                    what: "request body",
                    change: Change::Remove,
                });
            }
            for code in node
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(Map::keys)
            {
                out.push(Part {
                    pointer: format!("{at}/responses/{}", escape(code)),
                    what: "response",
                    change: Change::Replace(serde_json::json!({ "description": "-" })),
                });
            }
        }
        "parameter" => {
            if node.get("schema").is_some() {
                out.push(schema(format!("{at}/schema")));
            }
        }
        "request body" | "response" => {
            for media in node
                .get("content")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(Map::keys)
            {
                out.push(schema(format!("{at}/content/{}/schema", escape(media))));
            }
        }
        _ => {
            for (key, child) in node.as_object().into_iter().flatten() {
                match (key.as_str(), child) {
                    ("properties", Value::Object(props)) => out.extend(
                        props
                            .keys()
                            .map(|n| schema(format!("{at}/properties/{}", escape(n)))),
                    ),
                    ("items" | "not", _) | ("additionalProperties", Value::Object(_)) => {
                        out.push(schema(format!("{at}/{key}")))
                    }
                    ("allOf" | "anyOf" | "oneOf", Value::Array(parts)) => {
                        out.extend((0..parts.len()).map(|i| schema(format!("{at}/{key}/{i}"))))
                    }
                    _ => {}
                }
            }
        }
    }
    out
}
