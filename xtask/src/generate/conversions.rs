//! `From<A> for B` for every schema `A` the spec builds as `allOf` over a `$ref` to `B` (a
//! created token is a token with its secret): `A`'s fields that `B` has move over, the rest
//! are dropped. Only where each of `B`'s fields has the same type in `A`. Read from the generated structs, so a property added to `B` is carried with no
//! hand-written line.

use openapiv3::{OpenAPI, ReferenceOr, SchemaKind};
use quote::format_ident;
use syn::{Fields, Item};

use crate::generate::names;

/// (extending type, extended type) for every `allOf` with exactly one `$ref` part.
fn extensions(spec: &OpenAPI) -> Vec<(String, String)> {
    let Some(components) = &spec.components else {
        return Vec::new();
    };
    components
        .schemas
        .iter()
        .filter_map(|(name, schema)| {
            let SchemaKind::AllOf { all_of } = &schema.as_item()?.schema_kind else {
                return None;
            };
            let mut refs = all_of.iter().filter_map(|part| match part {
                ReferenceOr::Reference { reference } => {
                    reference.strip_prefix("#/components/schemas/")
                }
                ReferenceOr::Item(_) => None,
            });
            let base = refs.next()?;
            refs.next()
                .is_none()
                .then(|| (names::schema_type(name), names::schema_type(base)))
        })
        .collect()
}

/// The fields of the named struct `name` in `items`: each name, with its type as text.
fn fields<'a>(items: &'a [Item], name: &str) -> Option<Vec<(&'a syn::Ident, String)>> {
    items.iter().find_map(|item| match item {
        Item::Struct(s) if s.ident == name => match &s.fields {
            Fields::Named(f) => Some(
                f.named
                    .iter()
                    .filter_map(|f| {
                        let ty = &f.ty;
                        Some((f.ident.as_ref()?, quote::quote!(#ty).to_string()))
                    })
                    .collect(),
            ),
            _ => None,
        },
        _ => None,
    })
}

/// Adds the conversions to the `types` module of a generated client file.
pub(crate) fn apply(file: &mut syn::File, spec: &OpenAPI) {
    let pairs = extensions(spec);
    for items in crate::syntax::types_modules(file) {
        let mut impls: Vec<Item> = Vec::new();
        for (from, to) in &pairs {
            let (Some(wide), Some(narrow)) = (fields(items, from), fields(items, to)) else {
                continue;
            };
            // Every field of the extended type, of the same type in the extending one: where
            // typify made a field's type anew for the `allOf` (an inline enum merged, say),
            // there is no conversion.
            if !narrow.iter().all(|f| wide.contains(f)) {
                continue;
            }
            let narrow: Vec<&syn::Ident> = narrow.iter().map(|(name, _)| *name).collect();
            let (a, b) = (format_ident!("{from}"), format_ident!("{to}"));
            let doc = format!(
                "A `{from}` as the `{to}` it extends (the spec's `allOf`): the fields only \
                 `{from}` has are dropped."
            );
            impls.push(syn::parse_quote! {
                #[doc = #doc]
                impl ::std::convert::From<#a> for #b {
                    fn from(value: #a) -> Self {
                        Self { #(#narrow: value.#narrow),* }
                    }
                }
            });
        }
        items.extend(impls);
    }
}
