//! The public API of both crates, generated and hand-written items alike, as an insta
//! snapshot: what users call, so a spec or code change shows its Rust consequence in review.
//! Update with `cargo insta review`.

#[test]
fn public_api() {
    let api = xtask::diff::surface::read(&tests::root(), &[]).expect("the crates parse");
    insta::assert_snapshot!("public_api", api.listing());
}

/// The diff lists each side from the generator's trees, with the client's function bodies
/// left out (`Bodies::Signatures`); that listing is the one the written files give.
#[test]
fn the_diffs_listing_from_trees_is_the_files_listing() {
    let root = tests::root();
    let from_files = xtask::diff::surface::read(&root, &[]).expect("the crates parse");
    let source = xtask::spec::parse(&tests::committed_spec(), xtask::SPEC_PATH).unwrap();
    let from_trees = xtask::render_api(&root, &source, &[]).unwrap();
    assert_same(&from_files.listing(), &from_trees.listing());
}

fn assert_same(a: &str, b: &str) {
    if a != b {
        let diff: Vec<String> = a
            .lines()
            .zip(b.lines())
            .filter(|(x, y)| x != y)
            .map(|(x, y)| format!("- {x}\n+ {y}"))
            .take(10)
            .chain(
                (a.lines().count() != b.lines().count())
                    .then(|| "(line counts differ)".to_string()),
            )
            .collect();
        panic!("listings differ:\n{}", diff.join("\n"));
    }
}
