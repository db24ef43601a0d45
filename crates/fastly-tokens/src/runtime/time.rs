//! Decodes the API's timestamps: the form Fastly writes, `2021-11-02T18:46:13Z`, read directly,
//! and anything else through chrono's own parser, so what is accepted and what is refused is
//! exactly what chrono's `Deserialize` for `DateTime<Utc>` accepts and refuses.
//!
//! The generated types name these functions on every `date-time` field
//! (`xtask/src/generate/timestamps.rs`); chrono's general parser costs some 670 instructions a
//! date, the direct read about a tenth of that (BENCHMARKS.md).

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::de::{self, Deserializer, Visitor};

/// A `date-time` field the spec requires.
pub(crate) fn required<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<DateTime<Utc>, D::Error> {
    deserializer.deserialize_str(Timestamp)
}

/// A `date-time` field that may be absent or `null`.
pub(crate) fn optional<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    deserializer.deserialize_option(Optional {
        empty_is_none: false,
    })
}

/// A `date-time` field that may be absent, `null` or `""` (the spec's `x-empty-means-null`):
/// some answers write a date they do not have as an empty string.
pub(crate) fn optional_or_empty<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    deserializer.deserialize_option(Optional {
        empty_is_none: true,
    })
}

/// `s` as chrono's `Deserialize` reads it, the common form without its general parser.
pub(crate) fn parse(s: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    match utc_seconds(s.as_bytes()) {
        Some(at) => Ok(at),
        None => s
            .parse::<DateTime<FixedOffset>>()
            .map(|at| at.with_timezone(&Utc)),
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` exactly, a valid date and time with no leap second; `None` for
/// anything else (which chrono then reads, or refuses).
fn utc_seconds(b: &[u8]) -> Option<DateTime<Utc>> {
    let [
        y0,
        y1,
        y2,
        y3,
        b'-',
        m0,
        m1,
        b'-',
        d0,
        d1,
        b'T',
        h0,
        h1,
        b':',
        i0,
        i1,
        b':',
        s0,
        s1,
        b'Z',
    ] = *b
    else {
        return None;
    };
    let digit = |c: u8| c.is_ascii_digit().then(|| u32::from(c - b'0'));
    let two = |a: u8, b: u8| Some(digit(a)? * 10 + digit(b)?);
    let year = two(y0, y1)? * 100 + two(y2, y3)?;
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, two(m0, m1)?, two(d0, d1)?)?;
    // `and_hms_opt` refuses second 60: a leap second goes to chrono, which keeps it.
    let time = date.and_hms_opt(two(h0, h1)?, two(i0, i1)?, two(s0, s1)?)?;
    Some(time.and_utc())
}

struct Timestamp;

impl Visitor<'_> for Timestamp {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // chrono's words, so an error reads as it does from chrono.
        f.write_str("an RFC 3339 formatted date and time string")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<DateTime<Utc>, E> {
        parse(s).map_err(E::custom)
    }
}

struct Optional {
    /// Whether `""` reads as absent.
    empty_is_none: bool,
}

impl<'de> Visitor<'de> for Optional {
    type Value = Option<DateTime<Utc>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 formatted date and time string, or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        match self.empty_is_none {
            true => deserializer.deserialize_str(self),
            false => required(deserializer).map(Some),
        }
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        match s {
            "" if self.empty_is_none => Ok(None),
            s => parse(s).map(Some).map_err(E::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Dates {
        #[serde(default, deserialize_with = "optional")]
        strict: Option<DateTime<Utc>>,
        #[serde(default, deserialize_with = "optional_or_empty")]
        lenient: Option<DateTime<Utc>>,
    }

    fn read(json: &str) -> Result<Dates, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn only_a_field_marked_so_reads_empty_as_absent() {
        let at = "2025-02-25T12:01:39Z".parse::<DateTime<Utc>>().unwrap();
        let dates = read(r#"{"lenient":""}"#).unwrap();
        assert_eq!((dates.strict, dates.lenient), (None, None));
        let dates = read(r#"{"strict":null,"lenient":null}"#).unwrap();
        assert_eq!((dates.strict, dates.lenient), (None, None));
        let dates = read(r#"{"strict":"2025-02-25T12:01:39Z","lenient":"2025-02-25T12:01:39Z"}"#);
        let dates = dates.unwrap();
        assert_eq!((dates.strict, dates.lenient), (Some(at), Some(at)));
        assert!(
            read(r#"{"strict":""}"#).is_err(),
            "unmarked: \"\" is no date"
        );
        assert!(
            read(r#"{"lenient":" "}"#).is_err(),
            "only the empty string is absent"
        );
        assert!(read(r#"{"lenient":"2025-02-30T00:00:00Z"}"#).is_err());
        assert!(read(r#"{"lenient":7}"#).is_err());
    }
}
