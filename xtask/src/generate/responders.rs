//! Typed responders for every error response an operation declares, added to the mock crate
//! beside progenitor's success responders (`then.not_found()`, `then.rate_limited(0, reset)`,
//! `then.bad_request("2fa.verify")`), so a user's test answers as the spec says Fastly does.
//!
//! The rule, for each operation's responses with a status of 400 or more (ranges and
//! `default` are left to `into_inner()`):
//! - the name is the response component's (`$ref: '#/components/responses/not_found'` ->
//!   `not_found`), or the status's reason phrase for an inline one (400 -> `bad_request`),
//!   with `_<status>` added when that name is taken;
//! - each header the response declares is an argument (integer headers `u64` when their
//!   minimum is 0 or more, `i64` otherwise; booleans `bool`; anything else `&str`);
//! - a JSON body is an object: a property with `x-known-values` (createToken's `code`) is an
//!   argument, and `msg` (or `message`, or else the first other string property) carries
//!   the response's description; a problem document (`application/problem+json`) carries it
//!   in `detail`, with the status's reason phrase in `title` and the status in `status`; a
//!   response without content answers with no body.

use openapiv3::{OpenAPI, ReferenceOr, SchemaKind, StatusCode, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::generate::{Bodies, adapt, names};
use crate::spec::model;

/// One `impl <Op>Then { ... }` per operation that declares error responses; with
/// [`Bodies::Signatures`] each method's body is `unreachable!()` (the API listing reads
/// signatures and docs, and parsing the bodies was a seventh of a `diff`'s time).
pub(crate) fn render(spec: &OpenAPI, bodies: Bodies) -> Vec<syn::Item> {
    let mut out = Vec::new();
    for o in model::operations(spec) {
        let Some(id) = &o.op.operation_id else {
            continue;
        };
        let then = format_ident!("{}", names::then(id));
        // Names progenitor's wrapper already has: its constructor and success responders.
        let mut taken: Vec<String> = ["new", "into_inner", "ok", "no_content", "created"]
            .map(String::from)
            .to_vec();
        let mut methods = Vec::new();
        for (status, response) in &o.op.responses.responses {
            let StatusCode::Code(code) = *status else {
                continue;
            };
            if code < 400 {
                continue;
            }
            let Some(resolved) = model::response(spec, response) else {
                continue;
            };
            let mut name = match response {
                ReferenceOr::Reference { reference } => {
                    names::method(reference.rsplit('/').next().unwrap_or_default())
                }
                ReferenceOr::Item(_) => reason(code),
            };
            if taken.contains(&name) {
                name = format!("{name}_{code}");
            }
            taken.push(name.clone());
            methods.push(responder(spec, &name, code, resolved, bodies));
        }
        if let Some(pages) = crate::spec::pages::read(&o.op.extensions) {
            methods.push(page_responder(&pages, bodies));
        }
        if !methods.is_empty() {
            out.push(syn::parse_quote! {
                impl operations::#then {
                    #(#methods)*
                }
            });
        }
    }
    out
}

/// A paged operation's `ok_page`: HTTP 200 with one page as its `x-pages` reads it, the items
/// at `items` and, where the spec says where, the page count.
fn page_responder(pages: &crate::spec::pages::Pages, bodies: Bodies) -> TokenStream {
    let items = &pages.items;
    let (total_arg, page, counted) = match &pages.total_pages {
        Some(path) if !path.is_empty() => {
            let mut value = quote!(total_pages);
            for key in path[1..].iter().rev() {
                value = quote!({ #key: #value });
            }
            let first = &path[0];
            (
                quote!(, total_pages: u64),
                quote!(::serde_json::json!({ #items: items, #first: #value })),
                format!(", `total_pages` at `/{}`", path.join("/")),
            )
        }
        _ => (
            TokenStream::new(),
            quote!(::serde_json::json!({ #items: items })),
            String::new(),
        ),
    };
    let doc = format!(
        " Responds with HTTP 200 and one page, as the spec's `x-pages` reads it: `items` at \
         `{items}`{counted}. Match the page asked for with `when.{}(n)`.",
        crate::generate::names::method(&pages.page)
    );
    let body = match bodies {
        Bodies::Full => quote! {
            let then = self
                .into_inner()
                .status(200u16)
                .header("content-type", "application/json")
                .json_body(#page);
            Self::new(then)
        },
        Bodies::Signatures => quote!(::core::unreachable!()),
    };
    quote! {
        #[doc = #doc]
        pub fn ok_page<T: ::serde::Serialize>(self, items: &[T] #total_arg) -> Self {
            #body
        }
    }
}

/// One responder: its arguments (headers, then known-value body properties) and body.
fn responder(
    spec: &OpenAPI,
    name: &str,
    code: u16,
    response: &openapiv3::Response,
    bodies: Bodies,
) -> TokenStream {
    let ident = format_ident!("{name}");
    let description = response.description.trim().replace('\n', " ");
    let mut args = Vec::new();
    let mut steps = Vec::new();
    let mut arg_docs = Vec::new();
    for (header, h) in &response.headers {
        let header_item = match h {
            ReferenceOr::Item(h) => Some(h),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/headers/")
                .and_then(|n| spec.components.as_ref()?.headers.get(n)?.as_item()),
        };
        let schema = header_item.and_then(|h| match &h.format {
            openapiv3::ParameterSchemaOrContent::Schema(s) => model::schema(spec, s),
            openapiv3::ParameterSchemaOrContent::Content(_) => None,
        });
        let arg = format_ident!("{}", names::method(header));
        let ty = match schema.map(|s| &s.schema_kind) {
            Some(SchemaKind::Type(Type::Integer(i))) if i.minimum.is_some_and(|m| m >= 0) => {
                quote!(u64)
            }
            Some(SchemaKind::Type(Type::Integer(_))) => quote!(i64),
            Some(SchemaKind::Type(Type::Boolean(_))) => quote!(bool),
            _ => quote!(&str),
        };
        let what = header_item
            .and_then(|h| h.description.as_deref())
            .map(|d| d.trim().replace('\n', " "))
            .unwrap_or_default();
        arg_docs.push(format!("- `{arg}`: the `{header}` header. {what}"));
        args.push(quote!(#arg: #ty));
        steps.push(quote!(let then = then.header(#header, #arg.to_string());));
    }
    let json = response
        .content
        .iter()
        .find(|(media, _)| adapt::body_media_type(media) == Some("application/json"));
    if let Some((media, content)) = json {
        let object = content
            .schema
            .as_ref()
            .and_then(|s| model::schema(spec, s))
            .and_then(|s| match &s.schema_kind {
                SchemaKind::Type(Type::Object(o)) => Some(o),
                _ => None,
            });
        let mut fields = Vec::new();
        let properties: Vec<_> = object
            .map(|o| o.properties.iter())
            .into_iter()
            .flatten()
            .collect();
        // The property that says what went wrong: `msg` or `message` where there is one, a
        // problem document's `detail`.
        let problem = media.contains("problem+json");
        let said = properties
            .iter()
            .map(|(p, _)| p.as_str())
            .find(|p| matches!(*p, "msg" | "message") || (problem && *p == "detail"));
        let mut described = false;
        for (property, schema) in properties {
            let Some(schema) = model::boxed_schema(spec, schema) else {
                continue;
            };
            if !matches!(schema.schema_kind, SchemaKind::Type(Type::String(_))) {
                continue;
            }
            if schema.schema_data.extensions.contains_key("x-known-values") {
                let arg = format_ident!("{}", names::method(property));
                let known = schema.schema_data.extensions["x-known-values"]
                    .as_array()
                    .map(|v| {
                        v.iter()
                            .filter_map(|v| v.as_str())
                            .map(|v| format!("`{v}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                arg_docs.push(format!(
                    "- `{arg}`: the body's `{property}` (known: {known})."
                ));
                args.push(quote!(#arg: &str));
                fields.push(quote!(body.insert(#property.into(), #arg.into());));
            } else if !described && said.is_none_or(|said| said == property) {
                described = true;
                fields.push(quote!(body.insert(#property.into(), #description.into());));
            }
        }
        let media = media.as_str();
        // A problem document (RFC 9457) says what went wrong in `title` and `status` too, as
        // the API writes them, where the schema has those properties.
        if problem {
            let title: String = reason(code)
                .split('_')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
                })
                .collect::<Vec<_>>()
                .join(" ");
            for (property, value) in [("title", quote!(#title)), ("status", quote!(#code))] {
                if object.is_some_and(|o| o.properties.contains_key(property)) {
                    fields.push(quote!(body.insert(#property.into(), #value.into());));
                }
            }
        }
        // A body with no field to set is an empty object, bound without `mut`.
        let binding = match fields.is_empty() {
            true => quote!(let body = ::serde_json::Map::new();),
            false => quote!(let mut body = ::serde_json::Map::new();),
        };
        steps.push(quote! {
            #binding
            #(#fields)*
            let then = then
                .header("content-type", #media)
                .json_body(::serde_json::Value::Object(body));
        });
    }
    let mut doc = format!(" Responds with HTTP {code} as the spec declares it: {description}");
    if !arg_docs.is_empty() {
        doc.push_str("\n\n");
        doc.push_str(
            &arg_docs
                .iter()
                .map(|d| format!(" {d}"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    let body = match bodies {
        Bodies::Full => quote! {
            let then = self.into_inner().status(#code);
            #(#steps)*
            Self::new(then)
        },
        Bodies::Signatures => quote!(::core::unreachable!()),
    };
    quote! {
        #[doc = #doc]
        pub fn #ident(self, #(#args),*) -> Self {
            #body
        }
    }
}

/// The reason phrase of a status, as a method name (`422` -> `unprocessable_entity`).
fn reason(code: u16) -> String {
    let phrase = match code {
        400 => "bad_request",
        401 => "unauthorized",
        402 => "payment_required",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        408 => "request_timeout",
        409 => "conflict",
        410 => "gone",
        411 => "length_required",
        412 => "precondition_failed",
        413 => "payload_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        422 => "unprocessable_entity",
        423 => "locked",
        428 => "precondition_required",
        429 => "too_many_requests",
        500 => "internal_server_error",
        501 => "not_implemented",
        502 => "bad_gateway",
        503 => "service_unavailable",
        504 => "gateway_timeout",
        _ => return format!("status_{code}"),
    };
    phrase.to_string()
}
