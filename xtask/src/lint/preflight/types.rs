//! `type-name-duplicate`: the names typify 0.8.0 gives types, foreseen from the document.
//!
//! typify names a component after its key and an inline schema after its place: a property's
//! object `<Parent>_<property>`, an array's items `<Name>Item`, a map's values `<Name>Value`,
//! an inline title by the title; progenitor names an operation's inline body, success
//! response and parameter types `<operationId>-body`, `-response` and `-<parameter>` (all in
//! Pascal case, `generate::names`). When a second type gets a name already taken, typify
//! either emits both (the code does not build) or hands back the first (`assign_type`: the
//! second schema silently becomes the first, its own fields lost). Either way the document
//! needs a `title` or a `$ref` there; this rule names both places.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use serde_json::Value;

use super::Report;
use crate::generate::names;
use crate::lint::RuleId;
use crate::spec::model::Op;
use crate::spec::pointer::escape;

/// A named type foreseen: where its schema is written.
struct Named {
    pointer: String,
    schema: Value,
}

/// Every type typify and progenitor will name, checked for two of one name.
pub(super) fn check(spec: &openapiv3::OpenAPI, doc: &Value, ops: &[Op<'_>], add: &mut Report<'_>) {
    let mut named: BTreeMap<String, Vec<Named>> = BTreeMap::new();
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for (key, schema) in schemas.into_iter().flatten() {
        let pointer = format!("/components/schemas/{}", escape(key));
        let name = names::schema_type(key);
        if nullable_composition(schema) {
            // The non-null part of a nullable composition is named as the component is: no
            // other name can fix that, so this finding says what can.
            add(
                RuleId::TypeNameDuplicate,
                pointer.clone(),
                format!(
                    "typify 0.8 names this nullable composition `{name}`, and its non-null part \
                     `{name}` too: two types of one name do not compile; make the composition a \
                     component of its own without `nullable`, and refer to it as \
                     `{{nullable: true, allOf: [$ref]}}` where it may be null"
                ),
            );
        }
        named.entry(name.clone()).or_default().push(Named {
            pointer: pointer.clone(),
            schema: schema.clone(),
        });
        inner(&schemas, schema, &name, &pointer, &mut named);
    }
    for o in ops {
        let Some(id) = &o.op.operation_id else {
            continue;
        };
        let mut inline = |schema: Option<&Value>, suffix: &str, at: String| {
            if let Some(schema) = schema.filter(|s| s.get("$ref").is_none()) {
                let name = names::schema_type(&format!("{id}-{suffix}"));
                let name = title(schema).map_or(name, names::schema_type);
                if becomes_named(schema) {
                    named.entry(name.clone()).or_default().push(Named {
                        pointer: at.clone(),
                        schema: schema.clone(),
                    });
                }
                inner(&schemas, schema, &name, &at, &mut named);
            }
        };
        // What progenitor is given (`adapt`): the body as JSON or a form, and the success
        // responses only, a `+json` one as JSON.
        let typed = |media: &str| {
            let sent = crate::generate::adapt::body_media_type(media);
            matches!(
                sent,
                Some("application/json" | "application/x-www-form-urlencoded")
            )
        };
        for (media, m) in o.body.iter().flat_map(|b| &b.content) {
            if typed(media) {
                let at = format!("{}/content/{}/schema", o.body_pointer, escape(media));
                inline(as_json(&m.schema).as_ref(), "body", at);
            }
        }
        for (code, r) in crate::spec::http::success_responses(&o.op.responses) {
            let Some(resp) = crate::spec::model::response(spec, r) else {
                continue;
            };
            let place = format!("{}/responses/{}", o.pointer, escape(&code.to_string()));
            let at = crate::spec::model::defined_at(r, place);
            for (media, m) in &resp.content {
                if crate::spec::http::is_json(media) {
                    let at = format!("{at}/content/{}/schema", escape(media));
                    inline(as_json(&m.schema).as_ref(), "response", at);
                }
            }
        }
        for p in &o.params {
            let schema = serde_json::to_value(&p.data.format).unwrap_or_default();
            inline(
                schema.get("schema"),
                &p.data.name,
                format!("{}/schema", p.pointer),
            );
        }
    }
    for (name, places) in named {
        let Some((first, rest)) = places.split_first() else {
            continue;
        };
        for other in rest {
            if other.schema == first.schema {
                continue; // one schema written twice is one type, as typify makes it
            }
            add(
                RuleId::TypeNameDuplicate,
                other.pointer.clone(),
                format!(
                    "typify 0.8 names this schema `{name}`, as it names {}: two types of one \
                     name do not compile, or one silently becomes the other; give this schema \
                     a `title` of its own, make it a `$ref`, or rename the other",
                    first.pointer
                ),
            );
        }
    }
}

/// A schema of the model as the JSON it was read from.
fn as_json(schema: &Option<openapiv3::ReferenceOr<openapiv3::Schema>>) -> Option<Value> {
    schema.as_ref().and_then(|s| serde_json::to_value(s).ok())
}

fn title(schema: &Value) -> Option<&str> {
    schema.get("title").and_then(Value::as_str)
}

/// Whether typify makes a type of its own, with a name, for this schema when it is not a
/// component: a struct (an object with properties), an enum (string values, or a choice of
/// schemas).
fn becomes_named(schema: &Value) -> bool {
    let has = |key: &str| schema.get(key).is_some();
    let many = |key: &str| {
        schema
            .get(key)
            .and_then(Value::as_array)
            .is_some_and(|a| a.len() > 1)
    };
    if has("$ref") {
        return false;
    }
    schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
        || schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().any(Value::is_string))
        || many("oneOf")
        || many("anyOf")
        || merges_types(schema)
}

/// The component schemas by name.
type Components<'a> = Option<&'a serde_json::Map<String, Value>>;

/// A schema with its `$ref` followed (one component deep; a dangling one as it is).
fn resolved<'a>(all: &Components<'a>, schema: &'a Value) -> &'a Value {
    let target = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .and_then(|name| all.and_then(|a| a.get(&crate::spec::pointer::unescape(name))));
    target.unwrap_or(schema)
}

/// The properties an `allOf` member brings into a merge: its own, and those of what its
/// `$ref` and its own `allOf` reach.
fn merged_properties<'a>(
    all: &Components<'a>,
    member: &'a Value,
    depth: usize,
) -> Vec<(&'a str, &'a Value)> {
    let member = resolved(all, member);
    let mut out: Vec<(&str, &Value)> = member
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    // `schema-all-of-cycle` reports a loop; the depth only keeps this walk finite on one.
    if depth < 32 {
        for inner in member
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.extend(merged_properties(all, inner, depth + 1));
        }
    }
    out
}

/// Whether an `allOf` merges more than one schema into a type of its own: members that only
/// say things of the value (a `description` beside a `$ref`, as documents write to describe a
/// property) add nothing typify types, so one `$ref` and such members are that component.
fn merges_types(schema: &Value) -> bool {
    const WORDS: [&str; 7] = [
        "description",
        "example",
        "readOnly",
        "writeOnly",
        "deprecated",
        "externalDocs",
        "default",
    ];
    let Some(members) = schema.get("allOf").and_then(Value::as_array) else {
        return false;
    };
    let typed = members.iter().filter(|m| {
        !m.as_object().is_some_and(|m| {
            m.keys()
                .all(|k| WORDS.contains(&k.as_str()) || k.starts_with("x-"))
        })
    });
    typed.count() > 1
}

/// A nullable component whose non-null part is a composition (`allOf`, `oneOf`, `anyOf`):
/// typify names that part as it names the component.
fn nullable_composition(schema: &Value) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true))
        && ["allOf", "oneOf", "anyOf"].iter().any(|k| {
            schema
                .get(*k)
                .and_then(Value::as_array)
                .is_some_and(|a| a.len() > 1)
        })
}

/// The named types inside `schema`, whose own type is called `name`: its properties' objects
/// and enums, its items', its map values'.
fn inner(
    all: &Components<'_>,
    schema: &Value,
    name: &str,
    pointer: &str,
    named: &mut BTreeMap<String, Vec<Named>>,
) {
    let prop_name = |prop: &str| names::schema_type(&format!("{name}_{}", prop.to_snake_case()));
    // An `allOf` is merged into one struct: a property that more than one member declares
    // becomes one merged, inline schema, named from its place even where each member wrote a
    // `$ref` (the others stay as their members have them).
    if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
        let mut declared: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
        for member in members {
            for (prop, child) in merged_properties(all, member, 0) {
                declared.entry(prop).or_default().push(child);
            }
        }
        for (prop, schemas) in declared {
            let distinct = schemas.iter().skip(1).any(|s| *s != schemas[0]);
            let named_type = schemas.iter().any(|s| becomes_named(resolved(all, s)));
            if distinct && named_type {
                named.entry(prop_name(prop)).or_default().push(Named {
                    pointer: format!("{pointer}/allOf"),
                    schema: Value::String(format!("the merged property `{prop}`")),
                });
            }
        }
    }
    let mut visit = |child: &Value, suggested: String, at: String| {
        if child.get("$ref").is_some() {
            return;
        }
        let child_name = title(child).map_or(suggested, names::schema_type);
        if becomes_named(child) {
            named.entry(child_name.clone()).or_default().push(Named {
                pointer: at.clone(),
                schema: child.clone(),
            });
        }
        inner(all, child, &child_name, &at, named);
    };
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (prop, child) in props {
            visit(
                child,
                prop_name(prop),
                format!("{pointer}/properties/{}", escape(prop)),
            );
        }
    }
    if let Some(items) = schema.get("items").filter(|i| i.is_object()) {
        visit(items, format!("{name}Item"), format!("{pointer}/items"));
    }
    if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
        let suggested = format!("{name}Value");
        visit(values, suggested, format!("{pointer}/additionalProperties"));
    }
}
