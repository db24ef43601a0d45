//! The Rust types describe the spec's wire shapes: the JSON Schema of each public type (from
//! `schemars`, the client's `schemars` feature) has the same shape as the spec schema it comes
//! from. For the hand-written stand-ins (`adapt::REPLACEMENTS`) this is the contract that
//! nothing else checks: a property added to a replaced schema fails here instead of being
//! silently dropped.
//!
//! One `shape` reads both dialects. A shape is a type, a string `format`, `enum` values,
//! properties and items; descriptions, nullability and `required` are left out (the generated
//! types keep every field optional where the spec lets the server omit it).

use fastly_tokens::{AccessToken, CreateTokenRequest, Scopes, SudoRequest, types};
use schemars::JsonSchema;
use serde_json::{Map, Value, json};

/// The shape of a schema in either dialect (the spec's, or schemars' JSON Schema): `$ref`s
/// resolved as JSON pointers into `root`, `allOf` merged, `Option`'s `null` dropped.
fn shape(root: &Value, schema: &Value, depth: usize) -> Value {
    assert!(depth < 16, "the schemas nest too deep");
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let target = root
            .pointer(r.trim_start_matches('#'))
            .unwrap_or(&Value::Null);
        return shape(root, target, depth + 1);
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        // schemars wraps a described `$ref` in a one-part `allOf`.
        if let [only] = parts.as_slice() {
            return shape(root, only, depth + 1);
        }
        let mut merged = Map::new();
        for part in parts {
            if let Value::Object(p) = shape(root, part, depth + 1)["properties"].clone() {
                merged.extend(p);
            }
        }
        return json!({"type": "object", "properties": merged});
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(parts) = schema.get(key).and_then(Value::as_array) {
            let non_null: Vec<&Value> = parts.iter().filter(|p| p["type"] != "null").collect();
            if let [only] = non_null.as_slice() {
                return shape(root, only, depth + 1);
            }
        }
    }
    let kind = match schema.get("type") {
        Some(Value::Array(kinds)) => kinds.iter().find(|k| *k != "null").cloned(),
        other => other.cloned(),
    }
    .unwrap_or(Value::Null);
    let mut out = Map::new();
    out.insert("type".into(), kind.clone());
    if kind == "string" {
        for key in ["format", "enum"] {
            if let Some(v) = schema.get(key) {
                out.insert(key.into(), v.clone());
            }
        }
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        // A property marked `x-same-as` is read into its twin's field: no field of its own.
        let props: Map<String, Value> = props
            .iter()
            .filter(|(_, v)| v.get("x-same-as").is_none())
            .map(|(k, v)| (k.clone(), shape(root, v, depth + 1)))
            .collect();
        out.insert("properties".into(), Value::Object(props));
    }
    if let Some(items) = schema.get("items") {
        out.insert("items".into(), shape(root, items, depth + 1));
    }
    Value::Object(out)
}

fn spec_json(text: &str) -> Value {
    let spec = xtask::spec::load(text, xtask::SPEC_PATH).unwrap();
    serde_json::to_value(spec).unwrap()
}

fn shape_of<T: JsonSchema>() -> Value {
    let root = serde_json::to_value(schemars::schema_for!(T)).unwrap();
    shape(&root, &root, 0)
}

/// (spec schema, shape of the Rust type that stands for it) for every public type.
fn pairs() -> Vec<(&'static str, Value)> {
    vec![
        ("token_scope", shape_of::<Scopes>()),
        ("access_token", shape_of::<AccessToken>()),
        ("create_token_request", shape_of::<CreateTokenRequest>()),
        ("sudo_request", shape_of::<SudoRequest>()),
        ("sudo_response", shape_of::<types::SudoResponse>()),
        ("token_response", shape_of::<types::TokenResponse>()),
        (
            "token_created_response",
            shape_of::<types::TokenCreatedResponse>(),
        ),
        (
            "bulk_revoke_request",
            shape_of::<types::BulkRevokeRequest>(),
        ),
        ("token_reference", shape_of::<types::TokenReference>()),
    ]
}

#[test]
fn every_public_type_has_its_spec_schemas_shape() {
    let spec = spec_json(&tests::committed_spec());
    let names: Vec<&str> = pairs().iter().map(|(n, _)| *n).collect();
    for replaced in xtask::generate::adapt::REPLACEMENTS {
        assert!(
            names.contains(&replaced.schema),
            "{} is checked here",
            replaced.schema
        );
    }
    for (name, rust) in pairs() {
        let want = shape(&spec, &spec["components"]["schemas"][name], 0);
        assert_eq!(
            rust, want,
            "{name}: the Rust type (left) and the spec (right) differ"
        );
    }
}

/// The guard bites: a property added to a replaced schema no longer matches the hand-written
/// type, and a changed format neither.
#[test]
fn a_spec_change_to_a_replaced_schema_is_caught() {
    let committed = tests::committed_spec();
    for (name, from, to) in [
        (
            "create_token_request",
            "          example: \"2016-07-28T19:24:50+00:00\"\n        username:\n",
            "          example: \"2016-07-28T19:24:50+00:00\"\n        tls_only:\n          type: boolean\n          description: TLS only.\n        username:\n",
        ),
        (
            "sudo_request",
            "          description: The account's password.\n    sudo_response:\n",
            "          description: The account's password.\n        otp:\n          type: string\n          description: A one-time password.\n    sudo_response:\n",
        ),
        (
            "access_token",
            "    access_token:\n      type: string\n      format: password\n",
            "    access_token:\n      type: string\n",
        ),
    ] {
        assert_eq!(committed.matches(from).count(), 1, "{from:?}");
        let spec = spec_json(&committed.replacen(from, to, 1));
        let want = shape(&spec, &spec["components"]["schemas"][name], 0);
        let rust = pairs().into_iter().find(|(n, _)| *n == name).unwrap().1;
        assert_ne!(rust, want, "{name}: the change must be caught");
    }
}
