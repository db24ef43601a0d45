//! Renders `crates/fastly-tokens-cli/src/commands.rs`: the CLI's command table, one subcommand
//! per operation, its flags from the operation's parameters and body fields, and the typed call
//! each runs over the client's request builder.
//!
//! Commands and flags are named by `cli_names.rs`.
//! Path parameters are positional (`<TOKEN_ID>`); query and header parameters are flags named
//! after them in kebab case, a header's leading `Fastly-` dropped (`Fastly-OTP` -> `--otp`).
//! A body that is an object gives a flag per property, in the document's order
//! (`services[]` -> `--services`, repeatable when an array); a property of `format: password` is never a flag: it comes from
//! `FASTLY_<NAME>` or a prompt that does not echo. An array of objects whose properties but one
//! are single-value enums (a JSON:API list of identifiers) is a positional list of that one
//! property; any other property is a flag taking JSON. A parameter with `x-cli-prompt:
//! two-factor` (the spec's `Fastly-OTP`) is asked for, without echo on a terminal, when it was
//! left out and the API answers that a one-time password is needed; the call is then sent again.

use heck::ToShoutySnakeCase;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::args::Arg;
use super::cli_body::{Order, array_items, body_args, is_array, is_scalar, is_text};
use super::cli_names::{self, Named, flag_name, group_about, helps, home_group, one_line};
use crate::error::Error;
use crate::spec::Source;
use crate::spec::model::{self, In, Op};

/// One subcommand: its group, its name, the rest of its table entry and the function that runs
/// it.
pub(super) struct Command {
    /// Its group and name, by `cli_names.rs`.
    named: Named,
    entry: TokenStream,
    run: TokenStream,
}

/// The subcommand of one operation; `lines` holds the line of each of its body's properties
/// ([`property_lines`]).
pub(super) fn command(
    spec: &OpenAPI,
    lines: &std::collections::HashMap<String, Order>,
    source: &Source,
    (op, id, answer): (&Op<'_>, &str, Answer),
    method: &syn::Ident,
    args: &[Arg<'_>],
) -> Result<Command, Error> {
    let named = Named::of(spec, op, id);
    let refuse = |message: String| Error::Spec {
        location: source.locate(&op.pointer),
        message,
    };
    let mut entries = Vec::new();
    let mut required = Vec::new();
    let mut setters = Vec::new();
    let mut body = None;
    for arg in args {
        let ident = &arg.ident;
        let key = ident.to_string();
        if arg.location.is_none() && arg.held.ty().is_some_and(super::args::is_raw_bytes) {
            // Raw bytes (octet-stream, text): the flag's text as it is.
            entries.push(quote! {
                Arg { id: "body", help: "The request body, as text.", long_help: "",
                      value_name: "TEXT", required: true, many: false,
                      place: Place::Flag("body"), body: None, ask: None }
            });
            body = Some((ident.clone(), quote!(let #ident = input.required("body");)));
            continue;
        }
        if arg.location.is_none() {
            let ty = crate_path(arg.held.ty());
            body_args(spec, arg.schema, lines, &mut entries);
            body = Some((ident.clone(), quote!(let #ident: #ty = input.body()?;)));
            continue;
        }
        let (help, long_help) = helps(arg.description);
        let value_name = flag_name(&arg.name, arg.location).to_shouty_snake_case();
        let required_arg = !arg.held.optional();
        let many = arg.schema.is_some_and(is_array);
        let place = match arg.location {
            Some(In::Path) => quote!(Place::Positional),
            _ => {
                let flag = flag_name(&arg.name, arg.location);
                quote!(Place::Flag(#flag))
            }
        };
        let text = is_text(&arg.held);
        let ask = match arg.prompt {
            None => quote!(None),
            Some(prompt) => {
                let at = (!required_arg, text, arg.location != Some(In::Path));
                if let Some(problem) = cli_names::prompt_problem(&arg.name, prompt, at) {
                    return Err(refuse(problem));
                }
                quote!(Some(crate::command::Ask::TwoFactor))
            }
        };
        entries.push(quote! {
            Arg { id: #key, help: #help, long_help: #long_help, value_name: #value_name,
                  required: #required_arg, many: #many, place: #place, body: None, ask: #ask }
        });
        // Named, not inferred: a setter taking `impl Into<T>` leaves `T` open.
        let parsed_ty = crate_path(arg.held.ty());
        if required_arg {
            required.push(if text {
                quote!(input.required(#key))
            } else {
                quote!(input.parsed_required::<#parsed_ty>(#key)?)
            });
        } else {
            let value = if text {
                quote!(input.text(#key))
            } else {
                quote!(input.parsed::<#parsed_ty>(#key)?)
            };
            setters.push(quote! {
                if let Some(value) = #value { call = call.#ident(value); }
            });
        }
    }
    let (body_local, body_arg) = match body {
        Some((ident, local)) => (local, Some(quote!(#ident))),
        None => (TokenStream::new(), None),
    };
    let uses_input = !required.is_empty() || !setters.is_empty() || !body_local.is_empty();
    let input = if uses_input {
        format_ident!("input")
    } else {
        format_ident!("_input")
    };
    let call_args = required.into_iter().chain(body_arg);
    let summary = op.op.summary.as_deref().unwrap_or_default();
    let description = op
        .op
        .description
        .as_deref()
        .map(one_line)
        .unwrap_or_default();
    let route = format!("{} {}", op.method.to_ascii_uppercase(), op.path);
    let columns = columns(spec, op).unwrap_or_default();
    let sudo = op.op.extensions.get("x-sudo") == Some(&serde_json::Value::Bool(true));
    let run = format_ident!("run_{method}");
    let mutable = (!setters.is_empty()).then(|| quote!(mut));
    let entry = quote! {
            operation_id: #id,
            route: #route,
            summary: #summary,
            description: #description,
            args: &[#(#entries),*],
            columns: &[#(#columns),*],
            sudo: #sudo,
            run: #run,
    };
    let paged = crate::spec::pages::read(&op.op.extensions);
    let outcome = match (answer, paged) {
        // A paged list: every page's items unless a page is asked for, then that page's.
        (Answer::Value, Some(pages)) => {
            let (page, items) = (&pages.page, &pages.items);
            quote! {
                match #input.text(#page) {
                    Some(_) => Outcome::of(call.await?)?.items_of(#items),
                    None => Outcome::of_items(call.items()).await,
                }
            }
        }
        (Answer::Value, None) => quote!(Outcome::of(call.await?)),
        (Answer::Bytes, _) => quote!(Outcome::of_bytes(call.await?).await),
        (Answer::Upgrade, _) => quote!(Outcome::of_upgrade(call.await?)),
    };
    let run = quote! {
        fn #run<'a>(client: &'a Client, #input: &'a Input) -> Running<'a> {
            Box::pin(async move {
                #body_local
                let #mutable call = client.#method(#(#call_args),*);
                #(#setters)*
                #outcome
            })
        }
    };
    Ok(Command { named, entry, run })
}

/// What an operation answers, which says how the CLI shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Answer {
    /// A value (JSON, or nothing), printed as JSON or a table.
    Value,
    /// A body that is not JSON (`ByteStream`), read to its end and printed as text.
    Bytes,
    /// A websocket (`Upgraded`), which the CLI does not speak.
    Upgrade,
}

impl Answer {
    /// The answer of a raw method whose success type is `output`.
    pub(super) fn of(output: &syn::Type) -> Answer {
        match super::last_name(output).as_deref() {
            Some("ByteStream") => Answer::Bytes,
            Some("Upgraded") => Answer::Upgrade,
            _ => Answer::Value,
        }
    }
}

/// Where each property of the object schema at `pointer` (JSON pointer) was written: the
/// order a person wrote them in, which the CLI lists a body's flags in.
pub(super) fn property_lines(
    source: &Source,
    pointer: &str,
    schema: Option<&Schema>,
) -> std::collections::HashMap<String, Order> {
    let Some(SchemaKind::Type(Type::Object(object))) = schema.map(|s| &s.schema_kind) else {
        return Default::default();
    };
    object
        .properties
        .keys()
        .map(|wire| {
            let at = format!(
                "{pointer}/properties/{}",
                crate::spec::pointer::escape(wire)
            );
            (wire.clone(), source.order(&at))
        })
        .collect()
}

/// The generated module: the groups, the table and the runners.
///
/// Names are settled here, over every command: two operations of one group that the rule
/// names alike are both named by their whole operationId instead (a name the spec chose with
/// `x-cli-name` is kept), and a name still taken twice, or a top-level command that is also a
/// group or a built-in command, is a located error.
pub(super) fn file(
    spec: &OpenAPI,
    source: &Source,
    mut commands: Vec<Command>,
) -> Result<TokenStream, Error> {
    let mut named: Vec<Named> = commands.iter().map(|c| c.named.clone()).collect();
    cli_names::settle(&mut named);
    if let Some((pointer, message)) = cli_names::problems(spec, &named).into_iter().next() {
        return Err(Error::Spec {
            location: source.locate(&pointer),
            message,
        });
    }
    for (c, settled) in commands.iter_mut().zip(named) {
        c.named = settled;
    }
    let home = home_group(spec);
    let groups: std::collections::BTreeSet<&str> = commands
        .iter()
        .map(|c| c.named.group.as_str())
        .filter(|g| !g.is_empty())
        .collect();
    let group_entries = groups.iter().map(|g| {
        let about = group_about(spec, g);
        quote!(Group { name: #g, about: #about })
    });
    let home = home.unwrap_or_default();
    let entries = commands.iter().map(|c| {
        let (group, name, rest) = (&c.named.group, &c.named.name, &c.entry);
        quote!(Operation { group: #group, name: #name, #rest })
    });
    let runs = commands.iter().map(|c| &c.run);
    Ok(quote! {
        //! The command table: one subcommand per operation of the spec, with the call it runs.

        use fastly_tokens::Client;

        use crate::command::{Arg, BodyPart, Group, Input, Operation, Outcome, Place, Running};

        /// The groups of commands, one per tag of the spec that operations carry, by name.
        pub(crate) static GROUPS: &[Group] = &[#(#group_entries),*];

        /// The group whose commands are also top-level commands (the spec's first tag).
        pub(crate) static HOME: &str = #home;

        /// Every operation of the spec as a subcommand, by path (sorted), then method.
        pub(crate) static OPERATIONS: &[Operation] = &[#(#entries),*];

        #(#runs)*
    })
}

/// The columns of an answer: for a list, the item schema's `x-cli-columns`, else its scalar
/// properties; for one object, the fields its schema's `x-cli-columns` shows first (none: the
/// fields in the order they come); `None` when the success has no JSON schema.
fn columns(spec: &OpenAPI, op: &Op<'_>) -> Option<Vec<String>> {
    let response = op
        .op
        .responses
        .responses
        .iter()
        .find(|(code, _)| code.to_string().starts_with('2'))
        .and_then(|(_, r)| model::response(spec, r))?;
    let schema = response
        .content
        .values()
        .next()?
        .schema
        .as_ref()
        .and_then(|s| model::schema(spec, s))?;
    // A paged answer shows as the list of its items (the CLI follows the pages).
    let schema = match crate::spec::pages::read(&op.op.extensions) {
        Some(pages) => match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => o
                .properties
                .get(&pages.items)
                .and_then(|p| model::boxed_schema(spec, p))?,
            _ => schema,
        },
        None => schema,
    };
    let Some(items) = array_items(spec, schema) else {
        // One object: its chosen fields first, in their order, when it chooses any.
        return Some(chosen_columns(schema).unwrap_or_default());
    };
    let item_ref = match &schema.schema_kind {
        SchemaKind::Type(Type::Array(a)) => a.items.as_ref(),
        _ => None,
    };
    let named = match item_ref {
        Some(ReferenceOr::Reference { reference }) => model::schema_by_ref(spec, reference),
        _ => None,
    }
    .unwrap_or(items);
    if let Some(columns) = chosen_columns(named) {
        return Some(columns);
    }
    let SchemaKind::Type(Type::Object(object)) = &named.schema_kind else {
        return Some(Vec::new());
    };
    Some(
        object
            .properties
            .iter()
            .filter(|(_, p)| match p {
                ReferenceOr::Item(s) => is_scalar(s),
                ReferenceOr::Reference { reference } => {
                    model::schema_by_ref(spec, reference).is_some_and(is_scalar)
                }
            })
            .map(|(name, _)| name.clone())
            .collect(),
    )
}

/// The columns a schema chooses with `x-cli-columns`, if it does.
fn chosen_columns(schema: &Schema) -> Option<Vec<String>> {
    let serde_json::Value::Array(columns) = schema.schema_data.extensions.get("x-cli-columns")?
    else {
        return None;
    };
    Some(
        columns
            .iter()
            .filter_map(|c| c.as_str().map(str::to_string))
            .collect(),
    )
}

/// A raw type as the CLI crate names it: `types::X` -> `::fastly_tokens::types::X`.
fn crate_path(ty: Option<&syn::Type>) -> syn::Type {
    /// Every path of a type that starts at `types`, at any depth (`Vec<types::Kind>`).
    struct Types;
    crate::walk::pass! {
        impl Pass for Types {
            fn type_path(&mut self, p: &mut syn::TypePath) {
                crate::walk::type_path(self, p);
                if p.qself.is_none()
                    && p.path.leading_colon.is_none()
                    && p.path.segments.first().is_some_and(|s| s.ident == "types")
                {
                    p.path.segments.insert(0, syn::parse_quote!(fastly_tokens));
                    p.path.leading_colon = Some(Default::default());
                }
            }
        }
    }
    let Some(ty) = ty else {
        return syn::parse_quote!(String);
    };
    let mut ty = ty.clone();
    crate::walk::Pass::ty(&mut Types, &mut ty);
    ty
}
