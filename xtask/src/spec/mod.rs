//! The spec as every tool reads it: loaded with locations, addressed by JSON pointer, modelled
//! as operations with their `$ref`s resolved, and its `x-retry` policies.

pub mod http;
pub mod load;
pub mod model;
pub mod pointer;
pub mod raw;
pub mod retries;

pub use load::{find_line, from_value, key_order, load, parse, segments};
