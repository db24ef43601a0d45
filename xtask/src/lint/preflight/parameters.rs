//! The preflight rules of parameters (progenitor-impl `method.rs`, `process_operation`, and
//! `httpmock.rs`), over each operation's parameters as progenitor combines them: the path
//! item's and the operation's, every `$ref` followed, reported where each is defined.

use openapiv3::{ParameterSchemaOrContent, SchemaKind, Type};

use super::Report;
use crate::generate::names;
use crate::lint::RuleId;
use crate::spec::model::{In, Op, Param};

/// Every rule of this file over one operation's parameters.
pub(super) fn check(spec: &openapiv3::OpenAPI, o: &Op<'_>, add: &mut Report<'_>) {
    for p in &o.params {
        if p.location == In::Cookie {
            add(
                RuleId::CookieParameter,
                p.pointer.clone(),
                "cookie parameters are not supported by progenitor 0.15.1 (\"cookie parameters \
                 are not supported\")"
                    .into(),
            );
            continue;
        }
        style(p, add);
        if let ParameterSchemaOrContent::Content(_) = &p.data.format {
            add(
                RuleId::ParameterContent,
                format!("{}/content", p.pointer),
                "progenitor 0.15.1 refuses a parameter described by `content` (\"unexpected \
                 content\"); describe it with `schema`"
                    .into(),
            );
        }
        kind(spec, p, add);
        if let Some(prompt) = p.data.extensions.get("x-cli-prompt") {
            use crate::generate::operations::cli_names;
            let at = (
                !p.data.required,
                cli_names::text_schema(p.schema),
                p.location != In::Path,
            );
            if let Some(problem) = cli_names::prompt_problem(&p.data.name, prompt, at) {
                add(
                    RuleId::CliPromptInvalid,
                    format!("{}/x-cli-prompt", p.pointer),
                    problem,
                );
            }
        }
    }
    collisions(o, add);
}

/// `parameter-style`: progenitor takes `form` query parameters and `simple` path parameters
/// only ("unsupported style of query parameter"). (A `form` list with `explode: false`, which
/// progenitor would send as repeated keys, is sent comma-separated by `patches.rs`.)
fn style(p: &Param<'_>, add: &mut Report<'_>) {
    let refused = match (p.location, style_of(p)) {
        (In::Query, Some(s)) if s != "form" => Some(s),
        (In::Path, Some(s)) if s != "simple" => Some(s),
        _ => None,
    };
    if let Some(s) = refused {
        let place = match p.location {
            In::Query => "query",
            _ => "path",
        };
        add(
            RuleId::ParameterStyle,
            format!("{}/style", p.pointer),
            format!(
                "progenitor 0.15.1 refuses a {place} parameter of style `{s}` (\"unsupported \
                 style of {place} parameter\"); it sends `form` queries and `simple` paths only"
            ),
        );
    }
}

/// The parameter's `style` (its place's default when none is written); `None` for headers.
fn style_of(p: &Param<'_>) -> Option<&'static str> {
    use openapiv3::{Parameter, PathStyle, QueryStyle};
    match p.parameter {
        Parameter::Query { style, .. } => Some(match style {
            QueryStyle::Form => "form",
            QueryStyle::SpaceDelimited => "spaceDelimited",
            QueryStyle::PipeDelimited => "pipeDelimited",
            QueryStyle::DeepObject => "deepObject",
        }),
        Parameter::Path { style, .. } => Some(match style {
            PathStyle::Simple => "simple",
            PathStyle::Matrix => "matrix",
            PathStyle::Label => "label",
        }),
        _ => None,
    }
}

/// `parameter-type`: a parameter's value goes into the URL or a header by `to_string()` in
/// the client (paths, headers) and in progenitor's httpmock matchers, so a list or an object
/// there generates code that does not compile. A query list of plain values (strings,
/// numbers, booleans, string enums) is the exception: the client sends one `name=item` pair
/// per item, and the mock matches them so (`generate/mock.rs`, fix 7).
fn kind(spec: &openapiv3::OpenAPI, p: &Param<'_>, add: &mut Report<'_>) {
    let Some(schema) = p.schema else {
        return;
    };
    let what = match &schema.schema_kind {
        SchemaKind::Type(Type::Array(list)) if p.location == In::Query => {
            let item =
                (list.items.as_ref()).and_then(|i| crate::spec::model::boxed_schema(spec, i));
            let plain = item.is_some_and(|i| {
                matches!(
                    i.schema_kind,
                    SchemaKind::Type(
                        Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_)
                    )
                )
            });
            if plain {
                return;
            }
            "a list of anything but plain values"
        }
        SchemaKind::Type(Type::Array(_)) => "a list",
        SchemaKind::Type(Type::Object(_)) => "an object",
        SchemaKind::Any(any) if !any.properties.is_empty() || any.items.is_some() => {
            "an object or a list"
        }
        _ => return,
    };
    let place = match p.location {
        In::Query => "query",
        In::Header => "header",
        In::Path => "path",
        In::Cookie => return,
    };
    add(
        RuleId::ParameterType,
        format!("{}/schema", p.pointer),
        format!(
            "a {place} parameter that is {what} generates code that does not compile: \
             progenitor 0.15.1 writes it with `to_string()` (the mock's matchers, and the \
             client's paths and headers); send it as a string"
        ),
    );
}

/// `parameter-name-collision`: progenitor keys an operation's parameters by name alone (a
/// query `id` and a header `id` are one, the other silently lost) and names each argument in
/// snake case (`fooBar` and `foo_bar` are two arguments of one name: no build).
fn collisions(o: &Op<'_>, add: &mut Report<'_>) {
    let mut seen: std::collections::BTreeMap<String, &Param<'_>> = Default::default();
    for p in &o.params {
        if p.location == In::Cookie {
            continue;
        }
        let rust = names::method(&p.data.name);
        if !p.data.name.chars().any(|c| c.is_ascii_alphanumeric()) {
            add(
                RuleId::ParameterNameCollision,
                format!("{}/name", p.pointer),
                format!(
                    "the parameter name {:?} has no letter or digit: progenitor 0.15.1 makes \
                     up the argument `{rust}` for it, which names no parameter; name it",
                    p.data.name
                ),
            );
            continue;
        }
        // Locals of every generated method body that progenitor does not rename around an
        // argument (`header_map`), the body's own argument, and the builder's own methods.
        let taken = match rust.as_str() {
            "header_map" => Some("a local of the method progenitor writes"),
            "body" if o.body.is_some() => Some("the request body's argument"),
            m if !p.data.required && crate::generate::operations::BUILDER_METHODS.contains(&m) => {
                Some("a method of the request builder")
            }
            _ => None,
        };
        if let Some(what) = taken {
            add(
                RuleId::ParameterNameCollision,
                format!("{}/name", p.pointer),
                format!(
                    "the parameter `{}` becomes `{rust}`, which is {what}: the code would not \
                     compile; rename it",
                    p.data.name
                ),
            );
        }
        if let Some(first) = seen.insert(rust.clone(), p) {
            let why = if first.data.name == p.data.name {
                format!(
                    "progenitor 0.15.1 keeps one parameter per name, so `{}` in {} and in {} \
                     become one and the other is never sent",
                    p.data.name,
                    place(first.location),
                    place(p.location)
                )
            } else {
                format!(
                    "`{}` and `{}` both become the argument `{rust}`: the code would not \
                     compile",
                    first.data.name, p.data.name
                )
            };
            add(
                RuleId::ParameterNameCollision,
                format!("{}/name", p.pointer),
                format!("{why}; rename one (in {})", o.pointer),
            );
        }
    }
}

fn place(location: In) -> &'static str {
    match location {
        In::Path => "the path",
        In::Query => "the query",
        In::Header => "a header",
        In::Cookie => "a cookie",
    }
}
