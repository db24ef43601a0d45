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
pub(crate) mod sites;
mod types;

use openapiv3::OpenAPI;

use crate::lint::{Finding, RuleId};
use crate::spec::model::operations as model_operations;
use crate::spec::pointer::escape;

/// The rules this module reports: each one a construct the generator refuses, panics or
/// aborts on, or generates wrong, proven so by `tests/tests/it/progenitor.rs` on the rule's case
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
        parameters::check(spec, o, &mut add);
        bodies::check(spec, o, &mut add);
    }
    schemas::check(&raw, &mut add);
    types::check(spec, &raw, &ops, &mut add);
    out
}

/// The kind of component a `$ref` at `pointer` must name, when `target` names another kind:
/// what stands at that place of an OpenAPI document (a parameter in a `parameters` list, a
/// request body, a response, a header, an example, or a schema), read from the root down.
fn kind_mismatch(pointer: &str, target: &str) -> Option<&'static str> {
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        Doc,
        Paths,
        PathItem,
        Operation,
        Params,
        Parameter,
        Body,
        Content,
        Media,
        Responses,
        Response,
        Headers,
        Header,
        Examples,
        Example,
        Components,
        Map(&'static str),
        Schema,
        Properties,
        Schemas,
        Other,
    }
    let mut at = At::Doc;
    for segment in pointer.split('/').skip(1) {
        at = match (at, segment) {
            (At::Doc, "paths") => At::Paths,
            (At::Doc, "components") => At::Components,
            (At::Paths, _) => At::PathItem,
            (At::PathItem | At::Operation, "parameters") => At::Params,
            (At::PathItem, m) if crate::spec::raw::METHODS.contains(&m) => At::Operation,
            (At::Operation, "requestBody") => At::Body,
            (At::Operation, "responses") => At::Responses,
            (At::Params, _) => At::Parameter,
            (At::Parameter | At::Header | At::Media, "schema") => At::Schema,
            (At::Parameter | At::Header | At::Body | At::Response, "content") => At::Content,
            (At::Parameter | At::Header | At::Media, "examples") => At::Examples,
            (At::Content, _) => At::Media,
            (At::Responses, _) => At::Response,
            (At::Response, "headers") => At::Headers,
            (At::Headers, _) => At::Header,
            (At::Examples, _) => At::Example,
            (At::Components, "schemas") => At::Map("schemas"),
            (At::Components, "parameters") => At::Map("parameters"),
            (At::Components, "requestBodies") => At::Map("requestBodies"),
            (At::Components, "responses") => At::Map("responses"),
            (At::Components, "headers") => At::Map("headers"),
            (At::Components, "examples") => At::Map("examples"),
            (At::Map("schemas"), _) => At::Schema,
            (At::Map("parameters"), _) => At::Parameter,
            (At::Map("requestBodies"), _) => At::Body,
            (At::Map("responses"), _) => At::Response,
            (At::Map("headers"), _) => At::Header,
            (At::Map("examples"), _) => At::Example,
            (At::Schema, "properties") => At::Properties,
            (At::Schema, "items" | "not" | "additionalProperties") => At::Schema,
            (At::Schema, "allOf" | "oneOf" | "anyOf") => At::Schemas,
            (At::Properties | At::Schemas, _) => At::Schema,
            _ => At::Other,
        };
        if at == At::Other {
            return None;
        }
    }
    let wanted = match at {
        At::Parameter => "parameters",
        At::Body => "requestBodies",
        At::Response => "responses",
        At::Header => "headers",
        At::Example => "examples",
        At::Schema => "schemas",
        _ => return None,
    };
    let kind = target.strip_prefix("#/components/")?.split('/').next()?;
    (kind != wanted).then_some(wanted)
}

/// Whether a local reference names a component itself: `#/components/<kind>/<name>`.
fn names_a_component(target: &str) -> bool {
    let Some(rest) = target.strip_prefix("#/components/") else {
        return false;
    };
    matches!(rest.split('/').count(), 2)
}

/// Reports every `$ref` that points at nothing (`ref-unresolved`), and every one the
/// generators cannot resolve (`ref-target`): a component of another kind than its place
/// takes, a place inside a component, a path item.
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
                } else if let Some(wanted) = kind_mismatch(&pointer, target) {
                    add(
                        RuleId::RefTarget,
                        format!("{pointer}/$ref"),
                        format!(
                            "`$ref: {target}` names a component of another kind: here it must \
                             be one of `#/components/{wanted}/`; progenitor looks it up there \
                             and panics"
                        ),
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
