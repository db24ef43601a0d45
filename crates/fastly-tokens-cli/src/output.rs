//! How an answer is written: a table for people, JSON or JSON lines for scripts.

use std::io::Write;

use comfy_table::{Table, presets};
use serde_json::Value;

use crate::command::{Failure, Operation, Outcome};

/// `--output`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// Columns for a list, field and value rows for one object.
    Table,
    /// Pretty JSON, the API's field names.
    Json,
    /// One compact JSON object per line (a list's items; one object is one line).
    Jsonl,
}

impl Format {
    pub(crate) const NAMES: [&'static str; 3] = ["table", "json", "jsonl"];

    pub(crate) fn parse(name: &str) -> Option<Format> {
        match name {
            "table" => Some(Format::Table),
            "json" => Some(Format::Json),
            "jsonl" => Some(Format::Jsonl),
            _ => None,
        }
    }
}

/// Writes the answer of `operation`.
pub(crate) fn write(
    out: &mut dyn Write,
    operation: &Operation,
    outcome: &Outcome,
    format: Format,
) -> Result<(), Failure> {
    match (&outcome.value, format) {
        (Value::Null, Format::Table) => emit(
            out,
            format!(
                "Done: {} answered {}.\n",
                operation.route,
                outcome.status.as_u16()
            ),
        ),
        (Value::Array(items), Format::Table) => emit(out, rows(operation.columns, items)),
        (value, format) => write_value(out, value, format),
    }
}

/// Writes one answer: JSON as it is, or as a table (an object's nested objects flattened to
/// `outer.inner` rows).
pub(crate) fn write_value(
    out: &mut dyn Write,
    value: &Value,
    format: Format,
) -> Result<(), Failure> {
    let text = match (value, format) {
        (Value::Null, _) => String::new(),
        (value, Format::Json) => format!("{}\n", pretty(value)),
        (Value::Array(items), Format::Jsonl) => items.iter().map(|i| format!("{i}\n")).collect(),
        (value, Format::Jsonl) => format!("{value}\n"),
        (Value::Array(items), Format::Table) => rows(&[], items),
        (Value::Object(fields), Format::Table) => {
            let mut table = table();
            table.set_header(["field", "value"]);
            for (name, value) in fields {
                match value {
                    Value::Object(inner) => {
                        for (key, value) in inner {
                            table.add_row([format!("{name}.{key}"), cell(value)]);
                        }
                    }
                    value => {
                        table.add_row([name.clone(), cell(value)]);
                    }
                }
            }
            format!("{table}\n")
        }
        (value, Format::Table) => format!("{}\n", cell(value)),
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

fn table() -> Table {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_HORIZONTAL_ONLY);
    table
}

/// A list as a table of `columns` (every scalar field when the spec names none).
fn rows(columns: &[&str], items: &[Value]) -> String {
    if items.is_empty() {
        return "No items.\n".into();
    }
    let columns: Vec<String> = if columns.is_empty() {
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
        columns.iter().map(|c| c.to_string()).collect()
    };
    let mut table = table();
    table.set_header(&columns);
    for item in items {
        table.add_row(
            columns
                .iter()
                .map(|c| cell(item.get(c).unwrap_or(&Value::Null))),
        );
    }
    format!("{table}\n")
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
