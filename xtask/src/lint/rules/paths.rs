//! The review rules over paths and operations: templates, clashes, ids, tags, responses.

use std::collections::BTreeMap;

use serde_json::Value;

use super::document::security_schemes;
use super::{Add, text};
use crate::lint::RuleId;
use crate::spec::http::is_success_key;
use crate::spec::pointer::escape;
use crate::spec::raw::RawOp;

/// A path template's parameter names, in order (`None` marks an empty `{}`).
pub(super) fn template_names(path: &str) -> Vec<Option<&str>> {
    path.split('{')
        .skip(1)
        .filter_map(|s| {
            s.split_once('}')
                .map(|(n, _)| Some(n).filter(|n| !n.is_empty()))
        })
        .collect()
}

pub(super) fn paths(source: &crate::spec::Source, add: &mut Add<'_>) {
    let Some(paths) = source.value.get("paths").and_then(Value::as_object) else {
        return;
    };
    // In document order (each key's line, then its place on the line for a flow mapping),
    // so the later of two clashing paths is the one reported.
    let mut keys: Vec<&String> = paths.keys().collect();
    keys.sort_by_cached_key(|p| source.order(&format!("/paths/{}", escape(p))));
    let mut shapes: BTreeMap<String, &str> = BTreeMap::new();
    for path in keys.iter().copied() {
        let at = format!("/paths/{}", escape(path));
        if path.len() > 1 && path.ends_with('/') {
            add(
                RuleId::PathTrailingSlash,
                at.clone(),
                format!("path `{path}` ends with `/`"),
            );
        }
        if path.contains('?') {
            add(
                RuleId::PathQuery,
                at.clone(),
                format!("path `{path}` holds a query string: declare query parameters instead"),
            );
        }
        if template_names(path).contains(&None) {
            add(
                RuleId::PathParameterEmpty,
                at.clone(),
                format!("path `{path}` has an empty `{{}}`"),
            );
        }
        let shape = shape(path).join("/");
        if let Some(first) = shapes.insert(shape, path) {
            add(
                RuleId::PathIdentical,
                at.clone(),
                format!("path `{path}` matches the same URLs as `{first}`"),
            );
        }
    }
    // Only paths of as many segments can match one URL: each is compared within its group,
    // its shape made once.
    let mut by_length: BTreeMap<usize, Vec<(&String, Vec<&str>)>> = BTreeMap::new();
    for path in keys.iter().copied() {
        let segments = shape(path);
        by_length
            .entry(segments.len())
            .or_default()
            .push((path, segments));
    }
    for group in by_length.values() {
        for (i, (a, a_shape)) in group.iter().enumerate() {
            for (b, b_shape) in &group[i + 1..] {
                if !ambiguous(a_shape, b_shape) {
                    continue;
                }
                add(
                    RuleId::PathAmbiguous,
                    format!("/paths/{}", escape(b)),
                    format!("a URL can match both `{a}` and `{b}`, neither more literal"),
                );
            }
        }
    }
}

/// A path's segments with every parameter written `{}`.
pub(super) fn shape(path: &str) -> Vec<&str> {
    path.split('/')
        .map(|s| if s.contains('{') { "{}" } else { s })
        .collect()
}

/// Whether some URL matches both paths (by their [`shape`]s) and neither path is literal
/// wherever the other is.
pub(super) fn ambiguous(a: &[&str], b: &[&str]) -> bool {
    if a.len() != b.len() || a == b {
        return false;
    }
    let (mut a_literal, mut b_literal) = (false, false);
    for (x, y) in a.iter().zip(b) {
        match (*x == "{}", *y == "{}") {
            (false, false) if x != y => return false,
            (false, true) => a_literal = true,
            (true, false) => b_literal = true,
            _ => {}
        }
    }
    a_literal && b_literal
}

pub(super) fn operation(doc: &Value, op: &RawOp<'_>, add: &mut Add<'_>) {
    described(op, add);
    secured(doc, op, add);
    responses(op, add);
    parameters(op, add);
    if let Some(list) = op.value.get("security") {
        security_schemes(doc, list, &format!("{}/security", op.pointer), add);
    }
}

/// `operation-summary-missing`, `operation-description-missing`, `operation-id-url-unsafe`.
fn described(op: &RawOp<'_>, add: &mut Add<'_>) {
    let (at, name, v) = (&op.pointer, &op.name, op.value);
    if text(v, "summary").is_none() {
        add(
            RuleId::OperationSummaryMissing,
            at.clone(),
            format!("`{name}` has no summary"),
        );
    }
    if text(v, "description").is_none() {
        add(
            RuleId::OperationDescriptionMissing,
            at.clone(),
            format!("`{name}` has no description"),
        );
    }
    if let Some(id) = text(v, "operationId") {
        let safe = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=".contains(c);
        if !id.chars().all(safe) {
            add(
                RuleId::OperationIdUrlUnsafe,
                format!("{at}/operationId"),
                format!("operationId `{id}` has characters a URL cannot hold as they are"),
            );
        }
    }
}

/// `operation-security-missing`: the operation's own requirement, or the document's.
fn secured(doc: &Value, op: &RawOp<'_>, add: &mut Add<'_>) {
    let (at, name, v) = (&op.pointer, &op.name, op.value);
    let security = v.get("security").or_else(|| doc.get("security"));
    if security
        .and_then(Value::as_array)
        .is_none_or(|s| s.is_empty())
    {
        add(
            RuleId::OperationSecurityMissing,
            at.clone(),
            format!("`{name}` declares no security and the document has none"),
        );
    }
}

/// `success-response-missing` and `operation-errors-undocumented`.
fn responses(op: &RawOp<'_>, add: &mut Add<'_>) {
    let (at, name, v) = (&op.pointer, &op.name, op.value);
    let responses = v.get("responses").and_then(Value::as_object);
    let codes: Vec<&str> = responses
        .into_iter()
        .flatten()
        .map(|(c, _)| c.as_str())
        .collect();
    // A `default` types the result when no 2xx does (`spec::http::success_responses`).
    if !codes.iter().any(|c| is_success_key(c) || *c == "default") {
        add(
            RuleId::SuccessResponseMissing,
            format!("{at}/responses"),
            format!(
                "`{name}` declares no 2xx or `default` response: the generated method \
                 returns no content, whatever the API answers"
            ),
        );
    }
    if !codes.iter().any(|c| c.starts_with('4') || *c == "default") {
        add(
            RuleId::OperationErrorsUndocumented,
            format!("{at}/responses"),
            format!("`{name}` documents no 4xx response"),
        );
    }
}

/// `parameter-duplicate` and `path-parameter-unused`.
fn parameters(op: &RawOp<'_>, add: &mut Add<'_>) {
    let declared: Vec<&str> = template_names(op.path).into_iter().flatten().collect();
    for (i, param) in op.params.iter().enumerate() {
        let (Some(pname), Some(place)) = (text(param.value, "name"), text(param.value, "in"))
        else {
            continue;
        };
        // An operation's parameter may replace its path item's; two in one list may not.
        let twin = op.params[..i].iter().find(|q| {
            q.operation_level == param.operation_level
                && text(q.value, "name") == Some(pname)
                && text(q.value, "in") == Some(place)
        });
        if let Some(twin) = twin {
            add(
                RuleId::ParameterDuplicate,
                param.listed.clone(),
                format!(
                    "parameter `{pname}` in {place} is already declared at {}",
                    twin.listed
                ),
            );
        }
        if place == "path" && !declared.contains(&pname) {
            add(
                RuleId::PathParameterUnused,
                param.listed.clone(),
                format!("path parameter `{pname}` is not in the path `{}`", op.path),
            );
        }
    }
}
