//! How an entry reads: signatures and types as compact text, and an operation's route.

use quote::ToTokens;

/// The route an operation's doc states (`GET /tokens`), from its "`GET /tokens`." line.
pub(super) fn route(attrs: &[syn::Attribute]) -> Option<String> {
    for a in attrs {
        let syn::Meta::NameValue(nv) = &a.meta else {
            continue;
        };
        if !nv.path.is_ident("doc") {
            continue;
        }
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) = &nv.value
        else {
            continue;
        };
        // Line by line: a doc attribute may hold several (the generator's trees are read
        // before their docs are split into `///` lines).
        for line in s.value().lines().map(str::trim) {
            let Some((route, _)) = line.strip_prefix('`').and_then(|r| r.split_once('`')) else {
                continue;
            };
            let method = route.split(' ').next().unwrap_or_default();
            if crate::spec::raw::METHODS
                .iter()
                .any(|m| m.eq_ignore_ascii_case(method))
            {
                return Some(route.to_string());
            }
        }
    }
    None
}

pub(super) fn signature(sig: &syn::Signature) -> String {
    let generics = tidy(&sig.generics.to_token_stream().to_string());
    let args: Vec<String> = sig
        .inputs
        .iter()
        .map(|a| match a {
            syn::FnArg::Typed(t) => format!(
                "{}: {}",
                t.pat.to_token_stream(),
                tidy(&t.ty.to_token_stream().to_string())
            ),
            syn::FnArg::Receiver(r) => tidy(&r.to_token_stream().to_string()),
        })
        .collect();
    let ret = match &sig.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, t) => format!(" -> {}", tidy(&t.to_token_stream().to_string())),
    };
    let asyncness = if sig.asyncness.is_some() {
        " (async)"
    } else {
        ""
    };
    format!("{generics}({}){ret}{asyncness}", args.join(", "))
}

/// Compacts a token string: no spaces around paths and generics, short std and chrono paths.
pub(super) fn tidy(tokens: &str) -> String {
    let mut s = tokens.to_string();
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
        (" >", ">"),
        ("& '", "&'"),
        ("& ", "&"),
        (" ,", ","),
        ("( ", "("),
        (" )", ")"),
        ("[ ", "["),
        (" ]", "]"),
        (" : ", ": "),
        (" ;", ";"),
        ("self::error::", "error::"),
        ("' _", "'_"),
        // A trailing comma in generic arguments (prettyplease breaks long ones that way).
        (",>", ">"),
    ] {
        while s.contains(from) {
            s = s.replace(from, to);
        }
    }
    for (from, to) in [
        ("::std::option::Option", "Option"),
        ("::std::string::String", "String"),
        ("::std::vec::Vec", "Vec"),
        ("::std::boxed::Box", "Box"),
        ("::chrono::offset::Utc", "Utc"),
        ("::chrono::DateTime", "DateTime"),
        ("::fastly_tokens::", ""),
    ] {
        s = s.replace(from, to);
    }
    s
}
