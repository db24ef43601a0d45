//! Loading the spec: its files to a [`Source`], then `openapiv3::OpenAPI`, with errors that
//! name the place.

use crate::error::{Error, Location};
use crate::spec::bundle::ReadFile;
use crate::spec::pointer;
use crate::spec::source::Source;
use crate::spec::yaml::Lines;

/// Parses `text` (YAML or JSON) as an OpenAPI 3.0.x document that stands alone.
///
/// Errors carry the JSON pointer of the offending node and its line.
pub fn load(text: &str, file: &str) -> Result<openapiv3::OpenAPI, Error> {
    from_value(&parse(text, file)?)
}

/// The document of one text as a [`Source`]: valid YAML, a mapping, `openapi: 3.0.x` (what
/// every rule needs before the document can be read as OpenAPI). A `$ref` into another file
/// is an error: [`read`] follows them.
pub fn parse(text: &str, file: &str) -> Result<Source, Error> {
    read(text, file, &|_| {
        Err("the spec was given as one text, so no other file is read".into())
    })
}

/// [`parse`] for a spec that may be split into files: `other` reads each file a relative
/// `$ref` names (see `spec/source.rs`).
pub fn read(text: &str, file: &str, other: ReadFile<'_>) -> Result<Source, Error> {
    if text.trim().is_empty() {
        return Err(spec_error(
            file,
            String::new(),
            None,
            "the document is empty".into(),
        ));
    }
    crate::spec::bundle::read(text, file, other, &check_version)
}

/// The root file is a mapping with `openapi: 3.0.x` (checked before any other file is read).
fn check_version(value: &serde_json::Value, lines: &Lines, file: &str) -> Result<(), Error> {
    let spec_err = |pointer, line, message| spec_error(file, pointer, line, message);
    let Some(root) = value.as_object() else {
        return Err(spec_err(
            String::new(),
            None,
            "the document is not a mapping".into(),
        ));
    };
    match root.get("openapi").and_then(|v| v.as_str()) {
        Some(v) if v.starts_with("3.0.") => Ok(()),
        Some(v) => Err(spec_err(
            "/openapi".into(),
            lines.get("/openapi").map(|p| p.line),
            format!(
                "OpenAPI {v} is not supported: progenitor 0.15.1 reads OpenAPI 3.0.x only \
                 (upstream progenitor#1268)"
            ),
        )),
        None => Err(spec_err(
            "/openapi".into(),
            None,
            "missing the `openapi: 3.0.x` version field".into(),
        )),
    }
}

/// An error at `pointer` (and `line`) of `file`.
fn spec_error(file: &str, pointer: String, line: Option<usize>, message: String) -> Error {
    Error::Spec {
        location: Location {
            file: file.to_string(),
            pointer,
            line,
        },
        message,
    }
}

/// Reads a [`parse`]d document as `openapiv3::OpenAPI`, the error at the deepest place found.
pub fn from_value(source: &Source) -> Result<openapiv3::OpenAPI, Error> {
    let value = &source.value;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut pointer = pointer::from_serde_path(e.path());
        let mut message = e.into_inner().to_string();
        if let Some((deeper, m)) = refine(value, &pointer) {
            pointer = deeper;
            message = m;
        }
        Error::Spec {
            location: source.locate(&pointer),
            message,
        }
    })
}

/// openapiv3 reads path items and components through untagged enums (`$ref` or the item),
/// which hide where inside them an error is. Re-reads each child of such a map as the item
/// type itself to find the deepest failing place.
fn refine(value: &serde_json::Value, pointer: &str) -> Option<(String, String)> {
    fn first_error<T: serde::de::DeserializeOwned>(
        map: &serde_json::Map<String, serde_json::Value>,
        base: &str,
    ) -> Option<(String, String)> {
        map.iter().find_map(|(key, child)| {
            if child.get("$ref").is_some() {
                return None;
            }
            let err = serde_path_to_error::deserialize::<_, T>(child).err()?;
            let inner = pointer::from_serde_path(err.path());
            let key = pointer::escape(key);
            Some((format!("{base}/{key}{inner}"), err.into_inner().to_string()))
        })
    }
    let base = [
        "/paths",
        "/components/schemas",
        "/components/responses",
        "/components/parameters",
    ]
    .into_iter()
    .find(|b| pointer == *b || pointer.starts_with(&format!("{b}/")))?;
    let map = value.pointer(base)?.as_object()?;
    match base {
        "/paths" => first_error::<openapiv3::PathItem>(map, base),
        "/components/schemas" => first_error::<openapiv3::Schema>(map, base),
        "/components/responses" => first_error::<openapiv3::Response>(map, base),
        _ => first_error::<openapiv3::Parameter>(map, base),
    }
}
