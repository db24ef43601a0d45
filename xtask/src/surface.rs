//! The surface listing: a short, sorted text of the generated public API (client methods with
//! their HTTP route and signature, types with their fields), read from generated code with syn.

use quote::ToTokens;
use syn::{Fields, ImplItem, Item, Type};

use crate::syntax::serde_rename;

/// The surface of a generated client module's source.
pub fn surface(source: &str) -> String {
    let file = syn::parse_file(source).expect("generated code parses");
    let mut methods = Vec::new();
    let mut types = Vec::new();
    let mut other = Vec::new();
    for item in &file.items {
        match item {
            Item::Impl(imp) if imp.trait_.is_none() && is_client(&imp.self_ty) => {
                for it in &imp.items {
                    if let ImplItem::Fn(f) = it {
                        if !matches!(f.vis, syn::Visibility::Public(_)) {
                            continue;
                        }
                        let route = doc(&f.attrs)
                            .lines()
                            .find_map(|l| l.trim().strip_prefix("Sends a "))
                            .map(|r| r.replace(" request to ", " ").replace('`', ""))
                            .unwrap_or_else(|| "constructor".into());
                        methods.push(format!("  {} [{route}]", signature(&f.sig)));
                    }
                }
            }
            Item::Mod(m) if m.ident == "types" => {
                for it in m.content.iter().flat_map(|(_, items)| items) {
                    if let Some(t) = describe_type(it) {
                        types.push(t);
                    }
                }
            }
            Item::Const(c) => other.push(format!(
                "  const {}: {}",
                c.ident,
                tidy(&c.expr.to_token_stream().to_string())
            )),
            _ => {}
        }
    }
    methods.sort();
    types.sort();
    let mut out = String::from("client methods:\n");
    out.push_str(&methods.join("\n"));
    out.push_str("\ntypes:\n");
    out.push_str(&types.join("\n"));
    out.push_str("\nconsts:\n");
    out.push_str(&other.join("\n"));
    out.push('\n');
    out
}

/// The surface of a generated mock module: each `When`/`Then` wrapper's public methods.
pub fn mock_surface(source: &str) -> String {
    let file = syn::parse_file(source).expect("generated mock code parses");
    let mut lines = Vec::new();
    for item in &file.items {
        match item {
            Item::Mod(m) => {
                for it in m.content.iter().flat_map(|(_, items)| items) {
                    let Item::Impl(imp) = it else { continue };
                    let Type::Path(p) = &*imp.self_ty else {
                        continue;
                    };
                    let ty = p.path.segments.last().unwrap().ident.to_string();
                    for f in imp.items.iter().filter_map(|i| match i {
                        ImplItem::Fn(f) if matches!(f.vis, syn::Visibility::Public(_)) => Some(f),
                        _ => None,
                    }) {
                        lines.push(format!("  {ty}::{}", signature(&f.sig)));
                    }
                }
            }
            Item::Trait(t) => {
                for it in &t.items {
                    if let syn::TraitItem::Fn(f) = it {
                        lines.push(format!("  {}::{}", t.ident, signature(&f.sig)));
                    }
                }
            }
            _ => {}
        }
    }
    lines.sort();
    format!("mock methods:\n{}\n", lines.join("\n"))
}

fn is_client(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.is_ident("Client"))
}

fn doc(attrs: &[syn::Attribute]) -> String {
    let mut out = String::new();
    for a in attrs {
        if let syn::Meta::NameValue(nv) = &a.meta
            && nv.path.is_ident("doc")
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
        {
            out.push_str(&s.value());
            out.push('\n');
        }
    }
    out
}

fn signature(sig: &syn::Signature) -> String {
    let args: Vec<String> = sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(t) => Some(format!(
                "{}: {}",
                t.pat.to_token_stream(),
                tidy(&t.ty.to_token_stream().to_string())
            )),
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    let ret = match &sig.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, t) => format!(" -> {}", tidy(&t.to_token_stream().to_string())),
    };
    format!("{}({}){ret}", sig.ident, args.join(", "))
}

/// One type: `struct Name { field: Type, ... }` with serde renames shown as `field as "wire"`.
fn describe_type(item: &Item) -> Option<String> {
    match item {
        Item::Struct(s) => {
            let fields = match &s.fields {
                Fields::Named(named) => named
                    .named
                    .iter()
                    .map(|f| {
                        let name = f.ident.as_ref().unwrap().to_string();
                        let wire = serde_rename(&f.attrs)
                            .map(|r| format!(" as {r:?}"))
                            .unwrap_or_default();
                        format!(
                            "\n    {name}{wire}: {}",
                            tidy(&f.ty.to_token_stream().to_string())
                        )
                    })
                    .collect::<String>(),
                Fields::Unnamed(u) => format!(
                    "({})",
                    u.unnamed
                        .iter()
                        .map(|f| tidy(&f.ty.to_token_stream().to_string()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Fields::Unit => String::new(),
            };
            Some(format!("  struct {}{fields}", s.ident))
        }
        Item::Enum(e) => {
            let variants = e
                .variants
                .iter()
                .map(|v| {
                    let wire = serde_rename(&v.attrs)
                        .map(|r| format!(" as {r:?}"))
                        .unwrap_or_default();
                    format!("\n    {}{wire}", v.ident)
                })
                .collect::<String>();
            Some(format!("  enum {}{variants}", e.ident))
        }
        Item::Type(t) => Some(format!(
            "  type {} = {}",
            t.ident,
            tidy(&t.ty.to_token_stream().to_string())
        )),
        _ => None,
    }
}

/// Compacts a token string: no spaces around paths and generics, short std and chrono paths.
fn tidy(tokens: &str) -> String {
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
        ("&'a ", "&"),
        ("& ", "&"),
        (" ,", ","),
        ("( ", "("),
        (" )", ")"),
        ("[ ", "["),
        (" ]", "]"),
    ] {
        while s.contains(from) {
            s = s.replace(from, to);
        }
    }
    for (from, to) in [
        ("::std::option::Option", "Option"),
        ("::std::string::String", "String"),
        ("::std::vec::Vec", "Vec"),
        ("::chrono::offset::Utc", "Utc"),
        ("::chrono::DateTime", "DateTime"),
    ] {
        s = s.replace(from, to);
    }
    s
}
