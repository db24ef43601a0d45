//! Points every `date-time` field of the generated types at the client's own decoder
//! (`crates/fastly-tokens/src/time.rs`): it reads Fastly's `2021-11-02T18:46:13Z` directly and
//! hands anything else to chrono, so what decodes is exactly what chrono's `Deserialize` takes,
//! at a tenth of its cost per date. Serializing is chrono's, untouched.
//!
//! A field typed `Option<DateTime<Utc>>` gains `#[serde(default, deserialize_with =
//! "crate::runtime::time::optional")]`, one typed `DateTime<Utc>` `#[serde(deserialize_with =
//! "crate::runtime::time::required")]`; any other shape holding a date (a list of dates, say) keeps
//! chrono's. Counted against the contract ([`contract::TIMESTAMPS`]): a spec with a
//! `date-time` property outside a replaced schema and no field patched fails generation, so an
//! upgrade that changes how typify spells a date cannot turn the fast path off unseen; a spec
//! whose dates are all lists or named date schemas generates as it did.
//!
//! An optional date the spec marks `x-empty-means-null: true` (a property of a component
//! schema, or of one of its `allOf` members) decodes with `optional_or_empty` instead, which
//! reads `""` as absent: what the live API writes for a date it does not have in some answers.

use serde_json::Value;

use crate::generate::adapt::REPLACEMENTS;
use crate::generate::contract::{self, Tally};
use crate::syntax::{generic_arg, option_inner};

/// Patches the `types` module of `file`; counts into `tally`.
pub(crate) fn apply(file: &mut syn::File, spec: &openapiv3::OpenAPI, tally: &mut Tally) {
    let mut patched = 0;
    let mut generated = std::collections::BTreeSet::new();
    let empty = empty_means_null(spec);
    for items in crate::syntax::types_modules(file) {
        for item in items.iter_mut() {
            match item {
                syn::Item::Struct(s) => generated.insert(s.ident.to_string()),
                syn::Item::Enum(e) => generated.insert(e.ident.to_string()),
                _ => false,
            };
            match item {
                syn::Item::Struct(s) => {
                    let name = s.ident.to_string();
                    let empty = |wire: &str| empty.contains(&(name.clone(), wire.to_string()));
                    patched += patch_fields(&mut s.fields, &empty);
                }
                // An enum variant with named fields (a `oneOf` of objects, say) holds dates too.
                syn::Item::Enum(e) => {
                    for variant in &mut e.variants {
                        patched += patch_fields(&mut variant.fields, &|_| false);
                    }
                }
                _ => {}
            }
        }
    }
    // Loud where it matters: the spec has a date property, yet no field was recognised. A
    // patched field the count below does not foresee (an inline schema's) is no error.
    if declares_dates(spec, &generated) || patched > 0 {
        tally.expect(&contract::TIMESTAMPS, 1);
    }
    if patched > 0 {
        tally.hit(&contract::TIMESTAMPS);
    }
}

/// Points the date fields of `fields` at `crate::runtime::time`, `optional_or_empty` where
/// `empty` says so of the field's wire name; how many it did.
fn patch_fields(fields: &mut syn::Fields, empty: &dyn Fn(&str) -> bool) -> usize {
    let syn::Fields::Named(fields) = fields else {
        return 0;
    };
    let mut patched = 0;
    for field in &mut fields.named {
        let decoder = if option_inner(&field.ty).is_some_and(is_utc_date_time) {
            // The wire name, read only for a date: most fields are not one.
            let wire = crate::syntax::serde_rename(&field.attrs)
                .or_else(|| field.ident.as_ref().map(ToString::to_string))
                .unwrap_or_default();
            match empty(&wire) {
                true => "crate::runtime::time::optional_or_empty",
                false => "crate::runtime::time::optional",
            }
        } else if is_utc_date_time(&field.ty) {
            "crate::runtime::time::required"
        } else {
            continue;
        };
        let default = option_inner(&field.ty).is_some() && !has_serde_default(&field.attrs);
        field.attrs.push(if default {
            syn::parse_quote!(#[serde(default, deserialize_with = #decoder)])
        } else {
            syn::parse_quote!(#[serde(deserialize_with = #decoder)])
        });
        patched += 1;
    }
    patched
}

/// (generated type, property) of every date marked `x-empty-means-null: true`: the properties
/// of each component schema and of its `allOf` members (`spec::model::objects`).
fn empty_means_null(spec: &openapiv3::OpenAPI) -> std::collections::BTreeSet<(String, String)> {
    let mut out = std::collections::BTreeSet::new();
    let Some(components) = &spec.components else {
        return out;
    };
    for (name, schema) in &components.schemas {
        let ty = crate::generate::names::schema_type(name);
        for object in crate::spec::model::objects(spec, schema) {
            for (property, value) in &object.properties {
                let marked = crate::spec::model::boxed_schema(spec, value).is_some_and(|p| {
                    p.schema_data.extensions.get("x-empty-means-null") == Some(&Value::Bool(true))
                });
                if marked {
                    out.insert((ty.clone(), property.clone()));
                }
            }
        }
    }
    out
}

/// `DateTime<Utc>` however the path is spelled (`::chrono::DateTime<::chrono::offset::Utc>`).
fn is_utc_date_time(ty: &syn::Type) -> bool {
    matches!(generic_arg(ty, "DateTime"), Some(syn::Type::Path(p))
        if p.path.segments.last().is_some_and(|s| s.ident == "Utc"))
}

/// Whether a `#[serde(..)]` attribute already gives the field a default.
fn has_serde_default(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("serde") && {
            let mut default = false;
            let _ = a.parse_nested_meta(|meta| {
                default |= meta.path.is_ident("default");
                if meta.input.peek(syn::Token![=]) {
                    let _: syn::Expr = meta.value()?.parse()?;
                }
                Ok(())
            });
            default
        }
    })
}

/// Whether a schema of `components/schemas` that was generated (its type is in `generated`; a
/// schema no operation uses is not, nor one the client replaces) has a property that is an
/// inline `type: string, format: date-time`: typify makes that a named field. A list of dates
/// or a named date schema it types otherwise, and those keep chrono's decoding.
fn declares_dates(
    spec: &openapiv3::OpenAPI,
    generated: &std::collections::BTreeSet<String>,
) -> bool {
    let Some(components) = &spec.components else {
        return false;
    };
    components.schemas.iter().any(|(name, schema)| {
        !REPLACEMENTS.iter().any(|r| r.schema == name)
            && generated.contains(&crate::generate::names::schema_type(name))
            && serde_json::to_value(schema).is_ok_and(|v| has_date_property(&v))
    })
}

fn has_date_property(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, child)| {
            if key.starts_with("x-") || key == "example" || key == "default" || key == "enum" {
                return false;
            }
            let date = |property: &Value| {
                property.get("type").and_then(Value::as_str) == Some("string")
                    && property.get("format").and_then(Value::as_str) == Some("date-time")
            };
            (key == "properties" && child.as_object().is_some_and(|p| p.values().any(date)))
                || has_date_property(child)
        }),
        Value::Array(items) => items.iter().any(has_date_property),
        _ => false,
    }
}
