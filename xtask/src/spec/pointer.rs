//! JSON pointers (RFC 6901), the one way every tool names a place in the spec: escaping a
//! segment, splitting a pointer back into keys, and the dotted form people read.

/// Escapes one segment (`/tokens/{id}` -> `~1tokens~1{id}`).
pub(crate) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape`] for one segment.
pub(crate) fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The unescaped segments of a pointer (`/paths/~1tokens/get` -> `["paths", "/tokens", "get"]`).
pub(crate) fn segments(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(unescape).collect()
}

/// A pointer from unescaped segments.
pub(crate) fn from_segments<S: AsRef<str>>(segments: impl IntoIterator<Item = S>) -> String {
    segments
        .into_iter()
        .map(|s| format!("/{}", escape(s.as_ref())))
        .collect()
}

/// Every node of `value` (at pointer `at`) with its pointer, `value` first, in document order
/// (a mapping's keys as the map holds them).
pub(crate) fn nodes<'v>(
    value: &'v serde_json::Value,
    at: &str,
) -> Vec<(String, &'v serde_json::Value)> {
    let mut out = Vec::new();
    let mut stack = vec![(at.to_string(), value)];
    while let Some((here, node)) = stack.pop() {
        let children: Vec<(String, &serde_json::Value)> = match node {
            serde_json::Value::Object(map) => map
                .iter()
                .map(|(k, v)| (format!("{here}/{}", escape(k)), v))
                .collect(),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{here}/{i}"), v))
                .collect(),
            _ => Vec::new(),
        };
        stack.extend(children.into_iter().rev());
        out.push((here, node));
    }
    out
}

/// The dotted form people read (`/paths/~1tokens/get` -> `paths./tokens.get`).
pub(crate) fn dotted(pointer: &str) -> String {
    segments(pointer).join(".")
}

/// The pointer of a deserialisation error's place, from serde_path_to_error's structured
/// path (its dotted text cannot tell a dot inside a key, or `key[0]`, from a separator).
pub(crate) fn from_serde_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    from_segments(path.iter().filter_map(|s| match s {
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Map { key } => Some(key.clone()),
        Segment::Enum { variant } => Some(variant.clone()),
        Segment::Unknown => None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let p = from_segments(["paths", "/a~b/{id}", "get"]);
        assert_eq!(p, "/paths/~1a~0b~1{id}/get");
        assert_eq!(segments(&p), ["paths", "/a~b/{id}", "get"]);
        assert_eq!(dotted(&p), "paths./a~b/{id}.get");
    }
}
