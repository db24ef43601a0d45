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

/// A list as aligned columns of `chosen` (every field of the items when none are chosen),
/// under a header of their names in capitals. Given a `width`, the widest column is shortened
/// (its cells cut with `…`) until the table fits, none below [`MIN_COLUMN`].
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
    let header: Vec<String> = names.iter().map(|n| heading(n)).collect();
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            names
                .iter()
                .map(|n| one_line(&cell(item.get(n).unwrap_or(&Value::Null))))
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (w, text) in widths.iter_mut().zip(row) {
            *w = (*w).max(text.width());
        }
    }
    if let Some(width) = width {
        fit(&mut widths, width);
    }
    std::iter::once(&header)
        .chain(&rows)
        .map(|row| line(row, &widths))
        .collect()
}

/// Shortens the widest column, one column at a time, until the columns and their gaps fit in
/// `width` or every column is at [`MIN_COLUMN`] (or narrower already).
fn fit(widths: &mut [usize], width: usize) {
    let gaps = GAP.len() * widths.len().saturating_sub(1);
    loop {
        let total: usize = widths.iter().sum::<usize>() + gaps;
        let Some((widest, &w)) = widths
            .iter()
            .enumerate()
            .max_by_key(|(i, w)| (**w, usize::MAX - i))
        else {
            return;
        };
        if total <= width || w <= MIN_COLUMN {
            return;
        }
        widths[widest] = w.saturating_sub(total - width).max(MIN_COLUMN);
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
    fn the_widest_column_gives_way_to_fit_the_window() {
        let full = columns(&["id", "name", "scope", "created_at"], &tokens(), None);
        let widest = full.lines().map(UnicodeWidthStr::width).max().unwrap();
        let fitted = columns(&["id", "name", "scope", "created_at"], &tokens(), Some(70));
        assert!(widest > 70);
        for line in fitted.lines() {
            assert!(line.width() <= 70, "{line:?} ({})", line.width());
        }
        assert!(fitted.contains("a laptop toke…  "), "{fitted}");
        // Every column keeps at least the minimum, however narrow the window.
        let narrow = columns(&["id", "name"], &tokens(), Some(5));
        assert!(narrow.contains("a laptop …"), "{narrow}");
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
