//! The JSON tree the readers walk: strings borrowed from the text where it has no escapes, one
//! `Vec` per object or array, entries in the order written. It costs a few allocations per
//! document where a `serde_json::Value` costs one per string and per map node, and it reads the
//! same: where the order of keys shows (the key a case-insensitive lookup picks among several, the
//! keys an error lists), it is the byte order of a `serde_json::Map`, so every message is the same
//! whichever of the two a document came from ([`Json::from_value`]).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// A JSON value whose strings may borrow from the text it was parsed from (`'t`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json<'t> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'t, str>),
    Array(Vec<Json<'t>>),
    Object(Object<'t>),
}

/// An object: entries in the order written, no key twice.
#[derive(Debug, Clone, Default)]
pub(crate) struct Object<'t> {
    entries: Vec<Entry<'t>>,
}

/// One key and its value.
#[derive(Debug, Clone)]
pub(crate) struct Entry<'t> {
    key: Cow<'t, str>,
    value: Json<'t>,
}

impl<'t> Entry<'t> {
    /// The entry of `key` and `value`.
    pub(crate) fn new(key: Cow<'t, str>, value: Json<'t>) -> Self {
        Entry { key, value }
    }

    /// The key as written.
    pub(crate) fn key(&self) -> &str {
        &self.key
    }
}

/// Equal objects have the same entries, in whatever order (as `serde_json::Map`s compare).
impl PartialEq for Object<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<'t> Object<'t> {
    /// An empty object, to fill with [`Object::with`] (a document being written).
    pub(crate) fn new() -> Self {
        Object::default()
    }

    /// The object with `key` set to `value`, replacing a value the key had.
    pub(crate) fn with(mut self, key: impl Into<Cow<'t, str>>, value: Json<'t>) -> Self {
        let key = key.into();
        match self.entries.iter_mut().find(|e| e.key == key) {
            Some(entry) => entry.value = value,
            None => self.entries.push(Entry::new(key, value)),
        }
        self
    }

    /// The object with `key` set to the string `value` where it is given.
    pub(crate) fn with_some(self, key: &'static str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.with(key, Json::string(value)),
            None => self,
        }
    }

    /// The entries sorted by key in byte order, as a `serde_json::Map` keeps them.
    pub(crate) fn sorted_entries(&self) -> Vec<(&str, &Json<'t>)> {
        let mut entries: Vec<(&str, &Json<'t>)> = self.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        entries
    }

    /// An object of `entries`, which have no key twice.
    pub(crate) fn from_entries(entries: Vec<Entry<'t>>) -> Self {
        Object { entries }
    }

    /// The value of `key`, exactly as written.
    pub(crate) fn get(&self, key: &str) -> Option<&Json<'t>> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.value)
    }

    /// The entry whose key comes first in byte order among those `wanted` accepts: the one a
    /// `serde_json::Map` (sorted by key) would find first.
    #[inline]
    pub(crate) fn find(
        &self,
        mut wanted: impl FnMut(&str, &Json<'t>) -> bool,
    ) -> Option<(&str, &Json<'t>)> {
        // A plain loop, not `filter` and `min_by`: every reader's lookups run through it, and the
        // loop keeps `wanted` inlined where the adapters did not.
        let mut found: Option<(&str, &Json<'t>)> = None;
        for entry in &self.entries {
            if !wanted(&entry.key, &entry.value) {
                continue;
            }
            let first = match found {
                Some((key, _)) => *entry.key < *key,
                None => true,
            };
            if first {
                found = Some((&entry.key, &entry.value));
            }
        }
        found
    }

    /// The entries in the order written.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &Json<'t>)> {
        self.entries.iter().map(|e| (e.key.as_ref(), &e.value))
    }

    /// The keys in the order written.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.key.as_ref())
    }

    /// The keys in byte order, as a `serde_json::Map` lists them (for messages).
    pub(crate) fn sorted_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.keys().collect();
        keys.sort_unstable();
        keys
    }

    /// Whether `key` is there (whatever its value).
    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The object as a `serde_json::Map` (copies every string).
    pub(crate) fn to_map(&self) -> Map<String, Value> {
        self.entries
            .iter()
            .map(|e| (e.key.as_ref().to_owned(), e.value.to_value()))
            .collect()
    }
}

impl<'t> Json<'t> {
    /// A string value that owns its text.
    pub(crate) fn string(text: impl Into<String>) -> Json<'t> {
        Json::String(Cow::Owned(text.into()))
    }

    /// The same tree, owning every string.
    pub(crate) fn into_owned(self) -> Json<'static> {
        match self {
            Json::Null => Json::Null,
            Json::Bool(b) => Json::Bool(b),
            Json::Number(n) => Json::Number(n),
            Json::String(s) => Json::String(Cow::Owned(s.into_owned())),
            Json::Array(items) => Json::Array(items.into_iter().map(Json::into_owned).collect()),
            Json::Object(object) => Json::Object(Object {
                entries: object
                    .entries
                    .into_iter()
                    .map(|e| Entry::new(Cow::Owned(e.key.into_owned()), e.value.into_owned()))
                    .collect(),
            }),
        }
    }

    pub(crate) fn as_object(&self) -> Option<&Object<'t>> {
        match self {
            Json::Object(object) => Some(object),
            _ => None,
        }
    }

    pub(crate) fn as_array(&self) -> Option<&[Json<'t>]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub(crate) fn as_number(&self) -> Option<&Number> {
        match self {
            Json::Number(n) => Some(n),
            _ => None,
        }
    }

    pub(crate) fn as_u64(&self) -> Option<u64> {
        self.as_number().and_then(Number::as_u64)
    }

    pub(crate) fn as_f64(&self) -> Option<f64> {
        self.as_number().and_then(Number::as_f64)
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// The tree of a `serde_json::Value`, borrowing its strings.
    pub(crate) fn from_value(value: &'t Value) -> Json<'t> {
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(n.clone()),
            Value::String(s) => Json::String(Cow::Borrowed(s)),
            Value::Array(items) => Json::Array(items.iter().map(Json::from_value).collect()),
            Value::Object(map) => Json::Object(Object {
                entries: map
                    .iter()
                    .map(|(k, v)| Entry::new(Cow::Borrowed(k.as_str()), Json::from_value(v)))
                    .collect(),
            }),
        }
    }

    /// The tree as a `serde_json::Value` (copies every string).
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.clone()),
            Json::String(s) => Value::String(s.as_ref().to_owned()),
            Json::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(object) => Value::Object(object.to_map()),
        }
    }
}

/// A short description of a value for an error message: its type and, for scalars, the value.
pub(crate) fn describe(value: &Json<'_>) -> String {
    match value {
        Json::Null => "`null`".into(),
        Json::Bool(b) => format!("the boolean `{}`", b),
        Json::Number(n) => format!("the number `{}`", n),
        Json::String(s) => format!("the string `{}`", super::describe::shorten(s)),
        Json::Array(_) => "an array".into(),
        Json::Object(_) => "an object".into(),
    }
}

/// What to do with a key that appears twice in one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RepeatedKeys {
    /// Refuse the document (every policy and request text).
    Refuse,
    /// Keep the last value, as `serde_json::from_str::<Value>` does (the iteration-2 `setting`
    /// strings, read as the service's own JSON library reads them).
    KeepLast,
}

/// Parses one JSON value from `deserializer` into a tree borrowing from its text.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
    repeated: RepeatedKeys,
) -> Result<Json<'de>, D::Error> {
    deserializer.deserialize_any(TreeVisitor { repeated })
}

#[derive(Clone, Copy)]
struct TreeVisitor {
    repeated: RepeatedKeys,
}

impl<'de> DeserializeSeed<'de> for TreeVisitor {
    type Value = Json<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Above this many entries, an object's keys are also kept in a hash set to find a repeated key
/// without a quadratic scan.
const LINEAR_SCAN_MAX: usize = 16;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Json<'de>, E> {
        Ok(Number::from_f64(v).map_or(Json::Null, Json::Number))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(v)))
    }
    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let mut entries: Vec<Entry<'de>> = Vec::new();
        // Keys seen, once the object is too large for a linear scan.
        let mut seen: Option<std::collections::HashMap<String, usize>> = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = map.next_value_seed(self)?;
            let earlier = match &seen {
                Some(seen) => seen.get(key.as_ref()).copied(),
                None => entries.iter().position(|e| e.key == key),
            };
            if let Some(index) = earlier {
                match self.repeated {
                    RepeatedKeys::Refuse => {
                        return Err(de::Error::custom(format_args!(
                            "the key `{}` appears twice in one object",
                            super::describe::shorten(&key)
                        )));
                    }
                    RepeatedKeys::KeepLast => {
                        if let Some(slot) = entries.get_mut(index) {
                            slot.value = value;
                        }
                        continue;
                    }
                }
            }
            if let Some(seen) = &mut seen {
                seen.insert(key.as_ref().to_owned(), entries.len());
            } else if entries.len() == LINEAR_SCAN_MAX {
                let mut set = std::collections::HashMap::with_capacity(LINEAR_SCAN_MAX * 4);
                for (index, e) in entries.iter().enumerate() {
                    set.insert(e.key.as_ref().to_owned(), index);
                }
                set.insert(key.as_ref().to_owned(), entries.len());
                seen = Some(set);
            }
            entries.push(Entry::new(key, value));
        }
        Ok(Json::Object(Object { entries }))
    }
}

/// A key, borrowed from the text where it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, repeated: RepeatedKeys) -> Result<Json<'_>, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let tree = deserialize(&mut de, repeated)?;
        de.end()?;
        Ok(tree)
    }

    #[test]
    fn reads_as_a_value_does() {
        let text = r#"{"b": [1, -2, 3.5, "x\"y", null, true], "a": {"Z": 1, "_": {}}, "é": "ü"}"#;
        let value: Value = serde_json::from_str(text).unwrap_or_default();
        let tree = parse(text, RepeatedKeys::Refuse);
        assert_eq!(tree.as_ref().map(Json::to_value).ok(), Some(value.clone()));
        assert_eq!(Some(Json::from_value(&value)), tree.ok());
    }

    #[test]
    fn picks_and_lists_keys_in_the_order_of_a_serde_json_map() {
        let text = r#"{"setting": 1, "b": 0, "Setting": 2, "SETTING": 3, "a": 0}"#;
        let tree = parse(text, RepeatedKeys::Refuse);
        let object = tree.as_ref().ok().and_then(Json::as_object);
        let value: Value = serde_json::from_str(text).unwrap_or_default();
        let map = value.as_object();
        let first_in_map =
            map.and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case("setting")));
        let found = object.and_then(|o| o.find(|k, _| k.eq_ignore_ascii_case("setting")));
        assert_eq!(found.map(|(k, _)| k), first_in_map.map(|(k, _)| k.as_str()));
        assert_eq!(found.map(|(k, _)| k), Some("SETTING"));
        let listed: Option<Vec<&str>> = map.map(|m| m.keys().map(String::as_str).collect());
        assert_eq!(object.map(Object::sorted_keys), listed);
    }

    #[test]
    fn borrows_strings_without_escapes() {
        let tree = parse(
            r#"{"plain": "abc", "escaped": "a\nb"}"#,
            RepeatedKeys::Refuse,
        );
        let object = tree.as_ref().ok().and_then(Json::as_object);
        assert!(matches!(
            object.and_then(|o| o.get("plain")),
            Some(Json::String(Cow::Borrowed("abc")))
        ));
        assert!(matches!(
            object.and_then(|o| o.get("escaped")),
            Some(Json::String(Cow::Owned(_)))
        ));
    }

    #[test]
    fn repeated_keys_refused_or_last_kept_in_small_and_large_objects() {
        for size in [2, LINEAR_SCAN_MAX + 5] {
            let mut text = String::from("{");
            for i in 0..size {
                text.push_str(&format!("\"k{}\": {}, ", i, i));
            }
            text.push_str("\"k1\": 99}");
            let refused = parse(&text, RepeatedKeys::Refuse);
            assert!(refused.is_err_and(|e| e.to_string().contains("`k1` appears twice")));
            let kept = parse(&text, RepeatedKeys::KeepLast);
            let value: Value = serde_json::from_str(&text).unwrap_or_default();
            assert_eq!(kept.as_ref().map(Json::to_value).ok(), Some(value));
        }
    }
}
