//! Websocket upgrades (`x-dropshot-websocket`, as oxide's API marks them): progenitor keys each
//! upgrade request with the `base64` and `rand` crates, which the client does not depend on;
//! the key comes from `crate::runtime::websocket::websocket_key()` instead.

use openapiv3::OpenAPI;
use quote::quote;

use crate::generate::contract::{self, Tally};

/// The extension progenitor reads as "this operation upgrades to a websocket".
pub(crate) const EXTENSION: &str = "x-dropshot-websocket";

/// How many operations of `spec` upgrade to a websocket.
pub(crate) fn count(spec: &OpenAPI) -> usize {
    crate::spec::model::operations(spec)
        .iter()
        .filter(|op| op.op.extensions.contains_key(EXTENSION))
        .count()
}

/// Replaces each upgrade's key expression, `upgrades` of them ([`count`]).
pub(crate) fn apply(file: &mut syn::File, upgrades: usize, tally: &mut Tally) {
    tally.expect(&contract::WEBSOCKET_KEY, upgrades);
    crate::syntax::visit_calls(&mut Key { tally }, file);
}

struct Key<'a> {
    tally: &'a mut Tally,
}

crate::walk::pass! {
    impl Pass for Key<'_> {
        fn expr(&mut self, expr: &mut syn::Expr) {
            if let syn::Expr::Call(call) = expr
                && let syn::Expr::Path(func) = &*call.func
                && func.path.leading_colon.is_some()
                && func
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .eq(["base64", "Engine", "encode"])
            {
                *expr =
                    syn::parse2(quote!(crate::runtime::websocket::websocket_key())).expect("a call");
                self.tally.hit(&contract::WEBSOCKET_KEY);
                return;
            }
            crate::walk::expr(self, expr);
        }
    }
}
