//! One operation compared with its old self: its name, tags and deprecation, its security, its
//! parameters, request body and responses (statuses, headers, media types), each resolved
//! through `$ref` first and judged by the direction rule.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    Header, MediaType, OpenAPI, Operation, ParameterSchemaOrContent, ReferenceOr, RequestBody,
    Response, SecurityRequirement,
};

use super::parameters::{compare_parameters, params, path_renames};
use super::schema::{anything, compare_schema};
use super::{Cmp, Dir, WireRule as W};
use crate::spec::model::Op;
use crate::spec::pointer::escape;

pub(super) fn compare_operation(cmp: &mut Cmp, was: &Op<'_>, now: &Op<'_>) {
    let ptr = now.pointer.as_str();
    let (old_op, new_op) = (was.op, now.op);
    if old_op.operation_id != new_op.operation_id {
        let msg = format!("{:?} became {:?}", old_op.operation_id, new_op.operation_id);
        cmp.push(W::OperationIdChanged, &format!("{ptr}/operationId"), msg);
    }
    if old_op.deprecated != new_op.deprecated {
        let rule = if new_op.deprecated {
            W::OperationDeprecated
        } else {
            W::OperationReactivated
        };
        let msg = format!(
            "deprecated: {} became {}",
            old_op.deprecated, new_op.deprecated
        );
        cmp.push(rule, ptr, msg);
    }
    let tags = |op: &Operation| op.tags.iter().cloned().collect::<BTreeSet<_>>();
    if tags(old_op) != tags(new_op) {
        let msg = format!("tags {:?} became {:?}", tags(old_op), tags(new_op));
        cmp.push(W::OperationTagsChanged, &format!("{ptr}/tags"), msg);
    }
    let renamed = path_renames(cmp, was.path, now.path, ptr);
    compare_security(cmp, old_op, new_op, ptr);
    compare_parameters(
        cmp,
        ptr,
        params(cmp.old, was, &renamed),
        params(cmp.new, now, &BTreeMap::new()),
    );
    compare_body(cmp, ptr, old_op, new_op);
    compare_responses(cmp, ptr, old_op, new_op);
}

/// A request body resolved, and where it stands (its component's pointer for a `$ref`).
fn body<'a>(spec: &'a OpenAPI, op: &'a Operation, ptr: &str) -> Option<(&'a RequestBody, String)> {
    let r = op.request_body.as_ref()?;
    let b = crate::spec::model::request_body(spec, r)?;
    let at = match r {
        ReferenceOr::Reference { reference } => reference.trim_start_matches('#').to_string(),
        ReferenceOr::Item(_) => format!("{ptr}/requestBody"),
    };
    Some((b, at))
}

fn compare_body(cmp: &mut Cmp, ptr: &str, old: &Operation, new: &Operation) {
    match (body(cmp.old, old, ptr), body(cmp.new, new, ptr)) {
        (None, None) => {}
        (None, Some((b, at))) => {
            let (rule, what) = if b.required {
                (W::RequestBodyAddedRequired, "required")
            } else {
                (W::RequestBodyAddedOptional, "optional")
            };
            cmp.push(rule, &at, format!("a {what} request body was added"));
        }
        (Some(_), None) => {
            cmp.push(
                W::RequestBodyRemoved,
                ptr,
                "the request body was removed".into(),
            );
        }
        (Some((o, _)), Some((n, at))) => {
            if o.required != n.required {
                let rule = if n.required {
                    W::RequestBodyMadeRequired
                } else {
                    W::RequestBodyMadeOptional
                };
                let msg = format!(
                    "request body required: {} became {}",
                    o.required, n.required
                );
                cmp.push(rule, &at, msg);
            }
            compare_content(cmp, (&o.content, &n.content), Dir::Request, &at, "");
        }
    }
}

/// A response resolved, and where it stands.
fn response<'a>(
    spec: &'a OpenAPI,
    r: &'a ReferenceOr<Response>,
    at: String,
) -> Option<(&'a Response, String)> {
    let resolved = crate::spec::model::response(spec, r)?;
    let at = match r {
        ReferenceOr::Reference { reference } => reference.trim_start_matches('#').to_string(),
        ReferenceOr::Item(_) => at,
    };
    Some((resolved, at))
}

fn compare_responses(cmp: &mut Cmp, ptr: &str, old: &Operation, new: &Operation) {
    let codes = |op: &Operation| -> BTreeMap<String, ReferenceOr<Response>> {
        let default = op.responses.default.iter();
        op.responses
            .responses
            .iter()
            .map(|(c, r)| (c.to_string(), r.clone()))
            .chain(default.map(|r| ("default".to_string(), r.clone())))
            .collect()
    };
    let (oc, nc) = (codes(old), codes(new));
    let success = crate::spec::http::is_success_key;
    let any_success_left = nc.keys().any(|c| success(c));
    for (code, nr) in &nc {
        let at = format!("{ptr}/responses/{code}");
        let Some(or) = oc.get(code) else {
            let (rule, msg) = if success(code) {
                (
                    W::ResponseSuccessStatusAdded,
                    format!("success status {code} added"),
                )
            } else {
                (
                    W::ResponseErrorStatusAdded,
                    format!("error status {code} documented"),
                )
            };
            cmp.push(rule, &at, msg);
            continue;
        };
        let (Some((or, _)), Some((nr, at))) =
            (response(cmp.old, or, at.clone()), response(cmp.new, nr, at))
        else {
            continue;
        };
        compare_headers(cmp, code, (or, nr), &at);
        let what = format!("{code} ");
        compare_content(cmp, (&or.content, &nr.content), Dir::Response, &at, &what);
    }
    for code in oc.keys().filter(|c| !nc.contains_key(*c)) {
        let rule = match (success(code), any_success_left) {
            (true, true) => W::ResponseSuccessStatusRemoved,
            (true, false) => W::ResponseLastSuccessStatusRemoved,
            (false, _) => W::ResponseErrorStatusRemoved,
        };
        let msg = format!("status {code} no longer documented");
        cmp.push(rule, &format!("{ptr}/responses"), msg);
    }
}

/// A response's headers resolved, by case-folded name: (name as written, header, where).
fn headers<'a>(
    spec: &'a OpenAPI,
    r: &'a Response,
    at: &str,
) -> BTreeMap<String, (&'a str, &'a Header, String)> {
    let components = spec.components.as_ref().map(|c| &c.headers);
    r.headers
        .iter()
        .filter_map(|(name, h)| {
            let (header, at) = match h {
                ReferenceOr::Item(h) => (h, format!("{at}/headers/{}", escape(name))),
                ReferenceOr::Reference { reference } => {
                    let key = reference.strip_prefix("#/components/headers/")?;
                    let h = components?.get(key)?.as_item()?;
                    (h, reference.trim_start_matches('#').to_string())
                }
            };
            Some((name.to_ascii_lowercase(), (name.as_str(), header, at)))
        })
        .collect()
}

fn compare_headers(cmp: &mut Cmp, code: &str, (old, new): (&Response, &Response), at: &str) {
    let (oh, nh) = (headers(cmp.old, old, at), headers(cmp.new, new, at));
    for (key, (name, n, hat)) in &nh {
        let Some((_, o, _)) = oh.get(key) else {
            cmp.push(
                W::ResponseHeaderAdded,
                hat,
                format!("header `{name}` added to {code}"),
            );
            continue;
        };
        if o.required != n.required {
            let rule = if n.required {
                W::ResponseHeaderMadeRequired
            } else {
                W::ResponseHeaderMadeOptional
            };
            let msg = format!(
                "header `{name}` of {code} required: {} became {}",
                o.required, n.required
            );
            cmp.push(rule, hat, msg);
        }
        if let (ParameterSchemaOrContent::Schema(os), ParameterSchemaOrContent::Schema(ns)) =
            (&o.format, &n.format)
        {
            let before = cmp.out.len();
            compare_schema(cmp, (os, ns), Dir::Response, &format!("{hat}/schema"), 0);
            for c in &mut cmp.out[before..] {
                c.message = format!("header `{name}` of {code}: {}", c.message);
            }
        }
    }
    for (key, (name, o, _)) in &oh {
        if !nh.contains_key(key) {
            let rule = if o.required {
                W::ResponseHeaderRemoved
            } else {
                W::ResponseOptionalHeaderRemoved
            };
            let msg = format!("header `{name}` removed from {code}");
            cmp.push(rule, &format!("{at}/headers"), msg);
        }
    }
}

/// Media types keyed by their essence (`application/json; charset=utf-8` is
/// `application/json`): (name as written, media type).
fn media_types(
    content: &indexmap::IndexMap<String, MediaType>,
) -> BTreeMap<String, (&str, &MediaType)> {
    content
        .iter()
        .map(|(name, m)| {
            let essence = crate::spec::http::essence(name).to_ascii_lowercase();
            (essence, (name.as_str(), m))
        })
        .collect()
}

/// Compares the media types of a request body or response, then the schema of each media
/// type both sides have (no schema is a schema that accepts anything); `what` prefixes the
/// media-type messages (a response's status and a space; a schema's own messages stay as
/// they are, so a shared schema's change is one row).
fn compare_content(
    cmp: &mut Cmp,
    (old, new): (
        &indexmap::IndexMap<String, MediaType>,
        &indexmap::IndexMap<String, MediaType>,
    ),
    dir: Dir,
    at: &str,
    what: &str,
) {
    let (om, nm) = (media_types(old), media_types(new));
    let any = anything();
    for (essence, (name, n)) in &nm {
        let mat = format!("{at}/content/{}", escape(name));
        let Some((_, o)) = om.get(essence) else {
            let rule = dir.pick(W::RequestMediaTypeAdded, W::ResponseMediaTypeAdded);
            cmp.push(rule, &mat, format!("{what}media type `{name}` added"));
            continue;
        };
        let (os, ns) = (o.schema.as_ref(), n.schema.as_ref());
        let pair = (os.unwrap_or(&any), ns.unwrap_or(&any));
        compare_schema(cmp, pair, dir, &format!("{mat}/schema"), 0);
    }
    for (essence, (name, _)) in &om {
        if !nm.contains_key(essence) {
            let rule = dir.pick(W::RequestMediaTypeRemoved, W::ResponseMediaTypeRemoved);
            cmp.push(
                rule,
                &format!("{at}/content"),
                format!("{what}media type `{name}` removed"),
            );
        }
    }
}

/// Whether a list of security requirements lets a request without credentials in.
fn anonymous(reqs: Option<&Vec<SecurityRequirement>>) -> bool {
    reqs.is_none_or(|r| r.is_empty() || r.iter().any(|alt| alt.is_empty()))
}

/// Each way to authenticate, by its schemes (`key+basic`), with each scheme's scopes.
fn alternatives(reqs: Option<&Vec<SecurityRequirement>>) -> BTreeMap<String, &SecurityRequirement> {
    reqs.into_iter()
        .flatten()
        .map(|alt| {
            let mut names: Vec<&str> = alt.keys().map(String::as_str).collect();
            names.sort_unstable();
            (names.join("+"), alt)
        })
        .collect()
}

/// The security in effect (the operation's own, else the document's): who may call, with
/// which schemes and scopes, and how those schemes present credentials. A change of the
/// document's `security` is one row at `/security` with the operations that inherit it.
fn compare_security(cmp: &mut Cmp, old: &Operation, new: &Operation, ptr: &str) {
    let own = old.security.is_some() || new.security.is_some();
    let at = if own {
        format!("{ptr}/security")
    } else {
        "/security".to_string()
    };
    let was = old.security.as_ref().or(cmp.old.security.as_ref());
    let now = new.security.as_ref().or(cmp.new.security.as_ref());
    let (oa, na) = (alternatives(was), alternatives(now));
    let list = |alts: &BTreeMap<String, &SecurityRequirement>| {
        alts.keys().cloned().collect::<Vec<_>>().join(" or ")
    };
    match (anonymous(was), anonymous(now)) {
        (true, false) => {
            let msg = format!("credentials are now required: {}", list(&na));
            cmp.push(W::SecurityAdded, &at, msg);
        }
        (false, true) => {
            let msg = format!("credentials are no longer required (were {})", list(&oa));
            cmp.push(W::SecurityRemoved, &at, msg);
        }
        (true, true) => {}
        (false, false) => {
            for (k, alt) in &na {
                let Some(before) = oa.get(k) else {
                    let msg = format!("`{k}` is now accepted");
                    cmp.push(W::SecurityRequirementAdded, &at, msg);
                    continue;
                };
                for (scheme, scopes) in alt.iter() {
                    let had = before.get(scheme).cloned().unwrap_or_default();
                    for s in scopes.iter().filter(|s| !had.contains(s)) {
                        let msg = format!("scope `{s}` of `{scheme}` is now required");
                        cmp.push(W::SecurityScopeAdded, &at, msg);
                    }
                    for s in had.iter().filter(|s| !scopes.contains(s)) {
                        let msg = format!("scope `{s}` of `{scheme}` is no longer required");
                        cmp.push(W::SecurityScopeRemoved, &at, msg);
                    }
                }
            }
            for k in oa.keys().filter(|k| !na.contains_key(*k)) {
                let msg = format!("`{k}` is no longer accepted");
                cmp.push(W::SecurityRequirementRemoved, &at, msg);
            }
        }
    }
    compare_schemes(cmp, now);
}

/// The schemes an operation's requirements name, compared without their descriptions.
fn compare_schemes(cmp: &mut Cmp, reqs: Option<&Vec<SecurityRequirement>>) {
    let names: BTreeSet<&String> = reqs.into_iter().flatten().flat_map(|a| a.keys()).collect();
    let scheme = |spec: &OpenAPI, name: &str| {
        let s = spec
            .components
            .as_ref()?
            .security_schemes
            .get(name)?
            .as_item()?;
        let mut value = serde_json::to_value(s).ok()?;
        if let Some(map) = value.as_object_mut() {
            map.remove("description");
        }
        Some(value)
    };
    for name in names {
        if let (Some(a), Some(b)) = (scheme(cmp.old, name), scheme(cmp.new, name))
            && a != b
        {
            let msg = format!("security scheme `{name}`: {a} became {b}");
            let at = format!("/components/securitySchemes/{}", escape(name));
            cmp.push(W::SecuritySchemeChanged, &at, msg);
        }
    }
}
