//! How much a wire change weighs for a deployed client (`Level`) and where in the document it
//! is (`Area`): the two scales every rule of `rules.rs` is placed on.

use std::fmt;

/// How much a change weighs for a deployed client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Nothing a deployed client meets changes for the worse (oasdiff's INFO).
    Info,
    /// Some deployed clients may break, depending on what they send or read (oasdiff's WARN).
    Warn,
    /// Deployed clients break (oasdiff's ERR).
    Breaking,
}

impl Level {
    /// Every level, lowest first.
    pub(crate) const ALL: [Level; 3] = [Level::Info, Level::Warn, Level::Breaking];

    /// The stable name reports and `--fail-on` use: `info`, `warn`, `breaking`.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Breaking => "breaking",
        }
    }

    /// The level as a reader says it: `informational`, `potentially breaking`, `breaking`.
    pub const fn words(self) -> &'static str {
        match self {
            Level::Info => "informational",
            Level::Warn => "potentially breaking",
            Level::Breaking => "breaking",
        }
    }

    /// oasdiff's name of the level (`INFO`, `WARN`, `ERR`).
    pub(crate) const fn oasdiff(self) -> &'static str {
        match self {
            Level::Info => "INFO",
            Level::Warn => "WARN",
            Level::Breaking => "ERR",
        }
    }

    /// Parses a level's name (`breaking`, `warn`, `info`).
    pub(crate) fn from_name(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.name() == name)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Level {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The part of the document a rule is about, as oasdiff's areas name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Area {
    /// Operations: added, removed, renamed, deprecated.
    Paths,
    /// Parameters in every place.
    Parameters,
    /// Request bodies.
    RequestBody,
    /// Response statuses and media types.
    Responses,
    /// Response headers.
    Headers,
    /// Schemas, wherever they are (bodies, parameters, headers), in both directions.
    Schema,
    /// Security requirements and schemes.
    Security,
    /// This project's own extensions (`x-retry`).
    Extensions,
}

impl Area {
    /// The area's name as oasdiff writes it.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Area::Paths => "paths",
            Area::Parameters => "parameters",
            Area::RequestBody => "requestBody",
            Area::Responses => "responses",
            Area::Headers => "headers",
            Area::Schema => "schema",
            Area::Security => "security",
            Area::Extensions => "extensions",
        }
    }
}
