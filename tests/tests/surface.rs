//! The public API of both crates, generated and hand-written items alike, as an insta
//! snapshot: what users call, so a spec or code change shows its Rust consequence in review.
//! Update with `cargo insta review`.

#[test]
fn public_api() {
    let api = xtask::diff::surface::read(&tests::root(), &[]).expect("the crates parse");
    insta::assert_snapshot!("public_api", api.listing());
}
