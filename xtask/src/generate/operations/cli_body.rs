//! The CLI's arguments for a request body (`cli.rs`): a flag per property of an object, a
//! positional list for a JSON:API list of identifiers, JSON for anything else.

use heck::ToShoutySnakeCase;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::TokenStream;
use quote::quote;

use super::args::Held;
use super::cli_names::{flag_name, helps};
use crate::spec::model;

/// Where a property was written, to sort by (see [`crate::spec::Source::order`]).
pub(super) type Order = (usize, crate::spec::yaml::Pos);

/// The table entries of a body's arguments, each with where it goes in the body.
pub(super) fn body_args(
    spec: &OpenAPI,
    schema: Option<&Schema>,
    lines: &std::collections::HashMap<String, Order>,
    entries: &mut Vec<TokenStream>,
) {
    let Some(SchemaKind::Type(Type::Object(object))) = schema.map(|s| &s.schema_kind) else {
        // Not an object: the whole body as JSON.
        let help = "The request body, as JSON.";
        entries.push(quote! {
            Arg { id: "body", help: #help, long_help: "", value_name: "JSON", required: true,
                  many: false, place: Place::Flag("body"), body: Some(BodyPart::Whole), ask: None }
        });
        return;
    };
    let mut properties: Vec<_> = object.properties.iter().collect();
    // In the document's order (the model's maps are sorted); unlocated properties (none in a
    // spec read from a file) keep the model's order, last.
    properties.sort_by_key(|(wire, _)| {
        let at = lines.get(*wire).copied();
        (at.is_none(), at)
    });
    for (wire, property) in properties {
        let property = match property {
            ReferenceOr::Item(s) => Some(&**s),
            ReferenceOr::Reference { reference } => model::schema_by_ref(spec, reference),
        };
        let description = property.and_then(|p| p.schema_data.description.as_deref());
        let (help, long_help) = helps(description);
        let required = object.required.contains(wire);
        let id = format!("body.{wire}");
        let flag = flag_name(wire, None);
        let value_name = flag.to_shouty_snake_case();
        let secret = property.is_some_and(|p| {
            matches!(&p.schema_kind, SchemaKind::Type(Type::String(s))
                if matches!(&s.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password)))
        });
        let (place, part, many) = if secret {
            let env = format!("FASTLY_{}", wire.to_shouty_snake_case());
            (
                quote!(Place::Secret { env: #env }),
                quote!(BodyPart::Field(#wire)),
                false,
            )
        } else if let Some((field, constants)) = property.and_then(|p| identifiers(spec, p)) {
            let constants = constants.iter().map(|(k, v)| quote!((#k, #v)));
            let value_name = field.to_shouty_snake_case();
            entries.push(quote! {
                Arg { id: #id, help: #help, long_help: #long_help, value_name: #value_name,
                      required: #required, many: true, place: Place::Positional,
                      body: Some(BodyPart::Items { array: #wire, field: #field, constants: &[#(#constants),*] }),
                      ask: None }
            });
            continue;
        } else if property.is_some_and(is_scalar) {
            (
                quote!(Place::Flag(#flag)),
                quote!(BodyPart::Field(#wire)),
                false,
            )
        } else if property.is_some_and(|p| array_items(spec, p).is_some_and(is_scalar)) {
            (
                quote!(Place::Flag(#flag)),
                quote!(BodyPart::Field(#wire)),
                true,
            )
        } else {
            (
                quote!(Place::Flag(#flag)),
                quote!(BodyPart::Json(#wire)),
                false,
            )
        };
        entries.push(quote! {
            Arg { id: #id, help: #help, long_help: #long_help, value_name: #value_name,
                  required: #required, many: #many, place: #place, body: Some(#part), ask: None }
        });
    }
}

/// `Some((field, constants))` when `schema` is an array of objects whose properties but one
/// are single-value enums: the free property and the constants.
pub(super) fn identifiers(
    spec: &OpenAPI,
    schema: &Schema,
) -> Option<(String, Vec<(String, String)>)> {
    let items = array_items(spec, schema)?;
    let SchemaKind::Type(Type::Object(object)) = &items.schema_kind else {
        return None;
    };
    let mut free = Vec::new();
    let mut constants = Vec::new();
    for (name, property) in &object.properties {
        let property = match property {
            ReferenceOr::Item(s) => Some(&**s),
            ReferenceOr::Reference { reference } => model::schema_by_ref(spec, reference),
        }?;
        match &property.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => {
                constants.push((name.clone(), s.enumeration[0].clone()?));
            }
            SchemaKind::Type(Type::String(_)) => free.push(name.clone()),
            _ => return None,
        }
    }
    match free.as_slice() {
        [one] => Some((one.clone(), constants)),
        _ => None,
    }
}

pub(super) fn array_items<'a>(spec: &'a OpenAPI, schema: &'a Schema) -> Option<&'a Schema> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(a)) => {
            a.items.as_ref().and_then(|i| model::boxed_schema(spec, i))
        }
        _ => None,
    }
}

pub(super) fn is_array(schema: &Schema) -> bool {
    matches!(schema.schema_kind, SchemaKind::Type(Type::Array(_)))
}

pub(super) fn is_scalar(schema: &Schema) -> bool {
    matches!(
        schema.schema_kind,
        SchemaKind::Type(Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_))
    )
}

/// Whether the raw call takes the argument as text (`&str`, `Option<&str>`).
pub(super) fn is_text(held: &Held) -> bool {
    matches!(held, Held::Str | Held::OptStr)
}
