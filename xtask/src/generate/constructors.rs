//! Makes the generated types evolve additively: every struct and enum of `types` becomes
//! `#[non_exhaustive]` (and derives `JsonSchema` under the `schemars` feature), and every struct gains `new` (its required fields) and one setter per
//! optional field. A property the spec adds later is then a new setter, not a break of every
//! struct literal (Rust's semver rules, `semver.rs`); a new required property changes `new`,
//! which is a break, as it is on the wire.

use crate::walk::Pass;
use proc_macro2::Ident;
use quote::quote;
use syn::{Fields, ImplItem, Item};

use crate::syntax::option_inner;

/// Applies both changes to the `types` module of a generated client file.
pub(crate) fn apply(file: &mut syn::File) {
    // Made once and cloned: parsing an attribute costs more than copying it.
    let eq: syn::Attribute = syn::parse_quote!(#[derive(Eq)]);
    let non_exhaustive: syn::Attribute = syn::parse_quote!(#[non_exhaustive]);
    let json_schema: syn::Attribute =
        syn::parse_quote!(#[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]);
    let setters = Setters::new();
    for items in crate::syntax::types_modules(file) {
        let floats = with_floats(items);
        let mut impls = Vec::new();
        for it in items.iter_mut() {
            // `Eq` where the fields allow it: no `f32`/`f64` in the type or in a type it holds.
            match it {
                Item::Struct(s)
                    if !floats.contains(&s.ident.to_string()) && !derives_eq(&s.attrs) =>
                {
                    s.attrs.push(eq.clone());
                }
                Item::Enum(e)
                    if !floats.contains(&e.ident.to_string()) && !derives_eq(&e.attrs) =>
                {
                    e.attrs.push(eq.clone());
                }
                _ => {}
            }
            match it {
                Item::Struct(s) => {
                    if let Some(imp) = constructors(s, &setters) {
                        impls.push(imp);
                    }
                    s.attrs.push(non_exhaustive.clone());
                    s.attrs.push(json_schema.clone());
                }
                Item::Enum(e) => {
                    e.attrs.push(non_exhaustive.clone());
                    e.attrs.push(json_schema.clone());
                }
                _ => {}
            }
        }
        items.extend(impls);
    }
}

/// The setters, parsed once and copied per field with its name and type filled in: parsing
/// each one was most of this pass's time on a large document. A number is taken as written
/// (`.count(5)`: an `impl Into<u64>` refuses the literal, which Rust reads as `i32`), and a
/// list of strings from any strings (`.services(["a", "b"])`).
struct Setters {
    /// `self.field = Some(value.into())`, for an `Option` field.
    optional: syn::ImplItemFn,
    /// `self.field = value.into()`, for a field serde defaults.
    defaulted: syn::ImplItemFn,
    optional_number: syn::ImplItemFn,
    defaulted_number: syn::ImplItemFn,
    optional_strings: syn::ImplItemFn,
    defaulted_strings: syn::ImplItemFn,
}

/// What a setter or `new` takes for a field of type `ty`.
#[derive(Clone, Copy, PartialEq)]
enum Takes {
    /// `impl Into<T>`.
    Into,
    /// The number itself.
    Number,
    /// Any strings, collected into the list.
    Strings,
}

impl Takes {
    fn of(ty: &syn::Type) -> Takes {
        let last = |t: &syn::Type| match t {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        };
        if crate::syntax::is_number(ty) {
            Takes::Number
        } else if crate::syntax::generic_arg(ty, "Vec")
            .and_then(last)
            .as_deref()
            == Some("String")
        {
            Takes::Strings
        } else {
            Takes::Into
        }
    }
}

impl Setters {
    fn new() -> Setters {
        Setters {
            optional: syn::parse_quote! {
                pub fn __field(mut self, value: impl Into<__Type>) -> Self {
                    self.__field = Some(value.into());
                    self
                }
            },
            defaulted: syn::parse_quote! {
                pub fn __field(mut self, value: impl Into<__Type>) -> Self {
                    self.__field = value.into();
                    self
                }
            },
            optional_number: syn::parse_quote! {
                pub fn __field(mut self, value: __Type) -> Self {
                    self.__field = Some(value);
                    self
                }
            },
            defaulted_number: syn::parse_quote! {
                pub fn __field(mut self, value: __Type) -> Self {
                    self.__field = value;
                    self
                }
            },
            optional_strings: syn::parse_quote! {
                pub fn __field<S: Into<::std::string::String>>(
                    mut self,
                    value: impl IntoIterator<Item = S>,
                ) -> Self {
                    self.__field = Some(value.into_iter().map(Into::into).collect());
                    self
                }
            },
            defaulted_strings: syn::parse_quote! {
                pub fn __field<S: Into<::std::string::String>>(
                    mut self,
                    value: impl IntoIterator<Item = S>,
                ) -> Self {
                    self.__field = value.into_iter().map(Into::into).collect();
                    self
                }
            },
        }
    }

    /// The template for a field that holds `ty` (`optional`: inside an `Option`).
    fn template(&self, ty: &syn::Type, optional: bool) -> &syn::ImplItemFn {
        match (Takes::of(ty), optional) {
            (Takes::Into, true) => &self.optional,
            (Takes::Into, false) => &self.defaulted,
            (Takes::Number, true) => &self.optional_number,
            (Takes::Number, false) => &self.defaulted_number,
            (Takes::Strings, true) => &self.optional_strings,
            (Takes::Strings, false) => &self.defaulted_strings,
        }
    }

    /// `template` for the field `ident` of type `ty`, documented with `doc`.
    fn fill(template: &syn::ImplItemFn, ident: &Ident, ty: &syn::Type, doc: &str) -> ImplItem {
        struct Fill<'a>(&'a Ident, &'a syn::Type);
        crate::walk::pass! {
            impl Pass for Fill<'_> {
                fn ident(&mut self, ident: &mut Ident) {
                    if ident == "__field" {
                        *ident = self.0.clone();
                    }
                }
                fn ty(&mut self, ty: &mut syn::Type) {
                    match ty {
                        syn::Type::Path(p) if p.path.is_ident("__Type") => *ty = self.1.clone(),
                        _ => crate::walk::ty(self, ty),
                    }
                }
            }
        }
        let mut setter = template.clone();
        Fill(ident, ty).impl_item_fn(&mut setter);
        setter.attrs.push(crate::generate::format::doc_line(doc));
        ImplItem::Fn(setter)
    }
}

/// `impl S { pub fn new(required..) -> Self; pub fn <optional>(self, value) -> Self }`.
fn constructors(s: &syn::ItemStruct, templates: &Setters) -> Option<Item> {
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
        match (option_inner(&f.ty), serde_default(&f.attrs)) {
            (Some(inner), _) => {
                inits.push(quote!(#ident: None));
                if ident == "new" {
                    continue;
                }
                let doc = setter_doc(ident, &f.attrs);
                setters.push(Setters::fill(
                    templates.template(inner, true),
                    ident,
                    inner,
                    &doc,
                ));
            }
            // A field serde fills in when it is absent (`#[serde(default)]`, a list the spec
            // gives `default: []`) is optional too: `new` starts it at its default.
            (None, Some(start)) => {
                inits.push(quote!(#ident: #start));
                let doc = setter_doc(ident, &f.attrs);
                setters.push(Setters::fill(
                    templates.template(&f.ty, false),
                    ident,
                    &f.ty,
                    &doc,
                ));
            }
            (None, None) => {
                let ty = &f.ty;
                match Takes::of(ty) {
                    Takes::Into => {
                        params.push(quote!(#ident: impl Into<#ty>));
                        inits.push(quote!(#ident: #ident.into()));
                    }
                    Takes::Number => {
                        params.push(quote!(#ident: #ty));
                        inits.push(quote!(#ident));
                    }
                    Takes::Strings => {
                        params.push(quote!(
                            #ident: impl IntoIterator<Item = impl Into<::std::string::String>>
                        ));
                        inits.push(quote!(#ident: #ident.into_iter().map(Into::into).collect()));
                    }
                }
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
    let mut imp: syn::ItemImpl = syn::parse_quote! {
        impl #name {
            #new_fn
        }
    };
    imp.items.extend(setters);
    Some(Item::Impl(imp))
}

/// Whether a `#[derive(...)]` among `attrs` already names `Eq` (typify derives it on enums of
/// strings).
fn derives_eq(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            let mut idents = Vec::new();
            if let syn::Meta::List(list) = &a.meta {
                collect_idents(list.tokens.clone(), &mut idents);
            }
            idents.iter().any(|i| i == "Eq")
        })
}

/// The types of `items` that hold a float, directly or through another type of `items`.
fn with_floats(items: &[Item]) -> std::collections::BTreeSet<String> {
    // Each type's name and the identifiers its fields' types name.
    let mut uses: Vec<(String, Vec<String>)> = Vec::new();
    for item in items {
        let (name, fields): (String, Vec<&syn::Field>) = match item {
            Item::Struct(s) => (s.ident.to_string(), s.fields.iter().collect()),
            Item::Enum(e) => (
                e.ident.to_string(),
                e.variants.iter().flat_map(|v| v.fields.iter()).collect(),
            ),
            _ => continue,
        };
        let mut idents = Vec::new();
        for f in fields {
            let ty = &f.ty;
            collect_idents(quote!(#ty), &mut idents);
        }
        uses.push((name, idents));
    }
    let mut floats: std::collections::BTreeSet<String> = uses
        .iter()
        .filter(|(_, idents)| idents.iter().any(|i| i == "f32" || i == "f64"))
        .map(|(name, _)| name.clone())
        .collect();
    // Through the types they hold, until nothing changes.
    loop {
        let before = floats.len();
        for (name, idents) in &uses {
            if idents.iter().any(|i| floats.contains(i)) {
                floats.insert(name.clone());
            }
        }
        if floats.len() == before {
            return floats;
        }
    }
}

fn collect_idents(tokens: proc_macro2::TokenStream, out: &mut Vec<String>) {
    for tree in tokens {
        match tree {
            proc_macro2::TokenTree::Ident(i) => out.push(i.to_string()),
            proc_macro2::TokenTree::Group(g) => collect_idents(g.stream(), out),
            _ => {}
        }
    }
}

/// The value serde gives a field it does not find, from its `#[serde(default)]` (the type's
/// default) or `#[serde(default = "path")]` (that function's value); `None` without one.
fn serde_default(attrs: &[syn::Attribute]) -> Option<proc_macro2::TokenStream> {
    let mut found = None;
    for a in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = a.parse_nested_meta(|meta| {
            if meta.path.is_ident("default") {
                found = Some(match meta.value() {
                    Ok(value) => {
                        let path: syn::LitStr = value.parse()?;
                        let path: syn::Path = path.parse()?;
                        quote!(#path())
                    }
                    Err(_) => quote!(::std::default::Default::default()),
                });
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    found
}

/// A setter's doc: `Sets `field`: <the field's first doc line>`.
fn setter_doc(ident: &syn::Ident, attrs: &[syn::Attribute]) -> String {
    match doc_text(attrs) {
        Some(d) => format!("Sets `{ident}`: {d}"),
        None => format!("Sets `{ident}`."),
    }
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
