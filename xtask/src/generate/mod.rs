//! `cargo xtask generate`'s renderer: a spec lint passed (the caller checks), bridged for progenitor
//! (`adapt`), through progenitor (`format`), patched where its output falls short (`docs`,
//! `constructors`, `timestamps`, `mock`), rendered into public operations (`operations`), formatted.

pub mod adapt;
pub(crate) mod constructors;
pub mod contract;
pub(crate) mod conversions;
pub(crate) mod docs;
pub(crate) mod format;
pub(crate) mod locate;
pub mod mock;
pub mod names;
pub(crate) mod operations;
pub mod progenitor;
pub(crate) mod responders;
pub(crate) mod timestamps;
pub mod websocket;

use std::path::PathBuf;

use quote::quote;

use crate::GENERATED_PATHS;
use crate::error::Error;
use crate::spec::Source;

/// Generated files: (path relative to the root, contents).
pub type Rendered = Vec<(PathBuf, String)>;

/// Every generated file from a spec that lint passed: (relative path, contents). `spec_text`
/// and `spec_name` name the place of a progenitor failure no lint rule foresaw.
pub fn render(spec: &openapiv3::OpenAPI, source: &Source) -> Result<Rendered, Error> {
    let fingerprint = format::fingerprint(&source.contents());
    let finish = |file| format::finish(file, source.name(), &fingerprint);
    // The client and the mock are independent: the mock renders on a thread of its own (syn's
    // trees cannot cross threads; the formatted text does).
    let (client, mock) = std::thread::scope(|scope| {
        let mock = scope.spawn(|| mock_file(spec, Bodies::Full).and_then(finish));
        let client =
            client_files(spec, source, Bodies::Full).and_then(|(client, operations, cli)| {
                Ok((finish(client)?, finish(operations)?, finish(cli)?))
            });
        let mock = mock
            .join()
            .unwrap_or_else(|_| Err(Error::Generate("the mock renderer panicked".into())));
        (client, mock)
    });
    // A failure inside progenitor or typify that lint did not foresee still names its place.
    let explain = |e| locate::explain(e, source);
    let (client, operations, cli) = client.map_err(explain)?;
    let mock = mock.map_err(explain)?;
    Ok(at_their_paths([client, operations, mock, cli]))
}

/// Every generated file as a syntax tree, unformatted (docs not yet split into lines), the
/// function bodies left out ([`Bodies::Signatures`]): what the public API listing reads,
/// without printing and re-parsing the code (`tests/tests/surface.rs` holds the two listings
/// equal).
pub fn trees(
    spec: &openapiv3::OpenAPI,
    source: &Source,
) -> Result<Vec<(PathBuf, syn::File)>, Error> {
    let trees = || -> Result<Vec<(PathBuf, syn::File)>, Error> {
        let (client, operations, _cli) = client_files(spec, source, Bodies::Signatures)?;
        let mock = mock_file(spec, Bodies::Signatures)?;
        Ok(at_their_paths([client, operations, mock]))
    };
    trees().map_err(|e| locate::explain(e, source))
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

/// The client (progenitor's, patched, with the tables) and the public operations over it.
fn client_files(
    spec: &openapiv3::OpenAPI,
    source: &Source,
    bodies: Bodies,
) -> Result<(syn::File, syn::File, syn::File), Error> {
    let mut raw = progenitor::raw_client(spec, bodies)?;
    refuse_duplicate_types(&raw, spec, source)?;
    progenitor::patch_client(&mut raw, spec, bodies)?;
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

/// The tables the generated client carries beside progenitor's code, keyed by method name (as
/// progenitor names operations in `OperationInfo`): the request and success media types the
/// hook restores, each operation's retry policy, and its route.
fn client_tables(spec: &openapiv3::OpenAPI) -> proc_macro2::TokenStream {
    let table = adapt::restored_content_types(spec)
        .into_iter()
        .map(|(id, media)| (names::method(&id), media))
        .map(|(method, media)| quote!((#method, #media)));
    let accept = adapt::restored_accept_types(spec)
        .into_iter()
        .map(|(id, media)| (names::method(&id), media))
        .map(|(method, media)| quote!((#method, #media)));
    let doc = serde_json::to_value(spec).unwrap_or_default();
    // Keyed as progenitor names operations in `OperationInfo` (the method's name).
    let policies = crate::spec::retries::table(&doc)
        .into_iter()
        .map(|(id, p)| {
            let id = names::method(&id);
            let crate::spec::retries::Declared {
                statuses,
                retries,
                initial_delay_ms,
                max_delay_ms,
                honour_retry_after,
            } = p;
            let retries = retries as usize;
            quote! {
                (#id, crate::retry::Declared {
                    statuses: &[#(#statuses),*],
                    retries: #retries,
                    initial_delay_ms: #initial_delay_ms,
                    max_delay_ms: #max_delay_ms,
                    honour_retry_after: #honour_retry_after,
                })
            }
        });
    let routes = crate::spec::model::operations(spec)
        .into_iter()
        .filter_map(|op| {
            let operation_id = op.op.operation_id.as_deref()?;
            let id = names::method(operation_id);
            let method = op.method.to_ascii_uppercase();
            let path = op.path;
            Some(quote!((#id, #operation_id, #method, #path)))
        });
    quote! {
        /// Request media types the spec declares but progenitor 0.15.1 cannot send, by method:
        /// the client's request hook restores them on the wire.
        pub(crate) const BODY_CONTENT_TYPES: &[(&str, &str)] = &[#(#table),*];
        /// Success media types the spec declares but progenitor 0.15.1 does not type, by
        /// method: the client's request hook sends them as `Accept`.
        pub(crate) const ACCEPT_TYPES: &[(&str, &str)] = &[#(#accept),*];
        /// Each operation's retry policy as the spec declares it (`x-retry`), by method name.
        pub(crate) const RETRY_POLICIES: &[(&str, crate::retry::Declared)] = &[#(#policies),*];
        /// Each operation's operationId, method and route template, by method name.
        pub(crate) const ROUTES: &[(&str, &str, &str, &str)] = &[#(#routes),*];
    }
}
