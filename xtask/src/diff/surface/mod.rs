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

use crate::error::Error;

mod entries;
mod modules;
mod text;

use entries::entries;
use modules::collect;

/// The crates whose public API is listed: (crate name, source directory from the root).
pub(crate) const CRATES: [(&str, &str); 2] = [
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

/// Reads the public API of every crate in `CRATES` under `root`, with `overrides`
/// (relative path -> text) standing in for files on disk (freshly generated code).
pub fn read(root: &Path, overrides: &[(PathBuf, String)]) -> Result<Api, Error> {
    read_trees(root, overrides, Vec::new())
}

/// [`read`] with some files given as syntax trees already (the generator's, unformatted):
/// a tree stands in for text and for the file on disk. With trees, only the crates that hold
/// one of them are read.
pub(crate) fn read_trees(
    root: &Path,
    overrides: &[(PathBuf, String)],
    trees: Vec<(PathBuf, syn::File)>,
) -> Result<Api, Error> {
    let holds = |src: &str| trees.is_empty() || trees.iter().any(|(p, _)| p.starts_with(src));
    let crates: Vec<_> = CRATES.iter().filter(|(_, src)| holds(src)).collect();
    let trees = std::cell::RefCell::new(trees);
    let mut api = Api::default();
    for (name, src) in crates {
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
                .map_err(|e| Error::Invalid {
                    path: rel.into(),
                    message: format!("not Rust: {e}"),
                })
        };
        let mut modules = Vec::new();
        collect(&load, src, Vec::new(), true, None, &mut modules)?;
        api.crates.insert(name.to_string(), entries(&modules));
    }
    Ok(api)
}
