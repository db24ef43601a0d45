//! Lint's preflight against progenitor itself. Each preflight rule's case in
//! `tests/fixtures/lint/` is a document progenitor 0.15.1 refuses (an error, a panic, or two
//! methods of one name); each document in `tests/fixtures/shapes/`, a shape real APIs have,
//! passes lint without an error, is taken by progenitor, and generates every file. A rule that
//! flags what progenitor takes, or a shape the workspace refuses although progenitor takes it,
//! fails here.

use std::collections::BTreeSet;

use xtask::generate::Bodies;
use xtask::generate::progenitor::{progenitor_accepts, raw_client};
use xtask::lint::{Config, Severity};

/// Whether progenitor refuses the document: an error or a panic, or a client with two
/// methods of one name (which would not compile).
fn progenitor_refuses(text: &str) -> Result<bool, String> {
    let spec = xtask::spec::load(text, "case.yaml").map_err(|e| e.to_string())?;
    let taken = std::panic::catch_unwind(|| progenitor_accepts(&spec).is_ok()).unwrap_or(false);
    if !taken {
        return Ok(true);
    }
    let client = raw_client(&spec, Bodies::Signatures).map_err(|e| e.to_string())?;
    let mut names = BTreeSet::new();
    let mut twice = false;
    for item in &client.items {
        if let syn::Item::Impl(imp) = item {
            for it in &imp.items {
                if let syn::ImplItem::Fn(f) = it
                    && imp.trait_.is_none()
                {
                    twice |=
                        !names.insert((xtask::syntax::impl_name(imp), f.sig.ident.to_string()));
                }
            }
        }
    }
    Ok(twice)
}

/// What progenitor (and typify beneath it) does with a document.
#[derive(Debug, PartialEq)]
enum Verdict {
    /// Generates; the answer is whether the client has two methods or two types of one name.
    Takes { methods_twice: bool },
    /// An error or a panic.
    Refuses,
    /// The process died: a stack overflow aborts, and no guard sees it.
    Aborts,
}

/// The generator's verdict on `text`, from a child process of this test binary
/// (`generator_in_a_child`), so that an abort is a verdict and not the end of the tests.
fn verdict(text: &str) -> Verdict {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("case.yaml");
    std::fs::write(&file, text).unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            &tests::test_name(module_path!(), "generator_in_a_child"),
            "--test-threads=1",
            "--quiet",
        ])
        .env("PROGENITOR_CASE", &file)
        .output()
        .unwrap();
    match out.status.code() {
        Some(0) => Verdict::Takes {
            methods_twice: false,
        },
        Some(2) => Verdict::Takes {
            methods_twice: true,
        },
        Some(3) => Verdict::Refuses,
        _ => Verdict::Aborts,
    }
}

/// Runs the generator on `$PROGENITOR_CASE` when that is set (else does nothing) and exits:
/// 0 it takes the document, 2 with two methods or two types of one name, 3 it refuses or
/// panics.
#[test]
fn generator_in_a_child() {
    let Some(file) = std::env::var_os("PROGENITOR_CASE") else {
        return;
    };
    let text = std::fs::read_to_string(file).unwrap();
    let twice = |text: &str| {
        let spec = xtask::spec::load(text, "case.yaml").ok()?;
        let raw = raw_client(&spec, Bodies::Signatures).ok()?;
        Some(!xtask::generate::progenitor::duplicate_types(&raw).is_empty())
    };
    let code = match progenitor_refuses(&text) {
        Ok(false) if twice(&text) == Some(true) => 2,
        Ok(false) => 0,
        Ok(true)
            if std::panic::catch_unwind(|| {
                let spec = xtask::spec::load(&text, "case.yaml").unwrap();
                progenitor_accepts(&spec).is_ok()
            })
            .unwrap_or(false) =>
        {
            2
        }
        _ => 3,
    };
    std::process::exit(code);
}

/// The preflight rules whose case progenitor takes, generating code that does not build (a
/// method or an argument twice, `to_string()` on a list, a method shadowing the one its body
/// calls) or that silently means something else: each is proven by the `--ignored` build of
/// every case (`every_build_only_case_fails_to_build`).
const BUILD_ONLY: [&str; 3] = [
    "parameter-type",
    "parameter-name-collision",
    "property-name-collision",
];

#[test]
fn every_preflight_rule_is_a_construct_the_generator_refuses() {
    let cases = tests::yaml_fixtures("tests/fixtures/lint");
    let base = &cases.iter().find(|(name, _)| name == "base").unwrap().1;
    assert_eq!(
        verdict(base),
        Verdict::Takes {
            methods_twice: false
        }
    );
    let mut failures = Vec::new();
    for rule in xtask::lint::preflight::RULES {
        let file = format!("{}.yaml", rule.name());
        let Some((_, text)) = cases.iter().find(|(name, _)| name == rule.name()) else {
            failures.push(format!("{file}: no case for the preflight rule {rule}"));
            continue;
        };
        let got = verdict(text);
        let build_only = BUILD_ONLY.contains(&rule.name());
        match (&got, build_only) {
            (
                Verdict::Refuses
                | Verdict::Aborts
                | Verdict::Takes {
                    methods_twice: true,
                },
                false,
            ) => {}
            (
                Verdict::Takes {
                    methods_twice: false,
                },
                true,
            ) => {}
            (Verdict::Takes { .. }, false) => failures.push(format!(
                "{file}: progenitor takes the case, yet lint refuses it ({rule})"
            )),
            (_, true) => failures.push(format!(
                "{file}: listed as building wrong, but the generator says {got:?}"
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The generator's output for each [`BUILD_ONLY`] case, in a crate of its own, does not
/// build: the lint rule is what stands between the document and a broken crate.
#[test]
#[ignore = "builds one crate per case (minutes); CONTRIBUTING.md names the command"]
fn every_build_only_case_fails_to_build() {
    let cases = tests::yaml_fixtures("tests/fixtures/lint");
    // The base, which every case changes in one place, builds: a case fails for its fault.
    for name in std::iter::once("base").chain(BUILD_ONLY) {
        let text = &cases.iter().find(|(n, _)| n == name).unwrap().1;
        let spec = xtask::spec::load(text, "case.yaml").unwrap();
        let client = raw_client(&spec, Bodies::Full).unwrap();
        let mock = xtask::generate::progenitor::raw_mock(&spec, Bodies::Full).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let (built, log) = tests::build_raw_output(dir.path(), &client, &mock);
        assert_eq!(built, name == "base", "{name}: built {built}:\n{log}");
    }
}

#[test]
fn every_real_world_shape_passes_lint_and_generates() {
    let shapes = tests::yaml_fixtures("tests/fixtures/shapes");
    assert!(shapes.len() >= 4, "the shapes corpus is missing");
    let mut failures = Vec::new();
    for (name, text) in &shapes {
        let errors: Vec<String> = xtask::lint::findings(text, name, &Config::default())
            .unwrap()
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.to_string())
            .collect();
        if !errors.is_empty() {
            failures.push(format!(
                "{name}: lint refuses it:\n  {}",
                errors.join("\n  ")
            ));
            continue;
        }
        match progenitor_refuses(text) {
            Ok(false) => {}
            Ok(true) => failures.push(format!("{name}: progenitor refuses it")),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
        if let Err(e) = xtask::render_all(text, name) {
            failures.push(format!("{name}: generate refuses it: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The CLI's commands of a shape, as `group name` lines (`- name` at the top level), from
/// the generated table.
fn commands(file: &str) -> Vec<String> {
    let text = tests::committed(&format!("tests/fixtures/shapes/{file}"));
    let files = xtask::render_all(&text, file).unwrap();
    let (_, cli) = files
        .iter()
        .find(|(path, _)| path.ends_with("commands.rs"))
        .unwrap();
    let group = regex_lite::Regex::new(r#"group: "([^"]*)",\s*name: "([^"]*)""#).unwrap();
    let home = regex_lite::Regex::new(r#"HOME: &str = "([^"]*)""#).unwrap();
    let mut out: Vec<String> = group
        .captures_iter(cli)
        .map(|c| format!("{} {}", if c[1].is_empty() { "-" } else { &c[1] }, &c[2]))
        .collect();
    out.push(format!("home {}", &home.captures(cli).unwrap()[1]));
    out.sort();
    out
}

#[test]
fn cli_names_over_many_tags_are_unique_without_annotations() {
    assert_eq!(
        commands("cli-names.yaml"),
        [
            "- ping",
            "gadgets create-gadget",
            "gadgets gadget-create",
            "gadgets list",
            "home widgets",
            "publish publish",
            "robot-token list",
            "widgets list",
        ]
    );
}

/// typify 0.8 names the inline object under `rate_limiter.response` as it names the component
/// `rate_limiter_response`; the code would not compile (Fastly's document has nine such
/// pairs). `generate` refuses at the component, before anything is written.
#[test]
fn two_types_typify_names_alike_are_refused_at_the_component() {
    let text = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /limiters:
    get:
      operationId: getLimiter
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/both'}
components:
  schemas:
    both:
      type: object
      properties:
        limiter: {$ref: '#/components/schemas/rate_limiter'}
        other: {$ref: '#/components/schemas/rate_limiter_response'}
    rate_limiter:
      type: object
      properties:
        response:
          type: object
          properties:
            status: {type: integer}
    rate_limiter_response:
      type: object
      properties:
        id: {type: string}
";
    let spec = xtask::spec::load(text, "case.yaml").unwrap();
    let raw = raw_client(&spec, Bodies::Signatures).unwrap();
    assert_eq!(
        xtask::generate::progenitor::duplicate_types(&raw),
        ["RateLimiterResponse"],
        "typify still names the two alike"
    );
    match xtask::render_all(text, "case.yaml") {
        Err(xtask::Error::Spec { location, message }) => {
            assert_eq!(
                location.pointer,
                "/components/schemas/rate_limiter_response"
            );
            assert_eq!(location.line, Some(27));
            assert!(message.contains("`RateLimiterResponse`"), "{message}");
        }
        other => panic!("expected a located refusal, got {:?}", other.map(|_| ())),
    }
    // The document's own fix: a `title` names the inner schema.
    let titled = text.replace(
        "        response:\n          type: object",
        "        response:\n          title: RateLimiterReply\n          type: object",
    );
    xtask::render_all(&titled, "case.yaml").unwrap();
}

/// The shape of real documents' component graphs (`tests::graph_spec`, the scale benchmark's
/// too): a cycle of `allOf`/`oneOf` schemas with examples at every level lints without an
/// error and generates; an example that breaks its schema two `$ref`s down is still found
/// (the check unrolls the schema as deep as the example goes).
#[test]
fn a_large_component_graph_lints_and_generates() {
    let spec = tests::graph_spec(40);
    let findings = xtask::lint::findings(&spec, "graph.json", &Config::default()).unwrap();
    assert!(
        findings.iter().all(|f| f.severity != Severity::Error),
        "{findings:#?}"
    );
    xtask::render_all(&spec, "graph.json").unwrap();
    // `next` is graph_thing_4, whose `id` (from graph_base, through its `allOf`) is a string.
    let broken = spec.replacen(
        "\"id\": \"t3\",",
        "\"id\": \"t3\", \"next\": {\"id\": 4},",
        1,
    );
    assert_ne!(broken, spec);
    let findings = xtask::lint::findings(&broken, "graph.json", &Config::default()).unwrap();
    let found = findings
        .iter()
        .find(|f| f.rule.name() == "example-invalid")
        .expect("the broken example is found");
    assert_eq!(
        found.location.pointer,
        "/components/schemas/graph_thing_3/example"
    );
    assert!(found.message.contains("/next/id"), "{}", found.message);
}
