//! `Scopes`: the space-delimited, open-ended scope list of a token (stands in for the spec's
//! `token_scope` in the generated types; see `xtask/src/generate/adapt.rs`, `REPLACEMENTS`).

use std::fmt;
use std::str::FromStr;

/// One scope of a token.
///
/// The four documented scopes have variants; any other value is kept intact in
/// [`Scope::Other`], so a scope Fastly adds tomorrow still decodes and renders back unchanged.
/// `#[non_exhaustive]`: when a scope gets a variant of its own, matching code keeps compiling
/// (its `_` arm, or `Other`, still runs for scopes it does not name). Parsing a known name
/// always gives its variant, never `Other`, so `==` compares scopes as Fastly does.
///
/// ```
/// use fastly_tokens::Scope;
/// assert_eq!("global".parse::<Scope>().unwrap(), Scope::Global);
/// let new: Scope = "brand_new:scope".parse().unwrap();
/// assert!(matches!(&new, Scope::Other(other) if other.as_str() == "brand_new:scope"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Scope {
    /// `global`: everything the user may do (Fastly's default).
    Global,
    /// `global:read`: read-only access to the account, configuration and stats.
    GlobalRead,
    /// `purge_select`: purge by URL or surrogate key (not purge-all).
    PurgeSelect,
    /// `purge_all`: purge everything.
    PurgeAll,
    /// A scope this crate has no variant for, exactly as Fastly sent it.
    Other(UnknownScope),
}

/// A scope [`Scope`] has no variant for, as Fastly wrote it. Only parsing makes one, so it
/// never holds the name of a scope that has a variant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownScope(String);

impl UnknownScope {
    /// The scope as it goes on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Scope {
    /// The scope as it goes on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Scope::Global => "global",
            Scope::GlobalRead => "global:read",
            Scope::PurgeSelect => "purge_select",
            Scope::PurgeAll => "purge_all",
            Scope::Other(s) => s.as_str(),
        }
    }

    /// One word of a scope list, known or not, without checking it (decoding never fails).
    fn word(s: &str) -> Scope {
        match s {
            "global" => Scope::Global,
            "global:read" => Scope::GlobalRead,
            "purge_select" => Scope::PurgeSelect,
            "purge_all" => Scope::PurgeAll,
            other => Scope::Other(UnknownScope(other.to_string())),
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

    /// Parses one scope; an empty string, or one with whitespace or a control character, is
    /// refused (it could not go into a token request as one scope).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ScopeError(format!(
                "a scope is one non-empty word without whitespace or control characters, not \
                 {s:?}"
            )));
        }
        Ok(Scope::word(s))
    }
}

/// A token's scopes: Fastly's space-delimited list (`"global:read purge_select"`).
///
/// Parsing ([`FromStr`]) accepts any list of words, whatever scopes it names, and refuses only
/// a word with a control character; decoding a response never fails, so one odd token cannot
/// make a list of tokens fail to decode (its words are kept as they are). [`Display`](fmt::Display)
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

    /// Splits on any run of whitespace; every word is a scope, and a word with a control
    /// character is refused.
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
                // Whatever the server wrote: a response is never refused for a scope.
                Ok(s.split_whitespace().map(Scope::word).collect())
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}
