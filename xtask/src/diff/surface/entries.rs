//! Every public entry of one crate: types with their fields or variants, functions and
//! methods with their signatures (and routes), and every trait impl, derived or written, each
//! marked with the `cfg` it needs.

use std::collections::BTreeMap;

use quote::ToTokens;
use syn::{Fields, ImplItem, Item};

use super::modules::*;
use super::text::{route, signature, tidy};
use super::{Entry, Kind};

/// How an entry shows the `cfg` it needs: ` [cfg(feature = "schemars")]`.
fn gated(text: String, gate: &Option<String>) -> String {
    match gate {
        Some(g) => format!("{text} [cfg({g})]"),
        None => text,
    }
}

/// The entries found so far, and the `cfg` of the item being listed (its module's, its own,
/// its impl's): shown on every entry it gates, so a feature-only item reads as such.
#[derive(Default)]
struct Listing {
    out: BTreeMap<String, Entry>,
    gate: Option<String>,
}

impl Listing {
    fn add(
        &mut self,
        key: String,
        kind: Kind,
        owner: Option<&str>,
        text: String,
        exhaustive: bool,
    ) {
        let text = gated(text, &self.gate);
        self.out.insert(
            key,
            Entry {
                kind,
                owner: owner.map(str::to_string),
                text,
                exhaustive,
            },
        );
    }
}

/// Every public entry of one crate.
pub(super) fn entries(modules: &[Module]) -> BTreeMap<String, Entry> {
    let reach = reach(modules);
    let mut list = Listing::default();
    for m in modules {
        for item in &m.items {
            let Some(name) = item_name(item) else {
                continue;
            };
            list.gate = join_gates(m.gate.clone(), cfg_gate(item_attrs(item)));
            let Some(public) = reach.get(&(m.path.clone(), name.clone())) else {
                continue;
            };
            item_entries(&mut list, modules, &reach, m, item, public);
        }
        for item in &m.items {
            if let Item::Impl(imp) = item {
                impl_entries(&mut list, modules, &reach, m, imp);
            }
        }
    }
    list.out
}

/// `#[derive(...)]` traits as impl entries.
fn derives(attrs: &[syn::Attribute], owner: &str, list: &mut Listing) {
    let mut traits = Vec::new();
    for a in attrs {
        if a.path().is_ident("derive") {
            derived(&a.meta, None, &mut traits);
        } else if a.path().is_ident("cfg_attr") {
            // `cfg_attr(feature = "schemars", derive(JsonSchema))`: a derive under a gate.
            let Ok(list) = a.parse_args_with(
                syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
            ) else {
                continue;
            };
            let mut parts = list.into_iter();
            let Some(predicate) = parts.next() else {
                continue;
            };
            let predicate = tidy(&predicate.to_token_stream().to_string());
            for meta in parts.filter(|m| m.path().is_ident("derive")) {
                derived(&meta, Some(&predicate), &mut traits);
            }
        }
    }
    for (name, gate) in traits {
        let text = match gate {
            Some(g) => format!(" [cfg({g})]"),
            None => String::new(),
        };
        list.add(
            format!("impl {name} for {owner}"),
            Kind::Impl,
            Some(owner),
            text,
            false,
        );
    }
}

/// The traits one `derive(...)` names (by last segment), each with the gate it is under.
fn derived(meta: &syn::Meta, gate: Option<&str>, out: &mut Vec<(String, Option<String>)>) {
    let syn::Meta::List(list) = meta else { return };
    let _ = list.parse_nested_meta(|meta| {
        if let Some(last) = meta.path.segments.last() {
            out.push((last.ident.to_string(), gate.map(str::to_string)));
        }
        Ok(())
    });
}

fn has_attr(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

/// The entries of one public item (not an impl) reachable as `public`.
fn item_entries(
    list: &mut Listing,
    modules: &[Module],
    reach: &Reach,
    m: &Module,
    item: &Item,
    public: &str,
) {
    match item {
        Item::Struct(s) => struct_entries(list, s, public),
        Item::Enum(e) => enum_entries(list, e, public),
        Item::Fn(f) => list.add(
            format!("fn {public}"),
            Kind::Fn,
            None,
            signature(&f.sig),
            false,
        ),
        Item::Const(c) => list.add(
            format!("const {public}"),
            Kind::Fn,
            None,
            format!(": {}", tidy(&c.ty.to_token_stream().to_string())),
            false,
        ),
        Item::Static(s) => list.add(
            format!("static {public}"),
            Kind::Fn,
            None,
            format!(": {}", tidy(&s.ty.to_token_stream().to_string())),
            false,
        ),
        Item::Type(t) => list.add(
            format!("type {public}"),
            Kind::Type,
            None,
            format!(" = {}", tidy(&t.ty.to_token_stream().to_string())),
            false,
        ),
        Item::Trait(t) => trait_entries(list, modules, reach, m, t, public),
        _ => {}
    }
}

/// The entries of one impl block: the trait it implements for a public type, or that type's
/// public methods.
fn impl_entries(
    list: &mut Listing,
    modules: &[Module],
    reach: &Reach,
    m: &Module,
    imp: &syn::ItemImpl,
) {
    if is_cfg_test(&imp.attrs) {
        return;
    }
    let impl_gate = join_gates(m.gate.clone(), cfg_gate(&imp.attrs));
    list.gate = impl_gate.clone();
    let owner = self_type(m, imp).and_then(|(module, name)| {
        reach.get(&(module.clone(), name.clone())).or_else(|| {
            let mut full = module;
            full.push(name);
            let full = canonical(modules, full);
            let (n, m) = full.split_last()?;
            reach.get(&(m.to_vec(), n.clone()))
        })
    });
    // A blanket impl (`impl<S: Sealed> Trait for S`) is owned by its trait, when the crate
    // has that trait.
    let blanket = match &*imp.self_ty {
        syn::Type::Path(p) => p
            .path
            .get_ident()
            .is_some_and(|ident| imp.generics.type_params().any(|t| t.ident == *ident)),
        _ => false,
    };
    let owner = owner.or_else(|| {
        let (_, path, _) = imp.trait_.as_ref().filter(|_| blanket)?;
        let name = path.segments.last()?.ident.to_string();
        reach.get(&(m.path.clone(), name))
    });
    let Some(owner) = owner else { return };
    let generics = tidy(&imp.generics.to_token_stream().to_string());
    match &imp.trait_ {
        Some((_, path, _)) => {
            // A trait of this crate that users cannot name is not part of its API.
            if hidden_in_crate(modules, reach, &m.path, path) {
                return;
            }
            // Named by its last segment (`Debug`, not `fmt::Debug` or `::std::fmt::Debug`).
            let trait_ = path
                .segments
                .last()
                .map(|s| tidy(&s.to_token_stream().to_string()))
                .unwrap_or_default();
            let assoc: Vec<String> = imp
                .items
                .iter()
                .filter_map(|i| match i {
                    ImplItem::Type(t) => Some(format!(
                        "{} = {}",
                        t.ident,
                        tidy(&t.ty.to_token_stream().to_string())
                    )),
                    _ => None,
                })
                .collect();
            let assoc = if assoc.is_empty() {
                String::new()
            } else {
                format!(" ({})", assoc.join(", "))
            };
            let target = match &*imp.self_ty {
                _ if blanket => tidy(&imp.self_ty.to_token_stream().to_string()),
                syn::Type::Reference(r) if r.mutability.is_some() => {
                    format!("&mut {owner}")
                }
                syn::Type::Reference(_) => format!("&{owner}"),
                _ => owner.clone(),
            };
            list.add(
                format!("impl{generics} {trait_} for {target}"),
                Kind::Impl,
                Some(owner),
                assoc,
                false,
            );
        }
        None => {
            for it in &imp.items {
                let ImplItem::Fn(f) = it else { continue };
                if !is_pub(&f.vis) || is_cfg_test(&f.attrs) {
                    continue;
                }
                list.gate = join_gates(impl_gate.clone(), cfg_gate(&f.attrs));
                let route = route(&f.attrs)
                    .map(|r| format!(" [{r}]"))
                    .unwrap_or_default();
                list.add(
                    format!("fn {owner}::{}", f.sig.ident),
                    Kind::Fn,
                    Some(owner),
                    format!("{}{route}", signature(&f.sig)),
                    false,
                );
            }
        }
    }
}

/// A public struct: the type (exhaustive when every field is public and it is not
/// `#[non_exhaustive]`), its public fields and its derives.
fn struct_entries(list: &mut Listing, s: &syn::ItemStruct, public: &str) {
    let non_exhaustive = has_attr(&s.attrs, "non_exhaustive");
    let all_pub = s.fields.iter().all(|f| is_pub(&f.vis));
    let generics = tidy(&s.generics.to_token_stream().to_string());
    let marker = if non_exhaustive {
        " #[non_exhaustive]"
    } else {
        ""
    };
    list.add(
        format!("struct {public}"),
        Kind::Type,
        None,
        format!("{generics}{marker}"),
        all_pub && !non_exhaustive,
    );
    for (i, f) in s.fields.iter().enumerate().filter(|(_, f)| is_pub(&f.vis)) {
        let field = f
            .ident
            .as_ref()
            .map_or_else(|| i.to_string(), ToString::to_string);
        list.add(
            format!("field {public}.{field}"),
            Kind::Field,
            Some(public),
            format!(": {}", tidy(&f.ty.to_token_stream().to_string())),
            false,
        );
    }
    derives(&s.attrs, public, list);
}

/// A public enum: the type, its variants with their fields, and its derives.
fn enum_entries(list: &mut Listing, e: &syn::ItemEnum, public: &str) {
    let non_exhaustive = has_attr(&e.attrs, "non_exhaustive");
    let marker = if non_exhaustive {
        " #[non_exhaustive]"
    } else {
        ""
    };
    list.add(
        format!("enum {public}"),
        Kind::Type,
        None,
        marker.to_string(),
        !non_exhaustive,
    );
    for v in &e.variants {
        let joined = |fields: &syn::punctuated::Punctuated<syn::Field, syn::Token![,]>| {
            fields
                .iter()
                .map(|f| {
                    let ty = tidy(&f.ty.to_token_stream().to_string());
                    match &f.ident {
                        Some(name) => format!("{name}: {ty}"),
                        None => ty,
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let fields = match &v.fields {
            Fields::Unit => String::new(),
            Fields::Named(n) => format!(" {{ {} }}", joined(&n.named)),
            Fields::Unnamed(u) => format!("({})", joined(&u.unnamed)),
        };
        list.add(
            format!("variant {public}::{}", v.ident),
            Kind::Variant,
            Some(public),
            fields,
            false,
        );
    }
    derives(&e.attrs, public, list);
}

/// A public trait (sealed when a supertrait is hidden in the crate) and its methods.
fn trait_entries(
    list: &mut Listing,
    modules: &[Module],
    reach: &Reach,
    m: &Module,
    t: &syn::ItemTrait,
    public: &str,
) {
    // Sealed: a supertrait of this crate that users cannot name, so only the
    // crate implements it and new required methods break nobody.
    let sealed = t.supertraits.iter().any(|b| {
        matches!(b, syn::TypeParamBound::Trait(tb)
            if hidden_in_crate(modules, reach, &m.path, &tb.path))
    });
    let marker = if sealed { " (sealed)" } else { "" };
    list.add(
        format!("trait {public}"),
        Kind::Type,
        None,
        marker.to_string(),
        !sealed,
    );
    for it in &t.items {
        if let syn::TraitItem::Fn(f) = it {
            let default = if f.default.is_some() {
                " (provided)"
            } else {
                ""
            };
            list.add(
                format!("fn {public}::{}", f.sig.ident),
                Kind::Fn,
                Some(public),
                format!("{}{default}", signature(&f.sig)),
                false,
            );
        }
    }
}
