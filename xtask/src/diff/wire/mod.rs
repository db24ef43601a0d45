//! The wire half of `cargo xtask diff`: the structural difference between two specs, each
//! change judged breaking or not for a deployed client.
//!
//! The direction rule: what a client *sends* (parameters, request bodies) breaks when it must
//! send more or may send less; what a client *receives* (responses) breaks when it may receive
//! something it could not decode before (a new field type, a null, a new enum value, a new
//! success status) or loses something it relied on.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, Operation};

use crate::diff::Change;

mod operation;
mod schema;

use crate::spec::model::operations;
use operation::compare_operation;

/// Which way data flows through a schema.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Request,
    Response,
}

rule_ids! {
    /// A kind of change the wire comparison reports, by value: a rule that does not exist
    /// cannot be reported, and [`WireRule::ALL`] is every rule there is.
    pub enum WireRule {
        RetryPolicyChanged => "retry-policy-changed",
        OperationAdded => "operation-added",
        OperationIdChanged => "operation-id-changed",
        OperationRemoved => "operation-removed",
        ParameterAddedOptional => "parameter-added-optional",
        ParameterAddedRequired => "parameter-added-required",
        ParameterMadeOptional => "parameter-made-optional",
        ParameterMadeRequired => "parameter-made-required",
        ParameterRemoved => "parameter-removed",
        RequestBodyAddedOptional => "request-body-added-optional",
        RequestBodyAddedRequired => "request-body-added-required",
        RequestBodyRemoved => "request-body-removed",
        RequestConstraintChanged => "request-constraint-changed",
        RequestEnumValueAdded => "request-enum-value-added",
        RequestEnumValueRemoved => "request-enum-value-removed",
        RequestMadeNonNullable => "request-made-non-nullable",
        RequestMadeNullable => "request-made-nullable",
        RequestMediaTypeChanged => "request-media-type-changed",
        RequestPropertyAddedOptional => "request-property-added-optional",
        RequestPropertyAddedRequired => "request-property-added-required",
        RequestPropertyMadeOptional => "request-property-made-optional",
        RequestPropertyMadeRequired => "request-property-made-required",
        RequestPropertyRemoved => "request-property-removed",
        RequestTypeChanged => "request-type-changed",
        ResponseConstraintChanged => "response-constraint-changed",
        ResponseEnumValueAdded => "response-enum-value-added",
        ResponseEnumValueRemoved => "response-enum-value-removed",
        ResponseErrorStatusAdded => "response-error-status-added",
        ResponseErrorStatusRemoved => "response-error-status-removed",
        ResponseHeaderAdded => "response-header-added",
        ResponseHeaderRemoved => "response-header-removed",
        ResponseMadeNonNullable => "response-made-non-nullable",
        ResponseMadeNullable => "response-made-nullable",
        ResponseMediaTypeChanged => "response-media-type-changed",
        ResponsePropertyAdded => "response-property-added",
        ResponsePropertyMadeOptional => "response-property-made-optional",
        ResponsePropertyMadeRequired => "response-property-made-required",
        ResponsePropertyRemoved => "response-property-removed",
        ResponseSuccessStatusAdded => "response-success-status-added",
        ResponseSuccessStatusRemoved => "response-success-status-removed",
        ResponseTypeChanged => "response-type-changed",
        SecurityChanged => "security-changed",
    }
}

impl serde::Serialize for WireRule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl PartialEq<&str> for WireRule {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

struct Cmp<'a> {
    old: &'a OpenAPI,
    new: &'a OpenAPI,
    out: Vec<Change>,
    /// The component schemas being compared, innermost last: (pointer where the `$ref` was
    /// met, the component's pointer). A change inside one is reported at the component.
    frames: Vec<(String, String)>,
}

impl Cmp<'_> {
    fn push(
        &mut self,
        rule: WireRule,
        pointer: &str,
        breaking: bool,
        message: String,
        why: &'static str,
    ) {
        let (pointer, used_by) = match self.frames.last() {
            Some((at, component)) if pointer.starts_with(at.as_str()) => (
                format!("{component}{}", &pointer[at.len()..]),
                vec![operation_of(pointer)],
            ),
            _ => (pointer.to_string(), Vec::new()),
        };
        self.out.push(Change {
            rule,
            pointer,
            breaking,
            message,
            why,
            used_by,
        });
    }
}

/// Every change from `old` to `new`.
pub fn compare(old: &OpenAPI, new: &OpenAPI) -> Vec<Change> {
    let mut cmp = Cmp {
        old,
        new,
        out: Vec::new(),
        frames: Vec::new(),
    };
    let key = |method: &str, path: &str| format!("{} {path}", method.to_uppercase());
    let old_ops: BTreeMap<String, (String, String, &Operation)> = operations(old)
        .into_iter()
        .map(|o| (key(o.method, o.path), (o.pointer, o.path.to_string(), o.op)))
        .collect();
    let new_ops: Vec<(String, String, String, &Operation)> = operations(new)
        .into_iter()
        .map(|o| (key(o.method, o.path), o.pointer, o.path.to_string(), o.op))
        .collect();
    let new_keys: BTreeSet<&String> = new_ops.iter().map(|(k, ..)| k).collect();
    for (k, (ptr, _, _)) in &old_ops {
        if !new_keys.contains(k) {
            cmp.push(
                WireRule::OperationRemoved,
                ptr,
                true,
                format!("`{k}` removed"),
                "existing clients call it",
            );
        }
    }
    let docs = (
        serde_json::to_value(old).unwrap_or_default(),
        serde_json::to_value(new).unwrap_or_default(),
    );
    for (k, ptr, path, op) in &new_ops {
        let Some((old_ptr, old_path, old_op)) = old_ops.get(k) else {
            cmp.push(
                WireRule::OperationAdded,
                ptr,
                false,
                format!("`{k}` added"),
                "nothing existing calls it",
            );
            continue;
        };
        compare_operation(&mut cmp, ptr, (old_path, old_op), (path, op));
        compare_retry(&mut cmp, &docs, old_ptr, ptr);
    }
    group(cmp.out)
}

/// The operation's declared retry policy (`x-retry`, its own under the document's).
fn compare_retry(
    cmp: &mut Cmp<'_>,
    (old_doc, new_doc): &(serde_json::Value, serde_json::Value),
    old_ptr: &str,
    ptr: &str,
) {
    let declared = |doc: &serde_json::Value, at: &str| {
        let method = at.rsplit('/').next().unwrap_or_default();
        let op = doc.pointer(at).unwrap_or(&serde_json::Value::Null);
        crate::spec::retries::declared(doc, method, op)
    };
    let (was, now) = (declared(old_doc, old_ptr), declared(new_doc, ptr));
    if was == now {
        return;
    }
    let mut what = Vec::new();
    if was.retries != now.retries {
        what.push(format!("retries {} -> {}", was.retries, now.retries));
    }
    if was.statuses != now.statuses {
        what.push(format!("statuses {:?} -> {:?}", was.statuses, now.statuses));
    }
    if (was.initial_delay_ms, was.max_delay_ms) != (now.initial_delay_ms, now.max_delay_ms) {
        what.push(format!(
            "delays {}..{} ms -> {}..{} ms",
            was.initial_delay_ms, was.max_delay_ms, now.initial_delay_ms, now.max_delay_ms
        ));
    }
    if was.honour_retry_after != now.honour_retry_after {
        what.push(format!(
            "honour-retry-after {} -> {}",
            was.honour_retry_after, now.honour_retry_after
        ));
    }
    cmp.push(
        WireRule::RetryPolicyChanged,
        &format!("{ptr}/x-retry"),
        false,
        format!("the declared retry policy changed: {}", what.join(", ")),
        "the same requests and responses; the generated client retries them differently",
    );
}

/// One row per change of a shared component schema, listing the operations that meet it;
/// per-operation changes stay as they are. Order: first appearance.
fn group(changes: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for change in changes {
        if !change.used_by.is_empty()
            && let Some(same) = out.iter_mut().find(|c| {
                !c.used_by.is_empty()
                    && (c.rule, &c.pointer, c.breaking, &c.message)
                        == (
                            change.rule,
                            &change.pointer,
                            change.breaking,
                            &change.message,
                        )
            })
        {
            for op in change.used_by {
                if !same.used_by.contains(&op) {
                    same.used_by.push(op);
                }
            }
            continue;
        }
        out.push(change);
    }
    out
}

/// `GET /tokens` from a pointer under `/paths/~1tokens/get/...`.
fn operation_of(pointer: &str) -> String {
    let segments = crate::spec::segments(pointer);
    match segments.as_slice() {
        [paths, path, method, ..] if paths == "paths" => {
            format!("{} {path}", method.to_ascii_uppercase())
        }
        _ => pointer.to_string(),
    }
}
