//! The patches of progenitor's raw client, each counted against the contract
//! (`contract.rs`): the docs typify leaves out, constructors, dates, and the rewrites of each
//! operation method that make a call cost what it must (no `api-version` header, the URL on
//! the parsed base, path values encoded as written, headers moved, the request lent to the
//! `pre` hook in its own block, undecoded bodies with their status).
use quote::quote;

use super::decode_status::DecodeStatus;
use super::header_map::NoApiVersion;
use crate::error::Error;
use crate::generate::Bodies;
use crate::generate::contract::{self, Tally};
use crate::syntax::path_ends_with;

/// The patches of the raw client: the docs typify leaves out, non-exhaustive types with
/// constructors, dates decoded by the client's fast path, no `api-version` header; fails when one no longer recognises its shape.
pub fn patch_client(
    file: &mut syn::File,
    spec: &openapiv3::OpenAPI,
    bodies: Bodies,
) -> Result<(), Error> {
    let mut tally = Tally::default();
    tally.expect(&contract::TYPES_MODULE, 1);
    let types = file
        .items
        .iter()
        .filter(|i| matches!(i, syn::Item::Mod(m) if m.ident == "types"))
        .count();
    for _ in 0..types {
        tally.hit(&contract::TYPES_MODULE);
    }
    crate::generate::docs::fill(file, spec);
    crate::generate::constructors::apply(file);
    crate::generate::conversions::apply(file, spec);
    crate::generate::timestamps::apply(file, spec, &mut tally);
    crate::generate::same_as::apply(file, spec, &mut tally);
    // Without bodies there is no header to drop (the full render checks this patch).
    if bodies == Bodies::Full {
        tally.expect(
            &contract::API_VERSION,
            crate::spec::model::operations(spec).len(),
        );
    }
    crate::syntax::visit_calls(&mut NoApiVersion { tally: &mut tally }, file);
    tally.expect(
        &contract::DECODE_STATUS,
        crate::spec::model::operations(spec).len(),
    );
    crate::syntax::visit_calls(&mut DecodeStatus { tally: &mut tally }, file);
    if bodies == Bodies::Full {
        let operations = crate::spec::model::operations(spec);
        tally.expect(&contract::HEADER_MAP, operations.len());
        let headerless = operations
            .iter()
            .filter(|op| {
                !op.params
                    .iter()
                    .any(|p| p.location == crate::spec::model::In::Header)
            })
            .count();
        tally.expect(&contract::EMPTY_HEADER_MAP, headerless);
        // A websocket upgrade hands the response over whole (`ResponseValue::upgrade`).
        let upgrades = crate::generate::websocket::count(spec);
        tally.expect(&contract::RESPONSE_HEADERS, operations.len() - upgrades);
        crate::syntax::visit_calls(&mut MovedHeaders { tally: &mut tally }, file);
        let path_params = operations
            .iter()
            .flat_map(|op| &op.params)
            .filter(|p| p.location == crate::spec::model::In::Path)
            .count();
        tally.expect(&contract::PATH_VALUES, path_params);
        crate::syntax::visit_calls(
            &mut PathValues {
                tally: &mut tally,
                strs: Vec::new(),
            },
            file,
        );
        let lists = comma_lists(spec);
        tally.expect(&contract::COMMA_LISTS, lists.len());
        // Most documents have none: the client's tree is not walked for them.
        if !lists.is_empty() {
            crate::syntax::visit_calls(
                &mut CommaLists {
                    tally: &mut tally,
                    lists,
                    method: None,
                    options: Vec::new(),
                },
                file,
            );
        }
        tally.expect(&contract::PRE_HOOK_SCOPE, operations.len());
        crate::syntax::visit_calls(&mut ScopedPre { tally: &mut tally }, file);
        tally.expect(&contract::BASE_URL, operations.len());
        crate::syntax::visit_calls(&mut BaseUrl { tally: &mut tally }, file);
        crate::generate::websocket::apply(file, upgrades, &mut tally);
    }
    tally.verify()
}

/// Each query parameter that is a list sent as one comma-separated value (`explode: false`):
/// (the client's method, the parameter's name). progenitor sends every list as repeated
/// `name=item` pairs.
pub(crate) fn comma_lists(spec: &openapiv3::OpenAPI) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for op in crate::spec::model::operations(spec) {
        let Some(id) = &op.op.operation_id else {
            continue;
        };
        for p in &op.params {
            let query = p.location == crate::spec::model::In::Query;
            if query && p.is_list() && p.data.explode == Some(false) {
                out.push((crate::generate::names::method(id), p.data.name.clone()));
            }
        }
    }
    out
}

/// Sends an `explode: false` query list as the document says, one `name=a,b` pair:
/// `QueryParam::new("name", &list)` becomes `QueryParam::new("name", &<list joined by ",">)`
/// (for an optional list, the joined text when there is a list).
struct CommaLists<'a> {
    tally: &'a mut Tally,
    /// (method, parameter name) of each such list ([`comma_lists`]).
    lists: Vec<(String, String)>,
    /// The method being visited.
    method: Option<String>,
    /// Its arguments that are `Option`s.
    options: Vec<syn::Ident>,
}

crate::walk::pass! {
    impl Pass for CommaLists<'_> {
        fn impl_item_fn(&mut self, f: &mut syn::ImplItemFn) {
            self.method = Some(f.sig.ident.to_string());
            self.options = f
                .sig
                .inputs
                .iter()
                .filter_map(|input| match input {
                    syn::FnArg::Typed(t) => match (&*t.pat, &*t.ty) {
                        (syn::Pat::Ident(name), syn::Type::Path(ty))
                            if ty.path.segments.last().is_some_and(|s| s.ident == "Option") =>
                        {
                            Some(name.ident.clone())
                        }
                        _ => None,
                    },
                    syn::FnArg::Receiver(_) => None,
                })
                .collect();
            crate::walk::impl_item_fn(self, f);
            self.method = None;
        }

        fn expr_call(&mut self, call: &mut syn::ExprCall) {
            crate::walk::expr_call(self, call);
            let is_query_param = matches!(&*call.func, syn::Expr::Path(p)
                if p.path.segments.iter().any(|s| s.ident == "QueryParam"))
                && path_ends_with(&call.func, "new");
            let (true, Some(method)) = (is_query_param, &self.method) else {
                return;
            };
            let Some(syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(name),
                ..
            })) = call.args.first()
            else {
                return;
            };
            if !self.lists.contains(&(method.clone(), name.value())) {
                return;
            }
            let Some(syn::Expr::Reference(value)) = call.args.iter_mut().nth(1) else {
                return;
            };
            let syn::Expr::Path(ident) = &*value.expr else {
                return;
            };
            let Some(ident) = ident.path.get_ident().cloned() else {
                return;
            };
            let join = quote::quote!(
                .iter()
                .map(::std::string::ToString::to_string)
                .collect::<::std::vec::Vec<_>>()
                .join(",")
            );
            *value.expr = if self.options.contains(&ident) {
                syn::parse_quote!(#ident.map(|list| list #join))
            } else {
                syn::parse_quote!(#ident #join)
            };
            self.tally.hit(&contract::COMMA_LISTS);
        }
    }
}

/// Lends each request to the `pre` hook inside a block of its own: progenitor writes
/// `self.pre(&mut request, &info).await?;`, and a local that was ever borrowed keeps its room
/// in the method's future until the method ends, so the request (some 260 bytes, already moved
/// into `exec`) would size the future across the whole exchange. The rewrite is
/// `let request = { let mut request = request; self.pre(&mut request, &info).await?; request };`.
struct ScopedPre<'a> {
    tally: &'a mut Tally,
}

/// The request `stmt` lends to the `pre` hook, if it is `self.pre(&mut <request>, ..).await?;`.
fn pre_hook_request(stmt: &syn::Stmt) -> Option<syn::Ident> {
    let syn::Stmt::Expr(syn::Expr::Try(tried), Some(_)) = stmt else {
        return None;
    };
    let syn::Expr::Await(awaited) = &*tried.expr else {
        return None;
    };
    let syn::Expr::MethodCall(call) = &*awaited.base else {
        return None;
    };
    let on_self = matches!(&*call.receiver, syn::Expr::Path(p) if p.path.is_ident("self"));
    let (true, true, 2) = (on_self, call.method == "pre", call.args.len()) else {
        return None;
    };
    let Some(syn::Expr::Reference(lent)) = call.args.first() else {
        return None;
    };
    match (&lent.mutability, &*lent.expr) {
        (Some(_), syn::Expr::Path(p)) => p.path.get_ident().cloned(),
        _ => None,
    }
}

crate::walk::pass! {
    impl Pass for ScopedPre<'_> {
        fn block(&mut self, block: &mut syn::Block) {
            // Inner blocks first: the block a rewrite makes holds the statement it recognises.
            crate::walk::block(self, block);
            for stmt in &mut block.stmts {
                if let Some(request) = pre_hook_request(stmt) {
                    let lend = stmt.clone();
                    *stmt = syn::parse_quote! {
                        let #request = {
                            let mut #request = #request;
                            #lend
                            #request
                        };
                    };
                    self.tally.hit(&contract::PRE_HOOK_SCOPE);
                }
            }
        }
    }
}

/// Builds each operation's URL on the base URL the client parsed once (`crate::runtime::path::url`):
/// progenitor writes `format!("{}/tokens/{}", self.baseurl, ..)`, a string that reqwest then
/// parses whole on every call (scheme, host through IDNA, port and path: some 4,000
/// instructions); the rewrite is `crate::runtime::path::url(&self.inner, format_args!("/tokens/{}", ..))`,
/// which parses only the path. Recognised only when the text starts with `{}` and its first
/// argument is `self.baseurl`: anything else is left as it is, and the tally fails.
struct BaseUrl<'a> {
    tally: &'a mut Tally,
}

/// The arguments of progenitor's URL `format!` without the base URL: `"{}<path>", self.baseurl,
/// <args>` becomes `"<path>", <args>`; `None` for any other shape.
fn path_args(url: &syn::Macro) -> Option<syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>> {
    let mut args = url
        .parse_body_with(syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
        .ok()?
        .into_iter();
    let syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(text),
        ..
    }) = args.next()?
    else {
        return None;
    };
    let path = text.value().strip_prefix("{}")?.to_string();
    let syn::Expr::Field(base) = args.next()? else {
        return None;
    };
    let on_self = matches!(&*base.base, syn::Expr::Path(p) if p.path.is_ident("self"));
    let is_baseurl = matches!(&base.member, syn::Member::Named(name) if name == "baseurl");
    if !(on_self && is_baseurl && path.starts_with('/')) {
        return None;
    }
    let path = syn::LitStr::new(&path, text.span());
    Some(
        std::iter::once(syn::parse_quote!(#path))
            .chain(args)
            .collect(),
    )
}

crate::walk::pass! {
    impl Pass for BaseUrl<'_> {
        // The local is recognised by its value, not its name: progenitor calls it `url`, or `_url`
        // (`__url`, ...) when a parameter of the operation is already named `url`.
        fn local(&mut self, local: &mut syn::Local) {
            let named = matches!(&local.pat, syn::Pat::Ident(_));
            if let Some(init) = &mut local.init
                && let syn::Expr::Macro(expr) = &mut *init.expr
                && named
                && expr.mac.path.is_ident("format")
                && let Some(args) = path_args(&expr.mac)
            {
                *init.expr =
                    syn::parse_quote!(crate::runtime::path::url(&self.inner, format_args!(#args)));
                self.tally.hit(&contract::BASE_URL);
                return;
            }
            crate::walk::local(self, local);
        }
    }
}

/// Writes each path parameter into the URL's `format!` percent-encoded as it goes
/// (`crate::runtime::path::EncodedStr(value)` for a parameter the method takes as `&str`,
/// `crate::runtime::path::Encoded(&value)` for any other) instead of `encode_path(&value.to_string())`,
/// which makes two strings per parameter before the URL.
struct PathValues<'a> {
    tally: &'a mut Tally,
    /// The parameters of the method being visited that it takes as `&str`.
    strs: Vec<syn::Ident>,
}

/// The names of the parameters `sig` takes as `&str` (of any lifetime).
fn str_params(sig: &syn::Signature) -> Vec<syn::Ident> {
    sig.inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(typed) => Some(typed),
            syn::FnArg::Receiver(_) => None,
        })
        .filter_map(|typed| match (&*typed.pat, &*typed.ty) {
            (syn::Pat::Ident(name), syn::Type::Reference(r))
                if r.mutability.is_none()
                    && matches!(&*r.elem, syn::Type::Path(p) if p.qself.is_none() && p.path.is_ident("str")) =>
            {
                Some(name.ident.clone())
            }
            _ => None,
        })
        .collect()
}

/// The value `arg` encodes, if it is `encode_path(&<value>.to_string())`.
fn encoded_path_value(arg: &syn::Expr) -> Option<&syn::Expr> {
    let syn::Expr::Call(call) = arg else {
        return None;
    };
    let (true, 1) = (path_ends_with(&call.func, "encode_path"), call.args.len()) else {
        return None;
    };
    let Some(syn::Expr::Reference(reference)) = call.args.first() else {
        return None;
    };
    match &*reference.expr {
        syn::Expr::MethodCall(m) if m.method == "to_string" && m.args.is_empty() => {
            Some(&m.receiver)
        }
        _ => None,
    }
}

crate::walk::pass! {
    impl Pass for PathValues<'_> {
        fn impl_item_fn(&mut self, f: &mut syn::ImplItemFn) {
            self.strs = str_params(&f.sig);
            crate::walk::impl_item_fn(self, f);
            self.strs.clear();
        }

        fn mac(&mut self, mac: &mut syn::Macro) {
            if !mac.path.is_ident("format") {
                return;
            }
            type Args = syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>;
            let Ok(mut args) = syn::parse::Parser::parse2(Args::parse_terminated, mac.tokens.clone())
            else {
                return;
            };
            let mut rewritten = false;
            for arg in args.iter_mut() {
                if let Some(value) = encoded_path_value(arg) {
                    let is_str = matches!(value, syn::Expr::Path(p)
                        if p.path.get_ident().is_some_and(|name| self.strs.contains(name)));
                    *arg = if is_str {
                        syn::parse_quote!(crate::runtime::path::EncodedStr(#value))
                    } else {
                        syn::parse_quote!(crate::runtime::path::Encoded(&#value))
                    };
                    self.tally.hit(&contract::PATH_VALUES);
                    rewritten = true;
                }
            }
            if rewritten {
                mac.tokens = quote!(#args);
            }
        }
    }
}

/// Makes each operation's success arms move the response's headers into the value it
/// returns: progenitor-client's `ResponseValue::from_response` and `ResponseValue::empty`
/// clone the whole header map of a response they then drop (a copy per call).
struct MovedHeaders<'a> {
    tally: &'a mut Tally,
}

/// The crate's stand-in for progenitor-client's constructor `name`, if it has one; `None`
/// for a constructor left as it is (`stream`) and for anything else.
fn moved_headers_stand_in(call: &syn::ExprCall) -> Option<Option<&'static str>> {
    let syn::Expr::Path(path) = &*call.func else {
        return None;
    };
    let mut last_two = path.path.segments.iter().rev().map(|s| &s.ident);
    let (Some(name), Some(ty)) = (last_two.next(), last_two.next()) else {
        return None;
    };
    if ty != "ResponseValue" {
        return None;
    }
    match name.to_string().as_str() {
        "from_response" => Some(Some("json_response")),
        "empty" => Some(Some("empty_response")),
        "stream" => Some(None),
        _ => None,
    }
}

crate::walk::pass! {
    impl Pass for MovedHeaders<'_> {
        fn impl_item_fn(&mut self, method: &mut syn::ImplItemFn) {
            /// Rewrites the constructors in one method body and counts what it recognised.
            struct Arms(usize);
            impl crate::walk::Pass for Arms {
                fn expr_call(&mut self, call: &mut syn::ExprCall) {
                    if let Some(stand_in) = moved_headers_stand_in(call) {
                        self.0 += 1;
                        if let Some(name) = stand_in {
                            let name = quote::format_ident!("{name}");
                            *call.func = syn::parse_quote!(crate::runtime::response::#name);
                        }
                    }
                    crate::walk::expr_call(self, call);
                }
            }
            if method.sig.asyncness.is_some() {
                let mut arms = Arms(0);
                crate::walk::Pass::block(&mut arms, &mut method.block);
                if arms.0 > 0 {
                    self.tally.hit(&contract::RESPONSE_HEADERS);
                }
            }
        }
    }
}
