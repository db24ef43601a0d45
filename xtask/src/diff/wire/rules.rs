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

rule_table! {
    /// A kind of change the wire comparison reports, by value: a rule that does not exist
    /// cannot be reported, and [`WireRule::rule`] is its row of [`RULES`].
    pub enum WireRule;

    /// Every wire rule, in [`WireRule`] order.
    pub const RULES: &[Rule] = {
        OperationAdded "operation-added" => r(Info, Paths, &[W::OperationRemoved],
            "nothing existing calls it", &["endpoint-added"], ""),
        OperationRemoved "operation-removed" => r(Breaking, Paths, &[W::OperationAdded],
            "existing clients call it",
            &["api-removed-without-deprecation", "api-removed-with-deprecation",
              "api-path-removed-without-deprecation", "api-path-removed-with-deprecation",
              "api-removed-before-sunset", "api-path-removed-before-sunset"],
            "oasdiff's `-with-deprecation` checks are INFO (a deprecation policy was followed); a \
             deployed client calls a deprecated operation all the same"),
        OperationIdChanged "operation-id-changed" => r(Breaking, Paths, &[W::OperationIdChanged],
            "not on the wire, but every generated client renames the method: callers' code stops \
             compiling", &["api-operation-id-removed", "api-operation-id-added"],
            "oasdiff: INFO (not on the wire); the operationId names the method of every generated \
             client, ours and Fastly's"),
        OperationDeprecated "operation-deprecated" => r(Info, Paths, &[W::OperationReactivated],
            "it still works; callers are told to move", &["endpoint-deprecated",
            "endpoint-deprecated-with-sunset"], ""),
        OperationReactivated "operation-reactivated" => r(Info, Paths, &[W::OperationDeprecated],
            "it works as before", &["endpoint-reactivated"], ""),
        OperationTagsChanged "operation-tags-changed" => r(Info, Paths, &[W::OperationTagsChanged],
            "tags group the documentation; the generated client ignores them",
            &["api-tag-added", "api-tag-removed"], ""),
        PathParameterRenamed "path-parameter-renamed" => r(Info, Paths, &[W::PathParameterRenamed],
            "the URL is the same; only the template's name changed (compared by position)", &[], ""),
        ParameterAddedRequired "parameter-added-required" => r(Breaking, Parameters, &[W::ParameterRemoved],
            "existing clients do not send it",
            &["new-required-request-parameter", "new-request-path-parameter",
              "new-required-request-default-parameter-to-existing-path",
              "new-required-request-header-property"], ""),
        ParameterAddedOptional "parameter-added-optional" => r(Info, Parameters, &[W::ParameterRemoved],
            "existing clients may leave it out",
            &["new-optional-request-parameter",
              "new-optional-request-default-parameter-to-existing-path"], ""),
        ParameterRemoved "parameter-removed" => r(Warn, Parameters,
            &[W::ParameterAddedRequired, W::ParameterAddedOptional],
            "existing clients still send it: a server that ignores it answers as before, one that \
             refuses what it does not know does not",
            &["request-parameter-removed", "request-parameter-removed-with-deprecation",
              "request-parameter-removed-before-sunset"],
            "oasdiff: WARN, but INFO after a deprecation and ERR before a sunset date; deprecated \
             or not, deployed clients still send it"),
        ParameterMadeRequired "parameter-made-required" => r(Breaking, Parameters, &[W::ParameterMadeOptional],
            "existing clients may leave it out",
            &["request-parameter-became-required", "request-header-property-became-required"], ""),
        ParameterMadeOptional "parameter-made-optional" => r(Info, Parameters, &[W::ParameterMadeRequired],
            "existing clients send it anyway", &["request-parameter-became-optional"], ""),
        ParameterStyleChanged "parameter-style-changed" => r(Breaking, Parameters, &[W::ParameterStyleChanged],
            "existing clients serialize the value the old way (style, explode, allowReserved)",
            &[], ""),
        ParameterDeprecated "parameter-deprecated" => r(Info, Parameters, &[W::ParameterReactivated],
            "it is still accepted", &["request-parameter-deprecated"], ""),
        ParameterReactivated "parameter-reactivated" => r(Info, Parameters, &[W::ParameterDeprecated],
            "it is accepted as before", &["request-parameter-reactivated"], ""),
        RequestBodyAddedRequired "request-body-added-required" => r(Breaking, RequestBody, &[W::RequestBodyRemoved],
            "existing clients send none", &["request-body-added-required"], ""),
        RequestBodyAddedOptional "request-body-added-optional" => r(Info, RequestBody, &[W::RequestBodyRemoved],
            "existing clients may send none", &["request-body-added-optional"], ""),
        RequestBodyRemoved "request-body-removed" => r(Warn, RequestBody,
            &[W::RequestBodyAddedRequired, W::RequestBodyAddedOptional],
            "existing clients still send it, as with a removed parameter or property: the server \
             may ignore it or refuse it", &["request-body-removed"],
            "oasdiff: ERR, while it judges a removed parameter or property WARN; it is the same \
             situation, judged alike here"),
        RequestBodyMadeRequired "request-body-made-required" => r(Breaking, RequestBody, &[W::RequestBodyMadeOptional],
            "existing clients may send none", &["request-body-became-required"], ""),
        RequestBodyMadeOptional "request-body-made-optional" => r(Info, RequestBody, &[W::RequestBodyMadeRequired],
            "existing clients send one anyway", &["request-body-became-optional"], ""),
        RequestMediaTypeAdded "request-media-type-added" => r(Info, RequestBody, &[W::RequestMediaTypeRemoved],
            "existing clients keep sending a media type still accepted",
            &["request-body-media-type-added"], ""),
        RequestMediaTypeRemoved "request-media-type-removed" => r(Breaking, RequestBody, &[W::RequestMediaTypeAdded],
            "existing clients send it", &["request-body-media-type-removed"], ""),
        ResponseSuccessStatusAdded "response-success-status-added" => r(Breaking, Responses,
            &[W::ResponseSuccessStatusRemoved, W::ResponseLastSuccessStatusRemoved],
            "a generated client treats a success status it was not built with as unexpected \
             (progenitor's `Error::UnexpectedResponse`)", &["response-success-status-added"],
            "oasdiff: INFO; a generated Rust client decodes only the statuses it was built with"),
        ResponseSuccessStatusRemoved "response-success-status-removed" => r(Info, Responses, &[W::ResponseSuccessStatusAdded],
            "another success status remains, and existing clients decode it",
            &["response-success-status-removed"],
            "oasdiff: ERR for any success status; while another remains, deployed clients decode \
             what the server answers (`response-last-success-status-removed` is the ERR case)"),
        ResponseLastSuccessStatusRemoved "response-last-success-status-removed" => r(Breaking, Responses, &[W::ResponseSuccessStatusAdded],
            "no documented success remains: whatever the server answers now, existing clients were \
             not built for it", &["response-success-status-removed"], ""),
        ResponseErrorStatusAdded "response-error-status-added" => r(Info, Responses, &[W::ResponseErrorStatusRemoved],
            "existing clients already handle an error status", &["response-non-success-status-added"],
            ""),
        ResponseErrorStatusRemoved "response-error-status-removed" => r(Info, Responses, &[W::ResponseErrorStatusAdded],
            "existing clients handle it and no longer receive it",
            &["response-non-success-status-removed"], ""),
        ResponseMediaTypeAdded "response-media-type-added" => r(Info, Responses, &[W::ResponseMediaTypeRemoved],
            "the server answers with it only to clients that ask for it (`Accept`)",
            &["response-media-type-added"], ""),
        ResponseMediaTypeRemoved "response-media-type-removed" => r(Breaking, Responses, &[W::ResponseMediaTypeAdded],
            "existing clients ask for it and decode it", &["response-media-type-removed"], ""),
        ResponseHeaderAdded "response-header-added" => r(Info, Headers,
            &[W::ResponseHeaderRemoved, W::ResponseOptionalHeaderRemoved],
            "existing clients ignore it", &["response-header-added"], ""),
        ResponseHeaderRemoved "response-header-removed" => r(Breaking, Headers, &[W::ResponseHeaderAdded],
            "it was required: existing clients may read it", &["required-response-header-removed"],
            ""),
        ResponseOptionalHeaderRemoved "response-optional-header-removed" => r(Warn, Headers, &[W::ResponseHeaderAdded],
            "existing clients that read it already handle its absence, unless they relied on it",
            &["optional-response-header-removed"], ""),
        ResponseHeaderMadeOptional "response-header-made-optional" => r(Breaking, Headers, &[W::ResponseHeaderMadeRequired],
            "existing clients may rely on it being present", &["response-header-became-optional"],
            ""),
        ResponseHeaderMadeRequired "response-header-made-required" => r(Info, Headers, &[W::ResponseHeaderMadeOptional],
            "existing clients already accept it present", &[], ""),
        RequestTypeChanged "request-type-changed" => r(Breaking, Schema, &[W::RequestTypeChanged],
            "existing clients send the old type",
            &["request-body-type-changed", "request-property-type-changed",
              "request-parameter-type-changed", "request-parameter-property-type-changed",
              "request-body-wrapped-in-one-of"],
            "oasdiff judges a parameter property's type change WARN; a value of the old type is \
             refused wherever it is sent"),
        RequestTypeGeneralized "request-type-generalized" => r(Info, Schema, &[W::RequestTypeSpecialized],
            "every value existing clients send is still of the type (integer to number, a format \
             dropped, int32 to int64, a schema dropped)",
            &["request-body-type-generalized", "request-property-type-generalized",
              "request-parameter-type-generalized", "request-parameter-property-type-generalized",
              "request-body-type-compatible", "request-property-type-compatible",
              "request-body-media-type-schema-removed"], ""),
        RequestTypeSpecialized "request-type-specialized" => r(Breaking, Schema, &[W::RequestTypeGeneralized],
            "existing clients may send values outside the narrower type",
            &["request-parameter-property-type-specialized", "request-body-media-type-schema-added"],
            ""),
        ResponseTypeChanged "response-type-changed" => r(Breaking, Schema, &[W::ResponseTypeChanged],
            "existing clients decode the old type",
            &["response-body-type-changed", "response-property-type-changed",
              "response-header-type-changed", "response-body-wrapped-in-one-of"], ""),
        ResponseTypeGeneralized "response-type-generalized" => r(Breaking, Schema, &[W::ResponseTypeSpecialized],
            "existing clients decode the narrower type and fail on the rest (a number where an \
             integer was, a string without its format)",
            &["response-body-type-generalized", "response-property-type-generalized",
              "response-header-type-generalized", "response-body-media-type-schema-removed"],
            "oasdiff judges a schema removed from a response media type WARN; a generated client \
             decodes the old schema and fails on anything else"),
        ResponseTypeSpecialized "response-type-specialized" => r(Info, Schema, &[W::ResponseTypeGeneralized],
            "every value of the narrower type decodes as the old one",
            &["response-body-type-specialized", "response-property-type-specialized",
              "response-header-type-specialized", "response-body-type-compatible",
              "response-property-type-compatible", "response-header-type-compatible",
              "response-body-media-type-schema-added"], ""),
        RequestMadeNullable "request-made-nullable" => r(Info, Schema, &[W::RequestMadeNonNullable],
            "existing clients send values, still accepted",
            &["request-body-became-nullable", "request-property-became-nullable",
              "request-parameter-became-nullable", "request-parameter-property-became-nullable"], ""),
        RequestMadeNonNullable "request-made-non-nullable" => r(Breaking, Schema, &[W::RequestMadeNullable],
            "existing clients may send null",
            &["request-body-became-not-nullable", "request-property-became-not-nullable",
              "request-parameter-became-not-nullable",
              "request-parameter-property-became-not-nullable"], ""),
        ResponseMadeNullable "response-made-nullable" => r(Breaking, Schema, &[W::ResponseMadeNonNullable],
            "existing clients may not accept null",
            &["response-body-became-nullable", "response-property-became-nullable",
              "response-header-became-nullable"], ""),
        ResponseMadeNonNullable "response-made-non-nullable" => r(Info, Schema, &[W::ResponseMadeNullable],
            "existing clients accept null and values alike",
            &["response-body-became-not-nullable", "response-property-became-not-nullable",
              "response-header-became-not-nullable"], ""),
        RequestEnumValueAdded "request-enum-value-added" => r(Info, Schema, &[W::RequestEnumValueRemoved],
            "existing clients never send it",
            &["request-property-enum-value-added", "request-parameter-enum-value-added",
              "request-parameter-property-enum-value-added"], ""),
        RequestEnumValueRemoved "request-enum-value-removed" => r(Breaking, Schema, &[W::RequestEnumValueAdded],
            "existing clients may send it",
            &["request-body-enum-value-removed", "request-property-enum-value-removed",
              "request-parameter-enum-value-removed", "request-parameter-property-enum-value-removed"],
            ""),
        RequestBecameEnum "request-became-enum" => r(Breaking, Schema, &[W::RequestEnumRemoved],
            "existing clients may send values outside the new set",
            &["request-body-became-enum", "request-property-became-enum",
              "request-parameter-became-enum", "request-header-property-became-enum"], ""),
        RequestEnumRemoved "request-enum-removed" => r(Info, Schema, &[W::RequestBecameEnum],
            "every value existing clients send is still accepted", &[], ""),
        ResponseEnumValueAdded "response-enum-value-added" => r(Breaking, Schema, &[W::ResponseEnumValueRemoved],
            "a generated client decodes an enum as a closed set and fails on a new value",
            &["response-property-enum-value-added", "response-write-only-property-enum-value-added"],
            "oasdiff: WARN; a generated Rust client's enum is closed (and a write-only property's \
             new value is INFO there, though nothing tells a decoder which properties are \
             write-only)"),
        ResponseEnumValueRemoved "response-enum-value-removed" => r(Info, Schema, &[W::ResponseEnumValueAdded],
            "existing clients stop receiving it",
            &["response-property-enum-value-removed", "response-mediatype-enum-value-removed"], ""),
        ResponseBecameEnum "response-became-enum" => r(Info, Schema, &[W::ResponseEnumRemoved],
            "every value in the new set decodes as before", &[], ""),
        ResponseEnumRemoved "response-enum-removed" => r(Breaking, Schema, &[W::ResponseBecameEnum],
            "existing clients decode a closed set; any value may come now", &[], ""),
        RequestConstraintTightened "request-constraint-tightened" => r(Breaking, Schema, &[W::RequestConstraintLoosened],
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
        RequestConstraintAdded "request-constraint-added" => r(Warn, Schema, &[W::RequestConstraintLoosened],
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
        RequestConstraintLoosened "request-constraint-loosened" => r(Info, Schema,
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
        RequestPatternChanged "request-pattern-changed" => r(Warn, Schema, &[W::RequestPatternChanged],
            "existing clients break only if they send values the new pattern refuses",
            &["request-parameter-pattern-changed", "request-property-pattern-changed",
              "request-parameter-pattern-generalized", "request-property-pattern-generalized"],
            "oasdiff judges a pattern it proves wider INFO; this diff does not compare regular \
             expressions, so any changed pattern is potentially breaking"),
        ResponseConstraintLoosened "response-constraint-loosened" => r(Breaking, Schema, &[W::ResponseConstraintTightened],
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
        ResponseConstraintTightened "response-constraint-tightened" => r(Info, Schema, &[W::ResponseConstraintLoosened],
            "every value within the new bounds was within the old", &["response-property-pattern-added"],
            ""),
        ResponsePatternChanged "response-pattern-changed" => r(Warn, Schema, &[W::ResponsePatternChanged],
            "the generated types check the pattern when they decode: values the old one refuses \
             fail", &["response-property-pattern-changed"],
            "oasdiff: INFO; typify's string types check the pattern when they decode"),
        RequestDefaultChanged "request-default-changed" => r(Breaking, Schema, &[W::RequestDefaultChanged],
            "the server assumes another value for every client that leaves it out",
            &["request-parameter-default-value-changed", "request-property-default-value-changed",
              "request-body-default-value-changed"],
            "oasdiff judges a property's or a body's default INFO and a parameter's ERR; a default \
             is what the server assumes wherever a client leaves a value out"),
        RequestDefaultAdded "request-default-added" => r(Warn, Schema, &[W::RequestDefaultRemoved],
            "the server now says what it assumes for clients that leave the value out: if that is \
             not what it did before, their requests mean something else",
            &["request-parameter-default-value-added", "request-property-default-value-added",
              "request-body-default-value-added"],
            "oasdiff: ERR for parameters, INFO for properties; a default declared where none was \
             documents behaviour as often as it changes it, alike everywhere"),
        RequestDefaultRemoved "request-default-removed" => r(Warn, Schema, &[W::RequestDefaultAdded],
            "the server no longer promises what it assumes for clients that leave the value out",
            &["request-parameter-default-value-removed", "request-property-default-value-removed",
              "request-body-default-value-removed"],
            "oasdiff: ERR for parameters, INFO for properties; judged alike here"),
        ResponseDefaultChanged "response-default-changed" => r(Warn, Schema, &[W::ResponseDefaultChanged],
            "a generated type fills in the declared default where the field is absent: existing \
             clients fill in the old one",
            &["response-body-default-value-changed", "response-property-default-value-changed"],
            "oasdiff: INFO; typify's types fill in the default they were built with"),
        ResponseDefaultAdded "response-default-added" => r(Info, Schema, &[W::ResponseDefaultRemoved],
            "existing clients handle the field absent",
            &["response-body-default-value-added", "response-property-default-value-added"], ""),
        ResponseDefaultRemoved "response-default-removed" => r(Info, Schema, &[W::ResponseDefaultAdded],
            "existing clients fill in the old default where the field is absent, as the server \
             meant", &["response-body-default-value-removed", "response-property-default-value-removed"],
            ""),
        RequestPropertyAddedRequired "request-property-added-required" => r(Breaking, Schema, &[W::RequestPropertyRemoved],
            "existing clients do not send it",
            &["new-required-request-property", "new-required-request-property-with-default"], ""),
        RequestPropertyAddedOptional "request-property-added-optional" => r(Info, Schema, &[W::RequestPropertyRemoved],
            "existing clients may leave it out", &["new-optional-request-property"], ""),
        RequestPropertyRemoved "request-property-removed" => r(Warn, Schema,
            &[W::RequestPropertyAddedRequired, W::RequestPropertyAddedOptional],
            "existing clients still send it, as with a removed parameter: a server that ignores \
             fields it does not know answers as before", &["request-property-removed"], ""),
        RequestPropertyMadeRequired "request-property-made-required" => r(Breaking, Schema, &[W::RequestPropertyMadeOptional],
            "existing clients may leave it out",
            &["request-property-became-required", "request-property-became-required-with-default"],
            ""),
        RequestPropertyMadeOptional "request-property-made-optional" => r(Info, Schema, &[W::RequestPropertyMadeRequired],
            "existing clients send it anyway", &["request-property-became-optional"], ""),
        ResponsePropertyAdded "response-property-added" => r(Info, Schema,
            &[W::ResponseRequiredPropertyRemoved, W::ResponseOptionalPropertyRemoved],
            "existing clients ignore fields they do not know (unless the object was closed: see \
             response-additional-properties-widened)",
            &["response-optional-property-added", "response-required-property-added",
              "response-optional-write-only-property-added",
              "response-required-write-only-property-added"], ""),
        ResponseRequiredPropertyRemoved "response-required-property-removed" => r(Breaking, Schema, &[W::ResponsePropertyAdded],
            "existing clients decode it as always present", &["response-required-property-removed"],
            ""),
        ResponseOptionalPropertyRemoved "response-optional-property-removed" => r(Warn, Schema, &[W::ResponsePropertyAdded],
            "existing clients handle it absent, but may rely on it", &["response-optional-property-removed"],
            ""),
        ResponsePropertyMadeOptional "response-property-made-optional" => r(Breaking, Schema, &[W::ResponsePropertyMadeRequired],
            "existing clients decode it as always present", &["response-property-became-optional"],
            ""),
        ResponsePropertyMadeRequired "response-property-made-required" => r(Info, Schema, &[W::ResponsePropertyMadeOptional],
            "existing clients already accept it present", &["response-property-became-required"],
            ""),
        RequestPropertyBecameReadOnly "request-property-became-read-only" => r(Info, Schema, &[W::RequestPropertyBecameNotReadOnly],
            "the server ignores it in requests now; existing clients that send it are not refused",
            &["request-optional-property-became-read-only",
              "request-required-property-became-read-only"], ""),
        RequestPropertyBecameNotReadOnly "request-property-became-not-read-only" => r(Info, Schema, &[W::RequestPropertyBecameReadOnly],
            "existing clients may now send it, and need not",
            &["request-optional-property-became-not-read-only",
              "request-required-property-became-not-read-only"], ""),
        ResponsePropertyBecameWriteOnly "response-property-became-write-only" => r(Warn, Schema, &[W::ResponsePropertyBecameNotWriteOnly],
            "the server stops returning it: clients that read it get nothing, and one that decodes \
             it as required fails",
            &["response-optional-property-became-write-only",
              "response-required-property-became-write-only"],
            "oasdiff: INFO; a field that stops coming is a field removed for its readers"),
        ResponsePropertyBecameNotWriteOnly "response-property-became-not-write-only" => r(Info, Schema, &[W::ResponsePropertyBecameWriteOnly],
            "a field starts coming, which existing clients ignore or already declare",
            &["response-optional-property-became-not-write-only",
              "response-required-property-became-not-write-only"],
            "oasdiff judges a required property becoming readable WARN; a field that starts coming \
             breaks no decoder"),
        RequestVariantAdded "request-variant-added" => r(Info, Schema, &[W::RequestVariantRemoved],
            "every value existing clients send still matches a variant",
            &["request-body-one-of-added", "request-property-one-of-added",
              "request-body-any-of-added", "request-property-any-of-added"], ""),
        RequestVariantRemoved "request-variant-removed" => r(Breaking, Schema, &[W::RequestVariantAdded],
            "existing clients may send the removed variant",
            &["request-body-one-of-removed", "request-property-one-of-removed",
              "request-body-any-of-removed", "request-property-any-of-removed"], ""),
        ResponseVariantAdded "response-variant-added" => r(Breaking, Schema, &[W::ResponseVariantRemoved],
            "a generated client decodes oneOf and anyOf as a closed set of variants and fails on a \
             new one",
            &["response-body-one-of-added", "response-property-one-of-added",
              "response-body-any-of-added", "response-property-any-of-added"],
            "oasdiff judges an anyOf variant added INFO; a generated Rust client decodes anyOf as a \
             closed set too"),
        ResponseVariantRemoved "response-variant-removed" => r(Info, Schema, &[W::ResponseVariantAdded],
            "existing clients stop receiving it",
            &["response-body-one-of-removed", "response-property-one-of-removed",
              "response-body-any-of-removed", "response-property-any-of-removed"], ""),
        RequestAdditionalPropertiesNarrowed "request-additional-properties-narrowed" => r(Warn, Schema,
            &[W::RequestAdditionalPropertiesWidened],
            "clients that send undeclared properties (or ones of another type) are refused; \
             generated clients send only declared ones", &[], ""),
        RequestAdditionalPropertiesWidened "request-additional-properties-widened" => r(Info, Schema,
            &[W::RequestAdditionalPropertiesNarrowed],
            "every object existing clients send is still accepted", &[], ""),
        ResponseAdditionalPropertiesWidened "response-additional-properties-widened" => r(Breaking, Schema,
            &[W::ResponseAdditionalPropertiesNarrowed],
            "a generated type for a closed object refuses unknown fields (`deny_unknown_fields`), \
             and one for a typed map refuses values of another type", &[], ""),
        ResponseAdditionalPropertiesNarrowed "response-additional-properties-narrowed" => r(Info, Schema,
            &[W::ResponseAdditionalPropertiesWidened],
            "every object the server sends now decoded before", &[], ""),
        DiscriminatorChanged "discriminator-changed" => r(Info, Schema, &[W::DiscriminatorChanged],
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
        SchemaDeprecated "schema-deprecated" => r(Info, Schema, &[W::SchemaReactivated],
            "it still works; callers are told to move",
            &["request-property-deprecated", "response-property-deprecated",
              "request-property-deprecated-with-sunset", "response-property-deprecated-with-sunset"],
            ""),
        SchemaReactivated "schema-reactivated" => r(Info, Schema, &[W::SchemaDeprecated],
            "it works as before", &["request-property-reactivated", "response-property-reactivated"],
            ""),
        SecurityAdded "security-added" => r(Breaking, Security, &[W::SecurityRemoved],
            "the operation accepted requests without credentials; existing clients that send none \
             are refused", &["api-security-added", "api-global-security-added"],
            "oasdiff: INFO for any security added; where no credentials were needed before, a \
             deployed client sends none"),
        SecurityRemoved "security-removed" => r(Info, Security, &[W::SecurityAdded],
            "the operation accepts requests without credentials; existing clients' credentials are \
             ignored", &["api-security-removed", "api-global-security-removed"], ""),
        SecurityRequirementAdded "security-requirement-added" => r(Info, Security, &[W::SecurityRequirementRemoved],
            "one more way to authenticate; existing clients use one still accepted",
            &["api-security-added", "api-global-security-added"], ""),
        SecurityRequirementRemoved "security-requirement-removed" => r(Breaking, Security, &[W::SecurityRequirementAdded],
            "existing clients that authenticate that way are refused",
            &["api-security-removed", "api-global-security-removed"],
            "oasdiff: INFO; a way to authenticate that is no longer accepted refuses the clients \
             that use it"),
        SecurityScopeAdded "security-scope-added" => r(Breaking, Security, &[W::SecurityScopeRemoved],
            "credentials without the new scope are refused",
            &["api-security-scope-added", "api-global-security-scope-added"],
            "oasdiff: INFO; a token issued without the scope is refused"),
        SecurityScopeRemoved "security-scope-removed" => r(Info, Security, &[W::SecurityScopeAdded],
            "existing credentials carry more than is needed",
            &["api-security-scope-removed", "api-global-security-scope-removed"], ""),
        SecuritySchemeChanged "security-scheme-changed" => r(Breaking, Security, &[W::SecuritySchemeChanged],
            "existing clients present credentials the old way (type, header name, scheme, flow)",
            &["api-security-component-type-changed", "api-security-component-oauth-url-changed",
              "api-security-component-oauth-token-url-changed"],
            "oasdiff: INFO; a key sent in a header the server no longer reads is no key at all"),
        RetryPolicyChanged "retry-policy-changed" => r(Info, Extensions, &[W::RetryPolicyChanged],
            "the same requests and responses; the generated client retries them differently",
            &[], ""),
    }
}
