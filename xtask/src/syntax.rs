//! Small helpers over generated syntax that several passes share: serde renames, doc checks,
//! impl and generic types.

/// The `#[serde(rename = "...")]` value among `attrs`, if any.
pub(crate) fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut found = None;
    for a in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = a.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                found = Some(lit.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    found
}

/// Whether `attrs` hold a doc comment.
pub(crate) fn has_doc(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("doc"))
}

/// The name of the type an `impl` block is for, when it is a plain identifier.
pub fn impl_name(item: &syn::ItemImpl) -> Option<String> {
    match &*item.self_ty {
        syn::Type::Path(p) => p.path.get_ident().map(ToString::to_string),
        _ => None,
    }
}

/// `T` of `Option<T>` (any path ending in `Option`).
pub(crate) fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    generic_arg(ty, "Option")
}

/// The first generic argument of a path type whose last segment is `name`.
pub(crate) fn generic_arg<'a>(ty: &'a syn::Type, name: &str) -> Option<&'a syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

/// The items of every inline `mod types { .. }` of a generated file (progenitor writes one).
pub(crate) fn types_modules(file: &mut syn::File) -> impl Iterator<Item = &mut Vec<syn::Item>> {
    file.items.iter_mut().filter_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "types" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    })
}

/// Runs `visitor` over every item of `file` but its `types` module: what the client's calls
/// patches look for is never among the types, which are most of a large document's code.
pub(crate) fn visit_calls(pass: &mut dyn crate::walk::Pass, file: &mut syn::File) {
    for item in &mut file.items {
        if !matches!(item, syn::Item::Mod(m) if m.ident == "types") {
            crate::walk::item(pass, item);
        }
    }
}

/// Whether `expr` is a path whose last segment is `name` (`HeaderMap::with_capacity`,
/// `encode_path`): how the patches recognise a call of progenitor's output.
pub(crate) fn path_ends_with(expr: &syn::Expr, name: &str) -> bool {
    matches!(expr, syn::Expr::Path(p)
        if p.path.segments.last().is_some_and(|s| s.ident == name))
}

/// Whether a type is a Rust number (`u64`, `i32`, `f64`, ...), however its path is spelled.
pub(crate) fn is_number(ty: &syn::Type) -> bool {
    matches!(
        ty_last_name(ty).as_deref(),
        Some(
            "i8" | "i16"
                | "i32"
                | "i64"
                | "u8"
                | "u16"
                | "u32"
                | "u64"
                | "f32"
                | "f64"
                | "usize"
                | "isize"
        )
    )
}

fn ty_last_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}
