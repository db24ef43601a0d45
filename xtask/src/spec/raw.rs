//! The raw view of the spec the review rules need: the document as parsed (before openapiv3
//! reads it), so `$ref` siblings, examples and extensions stay visible; its operations with
//! their pointers, and `$ref`s followed by hand.

use serde_json::Value;

use crate::spec::pointer::escape;

/// The HTTP methods a path item may hold, lower case, in OpenAPI's order: the one list.
pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of the raw document.
pub(crate) struct RawOp<'a> {
    /// `/paths/<path>/<method>`.
    pub pointer: String,
    /// The path template.
    pub path: &'a str,
    /// The operationId, or the pointer when there is none.
    pub name: String,
    /// The operation object.
    pub value: &'a Value,
    /// The path item's parameters then the operation's.
    pub params: Vec<RawParam<'a>>,
}

/// One parameter of an operation in the raw document.
pub(crate) struct RawParam<'a> {
    /// Where it is listed (`.../parameters/<i>` of the path item or the operation).
    pub listed: String,
    /// Where it is defined (the `$ref` target, or `listed`).
    pub defined: String,
    /// Whether the operation lists it (rather than its path item).
    pub operation_level: bool,
    /// The parameter object (a `$ref` followed).
    pub value: &'a Value,
}

/// Every operation of the raw document, in document order.
pub(crate) fn operations(doc: &Value) -> Vec<RawOp<'_>> {
    let mut out = Vec::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let item_at = format!("/paths/{}", escape(path));
        for method in METHODS {
            let Some(value) = item.get(method) else {
                continue;
            };
            let pointer = format!("{item_at}/{method}");
            let mut params = Vec::new();
            for (operation_level, owner, at) in [(false, item, &item_at), (true, value, &pointer)] {
                for (i, p) in owner
                    .get("parameters")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    let listed = format!("{at}/parameters/{i}");
                    let (defined, value) = follow(doc, listed.clone(), p);
                    params.push(RawParam {
                        listed,
                        defined,
                        operation_level,
                        value,
                    });
                }
            }
            let name = value
                .get("operationId")
                .and_then(Value::as_str)
                .filter(|s| !s.trim().is_empty())
                .map_or(pointer.clone(), str::to_string);
            out.push(RawOp {
                pointer,
                path,
                name,
                value,
                params,
            });
        }
    }
    out
}

/// The object a value stands for: itself, or the local `$ref` target (followed a few levels),
/// with the pointer of where it is defined.
pub(crate) fn follow<'a>(doc: &'a Value, mut at: String, mut v: &'a Value) -> (String, &'a Value) {
    for _ in 0..8 {
        let Some(target) = v.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(next) = target.strip_prefix('#').and_then(|p| doc.pointer(p)) else {
            break;
        };
        at = target[1..].to_string();
        v = next;
    }
    (at, v)
}
