//! Makes the generated types evolve additively: every struct and enum of `types` becomes
//! `#[non_exhaustive]` (and derives `JsonSchema` under the `schemars` feature), and every struct gains `new` (its required fields) and one setter per
//! optional field. A property the spec adds later is then a new setter, not a break of every
//! struct literal (Rust's semver rules, `semver.rs`); a new required property changes `new`,
//! which is a break, as it is on the wire.

use quote::quote;
use syn::{Fields, Item};

use crate::syntax::option_inner;

/// Applies both changes to the `types` module of a generated client file.
pub fn apply(file: &mut syn::File) {
    for item in &mut file.items {
        let Item::Mod(m) = item else { continue };
        if m.ident != "types" {
            continue;
        }
        let Some((_, items)) = &mut m.content else {
            continue;
        };
        let mut impls = Vec::new();
        for it in items.iter_mut() {
            match it {
                Item::Struct(s) => {
                    if let Some(imp) = constructors(s) {
                        impls.push(imp);
                    }
                    s.attrs.push(syn::parse_quote!(#[non_exhaustive]));
                    s.attrs.push(json_schema());
                }
                Item::Enum(e) => {
                    e.attrs.push(syn::parse_quote!(#[non_exhaustive]));
                    e.attrs.push(json_schema());
                }
                _ => {}
            }
        }
        items.extend(impls);
    }
}

/// `JsonSchema` under the client's `schemars` feature.
fn json_schema() -> syn::Attribute {
    syn::parse_quote!(#[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))])
}

/// `impl S { pub fn new(required..) -> Self; pub fn <optional>(self, value) -> Self }`.
fn constructors(s: &syn::ItemStruct) -> Option<Item> {
    let Fields::Named(named) = &s.fields else {
        return None;
    };
    let name = &s.ident;
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut required_names = Vec::new();
    for f in &named.named {
        let ident = f.ident.as_ref()?;
        match option_inner(&f.ty) {
            Some(inner) => {
                inits.push(quote!(#ident: None));
                if ident == "new" {
                    continue;
                }
                let field_doc = doc_text(&f.attrs);
                let doc = format!(
                    "Sets `{ident}`{}",
                    field_doc
                        .map(|d| format!(": {d}"))
                        .unwrap_or_else(|| ".".into())
                );
                setters.push(quote! {
                    #[doc = #doc]
                    pub fn #ident(mut self, value: impl Into<#inner>) -> Self {
                        self.#ident = Some(value.into());
                        self
                    }
                });
            }
            None => {
                let ty = &f.ty;
                params.push(quote!(#ident: impl Into<#ty>));
                inits.push(quote!(#ident: #ident.into()));
                required_names.push(format!("`{ident}`"));
            }
        }
    }
    let new_doc = match required_names.as_slice() {
        [] => format!("A `{name}` with every field empty; set them with its methods."),
        names => format!(
            "A `{name}` with its required {}; set the optional ones with its methods.",
            if names.len() == 1 {
                format!("field {}", names[0])
            } else {
                format!("fields {}", names.join(", "))
            }
        ),
    };
    let uses_new = named
        .named
        .iter()
        .any(|f| f.ident.as_ref().is_some_and(|i| i == "new"));
    let new_fn = (!uses_new).then(|| {
        quote! {
            #[doc = #new_doc]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    });
    Some(syn::parse_quote! {
        impl #name {
            #new_fn
            #(#setters)*
        }
    })
}

/// The first line of an item's doc comment.
fn doc_text(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|a| {
        let syn::Meta::NameValue(nv) = &a.meta else {
            return None;
        };
        if !nv.path.is_ident("doc") {
            return None;
        }
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) = &nv.value
        else {
            return None;
        };
        let text = s.value();
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())?
            .to_string();
        Some(line)
    })
}
