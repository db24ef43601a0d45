//! The spec as every tool reads it: one document (its files bundled by `spec/bundle.rs`, its
//! overlays applied by `spec/overlay.rs`), with the file and line where each node was written.

use std::collections::HashMap;

use serde_json::Value;

use crate::error::Location;
use crate::spec::yaml::{Lines, Pos};

/// A spec read: the bundled document and where each of its nodes came from.
#[derive(Debug)]
pub struct Source {
    /// The document, with every other file's part bundled in.
    pub value: Value,
    /// Every file read, the root first: (name, text).
    pub files: Vec<(String, String)>,
    /// The root file's lines, by pointer (nodes written in the root file).
    lines: Lines,
    /// Nodes written in another file (or by an overlay's action): (file index, line), by
    /// pointer in the bundled document.
    pub(crate) moved: HashMap<String, (usize, usize)>,
    /// The overlay actions applied, in order (`spec/overlay.rs`).
    pub(crate) applied: Vec<Applied>,
}

impl Source {
    /// A document read: `value` from `files` (the root first), where the root's nodes are at
    /// `lines` and other files' at `moved`.
    pub(crate) fn new(
        value: Value,
        files: Vec<(String, String)>,
        lines: Lines,
        moved: HashMap<String, (usize, usize)>,
    ) -> Source {
        Source {
            value,
            files,
            lines,
            moved,
            applied: Vec::new(),
        }
    }

    /// The root file's name.
    pub(crate) fn name(&self) -> &str {
        &self.files[0].0
    }

    /// The file and line where the node at `pointer` (or its nearest written ancestor) is.
    pub(crate) fn locate(&self, pointer: &str) -> Location {
        let mut at = pointer;
        loop {
            if let Some((file, line)) = self.moved.get(at) {
                return self.location(*file, Some(*line), pointer);
            }
            if let Some(pos) = self.lines.get(at) {
                return self.location(0, Some(pos.line), pointer);
            }
            match at.rfind('/') {
                Some(cut) => at = &at[..cut],
                None => return self.location(0, None, pointer),
            }
        }
    }

    /// Where the node at `pointer` was written, to sort by: (file index, place in it); a node
    /// no file holds sorts last.
    pub fn order(&self, pointer: &str) -> (usize, Pos) {
        let end = Pos {
            line: usize::MAX,
            index: usize::MAX,
        };
        match (self.moved.get(pointer), self.lines.get(pointer)) {
            (Some((file, line)), _) => (
                *file,
                Pos {
                    line: *line,
                    index: 0,
                },
            ),
            (None, Some(pos)) => (0, *pos),
            (None, None) => (usize::MAX, end),
        }
    }

    /// The texts the generated files are made from, as one string: the root's text alone
    /// for a one-file spec, else each file's name and text in the order they were read.
    pub fn contents(&self) -> std::borrow::Cow<'_, str> {
        match self.files.as_slice() {
            [(_, text)] => text.as_str().into(),
            files => files
                .iter()
                .map(|(name, text)| format!("# {name}\n{text}\n"))
                .collect::<String>()
                .into(),
        }
    }

    fn location(&self, file: usize, line: Option<usize>, pointer: &str) -> Location {
        Location {
            file: self.files[file].0.clone(),
            pointer: pointer.to_string(),
            line,
        }
    }
}

/// One overlay action applied (`spec/overlay.rs`): where it is written and how many nodes its target selected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// The overlay file, as named in [`Source::files`].
    pub file: String,
    /// The action's index in the overlay's `actions`.
    pub action: usize,
    /// The line of its `target`.
    pub line: Option<usize>,
    /// Its target.
    pub target: String,
    /// How many nodes the target selected.
    pub selected: usize,
    /// The pointers of the nodes it wrote, in the result.
    pub written: Vec<String>,
}
