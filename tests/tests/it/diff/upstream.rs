//! `cargo xtask upstream`: the spec held to Fastly's published document.

/// `cargo xtask upstream`: the committed spec has no difference from Fastly's published
/// document that an `x-departure` does not declare; taking one departure out makes its
/// differences undeclared, each named at its node, and the command fail.
#[test]
fn upstream_holds_the_spec_to_fastlys_published_document() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("spec/upstream")).unwrap();
    let spec = tests::committed_spec();
    std::fs::write(root.join(xtask::SPEC_PATH), &spec).unwrap();
    std::fs::write(
        root.join(xtask::upstream::PINNED),
        tests::committed(xtask::upstream::PINNED),
    )
    .unwrap();
    let report = xtask::upstream::run(root, None).unwrap();
    assert!(report.undeclared.is_empty(), "{}", report.text());
    assert!(report.declared.len() > 50, "{}", report.text());
    assert!(report.missing.is_empty(), "{}", report.text());

    // The createToken form's departure taken out: its fields are undeclared differences.
    let departure = "    create_token_request:\n      type: object\n      x-departure: >-\n";
    let at = spec
        .find(departure)
        .expect("the createToken form's departure");
    let rest = &spec[at + departure.len()..];
    let end = rest.find("      description:").unwrap();
    let without = format!(
        "{}    create_token_request:\n      type: object\n{}",
        &spec[..at],
        &rest[end..]
    );
    std::fs::write(root.join(xtask::SPEC_PATH), without).unwrap();
    let report = xtask::upstream::run(root, None).unwrap();
    assert!(!report.undeclared.is_empty());
    assert!(
        report.undeclared.iter().all(|c| c
            .pointer
            .starts_with("/components/schemas/create_token_request/")),
        "{}",
        report.text()
    );
    let text = report.text();
    assert!(
        text.contains("at components.schemas.create_token_request.properties.name: undeclared"),
        "{text}"
    );
}
