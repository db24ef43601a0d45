//! Refuses, with the place named, every spec construct progenitor 0.15.1 errors or panics on
//! and that `adapt` does not bridge.
//!
//! Each rule is one function over the document; `cargo xtask generate` runs them all before
//! progenitor sees the spec, so a panic inside progenitor never reaches a user.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::generate::adapt;
use crate::lint::{Finding, RuleId};

use crate::generate::names;
use crate::spec::model::{Op, operations};
use crate::spec::pointer::escape;

/// The rules this module reports: each one a construct progenitor 0.15.1 errors or panics on
/// (or, for `operation-id-duplicate`, emits two methods of one name for), proven so by
/// `tests/tests/progenitor.rs` on the rule's case in `tests/fixtures/lint/`.
pub const RULES: [RuleId; 11] = [
    RuleId::RefUnresolved,
    RuleId::OperationIdMissing,
    RuleId::OperationIdDuplicate,
    RuleId::RequestBodyMediaTypes,
    RuleId::RequestBodyEncoding,
    RuleId::RequestBodySchema,
    RuleId::RequestBodyMediaType,
    RuleId::CookieParameter,
    RuleId::SuccessResponsesMixed,
    RuleId::PathParameterUndeclared,
    RuleId::WebsocketResponse,
];

/// All findings; empty when progenitor can take the document (after `adapt`). Each rule is
/// one function, run per operation.
pub(crate) fn findings(spec: &OpenAPI, source: &crate::spec::Source) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut add = |rule, pointer, message| out.push(Finding::at(rule, pointer, message, source));
    let raw = serde_json::to_value(spec).unwrap_or_default();
    dangling_refs(&raw, &raw, String::new(), &mut add);
    // By the Rust name progenitor gives it: `self` and `Self` are one method, `self_`.
    let mut seen: BTreeMap<String, (String, String)> = BTreeMap::new();
    for o in operations(spec) {
        operation_id(&o, &mut seen, &mut add);
        request_body(spec, &o, &mut add);
        cookie_parameters(&o, &mut add);
        success_responses(spec, &o, &mut add);
        path_parameters(spec, &o, &mut add);
        websocket(&o, &mut add);
    }
    out
}

/// `websocket-response`: progenitor makes a websocket operation's method from its `101`
/// response (`default` counts as one).
fn websocket(o: &Op<'_>, add: &mut Report<'_>) {
    let extensions = &o.op.extensions;
    if !extensions.contains_key(crate::generate::websocket::EXTENSION) {
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

/// Where a preflight rule reports: (rule, JSON pointer, message).
type Report<'a> = dyn FnMut(RuleId, String, String) + 'a;

/// `operation-id-missing`, and `operation-id-duplicate` by the method name progenitor gives.
fn operation_id(o: &Op<'_>, seen: &mut BTreeMap<String, (String, String)>, add: &mut Report<'_>) {
    let (pointer, op) = (&o.pointer, o.op);
    match &op.operation_id {
        None => add(
            RuleId::OperationIdMissing,
            pointer.clone(),
            "every operation needs an operationId: progenitor names the client method \
             after it (upstream progenitor#517)"
                .into(),
        ),
        Some(id) => {
            let method = names::method(id);
            if let Some((first_id, first)) =
                seen.insert(method.clone(), (id.clone(), pointer.clone()))
            {
                let message = if first_id == *id {
                    format!("operationId `{id}` is already used at {first}")
                } else {
                    format!(
                        "operationId `{id}` becomes the Rust method `{method}`, as \
                         `{first_id}` at {first} does"
                    )
                };
                add(
                    RuleId::OperationIdDuplicate,
                    format!("{pointer}/operationId"),
                    message,
                );
            }
        }
    }
}

/// `request-body-media-types`, `request-body-encoding`, `request-body-media-type`,
/// `request-body-schema`.
fn request_body(spec: &OpenAPI, o: &Op<'_>, add: &mut Report<'_>) {
    let (pointer, op) = (&o.pointer, o.op);
    if let Some(ReferenceOr::Item(body)) = &op.request_body {
        let at = format!("{pointer}/requestBody/content");
        if body.content.len() != 1 {
            add(
                RuleId::RequestBodyMediaTypes,
                at.clone(),
                format!(
                    "a request body needs exactly one media type (progenitor panics on \
                     several); found {}",
                    body.content.len()
                ),
            );
        }
        for (media, m) in &body.content {
            if !m.encoding.is_empty() && !adapt::is_replaced(m.schema.as_ref()) {
                add(
                    RuleId::RequestBodyEncoding,
                    format!("{at}/{}/encoding", escape(media)),
                    "progenitor 0.15.1 panics (todo!) on a request body `encoding`; give \
                     the body a schema in adapt::REPLACEMENTS with a hand-written encoder"
                        .into(),
                );
            }
            if let Some(problem) = raw_body_schema(spec, media, m) {
                add(
                    RuleId::RequestBodySchema,
                    format!("{at}/{}", escape(media)),
                    problem,
                );
            }
            if adapt::body_media_type(media).is_none() {
                add(
                    RuleId::RequestBodyMediaType,
                    format!("{at}/{}", escape(media)),
                    format!(
                        "progenitor 0.15.1 cannot send `{media}`; supported: \
                         application/json (and +json types, bridged), \
                         application/x-www-form-urlencoded, application/octet-stream, \
                         text/plain"
                    ),
                );
            }
        }
    }
}

/// What progenitor 0.15.1 refuses in a body's schema (method.rs, `get_body_param`): every body
/// needs a schema; an `application/octet-stream` body is sent as raw bytes only with
/// `type: string, format: binary`, a `text/plain` body only with a plain `type: string`, either
/// without `enum`, `default`, `nullable` or a discriminator (`pattern` and the lengths are
/// fine: bridge 4 takes them off before progenitor sees them).
fn raw_body_schema(spec: &OpenAPI, media: &str, m: &openapiv3::MediaType) -> Option<String> {
    use openapiv3::{SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
    let Some(schema) = &m.schema else {
        return Some(
            "a request body needs a schema (progenitor 0.15.1 refuses one without)".into(),
        );
    };
    let essence = crate::spec::http::essence(media);
    let wanted = match essence.as_str() {
        "application/octet-stream" => "`type: string` with `format: binary`",
        "text/plain" | "text/x-markdown" => "a plain `type: string` (no `format`)",
        _ => return None,
    };
    let schema = crate::spec::model::schema(spec, schema)?;
    let data = &schema.schema_data;
    let plain = !data.nullable && data.discriminator.is_none() && data.default.is_none();
    let fits = match &schema.schema_kind {
        SchemaKind::Type(Type::String(t)) if plain && t.enumeration.is_empty() => {
            match (&t.format, essence.as_str()) {
                (
                    VariantOrUnknownOrEmpty::Item(StringFormat::Binary),
                    "application/octet-stream",
                ) => true,
                (VariantOrUnknownOrEmpty::Empty, e) => e != "application/octet-stream",
                _ => false,
            }
        }
        _ => false,
    };
    (!fits).then(|| {
        format!(
            "progenitor 0.15.1 sends a `{essence}` body only from {wanted}, without `enum`, \
             `default` or `nullable`; describe the bytes so (`format: byte` is base64 text, a \
             JSON string's encoding)"
        )
    })
}

/// `cookie-parameter`.
fn cookie_parameters(o: &Op<'_>, add: &mut Report<'_>) {
    let (pointer, op) = (&o.pointer, o.op);
    for (i, param) in op.parameters.iter().enumerate() {
        if let ReferenceOr::Item(openapiv3::Parameter::Cookie { .. }) = param {
            add(
                RuleId::CookieParameter,
                format!("{pointer}/parameters/{i}"),
                "cookie parameters are not supported by progenitor 0.15.1".into(),
            );
        }
    }
}

/// `success-responses-mixed`.
fn success_responses(spec: &OpenAPI, o: &Op<'_>, add: &mut Report<'_>) {
    let (pointer, op) = (&o.pointer, o.op);
    let success: Vec<_> = crate::spec::http::success_responses(&op.responses)
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
            format!("{pointer}/responses"),
            format!(
                "all success responses of an operation must share one body type or \
                 progenitor panics (upstream progenitor#344, #950); found {list}"
            ),
        );
    }
}

/// `path-parameter-undeclared`.
fn path_parameters(spec: &OpenAPI, o: &Op<'_>, add: &mut Report<'_>) {
    let (pointer, path, op) = (&o.pointer, o.path, o.op);
    let declared: Vec<String> = path
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .filter(|name| !name.is_empty()) // `{}`: the rule path-parameter-empty
        .map(str::to_string)
        .collect();
    for name in &declared {
        let has = op
            .parameters
            .iter()
            .chain(path_item_parameters(spec, path))
            .any(|p| matches!(resolve_param(spec, p), Some(openapiv3::Parameter::Path { parameter_data, .. }) if &parameter_data.name == name));
        if !has {
            add(
                RuleId::PathParameterUndeclared,
                pointer.clone(),
                format!("the path has `{{{name}}}` but no path parameter of that name"),
            );
        }
    }
}

fn path_item_parameters<'a>(
    spec: &'a OpenAPI,
    path: &str,
) -> impl Iterator<Item = &'a ReferenceOr<openapiv3::Parameter>> {
    spec.paths
        .paths
        .get(path)
        .and_then(|i| i.as_item())
        .into_iter()
        .flat_map(|i| i.parameters.iter())
}

use crate::spec::model::parameter as resolve_param;

/// A short description of a response's body kind: what progenitor would type it as.
fn response_kind(spec: &OpenAPI, r: &ReferenceOr<openapiv3::Response>) -> String {
    let resp = crate::spec::model::response(spec, r);
    let Some(resp) = resp else {
        return "unresolved".into();
    };
    match resp.content.iter().next() {
        None => "no body".into(),
        Some((media, m)) if crate::spec::http::is_json(media) => match &m.schema {
            Some(ReferenceOr::Reference { reference }) => format!("JSON {reference}"),
            Some(ReferenceOr::Item(s)) => {
                format!("JSON {}", serde_json::to_string(s).unwrap_or_default())
            }
            None => "JSON (any)".into(),
        },
        Some(_) => "byte stream".into(),
    }
}

/// Reports every `$ref` that points at nothing (typify panics or errors on them).
fn dangling_refs(
    root: &serde_json::Value,
    node: &serde_json::Value,
    pointer: String,
    add: &mut impl FnMut(RuleId, String, String),
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
