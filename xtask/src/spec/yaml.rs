//! One YAML (or JSON) text read into a `serde_json::Value` with the line of every node, in one
//! pass over saphyr-parser's events: the line a finding names is where the parser saw the node.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use serde_json::{Map, Number, Value};

use crate::spec::pointer::escape;

/// Where each node of one file starts, by JSON pointer: a mapping entry where its key is, a
/// sequence item where the item is. The root is not listed.
pub(crate) type Lines = HashMap<String, Pos>;

/// A place in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// Characters before it in the text (the order of nodes that share a line).
    pub index: usize,
}

impl Pos {
    fn of(span: &Span) -> Pos {
        Pos {
            line: span.start.line(),
            index: span.start.index(),
        }
    }
}

/// A text that is not YAML as the document needs it: the line, and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Unreadable {
    /// 1-based line of the problem.
    pub line: usize,
    /// What is wrong, in a sentence.
    pub message: String,
}

/// Reads `text` (YAML 1.2, the core schema; JSON is YAML too): the first document as a value
/// and the line of every node. A duplicate key, a key that is not a scalar, a second document,
/// or a syntax error is [`Unreadable`] with its line.
pub(crate) fn read(text: &str) -> Result<(Value, Lines), Unreadable> {
    let mut reader = Reader {
        lines: Lines::new(),
        anchors: HashMap::new(),
        pointer: String::new(),
        stack: Vec::new(),
        done: None,
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| Unreadable {
            line: e.marker().line(),
            message: e.info().to_string(),
        })?;
        if reader.done.is_some() && matches!(event, Event::DocumentStart(_)) {
            return Err(Unreadable {
                line: span.start.line(),
                message: "a second YAML document in the file: a spec is one document".into(),
            });
        }
        reader.event(event, span)?;
    }
    Ok((reader.done.unwrap_or(Value::Null), reader.lines))
}

/// A mapping or sequence being read, with the length of the pointer up to it.
enum Open {
    Map {
        map: Map<String, Value>,
        /// The key read, waiting for its value (and where the key is).
        key: Option<(String, Pos)>,
        anchor: usize,
        at: usize,
    },
    Seq {
        items: Vec<Value>,
        anchor: usize,
        at: usize,
    },
}

struct Reader {
    lines: Lines,
    anchors: HashMap<usize, Value>,
    /// The pointer of the node being read.
    pointer: String,
    stack: Vec<Open>,
    done: Option<Value>,
}

impl Reader {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Unreadable> {
        let line = Pos::of(&span);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                // A scalar where a key is due is the key.
                if let Some(Open::Map {
                    key: key @ None, ..
                }) = self.stack.last_mut()
                {
                    *key = Some((text.into_owned(), line));
                    return Ok(());
                }
                self.enter(line)?;
                let value = scalar(&text, style, tag.as_deref());
                self.leave(value, anchor)
            }
            Event::Alias(id) => {
                if let Some(Open::Map { key: None, .. }) = self.stack.last() {
                    return Err(not_scalar_key(line.line));
                }
                self.enter(line)?;
                let value = self.anchors.get(&id).cloned().unwrap_or(Value::Null);
                self.leave(value, 0)
            }
            Event::MappingStart(anchor, _) => {
                self.enter(line)?;
                let at = self.pointer.len();
                self.stack.push(Open::Map {
                    map: Map::new(),
                    key: None,
                    anchor,
                    at,
                });
                Ok(())
            }
            Event::SequenceStart(anchor, _) => {
                self.enter(line)?;
                let at = self.pointer.len();
                self.stack.push(Open::Seq {
                    items: Vec::new(),
                    anchor,
                    at,
                });
                Ok(())
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let (value, anchor, at) = match self.stack.pop() {
                    Some(Open::Map {
                        map, anchor, at, ..
                    }) => (Value::Object(map), anchor, at),
                    Some(Open::Seq { items, anchor, at }) => (Value::Array(items), anchor, at),
                    None => return Ok(()),
                };
                self.pointer.truncate(at);
                self.leave(value, anchor)
            }
            _ => Ok(()),
        }
    }

    /// A node starts at `line`: extends the pointer with its key or index and records where.
    fn enter(&mut self, line: Pos) -> Result<(), Unreadable> {
        match self.stack.last_mut() {
            // The root has no line: a finding about the whole document names none.
            None => {}
            Some(Open::Map { map, key, .. }) => {
                let Some((key, key_line)) = key.as_ref() else {
                    return Err(not_scalar_key(line.line));
                };
                if map.contains_key(key) {
                    return Err(Unreadable {
                        line: key_line.line,
                        message: format!("the key `{key}` appears twice in one mapping"),
                    });
                }
                self.pointer.push('/');
                if key.contains(['~', '/']) {
                    self.pointer.push_str(&escape(key));
                } else {
                    self.pointer.push_str(key);
                }
                self.lines.insert(self.pointer.clone(), *key_line);
            }
            Some(Open::Seq { items, .. }) => {
                use std::fmt::Write;
                let _ = write!(self.pointer, "/{}", items.len());
                self.lines.insert(self.pointer.clone(), line);
            }
        }
        Ok(())
    }

    /// A node is complete: it takes its place in its parent (the pointer back to the parent's).
    fn leave(&mut self, value: Value, anchor: usize) -> Result<(), Unreadable> {
        if anchor != 0 {
            self.anchors.insert(anchor, value.clone());
        }
        match self.stack.last_mut() {
            None => self.done = Some(value),
            Some(Open::Map { map, key, at, .. }) => {
                if let Some((key, _)) = key.take() {
                    map.insert(key, value);
                }
                self.pointer.truncate(*at);
            }
            Some(Open::Seq { items, at, .. }) => {
                items.push(value);
                self.pointer.truncate(*at);
            }
        }
        Ok(())
    }
}

fn not_scalar_key(line: usize) -> Unreadable {
    Unreadable {
        line,
        message: "a mapping key must be a plain value (a string or number), not a mapping, \
                  a sequence or an alias"
            .into(),
    }
}

/// A scalar by YAML 1.2's core schema: only a plain (unquoted) scalar is null, a boolean or a
/// number; a `!!str` tag keeps it a string.
fn scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    let string = || Value::String(text.to_string());
    if style != ScalarStyle::Plain {
        return string();
    }
    if let Some(tag) = tag
        && tag.is_yaml_core_schema()
        && tag.suffix == "str"
    {
        return string();
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    number(text).unwrap_or_else(string)
}

/// A core-schema number: decimal, `0x`/`0o` integers, or a float (`.inf` and `.nan` have no
/// JSON form and stay text).
fn number(text: &str) -> Option<Value> {
    let (sign, digits) = match text.as_bytes().first()? {
        b'-' => (-1i128, &text[1..]),
        b'+' => (1, &text[1..]),
        _ => (1, text),
    };
    let radix = |prefix: &str, radix: u32| {
        let rest = text.strip_prefix(prefix)?;
        let n = i128::from_str_radix(rest, radix).ok()?;
        int(n)
    };
    if text.starts_with("0x") {
        return radix("0x", 16);
    }
    if text.starts_with("0o") {
        return radix("0o", 8);
    }
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match digits.parse::<i128>() {
            Ok(n) => int(sign * n),
            Err(_) => float(text),
        };
    }
    let float_shaped = !digits.is_empty()
        && digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits.bytes().filter(|b| *b == b'.').count() <= 1
        && digits.as_bytes()[0] != b'e'
        && digits.as_bytes()[0] != b'E';
    if float_shaped { float(text) } else { None }
}

fn int(n: i128) -> Option<Value> {
    if let Ok(n) = i64::try_from(n) {
        return Some(Value::Number(n.into()));
    }
    if let Ok(n) = u64::try_from(n) {
        return Some(Value::Number(n.into()));
    }
    Number::from_f64(n as f64).map(Value::Number)
}

fn float(text: &str) -> Option<Value> {
    let f: f64 = text.parse().ok()?;
    Number::from_f64(f).map(Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_and_lines() {
        let text = "a:\n  b: 1\n  c: [x, 'y']\nd:\n  - e: true\n    f: ~\n  - 0x10\n\"g/h\": 1.5\n";
        let (value, lines) = read(text).unwrap();
        assert_eq!(
            value,
            json!({"a": {"b": 1, "c": ["x", "y"]}, "d": [{"e": true, "f": null}, 16], "g/h": 1.5})
        );
        let line = |p: &str| lines.get(p).map(|p| p.line);
        assert_eq!(line(""), None);
        assert_eq!(line("/a/b"), Some(2));
        assert_eq!(line("/a/c/1"), Some(3));
        assert_eq!(line("/d/0"), Some(5));
        assert_eq!(line("/d/0/f"), Some(6));
        assert_eq!(line("/d/1"), Some(7));
        assert_eq!(line("/g~1h"), Some(8));
    }

    #[test]
    fn the_same_key_under_two_parents_has_two_lines() {
        let text = "a:\n  name: x\nb:\n  other: 1\n  name: y\n";
        let (_, lines) = read(text).unwrap();
        assert_eq!(lines["/a/name"].line, 2);
        assert_eq!(lines["/b/name"].line, 5);
    }

    #[test]
    fn anchors_strings_and_numbers() {
        let text = "a: &x {k: '1'}\nb: *x\nc: \"true\"\nd: !!str 12\ne: 1e3\nf: 12345678901234567890\ng: 1.2.3\nh: -7\n";
        let (value, _) = read(text).unwrap();
        assert_eq!(value["b"], json!({"k": "1"}));
        assert_eq!(value["c"], json!("true"));
        assert_eq!(value["d"], json!("12"));
        assert_eq!(value["e"], json!(1000.0));
        assert_eq!(value["f"], json!(12345678901234567890u64));
        assert_eq!(value["g"], json!("1.2.3"));
        assert_eq!(value["h"], json!(-7));
    }

    #[test]
    fn refusals_name_their_line() {
        let dup = read("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(dup.line, 3);
        assert!(dup.message.contains("`a` appears twice"), "{}", dup.message);
        assert_eq!(read("a: 1\n---\nb: 2\n").unwrap_err().line, 2);
        assert_eq!(read("a: [1\nb: 2\n").unwrap_err().line, 2);
        assert_eq!(read("? [a]\n: 1\n").unwrap_err().line, 1);
    }
}
