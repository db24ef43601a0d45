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
    let mut twice = std::collections::BTreeSet::new();
    for o in ops {
        if operation_id(o, &mut seen, add) {
            twice.insert(o.pointer.clone());
        }
        success_responses(spec, o, add);
        success_bodies(spec, o, add);
        path_parameters(o, add);
        websocket(o, add);
    }
    cli_commands(spec, &twice, add);
}

/// `cli-command-collision`: the CLI's command names, settled and checked by the code that
/// writes the command table (`generate/operations/cli_names.rs`).
/// An operation whose operationId is another's (`twice`) is that rule's finding, not this one's.
fn cli_commands(spec: &OpenAPI, twice: &std::collections::BTreeSet<String>, add: &mut Report<'_>) {
    use crate::generate::operations::cli_names;
    let problems = cli_names::problems(spec, &cli_names::commands(spec));
    for (pointer, message) in problems.into_iter().filter(|(p, _)| !twice.contains(p)) {
        add(RuleId::CliCommandCollision, pointer, message);
    }
}

/// `operation-id-missing`, `operation-id-duplicate` by the method name progenitor gives, and
/// `operation-id-reserved`; whether the operation's method is another's.
fn operation_id(
    o: &Op<'_>,
    seen: &mut BTreeMap<String, (String, String)>,
    add: &mut Report<'_>,
) -> bool {
    let (pointer, op) = (&o.pointer, o.op);
    let Some(id) = &op.operation_id else {
        add(
            RuleId::OperationIdMissing,
            pointer.clone(),
            "every operation needs an operationId: progenitor names the client method \
             after it (upstream progenitor#517)"
                .into(),
        );
        return false;
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
        return true;
    }
    false
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

/// The success statuses httpmock 0.8 has a reason phrase for (`StatusCode::canonical_reason`):
/// progenitor's mock unwraps it, and panics on any other.
const REASONED: [u16; 11] = [200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 101];

/// `response-schema` and `response-status`, over the success responses progenitor is given
/// (adapt bridge 2 leaves the others out; bridge 5 gives a `+json` body as JSON): a JSON body
/// needs a schema (progenitor: "not yet implemented: media type encoding, no schema") and no
/// `encoding` (an assertion); the mock names each status by its reason phrase.
fn success_bodies(spec: &OpenAPI, o: &Op<'_>, add: &mut Report<'_>) {
    for (code, r) in crate::spec::http::success_responses(&o.op.responses) {
        let place = format!(
            "{}/responses/{}",
            o.pointer,
            crate::spec::pointer::escape(&code.to_string())
        );
        let at = crate::spec::model::defined_at(r, place);
        if let openapiv3::StatusCode::Code(n) = code
            && !REASONED.contains(&n)
        {
            add(
                RuleId::ResponseStatus,
                at.clone(),
                format!(
                    "progenitor 0.15.1's mock names a status by its reason phrase, and `{n}` has \
                     none: generating the mock panics; use a registered status"
                ),
            );
        }
        let Some(resp) = crate::spec::model::response(spec, r) else {
            continue;
        };
        for (media, m) in &resp.content {
            let json = crate::spec::http::is_json(media);
            if !json {
                continue;
            }
            let here = format!("{at}/content/{}", crate::spec::pointer::escape(media));
            if m.schema.is_none() {
                add(
                    RuleId::ResponseSchema,
                    here.clone(),
                    "a JSON success response needs a schema: progenitor 0.15.1 panics without \
                     one (\"media type encoding, no schema\"); `{}` says any JSON"
                        .into(),
                );
            }
            if !m.encoding.is_empty() {
                add(
                    RuleId::ResponseSchema,
                    format!("{here}/encoding"),
                    "progenitor 0.15.1 asserts a JSON response has no `encoding`; take it off \
                     (it describes multipart and form bodies)"
                        .into(),
                );
            }
        }
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
