//! The wire half of `cargo xtask diff`: the structural difference between two specs, each
//! change judged breaking or not for a deployed client.
//!
//! The direction rule: what a client *sends* (parameters, request bodies) breaks when it must
//! send more or may send less; what a client *receives* (responses) breaks when it may receive
//! something it could not decode before (a new field type, a null, a new enum value, a new
//! success status) or loses something it relied on.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, Operation, Parameter, ReferenceOr, Schema, SchemaKind, Type};

use crate::diff::Change;
use crate::spec::model::operations;
use crate::spec::pointer::escape;

/// Which way data flows through a schema.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Request,
    Response,
}

rule_ids! {
    /// A kind of change the wire comparison reports, by value: a rule that does not exist
    /// cannot be reported, and [`WireRule::ALL`] is every rule there is.
    pub enum WireRule {
        RetryPolicyChanged => "retry-policy-changed",
        OperationAdded => "operation-added",
        OperationIdChanged => "operation-id-changed",
        OperationRemoved => "operation-removed",
        ParameterAddedOptional => "parameter-added-optional",
        ParameterAddedRequired => "parameter-added-required",
        ParameterMadeOptional => "parameter-made-optional",
        ParameterMadeRequired => "parameter-made-required",
        ParameterRemoved => "parameter-removed",
        RequestBodyAddedOptional => "request-body-added-optional",
        RequestBodyAddedRequired => "request-body-added-required",
        RequestBodyRemoved => "request-body-removed",
        RequestConstraintChanged => "request-constraint-changed",
        RequestEnumValueAdded => "request-enum-value-added",
        RequestEnumValueRemoved => "request-enum-value-removed",
        RequestMadeNonNullable => "request-made-non-nullable",
        RequestMadeNullable => "request-made-nullable",
        RequestMediaTypeChanged => "request-media-type-changed",
        RequestPropertyAddedOptional => "request-property-added-optional",
        RequestPropertyAddedRequired => "request-property-added-required",
        RequestPropertyMadeOptional => "request-property-made-optional",
        RequestPropertyMadeRequired => "request-property-made-required",
        RequestPropertyRemoved => "request-property-removed",
        RequestTypeChanged => "request-type-changed",
        ResponseConstraintChanged => "response-constraint-changed",
        ResponseEnumValueAdded => "response-enum-value-added",
        ResponseEnumValueRemoved => "response-enum-value-removed",
        ResponseErrorStatusAdded => "response-error-status-added",
        ResponseErrorStatusRemoved => "response-error-status-removed",
        ResponseHeaderAdded => "response-header-added",
        ResponseHeaderRemoved => "response-header-removed",
        ResponseMadeNonNullable => "response-made-non-nullable",
        ResponseMadeNullable => "response-made-nullable",
        ResponseMediaTypeChanged => "response-media-type-changed",
        ResponsePropertyAdded => "response-property-added",
        ResponsePropertyMadeOptional => "response-property-made-optional",
        ResponsePropertyMadeRequired => "response-property-made-required",
        ResponsePropertyRemoved => "response-property-removed",
        ResponseSuccessStatusAdded => "response-success-status-added",
        ResponseSuccessStatusRemoved => "response-success-status-removed",
        ResponseTypeChanged => "response-type-changed",
        SecurityChanged => "security-changed",
    }
}

impl serde::Serialize for WireRule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl PartialEq<&str> for WireRule {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

struct Cmp<'a> {
    old: &'a OpenAPI,
    new: &'a OpenAPI,
    out: Vec<Change>,
    /// The component schemas being compared, innermost last: (pointer where the `$ref` was
    /// met, the component's pointer). A change inside one is reported at the component.
    frames: Vec<(String, String)>,
}

impl Cmp<'_> {
    fn push(
        &mut self,
        rule: WireRule,
        pointer: &str,
        breaking: bool,
        message: String,
        why: &'static str,
    ) {
        let (pointer, used_by) = match self.frames.last() {
            Some((at, component)) if pointer.starts_with(at.as_str()) => (
                format!("{component}{}", &pointer[at.len()..]),
                vec![operation_of(pointer)],
            ),
            _ => (pointer.to_string(), Vec::new()),
        };
        self.out.push(Change {
            rule,
            pointer,
            breaking,
            message,
            why,
            used_by,
        });
    }
}

/// Every change from `old` to `new`.
pub fn compare(old: &OpenAPI, new: &OpenAPI) -> Vec<Change> {
    let mut cmp = Cmp {
        old,
        new,
        out: Vec::new(),
        frames: Vec::new(),
    };
    let key = |method: &str, path: &str| format!("{} {path}", method.to_uppercase());
    let old_ops: BTreeMap<String, (String, String, &Operation)> = operations(old)
        .into_iter()
        .map(|o| (key(o.method, o.path), (o.pointer, o.path.to_string(), o.op)))
        .collect();
    let new_ops: Vec<(String, String, String, &Operation)> = operations(new)
        .into_iter()
        .map(|o| (key(o.method, o.path), o.pointer, o.path.to_string(), o.op))
        .collect();
    let new_keys: BTreeSet<&String> = new_ops.iter().map(|(k, ..)| k).collect();
    for (k, (ptr, _, _)) in &old_ops {
        if !new_keys.contains(k) {
            cmp.push(
                WireRule::OperationRemoved,
                ptr,
                true,
                format!("`{k}` removed"),
                "existing clients call it",
            );
        }
    }
    let docs = (
        serde_json::to_value(old).unwrap_or_default(),
        serde_json::to_value(new).unwrap_or_default(),
    );
    for (k, ptr, path, op) in &new_ops {
        let Some((old_ptr, old_path, old_op)) = old_ops.get(k) else {
            cmp.push(
                WireRule::OperationAdded,
                ptr,
                false,
                format!("`{k}` added"),
                "nothing existing calls it",
            );
            continue;
        };
        compare_operation(&mut cmp, ptr, (old_path, old_op), (path, op));
        compare_retry(&mut cmp, &docs, old_ptr, ptr);
    }
    group(cmp.out)
}

/// The operation's declared retry policy (`x-retry`, its own under the document's).
fn compare_retry(
    cmp: &mut Cmp<'_>,
    (old_doc, new_doc): &(serde_json::Value, serde_json::Value),
    old_ptr: &str,
    ptr: &str,
) {
    let declared = |doc: &serde_json::Value, at: &str| {
        let method = at.rsplit('/').next().unwrap_or_default();
        let op = doc.pointer(at).unwrap_or(&serde_json::Value::Null);
        crate::spec::retries::declared(doc, method, op)
    };
    let (was, now) = (declared(old_doc, old_ptr), declared(new_doc, ptr));
    if was == now {
        return;
    }
    let mut what = Vec::new();
    if was.retries != now.retries {
        what.push(format!("retries {} -> {}", was.retries, now.retries));
    }
    if was.statuses != now.statuses {
        what.push(format!("statuses {:?} -> {:?}", was.statuses, now.statuses));
    }
    if (was.initial_delay_ms, was.max_delay_ms) != (now.initial_delay_ms, now.max_delay_ms) {
        what.push(format!(
            "delays {}..{} ms -> {}..{} ms",
            was.initial_delay_ms, was.max_delay_ms, now.initial_delay_ms, now.max_delay_ms
        ));
    }
    if was.honour_retry_after != now.honour_retry_after {
        what.push(format!(
            "honour-retry-after {} -> {}",
            was.honour_retry_after, now.honour_retry_after
        ));
    }
    cmp.push(
        WireRule::RetryPolicyChanged,
        &format!("{ptr}/x-retry"),
        false,
        format!("the declared retry policy changed: {}", what.join(", ")),
        "the same requests and responses; the generated client retries them differently",
    );
}

/// One row per change of a shared component schema, listing the operations that meet it;
/// per-operation changes stay as they are. Order: first appearance.
fn group(changes: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for change in changes {
        if !change.used_by.is_empty()
            && let Some(same) = out.iter_mut().find(|c| {
                !c.used_by.is_empty()
                    && (c.rule, &c.pointer, c.breaking, &c.message)
                        == (
                            change.rule,
                            &change.pointer,
                            change.breaking,
                            &change.message,
                        )
            })
        {
            for op in change.used_by {
                if !same.used_by.contains(&op) {
                    same.used_by.push(op);
                }
            }
            continue;
        }
        out.push(change);
    }
    out
}

/// `GET /tokens` from a pointer under `/paths/~1tokens/get/...`.
fn operation_of(pointer: &str) -> String {
    let segments = crate::spec::segments(pointer);
    match segments.as_slice() {
        [paths, path, method, ..] if paths == "paths" => {
            format!("{} {path}", method.to_ascii_uppercase())
        }
        _ => pointer.to_string(),
    }
}

fn compare_operation(cmp: &mut Cmp, ptr: &str, old: (&str, &Operation), new: (&str, &Operation)) {
    let (old_path, old_op) = old;
    let (new_path, new_op) = new;
    if old_op.operation_id != new_op.operation_id {
        cmp.push(
            WireRule::OperationIdChanged,
            &format!("{ptr}/operationId"),
            true,
            format!("{:?} became {:?}", old_op.operation_id, new_op.operation_id),
            "the generated method is renamed",
        );
    }
    let old_security = old_op.security.as_ref().or(cmp.old.security.as_ref());
    let new_security = new_op.security.as_ref().or(cmp.new.security.as_ref());
    if old_security != new_security {
        cmp.push(
            WireRule::SecurityChanged,
            &format!("{ptr}/security"),
            true,
            "the accepted credentials changed".into(),
            "existing clients may send credentials no longer accepted",
        );
    }
    compare_parameters(
        cmp,
        ptr,
        params(cmp.old, old_path, old_op),
        params(cmp.new, new_path, new_op),
    );
    compare_body(cmp, ptr, old_op, new_op);
    compare_responses(cmp, ptr, old_op, new_op);
}

/// The operation's parameters with the path item's, resolved, keyed by (location, name).
fn params<'a>(
    spec: &'a OpenAPI,
    path: &str,
    op: &'a Operation,
) -> BTreeMap<(String, String), &'a Parameter> {
    let item_params = spec
        .paths
        .paths
        .get(path)
        .and_then(ReferenceOr::as_item)
        .map(|i| i.parameters.iter())
        .into_iter()
        .flatten();
    let mut out = BTreeMap::new();
    for p in item_params.chain(op.parameters.iter()) {
        let p = crate::spec::model::parameter(spec, p);
        if let Some(p) = p {
            let data = p.parameter_data_ref();
            let location = match p {
                Parameter::Query { .. } => "query",
                Parameter::Header { .. } => "header",
                Parameter::Path { .. } => "path",
                Parameter::Cookie { .. } => "cookie",
            };
            out.insert((location.to_string(), data.name.clone()), p);
        }
    }
    out
}

fn param_schema(p: &Parameter) -> Option<&ReferenceOr<Schema>> {
    match &p.parameter_data_ref().format {
        openapiv3::ParameterSchemaOrContent::Schema(s) => Some(s),
        openapiv3::ParameterSchemaOrContent::Content(_) => None,
    }
}

fn compare_parameters(
    cmp: &mut Cmp,
    ptr: &str,
    old: BTreeMap<(String, String), &Parameter>,
    new: BTreeMap<(String, String), &Parameter>,
) {
    let at = format!("{ptr}/parameters");
    for ((location, name), p) in &new {
        let required = p.parameter_data_ref().required;
        match old.get(&(location.clone(), name.clone())) {
            None if required => cmp.push(
                WireRule::ParameterAddedRequired,
                &at,
                true,
                format!("required {location} parameter `{name}` added"),
                "existing clients do not send it",
            ),
            None => cmp.push(
                WireRule::ParameterAddedOptional,
                &at,
                false,
                format!("optional {location} parameter `{name}` added"),
                "existing clients may leave it out",
            ),
            Some(o) => {
                let was = o.parameter_data_ref().required;
                if !was && required {
                    cmp.push(
                        WireRule::ParameterMadeRequired,
                        &at,
                        true,
                        format!("{location} parameter `{name}` is now required"),
                        "existing clients may leave it out",
                    );
                } else if was && !required {
                    cmp.push(
                        WireRule::ParameterMadeOptional,
                        &at,
                        false,
                        format!("{location} parameter `{name}` is now optional"),
                        "existing clients send it anyway",
                    );
                }
                if let (Some(os), Some(ns)) = (param_schema(o), param_schema(p)) {
                    let before = cmp.out.len();
                    compare_schema(cmp, (os, ns), Dir::Request, &format!("{at}/{name}"), 0);
                    for c in &mut cmp.out[before..] {
                        c.message = format!("{location} parameter `{name}`: {}", c.message);
                    }
                }
            }
        }
    }
    for (location, name) in old.keys() {
        if !new.contains_key(&(location.clone(), name.clone())) {
            cmp.push(
                WireRule::ParameterRemoved,
                &at,
                true,
                format!("{location} parameter `{name}` removed"),
                "existing clients still send it, and the generated method loses an argument",
            );
        }
    }
}

fn compare_body(cmp: &mut Cmp, ptr: &str, old: &Operation, new: &Operation) {
    let at = format!("{ptr}/requestBody");
    let body = |op: &Operation| match &op.request_body {
        Some(ReferenceOr::Item(b)) => Some(b.clone()),
        _ => None,
    };
    match (body(old), body(new)) {
        (None, None) => {}
        (None, Some(b)) => cmp.push(
            if b.required {
                WireRule::RequestBodyAddedRequired
            } else {
                WireRule::RequestBodyAddedOptional
            },
            &at,
            b.required,
            "a request body was added".into(),
            if b.required {
                "existing clients send none"
            } else {
                "existing clients may send none"
            },
        ),
        (Some(_), None) => cmp.push(
            WireRule::RequestBodyRemoved,
            &at,
            true,
            "the request body was removed".into(),
            "existing clients still send one",
        ),
        (Some(o), Some(n)) => compare_content(
            cmp,
            (o.content.iter().collect(), n.content.iter().collect()),
            Dir::Request,
            &at,
            "",
        ),
    }
}

fn compare_responses(cmp: &mut Cmp, ptr: &str, old: &Operation, new: &Operation) {
    let resolve =
        |spec: &'_ OpenAPI, r: &ReferenceOr<openapiv3::Response>| -> Option<openapiv3::Response> {
            crate::spec::model::response(spec, r).cloned()
        };
    let codes = |op: &Operation| -> BTreeMap<String, ReferenceOr<openapiv3::Response>> {
        op.responses
            .responses
            .iter()
            .map(|(c, r)| (c.to_string(), r.clone()))
            .chain(
                op.responses
                    .default
                    .iter()
                    .map(|r| ("default".to_string(), r.clone())),
            )
            .collect()
    };
    let (oc, nc) = (codes(old), codes(new));
    let success = |c: &str| c.starts_with('2');
    for (code, nr) in &nc {
        let at = format!("{ptr}/responses/{code}");
        let Some(or) = oc.get(code) else {
            if success(code) {
                cmp.push(
                    WireRule::ResponseSuccessStatusAdded,
                    &at,
                    true,
                    format!("success status {code} added"),
                    "existing clients treat an undocumented status as unexpected",
                );
            } else {
                cmp.push(
                    WireRule::ResponseErrorStatusAdded,
                    &at,
                    false,
                    format!("error status {code} documented"),
                    "existing clients already handle an error status",
                );
            }
            continue;
        };
        let (Some(or), Some(nr)) = (resolve(cmp.old, or), resolve(cmp.new, nr)) else {
            continue;
        };
        for name in nr.headers.keys() {
            if !or.headers.contains_key(name) {
                cmp.push(
                    WireRule::ResponseHeaderAdded,
                    &format!("{at}/headers"),
                    false,
                    format!("header `{name}` added to {code}"),
                    "existing clients ignore it",
                );
            }
        }
        for name in or.headers.keys() {
            if !nr.headers.contains_key(name) {
                cmp.push(
                    WireRule::ResponseHeaderRemoved,
                    &format!("{at}/headers"),
                    true,
                    format!("header `{name}` removed from {code}"),
                    "existing clients may read it",
                );
            }
        }
        compare_content(
            cmp,
            (or.content.iter().collect(), nr.content.iter().collect()),
            Dir::Response,
            &at,
            &format!("{code} "),
        );
    }
    for code in oc.keys() {
        if !nc.contains_key(code) {
            let at = format!("{ptr}/responses/{code}");
            cmp.push(
                if success(code) {
                    WireRule::ResponseSuccessStatusRemoved
                } else {
                    WireRule::ResponseErrorStatusRemoved
                },
                &at,
                false,
                format!("status {code} no longer documented"),
                "existing clients handle it and no longer receive it",
            );
        }
    }
}

/// Compares the media types of a request body or response, then the schema of each media
/// type both sides have; `what` prefixes the message (a response's status and a space).
fn compare_content(cmp: &mut Cmp, (old, new): (Content, Content), dir: Dir, at: &str, what: &str) {
    let om: BTreeSet<&String> = old.iter().map(|(m, _)| *m).collect();
    let nm: BTreeSet<&String> = new.iter().map(|(m, _)| *m).collect();
    if om != nm {
        let (rule, why) = match dir {
            Dir::Request => (
                WireRule::RequestMediaTypeChanged,
                "existing clients send the old media type",
            ),
            Dir::Response => (
                WireRule::ResponseMediaTypeChanged,
                "existing clients decode the old media type",
            ),
        };
        cmp.push(
            rule,
            &format!("{at}/content"),
            true,
            format!("{what}media types {om:?} became {nm:?}"),
            why,
        );
    }
    for (media, nmedia) in &new {
        let omedia = old.iter().find(|(m, _)| m == media).map(|(_, o)| *o);
        if let (Some(omedia), Some(ns)) = (omedia, &nmedia.schema)
            && let Some(os) = &omedia.schema
        {
            let pointer = format!("{at}/content/{}/schema", escape(media));
            compare_schema(cmp, (os, ns), dir, &pointer, 0);
        }
    }
}

/// The media types of a request body or response, in document order.
type Content<'a> = Vec<(&'a String, &'a openapiv3::MediaType)>;

/// A schema with `$ref` resolved and `allOf` merged into one object view.
struct View {
    kind: String,
    nullable: bool,
    enumeration: Vec<String>,
    constraints: Vec<(&'static str, String)>,
    properties: BTreeMap<String, ReferenceOr<Box<Schema>>>,
    required: BTreeSet<String>,
    items: Option<ReferenceOr<Box<Schema>>>,
}

use crate::spec::model::schema_by_ref as lookup;

fn view(spec: &OpenAPI, schema: &Schema, depth: usize) -> View {
    let mut v = View {
        kind: "any".into(),
        nullable: schema.schema_data.nullable,
        enumeration: Vec::new(),
        constraints: Vec::new(),
        properties: BTreeMap::new(),
        required: BTreeSet::new(),
        items: None,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            v.kind = match &s.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(f) => format!(
                    "string({})",
                    serde_json::to_value(f)
                        .ok()
                        .and_then(|x| x.as_str().map(String::from))
                        .unwrap_or_default()
                ),
                openapiv3::VariantOrUnknownOrEmpty::Unknown(f) => format!("string({f})"),
                openapiv3::VariantOrUnknownOrEmpty::Empty => "string".into(),
            };
            v.enumeration = s.enumeration.iter().flatten().cloned().collect();
            if let Some(p) = &s.pattern {
                v.constraints.push(("pattern", p.clone()));
            }
            if let Some(n) = s.min_length {
                v.constraints.push(("minLength", n.to_string()));
            }
            if let Some(n) = s.max_length {
                v.constraints.push(("maxLength", n.to_string()));
            }
        }
        SchemaKind::Type(Type::Integer(i)) => {
            v.kind = "integer".into();
            v.enumeration = i
                .enumeration
                .iter()
                .flatten()
                .map(|n| n.to_string())
                .collect();
            if let Some(n) = i.minimum {
                v.constraints.push(("minimum", n.to_string()));
            }
            if let Some(n) = i.maximum {
                v.constraints.push(("maximum", n.to_string()));
            }
        }
        SchemaKind::Type(Type::Number(n)) => {
            v.kind = "number".into();
            if let Some(x) = n.minimum {
                v.constraints.push(("minimum", x.to_string()));
            }
            if let Some(x) = n.maximum {
                v.constraints.push(("maximum", x.to_string()));
            }
        }
        SchemaKind::Type(Type::Boolean(_)) => v.kind = "boolean".into(),
        SchemaKind::Type(Type::Object(o)) => {
            v.kind = "object".into();
            v.properties = o.properties.clone().into_iter().collect();
            v.required = o.required.iter().cloned().collect();
        }
        SchemaKind::Type(Type::Array(a)) => {
            v.kind = "array".into();
            v.items = a.items.clone();
            if let Some(n) = a.min_items {
                v.constraints.push(("minItems", n.to_string()));
            }
            if let Some(n) = a.max_items {
                v.constraints.push(("maxItems", n.to_string()));
            }
        }
        SchemaKind::AllOf { all_of } if depth < 16 => {
            v.kind = "object".into();
            for part in all_of {
                let part = match part {
                    ReferenceOr::Item(s) => Some(s),
                    ReferenceOr::Reference { reference } => lookup(spec, reference),
                };
                if let Some(part) = part {
                    let pv = view(spec, part, depth + 1);
                    v.properties.extend(pv.properties);
                    v.required.extend(pv.required);
                }
            }
        }
        SchemaKind::OneOf { .. } => v.kind = "oneOf".into(),
        SchemaKind::AnyOf { .. } => v.kind = "anyOf".into(),
        _ => {}
    }
    v
}

use crate::spec::model::schema as resolve_ref;

fn unbox(s: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match s {
        ReferenceOr::Item(b) => ReferenceOr::Item((**b).clone()),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
    }
}

fn compare_schema(
    cmp: &mut Cmp,
    (old, new): (&ReferenceOr<Schema>, &ReferenceOr<Schema>),
    dir: Dir,
    at: &str,
    depth: usize,
) {
    // Both sides name the same component: what changes inside it is the component's change.
    let component = match (old, new) {
        (ReferenceOr::Reference { reference: a }, ReferenceOr::Reference { reference: b })
            if a == b && a.starts_with("#/components/schemas/") =>
        {
            Some(a.trim_start_matches('#').to_string())
        }
        _ => None,
    };
    if let Some(component) = &component {
        cmp.frames.push((at.to_string(), component.clone()));
    }
    compare_schema_body(cmp, (old, new), dir, at, depth);
    if component.is_some() {
        cmp.frames.pop();
    }
}

fn compare_schema_body(
    cmp: &mut Cmp,
    (old, new): (&ReferenceOr<Schema>, &ReferenceOr<Schema>),
    dir: Dir,
    at: &str,
    depth: usize,
) {
    if depth > 16 {
        return; // a recursive schema; the levels above were compared
    }
    let (Some(os), Some(ns)) = (resolve_ref(cmp.old, old), resolve_ref(cmp.new, new)) else {
        return;
    };
    let (o, n) = (view(cmp.old, os, depth), view(cmp.new, ns, depth));
    let req = dir == Dir::Request;
    if o.kind != n.kind {
        cmp.push(
            if req {
                WireRule::RequestTypeChanged
            } else {
                WireRule::ResponseTypeChanged
            },
            at,
            true,
            format!("type `{}` became `{}`", o.kind, n.kind),
            if req {
                "existing clients send the old type"
            } else {
                "existing clients decode the old type"
            },
        );
        return;
    }
    if o.nullable != n.nullable {
        let (rule, breaking, why) = match (req, n.nullable) {
            (false, true) => (
                WireRule::ResponseMadeNullable,
                true,
                "existing clients may not accept null",
            ),
            (false, false) => (
                WireRule::ResponseMadeNonNullable,
                false,
                "existing clients accept null and values alike",
            ),
            (true, true) => (
                WireRule::RequestMadeNullable,
                false,
                "existing clients send values, still accepted",
            ),
            (true, false) => (
                WireRule::RequestMadeNonNullable,
                true,
                "existing clients may send null",
            ),
        };
        cmp.push(
            rule,
            at,
            breaking,
            format!("nullable: {} became {}", o.nullable, n.nullable),
            why,
        );
    }
    let oe: BTreeSet<&String> = o.enumeration.iter().collect();
    let ne: BTreeSet<&String> = n.enumeration.iter().collect();
    for added in ne.difference(&oe) {
        if oe.is_empty() {
            break; // a new enum restricts an open value; reported below as a constraint
        }
        cmp.push(
            if req {
                WireRule::RequestEnumValueAdded
            } else {
                WireRule::ResponseEnumValueAdded
            },
            at,
            !req,
            format!("enum value `{added}` added"),
            if req {
                "existing clients never send it"
            } else {
                "existing clients decode a closed enum and fail on it"
            },
        );
    }
    for removed in oe.difference(&ne) {
        if ne.is_empty() {
            break;
        }
        cmp.push(
            if req {
                WireRule::RequestEnumValueRemoved
            } else {
                WireRule::ResponseEnumValueRemoved
            },
            at,
            req,
            format!("enum value `{removed}` removed"),
            if req {
                "existing clients may send it"
            } else {
                "existing clients stop receiving it"
            },
        );
    }
    if (oe.is_empty()) != (ne.is_empty()) || o.constraints != n.constraints {
        cmp.push(
            if req {
                WireRule::RequestConstraintChanged
            } else {
                WireRule::ResponseConstraintChanged
            },
            at,
            req,
            format!("constraints {:?} became {:?}", describe(&o), describe(&n)),
            if req {
                "existing clients may send values now refused"
            } else {
                "existing clients decode any value of the type"
            },
        );
    }
    for (name, np) in &n.properties {
        let pat = format!("{at}/properties/{}", escape(name));
        let now_required = n.required.contains(name);
        match o.properties.get(name) {
            None => {
                let (rule, breaking, why) = match (req, now_required) {
                    (true, true) => (
                        WireRule::RequestPropertyAddedRequired,
                        true,
                        "existing clients do not send it",
                    ),
                    (true, false) => (
                        WireRule::RequestPropertyAddedOptional,
                        false,
                        "existing clients may leave it out",
                    ),
                    (false, _) => (
                        WireRule::ResponsePropertyAdded,
                        false,
                        "existing clients ignore unknown fields",
                    ),
                };
                cmp.push(
                    rule,
                    &pat,
                    breaking,
                    format!("property `{name}` added"),
                    why,
                );
            }
            Some(op) => {
                let was_required = o.required.contains(name);
                if was_required != now_required {
                    let (rule, breaking, why) = match (req, now_required) {
                        (true, true) => (
                            WireRule::RequestPropertyMadeRequired,
                            true,
                            "existing clients may leave it out",
                        ),
                        (true, false) => (
                            WireRule::RequestPropertyMadeOptional,
                            false,
                            "existing clients send it anyway",
                        ),
                        (false, true) => (
                            WireRule::ResponsePropertyMadeRequired,
                            false,
                            "existing clients already accept it present",
                        ),
                        (false, false) => (
                            WireRule::ResponsePropertyMadeOptional,
                            true,
                            "existing clients may rely on it being present",
                        ),
                    };
                    cmp.push(
                        rule,
                        &pat,
                        breaking,
                        format!("property `{name}` required: {was_required} became {now_required}"),
                        why,
                    );
                }
                compare_schema(cmp, (&unbox(op), &unbox(np)), dir, &pat, depth + 1);
            }
        }
    }
    for name in o.properties.keys() {
        if !n.properties.contains_key(name) {
            let pat = format!("{at}/properties/{}", escape(name));
            let (rule, breaking, why) = if req {
                (
                    WireRule::RequestPropertyRemoved,
                    false,
                    "servers ignore fields they do not know; the Rust type loses the field (see the surface)",
                )
            } else {
                (
                    WireRule::ResponsePropertyRemoved,
                    true,
                    "existing clients may read it",
                )
            };
            cmp.push(
                rule,
                &pat,
                breaking,
                format!("property `{name}` removed"),
                why,
            );
        }
    }
    if let (Some(oi), Some(ni)) = (&o.items, &n.items) {
        compare_schema(
            cmp,
            (&unbox(oi), &unbox(ni)),
            dir,
            &format!("{at}/items"),
            depth + 1,
        );
    }
}

fn describe(v: &View) -> String {
    let mut parts: Vec<String> = v
        .constraints
        .iter()
        .map(|(k, x)| format!("{k}={x}"))
        .collect();
    if !v.enumeration.is_empty() {
        parts.push(format!("enum={:?}", v.enumeration));
    }
    parts.join(", ")
}
