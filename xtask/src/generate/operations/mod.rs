//! Renders `crates/fastly-tokens/src/operations.rs`: one public, documented operation of
//! `fastly_tokens::Client` per operation of the spec, as a request builder over progenitor's
//! raw method, with the argument rules of the spec's schemas checked before sending.
//!
//! Why builders: required arguments are the method's parameters, optional ones are chained
//! setters, and the builder is sent when awaited (`IntoFuture`). A new optional parameter is a
//! new setter and a new operation a new method, so additive spec changes stay additive in
//! Rust (ARCHITECTURE.md). Argument types come from progenitor's own signatures, read from
//! its output, so the two never disagree.

use std::collections::{BTreeMap, HashMap};

use openapiv3::{OpenAPI, ReferenceOr};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

mod args;
pub(crate) mod checks;
mod cli;
mod cli_body;
pub(crate) mod cli_names;
pub(crate) mod example;
mod methods;
mod pages;

/// The request builder's own methods: an optional parameter, set by a method of its name,
/// must not take one (lint's `parameter-name-collision` says so first).
pub(crate) const BUILDER_METHODS: [&str; 5] = [
    "send",
    "into_future",
    "with_timeout",
    "with_deadline",
    "with_retry",
];

use args::{Arg, Held, last_name, squash, without_lifetimes};
use methods::{client_method, setters};

use crate::error::Error;
use crate::generate::Bodies;
use crate::generate::names;
use crate::spec::Source;
use crate::spec::model::{self, Op};
use crate::syntax::{generic_arg, serde_rename};

/// The fields of each generated struct in `types`: (Rust field, wire name, type).
type Fields = BTreeMap<String, Vec<(Ident, String, syn::Type)>>;

/// Renders the module from the spec and the parsed raw client (progenitor's output), and the
/// CLI's command table beside it (`cli.rs`), from the same arguments; the caller parses them
/// (where it likes: `generate::render` does on its second thread).
pub(crate) fn render(
    spec: &OpenAPI,
    source: &Source,
    raw: &syn::File,
    bodies: Bodies,
) -> Result<(TokenStream, TokenStream), Error> {
    let methods = raw_methods(raw);
    let fields = type_fields(raw);
    let mut state = Gen {
        spec,
        source,
        property_lines: HashMap::new(),
        fields: &fields,
        patterns: Vec::new(),
        pointer: String::new(),
        bodies,
    };
    let mut client_methods = Vec::new();
    let mut builders = Vec::new();
    let mut commands = Vec::new();
    for op in model::operations(spec) {
        let (method, builder, command) = state.operation(&op, &methods)?;
        client_methods.push(method);
        builders.push(builder);
        commands.push(command);
    }
    let cli = cli::file(spec, source, commands)?;
    let patterns = state.patterns.iter().enumerate().map(|(i, p)| {
        let ident = format_ident!("PATTERN_{i}");
        quote!(static #ident: check::Pattern = check::Pattern::new(#p);)
    });
    let tokens = quote! {
        //! Request builders, one per operation of the spec, returned by [`Client`]'s methods:
        //! set optional parameters with their methods, then `.await` the builder.

        use std::future::{Future, IntoFuture};
        use std::pin::Pin;

        use crate::check;
        use crate::client::{CallOptions, Client, Prepare};
        use crate::runtime::response::{Response, finish_empty, finish_json};
        use crate::{Error, RetryPolicy, types};

        #(#patterns)*

        impl Client {
            #(#client_methods)*
        }

        #(#builders)*
    };
    Ok((tokens, cli))
}

/// Progenitor's public async methods on `Client`, by name.
fn raw_methods(raw: &syn::File) -> BTreeMap<String, syn::Signature> {
    let mut out = BTreeMap::new();
    for item in &raw.items {
        let syn::Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() || crate::syntax::impl_name(imp).as_deref() != Some("Client") {
            continue;
        }
        for it in &imp.items {
            if let syn::ImplItem::Fn(f) = it
                && f.sig.asyncness.is_some()
                && matches!(f.vis, syn::Visibility::Public(_))
            {
                out.insert(f.sig.ident.to_string(), f.sig.clone());
            }
        }
    }
    out
}

/// Every struct of the raw `types` module with its named fields.
fn type_fields(raw: &syn::File) -> Fields {
    let mut out = Fields::new();
    for item in &raw.items {
        let syn::Item::Mod(m) = item else { continue };
        if m.ident != "types" {
            continue;
        }
        for it in m.content.iter().flat_map(|(_, items)| items) {
            let syn::Item::Struct(s) = it else { continue };
            let syn::Fields::Named(named) = &s.fields else {
                continue;
            };
            let list = named
                .named
                .iter()
                .filter_map(|f| {
                    let ident = f.ident.clone()?;
                    let wire = serde_rename(&f.attrs).unwrap_or_else(|| ident.to_string());
                    Some((ident, wire, f.ty.clone()))
                })
                .collect();
            out.insert(s.ident.to_string(), list);
        }
    }
    out
}

struct Gen<'a> {
    spec: &'a OpenAPI,
    /// The document as written: the CLI lists a body's flags in its order (`spec` is sorted),
    /// and errors name its places.
    source: &'a Source,
    /// The place of each body property, by the body schema's pointer (`cli::property_lines`).
    property_lines: HashMap<String, HashMap<String, cli_body::Order>>,
    fields: &'a Fields,
    /// Every distinct `pattern`, in the order first met: `PATTERN_<index>`.
    patterns: Vec<String>,
    /// The operation being rendered.
    pointer: String,
    /// Whether `send` gets its body (see [`Bodies`]).
    bodies: Bodies,
}

impl<'a> Gen<'a> {
    fn refuse(&self, op: &Op<'_>, message: String) -> Error {
        Error::Spec {
            location: self.source.locate(&op.pointer),
            message,
        }
    }

    /// The `Client` method and the builder of one operation.
    fn operation(
        &mut self,
        op: &Op<'a>,
        methods: &BTreeMap<String, syn::Signature>,
    ) -> Result<(TokenStream, TokenStream, cli::Command), Error> {
        self.pointer = op.pointer.clone();
        let id = op
            .op
            .operation_id
            .as_deref()
            .ok_or_else(|| self.refuse(op, "the operation has no operationId".into()))?;
        let (name, sig, output) = self.raw_signature(id, methods)?;
        let answer = cli::Answer::of(&output);
        let finish = |call: TokenStream| match &output {
            syn::Type::Tuple(t) if t.elems.is_empty() => {
                quote!(finish_empty(#call.await).await)
            }
            _ if answer == cli::Answer::Bytes => {
                quote!(crate::runtime::response::finish_stream(#call.await).await)
            }
            _ if answer == cli::Answer::Upgrade => {
                quote!(crate::runtime::response::finish_upgrade(#call.await).await)
            }
            _ => quote!(finish_json(#call.await).await),
        };
        let builder = format_ident!("{}", names::operation_type(id));
        let method = format_ident!("{name}");
        let route = format!("{} {}", op.method.to_ascii_uppercase(), op.path);
        let args = self.args(op, sig, &name)?;
        let example = example::section(self.spec, op, id, &args);
        let client_method = client_method(op, id, &args, &method, &builder, &route, example);
        let struct_fields = args.iter().map(|a| {
            let ident = &a.ident;
            let ty = a.held.field();
            quote!(#ident: #ty)
        });
        let setters = setters(&args);
        let checks::Steps {
            locals,
            checks,
            call_args,
        } = self.send_steps(&args);
        let raw_method = &method;
        let call = quote!(raw.#raw_method(#(#call_args),*));
        let finished = finish(call);
        let send_body = match self.bodies {
            // The whole call, checks included, runs within the deadline, which is the
            // outermost future: the call's block is built in place inside it.
            Bodies::Full => quote! {
                let deadline = self.__client.deadline_for(&self.__options);
                crate::runtime::deadline::Deadline::new(deadline, async move {
                    #(#locals)*
                    #(#checks)*
                    let raw = self.__client.raw_for(&self.__options);
                    #finished
                })
            },
            Bodies::Signatures => quote!(::core::unreachable!()),
        };
        let builder_doc = format!(
            "A `{route}` request, made by [`Client::{name}`]: set its optional parameters, then \
             `.await` it (or call [`{builder}::send`])."
        );
        // `send` returns an `async move` block rather than being an `async fn`, which would
        // keep the builder twice in the future (as given and as its body's binding).
        let send_doc = "Checks the arguments against the spec's rules, then sends the request. \
                        The future owns everything it needs (`Send + 'static`): spawn it, store \
                        it, or await it.";
        let builder_item = quote! {
            #[doc = #builder_doc]
            #[must_use = "a request is sent only when it is awaited"]
            #[derive(Clone)]
            pub struct #builder {
                __client: Client,
                __options: CallOptions,
                #(#struct_fields,)*
            }

            impl #builder {
                #(#setters)*

                /// Gives this call its own timeout (for each attempt) instead of the client's.
                pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                    self.__options.timeout = Some(timeout);
                    self
                }

                /// Gives this call an overall deadline instead of the client's: every attempt,
                /// the waits between them and reading the answer must end within it, or the
                /// call fails with [`Error::DeadlineExceeded`].
                pub fn with_deadline(mut self, deadline: ::std::time::Duration) -> Self {
                    self.__options.deadline = Some(deadline);
                    self
                }

                /// Gives this call its own retry policy instead of the client's
                /// ([`RetryPolicy::none`] turns retrying off); which statuses are retried, and
                /// whether this operation may be retried at all, stay as the spec declares.
                pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
                    self.__options.retry = Some(policy);
                    self
                }

                #[doc = #send_doc]
                pub fn send(self) -> impl Future<Output = Result<Response<#output>, Error>> + Send + 'static {
                    #send_body
                }
            }

            impl IntoFuture for #builder {
                type Output = Result<Response<#output>, Error>;
                type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'static>>;

                fn into_future(self) -> Self::IntoFuture {
                    // The box first, then the future written into it: `Box::pin(self.send())`
                    // builds the future on the stack and copies it over.
                    let future = Box::write(Box::new_uninit(), self.send());
                    Box::into_pin(future)
                }
            }
        };
        let builder_item = match crate::spec::pages::read(&op.op.extensions) {
            None => builder_item,
            Some(pages) => {
                let streams = pages::streams(&pages, &builder, &output, &args, self.fields)
                    .map_err(|why| {
                        self.refuse(op, format!("`x-pages` cannot be followed: {why}"))
                    })?;
                quote!(#builder_item #streams)
            }
        };
        // A body schema's property lines, once per schema (replicated operations share one).
        let no_lines = HashMap::new();
        let mut lines = &no_lines;
        if let Some(body) = args.iter().find(|a| a.location.is_none())
            && let Some(pointer) = &body.pointer
        {
            let source = self.source;
            lines = self
                .property_lines
                .entry(pointer.clone())
                .or_insert_with(|| cli::property_lines(source, pointer, body.schema));
        }
        let command = cli::command(
            self.spec,
            lines,
            self.source,
            (op, id, answer),
            &method,
            &args,
        )?;
        Ok((client_method, builder_item, command))
    }

    /// progenitor's method for the operation, and the `T` of its `Result<ResponseValue<T>, _>`.
    fn raw_signature<'m>(
        &self,
        id: &str,
        methods: &'m BTreeMap<String, syn::Signature>,
    ) -> Result<(String, &'m syn::Signature, syn::Type), Error> {
        let name = names::method(id);
        let sig = methods.get(&name).ok_or_else(|| {
            Error::Generate(format!("progenitor produced no method `{name}` for {id}"))
        })?;
        let output = match &sig.output {
            syn::ReturnType::Type(_, t) => {
                generic_arg(t, "Result").and_then(|t| generic_arg(t, "ResponseValue"))
            }
            syn::ReturnType::Default => None,
        }
        .ok_or_else(|| {
            Error::Generate(format!(
                "`{name}` does not return Result<ResponseValue<T>, _>"
            ))
        })?;
        // A success body that is not JSON is progenitor's `ByteStream`, and a websocket
        // reqwest's `Upgraded`, which the crate re-exports: the operations name them there.
        match last_name(output).as_deref() {
            Some("ByteStream") => return Ok((name, sig, syn::parse_quote!(crate::ByteStream))),
            Some("Upgraded") => return Ok((name, sig, syn::parse_quote!(crate::Upgraded))),
            _ => {}
        }
        Ok((name, sig, without_lifetimes(output)))
    }

    /// The operation's arguments as progenitor's method takes them, each with its parameter
    /// (or the body) from the spec; refuses an optional parameter named as a method of the
    /// request builder itself.
    fn args(&self, op: &Op<'a>, sig: &syn::Signature, name: &str) -> Result<Vec<Arg<'a>>, Error> {
        let mut args = Vec::new();
        for input in &sig.inputs {
            let syn::FnArg::Typed(t) = input else {
                continue;
            };
            let syn::Pat::Ident(pat) = &*t.pat else {
                continue;
            };
            let ident = pat.ident.clone();
            let held = Held::of(&raw_body_bytes(sig, &without_lifetimes(&t.ty)));
            if ident == "body" {
                let media = op.body.and_then(|b| b.content.iter().next());
                // Where the body's schema is written: its `$ref`'s target, or in place.
                let pointer = media.and_then(|(name, m)| match m.schema.as_ref()? {
                    ReferenceOr::Reference { reference } => {
                        reference.strip_prefix('#').map(str::to_string)
                    }
                    ReferenceOr::Item(_) => Some(format!(
                        "{}/requestBody/content/{}/schema",
                        op.pointer,
                        crate::spec::pointer::escape(name)
                    )),
                });
                let media = media.map(|(_, m)| m);
                args.push(Arg {
                    ident,
                    name: "body".into(),
                    held,
                    location: None,
                    schema: media
                        .and_then(|m| m.schema.as_ref())
                        .and_then(|s| model::schema(self.spec, s)),
                    description: op.body.and_then(|b| b.description.as_deref()),
                    prompt: None,
                    pointer,
                });
                continue;
            }
            let param = op
                .params
                .iter()
                .find(|p| squash(&p.data.name) == squash(&ident.to_string()))
                .ok_or_else(|| {
                    self.refuse(
                        op,
                        format!("`{name}` takes `{ident}`, which the spec does not declare"),
                    )
                })?;
            // An optional parameter is set by a method of its name (a required one is an
            // argument of the client's method and clashes with nothing).
            if held.optional() && BUILDER_METHODS.contains(&ident.to_string().as_str()) {
                return Err(self.refuse(
                    op,
                    format!(
                        "the optional parameter `{}` would clash with the request builder's own \
                         method `{ident}`",
                        param.data.name
                    ),
                ));
            }
            args.push(Arg {
                ident,
                name: param.data.name.clone(),
                held,
                location: Some(param.location),
                schema: param.schema,
                description: param.data.description.as_deref(),
                prompt: param.data.extensions.get("x-cli-prompt"),
                pointer: None,
            });
        }

        Ok(args)
    }
}

/// A description folded onto one line.
/// A raw body progenitor takes as `B: Into<reqwest::Body>` is held as [`args::raw_bytes`];
/// every other type as it is.
fn raw_body_bytes(sig: &syn::Signature, ty: &syn::Type) -> syn::Type {
    let syn::Type::Path(path) = ty else {
        return ty.clone();
    };
    let Some(name) = path.path.get_ident() else {
        return ty.clone();
    };
    let into_body = sig.generics.type_params().any(|p| {
        &p.ident == name
            && p.bounds.iter().any(|b| {
                let b = quote!(#b).to_string().replace(' ', "");
                b == "Into<reqwest::Body>" || b == "Into<::reqwest::Body>"
            })
    });
    if into_body {
        args::raw_bytes()
    } else {
        ty.clone()
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
