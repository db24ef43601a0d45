//! Renders `crates/fastly-tokens/src/operations.rs`: one public, documented operation of
//! `fastly_tokens::Client` per operation of the spec, as a request builder over progenitor's
//! raw method, with the argument rules of the spec's schemas checked before sending.
//!
//! Why builders: required arguments are the method's parameters, optional ones are chained
//! setters, and the builder is sent when awaited (`IntoFuture`). A new optional parameter is a
//! new setter and a new operation a new method, so additive spec changes stay additive in
//! Rust (ARCHITECTURE.md). Argument types come from progenitor's own signatures, read from
//! its output, so the two never disagree.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, Schema, SchemaKind, Type};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::error::{Error, Location};
use crate::generate::adapt;
use crate::generate::names;
use crate::spec::model::{self, In, Op};
use crate::syntax::{generic_arg, option_inner, serde_rename};

/// The fields of each generated struct in `types`: (Rust field, wire name, type).
type Fields = BTreeMap<String, Vec<(Ident, String, syn::Type)>>;

/// Renders the module from the spec and the parsed raw client (progenitor's output).
pub fn render(spec: &OpenAPI, raw: &syn::File, spec_name: &str) -> Result<syn::File, Error> {
    let methods = raw_methods(raw);
    let fields = type_fields(raw);
    let mut state = Gen {
        spec,
        spec_name,
        fields: &fields,
        patterns: Vec::new(),
        bad_patterns: Vec::new(),
        pointer: String::new(),
    };
    let mut client_methods = Vec::new();
    let mut builders = Vec::new();
    for op in model::operations(spec) {
        let (method, builder) = state.operation(&op, &methods)?;
        client_methods.push(method);
        builders.push(builder);
    }
    if let Some((pointer, pattern, why)) = state.bad_patterns.first() {
        return Err(Error::Spec {
            location: Location {
                file: spec_name.to_string(),
                pointer: pointer.clone(),
                line: None,
            },
            message: format!(
                "the pattern {pattern:?} does not compile, so the client could not check it: {why}"
            ),
        });
    }
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
        use crate::client::{CallOptions, Client, Prepare, Response, finish_empty, finish_json};
        use crate::{Error, RetryPolicy, types};

        #(#patterns)*

        impl Client {
            #(#client_methods)*
        }

        #(#builders)*
    };
    syn::parse2(tokens).map_err(|e| Error::Format(format!("the operations do not parse: {e}")))
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

/// Lower-case letters and digits only: how a spec name and progenitor's identifier for it
/// are matched (`Fastly-OTP` and `fastly_otp`).
fn squash(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// How a raw argument is held by the builder and passed on.
enum Held {
    /// `&str`: a `String`, passed as `&field`.
    Str,
    /// `Option<&str>`: an `Option<String>`, passed with `as_deref()`.
    OptStr,
    /// `&T`: a `T`, passed as `&field`.
    Ref(syn::Type),
    /// `Option<&T>`: an `Option<T>`, passed with `as_ref()`.
    OptRef(syn::Type),
    /// `Option<T>`: passed as a clone.
    Opt(syn::Type),
    /// `T`: passed as a clone.
    Value(syn::Type),
}

impl Held {
    fn of(ty: &syn::Type) -> Held {
        if let Some(inner) = option_inner(ty) {
            return match inner {
                syn::Type::Reference(r) if is_str(&r.elem) => Held::OptStr,
                syn::Type::Reference(r) => Held::OptRef((*r.elem).clone()),
                other => Held::Opt(other.clone()),
            };
        }
        match ty {
            syn::Type::Reference(r) if is_str(&r.elem) => Held::Str,
            syn::Type::Reference(r) => Held::Ref((*r.elem).clone()),
            other => Held::Value(other.clone()),
        }
    }

    fn optional(&self) -> bool {
        matches!(self, Held::OptStr | Held::OptRef(_) | Held::Opt(_))
    }

    /// The builder field's type.
    fn field(&self) -> TokenStream {
        match self {
            Held::Str => quote!(String),
            Held::OptStr => quote!(Option<String>),
            Held::Ref(t) | Held::Value(t) => quote!(#t),
            Held::OptRef(t) | Held::Opt(t) => quote!(Option<#t>),
        }
    }

    /// What a caller passes (to the method, or to the setter of an optional one).
    fn accepts(&self) -> TokenStream {
        match self {
            Held::Str | Held::OptStr => quote!(impl Into<String>),
            Held::Ref(t) | Held::Value(t) | Held::OptRef(t) | Held::Opt(t) => quote!(impl Into<#t>),
        }
    }

    /// The local passed to the raw method, from `self.<field>`.
    fn pass(&self, field: &Ident) -> TokenStream {
        match self {
            Held::Str | Held::Ref(_) => quote!(&self.#field),
            Held::OptStr => quote!(self.#field.as_deref()),
            Held::OptRef(_) => quote!(self.#field.as_ref()),
            Held::Opt(_) | Held::Value(_) => quote!(self.#field.clone()),
        }
    }
}

fn is_str(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.is_ident("str"))
}

/// The last path segment's name of a type (`types::TokenResponse` -> `TokenResponse`).
fn last_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// Removes the `'a` lifetimes progenitor's signatures carry.
fn without_lifetimes(ty: &syn::Type) -> syn::Type {
    struct Strip;
    impl syn::visit_mut::VisitMut for Strip {
        fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
            r.lifetime = None;
            syn::visit_mut::visit_type_reference_mut(self, r);
        }
    }
    let mut ty = ty.clone();
    syn::visit_mut::VisitMut::visit_type_mut(&mut Strip, &mut ty);
    ty
}

/// One argument of an operation.
struct Arg<'a> {
    /// Progenitor's identifier: the builder's field and setter.
    ident: Ident,
    /// The spec's name (`Fastly-OTP`, `token_id`, `body`): what errors name.
    name: String,
    held: Held,
    location: Option<In>,
    schema: Option<&'a Schema>,
    description: Option<&'a str>,
}

struct Gen<'a> {
    spec: &'a OpenAPI,
    spec_name: &'a str,
    fields: &'a Fields,
    /// Every distinct `pattern`, in the order first met: `PATTERN_<index>`.
    patterns: Vec<String>,
    /// (operation pointer, pattern, why) for patterns regex-lite cannot compile.
    bad_patterns: Vec<(String, String, String)>,
    /// The operation being rendered.
    pointer: String,
}

impl<'a> Gen<'a> {
    fn refuse(&self, op: &Op<'_>, message: String) -> Error {
        Error::Spec {
            location: Location {
                file: self.spec_name.to_string(),
                pointer: op.pointer.clone(),
                line: None,
            },
            message,
        }
    }

    /// The `Client` method and the builder of one operation.
    fn operation(
        &mut self,
        op: &Op<'a>,
        methods: &BTreeMap<String, syn::Signature>,
    ) -> Result<(TokenStream, TokenStream), Error> {
        self.pointer = op.pointer.clone();
        let id = op
            .op
            .operation_id
            .as_deref()
            .ok_or_else(|| self.refuse(op, "the operation has no operationId".into()))?;
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
        if last_name(output).as_deref() == Some("ByteStream") {
            return Err(self.refuse(
                op,
                "the success response is not JSON; the client decodes JSON or no content only"
                    .into(),
            ));
        }
        let output = without_lifetimes(output);
        // `finish_json` takes the call unawaited: it runs it in the scope that records the
        // response's status, so a body that does not decode is reported with its status.
        let (finish, awaited) = match &output {
            syn::Type::Tuple(t) if t.elems.is_empty() => (quote!(finish_empty), quote!(.await)),
            _ => (quote!(finish_json), quote!()),
        };

        let mut args = Vec::new();
        for input in &sig.inputs {
            let syn::FnArg::Typed(t) = input else {
                continue;
            };
            let syn::Pat::Ident(pat) = &*t.pat else {
                continue;
            };
            let ident = pat.ident.clone();
            let held = Held::of(&without_lifetimes(&t.ty));
            if ident == "body" {
                let media = op.body.and_then(|b| b.content.values().next());
                args.push(Arg {
                    ident,
                    name: "body".into(),
                    held,
                    location: None,
                    schema: media
                        .and_then(|m| m.schema.as_ref())
                        .and_then(|s| model::schema(self.spec, s)),
                    description: op.body.and_then(|b| b.description.as_deref()),
                });
                continue;
            }
            let param = op
                .params
                .iter()
                .find(|p| squash(&p.data.name) == squash(&ident.to_string()))
                .ok_or_else(|| {
                    Error::Generate(format!(
                        "`{name}` takes `{ident}`, which the spec does not declare"
                    ))
                })?;
            if ["client", "send", "into_future"].contains(&ident.to_string().as_str()) {
                return Err(self.refuse(
                    op,
                    format!(
                        "the parameter `{}` would clash with the request builder's own `{ident}`",
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
            });
        }

        let builder = format_ident!("{}", names::operation_type(id));
        let method = format_ident!("{name}");
        let route = format!("{} {}", op.method.to_ascii_uppercase(), op.path);
        // The builder's own members: a parameter may not take one of their names.
        const OWN: [&str; 5] = ["client", "options", "send", "with_timeout", "with_retry"];
        if let Some(a) = args
            .iter()
            .find(|a| OWN.contains(&a.ident.to_string().as_str()))
        {
            return Err(Error::Generate(format!(
                "{route}: parameter `{}` would be named `{}`, which the request builder uses \
                 itself ({}); rename the parameter",
                a.name,
                a.ident,
                OWN.join(", ")
            )));
        }
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
                quote!(#ident: #ident.into())
            }
        });
        let client_method = quote! {
            #[doc = #doc]
            pub fn #method(&self, #(#params),*) -> #builder<'_> {
                #builder { client: self, options: CallOptions::default(), #(#inits),* }
            }
        };

        let struct_fields = args.iter().map(|a| {
            let ident = &a.ident;
            let ty = a.held.field();
            quote!(#ident: #ty)
        });
        let setters = args.iter().filter(|a| a.held.optional()).map(|a| {
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
            quote! {
                #[doc = #doc]
                pub fn #ident(mut self, value: #accepts) -> Self {
                    self.#ident = Some(value.into());
                    self
                }
            }
        });

        // A hand-written body type (a replacement) fills in the client's defaults and may
        // carry values for header parameters (createToken's one-time password).
        let body_arg = args.iter().find(|a| a.location.is_none());
        let replaced = body_arg.is_some_and(|a| match &a.held {
            Held::Ref(t) | Held::Value(t) => is_replacement(t),
            _ => false,
        });
        let mut locals = Vec::new();
        let mut checks = Vec::new();
        let mut call_args = Vec::new();
        if replaced {
            locals.push(quote!(let body = Prepare::prepare(&self.body, self.client);));
        }
        for a in &args {
            let ident = &a.ident;
            let name = &a.name;
            let value = match (a.location, replaced) {
                (None, true) => quote!(&*body),
                (Some(In::Header), true) if matches!(a.held, Held::OptStr) => {
                    quote!(self.#ident.as_deref().or_else(|| Prepare::header(&*body, #name)))
                }
                _ => a.held.pass(ident),
            };
            locals.push(quote!(let #ident = #value;));
            call_args.push(quote!(#ident));
            if a.location.is_none() && replaced {
                continue; // the hand-written type keeps its own rules
            }
            let Some(schema) = a.schema else { continue };
            let optional = a.held.optional();
            let target = if optional {
                quote!(value)
            } else {
                quote!(#ident)
            };
            let mut these = Vec::new();
            if a.location == Some(In::Header) && matches!(a.held, Held::Str | Held::OptStr) {
                these.push(quote!(check::header(#name, #target)?;));
            }
            let rust_ty = match &a.held {
                Held::Str | Held::OptStr => syn::parse_quote!(String),
                Held::Ref(t) | Held::Value(t) | Held::OptRef(t) | Held::Opt(t) => t.clone(),
            };
            let by_value = matches!(a.held, Held::Opt(_) | Held::Value(_));
            these.extend(self.checks(
                schema,
                &target,
                by_value,
                name.clone(),
                &rust_ty,
                a.description,
                0,
            ));
            if these.is_empty() {
                continue;
            }
            checks.push(if optional {
                quote!(if let Some(value) = #ident { #(#these)* })
            } else {
                quote!(#(#these)*)
            });
        }
        let raw_method = &method;
        let builder_doc = format!(
            "A `{route}` request, made by [`Client::{name}`]: set its optional parameters, then \
             `.await` it (or call [`{builder}::send`])."
        );
        let send_doc = "Checks the arguments against the spec's rules, then sends the request.";
        let builder_item = quote! {
            #[doc = #builder_doc]
            #[must_use = "a request is sent only when it is awaited"]
            #[derive(Clone)]
            pub struct #builder<'a> {
                client: &'a Client,
                options: CallOptions,
                #(#struct_fields,)*
            }

            impl #builder<'_> {
                #(#setters)*

                /// Gives this call its own timeout (for each attempt) instead of the client's.
                pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                    self.options.timeout = Some(timeout);
                    self
                }

                /// Gives this call its own retry policy instead of the client's
                /// ([`RetryPolicy::none`] turns retrying off); which statuses are retried, and
                /// whether this operation may be retried at all, stay as the spec declares.
                pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
                    self.options.retry = Some(policy);
                    self
                }

                #[doc = #send_doc]
                pub async fn send(self) -> Result<Response<#output>, Error> {
                    #(#locals)*
                    #(#checks)*
                    let raw = self.client.raw_for(&self.options);
                    #finish(raw.#raw_method(#(#call_args),*)#awaited).await
                }
            }

            impl<'a> IntoFuture for #builder<'a> {
                type Output = Result<Response<#output>, Error>;
                type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

                fn into_future(self) -> Self::IntoFuture {
                    Box::pin(self.send())
                }
            }
        };
        Ok((client_method, builder_item))
    }

    /// The checks a schema's rules call for on `target` (a reference to the value, or the
    /// value itself when `by_value`), recursing into arrays and generated structs.
    #[allow(clippy::too_many_arguments)]
    fn checks(
        &mut self,
        schema: &'a Schema,
        target: &TokenStream,
        by_value: bool,
        name: String,
        rust_ty: &syn::Type,
        description: Option<&str>,
        depth: usize,
    ) -> Vec<TokenStream> {
        let mut out = Vec::new();
        if depth > 8 {
            return out;
        }
        let what = description.map(first_sentence).unwrap_or_default();
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s))
                if last_name(rust_ty).as_deref() == Some("String") =>
            {
                let one_of: Vec<&str> =
                    s.enumeration.iter().flatten().map(String::as_str).collect();
                if s.min_length.is_none()
                    && s.max_length.is_none()
                    && s.pattern.is_none()
                    && one_of.is_empty()
                {
                    return out;
                }
                let min = opt(s.min_length);
                let max = opt(s.max_length);
                let pattern = match &s.pattern {
                    Some(p) => {
                        // Each distinct pattern is compiled (checked) once and shared.
                        let i = match self.patterns.iter().position(|q| q == p) {
                            Some(i) => i,
                            None => {
                                if let Err(e) = regex_lite::Regex::new(p) {
                                    self.bad_patterns.push((
                                        self.pointer.clone(),
                                        p.clone(),
                                        e.to_string(),
                                    ));
                                }
                                self.patterns.push(p.clone());
                                self.patterns.len() - 1
                            }
                        };
                        let ident = format_ident!("PATTERN_{i}");
                        quote!(Some(&#ident))
                    }
                    None => quote!(None),
                };
                out.push(quote! {
                    check::text(#name, #target, &check::Text {
                        min_length: #min,
                        max_length: #max,
                        pattern: #pattern,
                        one_of: &[#(#one_of),*],
                        what: #what,
                    })?;
                });
            }
            SchemaKind::Type(kind @ (Type::Integer(_) | Type::Number(_))) if is_number(rust_ty) => {
                let (minimum, maximum) = match kind {
                    Type::Integer(i) => (i.minimum.map(|v| v as f64), i.maximum.map(|v| v as f64)),
                    Type::Number(n) => (n.minimum, n.maximum),
                    _ => (None, None),
                };
                if minimum.is_none() && maximum.is_none() {
                    return out;
                }
                let (min, max) = (opt(minimum), opt(maximum));
                let value = if by_value {
                    quote!(#target)
                } else {
                    quote!(*(#target))
                };
                out.push(quote!(check::number(#name, #value as f64, #min, #max)?;));
            }
            SchemaKind::Type(Type::Array(a)) if last_name(rust_ty).as_deref() == Some("Vec") => {
                if a.min_items.is_some() || a.max_items.is_some() {
                    let min = opt(a.min_items);
                    let max = opt(a.max_items);
                    out.push(quote!(check::items(#name, (#target).len(), #min, #max)?;));
                }
                let (Some(items), Some(item_ty)) = (&a.items, generic_arg(rust_ty, "Vec")) else {
                    return out;
                };
                let Some(item_schema) = model::boxed_schema(self.spec, items) else {
                    return out;
                };
                let item = format_ident!("item{depth}");
                let inner = self.checks(
                    item_schema,
                    &quote!(#item),
                    false,
                    format!("{name}[]"),
                    item_ty,
                    item_schema.schema_data.description.as_deref(),
                    depth + 1,
                );
                if !inner.is_empty() {
                    out.push(quote!(for #item in (#target).iter() { #(#inner)* }));
                }
            }
            SchemaKind::Type(Type::Object(o)) => {
                let Some(fields) = last_name(rust_ty).and_then(|n| self.fields.get(&n)) else {
                    return out;
                };
                for (prop, prop_schema) in &o.properties {
                    let Some((field, _, field_ty)) =
                        fields.iter().find(|(_, wire, _)| wire == prop)
                    else {
                        continue;
                    };
                    let Some(prop_schema) = model::boxed_schema(self.spec, prop_schema) else {
                        continue;
                    };
                    let desc = prop_schema.schema_data.description.as_deref();
                    let prop_name = format!("{name}.{prop}");
                    match option_inner(field_ty) {
                        Some(inner_ty) => {
                            let v = format_ident!("v{depth}");
                            let inner = self.checks(
                                prop_schema,
                                &quote!(#v),
                                false,
                                prop_name,
                                inner_ty,
                                desc,
                                depth + 1,
                            );
                            if !inner.is_empty() {
                                out.push(
                                    quote!(if let Some(#v) = &(#target).#field { #(#inner)* }),
                                );
                            }
                        }
                        None => {
                            out.extend(self.checks(
                                prop_schema,
                                &quote!(&(#target).#field),
                                false,
                                prop_name,
                                field_ty,
                                desc,
                                depth + 1,
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
        out
    }
}

fn is_replacement(ty: &syn::Type) -> bool {
    let text = quote!(#ty).to_string().replace(' ', "");
    adapt::REPLACEMENTS.iter().any(|r| r.path == text)
}

fn is_number(ty: &syn::Type) -> bool {
    matches!(
        last_name(ty).as_deref(),
        Some(
            "i8" | "i16"
                | "i32"
                | "i64"
                | "u8"
                | "u16"
                | "u32"
                | "u64"
                | "f32"
                | "f64"
                | "usize"
                | "isize"
        )
    )
}

/// `Some(v)` or `None` as tokens.
fn opt<T: quote::ToTokens>(v: Option<T>) -> TokenStream {
    match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

/// A description folded onto one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first sentence of a description, without its full stop.
fn first_sentence(text: &str) -> String {
    let line = one_line(text);
    let end = line.find(". ").unwrap_or(line.len());
    line[..end].trim_end_matches('.').to_string()
}
