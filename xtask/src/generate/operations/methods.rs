//! What a user calls for one operation (`mod.rs` renders the rest): the `Client` method, with
//! its rustdoc from the spec, and the request builder's setters, one per optional parameter.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::args::Arg;
use super::one_line;
use crate::spec::model::{In, Op};

/// `Client::<method>(required arguments) -> <Builder>`, documented from the spec.
pub(super) fn client_method(
    op: &Op<'_>,
    id: &str,
    args: &[Arg<'_>],
    method: &Ident,
    builder: &Ident,
    route: &str,
    example: Option<String>,
) -> TokenStream {
    let summary = op.op.summary.as_deref().unwrap_or(id).trim();
    let mut doc = summary.to_string();
    if let Some(d) = op
        .op
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        doc.push_str("\n\n");
        doc.push_str(d);
    }
    doc.push_str(&format!(
        "\n\n`{route}`. Returns a [`{builder}`]: the request is sent when it is awaited."
    ));
    let required: Vec<&Arg> = args.iter().filter(|a| !a.held.optional()).collect();
    if !required.is_empty() {
        doc.push_str("\n\n# Arguments\n");
        for a in &required {
            let what = a.description.map(one_line).unwrap_or_default();
            doc.push_str(&format!("\n- `{}`: {what}", a.ident));
        }
    }
    if let Some(example) = example {
        doc.push_str("\n\n");
        doc.push_str(&example);
    }

    let params = required.iter().map(|a| {
        let ident = &a.ident;
        let accepts = a.held.accepts();
        quote!(#ident: #accepts)
    });
    let inits = args.iter().map(|a| {
        let ident = &a.ident;
        if a.held.optional() {
            quote!(#ident: None)
        } else {
            let stored = a.held.store(ident);
            quote!(#ident: #stored)
        }
    });
    quote! {
        #[doc = #doc]
        pub fn #method(&self, #(#params),*) -> #builder {
            #builder { __client: self.clone(), __options: CallOptions::default(), #(#inits),* }
        }
    }
}

/// One setter per optional argument, documented with where it goes.
pub(super) fn setters(args: &[Arg<'_>]) -> Vec<TokenStream> {
    args.iter()
        .filter(|a| a.held.optional())
        .map(|a| {
            let ident = &a.ident;
            let accepts = a.held.accepts();
            let kind = match a.location {
                Some(In::Path) => "path",
                Some(In::Query) => "query",
                Some(In::Header) => "header",
                Some(In::Cookie) => "cookie",
                None => "body",
            };
            let what = a
                .description
                .map(one_line)
                .unwrap_or_else(|| a.name.clone());
            let doc = format!("{what}\n\nOptional {kind} parameter `{}`.", a.name);
            let stored = a.held.store(&quote::format_ident!("value"));
            quote! {
                #[doc = #doc]
                pub fn #ident(mut self, value: #accepts) -> Self {
                    self.#ident = Some(#stored);
                    self
                }
            }
        })
        .collect()
}
