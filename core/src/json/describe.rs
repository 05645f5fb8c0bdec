//! JSON values shown in messages: a value's kind and, for a scalar, the value, cut to a length a
//! message can carry.

use super::tree::Json;

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
