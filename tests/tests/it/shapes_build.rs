//! What progenitor takes, the crates build: every shape of `tests/fixtures/shapes/` (the
//! shapes of real documents: default-only responses, raw bodies, URL shapes, many tags,
//! websockets, query lists, plain values as bodies and answers), merged into the committed
//! spec, generates a client, a mock and a CLI that compile.

use serde_json::{Map, Value};

/// `shape`'s paths, components and tags added to `doc`; an operationId `doc` already has gets
/// the shape's name after it.
fn merge(doc: &mut Value, shape: Value, name: &str) {
    let mut ids: Vec<String> = operation_ids(doc);
    let Value::Object(shape) = shape else {
        panic!("{name} is not a mapping")
    };
    for (path, mut item) in shape
        .get("paths")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
    {
        for op in item
            .as_object_mut()
            .into_iter()
            .flat_map(|m| m.values_mut())
        {
            let Some(id) = op
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_string)
            else {
                continue;
            };
            if ids.contains(&id) {
                op["operationId"] = Value::String(format!("{id}_{name}"));
            }
            ids.push(op["operationId"].as_str().unwrap().to_string());
        }
        let paths = doc["paths"].as_object_mut().unwrap();
        assert!(
            paths.insert(path.clone(), item).is_none(),
            "{name}: {path} twice"
        );
    }
    for (kind, parts) in shape
        .get("components")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
    {
        let components = doc["components"].as_object_mut().unwrap();
        let into = components
            .entry(kind.clone())
            .or_insert_with(|| Value::Object(Map::new()))
            .as_object_mut()
            .unwrap();
        for (part, value) in parts.as_object().cloned().unwrap_or_default() {
            let had = into.insert(part.clone(), value.clone());
            assert!(
                had.is_none() || had == Some(value),
                "{name}: {kind}.{part} differs"
            );
        }
    }
    let tags = doc["tags"].as_array_mut().unwrap();
    for tag in shape
        .get("tags")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
    {
        if !tags.iter().any(|t| t["name"] == tag["name"]) {
            tags.push(tag);
        }
    }
}

fn operation_ids(doc: &Value) -> Vec<String> {
    doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .filter_map(|op| op.get("operationId")?.as_str())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_shape_merged_into_the_spec_builds() {
    let mut doc = xtask::spec::parse(&tests::committed_spec(), xtask::SPEC_PATH)
        .unwrap()
        .value;
    let shapes = tests::yaml_fixtures("tests/fixtures/shapes");
    assert!(shapes.len() >= 5, "the shapes corpus");
    for (name, text) in &shapes {
        let name = name.replace('-', "_");
        let shape = xtask::spec::parse(text, &name).unwrap().value;
        merge(&mut doc, shape, &name);
    }
    let scratch = tempfile::tempdir().unwrap();
    tests::copy_workspace(scratch.path());
    // JSON is YAML: the merged document as the scratch workspace's spec.
    let spec = serde_json::to_string_pretty(&doc).unwrap();
    std::fs::write(scratch.path().join(xtask::SPEC_PATH), spec).unwrap();
    xtask::generate_in(scratch.path(), xtask::Mode::Write).unwrap();
    let (ok, errors) = tests::cargo_check(
        scratch.path(),
        &[
            "-p",
            "fastly-tokens",
            "-p",
            "fastly-tokens-mock",
            "-p",
            "fastly-tokens-cli",
        ],
    );
    assert!(ok, "the merged spec's crates do not compile:\n{errors}");
}
