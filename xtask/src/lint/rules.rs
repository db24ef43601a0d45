//! The review rules of `cargo xtask lint` (those at parity with Spectral's `spectral:oas` and
//! Redocly's `recommended`, and our own), each a function over the raw document, so a finding
//! can point at what openapiv3 would drop (siblings of `$ref`, examples, extensions).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::lint::validate;
use crate::spec::model::escape;

/// Where a rule reports: (rule, JSON pointer, message).
pub type Add<'a> = dyn FnMut(RuleId, String, String) + 'a;

use crate::lint::RuleId;
use crate::spec::raw::{RawOp, follow, operations};

/// Runs every review rule over `doc` (the document as parsed, before openapiv3); `text` is
/// its source, for document order where the parsed mappings keep none.
pub fn run(doc: &Value, text: &str, add: &mut Add<'_>) {
    for (pointer, message) in validate::openapi_errors(doc) {
        add(RuleId::OasSchema, pointer, message);
    }
    info(doc, add);
    servers(doc, add);
    tags(doc, add);
    paths(doc, text, add);
    for op in operations(doc) {
        operation(doc, &op, add);
    }
    let components = validate::Components::of(doc);
    for (pointer, schema) in schemas(doc) {
        schema_rules(doc, &components, &pointer, schema, add);
    }
    examples(doc, &components, add);
    if let Some(list) = doc.get("security") {
        security_schemes(doc, list, "/security", add);
    }
    refs(doc, add);
    unused_components(doc, add);
    markdown(doc, String::new(), add);
    parameter_descriptions(doc, add);
    crate::lint::retries::check(doc, add);
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)?.as_str().filter(|s| !s.trim().is_empty())
}

fn info(doc: &Value, add: &mut Add<'_>) {
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

fn servers(doc: &Value, add: &mut Add<'_>) {
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

fn tags(doc: &Value, add: &mut Add<'_>) {
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

/// A path template's parameter names, in order (`None` marks an empty `{}`).
fn template_names(path: &str) -> Vec<Option<&str>> {
    path.split('{')
        .skip(1)
        .filter_map(|s| {
            s.split_once('}')
                .map(|(n, _)| Some(n).filter(|n| !n.is_empty()))
        })
        .collect()
}

fn paths(doc: &Value, text: &str, add: &mut Add<'_>) {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return;
    };
    // In document order, so the later of two clashing paths is the one reported.
    let order: BTreeMap<String, usize> = crate::spec::key_order(text, "paths")
        .into_iter()
        .enumerate()
        .map(|(i, key)| (key, i))
        .collect();
    let mut keys: Vec<&String> = paths.keys().collect();
    keys.sort_by_key(|p| order.get(p.as_str()).copied().unwrap_or(usize::MAX));
    let mut shapes: BTreeMap<String, &str> = BTreeMap::new();
    for path in keys.iter().copied() {
        let at = format!("/paths/{}", escape(path));
        if path.len() > 1 && path.ends_with('/') {
            add(
                RuleId::PathTrailingSlash,
                at.clone(),
                format!("path `{path}` ends with `/`"),
            );
        }
        if path.contains('?') {
            add(
                RuleId::PathQuery,
                at.clone(),
                format!("path `{path}` holds a query string: declare query parameters instead"),
            );
        }
        if template_names(path).contains(&None) {
            add(
                RuleId::PathParameterEmpty,
                at.clone(),
                format!("path `{path}` has an empty `{{}}`"),
            );
        }
        let shape = shape(path).join("/");
        if let Some(first) = shapes.insert(shape, path) {
            add(
                RuleId::PathIdentical,
                at.clone(),
                format!("path `{path}` matches the same URLs as `{first}`"),
            );
        }
    }
    for (i, a) in keys.iter().enumerate() {
        for b in &keys[i + 1..] {
            if ambiguous(a, b) {
                add(
                    RuleId::PathAmbiguous,
                    format!("/paths/{}", escape(b)),
                    format!("a URL can match both `{a}` and `{b}`, neither more literal"),
                );
            }
        }
    }
}

/// A path's segments with every parameter written `{}`.
fn shape(path: &str) -> Vec<&str> {
    path.split('/')
        .map(|s| if s.contains('{') { "{}" } else { s })
        .collect()
}

/// Whether some URL matches both paths and neither path is literal wherever the other is.
fn ambiguous(a: &str, b: &str) -> bool {
    let (a, b) = (shape(a), shape(b));
    if a.len() != b.len() || a == b {
        return false;
    }
    let (mut a_literal, mut b_literal) = (false, false);
    for (x, y) in a.iter().zip(&b) {
        match (*x == "{}", *y == "{}") {
            (false, false) if x != y => return false,
            (false, true) => a_literal = true,
            (true, false) => b_literal = true,
            _ => {}
        }
    }
    a_literal && b_literal
}

fn is_success(code: &str) -> bool {
    code.starts_with('2')
}

fn operation(doc: &Value, op: &RawOp<'_>, add: &mut Add<'_>) {
    let (at, name, v) = (&op.pointer, &op.name, op.value);
    if text(v, "summary").is_none() {
        add(
            RuleId::OperationSummaryMissing,
            at.clone(),
            format!("`{name}` has no summary"),
        );
    }
    if text(v, "description").is_none() {
        add(
            RuleId::OperationDescriptionMissing,
            at.clone(),
            format!("`{name}` has no description"),
        );
    }
    if let Some(id) = text(v, "operationId") {
        let safe = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=".contains(c);
        if !id.chars().all(safe) {
            add(
                RuleId::OperationIdUrlUnsafe,
                format!("{at}/operationId"),
                format!("operationId `{id}` has characters a URL cannot hold as they are"),
            );
        }
    }
    let security = v.get("security").or_else(|| doc.get("security"));
    if security
        .and_then(Value::as_array)
        .is_none_or(|s| s.is_empty())
    {
        add(
            RuleId::OperationSecurityMissing,
            at.clone(),
            format!("`{name}` declares no security and the document has none"),
        );
    }
    let responses = v.get("responses").and_then(Value::as_object);
    let codes: Vec<&str> = responses
        .into_iter()
        .flatten()
        .map(|(c, _)| c.as_str())
        .collect();
    if !codes.iter().any(|c| is_success(c)) {
        add(
            RuleId::SuccessResponseMissing,
            format!("{at}/responses"),
            format!(
                "`{name}` declares no 2xx response: the generated method could not type \
                 its result"
            ),
        );
    }
    if !codes.iter().any(|c| c.starts_with('4') || *c == "default") {
        add(
            RuleId::OperationErrorsUndocumented,
            format!("{at}/responses"),
            format!("`{name}` documents no 4xx response"),
        );
    }
    let declared: Vec<&str> = template_names(op.path).into_iter().flatten().collect();
    for (i, param) in op.params.iter().enumerate() {
        let (Some(pname), Some(place)) = (text(param.value, "name"), text(param.value, "in"))
        else {
            continue;
        };
        // An operation's parameter may replace its path item's; two in one list may not.
        let twin = op.params[..i].iter().find(|q| {
            q.operation_level == param.operation_level
                && text(q.value, "name") == Some(pname)
                && text(q.value, "in") == Some(place)
        });
        if let Some(twin) = twin {
            add(
                RuleId::ParameterDuplicate,
                param.listed.clone(),
                format!(
                    "parameter `{pname}` in {place} is already declared at {}",
                    twin.listed
                ),
            );
        }
        if place == "path" && !declared.contains(&pname) {
            add(
                RuleId::PathParameterUnused,
                param.listed.clone(),
                format!("path parameter `{pname}` is not in the path `{}`", op.path),
            );
        }
    }
    if let Some(list) = v.get("security") {
        security_schemes(doc, list, &format!("{at}/security"), add);
    }
}

/// Security requirements (at `at`) naming a scheme `components.securitySchemes` lacks.
fn security_schemes(doc: &Value, list: &Value, at: &str, add: &mut Add<'_>) {
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

/// Every Schema Object of the document with its pointer: component schemas, the `schema` of
/// parameters, media types and headers, and every schema nested in those.
pub fn schemas(doc: &Value) -> Vec<(String, &Map<String, Value>)> {
    fn in_schema<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a Map<String, Value>)>) {
        let Value::Object(map) = v else { return };
        out.push((at.clone(), map));
        for (k, child) in map {
            match (k.as_str(), child) {
                ("properties", Value::Object(props)) => {
                    for (name, s) in props {
                        in_schema(s, format!("{at}/properties/{}", escape(name)), out);
                    }
                }
                ("items" | "additionalProperties" | "not", _) => {
                    in_schema(child, format!("{at}/{k}"), out)
                }
                ("allOf" | "anyOf" | "oneOf", Value::Array(parts)) => {
                    for (i, s) in parts.iter().enumerate() {
                        in_schema(s, format!("{at}/{k}/{i}"), out);
                    }
                }
                _ => {}
            }
        }
    }
    fn elsewhere<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a Map<String, Value>)>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let here = format!("{at}/{}", escape(k));
                    if k.starts_with("x-") || k == "example" || k == "examples" {
                        continue;
                    }
                    if k == "schema" {
                        in_schema(child, here, out);
                    } else if at == "/components" && k == "schemas" {
                        for (name, s) in child.as_object().into_iter().flatten() {
                            in_schema(s, format!("{here}/{}", escape(name)), out);
                        }
                    } else {
                        elsewhere(child, here, out);
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    elsewhere(child, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    elsewhere(doc, String::new(), &mut out);
    out
}

/// Whether `value` is of OpenAPI type `ty`.
fn of_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

fn schema_rules(
    doc: &Value,
    components: &validate::Components,
    at: &str,
    s: &Map<String, Value>,
    add: &mut Add<'_>,
) {
    let ty = s.get("type").and_then(Value::as_str);
    let nullable = s.get("nullable") == Some(&Value::Bool(true));
    if let Some(values) = s.get("enum").and_then(Value::as_array) {
        for (i, value) in values.iter().enumerate() {
            let fits = match (ty, value) {
                (_, Value::Null) => nullable,
                (Some(ty), v) => of_type(v, ty),
                (None, _) => true,
            };
            if !fits {
                add(
                    RuleId::EnumTypeMismatch,
                    format!("{at}/enum/{i}"),
                    format!(
                        "enum value {value} is not of the schema's type `{}`",
                        ty.unwrap_or("null")
                    ),
                );
            }
            if values[..i].contains(value) {
                add(
                    RuleId::EnumDuplicate,
                    format!("{at}/enum/{i}"),
                    format!("enum value {value} is listed twice"),
                );
            }
        }
    }
    if ty == Some("array") && !s.contains_key("items") {
        add(
            RuleId::ArrayItemsMissing,
            at.to_string(),
            "an array schema needs `items` (OpenAPI 3.0 requires it)".into(),
        );
    }
    if nullable && ty.is_none() && !s.contains_key("$ref") {
        add(
            RuleId::NullableWithoutType,
            format!("{at}/nullable"),
            "`nullable` has no effect without a `type` beside it".into(),
        );
    }
    if ty == Some("object") && s.contains_key("items") {
        add(
            RuleId::SchemaTypeMismatch,
            format!("{at}/items"),
            "an object schema with `items`: the keyword is ignored".into(),
        );
    }
    if ty == Some("array") && s.contains_key("properties") {
        add(
            RuleId::SchemaTypeMismatch,
            format!("{at}/properties"),
            "an array schema with `properties`: the keyword is ignored".into(),
        );
    }
    let composed = ["allOf", "anyOf", "oneOf"]
        .iter()
        .any(|k| s.contains_key(*k));
    if !composed && let Some(required) = s.get("required").and_then(Value::as_array) {
        let props = s.get("properties").and_then(Value::as_object);
        for (i, name) in required.iter().enumerate() {
            let Some(name) = name.as_str() else { continue };
            if props.is_none_or(|p| !p.contains_key(name)) {
                add(
                    RuleId::RequiredPropertyUndefined,
                    format!("{at}/required/{i}"),
                    format!("required property `{name}` is not among the properties"),
                );
            }
        }
    }
    if at.starts_with("/components/schemas/")
        && let Some(props) = s.get("properties").and_then(Value::as_object)
    {
        for (name, prop) in props {
            let (_, target) = follow(doc, String::new(), prop);
            if text(target, "description").is_none() {
                add(
                    RuleId::PropertyDescriptionMissing,
                    format!("{at}/properties/{}", escape(name)),
                    format!("property `{name}` has no description"),
                );
            }
        }
    }
    let whole = Value::Object(s.clone());
    for (key, rule) in [
        ("example", RuleId::ExampleInvalid),
        ("default", RuleId::DefaultInvalid),
    ] {
        if let Some(value) = s.get(key)
            && let Some(why) = components.misfit(&whole, value)
        {
            add(
                rule,
                format!("{at}/{key}"),
                format!("the {key} does not fit its schema: {why}"),
            );
        }
    }
}

/// Examples of parameters, media types and headers (`example`, `examples/*/value`) against
/// their `schema`, and Example Objects with both `value` and `externalValue`.
fn examples(doc: &Value, components: &validate::Components, add: &mut Add<'_>) {
    fn walk(
        doc: &Value,
        components: &validate::Components,
        v: &Value,
        at: String,
        add: &mut Add<'_>,
    ) {
        match v {
            Value::Object(map) => {
                let schema = map.get("schema");
                if let (Some(schema), Some(example)) = (schema, map.get("example"))
                    && let Some(why) = components.misfit(schema, example)
                {
                    add(
                        RuleId::ExampleInvalid,
                        format!("{at}/example"),
                        format!("the example does not fit the schema: {why}"),
                    );
                }
                if let Some(Value::Object(examples)) = map.get("examples")
                    && !at.ends_with("/properties")
                {
                    for (name, ex) in examples {
                        let (ex_at, ex) =
                            follow(doc, format!("{at}/examples/{}", escape(name)), ex);
                        check_example_object(ex, &ex_at, add);
                        if let (Some(schema), Some(value)) = (schema, ex.get("value"))
                            && let Some(why) = components.misfit(schema, value)
                        {
                            add(
                                RuleId::ExampleInvalid,
                                format!("{ex_at}/value"),
                                format!("example `{name}` does not fit the schema: {why}"),
                            );
                        }
                    }
                }
                for (k, child) in map {
                    if k == "schema" || k == "example" || k == "examples" || k.starts_with("x-") {
                        continue;
                    }
                    if at == "/components" && k == "examples" {
                        continue;
                    }
                    walk(doc, components, child, format!("{at}/{}", escape(k)), add);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(doc, components, child, format!("{at}/{i}"), add);
                }
            }
            _ => {}
        }
    }
    for (name, ex) in doc
        .pointer("/components/examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        check_example_object(ex, &format!("/components/examples/{}", escape(name)), add);
    }
    walk(doc, components, doc, String::new(), add);
}

fn check_example_object(ex: &Value, at: &str, add: &mut Add<'_>) {
    if ex.get("value").is_some() && ex.get("externalValue").is_some() {
        add(
            RuleId::ExampleValueAndExternal,
            at.to_string(),
            "an example has both `value` and `externalValue`; give one".into(),
        );
    }
}

/// `$ref` with siblings (OpenAPI 3.0 ignores them), anywhere but inside examples.
fn refs(doc: &Value, add: &mut Add<'_>) {
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

fn all_refs<'a>(v: &'a Value, out: &mut BTreeSet<&'a str>) {
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

fn unused_components(doc: &Value, add: &mut Add<'_>) {
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
fn markdown(v: &Value, at: String, add: &mut Add<'_>) {
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

fn parameter_descriptions(doc: &Value, add: &mut Add<'_>) {
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
