//! Two schemas compared by the direction rule: type, nullability, enum values, constraints,
//! properties (added, removed, required), items; a change inside a shared component is
//! reported once, at the component.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

use super::{Cmp, Dir, WireRule};
use crate::spec::model::schema as resolve_ref;
use crate::spec::model::schema_by_ref as lookup;
use crate::spec::pointer::escape;

/// A schema with `$ref` resolved and `allOf` merged into one object view.
pub(super) struct View {
    kind: String,
    nullable: bool,
    enumeration: Vec<String>,
    constraints: Vec<(&'static str, String)>,
    properties: BTreeMap<String, ReferenceOr<Box<Schema>>>,
    required: BTreeSet<String>,
    items: Option<ReferenceOr<Box<Schema>>>,
}

pub(super) fn view(spec: &OpenAPI, schema: &Schema, depth: usize) -> View {
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

pub(super) fn unbox(s: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match s {
        ReferenceOr::Item(b) => ReferenceOr::Item((**b).clone()),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
    }
}

pub(super) fn compare_schema(
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

pub(super) fn compare_schema_body(
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
    let pair = Pair {
        o: &o,
        n: &n,
        dir,
        at,
        depth,
    };
    // A changed type is one change: what is inside no longer compares.
    if !compare_shape(cmp, &pair) {
        return;
    }
    compare_values(cmp, &pair);
    compare_properties(cmp, &pair);
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

pub(super) fn describe(v: &View) -> String {
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

/// The two views of one schema being compared, and where.
#[derive(Clone, Copy)]
struct Pair<'v> {
    o: &'v View,
    n: &'v View,
    dir: Dir,
    at: &'v str,
    depth: usize,
}

/// Type and nullability; false when the type changed.
fn compare_shape(cmp: &mut Cmp, pair: &Pair<'_>) -> bool {
    let Pair {
        o,
        n,
        dir,
        at,
        depth: _,
    } = *pair;
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
        return false;
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
    true
}

/// Enum values and constraints.
fn compare_values(cmp: &mut Cmp, pair: &Pair<'_>) {
    let Pair {
        o,
        n,
        dir,
        at,
        depth: _,
    } = *pair;
    let req = dir == Dir::Request;
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
            format!("constraints {:?} became {:?}", describe(o), describe(n)),
            if req {
                "existing clients may send values now refused"
            } else {
                "existing clients decode any value of the type"
            },
        );
    }
}

/// Properties added, removed, made required or optional, and each one's schema.
fn compare_properties(cmp: &mut Cmp, pair: &Pair<'_>) {
    let Pair {
        o,
        n,
        dir,
        at,
        depth,
    } = *pair;
    let req = dir == Dir::Request;
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
}
