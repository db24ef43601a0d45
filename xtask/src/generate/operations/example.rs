//! The runnable example in each client method's rustdoc: the call with example arguments,
//! run (as a doc test) against the mock crate's server answering the spec's example response.
//!
//! Values come from the spec: a parameter's or its schema's `example`; a body or response
//! built from its schema's examples (properties with one, required ones always, an array's
//! `minItems` of its item, an enum's first value); a hand-written body type from its
//! `Replacement::example`. What has no example gets `"example"` (strings) or the smallest
//! value its schema allows.

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, StatusCode, Type};
use serde_json::Value;

use super::args::{Arg, Held};
use crate::generate::{adapt, names};
use crate::spec::model::{self, Op};

/// The doc section, `# Example` and its code block; `None` when an argument has no value.
pub(super) fn section(spec: &OpenAPI, op: &Op<'_>, id: &str, args: &[Arg<'_>]) -> Option<String> {
    let method = names::method(id);
    let mut hidden = vec![
        "# #[tokio::main(flavor = \"current_thread\")]".to_string(),
        "# async fn main() -> Result<(), fastly_tokens::Error> {".to_string(),
        "# use fastly_tokens_mock::MockServerExt;".to_string(),
        "# let server = fastly_tokens_mock::MockServer::start_async().await;".to_string(),
    ];
    let (respond, shows) = response(spec, op)?;
    hidden.push(format!("# server.{method}(|_, then| {{ {respond}; }});"));
    hidden.push("# let client = server.client();".to_string());
    let mut values = Vec::new();
    for a in args.iter().filter(|a| !a.held.optional()) {
        let value = match (&a.held, a.location) {
            (Held::Str, Some(_)) => {
                let param = op.params.iter().find(|p| p.data.name == a.name);
                let example = param
                    .and_then(|p| p.data.example.clone())
                    .or_else(|| a.schema.and_then(|s| s.schema_data.example.clone()))
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_else(|| "example".into());
                format!("{example:?}")
            }
            (Held::Ref(t) | Held::Value(t), None) => {
                let path = quote::quote!(#t).to_string().replace(' ', "");
                if super::args::is_raw_bytes(t) {
                    // A raw body: any text or bytes convert into it.
                    "\"example\"".to_string()
                } else if let Some(r) = adapt::REPLACEMENTS.iter().find(|r| r.path == path) {
                    r.example?.to_string()
                } else {
                    let json = value_of(spec, a.schema?, 0)?;
                    let ty = path.trim_start_matches("::").replacen(
                        "types::",
                        "fastly_tokens::types::",
                        1,
                    );
                    hidden.push(format!(
                        "# let body: {ty} = serde_json::from_str(r#\"{json}\"#).unwrap();"
                    ));
                    "body".to_string()
                }
            }
            _ => return None,
        };
        values.push(value);
    }
    let call = format!("client.{method}({}).await?", values.join(", "));
    let visible = match shows {
        Shows::List => format!(
            "let list = {call};\nfor item in list.iter() {{\n    println!(\"{{item:?}}\");\n}}"
        ),
        Shows::One => format!("let value = {call};\nprintln!(\"{{:?}}\", value.into_inner());"),
        Shows::Nothing => format!("{call};"),
    };
    let mut text = String::from("# Example\n\n```\n");
    for line in &hidden {
        text.push_str(line);
        text.push('\n');
    }
    text.push_str(&visible);
    text.push_str("\n# Ok(())\n# }\n```");
    Some(text)
}

/// What the example does with the answer.
enum Shows {
    List,
    One,
    Nothing,
}

/// The status of the operation's first 2XX answer, and an example of its JSON body (none for
/// an answer without one): what the doc examples' mock answers, and what tests answer any
/// operation with (`tests/src/ops.rs`).
pub(crate) fn success(spec: &OpenAPI, op: &Op<'_>) -> Option<(u16, Option<Value>)> {
    let (code, response) = op
        .op
        .responses
        .responses
        .iter()
        .find_map(|(s, r)| match s {
            StatusCode::Code(c) if (200..300).contains(c) => Some((*c, model::response(spec, r)?)),
            _ => None,
        })?;
    let schema = response
        .content
        .iter()
        .find(|(m, _)| adapt::body_media_type(m).is_some())
        .and_then(|(_, c)| c.schema.as_ref());
    match schema {
        None => Some((code, None)),
        Some(s) => Some((code, Some(value_of(spec, model::schema(spec, s)?, 0)?))),
    }
}

/// The mock's success responder with the spec's example value, and what the answer is.
fn response(spec: &OpenAPI, op: &Op<'_>) -> Option<(String, Shows)> {
    let (code, json) = success(spec, op)?;
    let responder = match code {
        200 => "ok",
        201 => "created",
        202 => "accepted",
        204 => "no_content",
        _ => return None,
    };
    match json {
        None => Some((format!("then.{responder}()"), Shows::Nothing)),
        Some(json) => {
            let shows = match json {
                Value::Array(_) => Shows::List,
                _ => Shows::One,
            };
            Some((
                format!("then.{responder}(&serde_json::from_str(r#\"{json}\"#).unwrap())"),
                shows,
            ))
        }
    }
}

/// An example value of `schema`, from its examples (see the module's doc).
fn value_of<'a>(spec: &'a OpenAPI, schema: &'a Schema, depth: usize) -> Option<Value> {
    if depth > 8 {
        return None;
    }
    if let Some(example) = &schema.schema_data.example {
        return Some(example.clone());
    }
    let resolve = |s: &'a ReferenceOr<Box<Schema>>| model::boxed_schema(spec, s);
    Some(match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            let mut out = serde_json::Map::new();
            for (name, property) in &o.properties {
                let property = resolve(property)?;
                let required = o.required.contains(name);
                if required || property.schema_data.example.is_some() {
                    out.insert(name.clone(), value_of(spec, property, depth + 1)?);
                }
            }
            Value::Object(out)
        }
        SchemaKind::Type(Type::Array(a)) => {
            let item = a.items.as_ref().and_then(resolve);
            let count = a.min_items.unwrap_or(1).max(1);
            match item {
                Some(item) => {
                    let one = value_of(spec, item, depth + 1)?;
                    Value::Array(vec![one; count])
                }
                None => Value::Array(Vec::new()),
            }
        }
        SchemaKind::Type(Type::String(s)) => match s.enumeration.iter().flatten().next() {
            Some(first) => Value::String(first.clone()),
            None => Value::String("example".into()),
        },
        SchemaKind::Type(Type::Integer(i)) => Value::from(i.minimum.unwrap_or(0)),
        SchemaKind::Type(Type::Number(n)) => Value::from(n.minimum.unwrap_or(0.0)),
        SchemaKind::Type(Type::Boolean(_)) => Value::Bool(false),
        SchemaKind::AllOf { all_of } => {
            let mut out = serde_json::Map::new();
            for part in all_of {
                if let Value::Object(m) = value_of(spec, model::schema(spec, part)?, depth + 1)? {
                    out.extend(m);
                }
            }
            Value::Object(out)
        }
        SchemaKind::OneOf { one_of: v } | SchemaKind::AnyOf { any_of: v } => {
            value_of(spec, model::schema(spec, v.first()?)?, depth + 1)?
        }
        _ => return None,
    })
}
