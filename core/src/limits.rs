//! Input limits and the strict JSON parse every document goes through.
//!
//! What a document may be (contract 1.1, 1.2, and the "Guarantees" section of the README):
//! - at most [`InputLimits::max_input_bytes`] bytes (default 16 MiB; an export of a thousand roles'
//!   policies is about 10 MiB), else an input error naming the limit and how to raise it;
//! - nested at most 128 levels deep (serde_json's recursion limit; PIM documents use fewer than
//!   ten), else `InvalidJson`;
//! - without repeated keys in an object: `{"duration": "PT1H", "duration": "P1D"}` is `InvalidJson`,
//!   since the service may read the other one and a check of the wrong value is worse than none.

use serde_json::Value;

use crate::error::{Error, ErrorCode};
use crate::json::InputLimits;
use crate::read::tree::{self, Json, RepeatedKeys};

/// Parses a policy or request text within `limits`; `what` is `policy` or `request`. A leading
/// byte-order mark (as PowerShell writes) is skipped.
pub fn parse_json(text: &str, what: &str, limits: &InputLimits) -> Result<Value, Error> {
    parse_tree(text, what, limits).map(|tree| tree.to_value())
}

/// As [`parse_json`], into the tree the readers walk (strings borrowed from `text`).
pub(crate) fn parse_tree<'t>(
    text: &'t str,
    what: &str,
    limits: &InputLimits,
) -> Result<Json<'t>, Error> {
    limits.check_size(what, text.len())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Ok(tree) = crate::read::parse::parse(text) {
        return Ok(tree);
    }
    // What the fast parser does not read (and every error): serde_json, for its exact result.
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = tree::deserialize(&mut deserializer, RepeatedKeys::Refuse).and_then(|v| {
        deserializer.end()?;
        Ok(v)
    });
    parsed.map_err(|e| {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_repeated_keys_and_deep_nesting() {
        let limits = InputLimits::default();
        let repeated = parse_json(r#"{"a": {"b": 1, "b": 2}}"#, "request", &limits);
        assert!(repeated.is_err_and(|e| e.message().contains("`b` appears twice")));
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(
            parse_json(&deep, "policy", &limits).is_err_and(|e| e.code() == ErrorCode::InvalidJson)
        );
        let small = InputLimits { max_input_bytes: 4 };
        assert!(parse_json("[1, 2]", "policy", &small)
            .is_err_and(|e| e.code() == ErrorCode::InputTooLarge));
        assert_eq!(
            parse_json("\u{feff}[1]", "policy", &limits).ok(),
            Some(serde_json::json!([1]))
        );
    }
}
