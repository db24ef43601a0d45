//! One verdict on documents nobody wrote: this project's spec, mutated at random from a fixed
//! seed (values replaced, keys removed, subtrees moved, odd types, and shapes the generators
//! are known to choke on), each judged by lint and by `generate`. For every document: nothing
//! crashes (a panic or an abort), every refusal names its place, and lint passes it exactly
//! when `generate` turns it into files.
//!
//! The documents are judged in a child process of this test binary (`judge_in_a_child`), which
//! says which document it starts before it starts it: a stack overflow aborts the process, and
//! the parent then knows the document that did it.

use std::io::Write;

use serde_json::{Value, json};

/// How many documents, and the seed they grow from; `MUTANTS_DOCUMENTS` and `MUTANTS_SEED`
/// try others, `MUTANTS_BASE` another document (CONTRIBUTING.md, "Upgrading progenitor").
const DOCUMENTS: usize = 300;
const SEED: u64 = 0x5eed_f457_1e70_4e45;

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small, fixed PRNG (xorshift64*): the same documents on every machine and run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Every node's JSON pointer under `value`, the root first.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let child = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(child.clone());
                pointers(v, child, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let child = format!("{at}/{i}");
                out.push(child.clone());
                pointers(v, child, out);
            }
        }
        _ => {}
    }
}

/// Values a mutation writes in place of another: odd types, and the shapes of the
/// generators' known limits (each a lint rule's business).
fn odd_values(component: &str) -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!(0),
        json!(-1),
        json!(3.5),
        json!(""),
        json!("x"),
        json!([]),
        json!({}),
        json!({"type": "object"}),
        json!({"type": "array", "items": {"type": "string"}}),
        json!({"type": "integer", "format": "int32", "default": 3_000_000_000u64}),
        json!({"format": "int128"}),
        json!({"nullable": true, "maximum": 5}),
        json!({"minimum": 1}),
        json!({"type": "boolean", "format": "byte"}),
        json!({"type": "string", "enum": ["ASC", "DESC", "asc", "desc"]}),
        json!({"enum": [1, "a"]}),
        json!({"not": {"type": "string"}}),
        json!({"oneOf": [{"type": "string"}], "anyOf": [{"type": "integer"}]}),
        json!({"allOf": [{"$ref": format!("#/components/schemas/{component}")}, {"type": "object"}]}),
        json!({"nullable": true, "allOf": [{"$ref": format!("#/components/schemas/{component}")}, {"$ref": format!("#/components/schemas/{component}")}]}),
        json!({"type": "object", "properties": {"fooBar": {"type": "string"}, "foo_bar": {"type": "string"}}}),
        json!({"$ref": format!("#/components/schemas/{component}/properties/id")}),
        json!({"$ref": "#/components/schemas/nowhere"}),
        json!("deepObject"),
        json!("spaceDelimited"),
        json!("matrix"),
        json!("cookie"),
        json!("header"),
        json!("new"),
        json!("builder"),
        json!("text/x-markdown"),
        json!("multipart/form-data"),
        json!({"application/json": {}}),
        json!({"application/json": {"schema": {"type": "string"}}, "text/plain": {"schema": {"type": "string"}}}),
    ]
}

/// The document with one to four mutations, and what they were.
fn mutant(base: &Value, rng: &mut Rng) -> (Value, Vec<String>) {
    let mut doc = base.clone();
    let components: Vec<String> = base
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut done = Vec::new();
    for _ in 0..1 + rng.below(4) {
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        if all.is_empty() {
            break;
        }
        let at = rng.pick(&all).clone();
        let (parent, key) = at.rsplit_once('/').unwrap();
        let key = key.replace("~1", "/").replace("~0", "~");
        match rng.below(5) {
            // A value replaced by an odd one.
            0 | 1 => {
                let component = rng.pick(&components).clone();
                let value = rng.pick(&odd_values(&component)).clone();
                done.push(format!("{at} = {value}"));
                *doc.pointer_mut(&at).unwrap() = value;
            }
            // A key removed.
            2 => {
                if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
                    map.remove(&key);
                    done.push(format!("{at} removed"));
                }
            }
            // A subtree moved (copied over another node, removed where it was).
            3 => {
                let to = rng.pick(&all).clone();
                if to.starts_with(&at) || at.starts_with(&to) {
                    continue;
                }
                let moved = doc.pointer(&at).cloned().unwrap();
                *doc.pointer_mut(&to).unwrap() = moved;
                if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
                    map.remove(&key);
                }
                done.push(format!("{at} moved to {to}"));
            }
            // A key added beside others: a known limit's keyword, or a copy of a sibling.
            _ => {
                let component = rng.pick(&components).clone();
                let added = [
                    ("style", json!("deepObject")),
                    ("explode", json!(false)),
                    ("nullable", json!(true)),
                    ("encoding", json!({"a": {"contentType": "text/plain"}})),
                    ("x-cli-name", json!("help")),
                    ("operationId", json!("pre")),
                    ("title", json!(component.clone())),
                    (
                        "allOf",
                        json!([{"$ref": format!("#/components/schemas/{component}")}]),
                    ),
                    ("not", json!({"type": "object"})),
                ];
                let (name, value) = rng.pick(&added).clone();
                if let Some(Value::Object(map)) = doc.pointer_mut(&at) {
                    map.insert(name.to_string(), value.clone());
                    done.push(format!("{at}/{name} = {value}"));
                }
            }
        }
    }
    (doc, done)
}

/// What the child found of one document.
#[derive(Debug)]
struct Judged {
    lint_passes: bool,
    generated: Result<(), String>,
}

/// Judges each document of `$MUTANTS` (a directory of `NNNN.json`), when that is set: prints
/// `start N` before judging one and `done N <lint> <generate>` after; exits 0.
#[test]
fn judge_in_a_child() {
    let Some(dir) = std::env::var_os("MUTANTS") else {
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let out = std::io::stdout();
    for (i, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(file).unwrap();
        writeln!(out.lock(), "start {i}").unwrap();
        out.lock().flush().unwrap();
        let lint = std::panic::catch_unwind(|| {
            xtask::lint::findings(&text, "mutant.json", &xtask::lint::Config::default())
                .map(|f| f.iter().all(|f| f.severity != xtask::lint::Severity::Error))
        });
        let lint = match lint {
            Ok(Ok(passes)) => if passes { "passes" } else { "refuses" }.to_string(),
            Ok(Err(e)) => format!("unreadable:{}", located(&e)),
            Err(_) => "panicked".to_string(),
        };
        let generated = std::panic::catch_unwind(|| xtask::render_all(&text, "mutant.json"));
        let generated = match generated {
            Ok(Ok(_)) => "ok".to_string(),
            Ok(Err(e)) => format!("refused:{}", located(&e)),
            Err(_) => "panicked".to_string(),
        };
        writeln!(out.lock(), "done {i} {lint} {generated}").unwrap();
        out.lock().flush().unwrap();
    }
}

/// `located` when the error names a place in the document (its file and pointer, with the line
/// when the node is written there: a missing key is the place of its parent), else
/// `unlocated` (and the error).
fn located(e: &xtask::Error) -> String {
    match e {
        xtask::Error::Spec { location, message } if !location.file.is_empty() => {
            let first = message.lines().next().unwrap_or_default();
            format!("located({}:{first})", location.pointer).replace(' ', "_")
        }
        other => format!("unlocated({})", other.to_string().replace(' ', "_")),
    }
}

#[test]
fn mutated_documents_get_one_verdict_from_lint_and_generate() {
    // Another document to mutate: `MUTANTS_BASE=path/to/openapi.json`.
    let text = match std::env::var("MUTANTS_BASE") {
        Ok(path) => std::fs::read_to_string(path).unwrap(),
        Err(_) => tests::committed_spec(),
    };
    let base = xtask::spec::parse(&text, "spec.yaml").unwrap().value;
    let documents = setting("MUTANTS_DOCUMENTS", DOCUMENTS as u64) as usize;
    let mut rng = Rng(setting("MUTANTS_SEED", SEED).max(1));
    let dir = tempfile::tempdir().unwrap();
    let mut what = Vec::new();
    for i in 0..documents {
        let (doc, done) = mutant(&base, &mut rng);
        let file = dir.path().join(format!("{i:04}.json"));
        std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
        what.push((file, done));
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            &tests::test_name(module_path!(), "judge_in_a_child"),
            "--test-threads=1",
            "--nocapture",
            "--quiet",
        ])
        .env("MUTANTS", dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut judged: Vec<Option<Judged>> = (0..documents).map(|_| None).collect();
    let mut last_started = None;
    for line in stdout.lines() {
        let words: Vec<&str> = line.split(' ').collect();
        match words.as_slice() {
            ["start", i] => last_started = i.parse::<usize>().ok(),
            ["done", i, lint, generated] => {
                let i: usize = i.parse().unwrap();
                let generated = match *generated {
                    "ok" => Ok(()),
                    other => Err(other.to_string()),
                };
                judged[i] = Some(Judged {
                    lint_passes: *lint == "passes",
                    generated,
                });
                let unlocated = lint.contains("unlocated")
                    || *lint == "panicked"
                    || generated_unlocated(&judged[i]);
                assert!(
                    !unlocated,
                    "document {i} ({:?}): lint {lint}, generate {:?}",
                    what[i].1,
                    judged[i].as_ref().unwrap().generated
                );
            }
            _ => {}
        }
    }
    if let Some(i) = last_started.filter(|i| judged[*i].is_none()) {
        panic!(
            "the judge died on document {i} ({:?}, status {:?}): an abort, which lint let \
             through",
            what[i].1, out.status
        );
    }
    let mut disagreements = Vec::new();
    let (mut passed, mut refused) = (0, 0);
    for (i, j) in judged.iter().enumerate() {
        let j = j.as_ref().expect("every document judged");
        match (j.lint_passes, &j.generated) {
            (true, Ok(())) => passed += 1,
            (false, Err(_)) => refused += 1,
            (true, Err(e)) => disagreements.push(format!(
                "document {i}: lint passes it, generate refuses ({e}): {:?}",
                what[i].1
            )),
            (false, Ok(())) => disagreements.push(format!(
                "document {i}: lint refuses it, generate writes it: {:?}",
                what[i].1
            )),
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    // The corpus exercises both verdicts, many times each.
    eprintln!(
        "{documents} documents: {passed} pass lint and generate, {refused} are refused by both"
    );
    assert!(
        passed > documents / 10 && refused > documents / 10,
        "passed {passed}, refused {refused}"
    );
}

fn generated_unlocated(j: &Option<Judged>) -> bool {
    matches!(j, Some(Judged { generated: Err(e), .. }) if e.contains("unlocated") || e == "panicked")
}
