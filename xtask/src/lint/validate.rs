//! JSON Schema checks of the spec: the document against the official OpenAPI 3.0 schema (rule
//! `oas-schema`), and each example and default against the schema it illustrates.

use std::sync::OnceLock;

use jsonschema::error::ValidationErrorKind;
use jsonschema::{ValidationError, Validator};
use serde_json::{Map, Value};

/// The official OpenAPI 3.0 JSON Schema (draft-04, id
/// `https://spec.openapis.org/oas/3.0/schema/2021-09-28`), from OAI/OpenAPI-Specification
/// `schemas/v3.0/schema.json` at d4fdc6cae9043dfc1abcad3c1a55282c49b3a7eb.
const OPENAPI_3_0: &str = include_str!("../../openapi-3.0-schema.json");

fn openapi_validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let schema: Value = serde_json::from_str(OPENAPI_3_0).expect("the vendored schema is JSON");
        jsonschema::draft4::new(&schema).expect("the vendored schema compiles")
    })
}

/// Every place where `document` breaks the OpenAPI 3.0 schema: (JSON pointer, message).
///
/// Where the schema offers alternatives (`oneOf`: a `$ref` or the object itself), the
/// alternative that is not the bare `$ref` and got furthest into the document speaks, so the
/// message names the field at fault rather than "not valid under any of the schemas".
pub(crate) fn openapi_errors(document: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for error in openapi_validator().iter_errors(document) {
        deepest(&error, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

fn deepest(error: &ValidationError<'_>, out: &mut Vec<(String, String)>) {
    let branches = match error.kind() {
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            context
        }
        _ => {
            out.push((
                error.instance_path().to_string(),
                error.masked().to_string(),
            ));
            return;
        }
    };
    // A branch that only asks for `$ref` is the "or a reference" alternative: beside the
    // object the author wrote, it explains nothing.
    let wants_ref = |errors: &Vec<ValidationError<'static>>| {
        errors.iter().any(|e| {
            matches!(e.kind(), ValidationErrorKind::Required { property } if property == "$ref")
        })
    };
    let rank = |errors: &Vec<ValidationError<'static>>| {
        let depth = errors
            .iter()
            .map(|e| e.instance_path().to_string().matches('/').count())
            .max()
            .unwrap_or(0);
        (!wants_ref(errors), depth)
    };
    let live: Vec<&Vec<ValidationError<'static>>> =
        branches.iter().filter(|b| !b.is_empty()).collect();
    let Some(top) = live.iter().map(|b| rank(b)).max() else {
        out.push((
            error.instance_path().to_string(),
            error.masked().to_string(),
        ));
        return;
    };
    let tied: Vec<&Vec<ValidationError<'static>>> =
        live.into_iter().filter(|b| rank(b) == top).collect();
    // Alternatives that all fail at one place (`in` is not "path", nor "query", ...) tell the
    // author nothing apart; the one failing somewhere else is the one the author meant
    // (`in: path` with `required: false`).
    let places = |b: &Vec<ValidationError<'static>>| -> Vec<String> {
        b.iter().map(|e| e.instance_path().to_string()).collect()
    };
    let shared = |b: &Vec<ValidationError<'static>>| {
        places(b)
            .iter()
            .filter(|p| tied.iter().filter(|o| places(o).contains(p)).count() > 1)
            .count()
    };
    let fewest = tied.iter().map(|b| shared(b)).min().unwrap_or(0);
    let meant: Vec<_> = tied.iter().filter(|b| shared(b) == fewest).collect();
    if let [one] = meant.as_slice() {
        for e in one.iter() {
            deepest(e, out);
        }
        return;
    }
    // No alternative stands out: one finding naming what each one wanted.
    let mut wanted: Vec<String> = meant
        .iter()
        .flat_map(|b| b.iter().map(|e| e.masked().to_string()))
        .collect();
    wanted.dedup();
    let place = meant.first().and_then(|b| b.first()).map_or_else(
        || error.instance_path().to_string(),
        |e| e.instance_path().to_string(),
    );
    out.push((
        place,
        format!("fits none of the alternatives: {}", wanted.join("; or ")),
    ));
}

/// An OpenAPI 3.0 Schema Object as a draft-04 JSON Schema: `nullable: true` admits `null`,
/// `$ref`s are kept as they are, and keywords JSON Schema does not know (discriminator,
/// readOnly, example, ...) are left for it to ignore.
fn to_json_schema(schema: &Value) -> Value {
    let convert = to_json_schema;
    match schema {
        Value::Object(map) => {
            let mut out: Map<String, Value> = map
                .iter()
                .filter(|(k, _)| k.as_str() != "nullable")
                .map(|(k, v)| {
                    let v = match (k.as_str(), v) {
                        ("properties" | "patternProperties", Value::Object(props)) => {
                            Value::Object(
                                props.iter().map(|(n, s)| (n.clone(), convert(s))).collect(),
                            )
                        }
                        ("items" | "additionalProperties" | "not", v) => convert(v),
                        ("allOf" | "anyOf" | "oneOf", Value::Array(parts)) => {
                            Value::Array(parts.iter().map(convert).collect())
                        }
                        (_, v) => v.clone(),
                    };
                    (k.clone(), v)
                })
                .collect();
            if map.get("nullable") == Some(&Value::Bool(true)) && !map.contains_key("$ref") {
                if let Some(Value::Array(values)) = out.get_mut("enum") {
                    values.push(Value::Null);
                }
                return serde_json::json!({ "anyOf": [{ "type": "null" }, Value::Object(out)] });
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// A document's component schemas as JSON Schemas, converted once for every check of an
/// example or default against its schema.
pub(crate) struct Components(Value);

/// How many `$ref`s in a row a check follows without going a level deeper into the value
/// (`a: {allOf: [$ref: b]}`, `b: {allOf: [$ref: a]}` would otherwise never end).
const HOPS: usize = 16;

impl Components {
    /// The component schemas of `document`, converted.
    pub(crate) fn of(document: &Value) -> Components {
        let mut schemas = Map::new();
        if let Some(Value::Object(all)) = document.pointer("/components/schemas") {
            for (name, schema) in all {
                schemas.insert(name.clone(), to_json_schema(schema));
            }
        }
        Components(serde_json::json!({ "components": { "schemas": schemas } }))
    }

    /// Why `value` does not fit `schema` (an OpenAPI Schema Object of the document), or
    /// `None` when it fits. `$ref`s resolve against the components; formats are checked.
    ///
    /// The schema is unrolled only as deep as `value` goes: each `$ref` is replaced by its
    /// target down to the value's depth, and below that nothing is asked. A check costs what
    /// the example holds, not the whole graph of schemas its `$ref`s reach (a cycle through
    /// every component made each check compile all of them).
    pub(crate) fn misfit(&self, schema: &Value, value: &Value) -> Option<String> {
        let root = self.unroll(&to_json_schema(schema), depth(value), HOPS);
        if !root.is_object() {
            return None;
        }
        let validator = jsonschema::draft4::options()
            .should_validate_formats(true)
            .build(&root);
        // A schema that cannot be built (a dangling `$ref`) is the finding of another rule.
        let validator = validator.ok()?;
        let mut errors = Vec::new();
        for error in validator.iter_errors(value) {
            deepest(&error, &mut errors);
        }
        let (path, message) = errors.into_iter().next()?;
        Some(if path.is_empty() {
            message
        } else {
            format!("at {path}: {message}")
        })
    }

    /// `schema` with each `$ref` into the document replaced by its (converted) target, for a
    /// value `depth` levels deep; where the value cannot reach, `{}`. A `$ref` that points
    /// nowhere stays, so the check is not built.
    fn unroll(&self, schema: &Value, depth: usize, hops: usize) -> Value {
        let Value::Object(map) = schema else {
            return schema.clone();
        };
        if let Some(Value::String(to)) = map.get("$ref") {
            let target = to.strip_prefix('#').and_then(|p| self.0.pointer(p));
            return match target {
                _ if hops == 0 => Value::Object(Map::new()),
                Some(target) => self.unroll(target, depth, hops - 1),
                None => schema.clone(),
            };
        }
        let deeper = |s: &Value| match depth {
            0 => Value::Object(Map::new()),
            _ => self.unroll(s, depth - 1, HOPS),
        };
        let out = map
            .iter()
            .map(|(k, v)| {
                let v = match (k.as_str(), v) {
                    ("properties" | "patternProperties", Value::Object(props)) => {
                        Value::Object(props.iter().map(|(n, s)| (n.clone(), deeper(s))).collect())
                    }
                    ("items" | "additionalProperties", s) => deeper(s),
                    ("allOf" | "anyOf" | "oneOf", Value::Array(parts)) => {
                        Value::Array(parts.iter().map(|s| self.unroll(s, depth, hops)).collect())
                    }
                    ("not", s) => self.unroll(s, depth, hops),
                    (_, v) => v.clone(),
                };
                (k.clone(), v)
            })
            .collect();
        Value::Object(out)
    }
}

/// How many levels of objects and arrays `value` nests (a scalar: 0).
fn depth(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}
