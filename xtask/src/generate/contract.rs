//! The contract with progenitor 0.15.1's output, in one place: what the generator relies on,
//! what the crates rely on, and a tally that fails generation when a patch stops applying.
//!
//! # Upgrading progenitor: the checklist
//!
//! Bump `progenitor`, `progenitor-client` and `typify` together (`Cargo.toml` pins them
//! exactly), run `cargo xtask generate`, and go down this list; generation itself fails, naming
//! the patch and this version, wherever a patch no longer finds what it recognises.
//!
//! **Names** (`names.rs`): methods, builder, `When`/`Then` and schema type names are
//! computed by progenitor's and typify's `sanitize`; `tests/tests/it/names.rs` proves them over a
//! corpus. Re-read `progenitor-impl/src/util.rs` and `typify-impl/src/util.rs` if it fails.
//!
//! **Shapes the generator reads back** (loud: a generate error names them):
//! - `impl Client { pub async fn <method>(&'a self, ..) -> Result<ResponseValue<T>, Error<_>> }`,
//!   an argument named `body`, `ByteStream` for non-JSON bodies (`operations.rs`);
//! - `pub mod types` holding one item per schema (`docs.rs`, `constructors.rs`);
//! - the settings API (`GenerationSettings`, `with_inner_type`, `with_replacement`,
//!   `InterfaceStyle::Positional`, `TagStyle::Merged`) (`progenitor.rs`).
//!
//! **Patches** (each counted here; fewer hits than expected fails generation):
//! every [`Patch`] constant below, with what it recognises.
//!
//! **What the crates name of the generated code** (loud: the crates stop compiling):
//! - `fastly-tokens` reads `generated::Client`'s fields `baseurl`, `client` and `inner`, calls
//!   `Client::new_with_client` (`client.rs`), matches every `progenitor_client::Error` variant
//!   (`runtime/response.rs`), and implements `ClientHooks<Session>` with
//!   `OperationInfo::operation_id` being the method name, found in the generated `OPERATIONS`
//!   (`hooks.rs`);
//! - the generated client names the runtime only: `crate::runtime::session::Session` (the
//!   inner type), `crate::runtime::response::{json_response, empty_response, Undecoded}`,
//!   `crate::runtime::websocket::websocket_key`, `crate::runtime::path::{Encoded, EncodedStr,
//!   url}`, `crate::runtime::time::{optional, required}`, `crate::runtime::same_as::{text, read}`, and, in the `OPERATIONS` table this
//!   generator appends, `crate::runtime::operation::Operation` and
//!   `crate::runtime::declared::Declared` with their fields;
//! - the generated operations name `crate::check`, `crate::client::{CallOptions, Client,
//!   Prepare}`, `crate::runtime::response::{Response, finish_empty, finish_json,
//!   finish_stream, finish_upgrade}`, `crate::runtime::deadline::Deadline::new`,
//!   `Client::raw_for`, `Client::deadline_for`, `Prepare::prepare` and
//!   `crate::{Error, RetryPolicy, types}`;
//! - the mock crate names `::fastly_tokens::types`, `::progenitor_client::encode_path`,
//!   `::serde_urlencoded` and `::regex`.

use crate::error::Error;

/// The generator whose output the patches are written against.
pub const PROGENITOR: &str = "progenitor 0.15.1";

/// One patch of progenitor's output: its name and the shape it recognises.
#[derive(Debug, PartialEq, Eq)]
pub struct Patch {
    /// Short name, used in errors.
    pub name: &'static str,
    /// The shape of progenitor's output it looks for.
    pub recognises: &'static str,
}

/// The client: the `api-version` header progenitor adds to every request is dropped.
pub const API_VERSION: Patch = Patch {
    name: "client: no api-version header",
    recognises: "one `header_map.append(HeaderName::from_static(\"api-version\"), ..)` \
                 statement in each operation method",
};
/// The client: each path parameter is percent-encoded as the URL is written
/// (`crate::runtime::path::EncodedStr` or `crate::runtime::path::Encoded`), not first copied
/// into two strings of its own.
pub(crate) const PATH_VALUES: Patch = Patch {
    name: "client: path values encoded as written",
    recognises: "one `encode_path(&<value>.to_string())` argument of the URL's `format!` for \
                 each path parameter",
};
/// The client: each request is lent to the `pre` hook inside a block of its own, so the
/// method's future does not keep room for it after it moved into `exec`.
pub const PRE_HOOK_SCOPE: Patch = Patch {
    name: "client: request lent to the pre hook in its own block",
    recognises: "one `self.pre(&mut request, &info).await?;` statement in each operation method",
};
/// The client: each operation's URL is built on the base URL the client parsed once
/// (`crate::runtime::path::url`), not written as a string that reqwest parses whole on every call.
pub const BASE_URL: Patch = Patch {
    name: "client: URL built on the parsed base URL",
    recognises: "one `let url = format!(\"{}<path>\", self.baseurl, ..);` in each operation \
                 method (the local is `_url` when a parameter is named `url`)",
};
/// The client: the header map each operation method builds is sized for the headers left
/// once `api-version` is gone (`HeaderMap::new()`, which does not allocate, when none are).
pub(crate) const HEADER_MAP: Patch = Patch {
    name: "client: header map sized without api-version",
    recognises: "one `let mut header_map = HeaderMap::with_capacity(<n>usize);` in each \
                 operation method",
};
/// The client: an operation with no header to send builds no header map and merges none into
/// its request.
pub const EMPTY_HEADER_MAP: Patch = Patch {
    name: "client: no empty header map",
    recognises: "in each operation method without header parameters, `header_map` named only \
                 by its `let` and one `.headers(header_map)` of the request builder",
};
/// The client: a success response's headers move into the value the call returns instead of
/// being copied (`crate::runtime::response::json_response` and `empty_response` stand in for
/// progenitor-client's `ResponseValue::from_response` and `ResponseValue::empty`).
pub(crate) const RESPONSE_HEADERS: Patch = Patch {
    name: "client: success headers moved, not copied",
    recognises: "`ResponseValue::from_response(response)`, `ResponseValue::empty(response)` or \
                 `ResponseValue::stream(response)` in a success arm of each operation method",
};
/// The client: each operation method's error type is `Error<Undecoded>`
/// (`crate::runtime::response::Undecoded`), so a success body that does not decode comes back
/// with the status it came with (progenitor is given no error responses, so its error type
/// is `Error<()>`, which has no room for one).
pub(crate) const DECODE_STATUS: Patch = Patch {
    name: "client: undecoded bodies keep their status",
    recognises: "`-> Result<ResponseValue<T>, Error<()>>` as the signature's result of each \
                 operation method",
};
/// The types: each `date-time` field decodes through `crate::runtime::time` (`timestamps.rs`).
pub const TIMESTAMPS: Patch = Patch {
    name: "types: timestamps decoded by crate::runtime::time",
    recognises: "at least one named field typed `Option<DateTime<Utc>>` or `DateTime<Utc>` in \
                 `pub mod types` when a generated schema declares `format: date-time`",
};
/// The types: each struct with an `x-same-as` property reads it into the other's field
/// (`same_as.rs`).
pub(crate) const SAME_AS: Patch = Patch {
    name: "types: one field for a fact spelled two ways",
    recognises: "a struct deriving `::serde::Deserialize` with named fields in `pub mod types` \
                 for each schema with an `x-same-as` property, the field it names an `Option`",
};
/// The client: `pub mod types` exists, for the docs and constructors patches.
pub const TYPES_MODULE: Patch = Patch {
    name: "client: types module",
    recognises: "one `pub mod types` at the top of the generated client",
};
/// The mock: path values are encoded and regex-escaped.
pub const MOCK_PATH_VALUES: Patch = Patch {
    name: "mock: path values",
    recognises: "`format!(\"^/...\", value.to_string())` in the matcher method of each path \
                 parameter",
};
/// The mock: form bodies are matched field by field as the client encodes them (what the
/// value leaves out of its serialization, createToken's credentials, is not matched).
pub(crate) const MOCK_FORM_BODIES: Patch = Patch {
    name: "mock: form bodies",
    recognises: "a `body` method on the `When` type of each operation with a form body",
};
/// The client: an `explode: false` query list is sent as one comma-separated value.
pub(crate) const COMMA_LISTS: Patch = Patch {
    name: "client: comma-separated query lists",
    recognises: "`QueryParam::new(name, &value)` in the method of each operation with an \
                 `explode: false` query list",
};
/// The mock: a query parameter that is a list is matched item by item.
pub(crate) const MOCK_QUERY_LISTS: Patch = Patch {
    name: "mock: query lists",
    recognises: "`query_param(name, value.to_string())` in the matcher method of each query \
                 parameter that is a list",
};
/// The mock: a restored request media type is required by the matcher.
pub(crate) const MOCK_MEDIA_TYPES: Patch = Patch {
    name: "mock: restored media types",
    recognises: "`new` ending in `Self(matcher)` on the `When` type of each operation whose \
                 media type bridge 1 restores",
};
/// The mock: each response method is documented with its status.
pub const MOCK_STATUSES: Patch = Patch {
    name: "mock: response statuses",
    recognises: "one `.status(<n>u16)` (or `.status(<argument>)`, for a range) call in each \
                 response method of a `Then` type",
};
/// The mock: `MockServerExt` is sealed.
pub(crate) const MOCK_SEAL: Patch = Patch {
    name: "mock: sealed MockServerExt",
    recognises: "one `pub trait MockServerExt`",
};

/// The client: a websocket upgrade's key comes from the client crate (`websocket.rs`).
pub(crate) const WEBSOCKET_KEY: Patch = Patch {
    name: "client: websocket key without base64 and rand",
    recognises: "one `::base64::Engine::encode(..)` call in each `x-dropshot-websocket` \
                 operation method",
};

/// Counts, per patch, how often it should apply and how often it did.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    counts: Vec<(&'static Patch, usize, usize)>,
}

impl Tally {
    fn entry(&mut self, patch: &'static Patch) -> &mut (&'static Patch, usize, usize) {
        match self.counts.iter().position(|(p, ..)| *p == patch) {
            Some(i) => &mut self.counts[i],
            None => {
                self.counts.push((patch, 0, 0));
                self.counts.last_mut().expect("just pushed")
            }
        }
    }

    /// `patch` should apply `times` more times.
    pub(crate) fn expect(&mut self, patch: &'static Patch, times: usize) {
        self.entry(patch).1 += times;
    }

    /// `patch` applied once.
    pub(crate) fn hit(&mut self, patch: &'static Patch) {
        self.entry(patch).2 += 1;
    }

    /// Every patch applied exactly as often as expected, or an error naming the first that
    /// did not, its shape and the progenitor version.
    pub(crate) fn verify(&self) -> Result<(), Error> {
        match self
            .counts
            .iter()
            .find(|(_, expected, hit)| expected != hit)
        {
            None => Ok(()),
            Some((patch, expected, hit)) => Err(Error::Contract(format!(
                "patch `{}` applied {hit} of {expected} times: {PROGENITOR}'s output no longer \
                 has the shape it recognises ({}); update it in xtask/src/generate/ and the \
                 checklist in contract.rs",
                patch.name, patch.recognises
            ))),
        }
    }
}
