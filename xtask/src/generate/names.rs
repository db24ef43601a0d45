//! The names progenitor 0.15.1 and typify 0.8.0 give things, computed by their own rule: the one
//! copy every generated table, the operations renderer and the mock patches key by.
//!
//! Both generators name with `sanitize` (progenitor-impl `src/util.rs`, typify-impl
//! `src/util.rs`): drop `'`, turn every character that cannot continue an identifier into `-`,
//! apply heck's snake or Pascal case, prefix a name that cannot start an identifier, and append
//! `_` to a keyword (`typify::accept_as_ident`). The rule is written here once with the same
//! crates they use (heck, unicode-ident, typify), and `tests/tests/it/names.rs` proves it equal to
//! what progenitor actually emits over a corpus of operationId and schema-name styles; the
//! renderer also checks that every method it expects is in progenitor's output
//! (`contract.rs`).

use heck::{ToPascalCase, ToSnakeCase};
use unicode_ident::{is_xid_continue, is_xid_start};

/// Which generator's variant of the rule: they differ only in the prefix for a name that
/// cannot start an identifier (`_` from progenitor, `x`/`X` from typify).
#[derive(Clone, Copy)]
enum Generator {
    Progenitor,
    Typify,
}

fn sanitize(input: &str, pascal: bool, generator: Generator) -> String {
    let to_case = |s: &str| {
        if pascal {
            s.to_pascal_case()
        } else {
            s.to_snake_case()
        }
    };
    let out = match input {
        "+1" => "plus1".to_string(),
        "-1" => "minus1".to_string(),
        _ => to_case(
            &input
                .replace('\'', "")
                .replace(|c: char| !is_xid_continue(c), "-"),
        ),
    };
    let out = match (out.chars().next(), generator) {
        (None, _) => to_case("x"),
        (Some(c), _) if is_xid_start(c) => out,
        (Some(_), Generator::Progenitor) => format!("_{out}"),
        (Some(_), Generator::Typify) => format!("{}{out}", to_case("x")),
    };
    if typify::accept_as_ident(&out) {
        out
    } else {
        format!("{out}_")
    }
}

/// The `Client` method progenitor generates for an operationId (`getHTTPToken` ->
/// `get_http_token`, `type` -> `type_`); also the name in its `OperationInfo`.
pub fn method(operation_id: &str) -> String {
    sanitize(operation_id, false, Generator::Progenitor)
}

/// The type name progenitor derives from an operationId (its builder struct; the public
/// request builder here): `getHTTPToken` -> `GetHttpToken`.
pub fn operation_type(operation_id: &str) -> String {
    sanitize(operation_id, true, Generator::Progenitor)
}

/// The `When` matcher progenitor's httpmock generator names for an operation.
pub fn when(operation_id: &str) -> String {
    sanitize(&format!("{operation_id}-when"), true, Generator::Progenitor)
}

/// The `Then` response builder progenitor's httpmock generator names for an operation.
pub fn then(operation_id: &str) -> String {
    sanitize(&format!("{operation_id}-then"), true, Generator::Progenitor)
}

/// The Rust type typify generates for a component schema (`token_response` -> `TokenResponse`).
pub fn schema_type(schema_name: &str) -> String {
    sanitize(schema_name, true, Generator::Typify)
}

/// The Rust field typify gives an object's property (`fooBar` -> `foo_bar`).
pub(crate) fn field(property: &str) -> String {
    sanitize(property, false, Generator::Typify)
}

/// The variant typify gives a string enum's value, by its first rule (`in-progress` ->
/// `InProgress`), and by the rule it falls back to when two values of the enum get one name
/// by the first (every `_` and every character that cannot continue an identifier becomes `X`:
/// `a-b` -> `AXb`); typify panics when the fallback leaves two alike (type_entry.rs).
pub(crate) fn variants(value: &str) -> (String, String) {
    let fallback = value.replace(|c: char| c == '_' || !is_xid_continue(c), "X");
    (
        sanitize(value, true, Generator::Typify),
        sanitize(&fallback, true, Generator::Typify),
    )
}

/// The methods `Client` has of its own, with the type that has them: an operation's method
/// must not take one of these names. progenitor's raw client has `new` and
/// `new_with_client`, and every generated method body calls `Self::api_version()` and
/// `self.pre`, `self.exec` and `self.post` (`ClientInfo`, `ClientHooks`), which a method of
/// that name would shadow; the public client (`crates/fastly-tokens/src/client.rs`,
/// `rotate.rs`) has the rest. `tests/tests/it/names.rs` holds the public list equal to the crate.
/// Sorted by name.
pub const CLIENT_METHODS: &[(&str, &str)] = &[
    ("api_version", "progenitor's `ClientInfo`"),
    ("base_url", "the public `Client`"),
    ("builder", "the public `Client`"),
    ("credentials", "the public `Client`"),
    ("deadline_for", "the public `Client`"),
    ("exec", "progenitor's `ClientHooks`"),
    ("from_env", "the public `Client`"),
    ("new", "the public `Client` (and progenitor's)"),
    ("new_with_client", "progenitor's `Client`"),
    ("post", "progenitor's `ClientHooks`"),
    ("pre", "progenitor's `ClientHooks`"),
    ("raw_for", "the public `Client`"),
    ("rotate_token", "the public `Client`"),
];

/// Which client already has a method named `method` (see [`CLIENT_METHODS`]).
pub fn client_method_owner(method: &str) -> Option<&'static str> {
    CLIENT_METHODS
        .binary_search_by(|(name, _)| name.cmp(&method))
        .ok()
        .map(|i| CLIENT_METHODS[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cases_of_progenitors_own_tests() {
        // typify-impl's `test_sanitize` and the examples.
        assert_eq!(method("type"), "type_");
        assert_eq!(method("self"), "self_");
        assert_eq!(method("gen"), "gen_");
        assert_eq!(method("+1"), "plus1");
        assert_eq!(method("getHTTPToken"), "get_http_token");
        assert_eq!(method("getTokenByIP"), "get_token_by_ip");
        assert_eq!(operation_type("getHTTPToken"), "GetHttpToken");
        assert_eq!(when("getHTTPToken"), "GetHttpTokenWhen");
        assert_eq!(schema_type("@timestamp"), "Timestamp");
        assert_eq!(schema_type("won't and can't"), "WontAndCant");
        assert_eq!(schema_type("1password"), "X1password");
        assert_eq!(method("1password"), "_1password");
    }
}
