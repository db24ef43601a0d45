//! The wire half of `cargo xtask diff`: the structural difference between two specs, resolved
//! through every `$ref` first, each change judged by its rule's row of [`rules::RULES`].
//!
//! The direction rule: what a client *sends* (parameters, request bodies) breaks when it must
//! send more or may send less; what a client *receives* (responses) breaks when it may receive
//! something it could not decode before (a new field type, a null, a new enum value, a new
//! success status) or loses something it relied on.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use openapiv3::OpenAPI;

use crate::diff::Change;

mod levels;
pub mod oasdiff;
mod operation;
mod parameters;
pub(crate) mod rules;
mod schema;
mod view;

pub use levels::{Area, Level};
pub use rules::{RULES, Rule, WireRule};

use crate::spec::model::operations;
use operation::compare_operation;

/// Which way data flows through a schema.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Request,
    Response,
}

impl Dir {
    /// `request` or `response`.
    fn pick(self, request: WireRule, response: WireRule) -> WireRule {
        match self {
            Dir::Request => request,
            Dir::Response => response,
        }
    }
}

struct Cmp<'a> {
    old: &'a OpenAPI,
    new: &'a OpenAPI,
    out: Vec<Change>,
    /// The operation being compared (`GET /tokens`): a change found outside its own part of
    /// the document (in a component, or the document's `security`) is used by it.
    op: String,
    /// The changes found inside each pair of component schemas compared so far, by (old
    /// `$ref`, new `$ref`, request direction): each pair is compared once.
    memo: HashMap<(String, String, bool), Vec<Change>>,
    /// The pairs being compared now (a recursive schema meets itself).
    in_progress: HashSet<(String, String, bool)>,
}

impl Cmp<'_> {
    /// Records a change by `rule` at `pointer`; its level and reason are the rule's.
    fn push(&mut self, rule: WireRule, pointer: &str, message: String) {
        let row = rule.rule();
        let used_by = if pointer.starts_with("/paths/") || self.op.is_empty() {
            Vec::new()
        } else {
            vec![self.op.clone()]
        };
        self.out.push(Change {
            rule,
            level: row.level,
            pointer: pointer.to_string(),
            line: None,
            file: None,
            message,
            why: row.why,
            used_by,
        });
    }
}

/// An operation's key: its method and its path with the parameter names left out, so that
/// renaming `{id}` to `{token_id}` is the same operation.
fn key(method: &str, path: &str) -> String {
    let mut out = method.to_uppercase();
    out.push(' ');
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

impl WireRule {
    /// The rule's row of [`RULES`].
    pub const fn rule(self) -> &'static Rule {
        &RULES[self as usize]
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

/// Every change from `old` to `new`.
pub fn compare(old: &OpenAPI, new: &OpenAPI) -> Vec<Change> {
    let mut cmp = Cmp {
        old,
        new,
        out: Vec::new(),
        op: String::new(),
        memo: HashMap::new(),
        in_progress: HashSet::new(),
    };
    let old_ops: BTreeMap<String, crate::spec::model::Op<'_>> = operations(old)
        .into_iter()
        .map(|o| (key(o.method, o.path), o))
        .collect();
    let new_ops = operations(new);
    let new_keys: BTreeSet<String> = new_ops.iter().map(|o| key(o.method, o.path)).collect();
    for (k, o) in &old_ops {
        if !new_keys.contains(k) {
            let name = format!("{} {}", o.method.to_uppercase(), o.path);
            cmp.push(
                WireRule::OperationRemoved,
                &o.pointer,
                format!("`{name}` removed"),
            );
        }
    }
    let docs = (
        serde_json::to_value(old).unwrap_or_default(),
        serde_json::to_value(new).unwrap_or_default(),
    );
    for o in &new_ops {
        let name = format!("{} {}", o.method.to_uppercase(), o.path);
        let Some(was) = old_ops.get(&key(o.method, o.path)) else {
            cmp.push(
                WireRule::OperationAdded,
                &o.pointer,
                format!("`{name}` added"),
            );
            continue;
        };
        cmp.op = name;
        compare_operation(&mut cmp, was, o);
        compare_retry(&mut cmp, &docs, &was.pointer, &o.pointer);
        cmp.op.clear();
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
        format!("the declared retry policy changed: {}", what.join(", ")),
    );
}

/// One row per change of a shared part of the document (a component, the document's
/// `security`), listing the operations that meet it; per-operation changes stay as they
/// are. Order: first appearance. Linear in the number of changes.
fn group(changes: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    let mut seen: BTreeMap<(WireRule, String, String), usize> = BTreeMap::new();
    for change in changes {
        if change.used_by.is_empty() {
            out.push(change);
            continue;
        }
        let k = (change.rule, change.pointer.clone(), change.message.clone());
        match seen.get(&k) {
            Some(&i) => {
                for op in change.used_by {
                    if !out[i].used_by.contains(&op) {
                        out[i].used_by.push(op);
                    }
                }
            }
            None => {
                seen.insert(k, out.len());
                out.push(change);
            }
        }
    }
    out
}
