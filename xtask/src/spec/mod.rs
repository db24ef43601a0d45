//! The spec as every tool reads it: its files read with the line of every node (`yaml`),
//! bundled into one document (`source`), loaded as OpenAPI (`load`), addressed by JSON
//! pointer, modelled as operations with their `$ref`s resolved, its `x-retry` policies and its
//! `x-pages` extensions.

pub(crate) mod bundle;
pub(crate) mod http;
pub(crate) mod load;
pub mod model;
pub mod overlay;
pub(crate) mod pages;
pub(crate) mod pointer;
pub(crate) mod raw;
pub(crate) mod retries;
pub(crate) mod source;
pub(crate) mod yaml;

pub use load::{from_value, load, parse, read};

/// The first document of a YAML (or JSON) text as a JSON value, read as the spec is (YAML
/// 1.2's core schema); why not, with the line.
pub fn value(text: &str) -> Result<serde_json::Value, String> {
    yaml::read(text)
        .map(|(value, _)| value)
        .map_err(|e| format!("line {}: {}", e.line, e.message))
}
pub use source::Source;
