//! The header-map patches of progenitor's raw client (counted, `contract.rs`): the
//! `api-version` header progenitor adds is dropped, the map each operation method builds is
//! sized for the headers left, and a method with none builds no map at all.

use crate::generate::contract::{self, Tally};
use crate::syntax::path_ends_with;

/// Drops the `api-version` header progenitor adds to every request (Fastly does not read it),
/// so no request builds it only for the client to remove it again.
pub(super) struct NoApiVersion<'a> {
    pub(super) tally: &'a mut Tally,
}

/// Whether `stmt` is `header_map.append(HeaderName::from_static("api-version"), ..);`.
fn is_api_version(stmt: &syn::Stmt) -> bool {
    let syn::Stmt::Expr(syn::Expr::MethodCall(call), Some(_)) = stmt else {
        return false;
    };
    let Some(syn::Expr::Call(name)) = call.args.first() else {
        return false;
    };
    let from_static = path_ends_with(&name.func, "from_static");
    let literal = matches!(name.args.first(), Some(syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(s), ..
    })) if s.value() == "api-version");
    call.method == "append" && from_static && literal
}

crate::walk::pass! {
    impl Pass for NoApiVersion<'_> {
        fn block(&mut self, block: &mut syn::Block) {
            let before = block.stmts.len();
            block.stmts.retain(|stmt| !is_api_version(stmt));
            let dropped = before - block.stmts.len();
            for _ in 0..dropped {
                self.tally.hit(&contract::API_VERSION);
            }
            if dropped > 0 {
                let mut empty = None;
                for (i, stmt) in block.stmts.iter_mut().enumerate() {
                    if let Some(left) = resize_header_map(stmt, dropped) {
                        self.tally.hit(&contract::HEADER_MAP);
                        if left == 0 {
                            empty = Some(i);
                        }
                    }
                }
                if let Some(i) = empty {
                    drop_empty_header_map(block, i, self.tally);
                }
            }
            crate::walk::block(self, block);
        }
    }
}

/// Makes `let mut header_map = HeaderMap::with_capacity(<n>usize);` room for `dropped` fewer
/// headers (`HeaderMap::new()`, no allocation, for none); the room left, if `stmt` was that
/// statement.
fn resize_header_map(stmt: &mut syn::Stmt, dropped: usize) -> Option<usize> {
    let syn::Stmt::Local(syn::Local {
        pat: syn::Pat::Ident(pat),
        init: Some(init),
        ..
    }) = stmt
    else {
        return None;
    };
    let syn::Expr::Call(call) = &*init.expr else {
        return None;
    };
    let with_capacity = path_ends_with(&call.func, "with_capacity");
    let capacity = match call.args.first() {
        Some(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(n),
            ..
        })) => n.base10_parse::<usize>().ok(),
        _ => None,
    };
    let (true, Some(capacity)) = (pat.ident == "header_map" && with_capacity, capacity) else {
        return None;
    };
    let left = capacity.saturating_sub(dropped);
    *init.expr = if left == 0 {
        syn::parse_quote!(::reqwest::header::HeaderMap::new())
    } else {
        syn::parse_quote!(::reqwest::header::HeaderMap::with_capacity(#left))
    };
    Some(left)
}

/// An operation with no header left to send builds no header map: the `let` at `at` goes, and
/// so does the one `.headers(header_map)` of the request's builder chain (merging an empty map
/// into the request's own costs a call some 230 instructions). Left as it is when the map is
/// named anywhere else (the tally then fails generation: a shape this does not know).
fn drop_empty_header_map(block: &mut syn::Block, at: usize, tally: &mut Tally) {
    /// Counts the uses of `header_map` and, with `strip`, replaces `x.headers(header_map)`
    /// with `x`.
    struct Uses {
        strip: bool,
        merges: usize,
        others: usize,
    }
    crate::walk::pass! {
        impl Pass for Uses {
            fn expr(&mut self, expr: &mut syn::Expr) {
                if let syn::Expr::MethodCall(call) = expr
                    && call.method == "headers"
                    && call.args.len() == 1
                    && matches!(call.args.first(), Some(syn::Expr::Path(p)) if p.path.is_ident("header_map"))
                {
                    self.merges += 1;
                    if self.strip {
                        *expr = (*call.receiver).clone();
                        self.expr(expr);
                        return;
                    }
                    return self.expr(&mut call.receiver);
                }
                crate::walk::expr(self, expr);
            }
            fn ident(&mut self, ident: &mut proc_macro2::Ident) {
                if ident == "header_map" {
                    self.others += 1;
                }
            }
            fn mac(&mut self, mac: &mut syn::Macro) {
                let named = mac
                    .tokens
                    .clone()
                    .into_iter()
                    .any(|t| matches!(t, proc_macro2::TokenTree::Ident(i) if i == "header_map"));
                self.others += usize::from(named);
            }
        }
    }
    let rest = |block: &mut syn::Block, strip: bool| {
        let mut uses = Uses {
            strip,
            merges: 0,
            others: 0,
        };
        for stmt in block.stmts.iter_mut().skip(at + 1) {
            crate::walk::stmt(&mut uses, stmt);
        }
        (uses.merges, uses.others)
    };
    if rest(block, false) != (1, 0) {
        return;
    }
    rest(block, true);
    block.stmts.remove(at);
    tally.hit(&contract::EMPTY_HEADER_MAP);
}
