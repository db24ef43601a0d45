//! The lint rules by value (`RuleId`) and the table of what each asks, at what severity, with
//! its Spectral and Redocly counterparts: docs/lint-rules.md is printed from it.

use crate::lint::Severity;

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

rule_table! {
    /// A lint rule, by value: a pass reports one of these, so a rule that does not exist
    /// cannot be reported, and [`RuleId::rule`] finds its entry of [`RULES`] in O(1).
    pub enum RuleId;

    /// Every rule, in the order docs/lint-rules.md lists them.
    pub const RULES: &[Rule] = {
        OasSchema "oas-schema" => fixed(
            "the document is valid against the official OpenAPI 3.0 JSON Schema (2021-09-28)",
            "oas3-schema",
            "struct",
        ),
        ComponentNameInvalid "component-name-invalid" => fixed(
            "component names match `^[a-zA-Z0-9.\\-_]+$` (OpenAPI requires it; they become Rust type names)",
            "",
            "spec-components-invalid-map-name",
        ),
        RefUnresolved "ref-unresolved" => fixed(
            "every `$ref` points at something in this document",
            "(resolver: invalid-ref)",
            "no-unresolved-refs",
        ),
        RefSiblings "ref-siblings" => review(
            W,
            "nothing stands beside a `$ref` (OpenAPI 3.0 ignores it)",
            "no-$ref-siblings (error)",
            "spec-ref-siblings",
        ),
        OperationIdMissing "operation-id-missing" => fixed(
            "every operation has an operationId (it names the method)",
            "operation-operationId (warn)",
            "operation-operationId (warn)",
        ),
        OperationIdDuplicate "operation-id-duplicate" => fixed(
            "operationIds are unique",
            "operation-operationId-unique",
            "operation-operationId-unique",
        ),
        OperationIdUrlUnsafe "operation-id-url-unsafe" => review(
            W,
            "operationIds use URL-safe characters only",
            "operation-operationId-valid-in-url",
            "operation-operationId-url-safe (error)",
        ),
        ParameterDuplicate "parameter-duplicate" => fixed(
            "no parameter (name and place) is listed twice in one list",
            "operation-parameters (warn)",
            "operation-parameters-unique",
        ),
        PathParameterUndeclared "path-parameter-undeclared" => fixed(
            "every `{name}` of a path has a path parameter",
            "path-params",
            "path-parameters-defined",
        ),
        PathParameterUnused "path-parameter-unused" => fixed(
            "every path parameter appears in its path",
            "path-params",
            "path-parameters-defined",
        ),
        PathParameterEmpty "path-parameter-empty" => fixed(
            "no path holds an empty `{}`",
            "path-declarations-must-exist (warn)",
            "path-declaration-must-exist",
        ),
        PathIdentical "path-identical" => fixed(
            "no two paths differ only in their parameters' names",
            "path-params",
            "no-identical-paths",
        ),
        PathAmbiguous "path-ambiguous" => review(
            W,
            "no URL can match two paths with neither more literal",
            "",
            "no-ambiguous-paths",
        ),
        PathTrailingSlash "path-trailing-slash" => review(
            W,
            "no path ends with `/`",
            "path-keys-no-trailing-slash",
            "no-path-trailing-slash (error)",
        ),
        PathQuery "path-query" => fixed(
            "no path holds a query string",
            "path-not-include-query (warn)",
            "path-not-include-query",
        ),
        SuccessResponseMissing "success-response-missing" => review(
            W,
            "every operation declares a 2xx or `default` response (else its method returns no \
             content, whatever the API answers)",
            "operation-success-response (warn; 3xx too)",
            "operation-2xx-response (warn)",
        ),
        OperationErrorsUndocumented "operation-errors-undocumented" => review(
            W,
            "every operation documents a 4xx (or default) response",
            "",
            "operation-4xx-response",
        ),
        OperationSummaryMissing "operation-summary-missing" => review(
            W,
            "every operation has a summary (the method's doc heading)",
            "",
            "operation-summary (error)",
        ),
        OperationDescriptionMissing "operation-description-missing" => review(
            W,
            "every operation has a description",
            "operation-description",
            "operation-description (off)",
        ),
        OperationTagMissing "operation-tag-missing" => review(
            W,
            "every operation has a tag",
            "operation-tags",
            "",
        ),
        TagUndeclared "tag-undeclared" => review(
            W,
            "every tag an operation uses is declared in `tags`",
            "operation-tag-defined",
            "operation-tag-defined (off)",
        ),
        TagDuplicate "tag-duplicate" => fixed(
            "each tag is declared once",
            "openapi-tags-uniqueness",
            "no-duplicated-tag-names (warn)",
        ),
        TagDescriptionMissing "tag-description-missing" => review(
            W,
            "every declared tag has a description",
            "tag-description (off)",
            "tag-description",
        ),
        OperationSecurityMissing "operation-security-missing" => review(
            W,
            "every operation has security, its own or the document's",
            "",
            "security-defined (error)",
        ),
        SecuritySchemeUndefined "security-scheme-undefined" => fixed(
            "every security requirement names a scheme of components.securitySchemes",
            "oas3-operation-security-defined (warn)",
            "security-defined",
        ),
        EnumTypeMismatch "enum-type-mismatch" => fixed(
            "every enum value is of the schema's type (`null` only when nullable)",
            "typed-enum (warn)",
            "no-enum-type-mismatch",
        ),
        EnumDuplicate "enum-duplicate" => review(
            W,
            "no enum value is listed twice",
            "duplicated-entry-in-enum",
            "no-duplicated-enum-values",
        ),
        ArrayItemsMissing "array-items-missing" => fixed(
            "every array schema has `items`",
            "array-items",
            "",
        ),
        NullableWithoutType "nullable-without-type" => review(
            W,
            "`nullable` stands beside a `type`",
            "",
            "nullable-type-sibling (error)",
        ),
        SchemaTypeMismatch "schema-type-mismatch" => review(
            W,
            "no `items` on an object schema, no `properties` on an array schema",
            "",
            "no-schema-type-mismatch (error)",
        ),
        RequiredPropertyUndefined "required-property-undefined" => review(
            W,
            "every name in `required` is a property",
            "",
            "no-required-schema-properties-undefined",
        ),
        PropertyDescriptionMissing "property-description-missing" => review(
            W,
            "every property of a component schema is described (its field's doc)",
            "",
            "",
        ),
        ParameterDescriptionMissing "parameter-description-missing" => review(
            W,
            "every parameter is described (its setter's doc)",
            "oas3-parameter-description (off)",
            "parameter-description (off)",
        ),
        ExampleInvalid "example-invalid" => review(
            W,
            "every example fits its schema (schema, parameter, media type)",
            "oas3-valid-media-example, oas3-valid-schema-example (error)",
            "no-invalid-media-type-examples, no-invalid-parameter-examples, no-invalid-schema-examples",
        ),
        DefaultInvalid "default-invalid" => fixed(
            "every default fits its schema (the generated `Default` uses it)",
            "oas3-valid-schema-example",
            "no-invalid-schema-examples (warn)",
        ),
        ExampleValueAndExternal "example-value-and-external" => review(
            W,
            "no example has both `value` and `externalValue`",
            "oas3-examples-value-or-externalValue",
            "no-example-value-and-externalValue (error)",
        ),
        ComponentUnused "component-unused" => review(
            W,
            "every component is used",
            "oas3-unused-component",
            "no-unused-components",
        ),
        ServersMissing "servers-missing" => review(
            W,
            "the document names a server",
            "oas3-api-servers",
            "no-empty-servers (error)",
        ),
        ServerTrailingSlash "server-trailing-slash" => review(
            W,
            "no server URL ends with `/`",
            "oas3-server-trailing-slash",
            "no-server-trailing-slash (error)",
        ),
        ServerExampleCom "server-example-com" => review(
            W,
            "no server URL is an example.com placeholder",
            "oas3-server-not-example.com (off)",
            "no-server-example.com",
        ),
        ServerVariables "server-variables" => review(
            E,
            "server URL variables are defined and used, and defaults are among their enums",
            "oas3-server-variables",
            "no-undefined-server-variable, no-server-variables-empty-enum",
        ),
        InfoContactMissing "info-contact-missing" => review(
            W,
            "`info.contact` is given",
            "info-contact",
            "info-contact (off)",
        ),
        InfoLicenseMissing "info-license-missing" => review(
            W,
            "`info.license` is given, with a `url`",
            "info-license, license-url (off)",
            "info-license, info-license-strict",
        ),
        InfoDescriptionMissing "info-description-missing" => review(
            W,
            "`info.description` is given",
            "info-description",
            "",
        ),
        MarkdownUnsafe "markdown-unsafe" => review(
            W,
            "no description, summary or title holds `<script`, `eval(` or `javascript:` (it becomes rustdoc HTML)",
            "no-script-tags-in-markdown, no-eval-in-markdown",
            "no-unsafe-markdown",
        ),
        RetryExtensionInvalid "retry-extension-invalid" => fixed(
            "every `x-retry` has the documented shape (it sets the generated retry policy)",
            "",
            "",
        ),
        PagesExtensionInvalid "pages-extension-invalid" => fixed(
            "every `x-pages` names the operation's page parameters and the answer's items (it generates the page streams)",
            "",
            "",
        ),
        SudoExtensionInvalid "sudo-extension-invalid" => fixed(
            "`x-sudo` is `true` or `false`, on an operation (the CLI confirms sudo before it)",
            "",
            "",
        ),
        EmptyMeansNullInvalid "empty-means-null-invalid" => fixed(
            "`x-empty-means-null: true` is only on an optional `date-time` property",
            "",
            "",
        ),
        SameAsInvalid "same-as-invalid" => fixed(
            "`x-same-as` names another optional property of its component schema, of the same type",
            "",
            "",
        ),
        RequestBodyMediaTypes "request-body-media-types" => fixed(
            "a request body has exactly one media type (progenitor panics on several)",
            "",
            "",
        ),
        RequestBodyEncoding "request-body-encoding" => fixed(
            "no `encoding` on a request body progenitor would render (it panics)",
            "",
            "",
        ),
        RequestBodyMediaType "request-body-media-type" => fixed(
            "request bodies use a media type progenitor can send",
            "",
            "",
        ),
        RequestBodySchema "request-body-schema" => fixed(
            "a raw request body (octet-stream, text) has the one schema progenitor sends it from",
            "",
            "",
        ),
        CookieParameter "cookie-parameter" => fixed(
            "no cookie parameters (progenitor cannot send them)",
            "",
            "",
        ),
        SuccessResponsesMixed "success-responses-mixed" => fixed(
            "an operation's success responses share one body type (progenitor panics otherwise)",
            "",
            "",
        ),
        WebsocketResponse "websocket-response" => fixed(
            "a websocket operation (`x-dropshot-websocket`) has the `101` response progenitor needs",
            "",
            "",
        ),
        OperationIdReserved "operation-id-reserved" => fixed(
            "no operationId becomes a method `Client` already has (`new`, `builder`, ...)",
            "",
            "",
        ),
        ParameterStyle "parameter-style" => fixed(
            "query parameters are `form` and path parameters `simple`, arrays exploded (all progenitor sends)",
            "",
            "",
        ),
        ParameterContent "parameter-content" => fixed(
            "parameters are described by `schema`, not `content` (progenitor refuses `content`)",
            "",
            "",
        ),
        ParameterType "parameter-type" => fixed(
            "no parameter is a list or an object (progenitor writes parameters with `to_string()`)",
            "",
            "",
        ),
        ParameterNameCollision "parameter-name-collision" => fixed(
            "an operation's parameters differ in name, and in the Rust argument each becomes",
            "",
            "",
        ),
        SchemaAllOfCycle "schema-all-of-cycle" => fixed(
            "no `allOf` reaches its own schema again (typify's merge never ends: the stack overflows)",
            "",
            "",
        ),
        SchemaTypeMissing "schema-type-missing" => fixed(
            "a schema with `format` or numeric bounds has a `type`, and no boolean, object or array has a `format` (typify panics)",
            "",
            "",
        ),
        DefaultOutOfRange "default-out-of-range" => fixed(
            "an integer's `default` fits the Rust integer its `format` names (typify refuses it otherwise)",
            "",
            "",
        ),
        SchemaNot "schema-not" => fixed(
            "`not` is only an `enum` of strings, numbers or booleans (typify panics on any other)",
            "",
            "",
        ),
        SchemaOneOfAndAnyOf "schema-one-of-and-any-of" => fixed(
            "no schema has both `oneOf` and `anyOf` (typify asserts it)",
            "",
            "",
        ),
        EnumVariantCollision "enum-variant-collision" => fixed(
            "no two values of an enum become one Rust variant, and an untyped enum's values are of one kind (typify panics)",
            "",
            "",
        ),
        PropertyNameCollision "property-name-collision" => fixed(
            "no two properties of an object become one Rust field (`fooBar`, `foo_bar`)",
            "",
            "",
        ),
        ResponseSchema "response-schema" => fixed(
            "a JSON success response has a schema and no `encoding` (progenitor panics otherwise)",
            "",
            "",
        ),
        ResponseStatus "response-status" => fixed(
            "every success status is one with a reason phrase (progenitor's mock panics otherwise)",
            "",
            "",
        ),
        RefTarget "ref-target" => fixed(
            "every `$ref` names a component itself, and no path item is a `$ref` (the generators resolve nothing else)",
            "",
            "",
        ),
        CliPromptInvalid "cli-prompt-invalid" => fixed(
            "`x-cli-prompt` is `two-factor`, on an optional text parameter that is not in the path",
            "",
            "",
        ),
        OverlayTargetEmpty "overlay-target-empty" => review(
            W,
            "every overlay action's `target` selects at least one node (one that selects none usually means the document changed under the overlay)",
            "",
            "",
        ),
        PatternUnchecked "pattern-unchecked" => review(
            W,
            "every `pattern` compiles in the client's regex engine (regex-lite), so the client checks it before sending",
            "",
            "",
        ),
        CliCommandCollision "cli-command-collision" => fixed(
            "every operation's CLI command can be typed and is its own (not another's, a group's or a built-in's)",
            "",
            "",
        ),
        TypeNameDuplicate "type-name-duplicate" => fixed(
            "no two schemas get one Rust type name from typify (two types, or one silently lost)",
            "",
            "",
        ),
    }
}

/// The rule named `name`.
pub fn rule(name: &str) -> Option<&'static Rule> {
    RuleId::from_name(name).map(RuleId::rule)
}
