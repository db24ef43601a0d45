//! The review rules over schemas: types, enums, required properties, arrays, examples and
//! defaults against their schemas.

use serde_json::{Map, Value};

use super::{Add, text};
use crate::lint::{RuleId, validate};
use crate::spec::pointer::escape;
use crate::spec::raw::follow;

/// Every Schema Object of the document with its pointer: component schemas, the `schema` of
/// parameters, media types and headers, and every schema nested in those.
pub(crate) fn schemas(doc: &Value) -> Vec<(String, &Map<String, Value>)> {
    fn in_schema<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a Map<String, Value>)>) {
        let Value::Object(map) = v else { return };
        out.push((at.clone(), map));
        for (k, child) in map {
            match (k.as_str(), child) {
                ("properties", Value::Object(props)) => {
                    for (name, s) in props {
                        in_schema(s, format!("{at}/properties/{}", escape(name)), out);
                    }
                }
                ("items" | "additionalProperties" | "not", _) => {
                    in_schema(child, format!("{at}/{k}"), out)
                }
                ("allOf" | "anyOf" | "oneOf", Value::Array(parts)) => {
                    for (i, s) in parts.iter().enumerate() {
                        in_schema(s, format!("{at}/{k}/{i}"), out);
                    }
                }
                _ => {}
            }
        }
    }
    fn elsewhere<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a Map<String, Value>)>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let here = format!("{at}/{}", escape(k));
                    if k.starts_with("x-") || k == "example" || k == "examples" {
                        continue;
                    }
                    if k == "schema" {
                        in_schema(child, here, out);
                    } else if at == "/components" && k == "schemas" {
                        for (name, s) in child.as_object().into_iter().flatten() {
                            in_schema(s, format!("{here}/{}", escape(name)), out);
                        }
                    } else {
                        elsewhere(child, here, out);
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    elsewhere(child, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    elsewhere(doc, String::new(), &mut out);
    out
}

/// Whether `value` is of OpenAPI type `ty`.
pub(super) fn of_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

pub(super) fn schema_rules(
    doc: &Value,
    components: &validate::Components,
    at: &str,
    s: &Map<String, Value>,
    add: &mut Add<'_>,
) {
    let ty = s.get("type").and_then(Value::as_str);
    let nullable = s.get("nullable") == Some(&Value::Bool(true));
    enum_values(at, s, ty, nullable, add);
    keywords_for_the_type(at, s, ty, nullable, add);
    required_properties(at, s, add);
    property_descriptions(doc, at, s, add);
    example_and_default(components, at, s, add);
}

/// `enum-type-mismatch` and `enum-duplicate`.
fn enum_values(
    at: &str,
    s: &Map<String, Value>,
    ty: Option<&str>,
    nullable: bool,
    add: &mut Add<'_>,
) {
    if let Some(values) = s.get("enum").and_then(Value::as_array) {
        for (i, value) in values.iter().enumerate() {
            let fits = match (ty, value) {
                (_, Value::Null) => nullable,
                (Some(ty), v) => of_type(v, ty),
                (None, _) => true,
            };
            if !fits {
                add(
                    RuleId::EnumTypeMismatch,
                    format!("{at}/enum/{i}"),
                    format!(
                        "enum value {value} is not of the schema's type `{}`",
                        ty.unwrap_or("null")
                    ),
                );
            }
            if values[..i].contains(value) {
                add(
                    RuleId::EnumDuplicate,
                    format!("{at}/enum/{i}"),
                    format!("enum value {value} is listed twice"),
                );
            }
        }
    }
}

/// `array-items-missing`, `nullable-without-type` and `schema-type-mismatch`: keywords that
/// the schema's type needs, or ignores.
fn keywords_for_the_type(
    at: &str,
    s: &Map<String, Value>,
    ty: Option<&str>,
    nullable: bool,
    add: &mut Add<'_>,
) {
    if ty == Some("array") && !s.contains_key("items") {
        add(
            RuleId::ArrayItemsMissing,
            at.to_string(),
            "an array schema needs `items` (OpenAPI 3.0 requires it)".into(),
        );
    }
    if nullable && ty.is_none() && !s.contains_key("$ref") {
        add(
            RuleId::NullableWithoutType,
            format!("{at}/nullable"),
            "`nullable` has no effect without a `type` beside it".into(),
        );
    }
    if ty == Some("object") && s.contains_key("items") {
        add(
            RuleId::SchemaTypeMismatch,
            format!("{at}/items"),
            "an object schema with `items`: the keyword is ignored".into(),
        );
    }
    if ty == Some("array") && s.contains_key("properties") {
        add(
            RuleId::SchemaTypeMismatch,
            format!("{at}/properties"),
            "an array schema with `properties`: the keyword is ignored".into(),
        );
    }
}

/// `required-property-undefined` (not for composed schemas, whose parts may define them).
fn required_properties(at: &str, s: &Map<String, Value>, add: &mut Add<'_>) {
    let composed = ["allOf", "anyOf", "oneOf"]
        .iter()
        .any(|k| s.contains_key(*k));
    if !composed && let Some(required) = s.get("required").and_then(Value::as_array) {
        let props = s.get("properties").and_then(Value::as_object);
        for (i, name) in required.iter().enumerate() {
            let Some(name) = name.as_str() else { continue };
            if props.is_none_or(|p| !p.contains_key(name)) {
                add(
                    RuleId::RequiredPropertyUndefined,
                    format!("{at}/required/{i}"),
                    format!("required property `{name}` is not among the properties"),
                );
            }
        }
    }
}

/// `property-description-missing`, for component schemas.
fn property_descriptions(doc: &Value, at: &str, s: &Map<String, Value>, add: &mut Add<'_>) {
    if at.starts_with("/components/schemas/")
        && let Some(props) = s.get("properties").and_then(Value::as_object)
    {
        for (name, prop) in props {
            let (_, target) = follow(doc, String::new(), prop);
            if text(target, "description").is_none() {
                add(
                    RuleId::PropertyDescriptionMissing,
                    format!("{at}/properties/{}", escape(name)),
                    format!("property `{name}` has no description"),
                );
            }
        }
    }
}

/// `example-invalid` and `default-invalid`: each against the schema it sits in.
fn example_and_default(
    components: &validate::Components,
    at: &str,
    s: &Map<String, Value>,
    add: &mut Add<'_>,
) {
    let whole = Value::Object(s.clone());
    for (key, rule) in [
        ("example", RuleId::ExampleInvalid),
        ("default", RuleId::DefaultInvalid),
    ] {
        if let Some(value) = s.get(key)
            && let Some(why) = components.misfit(&whole, value)
        {
            add(
                rule,
                format!("{at}/{key}"),
                format!("the {key} does not fit its schema: {why}"),
            );
        }
    }
}

/// Examples of parameters, media types and headers (`example`, `examples/*/value`) against
/// their `schema`, and Example Objects with both `value` and `externalValue`.
pub(super) fn examples(doc: &Value, components: &validate::Components, add: &mut Add<'_>) {
    fn walk(
        doc: &Value,
        components: &validate::Components,
        v: &Value,
        at: String,
        add: &mut Add<'_>,
    ) {
        match v {
            Value::Object(map) => {
                let schema = map.get("schema");
                if let (Some(schema), Some(example)) = (schema, map.get("example"))
                    && let Some(why) = components.misfit(schema, example)
                {
                    add(
                        RuleId::ExampleInvalid,
                        format!("{at}/example"),
                        format!("the example does not fit the schema: {why}"),
                    );
                }
                if let Some(Value::Object(examples)) = map.get("examples")
                    && !at.ends_with("/properties")
                {
                    for (name, ex) in examples {
                        let (ex_at, ex) =
                            follow(doc, format!("{at}/examples/{}", escape(name)), ex);
                        check_example_object(ex, &ex_at, add);
                        if let (Some(schema), Some(value)) = (schema, ex.get("value"))
                            && let Some(why) = components.misfit(schema, value)
                        {
                            add(
                                RuleId::ExampleInvalid,
                                format!("{ex_at}/value"),
                                format!("example `{name}` does not fit the schema: {why}"),
                            );
                        }
                    }
                }
                for (k, child) in map {
                    if k == "schema" || k == "example" || k == "examples" || k.starts_with("x-") {
                        continue;
                    }
                    if at == "/components" && k == "examples" {
                        continue;
                    }
                    walk(doc, components, child, format!("{at}/{}", escape(k)), add);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(doc, components, child, format!("{at}/{i}"), add);
                }
            }
            _ => {}
        }
    }
    for (name, ex) in doc
        .pointer("/components/examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        check_example_object(ex, &format!("/components/examples/{}", escape(name)), add);
    }
    walk(doc, components, doc, String::new(), add);
}

pub(super) fn check_example_object(ex: &Value, at: &str, add: &mut Add<'_>) {
    if ex.get("value").is_some() && ex.get("externalValue").is_some() {
        add(
            RuleId::ExampleValueAndExternal,
            at.to_string(),
            "an example has both `value` and `externalValue`; give one".into(),
        );
    }
}
