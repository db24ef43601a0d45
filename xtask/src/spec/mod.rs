//! The spec as every tool reads it: its files read with the line of every node (`yaml`),
//! bundled into one document (`source`), loaded as OpenAPI (`load`), addressed by JSON
//! pointer, modelled as operations with their `$ref`s resolved, its `x-retry` policies and its
//! `x-pages` extensions.

pub(crate) mod http;
pub mod load;
pub mod model;
pub mod overlay;
pub(crate) mod pages;
pub(crate) mod pointer;
pub(crate) mod raw;
pub(crate) mod retries;
pub(crate) mod source;
pub(crate) mod yaml;

pub use load::{from_value, load, parse, read};
pub use source::Source;
