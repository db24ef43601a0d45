//! Two schemas compared by the direction rule: type and format (changed, widened, narrowed),
//! nullability, access, deprecation, defaults, enum values, bounds and patterns, properties,
//! additionalProperties, items and oneOf/anyOf variants, through every `$ref`; a change inside
//! a component schema is reported at the component.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaData, SchemaKind};

use super::view::{
    Bound, Extra, Kind, Relation, View, component_pointer, relation, type_name, view,
};
use super::{Cmp, Dir, WireRule as W};
use crate::spec::model::{boxed_schema, schema as resolve};
use crate::spec::pointer::escape;

/// A schema that accepts anything, for a media type without one.
pub(super) fn anything() -> ReferenceOr<Schema> {
    ReferenceOr::Item(Schema {
        schema_data: SchemaData::default(),
        schema_kind: SchemaKind::Any(Default::default()),
    })
}

/// Compares two schemas met at `at` (the new document's pointer; the component's when the
/// new side is a `$ref`). A pair of component schemas is compared once per direction: the
/// next operation that meets it gets the same changes.
pub(super) fn compare_schema(
    cmp: &mut Cmp,
    (old, new): (&ReferenceOr<Schema>, &ReferenceOr<Schema>),
    dir: Dir,
    at: &str,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    let at = component_pointer(new).unwrap_or(at);
    let memo_key = match (old, new) {
        (ReferenceOr::Reference { reference: a }, ReferenceOr::Reference { reference: b }) => {
            Some((a.clone(), b.clone(), dir == Dir::Request))
        }
        _ => None,
    };
    if let Some(k) = &memo_key {
        if cmp.in_progress.contains(k) {
            return; // a recursive schema: the level above compares it
        }
        if let Some(found) = cmp.memo.get(k) {
            let op = cmp.op.clone();
            cmp.out.extend(found.iter().cloned().map(|mut c| {
                c.used_by = vec![op.clone()];
                c
            }));
            return;
        }
        cmp.in_progress.insert(k.clone());
    }
    let before = cmp.out.len();
    if let (Some(os), Some(ns)) = (resolve(cmp.old, old), resolve(cmp.new, new)) {
        let (o, n) = (view(cmp.old, os, 0), view(cmp.new, ns, 0));
        compare_views(cmp, &o, &n, dir, at, depth);
    }
    if let Some(k) = memo_key {
        cmp.in_progress.remove(&k);
        let found = cmp.out[before..].to_vec();
        cmp.memo.insert(k, found);
    }
}

fn compare_views(cmp: &mut Cmp, o: &View<'_>, n: &View<'_>, dir: Dir, at: &str, depth: usize) {
    let rel = relation(o, n);
    if rel != Relation::Same {
        let rule = match rel {
            Relation::Generalized => {
                dir.pick(W::RequestTypeGeneralized, W::ResponseTypeGeneralized)
            }
            Relation::Specialized => {
                dir.pick(W::RequestTypeSpecialized, W::ResponseTypeSpecialized)
            }
            _ => dir.pick(W::RequestTypeChanged, W::ResponseTypeChanged),
        };
        cmp.push(
            rule,
            at,
            format!("type `{}` became `{}`", type_name(o), type_name(n)),
        );
        // Another kind of value: what is inside no longer compares.
        if o.kind != n.kind {
            return;
        }
    }
    compare_data(cmp, (o.data, n.data), dir, at);
    // What a client does not send (read-only) or receive (write-only) is not compared further.
    let unseen = |d: &SchemaData| match dir {
        Dir::Request => d.read_only,
        Dir::Response => d.write_only,
    };
    if unseen(o.data) && unseen(n.data) {
        return;
    }
    compare_values(cmp, o, n, dir, at);
    compare_bounds(cmp, o, n, dir, at);
    compare_properties(cmp, o, n, dir, at, depth);
    compare_extra(cmp, o, n, dir, at, depth);
    if let (Some(oi), Some(ni)) = (o.items, n.items) {
        compare_boxed(cmp, (oi, ni), dir, &format!("{at}/items"), depth + 1);
    }
    compare_variants(cmp, o, n, dir, at, depth);
}

/// A boxed schema (a property, array items) compared as any other.
fn compare_boxed(
    cmp: &mut Cmp,
    (old, new): (&ReferenceOr<Box<Schema>>, &ReferenceOr<Box<Schema>>),
    dir: Dir,
    at: &str,
    depth: usize,
) {
    compare_schema(cmp, (&unbox(old), &unbox(new)), dir, at, depth);
}

fn unbox(s: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match s {
        ReferenceOr::Item(b) => ReferenceOr::Item((**b).clone()),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
    }
}

/// Nullability, access, deprecation, default and discriminator.
fn compare_data(cmp: &mut Cmp, (o, n): (&SchemaData, &SchemaData), dir: Dir, at: &str) {
    if o.nullable != n.nullable {
        let rule = match (dir, n.nullable) {
            (Dir::Request, true) => W::RequestMadeNullable,
            (Dir::Request, false) => W::RequestMadeNonNullable,
            (Dir::Response, true) => W::ResponseMadeNullable,
            (Dir::Response, false) => W::ResponseMadeNonNullable,
        };
        let msg = format!("nullable: {} became {}", o.nullable, n.nullable);
        cmp.push(rule, at, msg);
    }
    match dir {
        Dir::Request if o.read_only != n.read_only => {
            let rule = if n.read_only {
                W::RequestPropertyBecameReadOnly
            } else {
                W::RequestPropertyBecameNotReadOnly
            };
            cmp.push(
                rule,
                at,
                format!("readOnly: {} became {}", o.read_only, n.read_only),
            );
        }
        Dir::Response if o.write_only != n.write_only => {
            let rule = if n.write_only {
                W::ResponsePropertyBecameWriteOnly
            } else {
                W::ResponsePropertyBecameNotWriteOnly
            };
            let msg = format!("writeOnly: {} became {}", o.write_only, n.write_only);
            cmp.push(rule, at, msg);
        }
        _ => {}
    }
    if o.deprecated != n.deprecated {
        let rule = if n.deprecated {
            W::SchemaDeprecated
        } else {
            W::SchemaReactivated
        };
        cmp.push(
            rule,
            at,
            format!("deprecated: {} became {}", o.deprecated, n.deprecated),
        );
    }
    let rule = match (&o.default, &n.default) {
        (Some(a), Some(b)) if a != b => {
            Some(dir.pick(W::RequestDefaultChanged, W::ResponseDefaultChanged))
        }
        (None, Some(_)) => Some(dir.pick(W::RequestDefaultAdded, W::ResponseDefaultAdded)),
        (Some(_), None) => Some(dir.pick(W::RequestDefaultRemoved, W::ResponseDefaultRemoved)),
        _ => None,
    };
    if let Some(rule) = rule {
        let show =
            |d: &Option<serde_json::Value>| d.as_ref().map_or("none".into(), |v| v.to_string());
        let msg = format!("default {} became {}", show(&o.default), show(&n.default));
        cmp.push(rule, at, msg);
    }
    let disc = |d: &SchemaData| {
        d.discriminator
            .as_ref()
            .and_then(|d| serde_json::to_value(d).ok())
    };
    if disc(o) != disc(n) {
        let show = |d: &SchemaData| {
            d.discriminator
                .as_ref()
                .map_or("none".into(), |d| format!("`{}`", d.property_name))
        };
        let msg = format!("discriminator {} became {}", show(o), show(n));
        cmp.push(W::DiscriminatorChanged, at, msg);
    }
}

/// Enum values: each one added or removed, or the enum itself added or dropped.
fn compare_values(cmp: &mut Cmp, o: &View<'_>, n: &View<'_>, dir: Dir, at: &str) {
    let oe: BTreeSet<&String> = o.enumeration.iter().collect();
    let ne: BTreeSet<&String> = n.enumeration.iter().collect();
    match (oe.is_empty(), ne.is_empty()) {
        (true, true) => {}
        (true, false) => {
            let rule = dir.pick(W::RequestBecameEnum, W::ResponseBecameEnum);
            cmp.push(rule, at, format!("values restricted to {ne:?}"));
        }
        (false, true) => {
            let rule = dir.pick(W::RequestEnumRemoved, W::ResponseEnumRemoved);
            cmp.push(rule, at, format!("values no longer restricted to {oe:?}"));
        }
        (false, false) => {
            for added in ne.difference(&oe) {
                let rule = dir.pick(W::RequestEnumValueAdded, W::ResponseEnumValueAdded);
                cmp.push(rule, at, format!("enum value `{added}` added"));
            }
            for removed in oe.difference(&ne) {
                let rule = dir.pick(W::RequestEnumValueRemoved, W::ResponseEnumValueRemoved);
                cmp.push(rule, at, format!("enum value `{removed}` removed"));
            }
        }
    }
}

fn show_bound(b: &Bound) -> String {
    let (name, _, value, exclusive) = b;
    if *exclusive {
        format!("{name} {value} (exclusive)")
    } else {
        format!("{name} {value}")
    }
}

/// Bounds (lengths, sizes, minimum and maximum) and the pattern, each on its own.
fn compare_bounds(cmp: &mut Cmp, o: &View<'_>, n: &View<'_>, dir: Dir, at: &str) {
    // A bound that now refuses more, one that now refuses less, one where none was.
    let (tighter, looser, added) = match dir {
        Dir::Request => (
            W::RequestConstraintTightened,
            W::RequestConstraintLoosened,
            W::RequestConstraintAdded,
        ),
        Dir::Response => (
            W::ResponseConstraintTightened,
            W::ResponseConstraintLoosened,
            W::ResponseConstraintTightened,
        ),
    };
    let names: BTreeSet<&str> = o.bounds.iter().chain(&n.bounds).map(|b| b.0).collect();
    for name in names {
        let find = |v: &View<'_>| v.bounds.iter().find(|b| b.0 == name).copied();
        match (find(o), find(n)) {
            (None, Some(b)) => cmp.push(added, at, format!("{} added", show_bound(&b))),
            (Some(a), None) => cmp.push(looser, at, format!("{} removed", show_bound(&a))),
            (Some(a), Some(b)) if a != b => {
                let (_, lower, x, x_excl) = a;
                let (_, _, y, y_excl) = b;
                let stricter = if lower { y > x } else { y < x } || (x == y && y_excl && !x_excl);
                let rule = if stricter { tighter } else { looser };
                let msg = format!("{} became {}", show_bound(&a), show_bound(&b));
                cmp.push(rule, at, msg);
            }
            _ => {}
        }
    }
    match (o.pattern, n.pattern) {
        (None, Some(p)) => cmp.push(added, at, format!("pattern `{p}` added")),
        (Some(p), None) => cmp.push(looser, at, format!("pattern `{p}` removed")),
        (Some(a), Some(b)) if a != b => {
            let rule = dir.pick(W::RequestPatternChanged, W::ResponsePatternChanged);
            cmp.push(rule, at, format!("pattern `{a}` became `{b}`"));
        }
        _ => {}
    }
}

/// Whether a property is one the direction never carries: read-only in a request,
/// write-only in a response.
fn unseen(spec: &OpenAPI, p: &ReferenceOr<Box<Schema>>, dir: Dir) -> bool {
    boxed_schema(spec, p).is_some_and(|s| match dir {
        Dir::Request => s.schema_data.read_only,
        Dir::Response => s.schema_data.write_only,
    })
}

/// Properties added, removed, made required or optional, and each one's schema.
fn compare_properties(cmp: &mut Cmp, o: &View<'_>, n: &View<'_>, dir: Dir, at: &str, depth: usize) {
    let place = |base: &Option<&str>, name: &str| {
        format!("{}/properties/{}", base.unwrap_or(at), escape(name))
    };
    for (name, (np, base)) in &n.properties {
        let pat = place(base, name);
        let now_required = n.required.contains(name);
        let Some((op, _)) = o.properties.get(name) else {
            if unseen(cmp.new, np, dir) {
                continue;
            }
            let rule = match (dir, now_required) {
                (Dir::Request, true) => W::RequestPropertyAddedRequired,
                (Dir::Request, false) => W::RequestPropertyAddedOptional,
                (Dir::Response, _) => W::ResponsePropertyAdded,
            };
            let msg = format!("property `{name}` added");
            cmp.push(rule, &pat, msg);
            continue;
        };
        let was_required = o.required.contains(name);
        if was_required != now_required && !unseen(cmp.new, np, dir) {
            let rule = match (dir, now_required) {
                (Dir::Request, true) => W::RequestPropertyMadeRequired,
                (Dir::Request, false) => W::RequestPropertyMadeOptional,
                (Dir::Response, true) => W::ResponsePropertyMadeRequired,
                (Dir::Response, false) => W::ResponsePropertyMadeOptional,
            };
            let msg = format!("property `{name}` required: {was_required} became {now_required}");
            cmp.push(rule, &pat, msg);
        }
        compare_boxed(cmp, (op, np), dir, &pat, depth + 1);
    }
    for (name, (op, base)) in &o.properties {
        if n.properties.contains_key(name) || unseen(cmp.old, op, dir) {
            continue;
        }
        let rule = match (dir, o.required.contains(name)) {
            (Dir::Request, _) => W::RequestPropertyRemoved,
            (Dir::Response, true) => W::ResponseRequiredPropertyRemoved,
            (Dir::Response, false) => W::ResponseOptionalPropertyRemoved,
        };
        cmp.push(
            rule,
            &place(base, name),
            format!("property `{name}` removed"),
        );
    }
}

/// `additionalProperties`: opened, closed, or its schema compared.
fn compare_extra(cmp: &mut Cmp, o: &View<'_>, n: &View<'_>, dir: Dir, at: &str, depth: usize) {
    if o.kind != Kind::Object {
        return;
    }
    if let (Extra::Schema(a), Extra::Schema(b)) = (o.extra, n.extra) {
        let at = format!("{at}/additionalProperties");
        compare_schema(cmp, (a, b), dir, &at, depth + 1);
        return;
    }
    if o.extra.rank() == n.extra.rank() {
        return;
    }
    let rule = match (dir, n.extra.rank() > o.extra.rank()) {
        (Dir::Request, true) => W::RequestAdditionalPropertiesWidened,
        (Dir::Request, false) => W::RequestAdditionalPropertiesNarrowed,
        (Dir::Response, true) => W::ResponseAdditionalPropertiesWidened,
        (Dir::Response, false) => W::ResponseAdditionalPropertiesNarrowed,
    };
    let msg = format!(
        "additionalProperties {} became {}",
        o.extra.name(),
        n.extra.name()
    );
    cmp.push(rule, at, msg);
}

/// oneOf/anyOf variants: a `$ref` variant is itself wherever it stands; inline variants that
/// appear unchanged on both sides match, and the rest pair up in order and are compared.
fn compare_variants(cmp: &mut Cmp, o: &View<'_>, n: &View<'_>, dir: Dir, at: &str, depth: usize) {
    if o.variants.is_empty() && n.variants.is_empty() {
        return;
    }
    let keyword = if n.kind == Kind::AnyOf {
        "anyOf"
    } else {
        "oneOf"
    };
    let identity = |v: &ReferenceOr<Schema>| match v {
        ReferenceOr::Reference { reference } => reference.clone(),
        ReferenceOr::Item(s) => serde_json::to_string(s).unwrap_or_default(),
    };
    let old_ids: Vec<String> = o.variants.iter().map(identity).collect();
    let new_ids: Vec<String> = n.variants.iter().map(identity).collect();
    let is_ref = |v: &ReferenceOr<Schema>| matches!(v, ReferenceOr::Reference { .. });
    let mut unmatched_old: Vec<usize> = Vec::new();
    for (i, v) in o.variants.iter().enumerate() {
        if let Some(j) = new_ids.iter().position(|id| *id == old_ids[i]) {
            if is_ref(v) {
                let vat = format!("{at}/{keyword}/{j}");
                compare_schema(cmp, (v, &n.variants[j]), dir, &vat, depth + 1);
            }
        } else {
            unmatched_old.push(i);
        }
    }
    let mut unmatched_new: Vec<usize> = (0..n.variants.len())
        .filter(|j| !old_ids.contains(&new_ids[*j]))
        .collect();
    // Inline variants edited in place pair up in order.
    let mut k = 0;
    while k < unmatched_old.len() {
        let i = unmatched_old[k];
        let pair = unmatched_new
            .iter()
            .position(|&j| !is_ref(&o.variants[i]) && !is_ref(&n.variants[j]));
        match pair {
            Some(p) => {
                let j = unmatched_new.remove(p);
                unmatched_old.remove(k);
                let vat = format!("{at}/{keyword}/{j}");
                compare_schema(cmp, (&o.variants[i], &n.variants[j]), dir, &vat, depth + 1);
            }
            None => k += 1,
        }
    }
    let describe = |v: &ReferenceOr<Schema>, i: usize| match v {
        ReferenceOr::Reference { reference } => format!("`{reference}`"),
        ReferenceOr::Item(_) => format!("#{i}"),
    };
    for i in unmatched_old {
        let rule = dir.pick(W::RequestVariantRemoved, W::ResponseVariantRemoved);
        let msg = format!("{keyword} variant {} removed", describe(&o.variants[i], i));
        cmp.push(rule, at, msg);
    }
    for j in unmatched_new {
        let rule = dir.pick(W::RequestVariantAdded, W::ResponseVariantAdded);
        let msg = format!("{keyword} variant {} added", describe(&n.variants[j], j));
        cmp.push(rule, &format!("{at}/{keyword}/{j}"), msg);
    }
}
