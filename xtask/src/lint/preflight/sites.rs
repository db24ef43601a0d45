//! The inventory of the generators' refusals (`sites.tsv`): every place in progenitor-impl
//! 0.15.1 and typify-impl 0.8.0 that refuses a document, panics, aborts, or emits code that
//! does not build or means something else, with what answers it: a lint rule, a bridge of
//! `generate/adapt.rs`, "unreachable" and why, or "open" (no rule yet: `generate/locate.rs`
//! names the place when it is hit). docs/generator-limits.md is printed from it, so an upgrade
//! of progenitor is a reviewed diff of that page.

/// The inventory as committed: a comment header, then a tab-separated table with a header row.
const TABLE: &str = include_str!("sites.tsv");

/// One place in a generator's sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Site {
    /// `progenitor` or `typify`.
    pub generator: &'static str,
    /// The file under the crate's `src/`.
    pub file: &'static str,
    /// The line (0: a behaviour with no single line).
    pub line: &'static str,
    /// `err`, `panic`, `todo`, `assert`, `unwrap`, `abort`, `nocompile`, `silent`, ...
    pub kind: &'static str,
    /// What happens there.
    pub what: &'static str,
    /// `rule <name> ...`, `bridged: ...`, `unreachable: ...` or `open: ...`.
    pub answer: &'static str,
}

impl Site {
    /// The lint rules that answer this site (`rule <name>`, separated by `; `); `None` in
    /// the list for a name no rule has.
    #[cfg(test)]
    pub(crate) fn rules(&self) -> Vec<Option<crate::lint::RuleId>> {
        (self.answer.split("; "))
            .filter_map(|part| part.strip_prefix("rule "))
            .map(|rest| crate::lint::RuleId::from_name(rest.split(' ').next().unwrap_or("")))
            .collect()
    }
}

/// Every site, in the table's order.
pub(crate) fn sites() -> Vec<Site> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .skip(1)
        .filter_map(|line| {
            let mut f = line.split('\t');
            Some(Site {
                generator: f.next()?,
                file: f.next()?,
                line: f.next()?,
                kind: f.next()?,
                what: f.next()?,
                answer: f.next()?,
            })
        })
        .collect()
}

/// docs/generator-limits.md's body: the counts, then every reachable site, then the others.
pub(crate) fn page_table() -> String {
    let all = sites();
    let count = |p: &str| all.iter().filter(|s| s.answer.starts_with(p)).count();
    let mut out = format!(
        "{} places: {} answered by a lint rule, {} bridged by `generate/adapt.rs`, {} open \
         (no rule yet; `generate/locate.rs` names the place when it is hit), {} unreachable \
         by a valid OpenAPI 3.0 document under this workspace's settings.\n\n\
         ## Reachable\n\n| generator | place | kind | what | answer |\n|---|---|---|---|---|\n",
        all.len(),
        count("rule "),
        count("bridged"),
        count("open"),
        count("unreachable"),
    );
    let row = |s: &Site| {
        let cell = |t: &str| t.replace('|', "\\|");
        format!(
            "| {} | `{}:{}` | {} | {} | {} |\n",
            s.generator,
            s.file,
            s.line,
            s.kind,
            cell(s.what),
            cell(s.answer)
        )
    };
    for s in all.iter().filter(|s| !s.answer.starts_with("unreachable")) {
        out.push_str(&row(s));
    }
    out.push_str(
        "\n## Unreachable\n\n| generator | place | kind | what | answer |\n|---|---|---|---|---|\n",
    );
    for s in all.iter().filter(|s| s.answer.starts_with("unreachable")) {
        out.push_str(&row(s));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_reads_and_every_preflight_rule_answers_a_site() {
        let all = sites();
        assert!(all.len() > 300, "{}", all.len());
        for s in &all {
            let known = ["rule ", "bridged", "open", "unreachable"];
            assert!(
                known.iter().any(|k| s.answer.starts_with(k)),
                "{s:?}: an answer starts with one of {known:?}"
            );
            assert!(
                s.rules().iter().all(Option::is_some),
                "{s:?}: no lint rule of that name"
            );
        }
        for rule in crate::lint::preflight::RULES {
            assert!(
                all.iter().any(|s| s.rules().contains(&Some(*rule))),
                "the preflight rule {rule} answers no site of the inventory"
            );
        }
    }
}
