//! The one place that calls progenitor: its settings, a run that turns its panics into errors,
//! and its raw output for the client and the mock (patched by `patches.rs`).

use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle};
use quote::quote;

use crate::error::Error;
use crate::generate::Bodies;
use crate::generate::adapt;

/// The settings both generators share: interface style, the session type, replacements, and
/// `PartialEq` on every generated type (users compare results in their tests; `Eq` is added
/// per type where its fields allow, `constructors.rs`).
fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_tag(TagStyle::Merged)
        .with_inner_type(quote!(crate::runtime::session::Session))
        .with_derive("PartialEq");
    for r in adapt::REPLACEMENTS {
        settings.with_replacement(r.typify_name, r.path, r.impls.iter().cloned());
    }
    settings
}

/// Runs one of progenitor's generators on the adapted spec with the shared settings; an error
/// or a panic inside progenitor becomes [`Error::Generate`]. The caller's thread has
/// [`GENERATOR_STACK`] (`generate`'s threads are made with it; [`on_a_deep_stack`] gives one).
fn output(
    spec: &openapiv3::OpenAPI,
    generate: impl FnOnce(
        &mut Generator,
        &openapiv3::OpenAPI,
    ) -> Result<proc_macro2::TokenStream, progenitor::Error>
    + std::panic::UnwindSafe,
) -> Result<proc_macro2::TokenStream, Error> {
    let adapted = adapt::for_progenitor(spec);
    let settings = settings();
    run_guarded(move || generate(&mut Generator::new(&settings), &adapted))?
        .map_err(|e| Error::Generate(e.to_string()))
}

/// The stack progenitor runs on: typify converts and merges schemas by recursion, as deep as
/// the document nests them, and a stack overflow aborts the process (no guard sees it).
/// `schema-all-of-cycle` refuses the one recursion that never ends; this leaves room for the
/// deepest finite document. Only the pages a run touches are ever committed.
pub(crate) const GENERATOR_STACK: usize = 256 << 20;

/// A thread of `scope` with [`GENERATOR_STACK`], running `f`; a thread that cannot start is
/// an error.
pub(crate) fn spawn_deep<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    f: impl FnOnce() -> Result<T, Error> + Send + 'scope,
) -> std::thread::ScopedJoinHandle<'scope, Result<T, Error>> {
    let started = std::thread::Builder::new()
        .name("generate".into())
        .stack_size(GENERATOR_STACK)
        .spawn_scoped(scope, f);
    match started {
        Ok(handle) => handle,
        // The one way to hand back a thread's error as a handle: a thread that says so.
        Err(e) => {
            let message = format!("a generator thread did not start: {e}");
            scope.spawn(move || Err(Error::Generate(message)))
        }
    }
}

/// `f` on a thread of its own with [`GENERATOR_STACK`], its answer handed back.
fn on_a_deep_stack<T: Send>(f: impl FnOnce() -> Result<T, Error> + Send) -> Result<T, Error> {
    std::thread::scope(|scope| {
        spawn_deep(scope, f)
            .join()
            .unwrap_or_else(|_| Err(Error::Generate("the generator's thread panicked".into())))
    })
}

/// Whether both of progenitor's generators take the spec (no formatting): the probe
/// `locate` retries with parts of a failing document neutralised.
pub fn progenitor_accepts(spec: &openapiv3::OpenAPI) -> Result<(), Error> {
    on_a_deep_stack(|| {
        output(spec, |g, adapted| g.generate_tokens(adapted))?;
        output(spec, |g, adapted| g.httpmock(adapted, "fastly_tokens"))?;
        Ok(())
    })
}

/// progenitor's client for the adapted spec, parsed (with [`Bodies::Signatures`], every
/// function body replaced by an empty block before parsing: most of the tokens, none of the
/// API).
pub fn raw_client(spec: &openapiv3::OpenAPI, bodies: Bodies) -> Result<syn::File, Error> {
    let tokens = output(spec, |g, adapted| g.generate_tokens(adapted))?;
    parse(tokens, bodies, "progenitor output")
}

/// The names typify gave two types of the client's `types` module (typify 0.8 can name an
/// inner schema as it names a component: `rate_limiter.response` and `rate_limiter_response`
/// are both `RateLimiterResponse`), each once; code with such a pair does not compile.
pub fn duplicate_types(client: &syn::File) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut twice = std::collections::BTreeSet::new();
    let types = client.items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    });
    for item in types.into_iter().flatten() {
        let name = match item {
            syn::Item::Struct(s) => &s.ident,
            syn::Item::Enum(e) => &e.ident,
            syn::Item::Type(t) => &t.ident,
            _ => continue,
        };
        if !seen.insert(name.to_string()) {
            twice.insert(name.to_string());
        }
    }
    twice.into_iter().collect()
}

/// Parses one of progenitor's outputs (`what`, for the error), bodies emptied first with
/// [`Bodies::Signatures`].
fn parse(tokens: proc_macro2::TokenStream, bodies: Bodies, what: &str) -> Result<syn::File, Error> {
    let tokens = match bodies {
        Bodies::Full => tokens,
        Bodies::Signatures => without_bodies(tokens),
    };
    syn::parse2(tokens).map_err(|e| Error::Format(format!("{what} does not parse: {e}")))
}

/// `tokens` with the body of every `fn` (the first brace group after the keyword, at its
/// level) emptied; declarations without a body (`fn f();`) are left as they are.
fn without_bodies(tokens: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    use proc_macro2::{Delimiter, Group, TokenTree};
    let mut out = Vec::new();
    let mut in_fn = false;
    for tree in tokens {
        match tree {
            TokenTree::Ident(ref i) if i == "fn" => {
                in_fn = true;
                out.push(tree);
            }
            TokenTree::Punct(ref p) if in_fn && p.as_char() == ';' => {
                in_fn = false;
                out.push(tree);
            }
            TokenTree::Group(g) if in_fn && g.delimiter() == Delimiter::Brace => {
                in_fn = false;
                let mut empty = Group::new(Delimiter::Brace, quote!(::core::unreachable!()));
                empty.set_span(g.span());
                out.push(TokenTree::Group(empty));
            }
            TokenTree::Group(g) if !in_fn => {
                let mut inner = Group::new(g.delimiter(), without_bodies(g.stream()));
                inner.set_span(g.span());
                out.push(TokenTree::Group(inner));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// progenitor's httpmock extension for the adapted spec, parsed (bodies emptied as for
/// [`raw_client`] with [`Bodies::Signatures`]).
pub fn raw_mock(spec: &openapiv3::OpenAPI, bodies: Bodies) -> Result<syn::File, Error> {
    let tokens = output(spec, |g, adapted| g.httpmock(adapted, "fastly_tokens"))?;
    parse(tokens, bodies, "progenitor's httpmock output")
}

thread_local! {
    /// Whether this thread is inside `run_guarded` (its panics become errors, unprinted).
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs progenitor, turning a panic inside it into an error.
///
/// The panic hook is installed once and stays: it silences panics on guarded threads only and
/// hands every other panic to the previous hook, so tests running beside a generation keep
/// their panic messages (swapping the hook per call lost them).
fn run_guarded<T>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> Result<T, Error> {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    GUARDED.with(|g| g.set(true));
    let result = std::panic::catch_unwind(f);
    GUARDED.with(|g| g.set(false));
    result.map_err(|payload| {
        let msg = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown panic".into());
        Error::Generate(format!("progenitor panicked: {msg}"))
    })
}
