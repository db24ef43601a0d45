//! Fixes to progenitor's httpmock output, applied to its syntax tree before formatting, so
//! users of the mock crate do not inherit the generator's quirks:
//!
//! 1. **Path values**: progenitor builds a path matcher by pasting the raw value into a regex,
//!    neither percent-encoded nor regex-escaped, so `a.b` also matches `aXb` and a value the
//!    client encodes never matches. The value is now encoded with the client's own
//!    `encode_path`, then `regex::escape`d.
//! 2. **Form bodies**: progenitor matches every typed body as JSON (`json_body_obj`), which a
//!    form body never is; createToken's matcher now compares the form the client sends.
//! 3. **Restored media types** (adapt.rs bridge 1): the matcher of such an operation also
//!    requires the `Content-Type` the spec declares, which the client's hook sends.

use openapiv3::{OpenAPI, ReferenceOr};
use proc_macro2::{TokenStream, TokenTree};
use quote::quote;
use syn::visit_mut::VisitMut;

use crate::adapt;

/// The name progenitor gives an operation's `When` wrapper.
fn when_name(operation_id: &str) -> String {
    adapt::method_name(operation_id)
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<String>()
        + "When"
}

/// Applies the three fixes.
pub fn apply(file: &mut syn::File, spec: &OpenAPI) {
    let mut form_bodies = Vec::new();
    for (_, _, _, op) in crate::preflight::operations(spec) {
        if let (Some(id), Some(ReferenceOr::Item(body))) = (&op.operation_id, &op.request_body)
            && body
                .content
                .keys()
                .any(|m| adapt::body_media_type(m) == Some("application/x-www-form-urlencoded"))
        {
            form_bodies.push(when_name(id));
        }
    }
    let media_types = adapt::restored_content_types(spec)
        .into_iter()
        .map(|(method, media)| (when_name(&method), media))
        .collect();
    Fixer {
        form_bodies,
        media_types,
        current: None,
    }
    .visit_file_mut(file);
}

struct Fixer {
    form_bodies: Vec<String>,
    media_types: Vec<(String, String)>,
    current: Option<String>,
}

impl VisitMut for Fixer {
    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let name = match &*item.self_ty {
            syn::Type::Path(p) => p.path.get_ident().map(ToString::to_string),
            _ => None,
        };
        let previous = std::mem::replace(&mut self.current, name);
        syn::visit_mut::visit_item_impl_mut(self, item);
        self.current = previous;
    }

    fn visit_impl_item_fn_mut(&mut self, f: &mut syn::ImplItemFn) {
        let Some(current) = self.current.clone() else {
            return;
        };
        if f.sig.ident == "body" && self.form_bodies.contains(&current) {
            // Fix 2: the form exactly as the client serializes it.
            f.block = syn::parse_quote!({
                let form =
                    ::serde_urlencoded::to_string(value).expect("a form body always serializes");
                Self(self.0.body(form))
            });
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
            }
            return;
        }
        syn::visit_mut::visit_impl_item_fn_mut(self, f);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        // Fix 1: `format!("^/tokens/{}$", value.to_string())` in a path matcher.
        if mac.path.is_ident("format") {
            let tokens: Vec<TokenTree> = mac.tokens.clone().into_iter().collect();
            let is_path_regex = matches!(tokens.first(),
                Some(TokenTree::Literal(l)) if l.to_string().starts_with("\"^/"));
            if is_path_regex {
                let literal = tokens[0].clone();
                let value: TokenStream = tokens.iter().skip(2).cloned().collect();
                mac.tokens =
                    quote!(#literal, ::regex::escape(&::progenitor_client::encode_path(&#value)));
            }
        }
    }
}
