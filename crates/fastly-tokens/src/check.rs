//! The argument rules the spec's schemas state (`pattern`, `minLength`, `maxLength`,
//! `minimum`, `maximum`, `enum`, `minItems`, `maxItems`), checked before a request is sent.
//!
//! The generated operations (`operations.rs`) call these with the rules the xtask read from
//! the spec; nothing here knows an operation. A spec with no rule of some kind leaves its
//! function unused, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::sync::OnceLock;

use reqwest::header::HeaderValue;

use crate::Error;

/// A `pattern` from the spec, compiled on first use (the xtask has checked it compiles).
pub(crate) struct Pattern {
    source: &'static str,
    compiled: OnceLock<Compiled>,
}

/// How a pattern is checked.
// One per pattern, in a static that is never moved: a boxed table would be one more load per
// byte checked.
#[allow(clippy::large_enum_variant)]
enum Compiled {
    /// `^[class]+$`, `^[class]*$` or `^[class]{m,n}$` over ASCII: the usual shape of an ID
    /// rule, checked with a table of every byte (regex-lite takes about 1 µs a call, on every
    /// request), read once per byte without a branch.
    Class {
        allowed: [bool; 256],
        min: usize,
        max: Option<usize>,
    },
    /// Anything else.
    Regex(regex_lite::Regex),
    /// Not a pattern regex-lite compiles.
    Invalid,
}

impl Pattern {
    pub(crate) const fn new(source: &'static str) -> Pattern {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    fn matches(&self, value: &str) -> Option<bool> {
        let compiled = self.compiled.get_or_init(|| match class(self.source) {
            Some((allowed, min, max)) => Compiled::Class { allowed, min, max },
            None => regex_lite::Regex::new(self.source).map_or(Compiled::Invalid, Compiled::Regex),
        });
        match compiled {
            Compiled::Class { allowed, min, max } => {
                let len = value.len();
                Some(
                    value
                        .bytes()
                        .fold(true, |ok, b| ok & allowed[usize::from(b)])
                        && len >= *min
                        && max.is_none_or(|max| len <= max),
                )
            }
            Compiled::Regex(re) => Some(re.is_match(value)),
            Compiled::Invalid => None,
        }
    }
}

/// The table of a `^[class]quantifier$` pattern whose class holds only ASCII letters, digits,
/// ranges of them, `_`, `.` and a final `-`; `None` for every other pattern.
fn class(source: &str) -> Option<([bool; 256], usize, Option<usize>)> {
    let (class, rest) = source.strip_prefix("^[")?.split_once(']')?;
    let (min, max) = match rest {
        "+$" => (1, None),
        "*$" => (0, None),
        other => {
            let counts = other.strip_prefix('{')?.strip_suffix("}$")?;
            match counts.split_once(',') {
                None => {
                    let n = counts.parse().ok()?;
                    (n, Some(n))
                }
                Some((m, "")) => (m.parse().ok()?, None),
                Some((m, n)) => (m.parse().ok()?, Some(n.parse().ok()?)),
            }
        }
    };
    let plain = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'.';
    let bytes = class.as_bytes();
    let mut allowed = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if i + 2 < bytes.len() && bytes[i + 1] == b'-' {
            let end = bytes[i + 2];
            let same_kind = (c.is_ascii_digit() && end.is_ascii_digit())
                || (c.is_ascii_lowercase() && end.is_ascii_lowercase())
                || (c.is_ascii_uppercase() && end.is_ascii_uppercase());
            if !same_kind || c > end {
                return None;
            }
            (c..=end).for_each(|b| allowed[usize::from(b)] = true);
            i += 3;
        } else if plain(c) || (c == b'-' && i + 1 == bytes.len() && i > 0) {
            allowed[usize::from(c)] = true;
            i += 1;
        } else {
            return None;
        }
    }
    (!class.is_empty()).then_some((allowed, min, max))
}

/// The rules of a string: lengths count characters, as JSON Schema does.
#[derive(Default)]
pub(crate) struct Text {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<&'static Pattern>,
    pub one_of: &'static [&'static str],
    /// What the value is, from the spec's description, said when it is refused.
    pub what: &'static str,
}

/// Checks a string against its rules.
pub(crate) fn text(name: &'static str, value: &str, rules: &Text) -> Result<(), Error> {
    let refuse = |reason: String| {
        let reason = match rules.what {
            "" => reason,
            what => format!("{reason} ({what})"),
        };
        Err(Error::invalid(name, reason))
    };
    // A character is one to four bytes: the byte length settles most bounds without counting.
    let at_least = |n: usize| value.len() >= n.saturating_mul(4) || value.chars().count() >= n;
    let at_most = |n: usize| value.len() <= n || value.chars().count() <= n;
    if let Some(min) = rules.min_length
        && !at_least(min)
    {
        return refuse(if value.is_empty() {
            "it is empty".to_string()
        } else {
            format!("it is shorter than {min} characters")
        });
    }
    if let Some(max) = rules.max_length
        && !at_most(max)
    {
        return refuse(format!("it is longer than {max} characters"));
    }
    if let Some(pattern) = rules.pattern {
        match pattern.matches(value) {
            Some(true) => {}
            Some(false) => {
                return refuse(format!("{value:?} does not match {}", pattern.source));
            }
            None => {
                return refuse(format!(
                    "the spec's pattern {} does not compile",
                    pattern.source
                ));
            }
        }
    }
    if !rules.one_of.is_empty() && !rules.one_of.contains(&value) {
        return refuse(format!("{value:?} is not one of {:?}", rules.one_of));
    }
    Ok(())
}

/// Checks a header value: it must be one a header can carry (visible ASCII, spaces, tabs).
/// The value is not repeated in the error: header parameters carry secrets (`Fastly-OTP`).
pub(crate) fn header(name: &'static str, value: &str) -> Result<(), Error> {
    match HeaderValue::from_str(value) {
        Ok(_) => Ok(()),
        Err(_) => Err(Error::invalid(
            name,
            "it has characters a header cannot carry (control characters or non-ASCII)",
        )),
    }
}

/// Checks a number against `minimum` and `maximum` (inclusive).
pub(crate) fn number(
    name: &'static str,
    value: f64,
    minimum: Option<f64>,
    maximum: Option<f64>,
) -> Result<(), Error> {
    if let Some(min) = minimum
        && value < min
    {
        return Err(Error::invalid(name, format!("{value} is less than {min}")));
    }
    if let Some(max) = maximum
        && value > max
    {
        return Err(Error::invalid(name, format!("{value} is more than {max}")));
    }
    Ok(())
}

/// Checks the length of a list against `minItems` and `maxItems`.
pub(crate) fn items(
    name: &'static str,
    len: usize,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), Error> {
    if let Some(min) = min
        && len < min
    {
        return Err(Error::invalid(
            name,
            match len {
                0 => format!("the list is empty; it needs at least {min}"),
                _ => format!("the list has {len} items; it needs at least {min}"),
            },
        ));
    }
    if let Some(max) = max
        && len > max
    {
        return Err(Error::invalid(
            name,
            format!("the list has {len} items; at most {max} are allowed"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    static ID: Pattern = Pattern::new("^[A-Za-z0-9]+$");

    fn rules() -> Text {
        Text {
            min_length: Some(1),
            max_length: Some(4),
            pattern: Some(&ID),
            what: "an ID",
            ..Text::default()
        }
    }

    fn reason(r: Result<(), Error>) -> String {
        match r {
            Err(Error::InvalidArgument { reason, .. }) => reason,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn strings() {
        assert!(text("id", "ab1", &rules()).is_ok());
        assert_eq!(reason(text("id", "", &rules())), "it is empty (an ID)");
        assert_eq!(
            reason(text("id", "abcde", &rules())),
            "it is longer than 4 characters (an ID)"
        );
        assert_eq!(
            reason(text("id", "a/b", &rules())),
            "\"a/b\" does not match ^[A-Za-z0-9]+$ (an ID)"
        );
        // Characters, not bytes: four two-byte letters are four.
        let letters = Text {
            max_length: Some(4),
            ..Text::default()
        };
        assert!(text("id", "éééé", &letters).is_ok());
        let one_of = Text {
            one_of: &["token"],
            ..Text::default()
        };
        assert!(text("type", "token", &one_of).is_ok());
        assert!(text("type", "tokens", &one_of).is_err());
    }

    /// The table agrees with regex-lite on every string of up to three characters over an
    /// alphabet that straddles each class boundary, for each shape it takes.
    #[test]
    fn class_patterns_agree_with_regex_lite() {
        let sources = [
            "^[A-Za-z0-9]+$",
            "^[a-z]*$",
            "^[0-9]{2}$",
            "^[a-f0-9_.-]{1,2}$",
            "^[A-Z]{2,}$",
        ];
        let alphabet = [
            'a', 'f', 'g', 'z', 'A', 'Z', '0', '9', '_', '.', '-', '/', ' ', 'é', '\n',
        ];
        let mut strings = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = strings
                .iter()
                .filter(|s| s.chars().count() == strings.last().map_or(0, |l| l.chars().count()))
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            strings.extend(longer);
        }
        for source in sources {
            assert!(class(source).is_some(), "{source} takes the table");
            let re = regex_lite::Regex::new(source).unwrap();
            let pattern = Pattern::new(source);
            for s in &strings {
                assert_eq!(
                    pattern.matches(s),
                    Some(re.is_match(s)),
                    "{source} on {s:?}"
                );
            }
        }
        for other in [
            "^[^a]+$",
            "^[a-z]+",
            "[a-z]+$",
            "^[a\\d]+$",
            "^(ab)+$",
            "^[z-a]+$",
        ] {
            assert!(class(other).is_none(), "{other} goes to regex-lite");
        }
    }

    #[test]
    fn a_pattern_that_does_not_compile_refuses_instead_of_panicking() {
        static BAD: Pattern = Pattern::new("([");
        let rules = Text {
            pattern: Some(&BAD),
            ..Text::default()
        };
        assert!(reason(text("x", "a", &rules)).contains("does not compile"));
    }

    #[test]
    fn headers_numbers_and_lists() {
        assert!(header("otp", "123456").is_ok());
        let r = reason(header("otp", "12\n34"));
        assert!(!r.contains("12"), "the value is not echoed: {r}");
        assert!(number("page", 1.0, Some(1.0), None).is_ok());
        assert!(number("page", 0.0, Some(1.0), None).is_err());
        assert!(number("page", 11.0, None, Some(10.0)).is_err());
        assert!(items("data", 1, Some(1), Some(2)).is_ok());
        assert_eq!(
            reason(items("data", 0, Some(1), None)),
            "the list is empty; it needs at least 1"
        );
        assert!(items("data", 3, None, Some(2)).is_err());
    }
}
