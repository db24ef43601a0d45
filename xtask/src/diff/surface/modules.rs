//! The crates' modules as the compiler sees them: loaded by following `mod` from each
//! `lib.rs`, with their `cfg` gates and `use`s, and which names are reachable from outside
//! (through public modules and `pub use`).

use std::collections::BTreeMap;

use quote::ToTokens;
use syn::{Item, UseTree, Visibility};

use super::text::tidy;
use crate::error::Error;

/// One module: its path from the crate root, whether it is public as a module, its items.
pub(super) struct Module {
    pub(super) path: Vec<String>,
    pub(super) public: bool,
    /// The `cfg` its `mod` line (or an enclosing one) puts it under (`feature = "schemars"`).
    pub(super) gate: Option<String>,
    pub(super) items: Vec<Item>,
    /// Every `use` of the module, flattened: (path, alias).
    pub(super) uses: Vec<(Vec<String>, Option<String>)>,
    /// The names of its structs and enums, and of all its named items.
    pub(super) types: std::collections::HashSet<String>,
    pub(super) names: std::collections::HashSet<String>,
}

/// Loads the module at `path` (items from `file` under `src`) and every module under it.
pub(super) fn collect(
    load: &dyn Fn(&str) -> Result<Option<syn::File>, Error>,
    src: &str,
    path: Vec<String>,
    public: bool,
    gate: Option<String>,
    out: &mut Vec<Module>,
) -> Result<(), Error> {
    // A module is `a/b.rs` or, as a folder, `a/b/mod.rs`.
    let candidates = match path.as_slice() {
        [] => vec![format!("{src}/lib.rs")],
        p => vec![
            format!("{src}/{}.rs", p.join("/")),
            format!("{src}/{}/mod.rs", p.join("/")),
        ],
    };
    let mut found = None;
    for rel in &candidates {
        if let Some(file) = load(rel)? {
            found = Some(file);
            break;
        }
    }
    let rel = &candidates[0];
    let Some(file) = found else {
        return Err(Error::Invalid {
            path: rel.into(),
            message: "module file not found (a `mod` names it)".into(),
        });
    };
    push_module(load, src, path, public, gate, file.items, out)
}

pub(super) fn push_module(
    load: &dyn Fn(&str) -> Result<Option<syn::File>, Error>,
    src: &str,
    path: Vec<String>,
    public: bool,
    gate: Option<String>,
    items: Vec<Item>,
    out: &mut Vec<Module>,
) -> Result<(), Error> {
    let mut items = items;
    for item in &mut items {
        let Item::Mod(m) = item else { continue };
        if is_cfg_test(&m.attrs) {
            continue;
        }
        let mut child = path.clone();
        child.push(m.ident.to_string());
        let child_public = public && is_pub(&m.vis);
        let child_gate = join_gates(gate.clone(), cfg_gate(&m.attrs));
        // An inline module's items move into its own entry (the `mod` item keeps its name).
        match &mut m.content {
            Some((_, inline)) => push_module(
                load,
                src,
                child,
                child_public,
                child_gate,
                std::mem::take(inline),
                out,
            )?,
            None => collect(load, src, child, child_public, child_gate, out)?,
        }
    }
    let mut uses = Vec::new();
    for item in &items {
        if let Item::Use(u) = item {
            flatten_use(&u.tree, Vec::new(), &mut uses);
        }
    }
    let types = items
        .iter()
        .filter(|i| matches!(i, Item::Struct(_) | Item::Enum(_)))
        .filter_map(item_name)
        .collect();
    let names = items.iter().filter_map(item_name).collect();
    out.push(Module {
        path,
        public,
        gate,
        items,
        uses,
        types,
        names,
    });
    Ok(())
}

/// The predicate of an item's `#[cfg(...)]` (`feature = "schemars"`), if it has one.
pub(super) fn cfg_gate(attrs: &[syn::Attribute]) -> Option<String> {
    let gates: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .filter_map(|a| match &a.meta {
            syn::Meta::List(l) => Some(tidy(&l.tokens.to_string())),
            _ => None,
        })
        .collect();
    (!gates.is_empty()).then(|| gates.join(", "))
}

pub(super) fn join_gates(outer: Option<String>, inner: Option<String>) -> Option<String> {
    match (outer, inner) {
        (Some(a), Some(b)) => Some(format!("{a}, {b}")),
        (a, b) => a.or(b),
    }
}

pub(super) fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

pub(super) fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.to_token_stream()
                .to_string()
                .replace(' ', "")
                .contains("(test)")
    })
}

/// Names reachable from outside: (module path, item name) -> public path.
pub(super) type Reach = BTreeMap<(Vec<String>, String), String>;

/// The public path of every public item, through public modules and `pub use`.
pub(super) fn reach(modules: &[Module]) -> Reach {
    let mut out = Reach::new();
    // Public modules expose their public items under their own path.
    for m in modules.iter().filter(|m| m.public) {
        for item in &m.items {
            if let Some(name) = item_name(item).filter(|_| item_is_pub(item)) {
                out.insert((m.path.clone(), name.clone()), join(&m.path, &name));
            }
        }
    }
    // `pub use` in public modules re-exports items and modules.
    let mut changed = true;
    while changed {
        changed = false;
        for m in modules.iter().filter(|m| m.public) {
            for item in &m.items {
                let Item::Use(u) = item else { continue };
                if !is_pub(&u.vis) {
                    continue;
                }
                let mut uses = Vec::new();
                flatten_use(&u.tree, Vec::new(), &mut uses);
                for (target, alias) in uses {
                    let target = absolute(&m.path, &target);
                    let Some((name, module)) = target.split_last() else {
                        continue;
                    };
                    let public_as = join(&m.path, alias.as_deref().unwrap_or(name));
                    changed |= match name.as_str() {
                        // `pub use m::*`: every public item of `m`, beside the `use`.
                        "*" => expose(modules, &mut out, module, &m.path.join("::")),
                        _ => {
                            let item =
                                offer(&mut out, (module.to_vec(), name.clone()), public_as.clone());
                            // A re-exported module exposes its public items under the new name.
                            item | expose(modules, &mut out, &target, &public_as)
                        }
                    };
                }
            }
        }
    }
    out
}

/// Records `key` as reachable under `public` unless it already is; whether it was new.
pub(super) fn offer(out: &mut Reach, key: (Vec<String>, String), public: String) -> bool {
    match out.entry(key) {
        std::collections::btree_map::Entry::Vacant(v) => {
            v.insert(public);
            true
        }
        std::collections::btree_map::Entry::Occupied(_) => false,
    }
}

/// Every public item of `module`, reachable as `<prefix>::<name>` (`<name>` at the root);
/// whether any was new.
pub(super) fn expose(modules: &[Module], out: &mut Reach, module: &[String], prefix: &str) -> bool {
    let mut changed = false;
    for src in modules.iter().filter(|s| s.path == module) {
        for it in &src.items {
            if let Some(n) = item_name(it).filter(|_| item_is_pub(it)) {
                let public = match prefix {
                    "" => n.clone(),
                    p => format!("{p}::{n}"),
                };
                changed |= offer(out, (module.to_vec(), n.clone()), public.clone());
                // A public module inside a re-exported one is reachable through it too
                // (`types::error::ConversionError` under `pub use generated::types`).
                if matches!(it, Item::Mod(_)) {
                    let mut inner = module.to_vec();
                    inner.push(n);
                    changed |= expose(modules, out, &inner, &public);
                }
            }
        }
    }
    changed
}

pub(super) fn join(path: &[String], name: &str) -> String {
    path.iter()
        .map(String::as_str)
        .chain([name])
        .collect::<Vec<_>>()
        .join("::")
}

/// A use path made absolute from the crate root (`crate::`, `self::`, `super::` resolved).
pub(super) fn absolute(module: &[String], path: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => rest = &path[1..],
        Some("self") => {
            out = module.to_vec();
            rest = &path[1..];
        }
        Some("super") => {
            out = module.to_vec();
            while let Some("super") = rest.first().map(String::as_str) {
                out.pop();
                rest = &rest[1..];
            }
        }
        _ => out = module.to_vec(),
    }
    out.extend(rest.iter().cloned());
    out
}

/// Every (path, alias) a use tree names.
pub(super) fn flatten_use(
    tree: &UseTree,
    prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
) {
    match tree {
        UseTree::Path(p) => {
            let mut next = prefix;
            next.push(p.ident.to_string());
            flatten_use(&p.tree, next, out);
        }
        UseTree::Name(n) => {
            let mut full = prefix;
            full.push(n.ident.to_string());
            out.push((full, None));
        }
        UseTree::Rename(r) => {
            let mut full = prefix;
            full.push(r.ident.to_string());
            out.push((full, Some(r.rename.to_string())));
        }
        UseTree::Glob(_) => {
            let mut full = prefix;
            full.push("*".into());
            out.push((full, None));
        }
        UseTree::Group(g) => {
            for t in &g.items {
                flatten_use(t, prefix.clone(), out);
            }
        }
    }
}

pub(super) fn item_name(item: &Item) -> Option<String> {
    Some(match item {
        Item::Struct(s) => s.ident.to_string(),
        Item::Enum(e) => e.ident.to_string(),
        Item::Fn(f) => f.sig.ident.to_string(),
        Item::Const(c) => c.ident.to_string(),
        Item::Static(s) => s.ident.to_string(),
        Item::Trait(t) => t.ident.to_string(),
        Item::Type(t) => t.ident.to_string(),
        Item::Mod(m) => m.ident.to_string(),
        _ => return None,
    })
}

pub(super) fn item_attrs(item: &Item) -> &[syn::Attribute] {
    match item {
        Item::Struct(s) => &s.attrs,
        Item::Enum(e) => &e.attrs,
        Item::Fn(f) => &f.attrs,
        Item::Const(c) => &c.attrs,
        Item::Static(s) => &s.attrs,
        Item::Trait(t) => &t.attrs,
        Item::Type(t) => &t.attrs,
        Item::Mod(m) => &m.attrs,
        Item::Impl(i) => &i.attrs,
        _ => &[],
    }
}

pub(super) fn item_is_pub(item: &Item) -> bool {
    match item {
        Item::Struct(s) => is_pub(&s.vis),
        Item::Enum(e) => is_pub(&e.vis),
        Item::Fn(f) => is_pub(&f.vis),
        Item::Const(c) => is_pub(&c.vis),
        Item::Static(s) => is_pub(&s.vis),
        Item::Trait(t) => is_pub(&t.vis),
        Item::Type(t) => is_pub(&t.vis),
        Item::Mod(m) => is_pub(&m.vis),
        _ => false,
    }
}

/// Whether `path`, written in module `module`, names an item of this crate that users cannot
/// reach (a `pub(crate)` trait, a trait in a private module).
pub(super) fn hidden_in_crate(
    modules: &[Module],
    reach: &Reach,
    module: &[String],
    path: &syn::Path,
) -> bool {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    let full = canonical(modules, absolute(module, &segments));
    let Some((name, owner)) = full.split_last() else {
        return false;
    };
    // Only a name the crate defines there: `Default`, `From` and the other prelude traits
    // resolve to no item of the module they are written in.
    let defined = modules
        .iter()
        .filter(|x| x.path == owner)
        .any(|x| x.names.contains(name));
    defined && !reach.contains_key(&(owner.to_vec(), name.clone()))
}

/// The (module, name) an impl's self type refers to: a type of this module, or one it imports.
pub(super) fn self_type(m: &Module, imp: &syn::ItemImpl) -> Option<(Vec<String>, String)> {
    let module = &m.path;
    // `impl IntoIterator for &'a Scopes` is owned by `Scopes`.
    let self_ty = match &*imp.self_ty {
        syn::Type::Reference(r) => &*r.elem,
        t => t,
    };
    let syn::Type::Path(p) = self_ty else {
        return None;
    };
    let segments: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let (name, prefix) = segments.split_last()?;
    if !prefix.is_empty() {
        let full = absolute(module, &segments);
        let (name, path) = full.split_last()?;
        return Some((path.to_vec(), name.clone()));
    }
    if m.types.contains(name) {
        return Some((module.to_vec(), name.clone()));
    }
    for (path, alias) in &m.uses {
        let last = alias.as_ref().or(path.last());
        if last == Some(name) {
            let full = absolute(module, path);
            let (n, m) = full.split_last()?;
            return Some((m.to_vec(), n.clone()));
        }
    }
    None
}

/// A path with every `use` alias on the way replaced by what it names
/// (`types::X` -> `generated::types::X` when the root says `pub use generated::types`).
pub(super) fn canonical(modules: &[Module], path: Vec<String>) -> Vec<String> {
    let mut path = path;
    for _ in 0..8 {
        let mut next = None;
        'search: for m in modules {
            if path.len() <= m.path.len() || path[..m.path.len()] != m.path[..] {
                continue;
            }
            let segment = &path[m.path.len()];
            for (target, alias) in &m.uses {
                let last = alias.as_ref().or(target.last());
                if last == Some(segment) && target.last().map(String::as_str) != Some("*") {
                    let mut full = absolute(&m.path, target);
                    full.extend(path[m.path.len() + 1..].iter().cloned());
                    if full != path {
                        next = Some(full);
                        break 'search;
                    }
                }
            }
        }
        match next {
            Some(n) => path = n,
            None => break,
        }
    }
    path
}
