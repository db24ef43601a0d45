//! docs/lint-rules.md's table, printed from the rule table (`table.rs`), and the rules of
//! Spectral and Redocly that no rule here matches.

use crate::lint::table::RULES;

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
