//! Path parameters written into a request's URL percent-encoded, with no string of their own.
//!
//! progenitor's generated code builds each URL as `format!("{}/tokens/{}", base,
//! encode_path(&token_id.to_string()))`: two strings per parameter before the URL's own. The
//! generator rewrites that argument to `crate::runtime::path::EncodedStr(token_id)` for a string and
//! `crate::runtime::path::Encoded(&value)` for any other value (`xtask/src/generate/patches.rs`),
//! which encode the value as `format!` writes it. The
//! bytes are the same as `progenitor_client::encode_path`'s (the mock crate matches paths
//! with it): the tests below compare the two. The URL is built by [`url`] on the base URL the
//! client parsed when it was built, so a call parses only its path.

use std::fmt;

use percent_encoding::{AsciiSet, CONTROLS};

use super::session::Session;

/// What a path segment may not carry unencoded besides controls and non-ASCII bytes:
/// progenitor-client 0.15.1's set, byte for byte (space, `"#<>?`{}`, `/` and `%`).
const SPECIAL: &[u8] = b" \"#<>?`{}/%";

/// [`SPECIAL`] with the controls, for `percent_encoding` (every non-ASCII byte is encoded too).
const PATH_SET: &AsciiSet = &with_special(CONTROLS);

const fn with_special(set: &AsciiSet) -> AsciiSet {
    let mut set = set.add(SPECIAL[0]);
    let mut i = 1;
    while i < SPECIAL.len() {
        set = set.add(SPECIAL[i]);
        i += 1;
    }
    set
}

/// Per byte, whether it is written as it is: visible ASCII other than [`SPECIAL`]. A table
/// the scan of a value reads once per byte, with no branch (the encoder's own lookup tests
/// bits of its set, some three times as many instructions on the usual 22-byte ID).
static PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut b = 0x20;
    while b < 0x7f {
        plain[b] = true;
        b += 1;
    }
    let mut i = 0;
    while i < SPECIAL.len() {
        plain[SPECIAL[i] as usize] = false;
        i += 1;
    }
    plain
};

/// Room for an operation's path with its IDs, beyond the base URL's own path: the usual path
/// is written without growing the string (a longer one grows as `format!`'s would).
const PATH_CAPACITY: usize = 64;

/// An operation's URL: `path` (the operation's path, its IDs written by [`EncodedStr`] or
/// [`Encoded`]) on the client's base URL.
///
/// progenitor's generated code writes the whole URL as a string, `format!("{}/tokens/{}",
/// self.baseurl, ..)`, which reqwest then parses whole on every call: scheme, host (through
/// IDNA), port and path, some 4,000 instructions of the 68,000 a revokeToken call takes. The
/// generator hands this function the same path without the base instead
/// (`xtask/src/generate/patches.rs`, `BaseUrl`), and only the path is parsed, on the base
/// the client parsed when it was built (`Session::base`). The URL is the one parsing the whole
/// string gives: the tests below compare the two.
pub(crate) fn url(session: &Session, path: fmt::Arguments<'_>) -> reqwest::Url {
    on(&session.base, &session.room, path)
}

/// `base` with a placeholder path [`PATH_CAPACITY`] bytes longer than its own: what each call's
/// URL is cloned from (`Session::room`). A clone's string is exactly as long as its original,
/// so a clone of `base` itself would grow (reallocate) as soon as the call's path is written
/// into it; a clone of this has the room already, and the path replaces the placeholder whole.
/// One allocation per call instead of two: under load (64 tasks on two cores) that
/// reallocation cost revokeToken some 2 µs of CPU per call and 6% of its throughput
/// (the `--load client revoke` A/B against the clone of `base`, `cargo bench -p tests`).
pub(crate) fn room(base: &reqwest::Url) -> reqwest::Url {
    let mut room = base.clone();
    room.set_path(&"x".repeat(base.path().len() + PATH_CAPACITY));
    room
}

/// [`url`] on `base`, cloned from its [`room`]: `base`'s path (a base URL may have one,
/// `https://proxy.example/fastly`), then `path`, parsed as a URL parser parses a path, so dot
/// segments and backslashes come out as they would in the whole string.
fn on(base: &reqwest::Url, room: &reqwest::Url, path: fmt::Arguments<'_>) -> reqwest::Url {
    use fmt::Write;
    let mut url = room.clone();
    // The client's base URL has no trailing `/` (`check_base_url`), so its path is `/` only
    // when it has none.
    let prefix = Some(base.path()).filter(|p| *p != "/");
    match (prefix, path.as_str()) {
        // A path with no parameter (`/tokens`) on a base without a path: no string to write.
        (None, Some(literal)) => url.set_path(literal),
        _ => {
            let mut full = String::with_capacity(prefix.map_or(0, str::len) + PATH_CAPACITY);
            full.push_str(prefix.unwrap_or_default());
            full.write_fmt(path)
                .expect("a Display implementation returned an error unexpectedly");
            url.set_path(&full);
        }
    }
    url
}

/// A path parameter's value, displayed percent-encoded. The committed spec's path parameters
/// are all strings ([`EncodedStr`]); a spec with another type generates this (the corpus of
/// `tests/tests/it/names.rs` builds one), hence the `dead_code` allowance.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct Encoded<'a, T: fmt::Display + ?Sized>(pub(crate) &'a T);

impl<T: fmt::Display + ?Sized> fmt::Display for Encoded<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        write!(Encoding(f), "{}", self.0)
    }
}

/// A path parameter that is a string, displayed percent-encoded: the same bytes as
/// [`Encoded`], written straight into the formatter (no second `format!` pass through the
/// value's own `Display`). The generator uses it for each `&str` parameter.
pub(crate) struct EncodedStr<'a>(pub(crate) &'a str);

impl fmt::Display for EncodedStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        encode(f, self.0)
    }
}

/// Percent-encodes what is written through it into the formatter (for [`Encoded`]).
#[cfg_attr(not(test), allow(dead_code))]
struct Encoding<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl fmt::Write for Encoding<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        // A value's Display may write a character in pieces no finer than `&str`, so each
        // piece is whole UTF-8 and encodes the same as the whole string would.
        encode(self.0, s)
    }
}

/// Writes `s` into `f`, percent-encoded.
fn encode(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    // The usual value, an ID of letters and digits, needs no encoding: one pass over its
    // bytes, reading the table for each without a branch.
    if s.bytes()
        .fold(true, |plain, b| plain & PLAIN[usize::from(b)])
    {
        return f.write_str(s);
    }
    for piece in percent_encoding::utf8_percent_encode(s, PATH_SET) {
        f.write_str(piece)?;
    }
    Ok(())
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

    /// Path parameter values: every character up to U+07FF (one and two UTF-8 bytes), then
    /// wider ones, dot segments in their spellings, backslashes, and one longer than the room
    /// a call's URL is cloned with.
    fn samples() -> Vec<String> {
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
                "\u{feff}x\u{200b}",
                ".",
                "..",
                "%2e%2E",
                ".%2e",
                "a\\..\\b",
                "\\",
            ]
            .map(String::from),
        );
        samples.push("a".repeat(3 * PATH_CAPACITY));
        samples
    }

    #[test]
    fn encodes_as_progenitor_client_does() {
        for s in &samples() {
            let expected = progenitor_client::encode_path(s);
            assert_eq!(Encoded(s.as_str()).to_string(), expected, "{s:?}");
            assert_eq!(EncodedStr(s).to_string(), expected, "{s:?}");
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

    /// Every sample value as a path parameter, on bases with and without a path of their own:
    /// the URL is the one reqwest would parse from progenitor's whole string.
    #[test]
    fn a_url_is_the_one_parsing_the_whole_string_gives() {
        let samples = samples();
        for base in [
            "https://api.fastly.com",
            "http://127.0.0.1:8080/",
            "http://[::1]:9",
            "https://EXAMPLE.test/prefix/",
            "https://example.test/a%20b/c d/ü",
            "https://example.test/x/./y/../z",
            &format!("https://{}.test/{}", "a".repeat(300), "p".repeat(300)),
        ] {
            let client = crate::Client::builder().base_url(base).build().unwrap();
            let raw = client.raw_for(&Default::default());
            for s in &samples {
                let built = url(&raw.inner, format_args!("/tokens/{}", EncodedStr(s)));
                let whole = format!("{}/tokens/{}", raw.baseurl, EncodedStr(s));
                assert_eq!(built, reqwest::Url::parse(&whole).unwrap(), "{base} {s:?}");
                let built = url(
                    &raw.inner,
                    format_args!("/customer/{}/tokens/{}", Encoded(s), EncodedStr(s)),
                );
                let whole = format!(
                    "{}/customer/{}/tokens/{}",
                    raw.baseurl,
                    Encoded(s),
                    EncodedStr(s)
                );
                assert_eq!(built, reqwest::Url::parse(&whole).unwrap(), "{base} {s:?}");
            }
            assert_eq!(
                url(&raw.inner, format_args!("/tokens")).as_str(),
                format!("{}/tokens", raw.baseurl)
            );
        }
    }
}
