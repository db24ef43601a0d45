//! Fixes to progenitor's httpmock output, applied to its syntax tree before formatting, so
//! users of the mock crate do not inherit the generator's quirks:
//!
//! 1. **Path values**: progenitor builds a path matcher by pasting the raw value into a regex,
//!    neither percent-encoded nor regex-escaped, so `a.b` also matches `aXb` and a value the
//!    client encodes never matches. The value is now encoded with the client's own
//!    `encode_path`, then `regex::escape`d; so is the path's own text (`/v1/$count` would
//!    otherwise never match, its `$` read as the end).
//! 2. **Form bodies**: progenitor matches every typed body as JSON (`json_body_obj`), which a
//!    form body never is; createToken's matcher now compares the form the client sends.
//! 3. **Restored media types** (adapt.rs bridge 1): the matcher of such an operation also
//!    requires the `Content-Type` the spec declares, which the client's hook sends.
//! 4. **Docs**: progenitor documents none of the wrappers; each public item gets a doc made
//!    from the operation's summary, method and path, so the mock crate denies `missing_docs`.
//! 5. **A sealed `MockServerExt`**: only this crate implements it (for `httpmock::MockServer`),
//!    so a new operation's mock method is an addition, not a break for implementors.
//! 6. **The crate's own server**: progenitor's `impl MockServerExt for httpmock::MockServer`
//!    becomes `impl<S: sealed::Sealed> MockServerExt for S`, and `Sealed::mock` is httpmock's
//!    `mock` or that of `crate::MockServer` (hand-written, `server.rs`), which keeps the answer
//!    to unmatched requests behind every mock: one impl serves both servers.
//! 7. **List query parameters**: progenitor matches a query parameter with
//!    `query_param(name, value.to_string())`, which does not compile for a list; the matcher
//!    now requires each item as the client sends it, one `name=item` pair per item, or one
//!    `name=a,b` pair for a list of `explode: false` (`patches.rs` sends it so).
//! 8. **Bodies and answers by value**: progenitor passes a body or an answer typed as a number,
//!    a boolean or a string enum by value, and hands it to httpmock's `json_body_obj`, which
//!    takes a reference; the matcher and the responder now lend it. (A fix that finds nothing
//!    to do leaves nothing wrong, so it counts nothing against the contract.)
//!
//! Beside the fixes, `responders.rs` adds a typed responder per declared error response.

use crate::walk::Pass;
use openapiv3::OpenAPI;
use proc_macro2::{TokenStream, TokenTree};
use quote::quote;

use crate::error::Error;
use crate::generate::contract::{self, Tally};
use crate::generate::mock_matchers::{LendValue, QueryLists, escape_path_regex};
use crate::generate::{adapt, names};
use crate::spec::model::In;
use crate::syntax::{has_doc, impl_name};

/// Applies the fixes; fails, naming the fix, when one no longer finds the shape it recognises
/// in progenitor's output (`contract.rs`).
pub fn apply(file: &mut syn::File, spec: &OpenAPI) -> Result<(), Error> {
    let mut tally = Tally::default();
    let operations = crate::spec::model::operations(spec);
    let path_params = operations
        .iter()
        .flat_map(|o| &o.params)
        .filter(|p| p.location == In::Path)
        .count();
    tally.expect(&contract::MOCK_PATH_VALUES, path_params);
    let mut form_bodies = Vec::new();
    let mut query_lists = Vec::new();
    for o in crate::spec::model::operations(spec) {
        let Some(id) = &o.op.operation_id else {
            continue;
        };
        if o.body.is_some_and(|body| {
            (body.content.keys())
                .any(|m| adapt::body_media_type(m) == Some("application/x-www-form-urlencoded"))
        }) {
            form_bodies.push(names::when(id));
        }
        for p in &o.params {
            if p.location == In::Query && p.is_list() {
                let comma = p.data.explode == Some(false);
                query_lists.push((names::when(id), names::method(&p.data.name), comma));
            }
        }
    }
    tally.expect(&contract::MOCK_QUERY_LISTS, query_lists.len());
    let media_types: Vec<(String, String)> = adapt::restored_content_types(spec)
        .into_iter()
        .map(|(id, media)| (names::when(&id), media))
        .collect();
    tally.expect(&contract::MOCK_FORM_BODIES, form_bodies.len());
    tally.expect(&contract::MOCK_MEDIA_TYPES, media_types.len());
    let mut fixer = Fixer {
        form_bodies,
        query_lists,
        media_types,
        current: None,
        tally: &mut tally,
    };
    crate::walk::file(&mut fixer, file);
    let mut operations = Vec::new();
    for o in crate::spec::model::operations(spec) {
        if let Some(id) = &o.op.operation_id {
            let summary = o.op.summary.clone().unwrap_or_else(|| id.clone());
            let route = format!("{} {}", o.method.to_uppercase(), o.path);
            operations.push(Mocked {
                method: names::method(id),
                when: names::when(id),
                then: names::then(id),
                summary,
                route,
            });
        }
    }
    let by_name = operations
        .iter()
        .enumerate()
        .flat_map(|(i, op)| {
            [
                (op.when.clone(), (i, Some(true))),
                (op.then.clone(), (i, Some(false))),
                (op.method.clone(), (i, None)),
            ]
        })
        .collect();
    let mut docs = Docs {
        operations,
        by_name,
        current: None,
        tally: &mut tally,
    };
    crate::walk::file(&mut docs, file);
    tally.expect(&contract::MOCK_SEAL, 1);
    seal(file, &mut tally);
    tally.verify()
}

/// Fix 5: `MockServerExt: sealed::Sealed`, with `Sealed` in a private module.
/// What the public API listing needs of the fixes when the bodies were left out
/// ([`crate::generate::Bodies::Signatures`]): only the seal changes a signature; the other
/// fixes work inside bodies, and the full render checks them.
pub(crate) fn apply_to_signatures(file: &mut syn::File) -> Result<(), Error> {
    let mut tally = Tally::default();
    tally.expect(&contract::MOCK_SEAL, 1);
    seal(file, &mut tally);
    tally.verify()
}

fn seal(file: &mut syn::File, tally: &mut Tally) {
    let mut sealed = false;
    for item in &mut file.items {
        if let syn::Item::Trait(t) = item
            && t.ident == "MockServerExt"
        {
            t.colon_token = Some(Default::default());
            t.supertraits.push(syn::parse_quote!(sealed::Sealed));
            sealed = true;
            tally.hit(&contract::MOCK_SEAL);
        }
        // Fix 6: progenitor's impl for `httpmock::MockServer` becomes one for every sealed
        // server, whose bodies' `self.mock(..)` is then `Sealed::mock`: httpmock's own, or the
        // crate's `MockServer`'s, which keeps the answer to unmatched requests last.
        if let syn::Item::Impl(i) = item
            && i.trait_
                .as_ref()
                .is_some_and(|(_, p, _)| p.is_ident("MockServerExt"))
        {
            i.generics = syn::parse_quote!(<S: sealed::Sealed>);
            *i.self_ty = syn::parse_quote!(S);
        }
    }
    if sealed {
        file.items.push(syn::parse_quote! {
            mod sealed {
                /// Implemented only here: users cannot implement `MockServerExt`.
                pub trait Sealed {
                    /// Makes a mock on this server.
                    fn mock<F: FnOnce(::httpmock::When, ::httpmock::Then)>(
                        &self,
                        config_fn: F,
                    ) -> ::httpmock::Mock<'_>;
                }
                impl Sealed for ::httpmock::MockServer {
                    fn mock<F: FnOnce(::httpmock::When, ::httpmock::Then)>(
                        &self,
                        config_fn: F,
                    ) -> ::httpmock::Mock<'_> {
                        ::httpmock::MockServer::mock(self, config_fn)
                    }
                }
                impl Sealed for crate::MockServer {
                    fn mock<F: FnOnce(::httpmock::When, ::httpmock::Then)>(
                        &self,
                        config_fn: F,
                    ) -> ::httpmock::Mock<'_> {
                        crate::MockServer::mock(self, config_fn)
                    }
                }
            }
        });
    }
}

/// Fix 4: a doc on every public item, from the operation it mocks.
struct Docs<'a> {
    operations: Vec<Mocked>,
    /// Each operation's `When` (`Some(true)`), `Then` (`Some(false)`) and method name (`None`).
    by_name: std::collections::HashMap<String, (usize, Option<bool>)>,
    current: Option<String>,
    tally: &'a mut Tally,
}

/// What the docs say of one operation.
struct Mocked {
    /// The client method name (`get_token`).
    method: String,
    /// Its `When` wrapper's name (`GetTokenWhen`).
    when: String,
    /// Its `Then` wrapper's name (`GetTokenThen`).
    then: String,
    /// The spec's summary.
    summary: String,
    /// `METHOD /path`.
    route: String,
}

fn add_doc(attrs: &mut Vec<syn::Attribute>, text: &str) {
    if !has_doc(attrs) {
        let text = format!(" {text}");
        attrs.insert(0, syn::parse_quote!(#[doc = #text]));
    }
}

impl Docs<'_> {
    /// The operation a `...When`/`...Then` type or a method name belongs to, and which side.
    fn operation(&self, name: &str) -> Option<(&Mocked, Option<bool>)> {
        let &(index, side) = self.by_name.get(name)?;
        Some((&self.operations[index], side))
    }
}

crate::walk::pass! {
    impl Pass for Docs<'_> {
        fn item_struct(&mut self, item: &mut syn::ItemStruct) {
            if let Some((Mocked { summary, route, .. }, Some(when))) =
                self.operation(&item.ident.to_string())
            {
                let text = if when {
                    format!("Matches requests of {summary:?} (`{route}`); narrow it with its methods.")
                } else {
                    format!("Builds the response to {summary:?} (`{route}`).")
                };
                add_doc(&mut item.attrs, &text);
            }
        }

        fn item_impl(&mut self, item: &mut syn::ItemImpl) {
            let previous = std::mem::replace(&mut self.current, impl_name(item));
            crate::walk::item_impl(self, item);
            self.current = previous;
        }

        fn impl_item_fn(&mut self, f: &mut syn::ImplItemFn) {
            let Some(current) = &self.current else { return };
            let when = current.ends_with("When");
            let name = f.sig.ident.to_string();
            let text = match name.as_str() {
                "new" if when => {
                    "Starts from httpmock's matcher, requiring the operation's method and path."
                        .to_string()
                }
                "new" => "Starts from httpmock's response builder.".to_string(),
                "into_inner" => "httpmock's own value, to go beyond what the spec allows.".to_string(),
                "body" => "Requires this request body, encoded as the client sends it.".to_string(),
                _ if when => format!(
                    "Requires the `{name}` parameter to be this value (`None`: absent, where optional)."
                ),
                _ => {
                    self.tally.expect(&contract::MOCK_STATUSES, 1);
                    let found = status_of(f);
                    if found.is_some() {
                        self.tally.hit(&contract::MOCK_STATUSES);
                    }
                    let (status, given) = match found {
                        Some(Status::Code(code)) => (format!("HTTP {code}"), None),
                        Some(Status::Given(arg)) => (format!("the status `{arg}`"), Some(arg)),
                        None => ("the documented status".to_string(), None),
                    };
                    // The value argument, beside `self` and a status argument (ranges, default).
                    let values = f
                        .sig
                        .inputs
                        .iter()
                        .filter(|a| match a {
                            syn::FnArg::Typed(t) => {
                                !matches!(&*t.pat, syn::Pat::Ident(p) if Some(p.ident.to_string()) == given)
                            }
                            syn::FnArg::Receiver(_) => false,
                        })
                        .count();
                    if values > 0 {
                        format!("Responds with {status} and this value as JSON.")
                    } else {
                        format!("Responds with {status} and no body.")
                    }
                }
            };
            add_doc(&mut f.attrs, &text);
        }

        fn trait_item_fn(&mut self, f: &mut syn::TraitItemFn) {
            if let Some((Mocked { summary, route, .. }, None)) =
                self.operation(&f.sig.ident.to_string())
            {
                let text = format!(
                    "Mocks {summary:?} (`{route}`): `config_fn` gets the request matcher and the \
                     response builder."
                );
                add_doc(&mut f.attrs, &text);
            }
        }
    }
}

/// What a `Then` method's `.status(..)` call responds with.
enum Status {
    /// A documented code: `.status(204u16)`.
    Code(u16),
    /// One of the method's arguments, for a range (`4XX`) or the `default` response:
    /// `.status(status)`.
    Given(String),
}

/// The status a `Then` method responds with, from its `.status(..)` call.
fn status_of(f: &mut syn::ImplItemFn) -> Option<Status> {
    struct Find<'a>(&'a syn::Signature, Option<Status>);
    crate::walk::pass! {
        impl Pass for Find<'_> {
            fn expr_method_call(&mut self, call: &mut syn::ExprMethodCall) {
                if call.method == "status" {
                    self.1 = match call.args.first() {
                        Some(syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Int(n),
                            ..
                        })) => n.base10_parse().ok().map(Status::Code),
                        Some(syn::Expr::Path(p)) => p
                            .path
                            .get_ident()
                            .map(ToString::to_string)
                            .filter(|name| {
                                self.0.inputs.iter().any(|a| {
                                    matches!(a, syn::FnArg::Typed(t)
                                    if matches!(&*t.pat, syn::Pat::Ident(i) if i.ident == name))
                                })
                            })
                            .map(Status::Given),
                        _ => None,
                    };
                }
                crate::walk::expr_method_call(self, call);
            }
        }
    }
    let mut find = Find(&f.sig, None);
    find.block(&mut f.block);
    find.1
}

struct Fixer<'a> {
    form_bodies: Vec<String>,
    /// (`When` type, method, sent as one comma-separated value) of each query parameter that
    /// is a list.
    query_lists: Vec<(String, String, bool)>,
    media_types: Vec<(String, String)>,
    current: Option<String>,
    tally: &'a mut Tally,
}

crate::walk::pass! {
    impl Pass for Fixer<'_> {
        fn item_impl(&mut self, item: &mut syn::ItemImpl) {
            let previous = std::mem::replace(&mut self.current, impl_name(item));
            crate::walk::item_impl(self, item);
            self.current = previous;
        }

        fn impl_item_fn(&mut self, f: &mut syn::ImplItemFn) {
            let Some(current) = self.current.clone() else {
                return;
            };
            if f.sig.ident == "body" && self.form_bodies.contains(&current) {
                // Fix 2: each field the form writes, as the client encodes it; what the value
                // leaves out of its serialization (createToken's credentials) is not matched.
                f.attrs.retain(|a| !a.path().is_ident("doc"));
                f.attrs.insert(
                    0,
                    syn::parse_quote!(#[doc = "Requires each field this body writes (name, scope, services, expiry, ...), \
                        encoded as the client sends it; credentials are not matched."]),
                );
                f.block = syn::parse_quote!({
                    let form =
                        ::serde_urlencoded::to_string(value).expect("a form body always serializes");
                    let fields: ::std::vec::Vec<(::std::string::String, ::std::string::String)> =
                        ::serde_urlencoded::from_str(&form).expect("a form body always parses");
                    Self(fields.into_iter().fold(self.0, |when, (field, value)| {
                        when.form_urlencoded_tuple(field, value)
                    }))
                });
                self.tally.hit(&contract::MOCK_FORM_BODIES);
                return;
            }
            let method = f.sig.ident.to_string();
            let by_value = f.sig.inputs.iter().any(|arg| {
                matches!(arg, syn::FnArg::Typed(t)
                    if matches!(&*t.pat, syn::Pat::Ident(p) if p.ident == "value")
                        && !matches!(&*t.ty, syn::Type::Reference(_) | syn::Type::ImplTrait(_)))
            });
            if by_value {
                // Fix 8: `json_body_obj(value)` lends the value httpmock takes by reference.
                LendValue.block(&mut f.block);
            }
            if let Some(&(_, _, comma)) =
                (self.query_lists.iter()).find(|(w, m, _)| *w == current && *m == method)
            {
                // Fix 7: `X.query_param(name, value.to_string())` becomes one pair per item, or
                // one pair of the items joined by `,` (`explode: false`).
                let mut lists = QueryLists { comma, count: 0 };
                lists.block(&mut f.block);
                if lists.count > 0 {
                    self.tally.hit(&contract::MOCK_QUERY_LISTS);
                }
                return;
            }
            if f.sig.ident == "new"
                && let Some((_, media)) = self.media_types.iter().find(|(w, _)| *w == current)
            {
                // Fix 3: require the declared media type: `Self(X)` becomes
                // `Self(X.header("content-type", media))`.
                if let Some(syn::Stmt::Expr(syn::Expr::Call(call), None)) = f.block.stmts.last_mut()
                    && let Some(arg) = call.args.first_mut()
                {
                    let matcher = arg.clone();
                    *arg = syn::parse_quote!(#matcher.header("content-type", #media));
                    self.tally.hit(&contract::MOCK_MEDIA_TYPES);
                }
                return;
            }
            crate::walk::impl_item_fn(self, f);
        }

        fn expr_call(&mut self, call: &mut syn::ExprCall) {
            crate::walk::expr_call(self, call);
            // Fix 1, for a path without parameters: `regex::Regex::new("^/tokens/self$")`.
            let is_regex_new = matches!(&*call.func, syn::Expr::Path(p)
                if p.path.segments.last().is_some_and(|s| s.ident == "new")
                    && p.path.segments.iter().any(|s| s.ident == "Regex"));
            if let (
                true,
                Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                })),
            ) = (is_regex_new, call.args.first_mut())
                && text.value().starts_with("^/")
            {
                *text = syn::LitStr::new(&escape_path_regex(&text.value(), false), text.span());
            }
        }

        fn mac(&mut self, mac: &mut syn::Macro) {
            // Fix 1: `format!("^/tokens/{}$", value.to_string())` in a path matcher.
            if mac.path.is_ident("format") {
                let tokens: Vec<TokenTree> = mac.tokens.clone().into_iter().collect();
                let is_path_regex = matches!(tokens.first(),
                    Some(TokenTree::Literal(l)) if l.to_string().starts_with("\"^/"));
                if is_path_regex {
                    let literal = match &tokens[0] {
                        TokenTree::Literal(l) => match syn::parse_str::<syn::LitStr>(&l.to_string()) {
                            Ok(text) => {
                                let escaped = escape_path_regex(&text.value(), true);
                                TokenTree::Literal(proc_macro2::Literal::string(&escaped))
                            }
                            Err(_) => tokens[0].clone(),
                        },
                        other => other.clone(),
                    };
                    let value: TokenStream = tokens.iter().skip(2).cloned().collect();
                    mac.tokens =
                        quote!(#literal, ::regex::escape(&::progenitor_client::encode_path(&#value)));
                    self.tally.hit(&contract::MOCK_PATH_VALUES);
                }
            }
        }
    }
}
