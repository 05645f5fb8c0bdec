//! Typed access to a document's fields for the readers: the value as the type a field must have,
//! or the error that names the field (its JSON pointer), the value found and what was expected.
//! The error code says which document was read ([`Doc`]).

use crate::error::{Error, ErrorCode};
use crate::json::{describe, get, get_key, shorten, At, Json, Key, Object};

/// Which document is being read: decides the error code for a value of the wrong type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Doc {
    Policy,
    Request,
    Schedule,
}

impl Doc {
    pub(crate) fn invalid(self) -> ErrorCode {
        match self {
            Doc::Policy => ErrorCode::InvalidPolicy,
            Doc::Request => ErrorCode::InvalidRequest,
            Doc::Schedule => ErrorCode::InvalidSchedule,
        }
    }
}

/// "expected X, found Y" at `at`.
pub(crate) fn expected(at: &At<'_>, doc: Doc, expected: &str, found: &Json<'_>) -> Error {
    at.error(
        doc.invalid(),
        format!("expected {}, found {}", expected, describe(found)),
    )
}

/// The value `text` names in `table` (names compared without regard to ASCII case), or the error
/// at `at` that lists the names, each written as `spell` writes it.
pub(crate) fn one_of<T: Copy>(
    table: &[(&str, T)],
    text: &str,
    at: &At<'_>,
    doc: Doc,
    spell: impl Fn(&str) -> String,
) -> Result<T, Error> {
    if let Some((_, value)) = table
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(text))
    {
        return Ok(*value);
    }
    let names: Vec<String> = table
        .iter()
        .map(|(name, _)| format!("`{}`", spell(name)))
        .collect();
    let expected = match names.as_slice() {
        [a, b] => format!("{} or {}", a, b),
        _ => format!("one of {}", names.join(", ")),
    };
    Err(at.error(
        doc.invalid(),
        format!("expected {}, found `{}`", expected, shorten(text)),
    ))
}

/// The value as an object, or the error naming what was expected.
pub(crate) fn as_object<'v, 't>(
    value: &'v Json<'t>,
    at: &At<'_>,
    doc: Doc,
) -> Result<&'v Object<'t>, Error> {
    value
        .as_object()
        .ok_or_else(|| expected(at, doc, "an object", value))
}

/// The value as an array, or the error naming what was expected.
pub(crate) fn as_array<'v, 't>(
    value: &'v Json<'t>,
    at: &At<'_>,
    doc: Doc,
) -> Result<&'v [Json<'t>], Error> {
    value
        .as_array()
        .ok_or_else(|| expected(at, doc, "an array", value))
}

/// The value as a string, or the error naming what was expected.
pub(crate) fn as_str<'v>(value: &'v Json<'_>, at: &At<'_>, doc: Doc) -> Result<&'v str, Error> {
    value
        .as_str()
        .ok_or_else(|| expected(at, doc, "a string", value))
}

/// The value as a boolean, or the error naming what was expected.
pub(crate) fn as_bool(value: &Json<'_>, at: &At<'_>, doc: Doc) -> Result<bool, Error> {
    value
        .as_bool()
        .ok_or_else(|| expected(at, doc, "`true` or `false`", value))
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
