//! oasdiff's checks (`oasdiff.tsv`, copied from its `checker/rules.go`) held against the wire
//! rules: the rule here that judges each, or why none does; and the tables of docs/wire-rules.md.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::levels::Level;
use super::rules::{RULES, WireRule};

/// One of oasdiff's checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// Its id (`request-property-removed`).
    pub id: &'static str,
    /// Its level.
    pub level: Level,
    /// Its area, as oasdiff names it (`Schema`, `Parameters`, ...).
    pub area: &'static str,
}

/// Every check oasdiff has, from the committed table.
pub fn checks() -> Vec<Check> {
    include_str!("oasdiff.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let id = cols.next()?;
            let level = match cols.next()? {
                "ERR" => Level::Breaking,
                "WARN" => Level::Warn,
                _ => Level::Info,
            };
            let _direction = cols.next()?;
            Some(Check {
                id,
                level,
                area: cols.next()?,
            })
        })
        .collect()
}

/// How this diff meets one of oasdiff's checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Coverage {
    /// The rules that judge the same change.
    Rules(Vec<WireRule>),
    /// It applies to an OpenAPI 3.0 document and a generated client, and is judged another
    /// way: why.
    Elsewhere(&'static str),
    /// It does not apply here: why.
    NotApplicable(&'static str),
}

/// Checks that apply here and are judged another way: (a part of the id, why).
pub(crate) const ELSEWHERE: &[(&str, &str)] = &[
    (
        "all-of-",
        "allOf parts are merged into one object and compared property by property: a part \
         added or removed is reported as the properties and requirements it brings",
    ),
    (
        "request-read-only-property-",
        "a read-only property is not sent: what changes inside it is not compared in requests",
    ),
    (
        "write-only-property-",
        "a write-only property never comes in a response: what changes inside it is not \
         compared in responses",
    ),
    (
        "-write-only",
        "writeOnly changes nothing in a request: clients still send the property",
    ),
    (
        "-read-only",
        "readOnly changes nothing in a response: the server still returns the property",
    ),
    (
        "api-schema-removed",
        "a component schema is not on the wire: the operations that used it report their own \
         changes, and the Rust verdict reports the removed type",
    ),
    (
        "api-security-component-added",
        "a scheme matters only where an operation requires it: security-requirement-*",
    ),
    (
        "api-security-component-removed",
        "a scheme matters only where an operation requires it: security-requirement-*",
    ),
    (
        "api-security-component-oauth-scope-",
        "an OAuth flow's scope list describes scopes; the ones an operation needs are \
         security-scope-*",
    ),
    (
        "response-media-type-name-",
        "media types are compared by essence (`application/json; charset=utf-8` is \
         `application/json`): a changed parameter changes nothing for a JSON decoder",
    ),
];

/// Checks that do not apply here: (a part of the id, why).
pub(crate) const NOT_APPLICABLE: &[(&str, &str)] = &[
    (
        "sunset",
        "a deprecation policy (x-sunset dates): this diff judges what a deployed client meets",
    ),
    (
        "stability",
        "a stability policy (x-stability-level): this diff judges what a deployed client meets",
    ),
    (
        "version",
        "a versioning policy for info.version: the Rust verdict gives the crate's version bump",
    ),
    (
        "x-extensible-enum",
        "Zalando's x-extensible-enum, which neither the spec nor progenitor uses",
    ),
    (
        "webhook",
        "webhooks are OpenAPI 3.1; the spec is OpenAPI 3.0",
    ),
    (
        "list-of-types",
        "type lists are OpenAPI 3.1 (3.0 says nullable: request- and response-made-nullable)",
    ),
];

/// JSON Schema 2020-12 keywords of OpenAPI 3.1, none of which OpenAPI 3.0 has.
const SCHEMA_2020: &[&str] = &[
    "-const-",
    "contains-",
    "dependent-",
    "-if-",
    "-then-",
    "-else-",
    "prefix-items",
    "property-names",
    "unevaluated-",
    "content-schema",
    "content-media-type",
    "content-encoding",
    "pattern-propert",
];

const SCHEMA_2020_WHY: &str = "a JSON Schema 2020-12 keyword of OpenAPI 3.1 (const, contains, \
     dependentRequired, if/then/else, prefixItems, propertyNames, unevaluated*, contentSchema, \
     patternProperties); the spec is OpenAPI 3.0";

/// How this diff meets the check `id`.
pub fn coverage(id: &str) -> Coverage {
    let rules: Vec<WireRule> = RULES
        .iter()
        .filter(|r| r.oasdiff.contains(&id))
        .map(|r| r.id)
        .collect();
    if !rules.is_empty() {
        return Coverage::Rules(rules);
    }
    if let Some((_, why)) = NOT_APPLICABLE.iter().find(|(part, _)| id.contains(part)) {
        return Coverage::NotApplicable(why);
    }
    if SCHEMA_2020.iter().any(|part| id.contains(part)) {
        return Coverage::NotApplicable(SCHEMA_2020_WHY);
    }
    match ELSEWHERE.iter().find(|(part, _)| id.contains(part)) {
        Some((_, why)) => Coverage::Elsewhere(why),
        None => Coverage::NotApplicable("no reason is recorded: this is a gap"),
    }
}

fn escape(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The wire-rule table (docs/wire-rules.md): every rule with its level, mirror, oasdiff's counterparts (with
/// their level where it differs) and why; then oasdiff's checks per area, and how each is met.
pub fn rules_table() -> String {
    let levels: BTreeMap<&str, Level> = checks().into_iter().map(|c| (c.id, c.level)).collect();
    let mut out = String::from(
        "| rule | level | area | mirror | oasdiff | why |\n|---|---|---|---|---|---|\n",
    );
    for rule in RULES {
        let oasdiff = if rule.oasdiff.is_empty() {
            "—".to_string()
        } else {
            rule.oasdiff
                .iter()
                .map(|id| match levels.get(id) {
                    Some(l) if *l != rule.level => format!("`{id}` ({})", l.oasdiff()),
                    _ => format!("`{id}`"),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mirror: Vec<String> = rule.mirror.iter().map(|m| format!("`{m}`")).collect();
        let why = if rule.differs.is_empty() {
            rule.why.to_string()
        } else {
            format!("{}. **Differs:** {}", rule.why, rule.differs)
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {oasdiff} | {} |",
            rule.id,
            rule.level.words(),
            rule.area.name(),
            mirror.join(", "),
            escape(&why),
        );
    }
    out.push_str(&coverage_table());
    out
}

/// oasdiff's checks per area: how many there are, how many a rule here judges, how many are
/// judged another way, and how many do not apply; then each reason with its count.
pub(crate) fn coverage_table() -> String {
    #[derive(Default)]
    struct Tally {
        all: usize,
        rules: usize,
        elsewhere: usize,
        not_applicable: usize,
    }
    let mut areas: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut reasons: BTreeMap<(bool, &str), Vec<&str>> = BTreeMap::new();
    for check in checks() {
        let tally = areas.entry(check.area).or_default();
        tally.all += 1;
        match coverage(check.id) {
            Coverage::Rules(_) => tally.rules += 1,
            Coverage::Elsewhere(why) => {
                tally.elsewhere += 1;
                reasons.entry((true, why)).or_default().push(check.id);
            }
            Coverage::NotApplicable(why) => {
                tally.not_applicable += 1;
                reasons.entry((false, why)).or_default().push(check.id);
            }
        }
    }
    let mut out = String::from(
        "\n| oasdiff area | checks | judged by a rule here | judged another way | do not apply |\n\
         |---|---|---|---|---|\n",
    );
    let mut total = Tally::default();
    for (area, t) in &areas {
        let _ = writeln!(
            out,
            "| {area} | {} | {} | {} | {} |",
            t.all, t.rules, t.elsewhere, t.not_applicable
        );
        total.all += t.all;
        total.rules += t.rules;
        total.elsewhere += t.elsewhere;
        total.not_applicable += t.not_applicable;
    }
    let _ = writeln!(
        out,
        "| all | {} | {} | {} | {} |\n",
        total.all, total.rules, total.elsewhere, total.not_applicable
    );
    for ((elsewhere, why), ids) in &reasons {
        let _ = writeln!(
            out,
            "- {} ({}): {}",
            if *elsewhere {
                "Judged another way"
            } else {
                "Does not apply"
            },
            ids.len(),
            escape(why)
        );
    }
    out
}
