//! Where a reader is in a document ([`At`], a JSON pointer made only for an error) and how it finds
//! a key ([`Key`]: without regard to case, and to underscores as the Python SDK's `as_dict()`
//! writes them).

use super::tree::{Json, Object};

use crate::error::{Error, ErrorCode};

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
        const KEY: $crate::json::Key = $crate::json::Key::new($name);
        &KEY
    }};
}
pub(crate) use key;

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

#[cfg(test)]
mod tests {
    use super::{get_key, key_matches, Key};
    use crate::json::tree::{Entry, Json, Object};
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
