//! How an answer is written: for people, plain aligned columns that fit the window (one
//! object as `Key: value` lines), as Fastly's CLI, gh and kubectl print them; for scripts, JSON
//! or JSON lines. Nothing is coloured, so `NO_COLOR` has nothing to turn off.

use std::io::Write;

use serde_json::Value;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::command::{Failure, Operation, Outcome};

/// `--output`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// A list's chosen columns, fitted to the window; one object as `Key: value` lines.
    Table,
    /// Every field of a list, however wide.
    Wide,
    /// Pretty JSON, the API's field names.
    Json,
    /// One compact JSON object per line (a list's items; one object is one line).
    Jsonl,
}

impl Format {
    pub(crate) const NAMES: [&'static str; 4] = ["table", "wide", "json", "jsonl"];

    pub(crate) fn parse(name: &str) -> Option<Format> {
        match name {
            "table" => Some(Format::Table),
            "wide" => Some(Format::Wide),
            "json" => Some(Format::Json),
            "jsonl" => Some(Format::Jsonl),
            _ => None,
        }
    }
}

/// Where a table goes: its format and the window's width (`None`: not a terminal, or unknown).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sink {
    pub(crate) format: Format,
    pub(crate) width: Option<usize>,
}

/// Writes the answer of `operation`.
pub(crate) fn write(
    out: &mut dyn Write,
    operation: &Operation,
    outcome: &Outcome,
    sink: Sink,
) -> Result<(), Failure> {
    match (&outcome.value, sink.format) {
        (Value::Null, Format::Table | Format::Wide) => emit(
            out,
            format!(
                "Done: {} answered {}.\n",
                operation.route,
                outcome.status.as_u16()
            ),
        ),
        (Value::Array(items), Format::Table) => {
            emit(out, columns(operation.columns, items, sink.width))
        }
        (Value::Object(fields), Format::Table | Format::Wide) => {
            emit(out, key_values(operation.columns, fields))
        }
        (value, _) => write_value(out, value, sink),
    }
}

/// Writes one answer: JSON as it is, a list as columns (every field), one object as
/// `Key: value` lines (a nested object's fields as `Outer inner: value`).
pub(crate) fn write_value(out: &mut dyn Write, value: &Value, sink: Sink) -> Result<(), Failure> {
    let text = match (value, sink.format) {
        (Value::Null, _) => String::new(),
        (value, Format::Json) => format!("{}\n", pretty(value)),
        (Value::Array(items), Format::Jsonl) => items.iter().map(|i| format!("{i}\n")).collect(),
        (value, Format::Jsonl) => format!("{value}\n"),
        (Value::Array(items), Format::Table) => columns(&[], items, sink.width),
        (Value::Array(items), Format::Wide) => columns(&[], items, None),
        (Value::Object(fields), Format::Table | Format::Wide) => key_values(&[], fields),
        (value, Format::Table | Format::Wide) => format!("{}\n", cell(value)),
    };
    emit(out, text)
}

fn emit(out: &mut dyn Write, text: String) -> Result<(), Failure> {
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Output(format!("cannot write the answer: {e}")))
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// The gap between two columns.
const GAP: &str = "  ";

/// The narrowest a column is shortened to when the window is too narrow for the table.
const MIN_COLUMN: usize = 10;

/// One column of a table: its heading, its cells, and whether it holds identifiers.
struct Column {
    heading: String,
    cells: Vec<String>,
    /// `id` or a name ending in `_id`: what a user copies into the next command, so never cut
    /// or dropped.
    identifier: bool,
}

impl Column {
    fn width(&self) -> usize {
        self.cells
            .iter()
            .map(|c| c.width())
            .chain([self.heading.width()])
            .max()
            .unwrap_or(0)
    }
}

/// A list as aligned columns of `chosen` (every field of the items when none are chosen),
/// under a header of their names in capitals. Given a `width`, a table too wide for it is
/// fitted as `gh` and `kubectl` fit theirs, step by step until it fits: columns no row fills
/// are left out, dates are shown as their day, the last columns (the spec's `x-cli-columns`
/// lists them from most to least useful) are left out, and then the widest columns are cut
/// with `…`, none below [`MIN_COLUMN`]. An identifier is never cut or left out.
fn columns(chosen: &[&str], items: &[Value], width: Option<usize>) -> String {
    if items.is_empty() {
        return "No items.\n".into();
    }
    let names: Vec<String> = if chosen.is_empty() {
        let mut seen = Vec::new();
        for item in items {
            for key in item.as_object().into_iter().flat_map(|o| o.keys()) {
                if !seen.contains(key) {
                    seen.push(key.clone());
                }
            }
        }
        seen
    } else {
        chosen.iter().map(|c| c.to_string()).collect()
    };
    let mut table: Vec<Column> = names
        .iter()
        .map(|n| Column {
            heading: heading(n),
            cells: items
                .iter()
                .map(|item| one_line(&cell(item.get(n).unwrap_or(&Value::Null))))
                .collect(),
            identifier: n == "id" || n.ends_with("_id"),
        })
        .collect();
    if let Some(width) = width {
        fit(&mut table, width);
    }
    let widths: Vec<usize> = table.iter().map(Column::width).collect();
    let cut_widths = match width {
        Some(width) => cut_to(&table, &widths, width),
        None => widths,
    };
    let header: Vec<String> = table.iter().map(|c| c.heading.clone()).collect();
    let mut out = line(&header, &cut_widths);
    for row in 0..items.len() {
        let cells: Vec<String> = table.iter().map(|c| c.cells[row].clone()).collect();
        out.push_str(&line(&cells, &cut_widths));
    }
    out
}

/// The width of a table of `widths` with its gaps.
fn total(widths: impl IntoIterator<Item = usize>) -> usize {
    let (sum, count) = widths
        .into_iter()
        .fold((0usize, 0usize), |(sum, count), w| (sum + w, count + 1));
    sum + GAP.len() * count.saturating_sub(1)
}

/// Leaves out and shortens what matters least until `table` fits in `width`: empty columns,
/// then dates shown as their day, then the last columns that are not identifiers (the first
/// that is not one always stays).
fn fit(table: &mut Vec<Column>, width: usize) {
    let fits = |table: &[Column]| total(table.iter().map(Column::width)) <= width;
    if fits(table) {
        return;
    }
    table.retain(|c| c.identifier || c.cells.iter().any(|cell| !cell.is_empty()));
    if fits(table) {
        return;
    }
    for column in table.iter_mut() {
        for cell in &mut column.cells {
            if let Some(day) = day_of(cell) {
                cell.truncate(day);
            }
        }
    }
    let first_other = table.iter().position(|c| !c.identifier);
    while !fits(table) {
        let last = table
            .iter()
            .enumerate()
            .rposition(|(i, c)| !c.identifier && Some(i) != first_other);
        match last {
            Some(i) => {
                table.remove(i);
            }
            None => break,
        }
    }
}

/// The length of the day of an RFC 3339 date-time (`2025-02-25T05:12:57Z` -> 10), `None` for
/// anything else.
fn day_of(cell: &str) -> Option<usize> {
    let b = cell.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    (b.len() >= 16
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b[10], b'T' | b't' | b' ')
        && digits(11..13))
    .then_some(10)
}

/// The widths the columns are cut to so the table fits in `width`: the widest column that is
/// not an identifier gives way first, one column at a time, none below [`MIN_COLUMN`].
fn cut_to(table: &[Column], widths: &[usize], width: usize) -> Vec<usize> {
    let mut widths = widths.to_vec();
    loop {
        let over = total(widths.iter().copied()).saturating_sub(width);
        let widest = widths
            .iter()
            .enumerate()
            .filter(|(i, w)| !table[*i].identifier && **w > MIN_COLUMN)
            .max_by_key(|(i, w)| (**w, usize::MAX - i))
            .map(|(i, _)| i);
        match widest {
            Some(i) if over > 0 => widths[i] = widths[i].saturating_sub(over).max(MIN_COLUMN),
            _ => return widths,
        }
    }
}

/// One row: each cell cut to its column and padded, the last without trailing spaces.
fn line(row: &[String], widths: &[usize]) -> String {
    let mut out = String::new();
    for (i, (text, &w)) in row.iter().zip(widths).enumerate() {
        let text = cut(text, w);
        out.push_str(&text);
        if i + 1 < row.len() {
            out.push_str(&" ".repeat(w - text.width()));
            out.push_str(GAP);
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// `text` in at most `width` columns: as it is, or cut with `…` at the end.
fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// One object as `Key: value` lines: the `first` fields in their order, then the others as
/// they come; a nested object's fields as `Outer inner: value`.
fn key_values(first: &[&str], fields: &serde_json::Map<String, Value>) -> String {
    let mut out = String::new();
    let chosen = first.iter().filter_map(|&n| fields.get_key_value(n));
    let rest = fields.iter().filter(|(n, _)| !first.contains(&n.as_str()));
    for (name, value) in chosen.chain(rest) {
        match value {
            Value::Object(inner) => {
                for (key, value) in inner {
                    let key = format!("{name} {key}");
                    out.push_str(&format!("{}: {}\n", label(&key), one_line(&cell(value))));
                }
            }
            value => out.push_str(&format!("{}: {}\n", label(name), one_line(&cell(value)))),
        }
    }
    out
}

/// A column's heading: the field's words in capitals (`created_at` -> `CREATED AT`).
fn heading(field: &str) -> String {
    words(field).join(" ").to_uppercase()
}

/// A field as a label: its words, the first capitalised, initialisms in capitals
/// (`user_id` -> `User ID`, `last_used_at` -> `Last used at`).
fn label(field: &str) -> String {
    let words: Vec<String> = words(field)
        .iter()
        .enumerate()
        .map(|(i, w)| match w.as_str() {
            "id" | "ip" | "url" | "otp" | "api" => w.to_uppercase(),
            _ if i == 0 => {
                let mut chars = w.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_uppercase().chain(chars).collect()
                })
            }
            _ => w.clone(),
        })
        .collect();
    words.join(" ")
}

/// A field name's words: split at `_`, `-`, `.`, spaces and `[]`.
fn words(field: &str) -> Vec<String> {
    field
        .split(['_', '-', '.', ' ', '[', ']'])
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A cell's text on one line (a value with line breaks would break the columns).
fn one_line(text: &str) -> String {
    if text.contains(['\n', '\r', '\t']) {
        text.replace(['\n', '\r', '\t'], " ")
    } else {
        text.to_string()
    }
}

/// One value in a cell: text as is, nothing for null, a list comma-separated.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tokens() -> Vec<Value> {
        vec![
            json!({"id": "aaa111", "name": "ci deploy", "scope": "global:read purge_select",
                   "created_at": "2026-01-02T03:04:05Z", "user_id": "u1"}),
            json!({"id": "bbb222", "name": "a laptop token with a long name", "scope": "global",
                   "created_at": null, "user_id": "u1"}),
        ]
    }

    #[test]
    fn a_list_is_aligned_columns_under_capital_headings() {
        let text = columns(&["id", "name", "scope", "created_at"], &tokens(), None);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "ID      NAME                             SCOPE                     CREATED AT"
        );
        assert_eq!(
            lines[1],
            "aaa111  ci deploy                        global:read purge_select  2026-01-02T03:04:05Z"
        );
        // No trailing spaces where the last cell is empty.
        assert_eq!(lines[2], "bbb222  a laptop token with a long name  global");
        assert!(!text.contains("USER ID"), "{text}");
    }

    #[test]
    fn a_narrow_window_loses_empty_columns_then_times_then_the_last_columns() {
        let chosen = ["id", "name", "scope", "created_at", "expires_at"];
        let full = columns(&chosen, &tokens(), None);
        assert!(full.contains("EXPIRES AT"), "{full}");
        assert!(full.contains("2026-01-02T03:04:05Z"), "{full}");
        // Too wide for 90: the column no row fills goes first, and that is enough.
        let at_90 = columns(&chosen, &tokens(), Some(90));
        assert!(!at_90.contains("EXPIRES AT"), "{at_90}");
        assert!(at_90.contains("2026-01-02T03:04:05Z"), "{at_90}");
        // At 80 the dates show their day.
        let at_80 = columns(&chosen, &tokens(), Some(80));
        assert!(
            at_80.contains("2026-01-02  ") || at_80.contains("2026-01-02\n"),
            "{at_80}"
        );
        assert!(!at_80.contains("T03:04"), "{at_80}");
        // At 70 the last column goes, and nothing is cut.
        let at_70 = columns(&chosen, &tokens(), Some(70));
        assert!(
            !at_70.contains("CREATED AT") && !at_70.contains('…'),
            "{at_70}"
        );
        for text in [&at_90, &at_80, &at_70] {
            assert!(text.lines().all(|l| l.width() <= 90), "{text}");
        }
    }

    #[test]
    fn an_identifier_is_never_cut_nor_left_out() {
        let items = vec![
            json!({"id": "5Yo3XXnrQpjc20u0ybrf2g", "name": "a token with a rather long name",
                   "customer_id": "4sIdEqbhOJ2sP8Oa5JY1Jh", "scope": "global"}),
        ];
        let chosen = ["id", "name", "customer_id", "scope"];
        for width in [20, 40, 60] {
            let text = columns(&chosen, &items, Some(width));
            assert!(text.contains("5Yo3XXnrQpjc20u0ybrf2g"), "{width}: {text}");
            assert!(text.contains("4sIdEqbhOJ2sP8Oa5JY1Jh"), "{width}: {text}");
            // The first column that is not an identifier stays, cut if it must be.
            assert!(text.contains("NAME"), "{width}: {text}");
            assert!(!text.contains("SCOPE"), "{width}: {text}");
        }
        let at_60 = columns(&chosen, &items, Some(60));
        assert!(at_60.contains("a token wit…"), "{at_60}");
        assert!(at_60.lines().all(|l| l.width() <= 60), "{at_60}");
    }

    #[test]
    fn wide_and_unchosen_columns_show_every_field() {
        let text = columns(&[], &tokens(), None);
        assert!(text.lines().next().unwrap().ends_with("USER ID"), "{text}");
    }

    #[test]
    fn one_object_is_key_value_lines() {
        let object = json!({"id": "aaa111", "user_id": "u1", "last_used_at": null,
                            "services": ["s1", "s2"], "ip": "192.0.2.1",
                            "rate": {"remaining_calls": 7}, "note": "two\nlines"});
        let text = key_values(&["services", "missing", "id"], object.as_object().unwrap());
        let mut lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[..2], ["Services: s1, s2", "ID: aaa111"]);
        lines.sort_unstable();
        assert_eq!(
            lines,
            [
                "ID: aaa111",
                "IP: 192.0.2.1",
                "Last used at: ",
                "Note: two lines",
                "Rate remaining calls: 7",
                "Services: s1, s2",
                "User ID: u1",
            ]
        );
    }

    #[test]
    fn a_cut_respects_wide_characters() {
        assert_eq!(cut("ünïcödé", 4), "ünï…");
        assert_eq!(cut("日本語のトークン", 7), "日本語…");
        assert_eq!(cut("short", 10), "short");
    }
}
