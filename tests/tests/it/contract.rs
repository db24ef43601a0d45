//! Every patch of progenitor's output counts what it changed: fed an output whose shape one
//! patch no longer recognises (as a progenitor upgrade could produce), generation fails naming
//! that patch and the progenitor version, instead of shipping unpatched code.

use syn::visit_mut::VisitMut;
use xtask::generate::{Bodies, contract, mock, patches, progenitor};

fn spec() -> openapiv3::OpenAPI {
    xtask::spec::load(&tests::committed_spec(), xtask::SPEC_PATH).unwrap()
}

/// Rewrites every string literal `from` to `to`.
struct Literal(&'static str, &'static str);

impl VisitMut for Literal {
    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        if lit.value() == self.0 {
            *lit = syn::LitStr::new(self.1, lit.span());
        }
    }
}

/// Rewrites `format!(..)` to `std::format!(..)`: the same code, a shape the patch does not
/// look for.
struct QualifiedFormat;

impl VisitMut for QualifiedFormat {
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if mac.path.is_ident("format") {
            mac.path = syn::parse_quote!(std::format);
        }
    }
}

/// Rewrites `.status(204u16)` to `.status(STATUS)`.
struct NamedStatus;

impl VisitMut for NamedStatus {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        if call.method == "status" {
            call.args = syn::parse_quote!(STATUS);
        }
        syn::visit_mut::visit_expr_method_call_mut(self, call);
    }
}

fn refused_message(patch: &contract::Patch) -> String {
    format!(
        "patch `{}` applied 0 of {{n}} times: {}'s output no longer has the shape it recognises",
        patch.name,
        contract::PROGENITOR
    )
}

fn assert_names(err: xtask::Error, patch: &contract::Patch) {
    assert!(matches!(err, xtask::Error::Contract(_)), "{err:?}");
    let err = err.to_string();
    assert!(
        err.starts_with("progenitor's output broke the generator's contract: "),
        "{err}"
    );
    let (head, tail) = refused_message(patch)
        .split_once("{n}")
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .unwrap();
    assert!(err.contains(&head) && err.contains(&tail), "{err}");
    assert!(err.contains(patch.recognises), "{err}");
}

#[test]
fn progenitors_own_output_passes_every_patch() {
    let spec = spec();
    let mut client = progenitor::raw_client(&spec, Bodies::Full).unwrap();
    patches::patch_client(&mut client, &spec, Bodies::Full).unwrap();
    let mut mock_file = progenitor::raw_mock(&spec, Bodies::Full).unwrap();
    mock::apply(&mut mock_file, &spec).unwrap();
}

#[test]
fn a_mock_path_matcher_of_another_shape_fails_naming_its_patch() {
    let spec = spec();
    let mut file = progenitor::raw_mock(&spec, Bodies::Full).unwrap();
    QualifiedFormat.visit_file_mut(&mut file);
    assert_names(
        mock::apply(&mut file, &spec).unwrap_err(),
        &contract::MOCK_PATH_VALUES,
    );
}

#[test]
fn a_mock_status_of_another_shape_fails_naming_its_patch() {
    let spec = spec();
    let mut file = progenitor::raw_mock(&spec, Bodies::Full).unwrap();
    NamedStatus.visit_file_mut(&mut file);
    assert_names(
        mock::apply(&mut file, &spec).unwrap_err(),
        &contract::MOCK_STATUSES,
    );
}

#[test]
fn an_api_version_header_of_another_shape_fails_naming_its_patch() {
    let spec = spec();
    let mut file = progenitor::raw_client(&spec, Bodies::Full).unwrap();
    Literal("api-version", "x-api-version").visit_file_mut(&mut file);
    assert_names(
        patches::patch_client(&mut file, &spec, Bodies::Full).unwrap_err(),
        &contract::API_VERSION,
    );
}

#[test]
fn a_client_without_its_types_module_fails_naming_the_patch() {
    let spec = spec();
    let mut file = progenitor::raw_client(&spec, Bodies::Full).unwrap();
    file.items
        .retain(|i| !matches!(i, syn::Item::Mod(m) if m.ident == "types"));
    assert_names(
        patches::patch_client(&mut file, &spec, Bodies::Full).unwrap_err(),
        &contract::TYPES_MODULE,
    );
}

/// Respells typify's `DateTime<Utc>` as another time type would be spelled.
struct OtherDates;

impl VisitMut for OtherDates {
    fn visit_path_segment_mut(&mut self, segment: &mut syn::PathSegment) {
        if segment.ident == "DateTime" {
            segment.ident = syn::parse_quote!(Timestamp);
        }
        syn::visit_mut::visit_path_segment_mut(self, segment);
    }
}

#[test]
fn dates_of_another_type_fail_naming_the_timestamp_patch() {
    let spec = spec();
    let mut file = progenitor::raw_client(&spec, Bodies::Full).unwrap();
    OtherDates.visit_file_mut(&mut file);
    assert_names(
        patches::patch_client(&mut file, &spec, Bodies::Full).unwrap_err(),
        &contract::TIMESTAMPS,
    );
}

/// The widget fixture of the diff tests (no dates) with `schemas` added to its components.
fn widgets_with(schemas: &str) -> String {
    let base =
        std::fs::read_to_string(tests::root().join("tests/fixtures/diff/base.yaml")).unwrap();
    assert_eq!(base.matches("\n  schemas:\n").count(), 1);
    base.replacen("\n  schemas:\n", &format!("\n  schemas:\n{schemas}"), 1)
}

/// The generated client of `spec`, or the error.
fn client_of(spec: &str) -> Result<String, xtask::Error> {
    let files = xtask::render_all(spec, xtask::SPEC_PATH)?;
    Ok(files
        .into_iter()
        .find(|(p, _)| p.ends_with("crates/fastly-tokens/src/generated.rs"))
        .map(|(_, text)| text)
        .unwrap())
}

#[test]
fn a_date_property_of_any_object_decodes_through_the_fast_path() {
    let client = client_of(&widgets_with(
        "    event:\n      type: object\n      required: [at]\n      properties:\n        at:\n          \
         type: string\n          format: date-time\n        until:\n          type: string\n          \
         format: date-time\n          nullable: true\n",
    )
    // Used (a schema no operation reaches is not generated): the widget's last event.
    .replacen(
        "        owner:\n",
        "        last_event:\n          $ref: \"#/components/schemas/event\"\n        owner:\n",
        1,
    ))
    .unwrap();
    assert!(
        client.contains(r#"#[serde(deserialize_with = "crate::runtime::time::required")]"#)
            && client.contains(
                r#"#[serde(default, deserialize_with = "crate::runtime::time::optional")]"#
            ),
        "{client}"
    );
}

#[test]
fn dates_typify_does_not_make_fields_of_generate_as_before() {
    // A list of dates and a named date schema, both used: neither is a named field, so
    // nothing is patched, chrono decodes them, and generation is not refused for it.
    let client = client_of(
        &widgets_with(
            "    stamps:\n      type: array\n      items:\n        type: string\n        format: date-time\n    \
             moment:\n      type: string\n      format: date-time\n",
        )
        .replacen(
            "        owner:\n",
            "        seen:\n          $ref: \"#/components/schemas/stamps\"\n        born:\n          \
             $ref: \"#/components/schemas/moment\"\n        owner:\n",
            1,
        ),
    )
    .unwrap();
    assert!(
        client.contains("Stamps") && client.contains("Moment"),
        "{client}"
    );
    assert!(!client.contains("crate::runtime::time::"), "{client}");
}

/// Numbers the placeholders of each URL's `format!` (`"{0}/tokens/{1}"` for `"{}/tokens/{}"`):
/// the same URL, a shape the URL patch does not look for. (A local named otherwise than `url`
/// is not such a change: progenitor itself names it `_url` beside a parameter named `url`, and
/// `tests/fixtures/shapes/url-shapes.yaml` generates.)
struct NumberedUrl;

/// The arguments of a `format!` call, rewritten by `edit`; any other macro as it was.
fn edit_format_args(
    mac: &mut syn::Macro,
    edit: impl FnOnce(&mut syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>),
) {
    type Args = syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>;
    if !mac.path.is_ident("format") {
        return;
    }
    let Ok(mut args) = mac.parse_body_with(Args::parse_terminated) else {
        return;
    };
    edit(&mut args);
    *mac = syn::parse_quote!(format!(#args));
}

impl VisitMut for NumberedUrl {
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        edit_format_args(mac, |args| {
            if let Some(syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            })) = args.first_mut()
            {
                let mut numbered = String::new();
                for (i, part) in text.value().split("{}").enumerate() {
                    if i > 0 {
                        numbered.push_str(&format!("{{{}}}", i - 1));
                    }
                    numbered.push_str(part);
                }
                *text = syn::LitStr::new(&numbered, text.span());
            }
        });
    }
}

/// Reads the base URL through a getter in each URL's `format!` (`self.baseurl()` for
/// `self.baseurl`): the same URL, a shape the URL patch does not look for.
struct BaseUrlByGetter;

impl VisitMut for BaseUrlByGetter {
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        edit_format_args(mac, |args| {
            if let Some(base @ syn::Expr::Field(_)) = args.iter_mut().nth(1) {
                *base = syn::parse_quote!(self.baseurl());
            }
        });
    }
}

#[test]
fn a_url_written_another_way_fails_naming_the_url_patch() {
    let spec = spec();
    for rewrite in [
        &mut NumberedUrl as &mut dyn VisitMut,
        &mut BaseUrlByGetter as &mut dyn VisitMut,
    ] {
        let mut file = progenitor::raw_client(&spec, Bodies::Full).unwrap();
        rewrite.visit_file_mut(&mut file);
        assert_names(
            patches::patch_client(&mut file, &spec, Bodies::Full).unwrap_err(),
            &contract::BASE_URL,
        );
    }
}

#[test]
fn every_operation_builds_its_url_on_the_parsed_base() {
    let generated = tests::committed_client();
    let operations = xtask::spec::model::operations(&spec()).len();
    assert_eq!(
        generated.matches("crate::runtime::path::url(").count(),
        operations
    );
    assert!(!generated.contains("let url = format!("), "{generated}");
    // No URL text starts with the base URL's placeholder any more.
    assert!(!generated.contains("\"{}/"), "{generated}");
    // And lends each request to the `pre` hook inside a block of its own.
    assert_eq!(
        generated.matches("let mut request = request;").count(),
        operations
    );
}

/// Lends each request to the hook by a reference bound first: the same code, a shape the
/// pre-hook patch does not look for.
struct LentByName;

impl VisitMut for LentByName {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        if call.method == "pre" {
            call.args[0] = syn::parse_quote!(lent);
        }
        syn::visit_mut::visit_expr_method_call_mut(self, call);
    }
}

#[test]
fn a_request_lent_to_the_pre_hook_another_way_fails_naming_its_patch() {
    let spec = spec();
    let mut file = progenitor::raw_client(&spec, Bodies::Full).unwrap();
    LentByName.visit_file_mut(&mut file);
    assert_names(
        patches::patch_client(&mut file, &spec, Bodies::Full).unwrap_err(),
        &contract::PRE_HOOK_SCOPE,
    );
}

/// Passes each header map to the request builder as a copy: the same requests, a shape the
/// empty-header-map patch does not look for.
struct CopiedHeaderMap;

impl VisitMut for CopiedHeaderMap {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        if call.method == "headers" {
            call.args = syn::parse_quote!(header_map.clone());
        }
        syn::visit_mut::visit_expr_method_call_mut(self, call);
    }
}

#[test]
fn a_header_map_passed_another_way_fails_naming_its_patch() {
    let spec = spec();
    let mut file = progenitor::raw_client(&spec, Bodies::Full).unwrap();
    CopiedHeaderMap.visit_file_mut(&mut file);
    assert_names(
        patches::patch_client(&mut file, &spec, Bodies::Full).unwrap_err(),
        &contract::EMPTY_HEADER_MAP,
    );
}

/// An operation with no header to send builds no header map; the one with a header
/// parameter (createToken's `Fastly-OTP`) keeps its map and sends it.
#[test]
fn only_an_operation_with_headers_builds_a_header_map() {
    let generated = tests::committed_client();
    let with_headers = spec()
        .paths
        .iter()
        .filter_map(|(_, item)| item.as_item())
        .flat_map(|item| item.iter().map(|(_, op)| op))
        .filter(|op| {
            op.parameters
                .iter()
                .any(|p| matches!(p.as_item(), Some(openapiv3::Parameter::Header { .. })))
        })
        .count();
    assert_eq!(with_headers, 1, "createToken's Fastly-OTP");
    assert_eq!(
        generated.matches("let mut header_map").count(),
        with_headers
    );
    assert_eq!(
        generated.matches(".headers(header_map)").count(),
        with_headers
    );
}
