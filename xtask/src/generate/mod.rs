//! `cargo xtask generate`'s renderer: a spec lint passed (the caller checks), bridged for progenitor
//! (`adapt`), through progenitor (`format`), patched where its output falls short (`docs`,
//! `constructors`, `timestamps`, `mock`), rendered into public operations (`operations`), formatted.

pub mod adapt;
pub(crate) mod constructors;
pub mod contract;
pub(crate) mod conversions;
mod decode_status;
pub(crate) mod docs;
pub(crate) mod format;
mod header_map;
pub mod locate;
pub mod mock;
pub(crate) mod mock_matchers;
pub mod names;
pub(crate) mod operations;
pub mod patches;
pub mod progenitor;
pub(crate) mod responders;
pub(crate) mod same_as;
pub(crate) mod timestamps;
pub(crate) mod websocket;

use std::collections::BTreeMap;
use std::path::PathBuf;

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use proc_macro2::TokenStream;
use quote::quote;

use crate::GENERATED_PATHS;
use crate::error::Error;
use crate::spec::Source;

/// Generated files: (path relative to the root, contents).
pub type Rendered = Vec<(PathBuf, String)>;

/// Every generated file from a spec that passed lint's preflight: (relative path, contents),
/// and what `beside` answered.
///
/// The work runs on two threads, each with the deep stack progenitor needs
/// ([`progenitor::GENERATOR_STACK`]; syn's trees cannot cross threads, text can). One renders
/// the client, the operations over it and the CLI's commands. The other first runs `beside`
/// (the review rules, which decide nothing the renderer reads), then renders the mock. The
/// operations, sent as text, are parsed and formatted by whichever thread is free first: the
/// client is most of a document with large types, the mock of one with many operations. When
/// `beside` fails, its error is the answer and the client's thread stops at its next step.
pub(crate) fn render<W: Send>(
    spec: &openapiv3::OpenAPI,
    source: &Source,
    beside: impl FnOnce() -> Result<W, Error> + Send,
) -> Result<(Rendered, W), Error> {
    let fingerprint = format::fingerprint(&source.contents());
    let finish = |file| format::finish(file, source.name(), &fingerprint);
    let refused = AtomicBool::new(false);
    let (send, texts) = std::sync::mpsc::channel::<String>();
    let texts = Mutex::new(texts);
    // The operations' text, if no thread has taken it: waiting for it (the other thread, done
    // with the mock) or not (this one, done with the client). Nothing arrives when the client
    // failed: its error is the one to give.
    let take = |wait: bool| {
        let texts = texts.lock().ok()?;
        if wait {
            texts.recv().ok()
        } else {
            texts.try_recv().ok()
        }
    };
    let operations = |text: String| {
        let file = syn::parse_file(&text)
            .map_err(|e| Error::Format(format!("the operations do not parse: {e}")))?;
        finish(file)
    };
    let (client, other) = std::thread::scope(|scope| {
        let (refused, finish, take, operations) = (&refused, &finish, &take, &operations);
        let other = progenitor::spawn_deep(scope, move || {
            let answer = beside().inspect_err(|_| refused.store(true, Ordering::Relaxed))?;
            let rest = || {
                let mock = mock_file(spec, Bodies::Full).and_then(finish)?;
                Ok((mock, take(true).map(operations).transpose()?))
            };
            Ok((answer, rest()))
        });
        let client = progenitor::spawn_deep(scope, move || {
            let (raw, ops, cli) = client_parts(spec, source, Bodies::Full, refused)?;
            // The receiver is gone only when the other thread failed; its error then leads.
            let _ = send.send(ops.to_string());
            let cli = syn::parse2(cli)
                .map_err(|e| Error::Format(format!("the CLI's commands do not parse: {e}")))?;
            let files = (finish(raw)?, finish(cli)?);
            Ok((files, take(false).map(operations).transpose()?))
        });
        (joined(client), joined(other))
    });
    let (answer, rest) = other?;
    // A failure inside progenitor or typify that lint did not foresee still names its place.
    let explain = |e| locate::explain(e, source);
    let ((client, cli), here) = client.map_err(explain)?;
    let (mock, there) = rest.map_err(explain)?;
    let Some(operations) = here.or(there) else {
        return Err(Error::Generate(
            "the operations never reached the formatter".into(),
        ));
    };
    Ok((at_their_paths([client, operations, mock, cli]), answer))
}

/// What a thread of [`render`] or [`trees`] answered; its panic as an error.
fn joined<T>(thread: std::thread::ScopedJoinHandle<'_, Result<T, Error>>) -> Result<T, Error> {
    thread
        .join()
        .unwrap_or_else(|_| Err(Error::Generate("a renderer thread panicked".into())))
}

/// Every generated file as a syntax tree, unformatted (docs not yet split into lines), the
/// function bodies left out ([`Bodies::Signatures`]), handed to `read`: what the public API
/// listing reads, without printing and re-parsing the code (`tests/tests/it/surface.rs` holds the
/// two listings equal). On two threads as in [`render`]: `read` gets the client's and the
/// operations' trees on one and the mock's on the other, after `beside` (trees cannot
/// cross threads; what `read` makes of them can). Answers both reads and `beside`'s answer.
pub(crate) fn trees<R: Send, W: Send>(
    spec: &openapiv3::OpenAPI,
    source: &Source,
    beside: impl FnOnce() -> Result<W, Error> + Send,
    read: impl Fn(Vec<(PathBuf, syn::File)>) -> Result<R, Error> + Sync,
) -> Result<(R, R, W), Error> {
    let refused = AtomicBool::new(false);
    let (client, other) = std::thread::scope(|scope| {
        let (refused, read) = (&refused, &read);
        let other = progenitor::spawn_deep(scope, move || {
            let answer = beside().inspect_err(|_| refused.store(true, Ordering::Relaxed))?;
            let mock = mock_file(spec, Bodies::Signatures)
                .and_then(|mock| read(vec![(PathBuf::from(crate::MOCK_PATH), mock)]));
            Ok((answer, mock))
        });
        let client = progenitor::spawn_deep(scope, move || {
            client_parts(spec, source, Bodies::Signatures, refused).and_then(
                // The API listing does not read the CLI's table: it is left unparsed.
                |(client, operations, _cli)| {
                    let operations = syn::parse2(operations)
                        .map_err(|e| Error::Format(format!("the operations do not parse: {e}")))?;
                    read(at_their_paths([client, operations]))
                },
            )
        });
        (joined(client), joined(other))
    });
    let (answer, mock) = other?;
    let explain = |e| locate::explain(e, source);
    Ok((client.map_err(explain)?, mock.map_err(explain)?, answer))
}

/// Generated files (client, operations, mock, then the CLI's commands, which the API listing
/// does not read) with their paths, in [`GENERATED_PATHS`]' order.
fn at_their_paths<T, const N: usize>(files: [T; N]) -> Vec<(PathBuf, T)> {
    GENERATED_PATHS
        .iter()
        .map(PathBuf::from)
        .zip(files)
        .collect()
}

/// Whether the client's function bodies are generated, or only what the public API listing
/// reads (signatures, types, docs): the diff compares listings, and a body is most of the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bodies {
    /// Everything, as written to the files.
    Full,
    /// Function bodies of the client, the operations and the mock's typed responders left
    /// empty (`unreachable!()`).
    Signatures,
}

/// The client (progenitor's, patched, with the tables), and the public operations over it and
/// the CLI's commands as tokens; stops between steps once `refused` is set.
fn client_parts(
    spec: &openapiv3::OpenAPI,
    source: &Source,
    bodies: Bodies,
    refused: &AtomicBool,
) -> Result<(syn::File, TokenStream, TokenStream), Error> {
    let go_on = || match refused.load(Ordering::Relaxed) {
        true => Err(Error::Generate("stopped: lint refused the document".into())),
        false => Ok(()),
    };
    let mut raw = progenitor::raw_client(spec, bodies)?;
    go_on()?;
    refuse_duplicate_types(&raw, spec, source)?;
    patches::patch_client(&mut raw, spec, bodies)?;
    go_on()?;
    // The operations read progenitor's signatures from the patched tree, not from text.
    let (operations, cli) = operations::render(spec, source, &raw, bodies)?;
    let tables = syn::parse2::<syn::File>(client_tables(spec))
        .map_err(|e| Error::Format(format!("the client tables do not parse: {e}")))?;
    raw.items.extend(tables.items);
    Ok((raw, operations, cli))
}

/// A located error when typify named two types alike ([`progenitor::duplicate_types`]): at the
/// component that has the name, the other being a schema inside another component.
fn refuse_duplicate_types(
    raw: &syn::File,
    spec: &openapiv3::OpenAPI,
    source: &Source,
) -> Result<(), Error> {
    let twice = progenitor::duplicate_types(raw);
    let Some(first) = twice.first() else {
        return Ok(());
    };
    let component = spec
        .components
        .iter()
        .flat_map(|c| c.schemas.keys())
        .find(|name| names::schema_type(name) == *first);
    let pointer = component.map_or_else(String::new, |name| {
        format!("/components/schemas/{}", crate::spec::pointer::escape(name))
    });
    let also = match &twice[1..] {
        [] => String::new(),
        rest => format!(" (and {})", rest.join(", ")),
    };
    Err(Error::Spec {
        location: source.locate(&pointer),
        message: format!(
            "typify 0.8 names two types `{first}`{also}: this schema, and a schema inside \
             another whose place gives it the same name (an inline object under a property, \
             or the non-null part of a nullable `allOf`), so the code would not compile; give \
             the inner schema a `title` of its own, make it a `$ref`, or rename this one"
        ),
    })
}

/// The mock: progenitor's httpmock extension, patched.
fn mock_file(spec: &openapiv3::OpenAPI, bodies: Bodies) -> Result<syn::File, Error> {
    let mut file = progenitor::raw_mock(spec, bodies)?;
    match bodies {
        Bodies::Full => mock::apply(&mut file, spec)?,
        Bodies::Signatures => mock::apply_to_signatures(&mut file)?,
    }
    file.items.extend(responders::render(spec, bodies));
    Ok(file)
}

/// The table the generated client carries beside progenitor's code: one description per
/// operation (`crate::runtime::operation::Operation`), sorted by method name (as progenitor
/// names operations in `OperationInfo`, which the request hook finds them by): its
/// operationId and route, its retry rules, and the request and success media types
/// the hook restores.
fn client_tables(spec: &openapiv3::OpenAPI) -> proc_macro2::TokenStream {
    let by_method = |pairs: Vec<(String, String)>| -> BTreeMap<String, String> {
        pairs
            .into_iter()
            .map(|(id, media)| (names::method(&id), media))
            .collect()
    };
    let content_types = by_method(adapt::restored_content_types(spec));
    let accepts = by_method(adapt::restored_accept_types(spec));
    let doc = serde_json::to_value(spec).unwrap_or_default();
    let mut retries: BTreeMap<String, crate::spec::retries::Declared> =
        crate::spec::retries::table(&doc).into_iter().collect();
    let mut rows: Vec<(String, proc_macro2::TokenStream)> = crate::spec::model::operations(spec)
        .into_iter()
        .filter_map(|op| {
            let operation_id = op.op.operation_id.as_deref()?;
            let name = names::method(operation_id);
            let route = op.path;
            let crate::spec::retries::Declared {
                statuses,
                retries,
                initial_delay_ms,
                max_delay_ms,
                honour_retry_after,
            } = retries.remove(operation_id).unwrap_or_default();
            let media = |m: Option<&String>| match m {
                Some(m) => quote!(Some(#m)),
                None => quote!(None),
            };
            let content_type = media(content_types.get(&name));
            let accept = media(accepts.get(&name));
            let row = quote! {
                crate::runtime::operation::Operation {
                    name: #name,
                    operation_id: #operation_id,
                    route: #route,
                    retry: crate::runtime::declared::Declared {
                        statuses: &[#(#statuses),*],
                        retries: #retries,
                        initial_delay_ms: #initial_delay_ms,
                        max_delay_ms: #max_delay_ms,
                        honour_retry_after: #honour_retry_after,
                    },
                    content_type: #content_type,
                    accept: #accept,
                }
            };
            Some((name, row))
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let count = rows.len();
    let rows = rows.into_iter().map(|(_, row)| row);
    quote! {
        /// Each operation as the spec declares it, sorted by method name: what the request
        /// hook (`hooks.rs`) hands the runtime for each call.
        pub(crate) static OPERATIONS: [crate::runtime::operation::Operation; #count] = [#(#rows),*];
    }
}

/// The status of an operation's first 2XX answer and an example of its JSON body, from the
/// spec's examples (as the doc examples' mock answers).
pub fn example_success(
    spec: &openapiv3::OpenAPI,
    op: &crate::spec::model::Op<'_>,
) -> Option<(u16, Option<serde_json::Value>)> {
    operations::example::success(spec, op)
}
