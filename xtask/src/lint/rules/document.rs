//! The document-level review rules: info, servers, tags and security requirements.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::{Add, text};
use crate::lint::RuleId;
use crate::spec::pointer::escape;
use crate::spec::raw::operations;

pub(super) fn info(doc: &Value, add: &mut Add<'_>) {
    let info = doc.get("info").unwrap_or(&Value::Null);
    if info.get("contact").is_none() {
        add(
            RuleId::InfoContactMissing,
            "/info".into(),
            "the document names no contact (`info.contact`)".into(),
        );
    }
    match info.get("license") {
        None => add(
            RuleId::InfoLicenseMissing,
            "/info".into(),
            "the document names no license (`info.license` with `name` and `url`)".into(),
        ),
        Some(license) if text(license, "url").is_none() => add(
            RuleId::InfoLicenseMissing,
            "/info/license".into(),
            "the license has no `url`".into(),
        ),
        Some(_) => {}
    }
    if text(info, "description").is_none() {
        add(
            RuleId::InfoDescriptionMissing,
            "/info".into(),
            "the document has no description (`info.description`)".into(),
        );
    }
}

pub(super) fn servers(doc: &Value, add: &mut Add<'_>) {
    let list = doc.get("servers").and_then(Value::as_array);
    if list.is_none_or(|l| l.is_empty()) {
        add(
            RuleId::ServersMissing,
            "/servers".into(),
            "the document names no server".into(),
        );
    }
    for (i, server) in list.into_iter().flatten().enumerate() {
        let at = format!("/servers/{i}");
        let Some(url) = server.get("url").and_then(Value::as_str) else {
            continue;
        };
        if url.len() > 1 && url.ends_with('/') {
            add(
                RuleId::ServerTrailingSlash,
                format!("{at}/url"),
                format!("server URL `{url}` ends with `/`: paths would join with `//`"),
            );
        }
        if url.contains("example.com") {
            add(
                RuleId::ServerExampleCom,
                format!("{at}/url"),
                format!("server URL `{url}` is a placeholder"),
            );
        }
        let empty = Map::new();
        let vars = server
            .get("variables")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let used: BTreeSet<&str> = url
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect();
        for name in &used {
            if !vars.contains_key(*name) {
                add(
                    RuleId::ServerVariables,
                    format!("{at}/url"),
                    format!("`{{{name}}}` is not among the server's variables"),
                );
            }
        }
        for (name, var) in vars {
            let vat = format!("{at}/variables/{}", escape(name));
            if !used.contains(name.as_str()) {
                add(
                    RuleId::ServerVariables,
                    vat.clone(),
                    format!("variable `{name}` is not used in the URL"),
                );
            }
            if let Some(values) = var.get("enum").and_then(Value::as_array) {
                if values.is_empty() {
                    add(
                        RuleId::ServerVariables,
                        format!("{vat}/enum"),
                        format!("variable `{name}` has an empty enum"),
                    );
                } else if let Some(default) = var.get("default")
                    && !values.contains(default)
                {
                    add(
                        RuleId::ServerVariables,
                        format!("{vat}/default"),
                        format!("the default of `{name}` is not one of its enum values"),
                    );
                }
            }
        }
    }
}

pub(super) fn tags(doc: &Value, add: &mut Add<'_>) {
    let mut declared = BTreeSet::new();
    for (i, tag) in doc
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let Some(name) = tag.get("name").and_then(Value::as_str) else {
            continue;
        };
        if !declared.insert(name) {
            add(
                RuleId::TagDuplicate,
                format!("/tags/{i}/name"),
                format!("tag `{name}` is declared twice"),
            );
        }
        if text(tag, "description").is_none() {
            add(
                RuleId::TagDescriptionMissing,
                format!("/tags/{i}"),
                format!("tag `{name}` has no description"),
            );
        }
    }
    for op in operations(doc) {
        let tags = op.value.get("tags").and_then(Value::as_array);
        if tags.is_none_or(|t| t.is_empty()) {
            add(
                RuleId::OperationTagMissing,
                op.pointer.clone(),
                format!("`{}` has no tag", op.name),
            );
        }
        for (i, tag) in tags.into_iter().flatten().enumerate() {
            if let Some(tag) = tag.as_str()
                && !declared.contains(tag)
            {
                add(
                    RuleId::TagUndeclared,
                    format!("{}/tags/{i}", op.pointer),
                    format!("tag `{tag}` is not declared in the document's `tags`"),
                );
            }
        }
    }
}

/// Security requirements (at `at`) naming a scheme `components.securitySchemes` lacks.
pub(super) fn security_schemes(doc: &Value, list: &Value, at: &str, add: &mut Add<'_>) {
    let schemes = doc.pointer("/components/securitySchemes");
    for (i, req) in list.as_array().into_iter().flatten().enumerate() {
        for scheme in req.as_object().into_iter().flat_map(Map::keys) {
            if schemes.and_then(|s| s.get(scheme)).is_none() {
                add(
                    RuleId::SecuritySchemeUndefined,
                    format!("{at}/{i}/{}", escape(scheme)),
                    format!("security scheme `{scheme}` is not in components.securitySchemes"),
                );
            }
        }
    }
}
