//! The preflight rules of whole operations: their names (`operation-id-*`), their success
//! responses, the path's parameters and websocket upgrades.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr};

use super::Report;
use crate::generate::names;
use crate::lint::RuleId;
use crate::spec::model::{In, Op};

/// Every rule of this file over every operation.
pub(super) fn check(spec: &OpenAPI, ops: &[Op<'_>], add: &mut Report<'_>) {
    // By the Rust name progenitor gives it: `self` and `Self` are one method, `self_`.
    let mut seen: BTreeMap<String, (String, String)> = BTreeMap::new();
    for o in ops {
        operation_id(o, &mut seen, add);
        success_responses(spec, o, add);
        path_parameters(o, add);
        websocket(o, add);
    }
}

/// `operation-id-missing`, `operation-id-duplicate` by the method name progenitor gives, and
/// `operation-id-reserved`.
fn operation_id(o: &Op<'_>, seen: &mut BTreeMap<String, (String, String)>, add: &mut Report<'_>) {
    let (pointer, op) = (&o.pointer, o.op);
    let Some(id) = &op.operation_id else {
        add(
            RuleId::OperationIdMissing,
            pointer.clone(),
            "every operation needs an operationId: progenitor names the client method \
             after it (upstream progenitor#517)"
                .into(),
        );
        return;
    };
    let method = names::method(id);
    if let Some(owner) = names::client_method_owner(&method) {
        add(
            RuleId::OperationIdReserved,
            format!("{pointer}/operationId"),
            format!(
                "operationId `{id}` becomes the method `{method}`, which {owner} already has: \
                 the code would not compile; choose another operationId"
            ),
        );
    }
    if let Some((first_id, first)) = seen.insert(method.clone(), (id.clone(), pointer.clone())) {
        let message = if first_id == *id {
            format!("operationId `{id}` is already used at {first}")
        } else {
            format!(
                "operationId `{id}` becomes the Rust method `{method}`, as `{first_id}` at \
                 {first} does"
            )
        };
        add(
            RuleId::OperationIdDuplicate,
            format!("{pointer}/operationId"),
            message,
        );
    }
}

/// `websocket-response`: progenitor makes a websocket operation's method from its `101`
/// response (`default` counts as one).
fn websocket(o: &Op<'_>, add: &mut Report<'_>) {
    if !o
        .op
        .extensions
        .contains_key(crate::generate::websocket::EXTENSION)
    {
        return;
    }
    let responses = &o.op.responses;
    if !responses
        .responses
        .contains_key(&openapiv3::StatusCode::Code(101))
        && responses.default.is_none()
    {
        add(
            RuleId::WebsocketResponse,
            format!("{}/responses", o.pointer),
            "a websocket operation (`x-dropshot-websocket`) needs a `101` response: \
             progenitor makes the upgrade from it"
                .into(),
        );
    }
}

/// `success-responses-mixed`: progenitor panics when the success responses are not of one
/// type (method.rs, `extract_responses`), compared as typify sees them: descriptions and
/// examples do not count.
fn success_responses(spec: &OpenAPI, o: &Op<'_>, add: &mut Report<'_>) {
    let success: Vec<_> = crate::spec::http::success_responses(&o.op.responses)
        .into_iter()
        .map(|(code, r)| (code.to_string(), response_kind(spec, r)))
        .collect();
    let kinds: std::collections::BTreeSet<_> = success.iter().map(|(_, k)| k).collect();
    if kinds.len() > 1 {
        let list = success
            .iter()
            .map(|(c, k)| format!("{c}: {k}"))
            .collect::<Vec<_>>()
            .join(", ");
        add(
            RuleId::SuccessResponsesMixed,
            format!("{}/responses", o.pointer),
            format!(
                "all success responses of an operation must share one body type or \
                 progenitor panics (upstream progenitor#344, #950); found {list}"
            ),
        );
    }
}

/// A short description of a response's body kind: what progenitor would type it as.
fn response_kind(spec: &OpenAPI, r: &ReferenceOr<openapiv3::Response>) -> String {
    let Some(resp) = crate::spec::model::response(spec, r) else {
        return "unresolved".into();
    };
    match resp.content.iter().next() {
        None => "no body".into(),
        Some((media, m)) if crate::spec::http::is_json(media) => match &m.schema {
            Some(ReferenceOr::Reference { reference }) => format!("JSON {reference}"),
            Some(ReferenceOr::Item(s)) => {
                // What typify reads: the words for people are not the type.
                let mut s = s.clone();
                s.schema_data.description = None;
                s.schema_data.title = None;
                s.schema_data.example = None;
                format!("JSON {}", serde_json::to_string(&s).unwrap_or_default())
            }
            None => "JSON (any)".into(),
        },
        Some(_) => "byte stream".into(),
    }
}

/// `path-parameter-undeclared`: progenitor fails on a path template naming a parameter the
/// operation does not have.
fn path_parameters(o: &Op<'_>, add: &mut Report<'_>) {
    let declared = o
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .filter(|name| !name.is_empty()); // `{}`: the rule path-parameter-empty
    for name in declared {
        let has = (o.params.iter()).any(|p| p.location == In::Path && p.data.name == name);
        if !has {
            add(
                RuleId::PathParameterUndeclared,
                o.pointer.clone(),
                format!("the path has `{{{name}}}` but no path parameter of that name"),
            );
        }
    }
}
