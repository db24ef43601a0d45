//! The lint rules over the spec's generator extensions besides `x-retry`: `x-pages` (read by
//! `spec/pages.rs`), `x-sudo` (read by the CLI's generator) and `x-empty-means-null` (read by
//! `generate/timestamps.rs`).

use serde_json::Value;

use crate::lint::RuleId;
use crate::lint::rules::Add;
use crate::spec::pointer::escape;

/// The lint rule `pages-extension-invalid`: every `x-pages` has the shape `spec/pages.rs` reads.
pub(crate) fn pages(doc: &Value, add: &mut Add<'_>) {
    for op in crate::spec::raw::operations(doc) {
        for (at, message) in crate::spec::pages::problems(doc, &op) {
            add(RuleId::PagesExtensionInvalid, at, message);
        }
    }
}

/// The lint rule `sudo-extension-invalid`: an operation's `x-sudo` is a boolean.
pub(crate) fn sudo(doc: &Value, add: &mut Add<'_>) {
    for op in crate::spec::raw::operations(doc) {
        if op.value.get("x-sudo").is_some_and(|v| !v.is_boolean()) {
            add(
                RuleId::SudoExtensionInvalid,
                format!("{}/x-sudo", op.pointer),
                "`x-sudo` must be `true` or `false`".into(),
            );
        }
    }
}

/// The lint rule `empty-means-null-invalid`: `x-empty-means-null` is `true`, on a property that
/// is a `date-time` string its object does not require (a required date cannot be absent).
pub(crate) fn empty_means_null(at: String, value: &Value, add: &mut Add<'_>) {
    match value {
        Value::Object(map) => {
            if let Some(properties) = map.get("properties").and_then(Value::as_object) {
                let required = |name: &str| {
                    map.get("required")
                        .and_then(Value::as_array)
                        .is_some_and(|r| r.iter().any(|n| n == name))
                };
                for (name, property) in properties {
                    let Some(flag) = property.get("x-empty-means-null") else {
                        continue;
                    };
                    let here = format!("{at}/properties/{}/x-empty-means-null", escape(name));
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
                    add(RuleId::EmptyMeansNullInvalid, here, message);
                }
            }
            for (key, child) in map {
                if key != "example" && key != "examples" && !key.starts_with("x-") {
                    empty_means_null(format!("{at}/{}", escape(key)), child, add);
                }
            }
        }
        Value::Array(list) => {
            for (i, child) in list.iter().enumerate() {
                empty_means_null(format!("{at}/{i}"), child, add);
            }
        }
        _ => {}
    }
}
