//! The wire rules as data: each rule's level, area, mirror rule, reason and oasdiff
//! counterparts, in one table the comparison, the reports and docs/wire-rules.md all read.

use std::fmt;

/// How much a change weighs for a deployed client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Nothing a deployed client meets changes for the worse (oasdiff's INFO).
    Info,
    /// Some deployed clients may break, depending on what they send or read (oasdiff's WARN).
    Warn,
    /// Deployed clients break (oasdiff's ERR).
    Breaking,
}

impl Level {
    /// Every level, lowest first.
    pub(crate) const ALL: [Level; 3] = [Level::Info, Level::Warn, Level::Breaking];

    /// The stable name reports and `--fail-on` use: `info`, `warn`, `breaking`.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Breaking => "breaking",
        }
    }

    /// The level as a reader says it: `informational`, `potentially breaking`, `breaking`.
    pub const fn words(self) -> &'static str {
        match self {
            Level::Info => "informational",
            Level::Warn => "potentially breaking",
            Level::Breaking => "breaking",
        }
    }

    /// oasdiff's name of the level (`INFO`, `WARN`, `ERR`).
    pub(crate) const fn oasdiff(self) -> &'static str {
        match self {
            Level::Info => "INFO",
            Level::Warn => "WARN",
            Level::Breaking => "ERR",
        }
    }

    /// Parses a level's name (`breaking`, `warn`, `info`).
    pub(crate) fn from_name(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.name() == name)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Level {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The part of the document a rule is about, as oasdiff's areas name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Area {
    /// Operations: added, removed, renamed, deprecated.
    Paths,
    /// Parameters in every place.
    Parameters,
    /// Request bodies.
    RequestBody,
    /// Response statuses and media types.
    Responses,
    /// Response headers.
    Headers,
    /// Schemas, wherever they are (bodies, parameters, headers), in both directions.
    Schema,
    /// Security requirements and schemes.
    Security,
    /// This project's own extensions (`x-retry`).
    Extensions,
}

impl Area {
    /// The area's name as oasdiff writes it.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Area::Paths => "paths",
            Area::Parameters => "parameters",
            Area::RequestBody => "requestBody",
            Area::Responses => "responses",
            Area::Headers => "headers",
            Area::Schema => "schema",
            Area::Security => "security",
            Area::Extensions => "extensions",
        }
    }
}

rule_ids! {
    /// A kind of change the wire comparison reports, by value: a rule that does not exist
    /// cannot be reported, and [`WireRule::rule`] is its row of [`RULES`].
    pub enum WireRule {
        OperationAdded => "operation-added",
        OperationRemoved => "operation-removed",
        OperationIdChanged => "operation-id-changed",
        OperationDeprecated => "operation-deprecated",
        OperationReactivated => "operation-reactivated",
        OperationTagsChanged => "operation-tags-changed",
        PathParameterRenamed => "path-parameter-renamed",
        ParameterAddedRequired => "parameter-added-required",
        ParameterAddedOptional => "parameter-added-optional",
        ParameterRemoved => "parameter-removed",
        ParameterMadeRequired => "parameter-made-required",
        ParameterMadeOptional => "parameter-made-optional",
        ParameterStyleChanged => "parameter-style-changed",
        ParameterDeprecated => "parameter-deprecated",
        ParameterReactivated => "parameter-reactivated",
        RequestBodyAddedRequired => "request-body-added-required",
        RequestBodyAddedOptional => "request-body-added-optional",
        RequestBodyRemoved => "request-body-removed",
        RequestBodyMadeRequired => "request-body-made-required",
        RequestBodyMadeOptional => "request-body-made-optional",
        RequestMediaTypeAdded => "request-media-type-added",
        RequestMediaTypeRemoved => "request-media-type-removed",
        ResponseSuccessStatusAdded => "response-success-status-added",
        ResponseSuccessStatusRemoved => "response-success-status-removed",
        ResponseLastSuccessStatusRemoved => "response-last-success-status-removed",
        ResponseErrorStatusAdded => "response-error-status-added",
        ResponseErrorStatusRemoved => "response-error-status-removed",
        ResponseMediaTypeAdded => "response-media-type-added",
        ResponseMediaTypeRemoved => "response-media-type-removed",
        ResponseHeaderAdded => "response-header-added",
        ResponseHeaderRemoved => "response-header-removed",
        ResponseOptionalHeaderRemoved => "response-optional-header-removed",
        ResponseHeaderMadeOptional => "response-header-made-optional",
        ResponseHeaderMadeRequired => "response-header-made-required",
        RequestTypeChanged => "request-type-changed",
        RequestTypeGeneralized => "request-type-generalized",
        RequestTypeSpecialized => "request-type-specialized",
        ResponseTypeChanged => "response-type-changed",
        ResponseTypeGeneralized => "response-type-generalized",
        ResponseTypeSpecialized => "response-type-specialized",
        RequestMadeNullable => "request-made-nullable",
        RequestMadeNonNullable => "request-made-non-nullable",
        ResponseMadeNullable => "response-made-nullable",
        ResponseMadeNonNullable => "response-made-non-nullable",
        RequestEnumValueAdded => "request-enum-value-added",
        RequestEnumValueRemoved => "request-enum-value-removed",
        RequestBecameEnum => "request-became-enum",
        RequestEnumRemoved => "request-enum-removed",
        ResponseEnumValueAdded => "response-enum-value-added",
        ResponseEnumValueRemoved => "response-enum-value-removed",
        ResponseBecameEnum => "response-became-enum",
        ResponseEnumRemoved => "response-enum-removed",
        RequestConstraintTightened => "request-constraint-tightened",
        RequestConstraintAdded => "request-constraint-added",
        RequestConstraintLoosened => "request-constraint-loosened",
        RequestPatternChanged => "request-pattern-changed",
        ResponseConstraintLoosened => "response-constraint-loosened",
        ResponseConstraintTightened => "response-constraint-tightened",
        ResponsePatternChanged => "response-pattern-changed",
        RequestDefaultChanged => "request-default-changed",
        RequestDefaultAdded => "request-default-added",
        RequestDefaultRemoved => "request-default-removed",
        ResponseDefaultChanged => "response-default-changed",
        ResponseDefaultAdded => "response-default-added",
        ResponseDefaultRemoved => "response-default-removed",
        RequestPropertyAddedRequired => "request-property-added-required",
        RequestPropertyAddedOptional => "request-property-added-optional",
        RequestPropertyRemoved => "request-property-removed",
        RequestPropertyMadeRequired => "request-property-made-required",
        RequestPropertyMadeOptional => "request-property-made-optional",
        ResponsePropertyAdded => "response-property-added",
        ResponseRequiredPropertyRemoved => "response-required-property-removed",
        ResponseOptionalPropertyRemoved => "response-optional-property-removed",
        ResponsePropertyMadeOptional => "response-property-made-optional",
        ResponsePropertyMadeRequired => "response-property-made-required",
        RequestPropertyBecameReadOnly => "request-property-became-read-only",
        RequestPropertyBecameNotReadOnly => "request-property-became-not-read-only",
        ResponsePropertyBecameWriteOnly => "response-property-became-write-only",
        ResponsePropertyBecameNotWriteOnly => "response-property-became-not-write-only",
        RequestVariantAdded => "request-variant-added",
        RequestVariantRemoved => "request-variant-removed",
        ResponseVariantAdded => "response-variant-added",
        ResponseVariantRemoved => "response-variant-removed",
        RequestAdditionalPropertiesNarrowed => "request-additional-properties-narrowed",
        RequestAdditionalPropertiesWidened => "request-additional-properties-widened",
        ResponseAdditionalPropertiesWidened => "response-additional-properties-widened",
        ResponseAdditionalPropertiesNarrowed => "response-additional-properties-narrowed",
        DiscriminatorChanged => "discriminator-changed",
        SchemaDeprecated => "schema-deprecated",
        SchemaReactivated => "schema-reactivated",
        SecurityAdded => "security-added",
        SecurityRemoved => "security-removed",
        SecurityRequirementAdded => "security-requirement-added",
        SecurityRequirementRemoved => "security-requirement-removed",
        SecurityScopeAdded => "security-scope-added",
        SecurityScopeRemoved => "security-scope-removed",
        SecuritySchemeChanged => "security-scheme-changed",
        RetryPolicyChanged => "retry-policy-changed",
    }
}

impl WireRule {
    /// The rule's row of [`RULES`].
    pub const fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }
}

impl serde::Serialize for WireRule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl PartialEq<&str> for WireRule {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

/// One wire rule: what it judges and why.
#[derive(Debug)]
pub struct Rule {
    /// The rule.
    pub id: WireRule,
    /// Its level.
    pub level: Level,
    /// Where in the document.
    pub area: Area,
    /// The rules the reverse change reports (the change read from new to old): every rule
    /// has at least one, and a rule is in the mirror of each of its mirrors.
    pub mirror: &'static [WireRule],
    /// Why the level is what it is, for a deployed client.
    pub why: &'static str,
    /// oasdiff's checks of the same change (`checker/rules.go`; `oasdiff.tsv`).
    pub oasdiff: &'static [&'static str],
    /// Why the level differs from oasdiff's for some of them; empty when it does not.
    pub differs: &'static str,
}

use Area::*;
use Level::*;
use WireRule as W;

/// A row of [`RULES`].
const fn r(
    id: WireRule,
    level: Level,
    area: Area,
    mirror: &'static [WireRule],
    why: &'static str,
    oasdiff: &'static [&'static str],
    differs: &'static str,
) -> Rule {
    Rule {
        id,
        level,
        area,
        mirror,
        why,
        oasdiff,
        differs,
    }
}

/// Every wire rule, in [`WireRule`] order (a compile-time check holds it so).
#[rustfmt::skip]
pub const RULES: &[Rule] = &[
    r(W::OperationAdded, Info, Paths, &[W::OperationRemoved],
        "nothing existing calls it", &["endpoint-added"], ""),
    r(W::OperationRemoved, Breaking, Paths, &[W::OperationAdded],
        "existing clients call it",
        &["api-removed-without-deprecation", "api-removed-with-deprecation",
          "api-path-removed-without-deprecation", "api-path-removed-with-deprecation",
          "api-removed-before-sunset", "api-path-removed-before-sunset"],
        "oasdiff's `-with-deprecation` checks are INFO (a deprecation policy was followed); a \
         deployed client calls a deprecated operation all the same"),
    r(W::OperationIdChanged, Breaking, Paths, &[W::OperationIdChanged],
        "not on the wire, but every generated client renames the method: callers' code stops \
         compiling", &["api-operation-id-removed", "api-operation-id-added"],
        "oasdiff: INFO (not on the wire); the operationId names the method of every generated \
         client, ours and Fastly's"),
    r(W::OperationDeprecated, Info, Paths, &[W::OperationReactivated],
        "it still works; callers are told to move", &["endpoint-deprecated",
        "endpoint-deprecated-with-sunset"], ""),
    r(W::OperationReactivated, Info, Paths, &[W::OperationDeprecated],
        "it works as before", &["endpoint-reactivated"], ""),
    r(W::OperationTagsChanged, Info, Paths, &[W::OperationTagsChanged],
        "tags group the documentation; the generated client ignores them",
        &["api-tag-added", "api-tag-removed"], ""),
    r(W::PathParameterRenamed, Info, Paths, &[W::PathParameterRenamed],
        "the URL is the same; only the template's name changed (compared by position)", &[], ""),
    r(W::ParameterAddedRequired, Breaking, Parameters, &[W::ParameterRemoved],
        "existing clients do not send it",
        &["new-required-request-parameter", "new-request-path-parameter",
          "new-required-request-default-parameter-to-existing-path",
          "new-required-request-header-property"], ""),
    r(W::ParameterAddedOptional, Info, Parameters, &[W::ParameterRemoved],
        "existing clients may leave it out",
        &["new-optional-request-parameter",
          "new-optional-request-default-parameter-to-existing-path"], ""),
    r(W::ParameterRemoved, Warn, Parameters,
        &[W::ParameterAddedRequired, W::ParameterAddedOptional],
        "existing clients still send it: a server that ignores it answers as before, one that \
         refuses what it does not know does not",
        &["request-parameter-removed", "request-parameter-removed-with-deprecation",
          "request-parameter-removed-before-sunset"],
        "oasdiff: WARN, but INFO after a deprecation and ERR before a sunset date; deprecated \
         or not, deployed clients still send it"),
    r(W::ParameterMadeRequired, Breaking, Parameters, &[W::ParameterMadeOptional],
        "existing clients may leave it out",
        &["request-parameter-became-required", "request-header-property-became-required"], ""),
    r(W::ParameterMadeOptional, Info, Parameters, &[W::ParameterMadeRequired],
        "existing clients send it anyway", &["request-parameter-became-optional"], ""),
    r(W::ParameterStyleChanged, Breaking, Parameters, &[W::ParameterStyleChanged],
        "existing clients serialize the value the old way (style, explode, allowReserved)",
        &[], ""),
    r(W::ParameterDeprecated, Info, Parameters, &[W::ParameterReactivated],
        "it is still accepted", &["request-parameter-deprecated"], ""),
    r(W::ParameterReactivated, Info, Parameters, &[W::ParameterDeprecated],
        "it is accepted as before", &["request-parameter-reactivated"], ""),
    r(W::RequestBodyAddedRequired, Breaking, RequestBody, &[W::RequestBodyRemoved],
        "existing clients send none", &["request-body-added-required"], ""),
    r(W::RequestBodyAddedOptional, Info, RequestBody, &[W::RequestBodyRemoved],
        "existing clients may send none", &["request-body-added-optional"], ""),
    r(W::RequestBodyRemoved, Warn, RequestBody,
        &[W::RequestBodyAddedRequired, W::RequestBodyAddedOptional],
        "existing clients still send it, as with a removed parameter or property: the server \
         may ignore it or refuse it", &["request-body-removed"],
        "oasdiff: ERR, while it judges a removed parameter or property WARN; it is the same \
         situation, judged alike here"),
    r(W::RequestBodyMadeRequired, Breaking, RequestBody, &[W::RequestBodyMadeOptional],
        "existing clients may send none", &["request-body-became-required"], ""),
    r(W::RequestBodyMadeOptional, Info, RequestBody, &[W::RequestBodyMadeRequired],
        "existing clients send one anyway", &["request-body-became-optional"], ""),
    r(W::RequestMediaTypeAdded, Info, RequestBody, &[W::RequestMediaTypeRemoved],
        "existing clients keep sending a media type still accepted",
        &["request-body-media-type-added"], ""),
    r(W::RequestMediaTypeRemoved, Breaking, RequestBody, &[W::RequestMediaTypeAdded],
        "existing clients send it", &["request-body-media-type-removed"], ""),
    r(W::ResponseSuccessStatusAdded, Breaking, Responses,
        &[W::ResponseSuccessStatusRemoved, W::ResponseLastSuccessStatusRemoved],
        "a generated client treats a success status it was not built with as unexpected \
         (progenitor's `Error::UnexpectedResponse`)", &["response-success-status-added"],
        "oasdiff: INFO; a generated Rust client decodes only the statuses it was built with"),
    r(W::ResponseSuccessStatusRemoved, Info, Responses, &[W::ResponseSuccessStatusAdded],
        "another success status remains, and existing clients decode it",
        &["response-success-status-removed"],
        "oasdiff: ERR for any success status; while another remains, deployed clients decode \
         what the server answers (`response-last-success-status-removed` is the ERR case)"),
    r(W::ResponseLastSuccessStatusRemoved, Breaking, Responses, &[W::ResponseSuccessStatusAdded],
        "no documented success remains: whatever the server answers now, existing clients were \
         not built for it", &["response-success-status-removed"], ""),
    r(W::ResponseErrorStatusAdded, Info, Responses, &[W::ResponseErrorStatusRemoved],
        "existing clients already handle an error status", &["response-non-success-status-added"],
        ""),
    r(W::ResponseErrorStatusRemoved, Info, Responses, &[W::ResponseErrorStatusAdded],
        "existing clients handle it and no longer receive it",
        &["response-non-success-status-removed"], ""),
    r(W::ResponseMediaTypeAdded, Info, Responses, &[W::ResponseMediaTypeRemoved],
        "the server answers with it only to clients that ask for it (`Accept`)",
        &["response-media-type-added"], ""),
    r(W::ResponseMediaTypeRemoved, Breaking, Responses, &[W::ResponseMediaTypeAdded],
        "existing clients ask for it and decode it", &["response-media-type-removed"], ""),
    r(W::ResponseHeaderAdded, Info, Headers,
        &[W::ResponseHeaderRemoved, W::ResponseOptionalHeaderRemoved],
        "existing clients ignore it", &["response-header-added"], ""),
    r(W::ResponseHeaderRemoved, Breaking, Headers, &[W::ResponseHeaderAdded],
        "it was required: existing clients may read it", &["required-response-header-removed"],
        ""),
    r(W::ResponseOptionalHeaderRemoved, Warn, Headers, &[W::ResponseHeaderAdded],
        "existing clients that read it already handle its absence, unless they relied on it",
        &["optional-response-header-removed"], ""),
    r(W::ResponseHeaderMadeOptional, Breaking, Headers, &[W::ResponseHeaderMadeRequired],
        "existing clients may rely on it being present", &["response-header-became-optional"],
        ""),
    r(W::ResponseHeaderMadeRequired, Info, Headers, &[W::ResponseHeaderMadeOptional],
        "existing clients already accept it present", &[], ""),
    r(W::RequestTypeChanged, Breaking, Schema, &[W::RequestTypeChanged],
        "existing clients send the old type",
        &["request-body-type-changed", "request-property-type-changed",
          "request-parameter-type-changed", "request-parameter-property-type-changed",
          "request-body-wrapped-in-one-of"],
        "oasdiff judges a parameter property's type change WARN; a value of the old type is \
         refused wherever it is sent"),
    r(W::RequestTypeGeneralized, Info, Schema, &[W::RequestTypeSpecialized],
        "every value existing clients send is still of the type (integer to number, a format \
         dropped, int32 to int64, a schema dropped)",
        &["request-body-type-generalized", "request-property-type-generalized",
          "request-parameter-type-generalized", "request-parameter-property-type-generalized",
          "request-body-type-compatible", "request-property-type-compatible",
          "request-body-media-type-schema-removed"], ""),
    r(W::RequestTypeSpecialized, Breaking, Schema, &[W::RequestTypeGeneralized],
        "existing clients may send values outside the narrower type",
        &["request-parameter-property-type-specialized", "request-body-media-type-schema-added"],
        ""),
    r(W::ResponseTypeChanged, Breaking, Schema, &[W::ResponseTypeChanged],
        "existing clients decode the old type",
        &["response-body-type-changed", "response-property-type-changed",
          "response-header-type-changed", "response-body-wrapped-in-one-of"], ""),
    r(W::ResponseTypeGeneralized, Breaking, Schema, &[W::ResponseTypeSpecialized],
        "existing clients decode the narrower type and fail on the rest (a number where an \
         integer was, a string without its format)",
        &["response-body-type-generalized", "response-property-type-generalized",
          "response-header-type-generalized", "response-body-media-type-schema-removed"],
        "oasdiff judges a schema removed from a response media type WARN; a generated client \
         decodes the old schema and fails on anything else"),
    r(W::ResponseTypeSpecialized, Info, Schema, &[W::ResponseTypeGeneralized],
        "every value of the narrower type decodes as the old one",
        &["response-body-type-specialized", "response-property-type-specialized",
          "response-header-type-specialized", "response-body-type-compatible",
          "response-property-type-compatible", "response-header-type-compatible",
          "response-body-media-type-schema-added"], ""),
    r(W::RequestMadeNullable, Info, Schema, &[W::RequestMadeNonNullable],
        "existing clients send values, still accepted",
        &["request-body-became-nullable", "request-property-became-nullable",
          "request-parameter-became-nullable", "request-parameter-property-became-nullable"], ""),
    r(W::RequestMadeNonNullable, Breaking, Schema, &[W::RequestMadeNullable],
        "existing clients may send null",
        &["request-body-became-not-nullable", "request-property-became-not-nullable",
          "request-parameter-became-not-nullable",
          "request-parameter-property-became-not-nullable"], ""),
    r(W::ResponseMadeNullable, Breaking, Schema, &[W::ResponseMadeNonNullable],
        "existing clients may not accept null",
        &["response-body-became-nullable", "response-property-became-nullable",
          "response-header-became-nullable"], ""),
    r(W::ResponseMadeNonNullable, Info, Schema, &[W::ResponseMadeNullable],
        "existing clients accept null and values alike",
        &["response-body-became-not-nullable", "response-property-became-not-nullable",
          "response-header-became-not-nullable"], ""),
    r(W::RequestEnumValueAdded, Info, Schema, &[W::RequestEnumValueRemoved],
        "existing clients never send it",
        &["request-property-enum-value-added", "request-parameter-enum-value-added",
          "request-parameter-property-enum-value-added"], ""),
    r(W::RequestEnumValueRemoved, Breaking, Schema, &[W::RequestEnumValueAdded],
        "existing clients may send it",
        &["request-body-enum-value-removed", "request-property-enum-value-removed",
          "request-parameter-enum-value-removed", "request-parameter-property-enum-value-removed"],
        ""),
    r(W::RequestBecameEnum, Breaking, Schema, &[W::RequestEnumRemoved],
        "existing clients may send values outside the new set",
        &["request-body-became-enum", "request-property-became-enum",
          "request-parameter-became-enum", "request-header-property-became-enum"], ""),
    r(W::RequestEnumRemoved, Info, Schema, &[W::RequestBecameEnum],
        "every value existing clients send is still accepted", &[], ""),
    r(W::ResponseEnumValueAdded, Breaking, Schema, &[W::ResponseEnumValueRemoved],
        "a generated client decodes an enum as a closed set and fails on a new value",
        &["response-property-enum-value-added", "response-write-only-property-enum-value-added"],
        "oasdiff: WARN; a generated Rust client's enum is closed (and a write-only property's \
         new value is INFO there, though nothing tells a decoder which properties are \
         write-only)"),
    r(W::ResponseEnumValueRemoved, Info, Schema, &[W::ResponseEnumValueAdded],
        "existing clients stop receiving it",
        &["response-property-enum-value-removed", "response-mediatype-enum-value-removed"], ""),
    r(W::ResponseBecameEnum, Info, Schema, &[W::ResponseEnumRemoved],
        "every value in the new set decodes as before", &[], ""),
    r(W::ResponseEnumRemoved, Breaking, Schema, &[W::ResponseBecameEnum],
        "existing clients decode a closed set; any value may come now", &[], ""),
    r(W::RequestConstraintTightened, Breaking, Schema, &[W::RequestConstraintLoosened],
        "existing clients may send values now refused",
        &["request-body-exclusive-max-decreased", "request-body-exclusive-min-increased",
          "request-body-max-decreased", "request-body-max-length-decreased",
          "request-body-min-increased", "request-body-min-items-increased",
          "request-body-min-length-increased", "request-parameter-exclusive-max-decreased",
          "request-parameter-exclusive-min-increased", "request-parameter-max-decreased",
          "request-parameter-max-items-decreased", "request-parameter-max-length-decreased",
          "request-parameter-min-increased", "request-parameter-min-items-increased",
          "request-parameter-min-length-increased", "request-property-exclusive-max-decreased",
          "request-property-exclusive-min-increased", "request-property-max-decreased",
          "request-property-max-length-decreased", "request-property-min-increased",
          "request-property-min-items-increased", "request-property-min-length-increased"], ""),
    r(W::RequestConstraintAdded, Warn, Schema, &[W::RequestConstraintLoosened],
        "a bound where there was none: existing clients break only if they sent values beyond \
         it, which the server may have refused already",
        &["request-body-exclusive-max-set", "request-body-exclusive-min-set",
          "request-body-max-length-set", "request-body-max-set", "request-body-min-items-set",
          "request-body-min-set", "request-parameter-exclusive-max-set",
          "request-parameter-exclusive-min-set", "request-parameter-max-length-set",
          "request-parameter-max-set", "request-parameter-min-items-set",
          "request-parameter-min-set", "request-property-exclusive-max-set",
          "request-property-exclusive-min-set", "request-property-max-length-set",
          "request-property-max-set", "request-property-min-items-set",
          "request-property-min-set", "request-parameter-pattern-added",
          "request-property-pattern-added"],
        "oasdiff judges a new pattern ERR but a new bound WARN; a pattern is a bound like any \
         other, judged alike here"),
    r(W::RequestConstraintLoosened, Info, Schema,
        &[W::RequestConstraintTightened, W::RequestConstraintAdded],
        "every value existing clients send is still accepted",
        &["request-body-exclusive-max-increased", "request-body-exclusive-min-decreased",
          "request-body-max-increased", "request-body-max-length-increased",
          "request-body-min-decreased", "request-body-min-length-decreased",
          "request-parameter-exclusive-max-increased",
          "request-parameter-exclusive-min-decreased", "request-parameter-max-increased",
          "request-parameter-max-items-increased", "request-parameter-max-length-increased",
          "request-parameter-min-decreased", "request-parameter-min-items-decreased",
          "request-parameter-min-length-decreased", "request-parameter-pattern-removed",
          "request-property-exclusive-max-increased", "request-property-exclusive-min-decreased",
          "request-property-max-increased", "request-property-max-length-increased",
          "request-property-min-decreased", "request-property-min-length-decreased",
          "request-property-pattern-removed"], ""),
    r(W::RequestPatternChanged, Warn, Schema, &[W::RequestPatternChanged],
        "existing clients break only if they send values the new pattern refuses",
        &["request-parameter-pattern-changed", "request-property-pattern-changed",
          "request-parameter-pattern-generalized", "request-property-pattern-generalized"],
        "oasdiff judges a pattern it proves wider INFO; this diff does not compare regular \
         expressions, so any changed pattern is potentially breaking"),
    r(W::ResponseConstraintLoosened, Breaking, Schema, &[W::ResponseConstraintTightened],
        "the generated types check lengths and patterns, and pick integer types from the \
         bounds, when they decode: a value beyond the old bounds fails",
        &["response-body-exclusive-max-increased", "response-body-exclusive-min-decreased",
          "response-body-max-increased", "response-body-max-length-increased",
          "response-body-max-length-unset", "response-body-min-decreased",
          "response-body-min-items-decreased", "response-body-min-items-unset",
          "response-body-min-length-decreased", "response-property-exclusive-max-increased",
          "response-property-exclusive-min-decreased", "response-property-max-increased",
          "response-property-max-length-increased", "response-property-max-length-unset",
          "response-property-min-decreased", "response-property-min-items-decreased",
          "response-property-min-items-unset", "response-property-min-length-decreased",
          "response-property-pattern-removed"],
        "oasdiff judges a removed pattern INFO; typify's string types check the pattern when \
         they decode, as they check lengths"),
    r(W::ResponseConstraintTightened, Info, Schema, &[W::ResponseConstraintLoosened],
        "every value within the new bounds was within the old", &["response-property-pattern-added"],
        ""),
    r(W::ResponsePatternChanged, Warn, Schema, &[W::ResponsePatternChanged],
        "the generated types check the pattern when they decode: values the old one refuses \
         fail", &["response-property-pattern-changed"],
        "oasdiff: INFO; typify's string types check the pattern when they decode"),
    r(W::RequestDefaultChanged, Breaking, Schema, &[W::RequestDefaultChanged],
        "the server assumes another value for every client that leaves it out",
        &["request-parameter-default-value-changed", "request-property-default-value-changed",
          "request-body-default-value-changed"],
        "oasdiff judges a property's or a body's default INFO and a parameter's ERR; a default \
         is what the server assumes wherever a client leaves a value out"),
    r(W::RequestDefaultAdded, Warn, Schema, &[W::RequestDefaultRemoved],
        "the server now says what it assumes for clients that leave the value out: if that is \
         not what it did before, their requests mean something else",
        &["request-parameter-default-value-added", "request-property-default-value-added",
          "request-body-default-value-added"],
        "oasdiff: ERR for parameters, INFO for properties; a default declared where none was \
         documents behaviour as often as it changes it, alike everywhere"),
    r(W::RequestDefaultRemoved, Warn, Schema, &[W::RequestDefaultAdded],
        "the server no longer promises what it assumes for clients that leave the value out",
        &["request-parameter-default-value-removed", "request-property-default-value-removed",
          "request-body-default-value-removed"],
        "oasdiff: ERR for parameters, INFO for properties; judged alike here"),
    r(W::ResponseDefaultChanged, Warn, Schema, &[W::ResponseDefaultChanged],
        "a generated type fills in the declared default where the field is absent: existing \
         clients fill in the old one",
        &["response-body-default-value-changed", "response-property-default-value-changed"],
        "oasdiff: INFO; typify's types fill in the default they were built with"),
    r(W::ResponseDefaultAdded, Info, Schema, &[W::ResponseDefaultRemoved],
        "existing clients handle the field absent",
        &["response-body-default-value-added", "response-property-default-value-added"], ""),
    r(W::ResponseDefaultRemoved, Info, Schema, &[W::ResponseDefaultAdded],
        "existing clients fill in the old default where the field is absent, as the server \
         meant", &["response-body-default-value-removed", "response-property-default-value-removed"],
        ""),
    r(W::RequestPropertyAddedRequired, Breaking, Schema, &[W::RequestPropertyRemoved],
        "existing clients do not send it",
        &["new-required-request-property", "new-required-request-property-with-default"], ""),
    r(W::RequestPropertyAddedOptional, Info, Schema, &[W::RequestPropertyRemoved],
        "existing clients may leave it out", &["new-optional-request-property"], ""),
    r(W::RequestPropertyRemoved, Warn, Schema,
        &[W::RequestPropertyAddedRequired, W::RequestPropertyAddedOptional],
        "existing clients still send it, as with a removed parameter: a server that ignores \
         fields it does not know answers as before", &["request-property-removed"], ""),
    r(W::RequestPropertyMadeRequired, Breaking, Schema, &[W::RequestPropertyMadeOptional],
        "existing clients may leave it out",
        &["request-property-became-required", "request-property-became-required-with-default"],
        ""),
    r(W::RequestPropertyMadeOptional, Info, Schema, &[W::RequestPropertyMadeRequired],
        "existing clients send it anyway", &["request-property-became-optional"], ""),
    r(W::ResponsePropertyAdded, Info, Schema,
        &[W::ResponseRequiredPropertyRemoved, W::ResponseOptionalPropertyRemoved],
        "existing clients ignore fields they do not know (unless the object was closed: see \
         response-additional-properties-widened)",
        &["response-optional-property-added", "response-required-property-added",
          "response-optional-write-only-property-added",
          "response-required-write-only-property-added"], ""),
    r(W::ResponseRequiredPropertyRemoved, Breaking, Schema, &[W::ResponsePropertyAdded],
        "existing clients decode it as always present", &["response-required-property-removed"],
        ""),
    r(W::ResponseOptionalPropertyRemoved, Warn, Schema, &[W::ResponsePropertyAdded],
        "existing clients handle it absent, but may rely on it", &["response-optional-property-removed"],
        ""),
    r(W::ResponsePropertyMadeOptional, Breaking, Schema, &[W::ResponsePropertyMadeRequired],
        "existing clients decode it as always present", &["response-property-became-optional"],
        ""),
    r(W::ResponsePropertyMadeRequired, Info, Schema, &[W::ResponsePropertyMadeOptional],
        "existing clients already accept it present", &["response-property-became-required"],
        ""),
    r(W::RequestPropertyBecameReadOnly, Info, Schema, &[W::RequestPropertyBecameNotReadOnly],
        "the server ignores it in requests now; existing clients that send it are not refused",
        &["request-optional-property-became-read-only",
          "request-required-property-became-read-only"], ""),
    r(W::RequestPropertyBecameNotReadOnly, Info, Schema, &[W::RequestPropertyBecameReadOnly],
        "existing clients may now send it, and need not",
        &["request-optional-property-became-not-read-only",
          "request-required-property-became-not-read-only"], ""),
    r(W::ResponsePropertyBecameWriteOnly, Warn, Schema, &[W::ResponsePropertyBecameNotWriteOnly],
        "the server stops returning it: clients that read it get nothing, and one that decodes \
         it as required fails",
        &["response-optional-property-became-write-only",
          "response-required-property-became-write-only"],
        "oasdiff: INFO; a field that stops coming is a field removed for its readers"),
    r(W::ResponsePropertyBecameNotWriteOnly, Info, Schema, &[W::ResponsePropertyBecameWriteOnly],
        "a field starts coming, which existing clients ignore or already declare",
        &["response-optional-property-became-not-write-only",
          "response-required-property-became-not-write-only"],
        "oasdiff judges a required property becoming readable WARN; a field that starts coming \
         breaks no decoder"),
    r(W::RequestVariantAdded, Info, Schema, &[W::RequestVariantRemoved],
        "every value existing clients send still matches a variant",
        &["request-body-one-of-added", "request-property-one-of-added",
          "request-body-any-of-added", "request-property-any-of-added"], ""),
    r(W::RequestVariantRemoved, Breaking, Schema, &[W::RequestVariantAdded],
        "existing clients may send the removed variant",
        &["request-body-one-of-removed", "request-property-one-of-removed",
          "request-body-any-of-removed", "request-property-any-of-removed"], ""),
    r(W::ResponseVariantAdded, Breaking, Schema, &[W::ResponseVariantRemoved],
        "a generated client decodes oneOf and anyOf as a closed set of variants and fails on a \
         new one",
        &["response-body-one-of-added", "response-property-one-of-added",
          "response-body-any-of-added", "response-property-any-of-added"],
        "oasdiff judges an anyOf variant added INFO; a generated Rust client decodes anyOf as a \
         closed set too"),
    r(W::ResponseVariantRemoved, Info, Schema, &[W::ResponseVariantAdded],
        "existing clients stop receiving it",
        &["response-body-one-of-removed", "response-property-one-of-removed",
          "response-body-any-of-removed", "response-property-any-of-removed"], ""),
    r(W::RequestAdditionalPropertiesNarrowed, Warn, Schema,
        &[W::RequestAdditionalPropertiesWidened],
        "clients that send undeclared properties (or ones of another type) are refused; \
         generated clients send only declared ones", &[], ""),
    r(W::RequestAdditionalPropertiesWidened, Info, Schema,
        &[W::RequestAdditionalPropertiesNarrowed],
        "every object existing clients send is still accepted", &[], ""),
    r(W::ResponseAdditionalPropertiesWidened, Breaking, Schema,
        &[W::ResponseAdditionalPropertiesNarrowed],
        "a generated type for a closed object refuses unknown fields (`deny_unknown_fields`), \
         and one for a typed map refuses values of another type", &[], ""),
    r(W::ResponseAdditionalPropertiesNarrowed, Info, Schema,
        &[W::ResponseAdditionalPropertiesWidened],
        "every object the server sends now decoded before", &[], ""),
    r(W::DiscriminatorChanged, Info, Schema, &[W::DiscriminatorChanged],
        "the generated types ignore `discriminator` (progenitor 0.15 drops it): they tell \
         variants apart by their shape",
        &["request-body-discriminator-added", "request-body-discriminator-removed",
          "request-body-discriminator-mapping-added", "request-body-discriminator-mapping-changed",
          "request-body-discriminator-mapping-deleted",
          "request-body-discriminator-property-name-changed",
          "request-property-discriminator-added", "request-property-discriminator-removed",
          "request-property-discriminator-mapping-added",
          "request-property-discriminator-mapping-changed",
          "request-property-discriminator-mapping-deleted",
          "request-property-discriminator-property-name-changed",
          "response-body-discriminator-added", "response-body-discriminator-removed",
          "response-body-discriminator-mapping-added",
          "response-body-discriminator-mapping-changed",
          "response-body-discriminator-mapping-deleted",
          "response-body-discriminator-property-name-changed",
          "response-property-discriminator-added", "response-property-discriminator-removed",
          "response-property-discriminator-mapping-added",
          "response-property-discriminator-mapping-changed",
          "response-property-discriminator-mapping-deleted",
          "response-property-discriminator-property-name-changed"], ""),
    r(W::SchemaDeprecated, Info, Schema, &[W::SchemaReactivated],
        "it still works; callers are told to move",
        &["request-property-deprecated", "response-property-deprecated",
          "request-property-deprecated-with-sunset", "response-property-deprecated-with-sunset"],
        ""),
    r(W::SchemaReactivated, Info, Schema, &[W::SchemaDeprecated],
        "it works as before", &["request-property-reactivated", "response-property-reactivated"],
        ""),
    r(W::SecurityAdded, Breaking, Security, &[W::SecurityRemoved],
        "the operation accepted requests without credentials; existing clients that send none \
         are refused", &["api-security-added", "api-global-security-added"],
        "oasdiff: INFO for any security added; where no credentials were needed before, a \
         deployed client sends none"),
    r(W::SecurityRemoved, Info, Security, &[W::SecurityAdded],
        "the operation accepts requests without credentials; existing clients' credentials are \
         ignored", &["api-security-removed", "api-global-security-removed"], ""),
    r(W::SecurityRequirementAdded, Info, Security, &[W::SecurityRequirementRemoved],
        "one more way to authenticate; existing clients use one still accepted",
        &["api-security-added", "api-global-security-added"], ""),
    r(W::SecurityRequirementRemoved, Breaking, Security, &[W::SecurityRequirementAdded],
        "existing clients that authenticate that way are refused",
        &["api-security-removed", "api-global-security-removed"],
        "oasdiff: INFO; a way to authenticate that is no longer accepted refuses the clients \
         that use it"),
    r(W::SecurityScopeAdded, Breaking, Security, &[W::SecurityScopeRemoved],
        "credentials without the new scope are refused",
        &["api-security-scope-added", "api-global-security-scope-added"],
        "oasdiff: INFO; a token issued without the scope is refused"),
    r(W::SecurityScopeRemoved, Info, Security, &[W::SecurityScopeAdded],
        "existing credentials carry more than is needed",
        &["api-security-scope-removed", "api-global-security-scope-removed"], ""),
    r(W::SecuritySchemeChanged, Breaking, Security, &[W::SecuritySchemeChanged],
        "existing clients present credentials the old way (type, header name, scheme, flow)",
        &["api-security-component-type-changed", "api-security-component-oauth-url-changed",
          "api-security-component-oauth-token-url-changed"],
        "oasdiff: INFO; a key sent in a header the server no longer reads is no key at all"),
    r(W::RetryPolicyChanged, Info, Extensions, &[W::RetryPolicyChanged],
        "the same requests and responses; the generated client retries them differently",
        &[], ""),
];

// The table cannot drift from the ids: entry `i` of RULES is rule `i`, checked at compile time.
indexed_by!(RULES, WireRule);
