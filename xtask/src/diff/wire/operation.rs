//! One operation compared with its old self: parameters (required, schema, removed), the
//! request body, responses (statuses, headers) and media types, each by the direction rule.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, Operation, Parameter, ReferenceOr, Schema};

use super::schema::compare_schema;
use super::{Cmp, Dir, WireRule};
use crate::spec::pointer::escape;

pub(super) fn compare_operation(
    cmp: &mut Cmp,
    ptr: &str,
    old: (&str, &Operation),
    new: (&str, &Operation),
) {
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
pub(super) fn params<'a>(
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

pub(super) fn param_schema(p: &Parameter) -> Option<&ReferenceOr<Schema>> {
    match &p.parameter_data_ref().format {
        openapiv3::ParameterSchemaOrContent::Schema(s) => Some(s),
        openapiv3::ParameterSchemaOrContent::Content(_) => None,
    }
}

pub(super) fn compare_parameters(
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

pub(super) fn compare_body(cmp: &mut Cmp, ptr: &str, old: &Operation, new: &Operation) {
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

pub(super) fn compare_responses(cmp: &mut Cmp, ptr: &str, old: &Operation, new: &Operation) {
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
    let success = crate::spec::http::is_success_key;
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
pub(super) fn compare_content(
    cmp: &mut Cmp,
    (old, new): (Content, Content),
    dir: Dir,
    at: &str,
    what: &str,
) {
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
pub(super) type Content<'a> = Vec<(&'a String, &'a openapiv3::MediaType)>;
