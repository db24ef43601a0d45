//! Turns go-fastly's recordings of the live API (go-vcr cassettes, `fastly/fixtures/tokens/*.yaml`
//! and `fastly/fixtures/automation_tokens/*.yaml` in fastly/go-fastly) into cassettes here:
//! `cargo run -p tests --example import_go_vcr -- <go-fastly checkout> <commit>`. Each
//! interaction with a spec operation becomes `tests/cassettes/go-fastly-<file>-<n>.json`
//! (`go-fastly-automation-<file>-<n>.json` for the automation tokens) with its provenance
//! (repository, commit, file, interaction); any other is skipped. go-fastly's recordings
//! already carry fake IDs and secrets; credentials in forms are scrubbed again here, as the
//! recorder does, and only the headers a replay compares are kept.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use xtask::cassettes::{Cassette, Request, Response, SCRUBBED};

#[derive(serde::Deserialize)]
struct Vcr {
    interactions: Vec<Interaction>,
}

#[derive(serde::Deserialize)]
struct Interaction {
    request: VcrRequest,
    response: VcrResponse,
}

#[derive(serde::Deserialize)]
struct VcrRequest {
    body: String,
    #[serde(default)]
    headers: BTreeMap<String, Vec<String>>,
    url: String,
    method: String,
}

#[derive(serde::Deserialize)]
struct VcrResponse {
    body: String,
    #[serde(default)]
    headers: BTreeMap<String, Vec<String>>,
    code: u16,
}

/// The request headers a replay compares, and the response headers the client reads.
const REQUEST_HEADERS: &[&str] = &["content-type", "fastly-otp"];
const RESPONSE_HEADERS: &[&str] = &[
    "content-type",
    "fastly-ratelimit-remaining",
    "fastly-ratelimit-reset",
    "retry-after",
];

fn headers(from: &BTreeMap<String, Vec<String>>, keep: &[&str]) -> BTreeMap<String, String> {
    from.iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.join(", ")))
        .filter(|(k, _)| keep.contains(&k.as_str()))
        .collect()
}

/// The operation of the spec a method and path are, by its route (`{...}` matches a segment).
fn operation(method: &str, path: &str, ops: &[tests::ops::Operation]) -> Option<String> {
    let route = path.split_once('?').map_or(path, |(route, _)| route);
    let segments: Vec<&str> = route.split('/').collect();
    let matches = |template: &str| {
        let t: Vec<&str> = template.split('/').collect();
        t.len() == segments.len()
            && t.iter()
                .zip(&segments)
                .all(|(t, s)| t == s || (t.starts_with('{') && !s.is_empty()))
    };
    // A literal route (`/tokens/self`) wins over a templated one (`/tokens/{token_id}`).
    let mut found: Vec<&tests::ops::Operation> = ops
        .iter()
        .filter(|o| o.method == method && matches(&o.path))
        .collect();
    found.sort_by_key(|o| o.path.matches('{').count());
    found.first().map(|o| o.id.clone())
}

/// A form with its credentials scrubbed.
fn scrub_form(body: &str) -> String {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(body).unwrap_or_default();
    let pairs: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(k, v)| match k.as_str() {
            "username" | "password" => (k, SCRUBBED.to_string()),
            _ => (k, v),
        })
        .collect();
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [checkout, commit] = args.as_slice() else {
        eprintln!("usage: import_go_vcr <go-fastly checkout> <commit>");
        return ExitCode::from(2);
    };
    let ops = tests::ops::spec_operations();
    let out_dir = tests::root().join(xtask::cassettes::DIR);
    // (go-fastly's fixture folder, the prefix of the cassettes made from it)
    let folders = [
        ("tokens", "go-fastly"),
        ("automation_tokens", "go-fastly-automation"),
    ];
    let mut files = Vec::new();
    for (folder, prefix) in folders {
        let dir = Path::new(checkout).join("fastly/fixtures").join(folder);
        let mut found: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .map(|p| (folder, prefix, p))
            .collect();
        found.sort();
        files.extend(found);
    }
    for (folder, prefix, file) in files {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        let vcr: Vcr = xtask::spec::value(&text)
            .map_err(|e| e.to_string())
            .and_then(|v| serde_json::from_value(v).map_err(|e| e.to_string()))
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for (i, x) in vcr.interactions.iter().enumerate() {
            let path = x
                .request
                .url
                .split_once("://")
                .and_then(|(_, rest)| rest.find('/').map(|at| &rest[at..]))
                .unwrap_or("/");
            let Some(operation) = operation(&x.request.method, path, &ops) else {
                println!("skipped {stem} #{}: {} {path}", i + 1, x.request.method);
                continue;
            };
            let request_headers = headers(&x.request.headers, REQUEST_HEADERS);
            let form = request_headers
                .get("content-type")
                .is_some_and(|t| t.contains("form"));
            let body = match x.request.body.as_str() {
                "" => None,
                b if form => Some(scrub_form(b)),
                b => Some(b.to_string()),
            };
            let cassette = Cassette {
                provenance: format!(
                    "recorded from the live API by go-fastly: fastly/go-fastly@{commit}, \
                     fastly/fixtures/{folder}/{stem}.yaml, interaction {} (its IDs and secrets \
                     are go-fastly's fakes; credentials scrubbed)",
                    i + 1
                ),
                operation,
                request: Request {
                    method: x.request.method.clone(),
                    path: path.to_string(),
                    headers: request_headers,
                    body,
                },
                response: Response {
                    status: x.response.code,
                    headers: headers(&x.response.headers, RESPONSE_HEADERS),
                    body: serde_json::from_str(&x.response.body).ok(),
                },
            };
            let name = format!("{prefix}-{stem}-{}.json", i + 1);
            let mut text = serde_json::to_string_pretty(&cassette).unwrap();
            text.push('\n');
            std::fs::write(out_dir.join(&name), text).unwrap();
            println!("wrote {name} ({} {path})", x.request.method);
        }
    }
    ExitCode::SUCCESS
}
