//! Points every `date-time` field of the generated types at the client's own decoder
//! (`crates/fastly-tokens/src/time.rs`): it reads Fastly's `2021-11-02T18:46:13Z` directly and
//! hands anything else to chrono, so what decodes is exactly what chrono's `Deserialize` takes,
//! at a tenth of its cost per date. Serializing is chrono's, untouched.
//!
//! A field typed `Option<DateTime<Utc>>` gains `#[serde(default, deserialize_with =
//! "crate::time::optional")]`, one typed `DateTime<Utc>` `#[serde(deserialize_with =
//! "crate::time::required")]`; any other shape holding a date (a list of dates, say) keeps
//! chrono's. Counted against the contract ([`contract::TIMESTAMPS`]): a spec with a
//! `date-time` property outside a replaced schema and no field patched fails generation, so an
//! upgrade that changes how typify spells a date cannot turn the fast path off unseen.

use serde_json::Value;

use crate::generate::adapt::REPLACEMENTS;
use crate::generate::contract::{self, Tally};
use crate::syntax::{generic_arg, option_inner};

/// Patches the `types` module of `file`; counts into `tally`.
pub fn apply(file: &mut syn::File, spec: &openapiv3::OpenAPI, tally: &mut Tally) {
    if declares_dates(spec) {
        tally.expect(&contract::TIMESTAMPS, 1);
    }
    let mut patched = 0;
    for items in crate::syntax::types_modules(file) {
        for item in items.iter_mut() {
            let syn::Item::Struct(s) = item else { continue };
            let syn::Fields::Named(fields) = &mut s.fields else {
                continue;
            };
            for field in &mut fields.named {
                let decoder = if option_inner(&field.ty).is_some_and(is_utc_date_time) {
                    "crate::time::optional"
                } else if is_utc_date_time(&field.ty) {
                    "crate::time::required"
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
        }
    }
    if patched > 0 {
        tally.hit(&contract::TIMESTAMPS);
    }
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

/// Whether a schema of `components/schemas` that typify generates (not one the client replaces)
/// has a `format: date-time` anywhere in it.
fn declares_dates(spec: &openapiv3::OpenAPI) -> bool {
    let Some(components) = &spec.components else {
        return false;
    };
    components.schemas.iter().any(|(name, schema)| {
        !REPLACEMENTS.iter().any(|r| r.schema == name)
            && serde_json::to_value(schema).is_ok_and(|v| has_date_time(&v))
    })
}

fn has_date_time(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            map.get("format").and_then(Value::as_str) == Some("date-time")
                || map
                    .iter()
                    .any(|(k, v)| !k.starts_with("x-") && k != "example" && has_date_time(v))
        }
        Value::Array(items) => items.iter().any(has_date_time),
        _ => false,
    }
}
