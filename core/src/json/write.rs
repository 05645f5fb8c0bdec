//! Writing JSON text: the one string escaper of the workspace.

use super::bytes;

/// Appends `text` to `out` as a JSON string literal, byte for byte what serde_json's compact output
/// writes: `"` and `\`, the short forms `\b \t \n \f \r`, and `\u00xx` (lowercase hex) for the other
/// control characters; everything else (all of UTF-8 above U+001F) as it is. The workspace's only
/// JSON string escaper: the report writer and the Python binding's dict writer use it.
pub fn write_str(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut at = bytes::first_special(bytes, 0);
    while let Some(i) = at {
        out.push_str(text.get(start..i).unwrap_or_default());
        let byte = bytes.get(i).copied().unwrap_or_default();
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            0x09 => out.push_str("\\t"),
            0x0A => out.push_str("\\n"),
            0x0C => out.push_str("\\f"),
            0x0D => out.push_str("\\r"),
            _ => {
                // Only control characters get here: `\u00` and two lowercase hex digits.
                let hex = |nibble: u8| char::from_digit(u32::from(nibble), 16).unwrap_or('0');
                out.push_str("\\u00");
                out.push(hex(byte >> 4));
                out.push(hex(byte & 0xF));
            }
        }
        start = i + 1;
        at = bytes::first_special(bytes, start);
    }
    out.push_str(text.get(start..).unwrap_or_default());
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn written(text: &str) -> String {
        let mut out = String::new();
        write_str(&mut out, text);
        out
    }

    #[test]
    fn escapes_as_serde_json_does() {
        for text in [
            "",
            "plain text, longer than eight bytes",
            "\"",
            "a\\b",
            "tab\there, newline\n, nul\u{0}, esc\u{1b}, del\u{7f}",
            "é – “quoted” ✓",
            "12345678\"12345678\\",
        ] {
            assert_eq!(
                written(text),
                serde_json::to_string(text).unwrap_or_default()
            );
        }
        for byte in 0u8..=0x7f {
            let text = format!("abcdefg{}hijklmn", char::from(byte));
            assert_eq!(
                written(&text),
                serde_json::to_string(&text).unwrap_or_default()
            );
        }
    }

    proptest! {
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(text in any::<String>()) {
            prop_assert_eq!(written(&text), serde_json::to_string(&text).unwrap_or_default());
        }
    }
}
