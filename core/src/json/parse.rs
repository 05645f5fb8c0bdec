//! The strict parse every policy and request text goes through (contract 1.1, 1.2, and the
//! "Guarantees" section of the README). A document is:
//! - at most [`InputLimits::max_input_bytes`] bytes, else `InputTooLarge`;
//! - nested at most 128 levels deep (serde_json's recursion limit; PIM documents use fewer than
//!   ten), else `InvalidJson`;
//! - without repeated keys in an object: `{"duration": "PT1H", "duration": "P1D"}` is `InvalidJson`,
//!   since the service may read the other one and a check of the wrong value is worse than none.
//!
//! The fast parser ([`super::fast`]) reads the common documents; whatever it hands back (and every
//! error) is parsed by serde_json, which gives the exact result and message.

use super::fast;
use super::tree::{self, Json, RepeatedKeys};
use super::InputLimits;
use crate::error::{Error, ErrorCode};

/// Parses a policy or request text within `limits` into the tree the readers walk (strings
/// borrowed from `text`); `what` is `policy` or `request`, as the messages say. A leading
/// byte-order mark (as PowerShell writes) is skipped.
pub(crate) fn parse_tree<'t>(
    text: &'t str,
    what: &str,
    limits: &InputLimits,
) -> Result<Json<'t>, Error> {
    limits.check_size(what, text.len())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Ok(tree) = fast::parse(text) {
        return Ok(tree);
    }
    parse_with_serde(text, RepeatedKeys::Refuse).map_err(|e| {
        let shown = if text.trim().is_empty() {
            "the text is empty".to_owned()
        } else {
            e.to_string()
        };
        Error::new(
            ErrorCode::InvalidJson,
            "",
            format!("the {} is not valid JSON: {}", what, shown),
        )
    })
}

/// Reads bytes as the UTF-8 text of a JSON document (`what` is `policy` or `request`), or gives the
/// `InvalidJson` error that says where the first byte that is not UTF-8 is. For callers that hold
/// bytes (a file, Python `bytes`), before [`crate::check_json`] or [`crate::Policy::from_json`].
pub fn utf8_text<'a>(bytes: &'a [u8], what: &str) -> Result<&'a str, Error> {
    std::str::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorCode::InvalidJson,
            "",
            format!(
                "the {} is not valid JSON: invalid UTF-8 at byte {}",
                what,
                e.valid_up_to()
            ),
        )
    })
}

/// Parses JSON embedded in a document (an iteration-2 `setting` string) as `serde_json::from_str`
/// reads it: a repeated key keeps its last value, as the service's own JSON library does.
pub(crate) fn parse_embedded(text: &str) -> Result<Json<'_>, serde_json::Error> {
    if let Ok(tree) = fast::parse(text) {
        return Ok(tree);
    }
    parse_with_serde(text, RepeatedKeys::KeepLast)
}

fn parse_with_serde(text: &str, repeated: RepeatedKeys) -> Result<Json<'_>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let tree = tree::deserialize(&mut deserializer, repeated)?;
    deserializer.end()?;
    Ok(tree)
}

/// The strict parse of a policy or request text, as a `serde_json::Value`: for a host that holds
/// documents as values (the Python binding's fallback for a `dict` nested too deep to convert
/// itself) and for the fuzz target that compares the parse with serde_json's.
pub fn parse_value(
    text: &str,
    what: &str,
    limits: &InputLimits,
) -> Result<serde_json::Value, Error> {
    parse_tree(text, what, limits).map(|tree| tree.to_value())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_repeated_keys_and_deep_nesting() {
        let limits = InputLimits::default();
        let repeated = parse_value(r#"{"a": {"b": 1, "b": 2}}"#, "request", &limits);
        assert!(repeated.is_err_and(|e| e.message().contains("`b` appears twice")));
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_value(&deep, "policy", &limits)
            .is_err_and(|e| e.code() == ErrorCode::InvalidJson));
        let small = InputLimits { max_input_bytes: 4 };
        assert!(parse_value("[1, 2]", "policy", &small)
            .is_err_and(|e| e.code() == ErrorCode::InputTooLarge));
        assert_eq!(
            parse_value("\u{feff}[1]", "policy", &limits).ok(),
            Some(serde_json::json!([1]))
        );
    }

    #[test]
    fn embedded_json_keeps_the_last_of_a_repeated_key() {
        let tree = parse_embedded(r#"{"required": false, "required": true}"#);
        let value = tree.map(|t| t.to_value()).ok();
        assert_eq!(value, Some(serde_json::json!({"required": true})));
    }
}
