//! A request's fields by the JSON pointers its reader recorded ([`crate::model::RequestPaths`]),
//! found as the readers find keys: without regard to case or underscores, so that a field is
//! changed where the request wrote it, under the key as written.

use serde_json::{Map, Value};

use crate::json::key_matches;

/// The value at `pointer`, where there is one (a `null` reads as absent, as the readers read it).
pub(super) fn get<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    let mut here = value;
    for segment in segments(pointer) {
        let (_, next) = find(here.as_object()?, segment)?;
        here = next;
    }
    Some(here).filter(|v| !v.is_null())
}

/// Sets the value at `pointer` to `new`, making the objects on the way that are missing (or
/// `null`), under the keys as `pointer` spells them. Gives the pointer as the request spells it
/// and the value it replaced; `None` where something on the way is neither an object nor absent.
pub(super) fn set(value: &mut Value, pointer: &str, new: Value) -> Option<(String, Option<Value>)> {
    let mut here = value;
    let mut written = String::new();
    let mut rest = segments(pointer).peekable();
    while let Some(segment) = rest.next() {
        if here.is_null() {
            *here = Value::Object(Map::new());
        }
        let object = here.as_object_mut()?;
        let key = find(object, segment).map_or_else(|| segment.to_owned(), |(k, _)| k.to_owned());
        written.push('/');
        written.push_str(&key.replace('~', "~0").replace('/', "~1"));
        if rest.peek().is_none() {
            let old = object.insert(key, new).filter(|v| !v.is_null());
            return Some((written, old));
        }
        here = object.entry(key).or_insert(Value::Null);
    }
    None
}

/// The entry of `object` whose key names `wanted`; the first in byte order where several do, as
/// the readers pick it.
fn find<'v>(object: &'v Map<String, Value>, wanted: &str) -> Option<(&'v str, &'v Value)> {
    object
        .iter()
        .filter(|(k, _)| key_matches(k, wanted))
        .min_by(|a, b| a.0.cmp(b.0))
        .map(|(k, v)| (k.as_str(), v))
}

fn segments(pointer: &str) -> impl Iterator<Item = &str> {
    pointer.split('/').skip(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_and_sets_under_the_keys_as_written() {
        let mut request = json!({"ScheduleInfo": {"expiration": null}, "other": 1});
        assert_eq!(get(&request, "/scheduleInfo/expiration"), None);
        let set_at = set(
            &mut request,
            "/scheduleInfo/expiration/duration",
            json!("PT8H"),
        );
        assert_eq!(
            set_at,
            Some(("/ScheduleInfo/expiration/duration".to_owned(), None))
        );
        assert_eq!(
            request,
            json!({"ScheduleInfo": {"expiration": {"duration": "PT8H"}}, "other": 1})
        );
        assert_eq!(
            get(&request, "/schedule_info/expiration/duration"),
            Some(&json!("PT8H"))
        );
        assert_eq!(set(&mut request, "/other/x", json!(1)), None);
    }
}
