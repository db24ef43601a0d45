//! One `syn` visitor for every pass that rewrites generated code: a pass implements [`Pass`],
//! and syn's walk is compiled once, for [`Walk`], rather than once per pass.
//!
//! Each `impl VisitMut` makes the compiler instantiate syn's whole visitor (some 180 methods
//! and the walk functions they reach) for its type: with twenty passes that was a fifth of
//! the xtask's instantiated functions, and as much of its build. A pass here names only the
//! nodes it looks at; [`Walk`] hands it those, through one `dyn` call each.
//!
//! A method of [`Pass`] is called where the walk meets its kind of node, as syn's
//! `visit_*_mut` would be, and decides itself whether and when to go on into the node's
//! children, with this module's function of the same name (`walk::expr(self, expr)`); by
//! default it goes straight on. A pass is written inside [`pass!`], which gives it
//! [`Pass::hooks`]: the walk goes past every other kind of node without a call. To start a pass
//! on a node, call its method (`pass.block(&mut f.block)`), or [`file`], [`item`] and [`stmt`].

use syn::visit_mut::VisitMut;

/// syn's walk functions, and the one it writes inline in a default method.
mod children {
    pub(super) use syn::visit_mut::*;

    /// The children of a list of attributes: each attribute (syn walks a list in
    /// `VisitMut::visit_attributes_mut` itself, with no function of its own).
    pub(super) fn visit_attributes_mut(v: &mut impl VisitMut, node: &mut Vec<syn::Attribute>) {
        for attr in node {
            v.visit_attribute_mut(attr);
        }
    }
}

/// The visitor every [`Pass`] runs in: syn's walk, handing the pass each node it looks at
/// ([`Pass::hooks`]) and walking on past every other without a call.
pub(crate) struct Walk<'a> {
    pass: &'a mut dyn Pass,
    hooks: u32,
}

impl<'a> Walk<'a> {
    /// The walk of `pass`.
    pub(crate) fn new(pass: &'a mut dyn Pass) -> Walk<'a> {
        let hooks = pass.hooks();
        Walk { pass, hooks }
    }
}

impl Hook {
    /// This kind's bit.
    pub(crate) const fn bit(self) -> u32 {
        1 << self as u32
    }
}

/// Implements [`Pass`] with [`Pass::hooks`] naming exactly the methods written, so the walk
/// calls the pass at those nodes only (every `ident` and attribute list of a file otherwise
/// costs a call per pass):
///
/// ```ignore
/// walk::pass! {
///     impl Pass for Key<'_> {
///         fn expr(&mut self, expr: &mut syn::Expr) { ... }
///     }
/// }
/// ```
macro_rules! pass {
    (
        impl $(<$($lt:lifetime),*>)? Pass for $ty:ty {
            $($(#[$attr:meta])* fn $hook:ident $args:tt $body:block)*
        }
    ) => {
        impl $(<$($lt),*>)? $crate::walk::Pass for $ty {
            fn hooks(&self) -> u32 {
                0 $(| $crate::walk::Hook::$hook.bit())*
            }
            $($(#[$attr])* fn $hook $args $body)*
        }
    };
}
pub(crate) use pass;

/// `self` as the `dyn Pass` the walk holds (implemented for every sized [`Pass`]).
pub(crate) trait AsPass {
    /// `self` as a `dyn Pass`.
    fn as_pass(&mut self) -> &mut dyn Pass;
}

impl<P: Pass> AsPass for P {
    fn as_pass(&mut self) -> &mut dyn Pass {
        self
    }
}

macro_rules! hooks {
    ($($hook:ident: $node:ty => $visit:ident;)*) => {
        /// The kinds of node a [`Pass`] can look at, a bit each in [`Pass::hooks`].
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy)]
        pub(crate) enum Hook {
            $($hook,)*
        }

        /// A rewriting pass: a method for each kind of node some pass looks at. Each is called
        /// where the walk meets such a node and goes on into its children by default.
        pub(crate) trait Pass: AsPass {
            /// The kinds of node this pass looks at ([`Hook`] bits); the walk goes past the
            /// others without calling it. [`pass!`] writes it from the methods an impl has;
            /// without it, every kind.
            fn hooks(&self) -> u32 {
                u32::MAX
            }
            $(
                #[doc = concat!("Called at each `", stringify!($node), "`; by default, goes on into its children.")]
                fn $hook(&mut self, node: &mut $node) {
                    $hook(self.as_pass(), node);
                }
            )*
        }

        impl VisitMut for Walk<'_> {
            $(
                fn $visit(&mut self, node: &mut $node) {
                    if self.hooks & Hook::$hook.bit() != 0 {
                        self.pass.$hook(node);
                    } else {
                        children::$visit(self, node);
                    }
                }
            )*
        }

        $(
            #[doc = concat!("Goes on into the children of a `", stringify!($node), "` with `pass`.")]
            pub(crate) fn $hook(pass: &mut dyn Pass, node: &mut $node) {
                children::$visit(&mut Walk::new(pass), node);
            }
        )*
    };
}

hooks! {
    attributes: Vec<syn::Attribute> => visit_attributes_mut;
    block: syn::Block => visit_block_mut;
    expr: syn::Expr => visit_expr_mut;
    expr_call: syn::ExprCall => visit_expr_call_mut;
    expr_method_call: syn::ExprMethodCall => visit_expr_method_call_mut;
    ident: proc_macro2::Ident => visit_ident_mut;
    impl_item_fn: syn::ImplItemFn => visit_impl_item_fn_mut;
    item_enum: syn::ItemEnum => visit_item_enum_mut;
    item_impl: syn::ItemImpl => visit_item_impl_mut;
    item_mod: syn::ItemMod => visit_item_mod_mut;
    item_struct: syn::ItemStruct => visit_item_struct_mut;
    local: syn::Local => visit_local_mut;
    mac: syn::Macro => visit_macro_mut;
    trait_item_fn: syn::TraitItemFn => visit_trait_item_fn_mut;
    ty: syn::Type => visit_type_mut;
    type_path: syn::TypePath => visit_type_path_mut;
    type_reference: syn::TypeReference => visit_type_reference_mut;
}

/// Runs `pass` over a whole file.
pub(crate) fn file(pass: &mut dyn Pass, file: &mut syn::File) {
    Walk::new(pass).visit_file_mut(file);
}

/// Runs `pass` over one statement.
pub(crate) fn stmt(pass: &mut dyn Pass, stmt: &mut syn::Stmt) {
    Walk::new(pass).visit_stmt_mut(stmt);
}

/// Runs `pass` over one item.
pub(crate) fn item(pass: &mut dyn Pass, item: &mut syn::Item) {
    Walk::new(pass).visit_item_mut(item);
}

#[cfg(test)]
mod tests {
    use super::{Hook, Pass};

    /// Counts identifiers, and renames `a` to `b` in expressions only.
    struct Count(usize);
    super::pass! {
        impl Pass for Count {
            fn ident(&mut self, ident: &mut proc_macro2::Ident) {
                self.0 += 1;
                super::ident(self, ident);
            }
            fn expr(&mut self, expr: &mut syn::Expr) {
                if let syn::Expr::Path(p) = expr
                    && p.path.is_ident("a")
                {
                    *expr = syn::parse_quote!(b);
                    return;
                }
                super::expr(self, expr);
            }
        }
    }

    /// The same pass without `pass!`: called at every kind of node.
    struct Everywhere(Count);
    impl Pass for Everywhere {
        fn ident(&mut self, ident: &mut proc_macro2::Ident) {
            self.0.ident(ident);
        }
        fn expr(&mut self, expr: &mut syn::Expr) {
            self.0.expr(expr);
        }
    }

    #[test]
    fn a_pass_sees_the_nodes_it_names_and_decides_on_their_children() {
        let source: syn::File = syn::parse_quote! {
            fn f(a: u8) -> u8 { let c = a; c }
        };
        let mut count = Count(0);
        assert_eq!(count.hooks(), Hook::ident.bit() | Hook::expr.bit());
        let mut file = source.clone();
        super::file(&mut count, &mut file);
        let printed = prettyplease::unparse(&file);
        assert!(printed.contains("let c = b;"), "{printed}");
        assert!(printed.contains("fn f(a: u8)"), "{printed}");
        // f, a, u8, u8, c and c: the replaced `a` was not walked into.
        assert_eq!(count.0, 6);

        let mut everywhere = Everywhere(Count(0));
        assert_eq!(everywhere.hooks(), u32::MAX);
        let mut same = source;
        super::file(&mut everywhere, &mut same);
        assert_eq!(same, file);
        assert_eq!(everywhere.0.0, 6);
    }
}
