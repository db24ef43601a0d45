//! What a request builder holds for each argument progenitor's method takes: how it is stored,
//! accepted by a setter and passed on, and which parameter (or the body) of the spec it is.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::spec::model::In;
use openapiv3::Schema;

use crate::syntax::option_inner;

/// Lower-case letters and digits only: how a spec name and progenitor's identifier for it
/// are matched (`Fastly-OTP` and `fastly_otp`).
pub(super) fn squash(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The type a raw body (progenitor's `B: Into<reqwest::Body>`) is held as: cheap to clone, so
/// a retried call sends it again, and any text or bytes convert into it.
pub(super) fn raw_bytes() -> syn::Type {
    syn::parse_quote!(bytes::Bytes)
}

/// Whether `ty` is [`raw_bytes`].
pub(super) fn is_raw_bytes(ty: &syn::Type) -> bool {
    *ty == raw_bytes()
}

/// How a raw argument is held by the builder and passed on.
pub(super) enum Held {
    /// `&str`: a `String`, passed as `&field`.
    Str,
    /// `Option<&str>`: an `Option<String>`, passed with `as_deref()`.
    OptStr,
    /// `&T`: a `T`, passed as `&field`.
    Ref(syn::Type),
    /// `Option<&T>`: an `Option<T>`, passed with `as_ref()`.
    OptRef(syn::Type),
    /// `Option<T>`: passed as a clone.
    Opt(syn::Type),
    /// `T`: passed as a clone.
    Value(syn::Type),
    /// A number (`u64`, `i32`, `f64`), optional or not: the setter takes it as written, so
    /// `.per_page(50)` compiles (an `impl Into<u64>` refuses the literal, which Rust reads as
    /// `i32`). `nonzero`: progenitor's type for it (`NonZeroU64`, for `minimum: 1`), made from
    /// the number once the checks have passed.
    Num {
        ty: syn::Type,
        nonzero: Option<Box<syn::Type>>,
        optional: bool,
    },
}

impl Held {
    pub(super) fn of(ty: &syn::Type) -> Held {
        let (inner, optional) = match option_inner(ty) {
            Some(inner) => (inner, true),
            None => (ty, false),
        };
        if crate::syntax::is_number(inner) {
            return Held::Num {
                ty: inner.clone(),
                nonzero: None,
                optional,
            };
        }
        if let Some(plain) = nonzero_number(inner) {
            return Held::Num {
                ty: plain,
                nonzero: Some(Box::new(inner.clone())),
                optional,
            };
        }
        if let Some(inner) = option_inner(ty) {
            return match inner {
                syn::Type::Reference(r) if is_str(&r.elem) => Held::OptStr,
                syn::Type::Reference(r) => Held::OptRef((*r.elem).clone()),
                other => Held::Opt(other.clone()),
            };
        }
        match ty {
            syn::Type::Reference(r) if is_str(&r.elem) => Held::Str,
            syn::Type::Reference(r) => Held::Ref((*r.elem).clone()),
            other => Held::Value(other.clone()),
        }
    }

    /// The type held, without `Option` or reference; `None` for text.
    pub(super) fn ty(&self) -> Option<&syn::Type> {
        match self {
            Held::Str | Held::OptStr => None,
            Held::Ref(t) | Held::Value(t) | Held::OptRef(t) | Held::Opt(t) => Some(t),
            Held::Num { ty, .. } => Some(ty),
        }
    }

    pub(super) fn optional(&self) -> bool {
        matches!(self, Held::OptStr | Held::OptRef(_) | Held::Opt(_))
            || matches!(self, Held::Num { optional: true, .. })
    }

    /// The builder field's type.
    pub(super) fn field(&self) -> TokenStream {
        match self {
            Held::Str => quote!(String),
            Held::OptStr => quote!(Option<String>),
            Held::Ref(t) | Held::Value(t) => quote!(#t),
            Held::OptRef(t) | Held::Opt(t) => quote!(Option<#t>),
            Held::Num { ty, optional, .. } => match optional {
                true => quote!(Option<#ty>),
                false => quote!(#ty),
            },
        }
    }

    /// What a caller passes (to the method, or to the setter of an optional one).
    pub(super) fn accepts(&self) -> TokenStream {
        match self {
            Held::Str | Held::OptStr => quote!(impl Into<String>),
            Held::Ref(t) | Held::Value(t) | Held::OptRef(t) | Held::Opt(t) => quote!(impl Into<#t>),
            Held::Num { ty, .. } => quote!(#ty),
        }
    }

    /// How a value the caller passed (`value`) is stored: converted with `into()`, or as it
    /// is (a number).
    pub(super) fn store(&self, value: &Ident) -> TokenStream {
        match self {
            Held::Num { .. } => quote!(#value),
            _ => quote!(#value.into()),
        }
    }

    /// The local passed to the raw method, from `self.<field>`.
    pub(super) fn pass(&self, field: &Ident) -> TokenStream {
        match self {
            Held::Str | Held::Ref(_) => quote!(&self.#field),
            Held::OptStr => quote!(self.#field.as_deref()),
            Held::OptRef(_) => quote!(self.#field.as_ref()),
            Held::Opt(_) | Held::Value(_) | Held::Num { .. } => quote!(self.#field.clone()),
        }
    }

    /// What `send` does after the checks to make the local `field` the type progenitor's
    /// method takes: a number that must not be 0 becomes its `NonZero` type (the checks have
    /// refused 0 by the spec's `minimum`; this refuses it too, naming `name`, never panics).
    pub(super) fn convert(&self, field: &Ident, name: &str) -> Option<TokenStream> {
        let Held::Num {
            nonzero: Some(nonzero),
            optional,
            ..
        } = self
        else {
            return None;
        };
        let make = quote! {
            <#nonzero>::new(value).ok_or_else(|| Error::invalid(#name, "it is 0; it must be at least 1"))?
        };
        Some(match optional {
            true => quote!(let #field = match #field { Some(value) => Some(#make), None => None };),
            false => quote!(let #field = { let value = #field; #make };),
        })
    }
}

/// The number a `NonZero` type holds (`::std::num::NonZeroU64` -> `u64`).
fn nonzero_number(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?.ident.to_string();
    let plain = last.strip_prefix("NonZero")?.to_ascii_lowercase();
    let plain: syn::Type = syn::parse_str(&plain).ok()?;
    crate::syntax::is_number(&plain).then_some(plain)
}

pub(super) fn is_str(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.is_ident("str"))
}

/// The last path segment's name of a type (`types::TokenResponse` -> `TokenResponse`).
pub(super) fn last_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// Removes the `'a` lifetimes progenitor's signatures carry.
pub(super) fn without_lifetimes(ty: &syn::Type) -> syn::Type {
    struct Strip;
    crate::walk::pass! {
        impl Pass for Strip {
            fn type_reference(&mut self, r: &mut syn::TypeReference) {
                r.lifetime = None;
                crate::walk::type_reference(self, r);
            }
        }
    }
    let mut ty = ty.clone();
    crate::walk::Pass::ty(&mut Strip, &mut ty);
    ty
}

/// One argument of an operation.
pub(super) struct Arg<'a> {
    /// Progenitor's identifier: the builder's field and setter.
    pub(super) ident: Ident,
    /// The spec's name (`Fastly-OTP`, `token_id`, `body`): what errors name.
    pub(super) name: String,
    pub(super) held: Held,
    pub(super) location: Option<In>,
    pub(super) schema: Option<&'a Schema>,
    pub(super) description: Option<&'a str>,
    /// The parameter's `x-cli-prompt`: when the CLI asks for it if it was left out.
    pub(super) prompt: Option<&'a serde_json::Value>,
    /// The body's: the JSON pointer of its schema as written (the CLI's flag order).
    pub(super) pointer: Option<String>,
}
