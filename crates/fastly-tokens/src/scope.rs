//! `Scopes`: the space-delimited, open-ended scope list of a token (stands in for the spec's
//! `token_scope` in the generated types; see `xtask/src/generate/adapt.rs`, `REPLACEMENTS`).

use std::fmt;
use std::str::FromStr;

/// One scope of a token.
///
/// The four documented scopes have variants; any other value is kept intact in
/// [`Scope::Other`], so a scope Fastly adds tomorrow still decodes and renders back unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// `global`: everything the user may do (Fastly's default).
    Global,
    /// `global:read`: read-only access to the account, configuration and stats.
    GlobalRead,
    /// `purge_select`: purge by URL or surrogate key (not purge-all).
    PurgeSelect,
    /// `purge_all`: purge everything.
    PurgeAll,
    /// A scope this crate does not know yet, exactly as Fastly sent it.
    Other(String),
}

impl Scope {
    /// The scope as it goes on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Scope::Global => "global",
            Scope::GlobalRead => "global:read",
            Scope::PurgeSelect => "purge_select",
            Scope::PurgeAll => "purge_all",
            Scope::Other(s) => s,
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a string is not a single scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeError(String);

impl fmt::Display for ScopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScopeError {}

impl FromStr for Scope {
    type Err = ScopeError;

    /// Parses one scope; an empty string or one containing whitespace is refused.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ScopeError(format!(
                "a scope is one non-empty word without whitespace, not {s:?}"
            )));
        }
        Ok(match s {
            "global" => Scope::Global,
            "global:read" => Scope::GlobalRead,
            "purge_select" => Scope::PurgeSelect,
            "purge_all" => Scope::PurgeAll,
            other => Scope::Other(other.to_string()),
        })
    }
}

/// A token's scopes: Fastly's space-delimited list (`"global:read purge_select"`).
///
/// Parsing never fails on a well-formed list, whatever scopes it names; [`Display`](fmt::Display)
/// and serialization render the list back as Fastly sends it (one space between scopes).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Scopes(Vec<Scope>);

impl Scopes {
    /// Scopes from any list of scopes, in order.
    pub fn new(scopes: impl IntoIterator<Item = Scope>) -> Self {
        Scopes(scopes.into_iter().collect())
    }

    /// The scopes, in the order Fastly listed them.
    pub fn iter(&self) -> std::slice::Iter<'_, Scope> {
        self.0.iter()
    }

    /// Whether `scope` is in the list.
    pub fn contains(&self, scope: &Scope) -> bool {
        self.0.contains(scope)
    }

    /// Whether the list is empty (Fastly then applies its default, `global`).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many scopes the list has.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl From<Scope> for Scopes {
    fn from(scope: Scope) -> Self {
        Scopes(vec![scope])
    }
}

impl FromIterator<Scope> for Scopes {
    fn from_iter<I: IntoIterator<Item = Scope>>(iter: I) -> Self {
        Scopes::new(iter)
    }
}

impl<'a> IntoIterator for &'a Scopes {
    type Item = &'a Scope;
    type IntoIter = std::slice::Iter<'a, Scope>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl FromStr for Scopes {
    type Err = ScopeError;

    /// Splits on any run of whitespace; never fails (every word is a scope).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.split_whitespace().map(Scope::from_str).collect()
    }
}

impl fmt::Display for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, scope) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(scope.as_str())?;
        }
        Ok(())
    }
}

impl serde::Serialize for Scopes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Scopes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A visitor parses the string in place: no intermediate `String` per token.
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Scopes;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a space-delimited list of scopes")
            }

            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Scopes, E> {
                s.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}
