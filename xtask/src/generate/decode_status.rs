//! The patch that gives each operation method an error type which keeps an undecoded body
//! with its status and headers (`Error<crate::runtime::response::Undecoded>`).

use crate::generate::contract::{self, Tally};

/// Gives each operation method the error type `Error<crate::runtime::response::Undecoded>`
/// in place of progenitor's `Error<()>`: `json_response` returns a body that does not decode
/// as an `ErrorResponse`, which keeps the status and headers it came with.
pub(super) struct DecodeStatus<'a> {
    pub(super) tally: &'a mut Tally,
}

crate::walk::pass! {
    impl Pass for DecodeStatus<'_> {
        fn impl_item_fn(&mut self, method: &mut syn::ImplItemFn) {
            if method.sig.asyncness.is_none() {
                return;
            }
            let syn::ReturnType::Type(_, result) = &mut method.sig.output else {
                return;
            };
            let Some(error) = generic_args(result, "Result").and_then(|args| args.get_mut(1)) else {
                return;
            };
            let syn::GenericArgument::Type(error) = error else {
                return;
            };
            let unit = generic_args(error, "Error").is_some_and(|args| {
                matches!(args.first(), Some(syn::GenericArgument::Type(syn::Type::Tuple(t)))
                    if t.elems.is_empty() && args.len() == 1)
            });
            if unit {
                *error = syn::parse_quote!(Error<crate::runtime::response::Undecoded>);
                self.tally.hit(&contract::DECODE_STATUS);
            }
        }
    }
}

/// The generic arguments of `ty` when it is a path ending in `name<..>`.
fn generic_args<'t>(
    ty: &'t mut syn::Type,
    name: &str,
) -> Option<&'t mut syn::punctuated::Punctuated<syn::GenericArgument, syn::Token![,]>> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last_mut()?;
    if last.ident != name {
        return None;
    }
    match &mut last.arguments {
        syn::PathArguments::AngleBracketed(args) => Some(&mut args.args),
        _ => None,
    }
}
