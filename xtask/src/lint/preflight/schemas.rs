//! The preflight rules of what typify 0.8.0 does with a schema: `schema-all-of-cycle` (its
//! `allOf` merge follows references without end, and the stack overflows: an abort no panic
//! guard sees).

use serde_json::Value;

use super::Report;
use crate::lint::RuleId;
use crate::spec::pointer::escape;

/// Every rule of this file over the component schemas of the document (as JSON).
pub(super) fn check(doc: &Value, add: &mut Report<'_>) {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return;
    };
    for name in schemas.keys() {
        let mut path = vec![name.clone()];
        if let Some(at) = cycle(schemas, name, &mut path) {
            add(
                RuleId::SchemaAllOfCycle,
                at,
                format!(
                    "this `allOf` reaches its own schema again ({}): typify 0.8 merges an \
                     `allOf` by following its references, and here it never ends (the \
                     generator's stack overflows); break the loop with a property that \
                     refers to the schema instead of merging it",
                    path.join(" -> ")
                ),
            );
        }
    }
}

/// Where `start`'s merge comes back to `start` (the `$ref` that closes the loop), with the
/// schemas passed on the way in `path`; `None` when it never does.
fn cycle(
    schemas: &serde_json::Map<String, Value>,
    start: &str,
    path: &mut Vec<String>,
) -> Option<String> {
    let current = path.last()?.clone();
    let schema = schemas.get(&current)?;
    let at = format!("/components/schemas/{}", escape(&current));
    for (reference, pointer) in merged_refs(schema, at, path.len() == 1) {
        let Some(target) = reference.strip_prefix("#/components/schemas/") else {
            continue;
        };
        let target = crate::spec::pointer::unescape(target);
        if target == start {
            path.push(target);
            return Some(pointer);
        }
        if path.contains(&target) || path.len() > schemas.len() {
            continue; // a loop that does not pass through `start`: reported at its own
        }
        path.push(target);
        if let Some(found) = cycle(schemas, start, path) {
            return Some(found);
        }
        path.pop();
    }
    None
}

/// The `$ref`s a merge of `schema` follows, with their places: the members of its `allOf`
/// (and, once merging, of the `allOf`, `oneOf` and `anyOf` of what it reaches); the first step
/// must be an `allOf`, `in_all_of` false.
fn merged_refs(schema: &Value, pointer: String, first: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let keys: &[&str] = if first {
        &["allOf"]
    } else {
        &["allOf", "oneOf", "anyOf"]
    };
    for key in keys {
        let Some(members) = schema.get(*key).and_then(Value::as_array) else {
            continue;
        };
        for (i, member) in members.iter().enumerate() {
            let at = format!("{pointer}/{key}/{i}");
            match member.get("$ref").and_then(Value::as_str) {
                Some(r) => out.push((r.to_string(), format!("{at}/$ref"))),
                None => out.extend(merged_refs(member, at, false)),
            }
        }
    }
    out
}
