//! A JSON parser for the documents PIM sends: objects, arrays, strings with the short escapes,
//! whole numbers, `true`, `false`, `null`. It builds the same [`Json`] tree as serde_json's
//! deserializer (`super::tree::deserialize`) at a fraction of the cost, and hands back
//! ([`Unhandled`]) anything else: an error of any kind, a `\u` escape, a fraction or exponent, a
//! number of more than 18 digits, nesting deeper than 64, an object of more than 32 keys or with a
//! key twice. The caller then parses the text with serde_json, which gives the exact result and
//! error message; so this parser decides nothing, and only has to never accept what serde_json
//! refuses and to build what it builds (the properties below check both).

use std::borrow::Cow;

use serde_json::Number;

use super::bytes::first_special;
use super::tree::{Entry, Json, Object};

/// The text is not one this parser reads: parse it with serde_json.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unhandled;

/// The deepest nesting read here (serde_json's own limit is 127 levels).
const MAX_DEPTH: usize = 64;

/// The most keys an object may have here (a linear scan finds a repeated key).
const MAX_KEYS: usize = 32;

/// The longest whole number read here: 18 digits always fit an `i64`.
const MAX_DIGITS: usize = 18;

/// Parses a whole JSON text, or says it is not one this parser reads.
pub(crate) fn parse(text: &str) -> Result<Json<'_>, Unhandled> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.pos == parser.bytes.len() {
        Ok(value)
    } else {
        Err(Unhandled)
    }
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
}

impl<'t> Parser<'t> {
    fn peek(&self) -> Result<u8, Unhandled> {
        self.bytes.get(self.pos).copied().ok_or(Unhandled)
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// Skips whitespace, then takes `byte` or gives up.
    fn expect(&mut self, byte: u8) -> Result<(), Unhandled> {
        self.skip_whitespace();
        if self.peek()? == byte {
            self.pos += 1;
            Ok(())
        } else {
            Err(Unhandled)
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json<'t>, Unhandled> {
        self.skip_whitespace();
        match self.peek()? {
            b'{' => self.object(depth + 1),
            b'[' => self.array(depth + 1),
            b'"' => self.string().map(Json::String),
            b't' => self.literal(b"true", Json::Bool(true)),
            b'f' => self.literal(b"false", Json::Bool(false)),
            b'n' => self.literal(b"null", Json::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(Unhandled),
        }
    }

    fn literal(&mut self, word: &[u8], value: Json<'t>) -> Result<Json<'t>, Unhandled> {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end) == Some(word) {
            self.pos = end;
            Ok(value)
        } else {
            Err(Unhandled)
        }
    }

    fn number(&mut self) -> Result<Json<'t>, Unhandled> {
        let negative = self.peek()? == b'-';
        if negative {
            self.pos += 1;
        }
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
        let digits = self.bytes.get(start..self.pos).ok_or(Unhandled)?;
        let leading_zero = digits.len() > 1 && digits.first() == Some(&b'0');
        let fraction_or_exponent = matches!(self.bytes.get(self.pos), Some(b'.' | b'e' | b'E'));
        if digits.is_empty() || digits.len() > MAX_DIGITS || leading_zero || fraction_or_exponent {
            return Err(Unhandled);
        }
        let magnitude = digits
            .iter()
            .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
        // serde_json reads `-0` as the float `-0.0`: left to it.
        match (negative, i64::try_from(magnitude)) {
            (false, _) => Ok(Json::Number(Number::from(magnitude))),
            (true, Ok(m)) if m > 0 => Ok(Json::Number(Number::from(-m))),
            (true, _) => Err(Unhandled),
        }
    }

    /// A string at `"`: borrowed from the text when it has no escape.
    fn string(&mut self) -> Result<Cow<'t, str>, Unhandled> {
        let start = self.pos + 1;
        let end = first_special(self.bytes, start).ok_or(Unhandled)?;
        match self.bytes.get(end) {
            Some(b'"') => {
                self.pos = end + 1;
                self.text
                    .get(start..end)
                    .map(Cow::Borrowed)
                    .ok_or(Unhandled)
            }
            Some(b'\\') => self.escaped_string(start, end).map(Cow::Owned),
            _ => Err(Unhandled),
        }
    }

    /// The rest of a string whose plain run from `start` stops at the escape at `at`.
    fn escaped_string(&mut self, start: usize, mut at: usize) -> Result<String, Unhandled> {
        let mut out = String::with_capacity(at - start + 16);
        let mut run = start;
        loop {
            out.push_str(self.text.get(run..at).ok_or(Unhandled)?);
            match self.bytes.get(at) {
                Some(b'"') => {
                    self.pos = at + 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push(match self.bytes.get(at + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        _ => return Err(Unhandled),
                    });
                    run = at + 2;
                }
                _ => return Err(Unhandled),
            }
            at = first_special(self.bytes, run).ok_or(Unhandled)?;
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json<'t>, Unhandled> {
        if depth > MAX_DEPTH {
            return Err(Unhandled);
        }
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek()? == b']' {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        items.reserve(4);
        loop {
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(Unhandled),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json<'t>, Unhandled> {
        if depth > MAX_DEPTH {
            return Err(Unhandled);
        }
        self.pos += 1;
        let mut entries: Vec<Entry<'t>> = Vec::new();
        self.skip_whitespace();
        if self.peek()? == b'}' {
            self.pos += 1;
            return Ok(Json::Object(Object::from_entries(entries)));
        }
        // Most objects here have fewer than nine keys: one allocation.
        entries.reserve(8);
        loop {
            self.skip_whitespace();
            if self.peek()? != b'"' {
                return Err(Unhandled);
            }
            let key = self.string()?;
            self.expect(b':')?;
            let value = self.value(depth)?;
            if entries.len() == MAX_KEYS || entries.iter().any(|e| e.key() == key) {
                return Err(Unhandled);
            }
            entries.push(Entry::new(key, value));
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Ok(Json::Object(Object::from_entries(entries)));
                }
                _ => return Err(Unhandled),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::tree::{self, RepeatedKeys};
    use proptest::prelude::*;
    use serde_json::Value;

    fn by_serde(text: &str) -> Option<Json<'_>> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let tree = tree::deserialize(&mut deserializer, RepeatedKeys::Refuse).ok()?;
        deserializer.end().ok()?;
        Some(tree)
    }

    #[test]
    fn reads_documents_as_serde_json_does() {
        for text in [
            r#"{"a": [1, -2, 0, true, false, null, "x\"y\\z\/\n\t\r\b\f"], "b": {}, "c": []}"#,
            " \n{\"schedule\":{\"type\":\"Once\",\"duration\":\"PT8H\"}}\r\n",
            "\"é ✓\"",
            "123456789012345678",
            "-123456789012345678",
        ] {
            assert_eq!(parse(text).ok(), by_serde(text), "{text}");
            assert!(parse(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn hands_back_what_it_does_not_read() {
        for text in [
            "",
            " ",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{1:2}",
            "tru",
            "nul",
            "01",
            "-",
            "-0",
            "1.5",
            "1e3",
            "1234567890123456789",
            "\"\\u0041\"",
            "\"a\u{1}\"",
            "\"\\x\"",
            "{\"a\":1,\"a\":2}",
            "[1] x",
            "\"open",
        ] {
            assert_eq!(parse(text), Err(Unhandled), "{text:?}");
        }
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(parse(&deep), Err(Unhandled));
        let shallow = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&shallow).is_ok());
    }

    /// JSON values of the kinds this parser reads (whole numbers, short escapes).
    fn documents() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-999_999_999_999i64..999_999_999_999).prop_map(Value::from),
            "[a-zA-Z0-9 \"\\\\/\n\t\r\u{8}\u{c}é✓@._-]{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(5, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map("[a-zA-Z_@.\"\\\\]{0,8}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn builds_what_serde_json_builds(value in documents(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&value).unwrap_or_default()
            } else {
                serde_json::to_string(&value).unwrap_or_default()
            };
            let parsed = parse(&text);
            prop_assert!(parsed.is_ok(), "{}", text);
            prop_assert_eq!(parsed.ok(), by_serde(&text));
        }

        #[test]
        fn never_accepts_what_serde_json_refuses(value in documents(), cut in any::<prop::sample::Index>(), byte in any::<u8>()) {
            let text = serde_json::to_string(&value).unwrap_or_default();
            let mut bytes = text.into_bytes();
            if !bytes.is_empty() {
                let at = cut.index(bytes.len());
                if let Some(slot) = bytes.get_mut(at) {
                    *slot = byte;
                }
            }
            if let Ok(text) = String::from_utf8(bytes) {
                if let Ok(tree) = parse(&text) {
                    prop_assert_eq!(Some(tree), by_serde(&text), "{:?}", text);
                }
                let cut_short = text.get(..text.len() / 2).unwrap_or_default();
                if let Ok(tree) = parse(cut_short) {
                    prop_assert_eq!(Some(tree), by_serde(cut_short), "{:?}", cut_short);
                }
            }
        }
    }
}
