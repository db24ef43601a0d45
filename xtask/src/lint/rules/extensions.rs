//! The lint rules over the spec's generator extensions besides `x-retry`: `x-pages` (read by
//! `spec/pages.rs`), `x-sudo` (read by the CLI's generator), `x-empty-means-null` (read by
//! `generate/timestamps.rs`) and `x-same-as` (read by `generate/same_as.rs`).

use serde_json::{Map, Value};

use crate::lint::RuleId;
use crate::lint::rules::Add;
use crate::spec::pointer::escape;
use crate::spec::raw::RawOp;

/// The lint rule `pages-extension-invalid`: the operation's `x-pages` has the shape
/// `spec/pages.rs` reads.
pub(crate) fn pages(doc: &Value, op: &RawOp<'_>, add: &mut Add<'_>) {
    for (at, message) in crate::spec::pages::problems(doc, op) {
        add(RuleId::PagesExtensionInvalid, at, message);
    }
}

/// The lint rule `sudo-extension-invalid`: the operation's `x-sudo` is a boolean.
pub(crate) fn sudo(op: &RawOp<'_>, add: &mut Add<'_>) {
    if op.value.get("x-sudo").is_some_and(|v| !v.is_boolean()) {
        add(
            RuleId::SudoExtensionInvalid,
            format!("{}/x-sudo", op.pointer),
            "`x-sudo` must be `true` or `false`".into(),
        );
    }
}

/// The lint rule `empty-means-null-invalid`: in the schema at `at`, `x-empty-means-null` is
/// `true`, on a property that is a `date-time` string the schema does not require (a required
/// date cannot be absent).
pub(crate) fn empty_means_null(at: &str, schema: &Map<String, Value>, add: &mut Add<'_>) {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    let required = |name: &str| required(schema, name);
    for (name, property) in properties {
        let Some(flag) = property.get("x-empty-means-null") else {
            continue;
        };
        let date = property.get("type").and_then(Value::as_str) == Some("string")
            && property.get("format").and_then(Value::as_str) == Some("date-time");
        let message = if flag != &Value::Bool(true) {
            "`x-empty-means-null` must be `true` (or left out)".to_string()
        } else if !date {
            format!("`{name}` is not a `date-time` string")
        } else if required(name) {
            format!("`{name}` is required, so `\"\"` could not read as absent")
        } else {
            continue;
        };
        let here = format!("{at}/properties/{}/x-empty-means-null", escape(name));
        add(RuleId::EmptyMeansNullInvalid, here, message);
    }
}

/// The lint rule `same-as-invalid`: in the schema at `at`, a property's `x-same-as` names
/// another property of the same object, neither required (a field read from either name
/// cannot be required of one), the other not marked itself, and of the same type (or the
/// marked one a list of strings, the other a string it is joined into); and the object is a
/// component schema or one of its `allOf` members, where the generator reads it.
pub(crate) fn same_as(doc: &Value, at: &str, schema: &Map<String, Value>, add: &mut Add<'_>) {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    let required = |name: &str| required(schema, name);
    let resolved = |name: &str| {
        properties
            .get(name)
            .map(|p| crate::spec::raw::follow(doc, String::new(), p).1)
    };
    let kind = |v: &Value| v.get("type").and_then(Value::as_str).map(str::to_string);
    for (name, property) in properties {
        let Some(value) = property.get(crate::generate::same_as::EXTENSION) else {
            continue;
        };
        let target = value.as_str();
        let message = match target.map(|t| (t, resolved(t))) {
            None => "`x-same-as` must name another property of this object".to_string(),
            Some((t, None)) => format!("`x-same-as` names `{t}`, which this object does not have"),
            Some((t, _)) if t == name => "`x-same-as` names the property itself".to_string(),
            Some((t, Some(other))) => {
                let this = crate::spec::raw::follow(doc, String::new(), property).1;
                let list_of_text = kind(this).as_deref() == Some("array")
                    && this
                        .get("items")
                        .map(|i| crate::spec::raw::follow(doc, String::new(), i).1)
                        .and_then(kind)
                        .as_deref()
                        == Some("string");
                if other.get(crate::generate::same_as::EXTENSION).is_some() {
                    format!("`{t}` is marked `x-same-as` too: name the property that stays")
                } else if required(name) || required(t) {
                    format!(
                        "`{name}` and `{t}` are one field, read from either: neither can be required"
                    )
                } else if kind(this).is_none() || kind(other).is_none() {
                    format!("`{name}` and `{t}` must each declare a `type`")
                } else if kind(this) != kind(other)
                    && !(list_of_text && kind(other).as_deref() == Some("string"))
                {
                    format!(
                        "`{name}` is of type {} and `{t}` of type {}: one field cannot read both (a list of \
                         strings may stand for a string)",
                        kind(this).unwrap_or_default(),
                        kind(other).unwrap_or_default()
                    )
                } else if !component_object(at) {
                    "`x-same-as` is read on the properties of a component schema (or of its \
                     `allOf` members) only"
                        .to_string()
                } else {
                    continue;
                }
            }
        };
        let here = format!("{at}/properties/{}/x-same-as", escape(name));
        add(RuleId::SameAsInvalid, here, message);
    }
}

/// Whether `at` is a component schema or an `allOf` member of one, at any depth.
fn component_object(at: &str) -> bool {
    let Some(rest) = at.strip_prefix("/components/schemas/") else {
        return false;
    };
    let mut parts = rest.split('/').skip(1);
    while let Some(part) = parts.next() {
        if part != "allOf" || parts.next().is_none_or(|i| i.parse::<usize>().is_err()) {
            return false;
        }
    }
    true
}

/// Whether the object schema `schema` lists `name` in `required`.
fn required(schema: &Map<String, Value>, name: &str) -> bool {
    schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|n| n == name))
}
