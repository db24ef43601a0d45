//! The preflight rules of what typify 0.8.0 does with a schema, over every schema of the
//! document (components, parameters, bodies, responses, headers, and every schema inside
//! them): `schema-all-of-cycle` (its `allOf` merge follows references without end, and the
//! stack overflows: an abort no panic guard sees), `schema-type-missing`, `schema-not`,
//! `schema-one-of-and-any-of`, `enum-variant-collision` and `property-name-collision`; and
//! the warning `pattern-unchecked`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Report;
use crate::generate::names;
use crate::lint::RuleId;
use crate::spec::pointer::escape;

/// Every rule of this file over the document (as JSON).
pub(super) fn check(doc: &Value, add: &mut Report<'_>) {
    cycles(doc, add);
    // Each distinct pattern compiled once: documents repeat theirs in many schemas.
    let mut compiled = std::collections::HashMap::new();
    every_schema(doc, &mut |schema, pointer| {
        type_missing(schema, pointer, add);
        default_range(schema, pointer, add);
        not(schema, pointer, add);
        one_of_and_any_of(schema, pointer, add);
        enum_variants(schema, pointer, add);
        property_names(schema, pointer, add);
        pattern(schema, pointer, &mut compiled, add);
    });
}

/// Calls `f` on every schema of the document with its pointer: the components' schemas, the
/// `schema` of every parameter, media type and header, and every schema inside those.
fn every_schema(doc: &Value, f: &mut dyn FnMut(&Value, &str)) {
    fn inside(schema: &Value, pointer: &str, f: &mut dyn FnMut(&Value, &str)) {
        if !schema.is_object() || schema.get("$ref").is_some() {
            return;
        }
        f(schema, pointer);
        for key in ["items", "not", "additionalProperties"] {
            if let Some(child) = schema.get(key) {
                inside(child, &format!("{pointer}/{key}"), f);
            }
        }
        for key in ["properties"] {
            for (name, child) in schema
                .get(key)
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                inside(child, &format!("{pointer}/{key}/{}", escape(name)), f);
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for (i, child) in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                inside(child, &format!("{pointer}/{key}/{i}"), f);
            }
        }
    }
    // Every `schema` outside schemas: under parameters, media types and headers.
    fn holders(node: &Value, pointer: &str, f: &mut dyn FnMut(&Value, &str)) {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    let at = format!("{pointer}/{}", escape(key));
                    match key.as_str() {
                        "schema" => inside(child, &at, f),
                        // Examples are values, not descriptions; extensions are not OpenAPI's.
                        "example" | "examples" | "default" => {}
                        k if k.starts_with("x-") => {}
                        _ => holders(child, &at, f),
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    holders(child, &format!("{pointer}/{i}"), f);
                }
            }
            _ => {}
        }
    }
    if let Some(paths) = doc.get("paths") {
        holders(paths, "/paths", f);
    }
    for kind in ["parameters", "requestBodies", "responses", "headers"] {
        if let Some(node) = doc.pointer(&format!("/components/{kind}")) {
            holders(node, &format!("/components/{kind}"), f);
        }
    }
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for (name, schema) in schemas.into_iter().flatten() {
        inside(schema, &format!("/components/schemas/{}", escape(name)), f);
    }
}

/// `schema-type-missing`: a schema with `format` or numeric bounds but no `type` (typify:
/// "not yet implemented: invalid (or unexpected) schema"; nullable, progenitor reads it as a
/// list of anything, or as nothing), and `format` on a boolean, object or array.
fn type_missing(schema: &Value, pointer: &str, add: &mut Report<'_>) {
    const TYPED_BY: [&str; 6] = [
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    ];
    let shaped = [
        "properties",
        "additionalProperties",
        "items",
        "enum",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
    ]
    .iter()
    .any(|k| schema.get(*k).is_some());
    // Nullable and untyped, progenitor reads a string's keywords as a list's, too.
    let nullable = schema.get("nullable") == Some(&Value::Bool(true));
    let string_keys: &[&str] = if nullable {
        &["minLength", "maxLength", "pattern"]
    } else {
        &[]
    };
    match schema.get("type").and_then(Value::as_str) {
        None if !shaped => {
            let key = (TYPED_BY.iter().chain(string_keys)).find(|k| schema.get(**k).is_some());
            if let Some(key) = key {
                add(
                    RuleId::SchemaTypeMissing,
                    format!("{pointer}/{key}"),
                    format!(
                        "a schema with `{key}` needs a `type`: typify 0.8 panics on it (\"invalid \
                         (or unexpected) schema\"), or, nullable, progenitor makes it a list or \
                         nothing"
                    ),
                );
            }
        }
        Some(kind @ ("boolean" | "object" | "array")) if schema.get("format").is_some() => add(
            RuleId::SchemaTypeMissing,
            format!("{pointer}/format"),
            format!(
                "typify 0.8 panics on a `format` of a {kind} (\"invalid (or unexpected) \
                 schema\"); take the `format` off"
            ),
        ),
        _ => {}
    }
}

/// `default-out-of-range`: typify 0.8 refuses an integer's `default` outside the Rust type its
/// `format` gives ("value does not conform to the given schema").
fn default_range(schema: &Value, pointer: &str, add: &mut Report<'_>) {
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    let Some(default) = schema.get("default").and_then(Value::as_number) else {
        return;
    };
    let range: (i128, i128) = match schema.get("format").and_then(Value::as_str) {
        Some("int8") => (i8::MIN.into(), i8::MAX.into()),
        Some("int16") => (i16::MIN.into(), i16::MAX.into()),
        Some("int32") => (i32::MIN.into(), i32::MAX.into()),
        Some("int64") => (i64::MIN.into(), i64::MAX.into()),
        Some("uint8") => (0, u8::MAX.into()),
        Some("uint16") => (0, u16::MAX.into()),
        Some("uint32") => (0, u32::MAX.into()),
        Some("uint64") => (0, u64::MAX.into()),
        _ => return,
    };
    let value = default
        .as_i64()
        .map(i128::from)
        .or_else(|| default.as_u64().map(i128::from));
    let fits = value.is_some_and(|v| (range.0..=range.1).contains(&v));
    if !fits {
        add(
            RuleId::DefaultOutOfRange,
            format!("{pointer}/default"),
            format!(
                "the default {default} is not an integer of the schema's `format` ({} to {}): \
                 typify 0.8 refuses it (\"value does not conform to the given schema\")",
                range.0, range.1
            ),
        );
    }
}

/// `schema-not`: typify 0.8 takes `not` only as an `enum` of values of one JSON type (other
/// values are excluded from a string, say); any other `not` panics ("unhandled not schema",
/// "multiple implied types"), and so does a `not` of a composition inside an `allOf`.
fn not(schema: &Value, pointer: &str, add: &mut Report<'_>) {
    let Some(not) = schema.get("not") else {
        return;
    };
    let values = not.get("enum").and_then(Value::as_array);
    let one_kind = values.is_some_and(|values| {
        let kinds: std::collections::BTreeSet<&str> = values.iter().map(json_kind).collect();
        kinds.len() == 1 && matches!(kinds.first(), Some(&("string" | "number" | "boolean")))
    });
    let only_enum = not.as_object().is_some_and(|m| {
        m.keys()
            .all(|k| k == "enum" || k == "description" || k == "title")
    });
    if !(one_kind && only_enum) {
        add(
            RuleId::SchemaNot,
            format!("{pointer}/not"),
            "typify 0.8 takes `not` only as an `enum` of strings, numbers or booleans; it \
             panics on any other (\"unhandled not schema\"); describe what is allowed instead"
                .into(),
        );
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `schema-one-of-and-any-of`: typify 0.8 asserts a schema has one of them at most.
fn one_of_and_any_of(schema: &Value, pointer: &str, add: &mut Report<'_>) {
    if schema.get("oneOf").is_some() && schema.get("anyOf").is_some() {
        add(
            RuleId::SchemaOneOfAndAnyOf,
            format!("{pointer}/anyOf"),
            "typify 0.8 panics on a schema with both `oneOf` and `anyOf` (an assertion); \
             wrap one of them in an `allOf` member"
                .into(),
        );
    }
}

/// `enum-variant-collision`: two string values typify names alike ([`names::variants`]: `ASC`
/// and `asc`, `a-b` and `a_b`): it panics ("Failed to make unique variant names"); and an
/// untyped enum of values of several JSON types ("multiple implied types").
fn enum_variants(schema: &Value, pointer: &str, add: &mut Report<'_>) {
    let Some(values) = schema.get("enum").and_then(Value::as_array) else {
        return;
    };
    let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
    let unique = |names: Vec<String>| {
        let mut seen = std::collections::BTreeSet::new();
        names.into_iter().all(|n| seen.insert(n))
    };
    let first = strings.iter().map(|v| names::variants(v).0).collect();
    let fallback = strings.iter().map(|v| names::variants(v).1).collect();
    if !strings.is_empty() && !unique(first) && !unique(fallback) {
        add(
            RuleId::EnumVariantCollision,
            format!("{pointer}/enum"),
            format!(
                "typify 0.8 gives two of these values one Rust variant and panics (\"Failed to \
                 make unique variant names\"): {}; the API's values cannot change, so describe \
                 the field as a plain string",
                strings.join(", ")
            ),
        );
    }
    if schema.get("type").is_none() {
        let kinds: std::collections::BTreeSet<&str> = values
            .iter()
            .map(json_kind)
            .filter(|k| *k != "null")
            .collect();
        if kinds.len() > 1 {
            add(
                RuleId::EnumVariantCollision,
                format!("{pointer}/enum"),
                format!(
                    "an enum without a `type` whose values are of several kinds ({}): typify \
                     0.8 panics (\"multiple implied types\"); give it a `type`",
                    kinds.into_iter().collect::<Vec<_>>().join(", ")
                ),
            );
        }
    }
}

/// `property-name-collision`: two properties of one object that typify names one field
/// (`fooBar` and `foo_bar`): the struct does not compile.
fn property_names(schema: &Value, pointer: &str, add: &mut Report<'_>) {
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for name in props.keys() {
        let field = names::field(name);
        if let Some(first) = seen.insert(field.clone(), name) {
            add(
                RuleId::PropertyNameCollision,
                format!("{pointer}/properties/{}", escape(name)),
                format!(
                    "the properties `{first}` and `{name}` both become the field `{field}`: the \
                     struct would not compile"
                ),
            );
        }
    }
}

/// `pattern-unchecked` (a warning): a `pattern` the client's regex engine cannot compile
/// (a backreference, a look-around) is not checked before sending; the server still is.
fn pattern(
    schema: &Value,
    pointer: &str,
    compiled: &mut std::collections::HashMap<String, Result<(), String>>,
    add: &mut Report<'_>,
) {
    let Some(pattern) = schema.get("pattern").and_then(Value::as_str) else {
        return;
    };
    let verdict = compiled
        .entry(pattern.to_string())
        .or_insert_with(|| crate::generate::operations::checks::compiles(pattern));
    if let Err(why) = verdict {
        add(
            RuleId::PatternUnchecked,
            format!("{pointer}/pattern"),
            format!(
                "the client cannot check this pattern before sending ({why}); the server \
                 will: write it without backreferences or look-around to have it checked"
            ),
        );
    }
}

/// `schema-all-of-cycle` over the component schemas.
fn cycles(doc: &Value, add: &mut Report<'_>) {
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
