//! The xtask's one error type: every failure names the file and, for spec problems, the place.

use std::fmt;
use std::path::PathBuf;

/// A place in the spec: its file, a JSON pointer and, where known, a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The spec file, as given to the loader.
    pub file: String,
    /// JSON pointer into the document (`/paths/~1tokens/post/requestBody`); empty for the root.
    pub pointer: String,
    /// 1-based line number, where the YAML parser or a text search could tell.
    pub line: Option<usize>,
}

impl Location {
    /// The pointer in the dotted style people read (`paths./tokens.post.requestBody`).
    pub fn dotted(&self) -> String {
        crate::spec::pointer::dotted(&self.pointer)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let dotted = self.dotted();
        if !dotted.is_empty() {
            write!(f, ": at {dotted}")?;
        }
        Ok(())
    }
}

/// Everything that can stop the xtask.
#[derive(Debug)]
pub enum Error {
    /// Reading or writing a file failed.
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The spec is not valid YAML, not an OpenAPI 3.0.x document, or uses something the
    /// generator cannot take.
    Spec {
        /// Where in the document.
        location: Location,
        /// What is wrong, in a sentence.
        message: String,
    },
    /// progenitor returned an error (or panicked) on a spec that passed preflight.
    Generate(String),
    /// The generated tokens could not be formatted.
    Format(String),
    /// git could not give what was asked (an unknown revision, a file missing there).
    Git(String),
    /// progenitor's output no longer has a shape a patch relies on (see
    /// `generate/contract.rs`): generation stops rather than ship unpatched code.
    Contract(String),
    /// A file that is not what it should be: a CI event payload or a cassette that is not
    /// JSON, a crate module file missing or not Rust.
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Spec { location, message } => write!(f, "{location}: {message}"),
            Error::Generate(m) => write!(f, "progenitor could not generate the client: {m}"),
            Error::Format(m) => write!(f, "formatting the generated code failed: {m}"),
            Error::Git(m) => write!(f, "{m}"),
            Error::Contract(m) => {
                write!(f, "progenitor's output broke the generator's contract: {m}")
            }
            Error::Invalid { path, message } => write!(f, "{}: {message}", path.display()),
        }
    }
}

impl std::error::Error for Error {}
