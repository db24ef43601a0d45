//! The one macro behind the rule tables (`lint::RULES` by `RuleId`, `diff::wire::RULES` by
//! `WireRule`): each rule is declared in one row, its variant, its stable kebab-case name and
//! its entry together, and the enum (with the list of all and the name as `Display`) and the
//! table indexed by it are both made from those rows.

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

/// `rule_table! { /// doc  pub enum Id; /// doc  pub const TABLE: &[Row] = { Variant "name" =>
/// constructor(args..), .. } }`: the enum of [`rule_ids!`] and a table whose entry `i` is
/// `constructor(Id::Variant, args..)` of rule `i`, so the table is indexed by its enum.
macro_rules! rule_table {
    (
        $(#[$meta:meta])* pub enum $enum:ident;
        $(#[$table_meta:meta])* pub const $table:ident: &[$row:ty] = {
            $($id:ident $name:literal => $ctor:ident($($arg:expr),* $(,)?),)*
        }
    ) => {
        rule_ids! {
            $(#[$meta])*
            pub enum $enum { $($id => $name,)* }
        }

        $(#[$table_meta])*
        pub const $table: &[$row] = &[$($ctor($enum::$id, $($arg),*),)*];
    };
}
