//! Path parameters written into a request's URL percent-encoded, with no string of their own.
//!
//! progenitor's generated code builds each URL as `format!("{}/tokens/{}", base,
//! encode_path(&token_id.to_string()))`: two strings per parameter before the URL's own. The
//! generator rewrites that argument to `crate::path::Encoded(&token_id)`
//! (`xtask/src/generate/progenitor.rs`), which encodes the value as `format!` writes it. The
//! bytes are the same as `progenitor_client::encode_path`'s (the mock crate matches paths
//! with it): the tests below compare the two. The whole URL is written by [`url`], into a
//! string allocated once.

use std::fmt;

use percent_encoding::{AsciiSet, CONTROLS};

/// What a path segment may not carry unencoded: progenitor-client 0.15.1's set, byte for
/// byte (controls, space, `"#<>?`{}`, `/` and `%`; every non-ASCII byte is encoded too).
const PATH_SET: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%');

/// Room for a base URL and a path with its IDs: the usual URL is written without growing the
/// string (a longer one grows as `format!`'s would).
const URL_CAPACITY: usize = 64;

/// An operation's URL, written into a string allocated once. progenitor's `format!` starts
/// from an empty string when its text begins with an argument (the base URL) and grows it
/// three times; the generator hands this function the same arguments instead
/// (`xtask/src/generate/progenitor.rs`, `SizedUrl`).
pub(crate) fn url(args: fmt::Arguments<'_>) -> String {
    use fmt::Write;
    let mut url = String::with_capacity(URL_CAPACITY);
    url.write_fmt(args)
        .expect("a Display implementation returned an error unexpectedly");
    url
}

/// A path parameter's value, displayed percent-encoded.
pub(crate) struct Encoded<'a, T: fmt::Display + ?Sized>(pub(crate) &'a T);

impl<T: fmt::Display + ?Sized> fmt::Display for Encoded<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        write!(Encoding(f), "{}", self.0)
    }
}

/// Percent-encodes what is written through it into the formatter.
struct Encoding<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl fmt::Write for Encoding<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        // The usual value, an ID of letters and digits, needs no encoding: one plain pass over
        // its bytes (the encoder's own pass looks each byte up in its set, twice as long).
        if s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return self.0.write_str(s);
        }
        // A value's Display may write a character in pieces no finer than `&str`, so each
        // piece is whole UTF-8 and encodes the same as the whole string would.
        for piece in percent_encoding::utf8_percent_encode(s, PATH_SET) {
            self.0.write_str(piece)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Displays its text one character at a time, as a value's `Display` may.
    struct ByChar(&'static str);

    impl fmt::Display for ByChar {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0
                .chars()
                .try_for_each(|c| fmt::Write::write_char(f, c))
        }
    }

    #[test]
    fn encodes_as_progenitor_client_does() {
        // Every character up to U+07FF (one and two UTF-8 bytes), then wider ones.
        let mut samples: Vec<String> = (0u32..0x800)
            .filter_map(char::from_u32)
            .map(String::from)
            .collect();
        samples.extend(
            [
                "",
                "7kzHzX5GPXxuQx0dAIBV2D",
                "a/b?c#d%e",
                "ü€😀 x",
                "%2F..",
                "{id}",
                "\u{7f}\t",
            ]
            .map(String::from),
        );
        for s in &samples {
            let expected = progenitor_client::encode_path(s);
            assert_eq!(Encoded(s.as_str()).to_string(), expected, "{s:?}");
            assert_eq!(
                format!("/tokens/{}", Encoded(s)),
                format!("/tokens/{expected}")
            );
        }
        assert_eq!(
            Encoded(&ByChar("a/ü b")).to_string(),
            progenitor_client::encode_path("a/ü b")
        );
        assert_eq!(Encoded(&42u64).to_string(), "42");
    }

    #[test]
    fn a_url_is_what_format_writes_whatever_its_length() {
        for base in [
            "https://api.fastly.com",
            &format!("https://{}.test", "a".repeat(300)),
        ] {
            let id = "7kzHzX5GPXxuQx0dAIBV2D/ü";
            let written = url(format_args!("{}/tokens/{}", base, Encoded(&id)));
            assert_eq!(
                written,
                format!("{base}/tokens/7kzHzX5GPXxuQx0dAIBV2D%2F%C3%BC")
            );
            assert!(written.capacity() >= URL_CAPACITY);
        }
    }
}
