//! The review rules over references and components: dangling or unused, Markdown that
//! rustdoc would render unsafely, undescribed parameters.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::{Add, text};
use crate::lint::RuleId;
use crate::spec::pointer::escape;
use crate::spec::raw::operations;

/// `$ref` with siblings (OpenAPI 3.0 ignores them), anywhere but inside examples.
pub(super) fn refs(doc: &Value, add: &mut Add<'_>) {
    fn walk(v: &Value, at: String, add: &mut Add<'_>) {
        match v {
            Value::Object(map) => {
                if map.contains_key("$ref") && map.len() > 1 {
                    let others: Vec<&str> = map
                        .keys()
                        .map(String::as_str)
                        .filter(|k| *k != "$ref")
                        .collect();
                    add(
                        RuleId::RefSiblings,
                        at.clone(),
                        format!(
                            "`{}` beside `$ref` is ignored in OpenAPI 3.0",
                            others.join("`, `")
                        ),
                    );
                }
                for (k, child) in map {
                    if k != "example" && k != "examples" && !k.starts_with("x-") {
                        walk(child, format!("{at}/{}", escape(k)), add);
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, format!("{at}/{i}"), add);
                }
            }
            _ => {}
        }
    }
    walk(doc, String::new(), add);
}

pub(super) fn all_refs<'a>(v: &'a Value, out: &mut BTreeSet<&'a str>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.insert(r);
            }
            map.values().for_each(|c| all_refs(c, out));
        }
        Value::Array(items) => items.iter().for_each(|c| all_refs(c, out)),
        _ => {}
    }
}

pub(super) fn unused_components(doc: &Value, add: &mut Add<'_>) {
    let mut used = BTreeSet::new();
    all_refs(doc, &mut used);
    let mut schemes_used = BTreeSet::new();
    let requirements = operations(doc)
        .into_iter()
        .filter_map(|op| op.value.get("security"))
        .chain(doc.get("security"));
    for list in requirements {
        for req in list.as_array().into_iter().flatten() {
            schemes_used.extend(req.as_object().into_iter().flat_map(Map::keys));
        }
    }
    for (kind, map) in doc
        .get("components")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if kind.starts_with("x-") {
            continue;
        }
        for name in map.as_object().into_iter().flat_map(Map::keys) {
            let reference = format!("#/components/{kind}/{}", escape(name));
            let allowed = |c: char| c.is_ascii_alphanumeric() || ".-_".contains(c);
            if !name.chars().all(allowed) {
                add(
                    RuleId::ComponentNameInvalid,
                    reference[1..].to_string(),
                    format!(
                        "component name `{name}` may hold only letters, digits, `.`, `-` and `_`"
                    ),
                );
            }
            let is_used = if kind == "securitySchemes" {
                schemes_used.contains(name)
            } else {
                used.iter()
                    .any(|r| *r == reference || r.starts_with(&format!("{reference}/")))
            };
            if !is_used {
                add(
                    RuleId::ComponentUnused,
                    reference[1..].to_string(),
                    format!("component `{name}` ({kind}) is never used"),
                );
            }
        }
    }
}

/// Script in any description, summary or title: the text becomes rustdoc, which renders HTML.
pub(super) fn markdown(v: &Value, at: String, add: &mut Add<'_>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let here = format!("{at}/{}", escape(k));
                match (k.as_str(), child) {
                    ("description" | "summary" | "title", Value::String(s)) => {
                        let lower = s.to_ascii_lowercase();
                        if let Some(bad) = ["<script", "eval(", "javascript:"]
                            .into_iter()
                            .find(|b| lower.contains(b))
                        {
                            add(
                                RuleId::MarkdownUnsafe,
                                here,
                                format!(
                                    "the text holds `{bad}`: it would reach the crate's HTML docs"
                                ),
                            );
                        }
                    }
                    _ if k == "example" || k == "examples" || k == "enum" || k == "default" => {}
                    _ => markdown(child, here, add),
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                markdown(child, format!("{at}/{i}"), add);
            }
        }
        _ => {}
    }
}

pub(super) fn parameter_descriptions(doc: &Value, add: &mut Add<'_>) {
    let mut seen = BTreeSet::new();
    for op in operations(doc) {
        for p in op.params {
            if text(p.value, "description").is_none() && seen.insert(p.defined.clone()) {
                let name = text(p.value, "name").unwrap_or("?");
                add(
                    RuleId::ParameterDescriptionMissing,
                    p.defined,
                    format!("parameter `{name}` has no description"),
                );
            }
        }
    }
}
