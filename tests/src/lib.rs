//! Shared test helpers: a recording HTTP server on 127.0.0.1, calls by operationId, the generated-surface listing,
//! and a scratch workspace for running the xtask against modified specs.

pub mod cassette;
pub mod ops;
pub mod server;
/// The surface listing lives in the xtask (its `diff` command uses it too).
pub use xtask::diff::surface;

use std::path::{Path, PathBuf};

/// A `reqwest::ClientBuilder` for tests that speak HTTP beside the client. With the client's
/// default `rustls-ring` feature, reqwest has no TLS provider of its own and panics when a
/// client is built without one: like an application would, this installs ring first.
pub fn reqwest_builder() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}

/// [`reqwest_builder`], built.
pub fn reqwest_client() -> reqwest::Client {
    reqwest_builder().build().expect("a plain reqwest client")
}

/// The workspace root, found at run time from the test's working directory (its package).
pub fn root() -> PathBuf {
    xtask::workspace_root().expect("tests run inside the workspace")
}

/// The committed spec text.
pub fn committed_spec() -> String {
    std::fs::read_to_string(root().join(xtask::SPEC_PATH)).expect("the spec is committed")
}

/// The committed generated client.
pub fn committed_client() -> String {
    committed(xtask::CLIENT_PATH)
}

/// The committed generated mock module.
pub fn committed_mock() -> String {
    committed(xtask::MOCK_PATH)
}

/// The name the test harness knows a test by: `name` in the module at `module_path` (the
/// test binary's own name left out), for running one test in a child process (`--exact`).
pub fn test_name(module_path: &str, name: &str) -> String {
    match module_path.split_once("::") {
        Some((_, module)) => format!("{module}::{name}"),
        None => name.to_string(),
    }
}

/// Runs `git <args>` in `dir` as a throwaway identity; panics with git's error if it fails.
pub fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A committed file of the workspace, by relative path.
pub fn committed(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Copies the workspace's sources (not `target/` or `.git`) to `to`, for building a changed
/// spec's client beside the real one.
pub fn copy_workspace(to: &Path) {
    copy_tree(&root(), to);
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&path, &to.join(&name));
        } else {
            std::fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

/// `cargo check --offline --quiet <args>` in a scratch workspace at `dir`, in the one target
/// directory every such build shares (`target/additive`: dependencies build once); whether it
/// compiled, and the compiler's output.
pub fn cargo_check(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--offline", "--quiet"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/additive"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every generated file, relative to the root.
pub const GENERATED: [&str; 4] = xtask::GENERATED_PATHS;

/// Runs `generate` on `spec_text` in a scratch workspace, asserts it refuses and touches no
/// generated file, and returns its error message.
pub fn refused(spec_text: &str) -> String {
    let scratch = Scratch::new(spec_text);
    let before = scratch.generated();
    let err = xtask::generate_in(scratch.path(), xtask::Mode::Write)
        .expect_err("a bad spec must be refused")
        .to_string();
    assert_eq!(scratch.generated(), before, "a generated file was touched");
    err
}

/// A temporary copy of the workspace's spec and generated files, with the spec replaced by
/// `spec_text`, for running `xtask::generate_in` without touching the real tree.
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    /// Copies every generated file (the rule pages under docs/ too) and writes `spec_text` as
    /// the spec.
    pub fn new(spec_text: &str) -> Scratch {
        let dir = tempfile::tempdir().expect("temporary directory");
        let copy = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        for rel in GENERATED.into_iter().chain(xtask::docs::PATHS) {
            copy(rel, &committed(rel));
        }
        copy(xtask::SPEC_PATH, spec_text);
        Scratch { dir }
    }

    /// The scratch root.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The bytes of every generated file under the scratch root.
    pub fn generated(&self) -> Vec<Vec<u8>> {
        GENERATED.iter().map(|rel| self.read(rel)).collect()
    }

    /// The bytes of a file under the scratch root.
    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.dir.path().join(rel)).unwrap_or_default()
    }
}

/// The committed spec replicated `copies` times (each copy's paths under `/c{n}`, its
/// operationIds and CLI names suffixed `-c{n}`; the components shared): a stand-in for a spec of
/// `8 * copies` operations, as Fastly's whole API would be.
pub fn replicated_spec(copies: usize) -> String {
    // Written as the spec is (YAML, in its order), so a text edit finds what it finds in the
    // spec: the `paths:` section copied with its path keys prefixed and its names suffixed.
    let spec = committed_spec();
    let start = spec.find("\npaths:\n").expect("a paths section") + "\npaths:\n".len();
    let end = start
        + spec[start..]
            .find("\ncomponents:\n")
            .expect("a components section after the paths")
        + 1;
    let mut paths = String::new();
    for n in 0..copies {
        for line in spec[start..end].lines() {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let copied = match trimmed.split_once(": ") {
                _ if indent == 2 && trimmed.starts_with('/') => format!("  /c{n}{trimmed}"),
                // A CLI name is unique as an operationId is (generation refuses a repeat).
                Some((key @ ("operationId" | "x-cli-name"), value)) if indent == 6 => {
                    format!("{}{key}: {value}-c{n}", " ".repeat(indent))
                }
                _ => line.to_string(),
            };
            paths.push_str(&copied);
            paths.push('\n');
        }
    }
    format!("{}{paths}{}", &spec[..start], &spec[end..])
}

/// The committed spec with a large component graph beside it, the shape of real documents
/// (Fastly's, oxide's) that the replicated spec lacks: `things` schemas, each an `allOf` of a
/// shared base and an object whose properties reference the next schema (a cycle through all
/// of them), a `oneOf`, an inline object, and examples at every level; one operation reads each.
/// As JSON, which is YAML.
pub fn graph_spec(things: usize) -> String {
    use serde_json::json;
    let mut doc = xtask::spec::parse(&committed_spec(), xtask::SPEC_PATH)
        .expect("the committed spec reads")
        .value;
    let schemas = doc["components"]["schemas"]
        .as_object_mut()
        .expect("schemas");
    schemas.insert(
        "graph_base".into(),
        json!({
            "type": "object",
            "description": "What every thing has.",
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "description": "Its id.", "example": "t1"},
                "created_at": {"type": "string", "format": "date-time",
                               "description": "When it was made.",
                               "example": "2024-01-01T00:00:00Z"}
            }
        }),
    );
    for i in 0..things {
        let next = format!("#/components/schemas/graph_thing_{}", (i + 1) % things);
        schemas.insert(
            format!("graph_thing_{i}"),
            json!({
                "description": format!("Thing {i} of the graph."),
                "allOf": [
                    {"$ref": "#/components/schemas/graph_base"},
                    {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string", "description": "Its name.",
                                     "maxLength": 255, "example": format!("thing {i}")},
                            "next": {"$ref": next},
                            "owner": {
                                "description": "Who owns it: a thing, or a name.",
                                "oneOf": [{"$ref": "#/components/schemas/graph_base"},
                                          {"type": "string", "description": "A name."}]
                            },
                            "limits": {
                                "type": "object",
                                "description": "Its limits.",
                                "properties": {
                                    "rps": {"type": "integer", "minimum": 0,
                                            "description": "Requests a second.", "example": 10},
                                    "burst": {"type": "integer", "minimum": 0,
                                              "description": "The burst.", "example": 20}
                                },
                                "example": {"rps": 10, "burst": 20}
                            },
                            "labels": {"type": "array", "description": "Its labels.",
                                       "items": {"type": "string", "description": "A label."},
                                       "example": ["a", "b"]}
                        }
                    }
                ],
                "example": {"id": format!("t{i}"), "name": format!("thing {i}"),
                            "limits": {"rps": 1, "burst": 2}, "labels": ["x"]}
            }),
        );
    }
    let paths = doc["paths"].as_object_mut().expect("paths");
    for i in 0..things {
        paths.insert(
            format!("/graph/things{i}/{{thing_id}}"),
            json!({"get": {
                "operationId": format!("get-graph-thing-{i}"),
                "summary": format!("Get a thing of kind {i}"),
                "description": format!("Reads one thing of kind {i} by its id."),
                "tags": ["tokens"],
                "x-cli-name": format!("graph-thing-{i}"),
                "parameters": [{"name": "thing_id", "in": "path", "required": true,
                                "description": "The thing's id.",
                                "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "The thing.", "content": {"application/json": {
                        "schema": {"$ref": format!("#/components/schemas/graph_thing_{i}")}}}},
                    "404": {"description": "No such thing."}
                }
            }}),
        );
    }
    serde_json::to_string_pretty(&doc).expect("serializes")
}

/// The YAML documents of a fixture folder under the root: (file name without `.yaml`, text),
/// sorted by name.
pub fn yaml_fixtures(dir: &str) -> Vec<(String, String)> {
    let dir = root().join(dir);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// A client whose base URL is a port nothing listens on (bound, then closed): every call is
/// refused, a transport error.
pub fn refused_client(retry: fastly_tokens::RetryPolicy) -> fastly_tokens::Client {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    fastly_tokens::Client::builder()
        .token("t")
        .base_url(url)
        .retry(retry)
        .build()
        .unwrap()
}

/// The token the rotation tests rotate.
pub const OLD_TOKEN: &str = "old111";

/// A rotation's server (`tests/tests/it/rotate.rs`, `cli.rs`): the old token on GET, and mocks for the create and the revoke answering with the statuses
/// given; returns (create, revoke) hit counters.
pub fn serve_rotation<'a>(
    server: &'a fastly_tokens_mock::MockServer,
    create: u16,
    revoke: u16,
) -> (httpmock::Mock<'a>, httpmock::Mock<'a>) {
    server.mock(|when, then| {
        when.method(httpmock::Method::GET)
            .path(format!("/tokens/{OLD_TOKEN}"));
        then.status(200).json_body(serde_json::json!({
            "id": OLD_TOKEN, "name": "ci deploy", "scope": "global:read purge_select",
            "services": ["svc1", "svc2"], "expires_at": null
        }));
    });
    let created = server.mock(|when, then| {
        when.method(httpmock::Method::POST)
            .path("/tokens")
            .form_urlencoded_tuple("name", "ci deploy")
            .form_urlencoded_tuple("scope", "global:read purge_select")
            .form_urlencoded_tuple("services[]", "svc1")
            .form_urlencoded_tuple("services[]", "svc2");
        if create == 200 {
            then.status(200).json_body(serde_json::json!({
                "id": "new222", "name": "ci deploy", "scope": "global:read purge_select",
                "services": ["svc1", "svc2"], "access_token": "the-new-secret"
            }));
        } else {
            then.status(create)
                .json_body(serde_json::json!({"msg": "refused", "detail": "no"}));
        }
    });
    let revoked = server.mock(|when, then| {
        when.method(httpmock::Method::DELETE)
            .path(format!("/tokens/{OLD_TOKEN}"));
        if revoke == 204 {
            then.status(204);
        } else {
            then.status(revoke)
                .json_body(serde_json::json!({"msg": "refused"}));
        }
    });
    (created, revoked)
}

/// Builds progenitor's raw output (a client and its httpmock extension, as
/// `xtask::generate::progenitor` gives them, before any patch) as two crates of a scratch
/// workspace at `dir`, with what the generated code needs (the session type stood in for):
/// whether it builds, and the compiler's output.
pub fn build_raw_output(dir: &Path, client: &syn::File, mock: &syn::File) -> (bool, String) {
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"client\", \"mock\"]\nresolver = \"3\"\n",
    );
    let deps = "progenitor-client = \"=0.15.1\"\n\
                reqwest = { version = \"0.13\", default-features = false, features = [\"json\"] }\n\
                serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n\
                chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\n";
    write(
        "client/Cargo.toml",
        &format!(
            "[package]\nname = \"fastly_tokens\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\n{deps}"
        ),
    );
    write(
        "client/src/lib.rs",
        &format!(
            "#![allow(warnings)]\npub mod runtime {{ pub mod session {{ #[derive(Clone, Debug)] pub struct Session; }} }}\n{}",
            prettyplease::unparse(client)
        ),
    );
    write(
        "mock/Cargo.toml",
        &format!(
            "[package]\nname = \"mock\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\n{deps}fastly_tokens = {{ path = \"../client\" }}\nhttpmock = {{ version = \"0.8\", default-features = false }}\nregex = \"1\"\n"
        ),
    );
    write(
        "mock/src/lib.rs",
        &format!("#![allow(warnings)]\n{}", prettyplease::unparse(mock)),
    );
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    cargo_check(dir, &["--workspace"])
}
