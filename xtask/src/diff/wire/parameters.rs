//! An operation's parameters compared with their old selves (`operation.rs`): matched by
//! location and name (a path parameter by its place in the template, so a rename is a rename),
//! then each one's requiredness, serialization and schema by the direction rule.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr};

use super::schema::compare_schema;
use super::{Cmp, Dir, WireRule as W};
use crate::spec::model::Op;
use crate::spec::pointer::escape;

/// The names of a path template's parameters, in order.
fn template_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Path parameters renamed in the template (matched by position): old name -> new name.
pub(super) fn path_renames(
    cmp: &mut Cmp,
    old: &str,
    new: &str,
    ptr: &str,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (a, b) in template_names(old).into_iter().zip(template_names(new)) {
        if a != b {
            let msg = format!("path parameter `{a}` is now `{b}`");
            cmp.push(W::PathParameterRenamed, ptr, msg);
            out.insert(a.to_string(), b.to_string());
        }
    }
    out
}

/// A resolved parameter and where it stands (its component's pointer when it is a `$ref`).
pub(super) struct Param<'a> {
    p: &'a Parameter,
    at: String,
}

/// Where a parameter goes, as messages say it.
fn location(p: &Parameter) -> &'static str {
    match p {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// The operation's parameters with the path item's, resolved, keyed by (location, name):
/// header names case-folded, path parameters under their new names (`renamed`).
pub(super) fn params<'a>(
    spec: &'a OpenAPI,
    o: &Op<'a>,
    renamed: &BTreeMap<String, String>,
) -> BTreeMap<(&'static str, String), Param<'a>> {
    let item = format!("/paths/{}", escape(o.path));
    let item_params = spec
        .paths
        .paths
        .get(o.path)
        .and_then(ReferenceOr::as_item)
        .map(|i| &i.parameters[..])
        .unwrap_or_default();
    let mut out = BTreeMap::new();
    let places = [
        (item, item_params),
        (o.pointer.clone(), &o.op.parameters[..]),
    ];
    for (base, list) in places {
        for (i, r) in list.iter().enumerate() {
            let Some(p) = crate::spec::model::parameter(spec, r) else {
                continue;
            };
            let at = match r {
                ReferenceOr::Reference { reference } => {
                    reference.trim_start_matches('#').to_string()
                }
                ReferenceOr::Item(_) => format!("{base}/parameters/{i}"),
            };
            let loc = location(p);
            let name = &p.parameter_data_ref().name;
            let name = match loc {
                "header" => name.to_ascii_lowercase(),
                "path" => renamed.get(name).cloned().unwrap_or_else(|| name.clone()),
                _ => name.clone(),
            };
            out.insert((loc, name), Param { p, at });
        }
    }
    out
}

/// How a parameter is serialized: style, explode (as in effect) and allowReserved.
fn serialization(p: &Parameter) -> String {
    let value = serde_json::to_value(p).unwrap_or_default();
    let style = value
        .get("style")
        .and_then(|s| s.as_str())
        .unwrap_or(match p {
            Parameter::Query { .. } | Parameter::Cookie { .. } => "form",
            _ => "simple",
        })
        .to_string();
    let explode = p.parameter_data_ref().explode.unwrap_or(style == "form");
    let reserved = matches!(
        p,
        Parameter::Query {
            allow_reserved: true,
            ..
        }
    );
    format!("style={style}, explode={explode}, allowReserved={reserved}")
}

pub(super) fn compare_parameters(
    cmp: &mut Cmp,
    ptr: &str,
    old: BTreeMap<(&'static str, String), Param<'_>>,
    new: BTreeMap<(&'static str, String), Param<'_>>,
) {
    for ((loc, name), n) in &new {
        let data = n.p.parameter_data_ref();
        let shown = &data.name;
        let Some(o) = old.get(&(*loc, name.clone())) else {
            let (rule, what) = if data.required {
                (W::ParameterAddedRequired, "required")
            } else {
                (W::ParameterAddedOptional, "optional")
            };
            cmp.push(
                rule,
                &n.at,
                format!("{what} {loc} parameter `{shown}` added"),
            );
            continue;
        };
        let was = o.p.parameter_data_ref();
        if was.required != data.required {
            let (rule, what) = if data.required {
                (W::ParameterMadeRequired, "now required")
            } else {
                (W::ParameterMadeOptional, "now optional")
            };
            cmp.push(rule, &n.at, format!("{loc} parameter `{shown}` is {what}"));
        }
        if was.deprecated != data.deprecated {
            let rule = if data.deprecated == Some(true) {
                W::ParameterDeprecated
            } else {
                W::ParameterReactivated
            };
            let msg = format!(
                "{loc} parameter `{shown}` deprecated: {} became {}",
                was.deprecated == Some(true),
                data.deprecated == Some(true)
            );
            cmp.push(rule, &n.at, msg);
        }
        let (a, b) = (serialization(o.p), serialization(n.p));
        if a != b {
            let msg = format!("{loc} parameter `{shown}`: {a} became {b}");
            cmp.push(W::ParameterStyleChanged, &n.at, msg);
        }
        if let (ParameterSchemaOrContent::Schema(os), ParameterSchemaOrContent::Schema(ns)) =
            (&was.format, &data.format)
        {
            let before = cmp.out.len();
            compare_schema(cmp, (os, ns), Dir::Request, &format!("{}/schema", n.at), 0);
            for c in &mut cmp.out[before..] {
                c.message = format!("{loc} parameter `{shown}`: {}", c.message);
            }
        }
    }
    for ((loc, name), o) in &old {
        if !new.contains_key(&(*loc, name.clone())) {
            let shown = &o.p.parameter_data_ref().name;
            let msg = format!("{loc} parameter `{shown}` removed");
            cmp.push(W::ParameterRemoved, &format!("{ptr}/parameters"), msg);
        }
    }
}
