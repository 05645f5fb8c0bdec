//! Typed access to JSON values with errors that name the JSON pointer, the value and what was
//! expected. Pointers are built only when an error is made.

use super::tree::{Json, Object};

use crate::error::{Error, ErrorCode};

/// Which document is being read: decides the error code for a value of the wrong type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Doc {
    Policy,
    Request,
}

impl Doc {
    pub(crate) fn invalid(self) -> ErrorCode {
        match self {
            Doc::Policy => ErrorCode::InvalidPolicy,
            Doc::Request => ErrorCode::InvalidRequest,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Root,
    Field(&'a str),
    Index(usize),
}

/// A location in a JSON document, linked to its parent: cheap to make, turned into a JSON pointer
/// only for an error.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At<'a> {
    parent: Option<&'a At<'a>>,
    step: Step<'a>,
}

impl<'a> At<'a> {
    pub(crate) const ROOT: At<'static> = At {
        parent: None,
        step: Step::Root,
    };

    pub(crate) fn field(&'a self, name: &'a str) -> At<'a> {
        At {
            parent: Some(self),
            step: Step::Field(name),
        }
    }

    pub(crate) fn index(&'a self, index: usize) -> At<'a> {
        At {
            parent: Some(self),
            step: Step::Index(index),
        }
    }

    /// The JSON pointer (RFC 6901) of this location.
    pub(crate) fn pointer(&self) -> String {
        let mut steps = Vec::new();
        let mut at = Some(self);
        while let Some(node) = at {
            steps.push(node.step);
            at = node.parent;
        }
        let mut out = String::new();
        for step in steps.iter().rev() {
            match step {
                Step::Root => {}
                Step::Field(name) => {
                    out.push('/');
                    out.push_str(&name.replace('~', "~0").replace('/', "~1"));
                }
                Step::Index(i) => {
                    out.push('/');
                    out.push_str(&i.to_string());
                }
            }
        }
        out
    }

    /// An error at this location.
    pub(crate) fn error(&self, code: ErrorCode, message: impl Into<String>) -> Error {
        Error::new(code, self.pointer(), message)
    }

    /// "expected X, found Y" at this location.
    pub(crate) fn expected(&self, doc: Doc, expected: &str, found: &Json<'_>) -> Error {
        self.error(
            doc.invalid(),
            format!(
                "`{}` must be {}, found {}",
                self.pointer(),
                expected,
                describe(found)
            ),
        )
    }
}

/// A short description of a value for an error message: its type and, for scalars, the value.
pub(crate) fn describe(value: &Json<'_>) -> String {
    match value {
        Json::Null => "`null`".into(),
        Json::Bool(b) => format!("the boolean `{}`", b),
        Json::Number(n) => format!("the number `{}`", n),
        Json::String(s) => format!("the string `{}`", shorten(s)),
        Json::Array(_) => "an array".into(),
        Json::Object(_) => "an object".into(),
    }
}

/// The text cut to at most 60 characters (on a character boundary) for messages.
pub(crate) fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    if text.len() <= MAX {
        return text.to_owned();
    }
    let mut cut = MAX;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}…", text.get(..cut).unwrap_or_default())
}

/// The value of `key`, with `null` read as absent.
pub(crate) fn get<'v, 't>(object: &'v Object<'t>, key: &str) -> Option<&'v Json<'t>> {
    object.get(key).filter(|v| !v.is_null())
}

/// The value of the key that equals `key` without regard to case (`null` read as absent), with the
/// key as written.
pub(crate) fn get_ci<'v, 't>(object: &'v Object<'t>, key: &Key) -> Option<(&'v str, &'v Json<'t>)> {
    object.find(|k, v| k.eq_ignore_ascii_case(key.name) && !v.is_null())
}

/// A key the readers look up, with what [`key_matches`] needs to know of it decided at compile
/// time ([`key!`]): whether it has an underscore.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key {
    /// The key as the documents usually write it (and as errors name it).
    pub(crate) name: &'static str,
    /// `name` has no `_`: a written key then names it only if it is as long and equal up to
    /// ASCII case, or longer and with an underscore.
    plain: bool,
}

impl Key {
    /// The key `name`.
    pub(crate) const fn new(name: &'static str) -> Key {
        let mut plain = true;
        let mut rest = name.as_bytes();
        while let Some((&byte, tail)) = rest.split_first() {
            plain &= byte != b'_';
            rest = tail;
        }
        Key { name, plain }
    }

    /// Whether the key as written names this key: [`key_matches`], with fewer comparisons.
    #[inline(always)]
    fn named_by(&self, written: &str) -> bool {
        if !self.plain {
            return key_matches(written, self.name);
        }
        // Without underscores in `name`, a written key with none must be as long; one with some
        // must be longer. The first letter rules out most keys before either comparison.
        let (w, n) = (written.as_bytes(), self.name.as_bytes());
        match (w.first(), n.first()) {
            (Some(&a), Some(&b)) if a != b'_' && (a | 0x20) != (b | 0x20) => false,
            // Most documents write keys in the case looked up: one `memcmp` decides.
            _ if w.len() == n.len() => w == n || w.eq_ignore_ascii_case(n),
            _ if w.len() > n.len() => key_matches_in_full(written, self.name),
            _ => false,
        }
    }
}

/// A `&'static Key` made at compile time: `key!("scheduleInfo")`.
macro_rules! key {
    ($name:literal) => {{
        const KEY: $crate::read::json::Key = $crate::read::json::Key::new($name);
        &KEY
    }};
}
pub(crate) use key;

/// The value as an object, or the error naming what was expected.
pub(crate) fn as_object<'v, 't>(
    value: &'v Json<'t>,
    at: &At<'_>,
    doc: Doc,
) -> Result<&'v Object<'t>, Error> {
    value
        .as_object()
        .ok_or_else(|| at.expected(doc, "an object", value))
}

/// The value as an array, or the error naming what was expected.
pub(crate) fn as_array<'v, 't>(
    value: &'v Json<'t>,
    at: &At<'_>,
    doc: Doc,
) -> Result<&'v [Json<'t>], Error> {
    value
        .as_array()
        .ok_or_else(|| at.expected(doc, "an array", value))
}

/// The value as a string, or the error naming what was expected.
pub(crate) fn as_str<'v>(value: &'v Json<'_>, at: &At<'_>, doc: Doc) -> Result<&'v str, Error> {
    value
        .as_str()
        .ok_or_else(|| at.expected(doc, "a string", value))
}

/// The value as a boolean, or the error naming what was expected.
pub(crate) fn as_bool(value: &Json<'_>, at: &At<'_>, doc: Doc) -> Result<bool, Error> {
    value
        .as_bool()
        .ok_or_else(|| at.expected(doc, "`true` or `false`", value))
}

/// An optional string field (`null` is absent).
pub(crate) fn opt_str<'v>(
    object: &'v Object<'_>,
    key: &'static str,
    at: &At<'_>,
    doc: Doc,
) -> Result<Option<&'v str>, Error> {
    match get(object, key) {
        None => Ok(None),
        Some(value) => as_str(value, &at.field(key), doc).map(Some),
    }
}

/// Whether a key as written names `wanted`, without regard to case or underscores: `ruleType`,
/// `RuleType` and `rule_type` (the Python SDK's `as_dict()`) are one key.
#[inline]
pub(crate) fn key_matches(written: &str, wanted: &str) -> bool {
    // Every request and policy key is looked up this way, against every key of its object: most
    // keys differ in their first letter (`| 0x20` folds ASCII case; where it folds two other
    // bytes together, the full comparison below decides).
    match (written.as_bytes().first(), wanted.as_bytes().first()) {
        (Some(&a), Some(&b)) if a != b'_' && b != b'_' && (a | 0x20) != (b | 0x20) => false,
        _ => key_matches_in_full(written, wanted),
    }
}

fn key_matches_in_full(written: &str, wanted: &str) -> bool {
    if written.len() == wanted.len() && written.eq_ignore_ascii_case(wanted) {
        return true;
    }
    if !written.contains('_') && !wanted.contains('_') {
        return false;
    }
    let mut written = written.bytes().filter(|b| *b != b'_');
    let mut wanted = wanted.bytes().filter(|b| *b != b'_');
    loop {
        match (written.next(), wanted.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(&b) => {}
            _ => return false,
        }
    }
}

/// The value of the key that names `wanted` ([`key_matches`]; `null` read as absent), with the
/// key as written.
pub(crate) fn get_key<'v, 't>(
    object: &'v Object<'t>,
    wanted: &Key,
) -> Option<(&'v str, &'v Json<'t>)> {
    object.find(|k, v| wanted.named_by(k) && !v.is_null())
}

/// Whether the object has a key that names `wanted`, whatever its value.
pub(crate) fn has_key(object: &Object<'_>, wanted: &Key) -> bool {
    object.keys().any(|k| wanted.named_by(k))
}

/// An optional string field found by [`get_key`].
pub(crate) fn key_str<'v>(
    object: &'v Object<'_>,
    wanted: &Key,
    at: &At<'_>,
    doc: Doc,
) -> Result<Option<&'v str>, Error> {
    match get_key(object, wanted) {
        None => Ok(None),
        Some((written, value)) => as_str(value, &at.field(written), doc).map(Some),
    }
}

/// An optional boolean field found by [`get_key`].
pub(crate) fn key_bool(
    object: &Object<'_>,
    wanted: &Key,
    at: &At<'_>,
    doc: Doc,
) -> Result<Option<bool>, Error> {
    match get_key(object, wanted) {
        None => Ok(None),
        Some((written, value)) => as_bool(value, &at.field(written), doc).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::{get_key, key_matches, Key};
    use crate::read::tree::{Entry, Json, Object};
    use proptest::prelude::*;
    use std::borrow::Cow;

    /// What `key_matches` means, written the slow way.
    fn reference(written: &str, wanted: &str) -> bool {
        let strip = |text: &str| text.replace('_', "").to_ascii_lowercase();
        strip(written) == strip(wanted)
    }

    #[test]
    fn matches_keys_without_regard_to_case_or_underscores() {
        for (written, wanted, expected) in [
            ("ruleType", "ruleType", true),
            ("RuleType", "ruleType", true),
            ("rule_type", "ruleType", true),
            ("_rule_type_", "ruleType", true),
            ("ruletype", "rule_type", true),
            ("ruleTypes", "ruleType", false),
            ("type", "ruleType", false),
            ("", "", true),
            ("_", "", true),
            ("", "a", false),
            ("@odata.type", "@odata.type", true),
        ] {
            assert_eq!(key_matches(written, wanted), expected, "{written} {wanted}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_slow_reading(written in "[aAbB_@`]{0,6}", wanted in "[aAbB_@`]{0,6}") {
            prop_assert_eq!(key_matches(&written, &wanted), reference(&written, &wanted));
        }

        /// `get_key` finds what a scan of every key with `key_matches` finds: among the keys that
        /// match and whose value is not `null`, the first in byte order.
        #[test]
        fn get_key_finds_what_a_full_scan_finds(
            keys in proptest::collection::btree_set("[aAbB_]{0,9}", 0..8),
            nulls in proptest::collection::vec(any::<bool>(), 8),
            wanted in prop_oneof![Just("ab"), Just("aBa"), Just("abba_ab"), Just("aaaaaaaab"), Just(""), Just("_a")],
        ) {
            let entries: Vec<Entry<'_>> = keys
                .iter()
                .zip(nulls.iter().chain(std::iter::repeat(&false)))
                .map(|(k, null)| {
                    let value = if *null { Json::Null } else { Json::Bool(true) };
                    Entry::new(Cow::Borrowed(k.as_str()), value)
                })
                .collect();
            let object = Object::from_entries(entries);
            let expected = object
                .iter()
                .filter(|(k, v)| !v.is_null() && key_matches(k, wanted))
                .min_by(|(a, _), (b, _)| a.cmp(b))
                .map(|(k, _)| k);
            let key = Key::new(wanted);
            prop_assert_eq!(get_key(&object, &key).map(|(k, _)| k), expected);
        }
    }
}
