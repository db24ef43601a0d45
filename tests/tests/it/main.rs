//! The workspace's tests, one binary: each module was once a test file of its own, and each
//! linked tokio, reqwest, the xtask and progenitor again. `cargo test -p tests <module>::`
//! runs one module's tests (`cargo test -p tests cli::`).

mod additive;
mod builds;
mod cassettes;
mod checkouts;
mod cli;
mod config;
mod contract;
mod coverage;
mod diff;
mod drift;
mod guards;
mod hostile;
mod layers;
mod lint;
mod mock;
mod mock_for_users;
mod mutants;
mod names;
mod network;
mod observe;
mod overlays;
mod pages;
mod progenitor;
mod reliability;
mod replacements;
mod responses;
mod rotate;
mod secrets;
mod shapes_build;
mod spawn;
mod split;
mod surface;
mod tidy;
mod wire;
