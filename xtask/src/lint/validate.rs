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
pub fn openapi_errors(document: &Value) -> Vec<(String, String)> {
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
/// `$ref`s into the document (`#/...`) get `base` in front (empty: kept as they are), and
/// keywords JSON Schema does not know (discriminator, readOnly, example, ...) are left for it
/// to ignore.
fn to_json_schema(schema: &Value, base: &str) -> Value {
    let convert = |s: &Value| to_json_schema(s, base);
    match schema {
        Value::Object(map) => {
            let mut out: Map<String, Value> = map
                .iter()
                .filter(|(k, _)| k.as_str() != "nullable")
                .map(|(k, v)| {
                    let v = match (k.as_str(), v) {
                        ("$ref", Value::String(to)) if to.starts_with('#') && !base.is_empty() => {
                            Value::String(format!("{base}{to}"))
                        }
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

/// Where the converted components live for every check: a `$ref` of a checked schema points
/// here, so the components are converted and indexed once, not copied into each check.
const COMPONENTS_URI: &str = "urn:fastly-tokens:components";

/// A document's component schemas as JSON Schemas, converted and indexed once for every
/// check of an example or default against its schema.
pub struct Components(Option<jsonschema::Registry<'static>>);

impl Components {
    /// The component schemas of `document`, converted.
    pub fn of(document: &Value) -> Components {
        let mut schemas = Map::new();
        if let Some(Value::Object(all)) = document.pointer("/components/schemas") {
            for (name, schema) in all {
                schemas.insert(name.clone(), to_json_schema(schema, ""));
            }
        }
        let root = serde_json::json!({ "components": { "schemas": schemas } });
        let resource = jsonschema::Draft::Draft4.create_resource(root);
        // A component set that cannot be indexed (a malformed `$ref`) leaves the checks that
        // need it silent; the `$ref` is another rule's finding.
        let registry = jsonschema::Registry::new()
            .add(COMPONENTS_URI, resource)
            .and_then(|builder| builder.prepare())
            .ok();
        Components(registry)
    }

    /// Why `value` does not fit `schema` (an OpenAPI Schema Object of the document), or
    /// `None` when it fits. `$ref`s resolve against the components; formats are checked.
    pub fn misfit(&self, schema: &Value, value: &Value) -> Option<String> {
        let registry = self.0.as_ref()?;
        let root = to_json_schema(schema, COMPONENTS_URI);
        if !root.is_object() {
            return None;
        }
        let validator = jsonschema::draft4::options()
            .should_validate_formats(true)
            .with_registry(registry)
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
}
