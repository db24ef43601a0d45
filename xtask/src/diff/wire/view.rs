//! A schema as the wire comparison sees it (`schema.rs`): its kind, format, nullability,
//! bounds, properties and variants read through every `$ref`, and how two kinds relate.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaData, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

use crate::spec::model::schema as resolve;

/// A type, as far as the comparison tells types apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Any,
    Boolean,
    Integer,
    Number,
    String,
    Object,
    Array,
    OneOf,
    AnyOf,
    Not,
}

impl Kind {
    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::Any => "any",
            Kind::Boolean => "boolean",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::String => "string",
            Kind::Object => "object",
            Kind::Array => "array",
            Kind::OneOf => "oneOf",
            Kind::AnyOf => "anyOf",
            Kind::Not => "not",
        }
    }
}

/// What may stand for extra properties of an object.
#[derive(Clone, Copy)]
pub(super) enum Extra<'a> {
    /// Any (`additionalProperties` absent or `true`).
    Open,
    /// None (`false`).
    Closed,
    /// Values of this schema.
    Schema(&'a ReferenceOr<Schema>),
}

impl Extra<'_> {
    pub(super) fn name(self) -> &'static str {
        match self {
            Extra::Open => "open",
            Extra::Closed => "closed",
            Extra::Schema(_) => "a schema",
        }
    }

    /// How open: closed < a schema < open.
    pub(super) fn rank(self) -> u8 {
        match self {
            Extra::Closed => 0,
            Extra::Schema(_) => 1,
            Extra::Open => 2,
        }
    }
}

/// A bound on values: (keyword, whether it is a lower bound, value, exclusive).
pub(super) type Bound = (&'static str, bool, f64, bool);

/// A schema with `allOf` merged into one object view; borrowed from the document.
pub(super) struct View<'a> {
    pub(super) kind: Kind,
    pub(super) format: String,
    pub(super) data: &'a SchemaData,
    pub(super) enumeration: Vec<String>,
    pub(super) bounds: Vec<Bound>,
    pub(super) pattern: Option<&'a str>,
    /// Each property, with the component schema that defines it when it came from an `allOf`
    /// part that is a `$ref` (its changes are reported there, once).
    pub(super) properties: BTreeMap<&'a str, (&'a ReferenceOr<Box<Schema>>, Option<&'a str>)>,
    pub(super) required: BTreeSet<&'a str>,
    pub(super) extra: Extra<'a>,
    pub(super) items: Option<&'a ReferenceOr<Box<Schema>>>,
    pub(super) variants: &'a [ReferenceOr<Schema>],
}

pub(super) fn format_name<T: serde::Serialize>(f: &VariantOrUnknownOrEmpty<T>) -> String {
    match f {
        VariantOrUnknownOrEmpty::Item(f) => serde_json::to_value(f)
            .ok()
            .and_then(|x| x.as_str().map(String::from))
            .unwrap_or_default(),
        VariantOrUnknownOrEmpty::Unknown(f) => f.clone(),
        VariantOrUnknownOrEmpty::Empty => String::new(),
    }
}

pub(super) fn extra(a: Option<&AdditionalProperties>) -> Extra<'_> {
    match a {
        None | Some(AdditionalProperties::Any(true)) => Extra::Open,
        Some(AdditionalProperties::Any(false)) => Extra::Closed,
        Some(AdditionalProperties::Schema(s)) => Extra::Schema(s),
    }
}

pub(super) fn view<'a>(spec: &'a OpenAPI, schema: &'a Schema, depth: usize) -> View<'a> {
    let mut v = View {
        kind: Kind::Any,
        format: String::new(),
        data: &schema.schema_data,
        enumeration: Vec::new(),
        bounds: Vec::new(),
        pattern: None,
        properties: BTreeMap::new(),
        required: BTreeSet::new(),
        extra: Extra::Open,
        items: None,
        variants: &[],
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            v.kind = Kind::String;
            v.format = format_name(&s.format);
            v.enumeration = s.enumeration.iter().flatten().cloned().collect();
            v.pattern = s.pattern.as_deref();
            v.bounds
                .extend(s.min_length.map(|n| ("minLength", true, n as f64, false)));
            v.bounds
                .extend(s.max_length.map(|n| ("maxLength", false, n as f64, false)));
        }
        SchemaKind::Type(Type::Integer(i)) => {
            v.kind = Kind::Integer;
            v.format = format_name(&i.format);
            v.enumeration = i.enumeration.iter().flatten().map(i64::to_string).collect();
            v.bounds.extend(
                i.minimum
                    .map(|n| ("minimum", true, n as f64, i.exclusive_minimum)),
            );
            v.bounds.extend(
                i.maximum
                    .map(|n| ("maximum", false, n as f64, i.exclusive_maximum)),
            );
        }
        SchemaKind::Type(Type::Number(n)) => {
            v.kind = Kind::Number;
            v.format = format_name(&n.format);
            v.enumeration = n.enumeration.iter().flatten().map(f64::to_string).collect();
            v.bounds
                .extend(n.minimum.map(|x| ("minimum", true, x, n.exclusive_minimum)));
            v.bounds.extend(
                n.maximum
                    .map(|x| ("maximum", false, x, n.exclusive_maximum)),
            );
        }
        SchemaKind::Type(Type::Boolean(b)) => {
            v.kind = Kind::Boolean;
            v.enumeration = b
                .enumeration
                .iter()
                .flatten()
                .map(bool::to_string)
                .collect();
        }
        SchemaKind::Type(Type::Object(o)) => {
            v.kind = Kind::Object;
            v.properties = o
                .properties
                .iter()
                .map(|(k, s)| (k.as_str(), (s, None)))
                .collect();
            v.required = o.required.iter().map(String::as_str).collect();
            v.extra = extra(o.additional_properties.as_ref());
            v.bounds.extend(
                o.min_properties
                    .map(|n| ("minProperties", true, n as f64, false)),
            );
            v.bounds.extend(
                o.max_properties
                    .map(|n| ("maxProperties", false, n as f64, false)),
            );
        }
        SchemaKind::Type(Type::Array(a)) => {
            v.kind = Kind::Array;
            v.items = a.items.as_ref();
            v.bounds
                .extend(a.min_items.map(|n| ("minItems", true, n as f64, false)));
            v.bounds
                .extend(a.max_items.map(|n| ("maxItems", false, n as f64, false)));
        }
        SchemaKind::AllOf { all_of } => {
            v.kind = Kind::Object;
            for r in all_of.iter().filter(|_| depth < 16) {
                if let Some(part) = resolve(spec, r) {
                    let pv = view(spec, part, depth + 1);
                    let base = component_pointer(r);
                    let props = pv.properties.into_iter();
                    v.properties
                        .extend(props.map(|(k, (s, b))| (k, (s, b.or(base)))));
                    v.required.extend(pv.required);
                    if matches!(pv.extra, Extra::Closed) {
                        v.extra = Extra::Closed;
                    }
                }
            }
        }
        SchemaKind::OneOf { one_of } => {
            v.kind = Kind::OneOf;
            v.variants = one_of;
        }
        SchemaKind::AnyOf { any_of } => {
            v.kind = Kind::AnyOf;
            v.variants = any_of;
        }
        SchemaKind::Not { .. } => v.kind = Kind::Not,
        SchemaKind::Any(any) => {
            v.properties = any
                .properties
                .iter()
                .map(|(k, s)| (k.as_str(), (s, None)))
                .collect();
            v.required = any.required.iter().map(String::as_str).collect();
            v.items = any.items.as_ref();
            v.enumeration = any.enumeration.iter().map(|x| x.to_string()).collect();
            if !v.properties.is_empty() {
                v.kind = Kind::Object;
                v.extra = extra(any.additional_properties.as_ref());
            }
        }
    }
    v
}

/// The type with its format, as messages show it: `string(date-time)`.
pub(super) fn type_name(v: &View<'_>) -> String {
    if v.format.is_empty() {
        v.kind.name().to_string()
    } else {
        format!("{}({})", v.kind.name(), v.format)
    }
}

/// How the new type relates to the old.
#[derive(PartialEq, Eq)]
pub(super) enum Relation {
    Same,
    /// Every old value is a new one.
    Generalized,
    /// Every new value is an old one.
    Specialized,
    Changed,
}

pub(super) fn relation(o: &View<'_>, n: &View<'_>) -> Relation {
    use Relation::*;
    if o.kind == n.kind {
        return match (o.format.as_str(), n.format.as_str()) {
            (a, b) if a == b => Same,
            (_, "") => Generalized,
            ("", _) => Specialized,
            ("int32", "int64") | ("float", "double") => Generalized,
            ("int64", "int32") | ("double", "float") => Specialized,
            _ => Changed,
        };
    }
    match (o.kind, n.kind) {
        (_, Kind::Any) => Generalized,
        (Kind::Any, _) => Specialized,
        (Kind::Integer, Kind::Number) => Generalized,
        (Kind::Number, Kind::Integer) => Specialized,
        _ => Changed,
    }
}

/// The pointer of a component schema a `$ref` names.
pub(super) fn component_pointer(r: &ReferenceOr<Schema>) -> Option<&str> {
    match r {
        ReferenceOr::Reference { reference } => reference.strip_prefix('#'),
        ReferenceOr::Item(_) => None,
    }
}
