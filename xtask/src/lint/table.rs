//! The lint rules by value (`RuleId`) and the table of what each asks, at what severity, with
//! its Spectral and Redocly counterparts: docs/lint-rules.md is printed from it.

use std::fmt;

/// How much a finding weighs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Printed; fails `lint --deny-warnings` only.
    #[serde(rename = "warn")]
    Warning,
    /// Fails `lint`, and `generate` refuses to write.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

rule_ids! {
    /// A lint rule, by value: a pass reports one of these, so a rule that does not exist
    /// cannot be reported, and [`RuleId::rule`] finds its entry of [`RULES`] in O(1).
    pub enum RuleId {
        OasSchema => "oas-schema",
        ComponentNameInvalid => "component-name-invalid",
        RefUnresolved => "ref-unresolved",
        RefSiblings => "ref-siblings",
        OperationIdMissing => "operation-id-missing",
        OperationIdDuplicate => "operation-id-duplicate",
        OperationIdUrlUnsafe => "operation-id-url-unsafe",
        ParameterDuplicate => "parameter-duplicate",
        PathParameterUndeclared => "path-parameter-undeclared",
        PathParameterUnused => "path-parameter-unused",
        PathParameterEmpty => "path-parameter-empty",
        PathIdentical => "path-identical",
        PathAmbiguous => "path-ambiguous",
        PathTrailingSlash => "path-trailing-slash",
        PathQuery => "path-query",
        SuccessResponseMissing => "success-response-missing",
        OperationErrorsUndocumented => "operation-errors-undocumented",
        OperationSummaryMissing => "operation-summary-missing",
        OperationDescriptionMissing => "operation-description-missing",
        OperationTagMissing => "operation-tag-missing",
        TagUndeclared => "tag-undeclared",
        TagDuplicate => "tag-duplicate",
        TagDescriptionMissing => "tag-description-missing",
        OperationSecurityMissing => "operation-security-missing",
        SecuritySchemeUndefined => "security-scheme-undefined",
        EnumTypeMismatch => "enum-type-mismatch",
        EnumDuplicate => "enum-duplicate",
        ArrayItemsMissing => "array-items-missing",
        NullableWithoutType => "nullable-without-type",
        SchemaTypeMismatch => "schema-type-mismatch",
        RequiredPropertyUndefined => "required-property-undefined",
        PropertyDescriptionMissing => "property-description-missing",
        ParameterDescriptionMissing => "parameter-description-missing",
        ExampleInvalid => "example-invalid",
        DefaultInvalid => "default-invalid",
        ExampleValueAndExternal => "example-value-and-external",
        ComponentUnused => "component-unused",
        ServersMissing => "servers-missing",
        ServerTrailingSlash => "server-trailing-slash",
        ServerExampleCom => "server-example-com",
        ServerVariables => "server-variables",
        InfoContactMissing => "info-contact-missing",
        InfoLicenseMissing => "info-license-missing",
        InfoDescriptionMissing => "info-description-missing",
        MarkdownUnsafe => "markdown-unsafe",
        RetryExtensionInvalid => "retry-extension-invalid",
        RequestBodyMediaTypes => "request-body-media-types",
        RequestBodyEncoding => "request-body-encoding",
        RequestBodyMediaType => "request-body-media-type",
        RequestBodySchema => "request-body-schema",
        CookieParameter => "cookie-parameter",
        SuccessResponsesMixed => "success-responses-mixed",
        WebsocketResponse => "websocket-response",
    }
}

impl RuleId {
    /// The rule's entry: severity, what it asks, its counterparts.
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }

    /// The rule named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<RuleId> {
        RuleId::ALL.iter().copied().find(|r| r.name() == name)
    }
}

// The table cannot drift from the ids: entry `i` of RULES is rule `i`, checked at compile time.
indexed_by!(RULES, RuleId);

impl Rule {
    /// The rule's kebab-case name.
    pub fn name(&self) -> &'static str {
        self.id.name()
    }
}

/// One rule: its name, default severity and what it asks, with the nearest rule of Spectral's
/// `spectral:oas` and of Redocly's `recommended` (empty: none).
pub struct Rule {
    /// Which rule (its name is `id.name()`).
    pub id: RuleId,
    /// The severity unless `spec/lint.yaml` says otherwise.
    pub severity: Severity,
    /// The document would be invalid OpenAPI or the generated code wrong: always an error,
    /// `spec/lint.yaml` cannot lower it.
    pub fixed: bool,
    /// What the rule asks, in a sentence.
    pub asks: &'static str,
    /// Spectral's counterpart (`spectral:oas`), or why there is none.
    pub spectral: &'static str,
    /// Redocly's counterpart (`recommended`), or why there is none.
    pub redocly: &'static str,
}

/// A rule that guards validity: always an error, never lowered.
const fn fixed(
    id: RuleId,
    asks: &'static str,
    spectral: &'static str,
    redocly: &'static str,
) -> Rule {
    Rule {
        fixed: true,
        ..review(id, Severity::Error, asks, spectral, redocly)
    }
}

/// A reviewer's rule at `severity`, which `spec/lint.yaml` may re-level.
const fn review(
    id: RuleId,
    severity: Severity,
    asks: &'static str,
    spectral: &'static str,
    redocly: &'static str,
) -> Rule {
    Rule {
        id,
        severity,
        fixed: false,
        asks,
        spectral,
        redocly,
    }
}

use Severity::{Error as E, Warning as W};

/// Every rule, in the order docs/lint-rules.md lists them.
pub const RULES: &[Rule] = &[
    fixed(
        RuleId::OasSchema,
        "the document is valid against the official OpenAPI 3.0 JSON Schema (2021-09-28)",
        "oas3-schema",
        "struct",
    ),
    fixed(
        RuleId::ComponentNameInvalid,
        "component names match `^[a-zA-Z0-9.\\-_]+$` (OpenAPI requires it; they become Rust type names)",
        "",
        "spec-components-invalid-map-name",
    ),
    fixed(
        RuleId::RefUnresolved,
        "every `$ref` points at something in this document",
        "(resolver: invalid-ref)",
        "no-unresolved-refs",
    ),
    review(
        RuleId::RefSiblings,
        W,
        "nothing stands beside a `$ref` (OpenAPI 3.0 ignores it)",
        "no-$ref-siblings (error)",
        "spec-ref-siblings",
    ),
    fixed(
        RuleId::OperationIdMissing,
        "every operation has an operationId (it names the method)",
        "operation-operationId (warn)",
        "operation-operationId (warn)",
    ),
    fixed(
        RuleId::OperationIdDuplicate,
        "operationIds are unique",
        "operation-operationId-unique",
        "operation-operationId-unique",
    ),
    review(
        RuleId::OperationIdUrlUnsafe,
        W,
        "operationIds use URL-safe characters only",
        "operation-operationId-valid-in-url",
        "operation-operationId-url-safe (error)",
    ),
    fixed(
        RuleId::ParameterDuplicate,
        "no parameter (name and place) is listed twice in one list",
        "operation-parameters (warn)",
        "operation-parameters-unique",
    ),
    fixed(
        RuleId::PathParameterUndeclared,
        "every `{name}` of a path has a path parameter",
        "path-params",
        "path-parameters-defined",
    ),
    fixed(
        RuleId::PathParameterUnused,
        "every path parameter appears in its path",
        "path-params",
        "path-parameters-defined",
    ),
    fixed(
        RuleId::PathParameterEmpty,
        "no path holds an empty `{}`",
        "path-declarations-must-exist (warn)",
        "path-declaration-must-exist",
    ),
    fixed(
        RuleId::PathIdentical,
        "no two paths differ only in their parameters' names",
        "path-params",
        "no-identical-paths",
    ),
    review(
        RuleId::PathAmbiguous,
        W,
        "no URL can match two paths with neither more literal",
        "",
        "no-ambiguous-paths",
    ),
    review(
        RuleId::PathTrailingSlash,
        W,
        "no path ends with `/`",
        "path-keys-no-trailing-slash",
        "no-path-trailing-slash (error)",
    ),
    fixed(
        RuleId::PathQuery,
        "no path holds a query string",
        "path-not-include-query (warn)",
        "path-not-include-query",
    ),
    review(
        RuleId::SuccessResponseMissing,
        W,
        "every operation declares a 2xx or `default` response (else its method returns no \
         content, whatever the API answers)",
        "operation-success-response (warn; 3xx too)",
        "operation-2xx-response (warn)",
    ),
    review(
        RuleId::OperationErrorsUndocumented,
        W,
        "every operation documents a 4xx (or default) response",
        "",
        "operation-4xx-response",
    ),
    review(
        RuleId::OperationSummaryMissing,
        W,
        "every operation has a summary (the method's doc heading)",
        "",
        "operation-summary (error)",
    ),
    review(
        RuleId::OperationDescriptionMissing,
        W,
        "every operation has a description",
        "operation-description",
        "operation-description (off)",
    ),
    review(
        RuleId::OperationTagMissing,
        W,
        "every operation has a tag",
        "operation-tags",
        "",
    ),
    review(
        RuleId::TagUndeclared,
        W,
        "every tag an operation uses is declared in `tags`",
        "operation-tag-defined",
        "operation-tag-defined (off)",
    ),
    fixed(
        RuleId::TagDuplicate,
        "each tag is declared once",
        "openapi-tags-uniqueness",
        "no-duplicated-tag-names (warn)",
    ),
    review(
        RuleId::TagDescriptionMissing,
        W,
        "every declared tag has a description",
        "tag-description (off)",
        "tag-description",
    ),
    review(
        RuleId::OperationSecurityMissing,
        W,
        "every operation has security, its own or the document's",
        "",
        "security-defined (error)",
    ),
    fixed(
        RuleId::SecuritySchemeUndefined,
        "every security requirement names a scheme of components.securitySchemes",
        "oas3-operation-security-defined (warn)",
        "security-defined",
    ),
    fixed(
        RuleId::EnumTypeMismatch,
        "every enum value is of the schema's type (`null` only when nullable)",
        "typed-enum (warn)",
        "no-enum-type-mismatch",
    ),
    review(
        RuleId::EnumDuplicate,
        W,
        "no enum value is listed twice",
        "duplicated-entry-in-enum",
        "no-duplicated-enum-values",
    ),
    fixed(
        RuleId::ArrayItemsMissing,
        "every array schema has `items`",
        "array-items",
        "",
    ),
    review(
        RuleId::NullableWithoutType,
        W,
        "`nullable` stands beside a `type`",
        "",
        "nullable-type-sibling (error)",
    ),
    review(
        RuleId::SchemaTypeMismatch,
        W,
        "no `items` on an object schema, no `properties` on an array schema",
        "",
        "no-schema-type-mismatch (error)",
    ),
    review(
        RuleId::RequiredPropertyUndefined,
        W,
        "every name in `required` is a property",
        "",
        "no-required-schema-properties-undefined",
    ),
    review(
        RuleId::PropertyDescriptionMissing,
        W,
        "every property of a component schema is described (its field's doc)",
        "",
        "",
    ),
    review(
        RuleId::ParameterDescriptionMissing,
        W,
        "every parameter is described (its setter's doc)",
        "oas3-parameter-description (off)",
        "parameter-description (off)",
    ),
    review(
        RuleId::ExampleInvalid,
        W,
        "every example fits its schema (schema, parameter, media type)",
        "oas3-valid-media-example, oas3-valid-schema-example (error)",
        "no-invalid-media-type-examples, no-invalid-parameter-examples, no-invalid-schema-examples",
    ),
    fixed(
        RuleId::DefaultInvalid,
        "every default fits its schema (the generated `Default` uses it)",
        "oas3-valid-schema-example",
        "no-invalid-schema-examples (warn)",
    ),
    review(
        RuleId::ExampleValueAndExternal,
        W,
        "no example has both `value` and `externalValue`",
        "oas3-examples-value-or-externalValue",
        "no-example-value-and-externalValue (error)",
    ),
    review(
        RuleId::ComponentUnused,
        W,
        "every component is used",
        "oas3-unused-component",
        "no-unused-components",
    ),
    review(
        RuleId::ServersMissing,
        W,
        "the document names a server",
        "oas3-api-servers",
        "no-empty-servers (error)",
    ),
    review(
        RuleId::ServerTrailingSlash,
        W,
        "no server URL ends with `/`",
        "oas3-server-trailing-slash",
        "no-server-trailing-slash (error)",
    ),
    review(
        RuleId::ServerExampleCom,
        W,
        "no server URL is an example.com placeholder",
        "oas3-server-not-example.com (off)",
        "no-server-example.com",
    ),
    review(
        RuleId::ServerVariables,
        E,
        "server URL variables are defined and used, and defaults are among their enums",
        "oas3-server-variables",
        "no-undefined-server-variable, no-server-variables-empty-enum",
    ),
    review(
        RuleId::InfoContactMissing,
        W,
        "`info.contact` is given",
        "info-contact",
        "info-contact (off)",
    ),
    review(
        RuleId::InfoLicenseMissing,
        W,
        "`info.license` is given, with a `url`",
        "info-license, license-url (off)",
        "info-license, info-license-strict",
    ),
    review(
        RuleId::InfoDescriptionMissing,
        W,
        "`info.description` is given",
        "info-description",
        "",
    ),
    review(
        RuleId::MarkdownUnsafe,
        W,
        "no description, summary or title holds `<script`, `eval(` or `javascript:` (it becomes rustdoc HTML)",
        "no-script-tags-in-markdown, no-eval-in-markdown",
        "no-unsafe-markdown",
    ),
    fixed(
        RuleId::RetryExtensionInvalid,
        "every `x-retry` has the documented shape (it sets the generated retry policy)",
        "",
        "",
    ),
    fixed(
        RuleId::RequestBodyMediaTypes,
        "a request body has exactly one media type (progenitor panics on several)",
        "",
        "",
    ),
    fixed(
        RuleId::RequestBodyEncoding,
        "no `encoding` on a request body progenitor would render (it panics)",
        "",
        "",
    ),
    fixed(
        RuleId::RequestBodyMediaType,
        "request bodies use a media type progenitor can send",
        "",
        "",
    ),
    fixed(
        RuleId::RequestBodySchema,
        "a raw request body (octet-stream, text) has the one schema progenitor sends it from",
        "",
        "",
    ),
    fixed(
        RuleId::CookieParameter,
        "no cookie parameters (progenitor cannot send them)",
        "",
        "",
    ),
    fixed(
        RuleId::SuccessResponsesMixed,
        "an operation's success responses share one body type (progenitor panics otherwise)",
        "",
        "",
    ),
    fixed(
        RuleId::WebsocketResponse,
        "a websocket operation (`x-dropshot-websocket`) has the `101` response progenitor needs",
        "",
        "",
    ),
];

/// Rules of the two tools that no rule here matches, and why.
pub(crate) const NOT_COVERED: &[(&str, &str)] = &[
    (
        "oas3-callbacks-in-callbacks (Spectral)",
        "progenitor ignores callbacks; a spec with them generates no code for them either way",
    ),
    (
        "security-scopes-defined (Redocly), the scope part of oas3-operation-security-defined",
        "the Fastly API has no OAuth2 scheme; scopes are not checked",
    ),
    (
        "no-illogical-composition-keywords (Redocly 2.77)",
        "typify refuses the compositions it cannot type, and generate locates that failure",
    ),
    (
        "oas3-server-not-example.com, info-license, license-url, tag-description, oas3-parameter-description (Spectral, off by default)",
        "matched by the rules named beside them, on here",
    ),
];

/// The rule named `name`.
pub fn rule(name: &str) -> Option<&'static Rule> {
    RuleId::from_name(name).map(RuleId::rule)
}

/// The rule table of docs/lint-rules.md, made from [`RULES`] and `NOT_COVERED`.
pub fn rules_table() -> String {
    let mut out = String::from(
        "| rule | severity | asks | Spectral (`spectral:oas`) | Redocly (`recommended`) |\n|---|---|---|---|---|\n",
    );
    for r in RULES {
        let severity = if r.fixed {
            "error (fixed)".to_string()
        } else {
            r.severity.to_string()
        };
        let or_none = |s: &str| {
            if s.is_empty() {
                "—".to_string()
            } else {
                format!("`{s}`")
            }
        };
        out.push_str(&format!(
            "| `{}` | {severity} | {} | {} | {} |\n",
            r.id.name(),
            r.asks.replace('|', "\\|"),
            or_none(r.spectral),
            or_none(r.redocly),
        ));
    }
    out.push_str("\nNot covered here:\n\n");
    for (what, why) in NOT_COVERED {
        out.push_str(&format!("- {what}: {why}.\n"));
    }
    out
}
