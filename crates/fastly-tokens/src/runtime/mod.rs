//! What every call runs through, apart from the generated code, which it never names: the
//! session put on each request, the retry plan, tracing, the guard on each response, the URL,
//! reading the answer, the overall deadline and following pages. Each module takes what it needs as arguments
//! or from the call's [`operation::Operation`], the description the generator writes once
//! per operation; `hooks.rs` is the one file that joins progenitor's client to them.

pub(crate) mod deadline;
pub(crate) mod declared;
pub(crate) mod guard;
pub(crate) mod operation;
pub(crate) mod pages;
pub(crate) mod path;
pub(crate) mod response;
pub(crate) mod retry;
pub(crate) mod same_as;
pub(crate) mod session;
pub(crate) mod time;
pub(crate) mod trace;
pub(crate) mod websocket;
