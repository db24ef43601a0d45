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
    compiled: OnceLock<Option<regex_lite::Regex>>,
}

impl Pattern {
    pub(crate) const fn new(source: &'static str) -> Pattern {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    fn matches(&self, value: &str) -> Option<bool> {
        self.compiled
            .get_or_init(|| regex_lite::Regex::new(self.source).ok())
            .as_ref()
            .map(|re| re.is_match(value))
    }
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
    let length = value.chars().count();
    if let Some(min) = rules.min_length
        && length < min
    {
        return refuse(match (min, length) {
            (_, 0) => "it is empty".to_string(),
            _ => format!("it is shorter than {min} characters"),
        });
    }
    if let Some(max) = rules.max_length
        && length > max
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
