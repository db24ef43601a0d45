//! Every operation the spec declares has a public operation on `fastly_tokens::Client` (with
//! its route), a typed mock in `fastly_tokens_mock`, and a wire snapshot named after it whose
//! request line is the operation's method and path. A new operation fails here until it does.

use tests::ops::spec_operations;

/// Whether a request target matches a path template (`{param}` is one non-empty segment).
fn matches_template(target: &str, template: &str) -> bool {
    let path = target.split('?').next().unwrap_or_default();
    let (got, want): (Vec<&str>, Vec<&str>) =
        (path.split('/').collect(), template.split('/').collect());
    got.len() == want.len()
        && got
            .iter()
            .zip(&want)
            .all(|(g, w)| (w.starts_with('{') && w.ends_with('}') && !g.is_empty()) || g == w)
}

#[test]
fn every_spec_operation_is_public_mocked_and_on_the_wire() {
    let api = xtask::diff::surface::read(&tests::root(), &[]).unwrap();
    let client = &api.crates["fastly_tokens"];
    let mock = &api.crates["fastly_tokens_mock"];
    let mut missing = Vec::new();
    for op in spec_operations() {
        let method = xtask::generate::names::method(&op.id);
        let route = format!("[{} {}]", op.method, op.path);
        match client.get(&format!("fn Client::{method}")) {
            Some(e) if e.text.ends_with(&route) => {}
            other => missing.push(format!(
                "{}: no public Client::{method} {route} ({other:?})",
                op.id
            )),
        }
        if !mock.contains_key(&format!("fn MockServerExt::{method}")) {
            missing.push(format!("{}: no MockServerExt::{method}", op.id));
        }
        let snap = tests::root().join(format!("tests/tests/it/snapshots/it__wire__{method}.snap"));
        match std::fs::read_to_string(&snap) {
            Ok(text) => {
                let request = text
                    .split("---\n")
                    .nth(2)
                    .and_then(|body| body.lines().next());
                let ok =
                    request
                        .and_then(|line| line.split_once(' '))
                        .is_some_and(|(m, target)| {
                            m == op.method && matches_template(target, &op.path)
                        });
                if !ok {
                    missing.push(format!(
                        "{}: {} does not start with `{} {}`",
                        op.id,
                        snap.display(),
                        op.method,
                        op.path
                    ));
                }
            }
            Err(_) => missing.push(format!("{}: no wire snapshot {}", op.id, snap.display())),
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn the_template_match_is_strict() {
    assert!(matches_template("/tokens/abc", "/tokens/{token_id}"));
    assert!(!matches_template("/tokens/", "/tokens/{token_id}"));
    assert!(!matches_template("/tokens/a/b", "/tokens/{token_id}"));
    assert!(!matches_template(
        "/customer/a/tokens",
        "/tokens/{token_id}"
    ));
    assert!(matches_template("/tokens?page=2", "/tokens"));
}
