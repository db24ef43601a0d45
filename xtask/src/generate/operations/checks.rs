//! The checks `send` runs before a call: each argument against its schema's rules (lengths,
//! patterns, enums, ranges, items, nested properties), compiled into the builder.

use openapiv3::{Schema, SchemaKind, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Arg, Gen, Held, last_name, one_line};
use crate::generate::adapt;
use crate::spec::model::{self, In};
use crate::syntax::{generic_arg, option_inner};

/// What `send` does before the raw call: locals, argument checks and the call's arguments.
pub(super) struct Steps {
    pub(super) locals: Vec<TokenStream>,
    pub(super) checks: Vec<TokenStream>,
    pub(super) call_args: Vec<TokenStream>,
}

impl<'a> Gen<'a> {
    /// What `send` does before the call: the locals it passes (a hand-written body prepared
    /// first), the checks of the spec's rules, and the call's arguments.
    pub(super) fn send_steps(&mut self, args: &[Arg<'a>]) -> Steps {
        // A hand-written body type (a replacement) is sent as the copy `Prepare::prepare`
        // makes: the client's defaults filled in, its secrets in its form. Header parameters
        // are set on the builder alone: one way to set each.
        let body_arg = args.iter().find(|a| a.location.is_none());
        let replaced = body_arg.is_some_and(|a| match &a.held {
            Held::Ref(t) | Held::Value(t) => is_replacement(t),
            _ => false,
        });
        let mut locals = Vec::new();
        let mut checks = Vec::new();
        let mut call_args = Vec::new();
        if replaced {
            locals.push(quote!(let body = Prepare::prepare(&self.body, &self.__client);));
        }
        for a in args {
            let ident = &a.ident;
            let name = &a.name;
            let value = match (a.location, replaced) {
                (None, true) => quote!(&*body),
                _ => a.held.pass(ident),
            };
            locals.push(quote!(let #ident = #value;));
            call_args.push(quote!(#ident));
            if a.location.is_none() && replaced {
                continue; // the hand-written type keeps its own rules
            }
            let Some(schema) = a.schema else { continue };
            let optional = a.held.optional();
            let target = if optional {
                quote!(value)
            } else {
                quote!(#ident)
            };
            let mut these = Vec::new();
            if a.location == Some(In::Header) && matches!(a.held, Held::Str | Held::OptStr) {
                these.push(quote!(check::header(#name, #target)?;));
            }
            let rust_ty = match &a.held {
                Held::Str | Held::OptStr => syn::parse_quote!(String),
                Held::Ref(t) | Held::Value(t) | Held::OptRef(t) | Held::Opt(t) => t.clone(),
                Held::Num { ty, .. } => ty.clone(),
            };
            let by_value = matches!(a.held, Held::Opt(_) | Held::Value(_) | Held::Num { .. });
            these.extend(self.checks(
                schema,
                Checked {
                    target: target.clone(),
                    by_value,
                    name: name.clone(),
                    rust_ty: &rust_ty,
                    description: a.description,
                },
                0,
            ));
            if these.is_empty() {
                continue;
            }
            checks.push(if optional {
                quote!(if let Some(value) = #ident { #(#these)* })
            } else {
                quote!(#(#these)*)
            });
        }
        checks.extend(
            args.iter()
                .filter_map(|a| a.held.convert(&a.ident, &a.name)),
        );
        Steps {
            locals,
            checks,
            call_args,
        }
    }

    /// The checks a schema's rules call for on a value (see [`Checked`]), recursing into
    /// arrays and generated structs.
    fn checks(&mut self, schema: &'a Schema, value: Checked<'_>, depth: usize) -> Vec<TokenStream> {
        if depth > 8 {
            return Vec::new();
        }
        let rust_ty = value.rust_ty;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s))
                if last_name(rust_ty).as_deref() == Some("String") =>
            {
                self.text_check(s, &value).into_iter().collect()
            }
            SchemaKind::Type(kind @ (Type::Integer(_) | Type::Number(_)))
                if crate::syntax::is_number(rust_ty) =>
            {
                number_check(kind, &value).into_iter().collect()
            }
            SchemaKind::Type(Type::Array(a)) if last_name(rust_ty).as_deref() == Some("Vec") => {
                self.array_checks(a, &value, depth)
            }
            SchemaKind::Type(Type::Object(o)) => self.object_checks(o, &value, depth),
            _ => Vec::new(),
        }
    }

    /// `check::text` for a string's lengths, pattern and enum, if it has any.
    fn text_check(
        &mut self,
        s: &openapiv3::StringType,
        value: &Checked<'_>,
    ) -> Option<TokenStream> {
        let one_of: Vec<&str> = s.enumeration.iter().flatten().map(String::as_str).collect();
        if s.min_length.is_none()
            && s.max_length.is_none()
            && s.pattern.is_none()
            && one_of.is_empty()
        {
            return None;
        }
        let (min, max) = (opt(s.min_length), opt(s.max_length));
        // A pattern the client's regex engine cannot compile is left to the server (lint's
        // `pattern-unchecked` says so).
        let index = s.pattern.as_deref().and_then(|p| self.pattern_index(p));
        if index.is_none() && s.min_length.is_none() && s.max_length.is_none() && one_of.is_empty()
        {
            return None;
        }
        let pattern = match index {
            Some(i) => {
                let ident = format_ident!("PATTERN_{i}");
                quote!(Some(&#ident))
            }
            None => quote!(None),
        };
        let name = &value.name;
        // Raw bytes (an octet-stream or text body) are not checked as text.
        if super::args::is_raw_bytes(value.rust_ty) {
            return None;
        }
        // An owned `String` (a text body) is lent, as a `&String` or `&str` is passed.
        let owned = &value.target;
        let target = if value.by_value {
            quote!(&#owned)
        } else {
            quote!(#owned)
        };
        let what = value.description.map(first_sentence).unwrap_or_default();
        Some(quote! {
            check::text(#name, #target, &check::Text {
                min_length: #min,
                max_length: #max,
                pattern: #pattern,
                one_of: &[#(#one_of),*],
                what: #what,
            })?;
        })
    }

    /// The index of `pattern` among the generated `PATTERN_n` statics: each distinct pattern
    /// once; `None` for a pattern the client's engine cannot compile ([`compiles`]).
    fn pattern_index(&mut self, pattern: &str) -> Option<usize> {
        if let Some(i) = self.patterns.iter().position(|q| q == pattern) {
            return Some(i);
        }
        compiles(pattern).ok()?;
        self.patterns.push(pattern.to_string());
        Some(self.patterns.len() - 1)
    }

    fn array_checks(
        &mut self,
        a: &'a openapiv3::ArrayType,
        value: &Checked<'_>,
        depth: usize,
    ) -> Vec<TokenStream> {
        let (name, target) = (&value.name, &value.target);
        let mut out = Vec::new();
        if a.min_items.is_some() || a.max_items.is_some() {
            let (min, max) = (opt(a.min_items), opt(a.max_items));
            out.push(quote!(check::items(#name, (#target).len(), #min, #max)?;));
        }
        let (Some(items), Some(item_ty)) = (&a.items, generic_arg(value.rust_ty, "Vec")) else {
            return out;
        };
        let Some(item_schema) = model::boxed_schema(self.spec, items) else {
            return out;
        };
        let item = format_ident!("item{depth}");
        let inner = self.checks(
            item_schema,
            Checked {
                target: quote!(#item),
                by_value: false,
                name: format!("{name}[]"),
                rust_ty: item_ty,
                description: item_schema.schema_data.description.as_deref(),
            },
            depth + 1,
        );
        if !inner.is_empty() {
            out.push(quote!(for #item in (#target).iter() { #(#inner)* }));
        }
        out
    }

    /// Each property's checks, for a generated struct whose fields are known.
    fn object_checks(
        &mut self,
        o: &'a openapiv3::ObjectType,
        value: &Checked<'_>,
        depth: usize,
    ) -> Vec<TokenStream> {
        let (name, target) = (&value.name, &value.target);
        let mut out = Vec::new();
        let Some(fields) = last_name(value.rust_ty).and_then(|n| self.fields.get(&n)) else {
            return out;
        };
        for (prop, prop_schema) in &o.properties {
            let Some((field, _, field_ty)) = fields.iter().find(|(_, wire, _)| wire == prop) else {
                continue;
            };
            let Some(prop_schema) = model::boxed_schema(self.spec, prop_schema) else {
                continue;
            };
            let description = prop_schema.schema_data.description.as_deref();
            let name = format!("{name}.{prop}");
            match option_inner(field_ty) {
                Some(inner_ty) => {
                    let v = format_ident!("v{depth}");
                    let checked = Checked {
                        target: quote!(#v),
                        by_value: false,
                        name,
                        rust_ty: inner_ty,
                        description,
                    };
                    let inner = self.checks(prop_schema, checked, depth + 1);
                    if !inner.is_empty() {
                        out.push(quote!(if let Some(#v) = &(#target).#field { #(#inner)* }));
                    }
                }
                None => {
                    let checked = Checked {
                        target: quote!(&(#target).#field),
                        by_value: false,
                        name,
                        rust_ty: field_ty,
                        description,
                    };
                    out.extend(self.checks(prop_schema, checked, depth + 1));
                }
            }
        }
        out
    }
}

/// Whether the client's regex engine (regex-lite, `check::Pattern`) compiles `pattern`; why not.
pub(crate) fn compiles(pattern: &str) -> Result<(), String> {
    regex_lite::Regex::new(pattern)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// `check::number` for a number's bounds, if it has any.
fn number_check(kind: &Type, value: &Checked<'_>) -> Option<TokenStream> {
    let (minimum, maximum) = match kind {
        Type::Integer(i) => (i.minimum.map(|v| v as f64), i.maximum.map(|v| v as f64)),
        Type::Number(n) => (n.minimum, n.maximum),
        _ => (None, None),
    };
    if minimum.is_none() && maximum.is_none() {
        return None;
    }
    let (min, max) = (opt(minimum), opt(maximum));
    let (name, target) = (&value.name, &value.target);
    let value = if value.by_value {
        quote!(#target)
    } else {
        quote!(*(#target))
    };
    Some(quote!(check::number(#name, #value as f64, #min, #max)?;))
}

pub(super) fn is_replacement(ty: &syn::Type) -> bool {
    let text = quote!(#ty).to_string().replace(' ', "");
    adapt::REPLACEMENTS.iter().any(|r| r.path == text)
}

/// `Some(v)` or `None` as tokens.
pub(super) fn opt<T: quote::ToTokens>(v: Option<T>) -> TokenStream {
    match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

/// The first sentence of a description, without its full stop.
pub(super) fn first_sentence(text: &str) -> String {
    let line = one_line(text);
    let end = line.find(". ").unwrap_or(line.len());
    line[..end].trim_end_matches('.').to_string()
}

/// A value `send` checks against a schema's rules.
pub(super) struct Checked<'t> {
    /// A reference to the value, or the value itself when `by_value`.
    target: TokenStream,
    by_value: bool,
    /// The name errors give it (`services[]`, `body.name`).
    name: String,
    /// Its Rust type, which decides which checks apply.
    rust_ty: &'t syn::Type,
    /// The spec's description, whose first sentence errors quote.
    description: Option<&'t str>,
}
