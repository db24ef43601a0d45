//! The one macro behind the rule enums (`lint::RuleId`, `diff::wire::WireRule`): a variant per
//! rule with its stable kebab-case name, the list of all, and the name as `Display`; and the
//! compile-time check that a rule table is indexed by its enum.

/// `rule_ids! { /// doc  pub enum Name { Variant => "name", ... } }`.
macro_rules! rule_ids {
    ($(#[$meta:meta])* pub enum $enum:ident { $($id:ident => $name:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $enum {
            $(#[doc = concat!("`", $name, "`")] $id,)*
        }

        impl $enum {
            /// Every rule, in declaration order.
            pub const ALL: &'static [$enum] = &[$($enum::$id,)*];

            /// The rule's stable kebab-case name, as reports, tests and config files write it.
            pub const fn name(self) -> &'static str {
                match self {
                    $($enum::$id => $name,)*
                }
            }
        }

        impl std::fmt::Display for $enum {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

/// `indexed_by!(TABLE, Enum)`: fails the build unless entry `i` of `TABLE` is rule `i` of
/// `Enum` (each entry's `id`), so a table cannot drift from its ids.
macro_rules! indexed_by {
    ($table:ident, $enum:ident) => {
        const _: () = {
            assert!($table.len() == $enum::ALL.len());
            let mut i = 0;
            while i < $table.len() {
                assert!($table[i].id as usize == i);
                i += 1;
            }
        };
    };
}
