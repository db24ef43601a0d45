//! What the runtime knows of one operation: a description the generator writes once per
//! operation (the generated `OPERATIONS` table), which the request hook (`hooks.rs`) finds by
//! progenitor's method name and hands to the session, retry and tracing code.

use super::declared::Declared;

/// One operation, as the spec declares it.
#[derive(Debug)]
pub(crate) struct Operation {
    /// progenitor's method name (`list_tokens_user`), which `OperationInfo::operation_id`
    /// carries; a table of operations is sorted by it ([`find`]).
    pub(crate) name: &'static str,
    /// The spec's operationId (`list-tokens-user`).
    #[cfg_attr(
        not(feature = "tracing"),
        expect(dead_code, reason = "named by the call's span")
    )]
    pub(crate) operation_id: &'static str,
    /// The route template (`/tokens/{token_id}`).
    #[cfg_attr(
        not(feature = "tracing"),
        expect(dead_code, reason = "named by the call's span")
    )]
    pub(crate) route: &'static str,
    /// Its retry rules (`x-retry`).
    pub(crate) retry: Declared<&'static [u16]>,
    /// The request media type the spec declares where progenitor sends another
    /// (`application/vnd.api+json; ext=bulk` where it sends `application/json`).
    pub(crate) content_type: Option<&'static str>,
    /// The success media type the spec declares where progenitor asks for another.
    pub(crate) accept: Option<&'static str>,
}

impl Operation {
    /// The description of an operation no table knows: sent once, as progenitor built it.
    pub(crate) const UNKNOWN: Operation = Operation {
        name: "",
        operation_id: "unknown",
        route: "",
        retry: Declared::never(&[]),
        content_type: None,
        accept: None,
    };
}

/// The operation named `name` in `table` (sorted by name), by binary search: a handful of
/// string comparisons per call, however many operations the spec has.
pub(crate) fn find(table: &'static [Operation], name: &str) -> &'static Operation {
    match table.binary_search_by(|op| op.name.cmp(name)) {
        Ok(at) => &table[at],
        Err(_) => &Operation::UNKNOWN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn named(name: &'static str) -> Operation {
        Operation {
            name,
            ..Operation::UNKNOWN
        }
    }

    static TABLE: [Operation; 3] = [named("a_get"), named("b_list"), named("c_revoke")];

    #[test]
    fn finds_each_name_and_no_other() {
        for op in &TABLE {
            assert!(std::ptr::eq(find(&TABLE, op.name), op));
        }
        for missing in ["", "a", "b_lis", "d", "c_revoke_"] {
            assert_eq!(find(&TABLE, missing).operation_id, "unknown");
        }
    }
}
