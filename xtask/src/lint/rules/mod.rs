//! The review rules of `cargo xtask lint` (those at parity with Spectral's `spectral:oas` and
//! Redocly's `recommended`, and our own), each a function over the raw document, so a finding
//! can point at what openapiv3 would drop (siblings of `$ref`, examples, extensions).

mod components;
mod document;
mod extensions;
mod paths;
mod retries;
mod schemas;

use serde_json::Value;

use crate::lint::{RuleId, validate};
use crate::spec::raw::operations;
use components::{markdown, parameter_descriptions, refs, unused_components};
use document::{info, security_schemes, servers, tags};
use paths::{operation, paths};
pub(crate) use schemas::schemas;
use schemas::{examples, schema_rules};

/// Where a rule reports: (rule, JSON pointer, message).
pub(crate) type Add<'a> = dyn FnMut(RuleId, String, String) + 'a;

/// Runs every review rule over the document as parsed (before openapiv3); `source` also
/// gives document order, which the parsed mappings keep none of.
pub(crate) fn run(source: &crate::spec::Source, add: &mut Add<'_>) {
    let doc = &source.value;
    for (pointer, message) in validate::openapi_errors(doc) {
        add(RuleId::OasSchema, pointer, message);
    }
    info(doc, add);
    servers(doc, add);
    tags(doc, add);
    paths(source, add);
    for op in operations(doc) {
        operation(doc, &op, add);
        extensions::pages(doc, &op, add);
        extensions::sudo(&op, add);
    }
    let components = validate::Components::of(doc);
    for (pointer, schema) in schemas(doc) {
        schema_rules(doc, &components, &pointer, schema, add);
        extensions::empty_means_null(&pointer, schema, add);
        extensions::same_as(doc, &pointer, schema, add);
    }
    examples(doc, &components, add);
    if let Some(list) = doc.get("security") {
        security_schemes(doc, list, "/security", add);
    }
    refs(doc, add);
    unused_components(doc, add);
    markdown(doc, String::new(), add);
    parameter_descriptions(doc, add);
    retries::check(doc, add);
}

pub(super) fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)?.as_str().filter(|s| !s.trim().is_empty())
}
