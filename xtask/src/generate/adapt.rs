//! In-memory adjustments that let progenitor 0.15.1 take the spec as written; the committed
//! spec is never changed.
//!
//! Each bridge names the limit it works around and the place that restores the real wire
//! behaviour at run time:
//!
//! 1. **`+json` request bodies** (`application/vnd.api+json; ext=bulk` on bulkRevokeTokens):
//!    progenitor refuses any JSON media type but `application/json` ("unexpected content
//!    type"; upstream progenitor PR #1415). The body is generated as `application/json`, and
//!    the real media type goes into the operation's description in the generated
//!    `OPERATIONS` table (`content_type`), which the client's session puts back on the wire.
//! 2. **Error responses**: progenitor panics when an operation's error responses differ in
//!    type (createToken: a JSON 400 `{code}`, a body-less 422, a JSON 429 `{msg}`), and a
//!    documented error whose body is not JSON loses its status (`InvalidResponsePayload`).
//!    Every non-2xx response is therefore left out of the generated code; each one reaches
//!    the client as a raw response, which `fastly_tokens::Error` decodes uniformly, keeping
//!    status, headers and body. Schemas that only error responses use (Fastly's `{msg,
//!    detail}` and createToken's `{code}`) are then left out of `types` too: nothing returns
//!    them, `fastly_tokens::Error` reads those fields, and a public `types::Error` would
//!    shadow `fastly_tokens::Error` in a glob import.
//! 3. **Form `encoding`** (createToken's repeated `services[]`): progenitor hits `todo!()` on
//!    a request body with an `encoding` object, and its form encoder (serde_urlencoded)
//!    cannot encode a sequence. The body schema is replaced (see [`REPLACEMENTS`]) by the
//!    hand-written `fastly_tokens::CreateTokenRequest`, which encodes the form exactly as the
//!    spec's `encoding` says, so the `encoding` object is dropped for progenitor. Preflight
//!    still refuses `encoding` on any body whose schema is not replaced.
//! 5. **`+json` success responses** (`application/vnd.example+json`): progenitor types only
//!    `application/json` and hands any other media type back as a `ByteStream`. The response
//!    is generated as `application/json` (progenitor decodes the body whatever its
//!    `Content-Type`), and the declared media type goes into the operation's description in
//!    the generated `OPERATIONS` table (`accept`), which the client's session sends as
//!    `Accept`.
//! 4. **Validation keywords** (`pattern`, `minLength`, `maxLength`, `minItems`, `maxItems`):
//!    typify turns a constrained string into a checked newtype (pulling in `regress`, and
//!    changing the argument and field types whenever a rule is added). progenitor is given
//!    plain strings and lists instead; the generated operations check those rules before
//!    sending (`xtask/src/generate/operations.rs`, `crates/fastly-tokens/src/check.rs`).
//! 6. **`format: uuid`**: typify types it as `uuid::Uuid`, from a crate the client does not
//!    depend on (oxide's API has 216 such fields). progenitor is given a plain string: the
//!    value is kept as the text it is on the wire.
//! 7. **`x-dropshot-pagination`**: progenitor adds a `_stream` method to each paginated
//!    operation, written with the `futures` crate, which the client does not depend on. The
//!    extension is left out for progenitor: the operation stays one call a page.

use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema,
    SchemaKind, StatusCode, Type, VariantOrUnknownOrEmpty,
};

use crate::spec::http::{self, is_plus_json};

/// A hand-written type that stands in for a spec schema in the generated code.
pub struct Replacement {
    /// The schema's name under `components/schemas`.
    pub schema: &'static str,
    /// The name typify gives that schema.
    pub typify_name: &'static str,
    /// The hand-written type, as an absolute path: valid in the client crate (which names
    /// itself with `extern crate self as fastly_tokens`) and in the mock crate alike.
    pub path: &'static str,
    /// The traits it implements that typify may rely on.
    pub impls: &'static [progenitor::TypeImpl],
    /// A value of it, as Rust, for the generated examples (a hand-written type has no spec
    /// example to decode); `None` where no operation takes it as a body.
    pub example: Option<&'static str>,
}

/// Every replacement; each type lives in the client crate beside the generated code and
/// says why it exists.
pub const REPLACEMENTS: &[Replacement] = &[
    // A space-delimited, open-ended list; a closed enum fails on real tokens.
    Replacement {
        schema: "token_scope",
        typify_name: "TokenScope",
        path: "::fastly_tokens::Scopes",
        impls: &[
            progenitor::TypeImpl::FromStr,
            progenitor::TypeImpl::Display,
            progenitor::TypeImpl::Default,
        ],
        example: None,
    },
    // The new token's secret: its `Debug` must never show it.
    Replacement {
        schema: "access_token",
        typify_name: "AccessToken",
        path: "::fastly_tokens::AccessToken",
        impls: &[],
        example: None,
    },
    // serde_urlencoded cannot encode the repeated `services[]`; see bridge 3.
    Replacement {
        schema: "create_token_request",
        typify_name: "CreateTokenRequest",
        path: "::fastly_tokens::CreateTokenRequest",
        impls: &[progenitor::TypeImpl::Default],
        example: Some(
            "fastly_tokens::CreateTokenRequest::new(\"ci deploy\").scopes([fastly_tokens::Scope::GlobalRead])",
        ),
    },
    // The account's password: its `Debug` must never show it, and only the client's own copy
    // may write it into a form (a generated struct would do both).
    Replacement {
        schema: "sudo_request",
        typify_name: "SudoRequest",
        path: "::fastly_tokens::SudoRequest",
        impls: &[progenitor::TypeImpl::Default],
        example: Some("fastly_tokens::SudoRequest::new(\"correct horse battery staple\")"),
    },
];

/// Whether a request body schema is one of [`REPLACEMENTS`] (so its encoding is hand-written).
pub(crate) fn is_replaced(schema: Option<&ReferenceOr<openapiv3::Schema>>) -> bool {
    matches!(schema, Some(ReferenceOr::Reference { reference })
    if REPLACEMENTS.iter().any(|r| {
        reference.strip_prefix("#/components/schemas/") == Some(r.schema)
    }))
}

/// The media type progenitor is given for a declared request media type, or `None` when
/// progenitor cannot send it at all.
pub(crate) fn body_media_type(declared: &str) -> Option<&'static str> {
    match http::essence(declared).as_str() {
        "application/json" => Some("application/json"),
        "application/x-www-form-urlencoded" => Some("application/x-www-form-urlencoded"),
        "application/octet-stream" => Some("application/octet-stream"),
        "text/plain" => Some("text/plain"),
        // progenitor sends it as text, under its own name (`BodyContentType::Text`).
        "text/x-markdown" => Some("text/x-markdown"),
        e if e.starts_with("application/") && e.ends_with("+json") => Some("application/json"),
        _ => None,
    }
}

/// Request media types that bridge 1 replaced: (operationId, declared media type).
pub(crate) fn restored_content_types(spec: &OpenAPI) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for o in crate::spec::model::operations(spec) {
        let (Some(id), Some(body)) = (&o.op.operation_id, o.body) else {
            continue;
        };
        for media in body.content.keys() {
            if body_media_type(media).is_some_and(|m| !media.eq_ignore_ascii_case(m)) {
                out.push((id.clone(), media.clone()));
            }
        }
    }
    out
}

/// Bridge 5: each operation whose success response is a `+json` media type, with that media
/// type (by operationId), so the request hook can send it as `Accept`.
pub(crate) fn restored_accept_types(spec: &OpenAPI) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for op in crate::spec::model::operations(spec) {
        let Some(id) = &op.op.operation_id else {
            continue;
        };
        let declared = http::success_responses(&op.op.responses)
            .into_iter()
            .filter_map(|(_, r)| crate::spec::model::response(spec, r))
            .flat_map(|r| r.content.keys())
            .find(|media| is_plus_json(media));
        if let Some(media) = declared {
            out.push((id.clone(), media.clone()));
        }
    }
    out
}

/// Bridge 5: `+json` response media types renamed `application/json`.
fn json_responses(content: &mut indexmap::IndexMap<String, openapiv3::MediaType>) {
    let renamed = std::mem::take(content).into_iter().map(|(media, value)| {
        let media = if is_plus_json(&media) {
            "application/json".to_string()
        } else {
            media
        };
        (media, value)
    });
    for (media, value) in renamed {
        content.entry(media).or_insert(value);
    }
}

/// The document progenitor is given: `spec` with the bridges applied.
pub(crate) fn for_progenitor(spec: &OpenAPI) -> OpenAPI {
    let bodies: std::collections::BTreeMap<String, openapiv3::RequestBody> = spec
        .components
        .iter()
        .flat_map(|c| &c.request_bodies)
        .filter_map(|(name, body)| {
            let reference = format!("#/components/requestBodies/{name}");
            let body = crate::spec::model::request_body(spec, body)?;
            Some((reference, body.clone()))
        })
        .collect();
    let mut spec = spec.clone();
    relax_document(&mut spec);
    crate::generate::same_as::strip(&mut spec);
    for item in spec.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for op in operations_mut(item) {
            op.extensions.shift_remove("x-dropshot-pagination");
            // A body by `$ref` is bridged as an inline one is: progenitor is given the body
            // itself (a dangling `$ref` is lint's `ref-unresolved`).
            if let Some(ReferenceOr::Reference { reference }) = &op.request_body
                && let Some(body) = bodies.get(reference.as_str())
            {
                op.request_body = Some(ReferenceOr::Item(body.clone()));
            }
            if let Some(ReferenceOr::Item(body)) = &mut op.request_body {
                let content = std::mem::take(&mut body.content);
                for (media, mut value) in content {
                    if is_replaced(value.schema.as_ref()) {
                        value.encoding.clear();
                    }
                    let sent =
                        body_media_type(&media).map_or_else(|| media.clone(), str::to_string);
                    body.content.insert(sent, value);
                }
            }
            let upgrade = StatusCode::Code(101);
            let success: indexmap::IndexMap<_, _> = if op
                .extensions
                .contains_key(crate::generate::websocket::EXTENSION)
            {
                // A websocket upgrade succeeds with `101` (or `default`, which progenitor
                // reads as `101` there): the one response its method is made from.
                let upgraded = op.responses.responses.get(&upgrade);
                upgraded
                    .or(op.responses.default.as_ref())
                    .map(|r| (upgrade, r.clone()))
                    .into_iter()
                    .collect()
            } else {
                http::success_responses(&op.responses)
                    .into_iter()
                    .map(|(code, r)| (code, r.clone()))
                    .collect()
            };
            op.responses.default = None;
            op.responses.responses = success;
            for response in op.responses.responses.values_mut() {
                if let ReferenceOr::Item(r) = response {
                    json_responses(&mut r.content);
                }
            }
        }
    }
    if let Some(c) = &mut spec.components {
        for response in c.responses.values_mut() {
            if let ReferenceOr::Item(r) = response {
                json_responses(&mut r.content);
            }
        }
    }
    keep_reachable(&mut spec);
    spec
}

/// Drops the components nothing generated reaches any more (bridge 2 left the error
/// responses out): the schemas, responses, parameters, request bodies and headers that no
/// operation's parameters, request body or success responses reach through `$ref`s.
fn keep_reachable(spec: &mut OpenAPI) {
    let Some(components) = spec.components.take() else {
        return;
    };
    let doc = serde_json::to_value(&*spec).unwrap_or_default();
    let all = serde_json::to_value(&components).unwrap_or_default();
    // (kind, name) of each component reached, found by following `$ref`s from the paths.
    let mut reached: std::collections::BTreeSet<(String, String)> = Default::default();
    let mut todo = Vec::new();
    collect_refs(&doc, &mut todo);
    while let Some(reference) = todo.pop() {
        let Some(rest) = reference.strip_prefix("#/components/") else {
            continue;
        };
        let Some((kind, name)) = rest.split_once('/') else {
            continue;
        };
        let name = crate::spec::pointer::unescape(name);
        if reached.insert((kind.to_string(), name.clone()))
            && let Some(node) = all.get(kind).and_then(|k| k.get(&name))
        {
            collect_refs(node, &mut todo);
        }
    }
    let keep = |kind: &str, name: &str| reached.contains(&(kind.to_string(), name.to_string()));
    let mut components = components;
    components.schemas.retain(|n, _| keep("schemas", n));
    components.responses.retain(|n, _| keep("responses", n));
    components.parameters.retain(|n, _| keep("parameters", n));
    components
        .request_bodies
        .retain(|n, _| keep("requestBodies", n));
    components.headers.retain(|n, _| keep("headers", n));
    spec.components = Some(components);
}

/// Every `$ref` under `node`.
pub(crate) fn collect_refs(node: &serde_json::Value, out: &mut Vec<String>) {
    match node {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", serde_json::Value::String(r)) => out.push(r.clone()),
                    _ => collect_refs(value, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Every operation of a path item, mutably.
fn operations_mut(
    item: &mut openapiv3::PathItem,
) -> impl Iterator<Item = &mut openapiv3::Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .flatten()
}

/// Bridge 4: every schema of the document without its validation keywords.
fn relax_document(spec: &mut OpenAPI) {
    if let Some(c) = &mut spec.components {
        c.schemas.values_mut().for_each(relax_ref);
        for p in c.parameters.values_mut() {
            if let ReferenceOr::Item(p) = p {
                relax_parameter(p);
            }
        }
        for b in c.request_bodies.values_mut() {
            if let ReferenceOr::Item(b) = b {
                b.content
                    .values_mut()
                    .filter_map(|m| m.schema.as_mut())
                    .for_each(relax_ref);
            }
        }
        for r in c.responses.values_mut() {
            if let ReferenceOr::Item(r) = r {
                r.content
                    .values_mut()
                    .filter_map(|m| m.schema.as_mut())
                    .for_each(relax_ref);
            }
        }
    }
    for item in spec.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for p in &mut item.parameters {
            if let ReferenceOr::Item(p) = p {
                relax_parameter(p);
            }
        }
        for op in operations_mut(item) {
            for p in &mut op.parameters {
                if let ReferenceOr::Item(p) = p {
                    relax_parameter(p);
                }
            }
            if let Some(ReferenceOr::Item(b)) = &mut op.request_body {
                b.content
                    .values_mut()
                    .filter_map(|m| m.schema.as_mut())
                    .for_each(relax_ref);
            }
            for r in op.responses.responses.values_mut() {
                if let ReferenceOr::Item(r) = r {
                    r.content
                        .values_mut()
                        .filter_map(|m| m.schema.as_mut())
                        .for_each(relax_ref);
                }
            }
        }
    }
}

fn relax_parameter(p: &mut Parameter) {
    let data = match p {
        Parameter::Query { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    };
    if let ParameterSchemaOrContent::Schema(s) = &mut data.format {
        relax_ref(s);
    }
}

fn relax_ref(s: &mut ReferenceOr<Schema>) {
    if let ReferenceOr::Item(s) = s {
        relax(s);
    }
}

fn relax_boxed(s: &mut ReferenceOr<Box<Schema>>) {
    if let ReferenceOr::Item(s) = s {
        relax(s);
    }
}

fn relax(schema: &mut Schema) {
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            s.pattern = None;
            s.min_length = None;
            s.max_length = None;
            if matches!(&s.format, VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid") {
                s.format = VariantOrUnknownOrEmpty::Empty;
            }
        }
        SchemaKind::Type(Type::Array(a)) => {
            a.min_items = None;
            a.max_items = None;
            if let Some(items) = &mut a.items {
                relax_boxed(items);
            }
        }
        SchemaKind::Type(Type::Object(o)) => {
            o.properties.values_mut().for_each(relax_boxed);
            if let Some(AdditionalProperties::Schema(s)) = &mut o.additional_properties {
                relax_ref(s);
            }
        }
        SchemaKind::OneOf { one_of: list }
        | SchemaKind::AllOf { all_of: list }
        | SchemaKind::AnyOf { any_of: list } => list.iter_mut().for_each(relax_ref),
        SchemaKind::Not { not } => relax_ref(not),
        SchemaKind::Any(any) => {
            if any.format.as_deref() == Some("uuid") {
                any.format = None;
            }
            any.pattern = None;
            any.min_length = None;
            any.max_length = None;
            any.min_items = None;
            any.max_items = None;
            any.properties.values_mut().for_each(relax_boxed);
            if let Some(items) = &mut any.items {
                relax_boxed(items);
            }
            for list in [&mut any.one_of, &mut any.all_of, &mut any.any_of] {
                list.iter_mut().for_each(relax_ref);
            }
        }
        _ => {}
    }
}
