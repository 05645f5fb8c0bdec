//! Writing JSON text: the one string escaper of the workspace, and a tree written as serde_json
//! writes the same `serde_json::Value` (keys in byte order, compact or indented by two spaces).

use super::bytes;
use super::tree::Json;

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

/// Appends `value` as JSON text: compact, or indented as `serde_json::to_string_pretty` indents.
/// Keys come in byte order, as a `serde_json::Map` keeps them, so the text is byte for byte what
/// serde_json writes for the same value.
pub(crate) fn write_json(out: &mut String, value: &Json<'_>, pretty: bool) {
    write_value(out, value, pretty.then_some(0));
}

fn write_value(out: &mut String, value: &Json<'_>, indent: Option<usize>) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // serde_json's own number formatting (integers as written, floats by ryu).
        Json::Number(n) => out.push_str(&serde_json::to_string(n).unwrap_or_default()),
        Json::String(text) => write_str(out, text),
        Json::Array(items) => {
            write_items(out, ('[', ']'), items.iter(), indent, |out, item, inner| {
                write_value(out, item, inner)
            })
        }
        Json::Object(object) => write_items(
            out,
            ('{', '}'),
            object.sorted_entries().into_iter(),
            indent,
            |out, (key, item), inner| {
                write_str(out, key);
                out.push_str(if inner.is_some() { ": " } else { ":" });
                write_value(out, item, inner);
            },
        ),
    }
}

/// The items of an array or object between `brackets`, one per line where `indent` is given.
fn write_items<T>(
    out: &mut String,
    brackets: (char, char),
    items: impl Iterator<Item = T>,
    indent: Option<usize>,
    mut write_item: impl FnMut(&mut String, T, Option<usize>),
) {
    out.push(brackets.0);
    let inner = indent.map(|i| i + 1);
    let mut empty = true;
    for item in items {
        if !empty {
            out.push(',');
        }
        empty = false;
        new_line(out, inner);
        write_item(out, item, inner);
    }
    if !empty {
        new_line(out, indent);
    }
    out.push(brackets.1);
}

fn new_line(out: &mut String, indent: Option<usize>) {
    if let Some(level) = indent {
        out.push('\n');
        for _ in 0..level {
            out.push_str("  ");
        }
    }
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

    fn values() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map("[a-zA-Z@_.é]{0,6}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn a_tree_is_written_as_serde_json_writes_its_value(value in values()) {
            let tree = Json::from_value(&value);
            for pretty in [false, true] {
                let mut out = String::new();
                write_json(&mut out, &tree, pretty);
                let expected = if pretty {
                    serde_json::to_string_pretty(&value)
                } else {
                    serde_json::to_string(&value)
                };
                prop_assert_eq!(Some(out), expected.ok());
            }
        }

        #[test]
        fn any_string_is_written_as_serde_json_writes_it(text in any::<String>()) {
            prop_assert_eq!(written(&text), serde_json::to_string(&text).unwrap_or_default());
        }
    }
}
