//! The preflight rules of request bodies (progenitor-impl `method.rs`, `get_body_param`), over
//! the body an operation has, inline or by `$ref`, reported where it is defined.

use openapiv3::{OpenAPI, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::Report;
use crate::generate::adapt;
use crate::lint::RuleId;
use crate::spec::model::Op;
use crate::spec::pointer::escape;

/// `request-body-media-types`, `request-body-encoding`, `request-body-media-type`,
/// `request-body-schema`.
pub(super) fn check(spec: &OpenAPI, o: &Op<'_>, add: &mut Report<'_>) {
    let Some(body) = o.body else {
        return;
    };
    let at = format!("{}/content", o.body_pointer);
    // No media type at all: progenitor leaves the body out, and nothing is ever sent.
    if body.content.is_empty() {
        add(
            RuleId::RequestBodyMediaTypes,
            at.clone(),
            "a request body with no media type (`content: {}`) is left out by progenitor \
             0.15.1: nothing would be sent, even when the body is required; name its media type"
                .into(),
        );
    }
    if body.content.len() > 1 {
        add(
            RuleId::RequestBodyMediaTypes,
            at.clone(),
            format!(
                "a request body needs exactly one media type (progenitor panics on several: \
                 \"more media types than expected\"); found {}",
                body.content.len()
            ),
        );
    }
    for (media, m) in &body.content {
        let here = format!("{at}/{}", escape(media));
        if adapt::body_media_type(media).is_none() {
            add(
                RuleId::RequestBodyMediaType,
                here,
                format!(
                    "progenitor 0.15.1 cannot send `{media}` (\"unexpected content type\"); \
                     supported: application/json (and +json types, bridged), \
                     application/x-www-form-urlencoded, application/octet-stream, \
                     text/plain, text/x-markdown"
                ),
            );
            continue;
        }
        if !m.encoding.is_empty() && !adapt::is_replaced(m.schema.as_ref()) {
            add(
                RuleId::RequestBodyEncoding,
                format!("{here}/encoding"),
                "progenitor 0.15.1 panics (todo!) on a request body `encoding`; give the \
                 body a schema in adapt::REPLACEMENTS with a hand-written encoder"
                    .into(),
            );
        }
        if let Some(problem) = raw_body_schema(spec, media, m) {
            add(RuleId::RequestBodySchema, here, problem);
        }
    }
}

/// What progenitor 0.15.1 refuses in a body's schema (`get_body_param`): every body needs a
/// schema; an `application/octet-stream` body is sent as raw bytes only with `type: string,
/// format: binary`, a text body only with a plain `type: string`, either without `enum`,
/// `default`, `nullable` or a discriminator (`pattern` and the lengths are fine: bridge 4 takes
/// them off before progenitor sees them).
fn raw_body_schema(spec: &OpenAPI, media: &str, m: &openapiv3::MediaType) -> Option<String> {
    let Some(schema) = &m.schema else {
        return Some(
            "a request body needs a schema (progenitor 0.15.1 refuses one without: \"No \
             schema specified for request body\")"
                .into(),
        );
    };
    let essence = crate::spec::http::essence(media);
    let wanted = match essence.as_str() {
        "application/octet-stream" => "`type: string` with `format: binary`",
        "text/plain" | "text/x-markdown" => "a plain `type: string` (no `format`)",
        _ => return None,
    };
    let schema = crate::spec::model::schema(spec, schema)?;
    let data = &schema.schema_data;
    let plain = !data.nullable && data.discriminator.is_none() && data.default.is_none();
    let fits = match &schema.schema_kind {
        SchemaKind::Type(Type::String(t)) if plain && t.enumeration.is_empty() => {
            match (&t.format, essence.as_str()) {
                (
                    VariantOrUnknownOrEmpty::Item(StringFormat::Binary),
                    "application/octet-stream",
                ) => true,
                (VariantOrUnknownOrEmpty::Empty, e) => e != "application/octet-stream",
                _ => false,
            }
        }
        _ => false,
    };
    (!fits).then(|| {
        format!(
            "progenitor 0.15.1 sends a `{essence}` body only from {wanted}, without `enum`, \
             `default` or `nullable`; describe the bytes so (`format: byte` is base64 text, a \
             JSON string's encoding)"
        )
    })
}
