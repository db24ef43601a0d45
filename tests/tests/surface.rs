//! The generated public API as a short listing, kept as an insta snapshot so a spec change
//! shows its Rust consequence in review. Update with `cargo insta review`.

#[test]
fn generated_surface() {
    insta::assert_snapshot!(
        "surface",
        tests::surface::surface(&tests::committed_client())
    );
}

#[test]
fn generated_mock_surface() {
    insta::assert_snapshot!(
        "mock_surface",
        tests::surface::mock_surface(&tests::committed_mock())
    );
}
