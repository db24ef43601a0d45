//! `cargo xtask lint`: every rule the spec must pass before anything is generated — the
//! review rules below plus progenitor's limits from `preflight` — each finding with its rule,
//! JSON pointer and line.

use openapiv3::{OpenAPI, ReferenceOr, StatusCode};

use crate::error::Error;
use crate::preflight::{self, Finding, operations};

/// The review rules, with what each asks for.
pub const RULES: &[(&str, &str)] = &[
    (
        "operation-summary-missing",
        "every operation has a summary (the method's doc heading)",
    ),
    (
        "operation-description-missing",
        "every operation has a description",
    ),
    ("operation-tag-missing", "every operation has a tag"),
    (
        "operation-security-missing",
        "every operation has security, its own or the document's",
    ),
    (
        "operation-errors-undocumented",
        "every operation documents at least one 4xx response",
    ),
    (
        "parameter-description-missing",
        "every parameter has a description",
    ),
    (
        "property-description-missing",
        "every property of a component schema has a description (or is a $ref to a schema \
         that has one): it becomes the field's doc, and the client crate denies missing docs",
    ),
];

/// Every finding: progenitor's limits (preflight) and the review rules.
pub fn findings(spec: &OpenAPI, text: &str, file: &str) -> Vec<Finding> {
    let mut out = preflight::findings(spec, text, file);
    let mut add =
        |rule, pointer, message| out.push(Finding::at(rule, pointer, message, text, file));
    let global_security = spec.security.as_ref().is_some_and(|s| !s.is_empty());
    for (pointer, _, _, op) in operations(spec) {
        let name = op.operation_id.clone().unwrap_or_else(|| pointer.clone());
        if op.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
            add(
                "operation-summary-missing",
                pointer.clone(),
                format!("`{name}` has no summary"),
            );
        }
        if op
            .description
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
        {
            add(
                "operation-description-missing",
                pointer.clone(),
                format!("`{name}` has no description"),
            );
        }
        if op.tags.is_empty() {
            add(
                "operation-tag-missing",
                pointer.clone(),
                format!("`{name}` has no tag"),
            );
        }
        if !global_security && op.security.as_ref().is_none_or(|s| s.is_empty()) {
            add(
                "operation-security-missing",
                pointer.clone(),
                format!("`{name}` declares no security and the document has none"),
            );
        }
        let documents_client_error = op.responses.responses.keys().any(|code| match code {
            StatusCode::Code(c) => (400..500).contains(c),
            StatusCode::Range(r) => *r == 4,
        }) || op.responses.default.is_some();
        if !documents_client_error {
            add(
                "operation-errors-undocumented",
                format!("{pointer}/responses"),
                format!("`{name}` documents no 4xx response"),
            );
        }
        for (i, p) in op.parameters.iter().enumerate() {
            check_param(spec, p, format!("{pointer}/parameters/{i}"), &mut add);
        }
    }
    for (name, schema) in spec.components.iter().flat_map(|c| c.schemas.iter()) {
        if let ReferenceOr::Item(schema) = schema {
            let at = format!("/components/schemas/{}", preflight::escape(name));
            check_properties(spec, schema, &at, &mut add);
        }
    }
    for (path, item) in spec.paths.paths.iter() {
        if let ReferenceOr::Item(item) = item {
            for (i, p) in item.parameters.iter().enumerate() {
                let at = format!("/paths/{}/parameters/{i}", preflight::escape(path));
                check_param(spec, p, at, &mut add);
            }
        }
    }
    out
}

fn check_properties(
    spec: &OpenAPI,
    schema: &openapiv3::Schema,
    at: &str,
    add: &mut impl FnMut(&'static str, String, String),
) {
    let described = |s: &openapiv3::Schema| {
        s.schema_data
            .description
            .as_deref()
            .is_some_and(|d| !d.trim().is_empty())
    };
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => {
            for (prop, value) in &o.properties {
                let ok = crate::model::boxed_schema(spec, value).is_some_and(described);
                if !ok {
                    add(
                        "property-description-missing",
                        format!("{at}/properties/{}", preflight::escape(prop)),
                        format!("property `{prop}` has no description"),
                    );
                }
            }
        }
        openapiv3::SchemaKind::AllOf { all_of } => {
            for (i, part) in all_of.iter().enumerate() {
                if let ReferenceOr::Item(part) = part {
                    check_properties(spec, part, &format!("{at}/allOf/{i}"), add);
                }
            }
        }
        _ => {}
    }
}

fn check_param(
    spec: &OpenAPI,
    p: &ReferenceOr<openapiv3::Parameter>,
    at: String,
    add: &mut impl FnMut(&'static str, String, String),
) {
    // A referenced parameter is reported where it is defined.
    let at = match p {
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/parameters/")
            .map_or(at, |n| {
                format!("/components/parameters/{}", preflight::escape(n))
            }),
        ReferenceOr::Item(_) => at,
    };
    let param = crate::model::parameter(spec, p);
    if let Some(param) = param {
        let data = param.parameter_data_ref();
        if data
            .description
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
        {
            add(
                "parameter-description-missing",
                at,
                format!("parameter `{}` has no description", data.name),
            );
        }
    }
}

/// Runs every rule; fails with all findings at once (the first one's place leads).
pub fn check(spec: &OpenAPI, text: &str, file: &str) -> Result<(), Error> {
    let mut found = findings(spec, text, file);
    found.dedup();
    let Some(first) = found.first().cloned() else {
        return Ok(());
    };
    let mut message = format!("[{}] {}", first.rule, first.message);
    if found.len() > 1 {
        message.push_str(&format!(" (and {} more:", found.len() - 1));
        for f in &found[1..] {
            message.push_str(&format!("\n  {f}"));
        }
        message.push(')');
    }
    Err(Error::Spec {
        location: first.location,
        message,
    })
}
