//! The lint rules over the spec's generator extensions besides `x-retry`: `x-pages` (read by
//! `spec/pages.rs`), `x-sudo` (read by the CLI's generator) and `x-empty-means-null` (read by
//! `generate/timestamps.rs`).

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
    let required = |name: &str| {
        schema
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|r| r.iter().any(|n| n == name))
    };
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
