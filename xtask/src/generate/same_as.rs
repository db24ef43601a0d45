//! One field for a fact the API spells two ways: a property marked `x-same-as: <other>` (the
//! other property of the same schema) is left out of the generated type, and the type's
//! `Deserialize` reads it into the other's field when an answer lacks that one.
//!
//! The live API writes an automation token's scopes as `scopes` in a list and as `scope` in a
//! get; a user token carries both, `scopes` as a list. Serde's `alias` refuses an answer with
//! both names ("duplicate field"), so the type's `Deserialize` is written here instead: a
//! private twin of the struct, derived, with one more field per marked property, whose value
//! is used only where the field's own name gave none. A list read into a string field is
//! joined with spaces (`crate::runtime::same_as::{text, read}`), and parsed only when used.
//! Serializing is unchanged: the field goes out under its own name only. Counted against the
//! contract ([`contract::SAME_AS`]).

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::generate::contract::{self, Tally};

/// The extension.
pub(crate) const EXTENSION: &str = "x-same-as";

/// A property read into another's field.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Alias {
    /// Its name on the wire.
    wire: String,
    /// The property whose field it fills.
    target: String,
    /// It is a list where the target is a string: joined with spaces.
    joined: bool,
}

/// The properties marked `x-same-as` of each generated type: the properties of each
/// component schema and of its `allOf` members (followed through local `$ref`s, as typify
/// merges them).
fn aliases(spec: &OpenAPI) -> BTreeMap<String, Vec<Alias>> {
    let mut out: BTreeMap<String, Vec<Alias>> = BTreeMap::new();
    let Some(components) = &spec.components else {
        return out;
    };
    for (name, schema) in &components.schemas {
        let mut found = Vec::new();
        for object in crate::spec::model::objects(spec, schema) {
            for (wire, property) in &object.properties {
                let Some(property) = crate::spec::model::boxed_schema(spec, property) else {
                    continue;
                };
                let Some(target) = marked(property) else {
                    continue;
                };
                let is_list = matches!(property.schema_kind, SchemaKind::Type(Type::Array(_)));
                let target_is_text = object
                    .properties
                    .get(target)
                    .and_then(|t| crate::spec::model::boxed_schema(spec, t))
                    .is_some_and(|t| matches!(t.schema_kind, SchemaKind::Type(Type::String(_))));
                found.push(Alias {
                    wire: wire.clone(),
                    target: target.to_string(),
                    joined: is_list && target_is_text,
                });
            }
        }
        if !found.is_empty() {
            found.dedup();
            out.entry(crate::generate::names::schema_type(name))
                .or_default()
                .extend(found);
        }
    }
    out
}

/// The property a schema says it is the same fact as.
fn marked(schema: &Schema) -> Option<&str> {
    schema.schema_data.extensions.get(EXTENSION)?.as_str()
}

/// Takes every marked property out of the document progenitor is given (and out of
/// `required`, where lint has already refused it), so no field is generated for it.
pub(crate) fn strip(spec: &mut OpenAPI) {
    let Some(components) = &mut spec.components else {
        return;
    };
    for schema in components.schemas.values_mut() {
        if let ReferenceOr::Item(schema) = schema {
            strip_schema(schema, 0);
        }
    }
}

fn strip_schema(schema: &mut Schema, depth: usize) {
    if depth > 64 {
        return;
    }
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            let gone: Vec<String> = object
                .properties
                .iter()
                .filter(|(_, p)| matches!(p, ReferenceOr::Item(p) if marked(p).is_some()))
                .map(|(name, _)| name.clone())
                .collect();
            for name in &gone {
                object.properties.shift_remove(name);
            }
            object.required.retain(|r| !gone.contains(r));
        }
        SchemaKind::AllOf { all_of } => {
            for member in all_of {
                if let ReferenceOr::Item(member) = member {
                    strip_schema(member, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// Writes the `Deserialize` of each type with a marked property; counts into `tally`.
pub(crate) fn apply(file: &mut syn::File, spec: &OpenAPI, tally: &mut Tally) {
    let aliases = aliases(spec);
    if aliases.is_empty() {
        return;
    }
    // Each type generated for a schema with a marked property (one no operation reaches is
    // not generated at all).
    let generated: std::collections::BTreeSet<String> = crate::syntax::types_modules(file)
        .flat_map(|items| items.iter())
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            syn::Item::Type(t) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect();
    let expected = aliases.keys().filter(|t| generated.contains(*t)).count();
    tally.expect(&contract::SAME_AS, expected);
    for items in crate::syntax::types_modules(file) {
        let mut impls = Vec::new();
        for item in items.iter_mut() {
            let syn::Item::Struct(s) = item else { continue };
            let Some(these) = aliases.get(&s.ident.to_string()) else {
                continue;
            };
            if let Some(item) = deserialize(s, these).and_then(|c| syn::parse2(c).ok()) {
                impls.push(item);
                tally.hit(&contract::SAME_AS);
            }
        }
        items.extend(impls);
    }
}

/// The `Deserialize` of `s` that reads `aliases` too, with `Deserialize` taken out of its
/// derive; `None` (the struct untouched) when it is not the shape this expects: a struct with
/// named fields deriving `::serde::Deserialize`, each target an `Option` field.
fn deserialize(s: &mut syn::ItemStruct, aliases: &[Alias]) -> Option<TokenStream> {
    let syn::Fields::Named(fields) = &s.fields else {
        return None;
    };
    let field_of = |wire: &str| {
        fields
            .named
            .iter()
            .find(|f| wire_name(f).as_deref() == Some(wire))
    };
    let mut extra = Vec::new();
    let mut filled = BTreeMap::new();
    for (i, alias) in aliases.iter().enumerate() {
        let target = field_of(&alias.target)?;
        let ty = &target.ty;
        crate::syntax::option_inner(ty)?;
        let ident = format_ident!("__same_as_{i}");
        let wire = &alias.wire;
        // A list joined into a string field is kept as text, and read as the field's type
        // only when the field's own name gave nothing: most answers carry both names.
        let (with, held, read) = if alias.joined {
            (
                Some("crate::runtime::same_as::text".to_string()),
                quote!(::std::option::Option<::std::string::String>),
                quote!(crate::runtime::same_as::read::<_, D::Error>(wire.#ident)?),
            )
        } else {
            (
                deserialize_with(&target.attrs),
                quote!(#ty),
                quote!(wire.#ident),
            )
        };
        let with = with.map(|w| quote!(deserialize_with = #w,));
        extra.push(quote! {
            #[serde(rename = #wire, default, #with)]
            #ident: #held
        });
        filled
            .entry(target.ident.clone()?.to_string())
            .or_insert_with(Vec::new)
            .push(read);
    }
    if !drop_derive(&mut s.attrs) {
        return None;
    }
    // The field's docs say where else it is read from.
    if let syn::Fields::Named(fields) = &mut s.fields {
        for alias in aliases {
            let note = format!(
                " Read from `{}` when an answer has no `{}` (the same fact, spelled so by some \
                 answers).",
                alias.wire, alias.target
            );
            if let Some(f) = fields
                .named
                .iter_mut()
                .find(|f| wire_name(f).as_deref() == Some(alias.target.as_str()))
            {
                let at = f.attrs.iter().rposition(|a| a.path().is_ident("doc"));
                let blank: syn::Attribute = syn::parse_quote!(#[doc = ""]);
                let doc: syn::Attribute = syn::parse_quote!(#[doc = #note]);
                match at {
                    Some(i) => {
                        f.attrs.insert(i + 1, doc);
                        f.attrs.insert(i + 1, blank);
                    }
                    None => f.attrs.insert(0, doc),
                }
            }
        }
    }
    let syn::Fields::Named(fields) = &s.fields else {
        return None;
    };
    let name = &s.ident;
    let container: Vec<&syn::Attribute> = s
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .collect();
    let twin_fields = fields.named.iter().map(|f| {
        let serde: Vec<&syn::Attribute> = f
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("serde"))
            .collect();
        let (ident, ty) = (&f.ident, &f.ty);
        quote!(#(#serde)* #ident: #ty)
    });
    let assign = fields.named.iter().filter_map(|f| {
        let ident = f.ident.as_ref()?;
        let others = filled.get(&ident.to_string()).cloned().unwrap_or_default();
        let mut value = quote!(wire.#ident);
        for other in others {
            value = quote!(match #value { Some(value) => Some(value), None => #other });
        }
        Some(quote!(#ident: #value))
    });
    Some(quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                #[derive(::serde::Deserialize)]
                #(#container)*
                struct Wire {
                    #(#twin_fields,)*
                    #(#extra,)*
                }
                let wire = <Wire as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self { #(#assign,)* })
            }
        }
    })
}

/// The name a field has on the wire: its `#[serde(rename = "..")]`, or its identifier.
fn wire_name(field: &syn::Field) -> Option<String> {
    let mut renamed = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                renamed = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    renamed.or_else(|| field.ident.as_ref().map(|i| i.to_string()))
}

/// The field's `#[serde(deserialize_with = "..")]`, if any (a date's fast path).
fn deserialize_with(attrs: &[syn::Attribute]) -> Option<String> {
    let mut with = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("deserialize_with") {
                let value: syn::LitStr = meta.value()?.parse()?;
                with = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    with
}

/// Takes `::serde::Deserialize` out of the struct's `#[derive(..)]`; whether it was there.
fn drop_derive(attrs: &mut [syn::Attribute]) -> bool {
    for attr in attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let Ok(paths) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        let is_deserialize =
            |p: &syn::Path| p.segments.last().is_some_and(|s| s.ident == "Deserialize");
        if !paths.iter().any(is_deserialize) {
            continue;
        }
        let kept = paths.iter().filter(|p| !is_deserialize(p));
        *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
        return true;
    }
    false
}
