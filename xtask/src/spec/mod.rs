//! The spec as every tool reads it: loaded with locations, addressed by JSON pointer, modelled
//! as operations with their `$ref`s resolved, and its `x-retry` policies.

pub(crate) mod http;
pub(crate) mod load;
pub mod model;
pub(crate) mod pointer;
pub(crate) mod raw;
pub(crate) mod retries;

pub use load::{find_line, from_value, key_order, load, parse};
pub use pointer::segments;
