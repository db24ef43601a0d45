//! One model of the spec's operations for every pass that needs them: each operation with its
//! JSON pointer, method, path, and its parameters and request body with `$ref`s resolved.

use openapiv3::{
    OpenAPI, Operation, Parameter, ParameterData, ParameterSchemaOrContent, ReferenceOr,
    RequestBody, Schema,
};

use crate::spec::pointer::escape;

/// A component by reference (`#/components/<kind>/<name>`), when it exists as an item.
fn component<'a, T>(
    map: Option<&'a indexmap::IndexMap<String, ReferenceOr<T>>>,
    kind: &str,
    reference: &str,
) -> Option<&'a T> {
    let name = reference.strip_prefix(&format!("#/components/{kind}/"))?;
    map?.get(name)?.as_item()
}

/// What a `ReferenceOr<T>` (or `ReferenceOr<Box<T>>`) stands for: the item, or the component
/// its `$ref` names (one level).
fn resolve<'a, T, B: std::borrow::Borrow<T>>(
    r: &'a ReferenceOr<B>,
    map: Option<&'a indexmap::IndexMap<String, ReferenceOr<T>>>,
    kind: &str,
) -> Option<&'a T> {
    match r {
        ReferenceOr::Item(item) => Some(item.borrow()),
        ReferenceOr::Reference { reference } => component(map, kind, reference),
    }
}

/// The component schema a `#/components/schemas/<name>` reference names.
pub(crate) fn schema_by_ref<'a>(spec: &'a OpenAPI, reference: &str) -> Option<&'a Schema> {
    component(
        spec.components.as_ref().map(|c| &c.schemas),
        "schemas",
        reference,
    )
}

/// The schema a schema-or-reference stands for (one level of `$ref`).
pub(crate) fn schema<'a>(spec: &'a OpenAPI, s: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    resolve(s, spec.components.as_ref().map(|c| &c.schemas), "schemas")
}

/// [`schema`] for the boxed form used inside schemas (array items, properties).
pub(crate) fn boxed_schema<'a>(
    spec: &'a OpenAPI,
    s: &'a ReferenceOr<Box<Schema>>,
) -> Option<&'a Schema> {
    resolve(s, spec.components.as_ref().map(|c| &c.schemas), "schemas")
}

/// The parameter a parameter-or-reference stands for.
pub(crate) fn parameter<'a>(
    spec: &'a OpenAPI,
    p: &'a ReferenceOr<Parameter>,
) -> Option<&'a Parameter> {
    resolve(
        p,
        spec.components.as_ref().map(|c| &c.parameters),
        "parameters",
    )
}

/// The response a response-or-reference stands for.
pub(crate) fn response<'a>(
    spec: &'a OpenAPI,
    r: &'a ReferenceOr<openapiv3::Response>,
) -> Option<&'a openapiv3::Response> {
    resolve(
        r,
        spec.components.as_ref().map(|c| &c.responses),
        "responses",
    )
}

/// The request body a body-or-reference stands for.
pub(crate) fn request_body<'a>(
    spec: &'a OpenAPI,
    b: &'a ReferenceOr<RequestBody>,
) -> Option<&'a RequestBody> {
    resolve(
        b,
        spec.components.as_ref().map(|c| &c.request_bodies),
        "requestBodies",
    )
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum In {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// A resolved parameter of an operation.
#[derive(Clone, Debug)]
pub struct Param<'a> {
    /// Where it goes.
    pub location: In,
    /// Its name, data, and schema.
    pub data: &'a ParameterData,
    /// Its schema, resolved; `None` for `content` parameters or a dangling `$ref`.
    pub schema: Option<&'a Schema>,
    /// The parameter as written (its style among the rest).
    pub parameter: &'a Parameter,
    /// Where it is defined: the component a `$ref` names, else its place in the list
    /// (`/paths/~1a/parameters/0` on the path item, `/paths/~1a/get/parameters/1`).
    pub pointer: String,
}

impl Param<'_> {
    /// Whether its schema is a list (`type: array`).
    pub(crate) fn is_list(&self) -> bool {
        matches!(
            self.schema.map(|s| &s.schema_kind),
            Some(openapiv3::SchemaKind::Type(openapiv3::Type::Array(_)))
        )
    }
}

/// One operation of the spec.
#[derive(Clone, Debug)]
pub struct Op<'a> {
    /// JSON pointer to the operation (`/paths/~1tokens/get`).
    pub pointer: String,
    /// The HTTP method, lower case.
    pub method: &'a str,
    /// The path template.
    pub path: &'a str,
    /// The operation.
    pub op: &'a Operation,
    /// Path-level then operation-level parameters, resolved (an operation-level one replaces
    /// a path-level one of the same name and place).
    pub params: Vec<Param<'a>>,
    /// The request body, resolved.
    pub body: Option<&'a RequestBody>,
    /// Where the request body is defined: the component a `$ref` names, else
    /// `<operation>/requestBody`.
    pub body_pointer: String,
}

/// Every operation of the spec: by path in the model's order, which is sorted (`load.rs` reads
/// the document through a `serde_json::Value`), then by method in `PathItem::iter`'s order.
pub fn operations(spec: &OpenAPI) -> Vec<Op<'_>> {
    let mut out = Vec::new();
    for (path, item) in spec.paths.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let at = format!("/paths/{}", escape(path));
        for (method, op) in item.iter() {
            let pointer = format!("{at}/{method}");
            let listed = (item.parameters.iter().enumerate())
                .map(|(i, p)| (format!("{at}/parameters/{i}"), p))
                .chain(
                    (op.parameters.iter().enumerate())
                        .map(|(i, p)| (format!("{pointer}/parameters/{i}"), p)),
                );
            let mut params: Vec<Param<'_>> = Vec::new();
            for (place, listed) in listed {
                let Some(p) = parameter(spec, listed) else {
                    continue;
                };
                let (location, data) = match p {
                    Parameter::Path { parameter_data, .. } => (In::Path, parameter_data),
                    Parameter::Query { parameter_data, .. } => (In::Query, parameter_data),
                    Parameter::Header { parameter_data, .. } => (In::Header, parameter_data),
                    Parameter::Cookie { parameter_data, .. } => (In::Cookie, parameter_data),
                };
                let schema = match &data.format {
                    ParameterSchemaOrContent::Schema(s) => self::schema(spec, s),
                    ParameterSchemaOrContent::Content(_) => None,
                };
                params.retain(|q| !(q.location == location && q.data.name == data.name));
                params.push(Param {
                    location,
                    data,
                    schema,
                    parameter: p,
                    pointer: defined_at(listed, place),
                });
            }
            let body_pointer = match &op.request_body {
                Some(body) => defined_at(body, format!("{pointer}/requestBody")),
                None => format!("{pointer}/requestBody"),
            };
            out.push(Op {
                pointer,
                method,
                path,
                op,
                params,
                body: op.request_body.as_ref().and_then(|b| request_body(spec, b)),
                body_pointer,
            });
        }
    }
    out
}

/// Where a part is defined: the local target of its `$ref`, else `place` (where it is written).
pub(crate) fn defined_at<T>(r: &ReferenceOr<T>, place: String) -> String {
    match r {
        ReferenceOr::Reference { reference } => match reference.strip_prefix('#') {
            Some(pointer) => pointer.to_string(),
            None => place,
        },
        ReferenceOr::Item(_) => place,
    }
}

/// The object of `schema` and of each of its `allOf` members, followed through local `$ref`s
/// (as typify merges them into one type), at most a few dozen deep: an `allOf` cycle, which
/// lint refuses, ends here rather than in a loop.
pub(crate) fn objects<'a>(
    spec: &'a openapiv3::OpenAPI,
    schema: &'a ReferenceOr<openapiv3::Schema>,
) -> Vec<&'a openapiv3::ObjectType> {
    use openapiv3::{SchemaKind, Type};
    let mut out = Vec::new();
    let mut stack: Vec<&openapiv3::Schema> = self::schema(spec, schema).into_iter().collect();
    for _ in 0..64 {
        let Some(schema) = stack.pop() else { break };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => out.push(object),
            SchemaKind::AllOf { all_of } => {
                stack.extend(all_of.iter().filter_map(|m| self::schema(spec, m)));
            }
            _ => {}
        }
    }
    out
}
