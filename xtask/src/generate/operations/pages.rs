//! The page streams of an operation the spec marks `x-pages` (`spec/pages.rs`): its request
//! builder implements the runtime's `Paged` (`crates/fastly-tokens/src/runtime/pages.rs`) and
//! gains `pages()` and `items()`. Fields are found by their wire names in progenitor's own
//! types, so the code follows whatever typify made optional.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Fields;
use super::args::{Arg, last_name};
use crate::spec::pages::Pages;
use crate::syntax::{generic_arg, option_inner};

/// The builder's `Paged` impl and its two streams; an `Err` says what the answer's types lack.
pub(super) fn streams(
    pages: &Pages,
    builder: &Ident,
    output: &syn::Type,
    args: &[Arg<'_>],
    fields: &Fields,
) -> Result<TokenStream, String> {
    let field = |ty: &syn::Type, wire: &str| -> Result<(Ident, syn::Type), String> {
        let name = last_name(ty).ok_or_else(|| "the answer type is not a struct".to_string())?;
        fields
            .get(&name)
            .and_then(|list| list.iter().find(|(_, w, _)| w == wire))
            .map(|(ident, _, ty)| (ident.clone(), ty.clone()))
            .ok_or_else(|| format!("`{name}` has no field `{wire}`"))
    };
    let parameter = |wire: &str| {
        args.iter()
            .find(|a| a.name == wire)
            .map(|a| a.ident.clone())
            .ok_or_else(|| format!("the builder has no parameter `{wire}`"))
    };
    let page = parameter(&pages.page)?;
    let per_page = match &pages.per_page {
        Some(name) => {
            let ident = parameter(name)?;
            quote!(self.#ident.and_then(|v| u64::try_from(v).ok()))
        }
        None => quote!(None),
    };
    let (items, items_ty) = field(output, &pages.items)?;
    let (item, take, len) = match option_inner(&items_ty) {
        Some(list) => (
            generic_arg(list, "Vec"),
            quote!(page.#items.unwrap_or_default()),
            quote!(page.#items.as_ref().map_or(0, Vec::len)),
        ),
        None => (
            generic_arg(&items_ty, "Vec"),
            quote!(page.#items),
            quote!(page.#items.len()),
        ),
    };
    let item = item
        .ok_or_else(|| format!("`{}` is not a list", pages.items))?
        .clone();
    let item = in_types(item);
    let total = match &pages.total_pages {
        None => quote!({
            let _ = page;
            None
        }),
        Some(path) => {
            let mut ty = output.clone();
            let mut chain = quote!(Some(page));
            for wire in path {
                let (ident, field_ty) = field(&ty, wire)?;
                match option_inner(&field_ty) {
                    Some(inner) => {
                        chain = quote!(#chain.and_then(|v| v.#ident.as_ref()));
                        ty = inner.clone();
                    }
                    None => {
                        chain = quote!(#chain.map(|v| &v.#ident));
                        ty = field_ty;
                    }
                }
            }
            quote!(#chain.and_then(|v| u64::try_from(*v).ok()))
        }
    };
    Ok(quote! {
        impl #builder {
            /// Every page, from the one set with the page parameter (or the first) to the last,
            /// each asked for when the one before has answered. A page that fails ends the
            /// stream with its error, after the pages already yielded.
            pub fn pages(self) -> impl ::futures_core::Stream<Item = Result<Response<#output>, Error>> + Send + Unpin + 'static {
                crate::runtime::pages::pages(self)
            }

            /// Every item of every page, in order (see [`Self::pages`]): one page is held at a
            /// time, and a page that fails ends the stream with its error.
            pub fn items(self) -> impl ::futures_core::Stream<Item = Result<#item, Error>> + Send + Unpin + 'static {
                crate::runtime::pages::items(self)
            }
        }

        impl crate::runtime::pages::Paged for #builder {
            type Page = #output;
            type Item = #item;

            fn page(&self) -> Option<u64> {
                self.#page.and_then(|v| u64::try_from(v).ok())
            }

            fn with_page(mut self, number: u64) -> Option<Self> {
                self.#page = Some(::core::convert::TryFrom::try_from(number).ok()?);
                Some(self)
            }

            fn per_page(&self) -> Option<u64> {
                #per_page
            }

            fn total_pages(page: &Self::Page) -> Option<u64> {
                #total
            }

            fn len(page: &Self::Page) -> usize {
                #len
            }

            fn items(page: Self::Page) -> Vec<Self::Item> {
                #take
            }
        }
    })
}

/// `ty` as named outside progenitor's `types` module: a bare type name there (`TokenResponse`,
/// a sibling of the page's type) becomes `types::TokenResponse`; paths with a leading `::` and
/// the prelude's generics stay.
fn in_types(mut ty: syn::Type) -> syn::Type {
    struct Qualify;
    crate::walk::pass! {
        impl Pass for Qualify {
            fn type_path(&mut self, p: &mut syn::TypePath) {
                crate::walk::type_path(self, p);
                let bare = p.qself.is_none()
                    && p.path.leading_colon.is_none()
                    && p.path.segments.len() == 1
                    && !["Option", "Vec", "String", "Box", "bool"]
                        .contains(&p.path.segments[0].ident.to_string().as_str())
                    && p.path.segments[0]
                        .ident
                        .to_string()
                        .starts_with(char::is_uppercase);
                if bare {
                    p.path.segments.insert(0, syn::parse_quote!(types));
                }
            }
        }
    }
    crate::walk::Pass::ty(&mut Qualify, &mut ty);
    ty
}
