//! The HTTP vocabulary every tool shares, once: which response codes are success, which media
//! types are JSON, a media type's essence.

use openapiv3::StatusCode;

/// Whether a response code is in the success group (2xx), which progenitor types.
pub(crate) fn is_success(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(c) => (200..300).contains(c),
        StatusCode::Range(r) => *r == 2,
    }
}

/// The responses an operation's result is typed from: its 2xx responses, or, when it declares
/// none, its `default` as a `2XX` range. progenitor counts `default` as a success, and a
/// `default`-only operation (oxide's downloads) has no other; the client still reports every
/// status outside 2xx as an error.
pub(crate) fn success_responses(
    responses: &openapiv3::Responses,
) -> Vec<(StatusCode, &openapiv3::ReferenceOr<openapiv3::Response>)> {
    let twos: Vec<_> = responses
        .responses
        .iter()
        .filter(|(code, _)| is_success(code))
        .map(|(code, r)| (code.clone(), r))
        .collect();
    match &responses.default {
        Some(default) if twos.is_empty() => vec![(StatusCode::Range(2), default)],
        _ => twos,
    }
}

/// [`is_success`] for a code as the raw document keys it (`"200"`, `"2XX"`).
pub(crate) fn is_success_key(code: &str) -> bool {
    code.starts_with('2')
}

/// A media type without its parameters, lower case (`application/vnd.api+json; ext=bulk` ->
/// `application/vnd.api+json`).
pub(crate) fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type is JSON under another name (`application/vnd.api+json; ext=bulk`).
pub(crate) fn is_plus_json(media: &str) -> bool {
    let essence = essence(media);
    essence.starts_with("application/") && essence.ends_with("+json")
}

/// Whether a media type is JSON: `application/json` or an `application/*+json` type.
pub(crate) fn is_json(media: &str) -> bool {
    essence(media) == "application/json" || is_plus_json(media)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_by_essence() {
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(is_json("application/vnd.api+json; ext=bulk"));
        assert!(!is_json("application/jsonl"));
        assert!(!is_json("text/json+x"));
        assert!(is_success_key("2XX") && !is_success_key("404"));
    }
}
