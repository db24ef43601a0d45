//! The public API of the two crates as users reach it, generated and hand-written items alike:
//! every public type with its public fields or variants, every public function and method
//! with its signature (and route, for operations), every trait implemented for a public type.
//! Read from the sources with syn, following `mod` and `pub use` from each `lib.rs`.
//!
//! [`Api`] is the model (one entry per item, keyed by identity) that the snapshot prints and
//! `cargo xtask diff` compares under Rust's semver rules.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::{Fields, ImplItem, Item, UseTree, Visibility};

use crate::error::Error;

/// The crates whose public API is listed: (crate name, source directory from the root).
pub const CRATES: [(&str, &str); 2] = [
    ("fastly_tokens", "crates/fastly-tokens/src"),
    ("fastly_tokens_mock", "crates/fastly-tokens-mock/src"),
];

/// What kind of item an entry is; the semver judgement depends on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A struct, enum, trait, type alias or module.
    Type,
    /// A public field of a struct (or of an enum variant).
    Field,
    /// A variant of an enum.
    Variant,
    /// A function, method, constant or static.
    Fn,
    /// A trait implemented for a public type (derived or written).
    Impl,
}

/// One public item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// What it is.
    pub kind: Kind,
    /// The type it belongs to (fields, variants, methods, impls), by public path.
    pub owner: Option<String>,
    /// The text a user compiles against: a signature, a field's type, a trait.
    pub text: String,
    /// For types: whether users can build a value with a literal or match it exhaustively
    /// (a struct with only public fields, an enum), i.e. not `#[non_exhaustive]`; for traits,
    /// whether users can implement it (not sealed).
    pub exhaustive: bool,
}

/// The public API of one crate: entries keyed by identity (`fn Client::get_token`,
/// `field types::TokenResponse.id`, ...).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Api {
    /// Crate name -> key -> entry.
    pub crates: BTreeMap<String, BTreeMap<String, Entry>>,
}

impl Api {
    /// The listing: per crate, one line per entry, sorted by key.
    pub fn listing(&self) -> String {
        let mut out = String::new();
        for (name, entries) in &self.crates {
            let _ = writeln!(out, "crate {name}");
            for (key, e) in entries {
                let _ = writeln!(out, "  {key}{}", e.text);
            }
        }
        out
    }
}

/// Reads the public API of every crate in [`CRATES`] under `root`, with `overrides`
/// (relative path -> text) standing in for files on disk (freshly generated code).
pub fn read(root: &Path, overrides: &[(PathBuf, String)]) -> Result<Api, Error> {
    read_trees(root, overrides, Vec::new())
}

/// [`read`] with some files given as syntax trees already (the generator's, unformatted):
/// a tree stands in for text and for the file on disk.
pub fn read_trees(
    root: &Path,
    overrides: &[(PathBuf, String)],
    trees: Vec<(PathBuf, syn::File)>,
) -> Result<Api, Error> {
    let trees = std::cell::RefCell::new(trees);
    let mut api = Api::default();
    for (name, src) in CRATES {
        let load = |rel: &str| -> Result<Option<syn::File>, Error> {
            let mut trees = trees.borrow_mut();
            if let Some(i) = trees.iter().position(|(p, _)| p.to_str() == Some(rel)) {
                return Ok(Some(trees.swap_remove(i).1));
            }
            let text = match overrides.iter().find(|(p, _)| p.to_str() == Some(rel)) {
                Some((_, text)) => text.clone(),
                None => match std::fs::read_to_string(root.join(rel)) {
                    Ok(t) => t,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                    Err(e) => {
                        return Err(Error::Io {
                            path: root.join(rel),
                            source: e,
                        });
                    }
                },
            };
            syn::parse_file(&text)
                .map(Some)
                .map_err(|e| Error::Format(format!("{rel} does not parse: {e}")))
        };
        let mut modules = Vec::new();
        collect(&load, src, Vec::new(), true, None, &mut modules)?;
        api.crates.insert(name.to_string(), entries(&modules));
    }
    Ok(api)
}

/// One module: its path from the crate root, whether it is public as a module, its items.
struct Module {
    path: Vec<String>,
    public: bool,
    /// The `cfg` its `mod` line (or an enclosing one) puts it under (`feature = "schemars"`).
    gate: Option<String>,
    items: Vec<Item>,
    /// Every `use` of the module, flattened: (path, alias).
    uses: Vec<(Vec<String>, Option<String>)>,
    /// The names of its structs and enums, and of all its named items.
    types: std::collections::HashSet<String>,
    names: std::collections::HashSet<String>,
}

/// Loads the module at `path` (items from `file` under `src`) and every module under it.
fn collect(
    load: &dyn Fn(&str) -> Result<Option<syn::File>, Error>,
    src: &str,
    path: Vec<String>,
    public: bool,
    gate: Option<String>,
    out: &mut Vec<Module>,
) -> Result<(), Error> {
    let rel = match path.as_slice() {
        [] => format!("{src}/lib.rs"),
        p => format!("{src}/{}.rs", p.join("/")),
    };
    let Some(file) = load(&rel)? else {
        return Err(Error::Format(format!("{rel}: module file not found")));
    };
    push_module(load, src, path, public, gate, file.items, out)
}

fn push_module(
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
fn cfg_gate(attrs: &[syn::Attribute]) -> Option<String> {
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

fn join_gates(outer: Option<String>, inner: Option<String>) -> Option<String> {
    match (outer, inner) {
        (Some(a), Some(b)) => Some(format!("{a}, {b}")),
        (a, b) => a.or(b),
    }
}

/// How an entry shows the `cfg` it needs: ` [cfg(feature = "schemars")]`.
fn gated(text: String, gate: &Option<String>) -> String {
    match gate {
        Some(g) => format!("{text} [cfg({g})]"),
        None => text,
    }
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.to_token_stream()
                .to_string()
                .replace(' ', "")
                .contains("(test)")
    })
}

/// Names reachable from outside: (module path, item name) -> public path.
type Reach = BTreeMap<(Vec<String>, String), String>;

/// The public path of every public item, through public modules and `pub use`.
fn reach(modules: &[Module]) -> Reach {
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
fn offer(out: &mut Reach, key: (Vec<String>, String), public: String) -> bool {
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
fn expose(modules: &[Module], out: &mut Reach, module: &[String], prefix: &str) -> bool {
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

fn join(path: &[String], name: &str) -> String {
    path.iter()
        .map(String::as_str)
        .chain([name])
        .collect::<Vec<_>>()
        .join("::")
}

/// A use path made absolute from the crate root (`crate::`, `self::`, `super::` resolved).
fn absolute(module: &[String], path: &[String]) -> Vec<String> {
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
fn flatten_use(tree: &UseTree, prefix: Vec<String>, out: &mut Vec<(Vec<String>, Option<String>)>) {
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

fn item_name(item: &Item) -> Option<String> {
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

fn item_attrs(item: &Item) -> &[syn::Attribute] {
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

fn item_is_pub(item: &Item) -> bool {
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

/// Every public entry of one crate.
fn entries(modules: &[Module]) -> BTreeMap<String, Entry> {
    let reach = reach(modules);
    let mut out = BTreeMap::new();
    // The `cfg` of the item being listed (its module's, its own, its impl's): shown on every
    // entry it gates, so a feature-only item reads as such.
    let gate = std::cell::RefCell::new(None::<String>);
    let mut add = |key: String, kind, owner: Option<&str>, text: String, exhaustive| {
        out.insert(
            key,
            Entry {
                kind,
                owner: owner.map(str::to_string),
                text: gated(text, &gate.borrow()),
                exhaustive,
            },
        );
    };
    for m in modules {
        for item in &m.items {
            let Some(name) = item_name(item) else {
                continue;
            };
            *gate.borrow_mut() = join_gates(m.gate.clone(), cfg_gate(item_attrs(item)));
            let Some(public) = reach.get(&(m.path.clone(), name.clone())) else {
                continue;
            };
            match item {
                Item::Struct(s) => {
                    let non_exhaustive = has_attr(&s.attrs, "non_exhaustive");
                    let all_pub = s.fields.iter().all(|f| is_pub(&f.vis));
                    let generics = tidy(&s.generics.to_token_stream().to_string());
                    let marker = if non_exhaustive {
                        " #[non_exhaustive]"
                    } else {
                        ""
                    };
                    add(
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
                        add(
                            format!("field {public}.{field}"),
                            Kind::Field,
                            Some(public),
                            format!(": {}", tidy(&f.ty.to_token_stream().to_string())),
                            false,
                        );
                    }
                    derives(&s.attrs, public, &mut add);
                }
                Item::Enum(e) => {
                    let non_exhaustive = has_attr(&e.attrs, "non_exhaustive");
                    let marker = if non_exhaustive {
                        " #[non_exhaustive]"
                    } else {
                        ""
                    };
                    add(
                        format!("enum {public}"),
                        Kind::Type,
                        None,
                        marker.to_string(),
                        !non_exhaustive,
                    );
                    for v in &e.variants {
                        let list =
                            |fields: &syn::punctuated::Punctuated<syn::Field, syn::Token![,]>| {
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
                            Fields::Named(n) => format!(" {{ {} }}", list(&n.named)),
                            Fields::Unnamed(u) => format!("({})", list(&u.unnamed)),
                        };
                        add(
                            format!("variant {public}::{}", v.ident),
                            Kind::Variant,
                            Some(public),
                            fields,
                            false,
                        );
                    }
                    derives(&e.attrs, public, &mut add);
                }
                Item::Fn(f) => add(
                    format!("fn {public}"),
                    Kind::Fn,
                    None,
                    signature(&f.sig),
                    false,
                ),
                Item::Const(c) => add(
                    format!("const {public}"),
                    Kind::Fn,
                    None,
                    format!(": {}", tidy(&c.ty.to_token_stream().to_string())),
                    false,
                ),
                Item::Static(s) => add(
                    format!("static {public}"),
                    Kind::Fn,
                    None,
                    format!(": {}", tidy(&s.ty.to_token_stream().to_string())),
                    false,
                ),
                Item::Type(t) => add(
                    format!("type {public}"),
                    Kind::Type,
                    None,
                    format!(" = {}", tidy(&t.ty.to_token_stream().to_string())),
                    false,
                ),
                Item::Trait(t) => {
                    // Sealed: a supertrait of this crate that users cannot name, so only the
                    // crate implements it and new required methods break nobody.
                    let sealed = t.supertraits.iter().any(|b| {
                        matches!(b, syn::TypeParamBound::Trait(tb)
                            if hidden_in_crate(modules, &reach, &m.path, &tb.path))
                    });
                    let marker = if sealed { " (sealed)" } else { "" };
                    add(
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
                            add(
                                format!("fn {public}::{}", f.sig.ident),
                                Kind::Fn,
                                Some(public),
                                format!("{}{default}", signature(&f.sig)),
                                false,
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        for item in &m.items {
            let Item::Impl(imp) = item else { continue };
            if is_cfg_test(&imp.attrs) {
                continue;
            }
            let impl_gate = join_gates(m.gate.clone(), cfg_gate(&imp.attrs));
            *gate.borrow_mut() = impl_gate.clone();
            let owner = self_type(m, imp).and_then(|(module, name)| {
                reach.get(&(module.clone(), name.clone())).or_else(|| {
                    let mut full = module;
                    full.push(name);
                    let full = canonical(modules, full);
                    let (n, m) = full.split_last()?;
                    reach.get(&(m.to_vec(), n.clone()))
                })
            });
            let Some(owner) = owner else { continue };
            let generics = tidy(&imp.generics.to_token_stream().to_string());
            match &imp.trait_ {
                Some((_, path, _)) => {
                    // A trait of this crate that users cannot name is not part of its API.
                    if hidden_in_crate(modules, &reach, &m.path, path) {
                        continue;
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
                        syn::Type::Reference(r) if r.mutability.is_some() => {
                            format!("&mut {owner}")
                        }
                        syn::Type::Reference(_) => format!("&{owner}"),
                        _ => owner.clone(),
                    };
                    add(
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
                        *gate.borrow_mut() = join_gates(impl_gate.clone(), cfg_gate(&f.attrs));
                        let route = route(&f.attrs)
                            .map(|r| format!(" [{r}]"))
                            .unwrap_or_default();
                        add(
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
    }
    out
}

/// Whether `path`, written in module `module`, names an item of this crate that users cannot
/// reach (a `pub(crate)` trait, a trait in a private module).
fn hidden_in_crate(modules: &[Module], reach: &Reach, module: &[String], path: &syn::Path) -> bool {
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

/// `#[derive(...)]` traits as impl entries.
fn derives(
    attrs: &[syn::Attribute],
    owner: &str,
    add: &mut impl FnMut(String, Kind, Option<&str>, String, bool),
) {
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
        add(
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

/// The (module, name) an impl's self type refers to: a type of this module, or one it imports.
fn self_type(m: &Module, imp: &syn::ItemImpl) -> Option<(Vec<String>, String)> {
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
fn canonical(modules: &[Module], path: Vec<String>) -> Vec<String> {
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

/// The route an operation's doc states (`GET /tokens`), from its "`GET /tokens`." line.
fn route(attrs: &[syn::Attribute]) -> Option<String> {
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
        let text = s.value();
        let line = text.trim();
        let Some(rest) = line.strip_prefix('`') else {
            continue;
        };
        let Some((route, _)) = rest.split_once('`') else {
            continue;
        };
        let method = route.split(' ').next().unwrap_or_default();
        if ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(&method) {
            return Some(route.to_string());
        }
    }
    None
}

fn signature(sig: &syn::Signature) -> String {
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
