//! Refuses, with the place named, every document progenitor 0.15.1 or typify 0.8.0 would
//! refuse, panic or abort on, or turn into code that does not build or means something else,
//! once `adapt` has bridged what it bridges.
//!
//! One file per kind of site: `operations.rs` (names, responses, the path), `parameters.rs`,
//! `bodies.rs`, `schemas.rs` (what typify does with a schema) and `types.rs` (the names typify
//! gives types). Each rule is one function over the parsed document, with every `$ref` to a
//! parameter or body followed and the path item's parameters included (`spec::model`);
//! `sites.rs` is the inventory of the generators' refusals, each answered by a rule or with
//! the reason none is needed (docs/generator-limits.md is printed from it). `cargo xtask
//! generate` runs all of this before progenitor sees the document.

mod bodies;
mod operations;
mod parameters;
mod schemas;
pub mod sites;
mod types;

use openapiv3::OpenAPI;

use crate::lint::{Finding, RuleId};
use crate::spec::model::operations as model_operations;
use crate::spec::pointer::escape;

/// The rules this module reports: each one a construct the generator refuses, panics or
/// aborts on, or generates wrong, proven so by `tests/tests/progenitor.rs` on the rule's case
/// in `tests/fixtures/lint/`.
pub const RULES: &[RuleId] = &[
    RuleId::RefUnresolved,
    RuleId::OperationIdMissing,
    RuleId::OperationIdDuplicate,
    RuleId::OperationIdReserved,
    RuleId::RequestBodyMediaTypes,
    RuleId::RequestBodyEncoding,
    RuleId::RequestBodySchema,
    RuleId::RequestBodyMediaType,
    RuleId::CookieParameter,
    RuleId::ParameterStyle,
    RuleId::ParameterContent,
    RuleId::ParameterType,
    RuleId::ParameterNameCollision,
    RuleId::SuccessResponsesMixed,
    RuleId::ResponseSchema,
    RuleId::ResponseStatus,
    RuleId::RefTarget,
    RuleId::PathParameterUndeclared,
    RuleId::WebsocketResponse,
    RuleId::SchemaAllOfCycle,
    RuleId::SchemaTypeMissing,
    RuleId::DefaultOutOfRange,
    RuleId::SchemaNot,
    RuleId::SchemaOneOfAndAnyOf,
    RuleId::EnumVariantCollision,
    RuleId::PropertyNameCollision,
    RuleId::TypeNameDuplicate,
];

/// The rules this module reports for this workspace's own renderer rather than the generator:
/// each is the very function `generate` refuses with (the CLI's command names).
pub const RENDERER_RULES: &[RuleId] = &[RuleId::CliCommandCollision];

/// Where a preflight rule reports: (rule, JSON pointer, message).
type Report<'a> = dyn FnMut(RuleId, String, String) + 'a;

/// All findings; empty when the generator can take the document (after `adapt`).
pub(crate) fn findings(spec: &OpenAPI, source: &crate::spec::Source) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut add = |rule, pointer, message| out.push(Finding::at(rule, pointer, message, source));
    let raw = serde_json::to_value(spec).unwrap_or_default();
    dangling_refs(&raw, &raw, String::new(), &mut add);
    let ops = model_operations(spec);
    operations::check(spec, &ops, &mut add);
    for o in &ops {
        parameters::check(o, &mut add);
        bodies::check(spec, o, &mut add);
    }
    schemas::check(&raw, &mut add);
    types::check(spec, &ops, &mut add);
    out
}

/// Whether a local reference names a component itself: `#/components/<kind>/<name>`.
fn names_a_component(target: &str) -> bool {
    let Some(rest) = target.strip_prefix("#/components/") else {
        return false;
    };
    matches!(rest.split('/').count(), 2)
}

/// Reports every `$ref` that points at nothing (typify panics or errors on them).
fn dangling_refs(
    root: &serde_json::Value,
    node: &serde_json::Value,
    pointer: String,
    add: &mut Report<'_>,
) {
    match node {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(target)) = map.get("$ref") {
                let ok = target
                    .strip_prefix('#')
                    .is_some_and(|p| root.pointer(p).is_some());
                if !ok {
                    add(
                        RuleId::RefUnresolved,
                        format!("{pointer}/$ref"),
                        format!("`$ref: {target}` points at nothing in this document"),
                    );
                } else if !names_a_component(target) {
                    add(
                        RuleId::RefTarget,
                        format!("{pointer}/$ref"),
                        format!(
                            "`$ref: {target}` points inside the document, not at a component: \
                             progenitor and typify resolve a reference by its last name under \
                             `components` and panic here; move the target under `components`"
                        ),
                    );
                } else if pointer.starts_with("/paths/") && pointer.matches('/').count() == 2 {
                    add(
                        RuleId::RefTarget,
                        format!("{pointer}/$ref"),
                        "progenitor 0.15.1 refuses a path item by `$ref` (\"uses reference, \
                         unsupported\"); write the path item in place"
                            .into(),
                    );
                }
            }
            for (k, v) in map {
                dangling_refs(root, v, format!("{pointer}/{}", escape(k)), add);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                dangling_refs(root, v, format!("{pointer}/{i}"), add);
            }
        }
        _ => {}
    }
}
