//! JSON Schemas of the hand-written stand-ins (`Scopes`, `AccessToken`, `CreateTokenRequest`,
//! `SudoRequest`)
//! under the `schemars` feature: each describes the wire shape of the spec schema it replaces,
//! which `tests/tests/it/replacements.rs` checks against the spec itself.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use schemars::r#gen::SchemaGenerator;
use schemars::schema::{InstanceType, Metadata, ObjectValidation, Schema, SchemaObject};

use crate::{AccessToken, CreateTokenRequest, Scopes, SudoRequest};

fn string(format: Option<&str>, description: &str) -> Schema {
    SchemaObject {
        instance_type: Some(InstanceType::String.into()),
        format: format.map(str::to_string),
        metadata: Some(Box::new(Metadata {
            description: Some(description.to_string()),
            ..Metadata::default()
        })),
        ..SchemaObject::default()
    }
    .into()
}

/// `token_scope`: a space-delimited string of scopes.
impl JsonSchema for Scopes {
    fn schema_name() -> String {
        "TokenScope".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        string(
            None,
            "A space-delimited list of scopes, e.g. `global:read purge_select`.",
        )
    }
}

/// `access_token`: the new token's secret.
impl JsonSchema for AccessToken {
    fn schema_name() -> String {
        "AccessToken".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        string(Some("password"), "The new token's secret, shown once.")
    }
}

/// `create_token_request`: the createToken form's fields, as the spec describes a form body
/// (an object). `Serialize` writes those fields as the form's ordered (field, value) pairs
/// instead, `services[]` once per ID, which is what the form encoding needs.
impl JsonSchema for CreateTokenRequest {
    fn schema_name() -> String {
        "CreateTokenRequest".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut object = ObjectValidation::default();
        for (name, schema) in [
            ("name", generator.subschema_for::<String>()),
            ("scope", generator.subschema_for::<Scopes>()),
            ("services[]", generator.subschema_for::<Vec<String>>()),
            ("expires_at", generator.subschema_for::<DateTime<Utc>>()),
            ("username", generator.subschema_for::<String>()),
            (
                "password",
                string(Some("password"), "The account's password."),
            ),
        ] {
            object.properties.insert(name.to_string(), schema);
        }
        SchemaObject {
            instance_type: Some(InstanceType::Object.into()),
            object: Some(Box::new(object)),
            ..SchemaObject::default()
        }
        .into()
    }
}

/// `sudo_request`: the `POST /sudo` form's fields.
impl JsonSchema for SudoRequest {
    fn schema_name() -> String {
        "SudoRequest".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut object = ObjectValidation::default();
        object
            .properties
            .insert("username".to_string(), generator.subschema_for::<String>());
        object.properties.insert(
            "password".to_string(),
            string(Some("password"), "The account's password."),
        );
        object.required.insert("password".to_string());
        SchemaObject {
            instance_type: Some(InstanceType::Object.into()),
            object: Some(Box::new(object)),
            ..SchemaObject::default()
        }
        .into()
    }
}
