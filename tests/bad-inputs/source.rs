//! Builds the bytes of a hostile-input source (see `manifest.json`'s `about`). Shared by the Rust
//! API test (`core/tests/bad_inputs.rs`) and the CLI test (`cli/tests/bad_inputs.rs`).

use serde_json::Value;

/// Builds the bytes of one source (see the manifest's `about`).
pub fn source(spec: &Value, default: &Value) -> Vec<u8> {
    match spec {
        Value::String(s) if s == "default" => default.to_string().into_bytes(),
        Value::Object(o) if o.contains_key("json") => o
            .get("json")
            .map(Value::to_string)
            .unwrap_or_default()
            .into_bytes(),
        Value::Object(o) if o.contains_key("text") => o
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .as_bytes()
            .to_vec(),
        Value::Object(o) if o.contains_key("base64") => {
            decode_base64(o.get("base64").and_then(Value::as_str).unwrap_or_default())
        }
        Value::Object(o) => {
            let text = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or_default();
            let times = o.get("times").and_then(Value::as_u64).unwrap_or(0) as usize;
            let mut out = Vec::with_capacity(
                text("prefix").len() + text("repeat").len() * times + text("suffix").len(),
            );
            out.extend_from_slice(text("prefix").as_bytes());
            out.extend_from_slice(text("repeat").repeat(times).as_bytes());
            out.extend_from_slice(text("suffix").as_bytes());
            out
        }
        _ => Vec::new(),
    }
}

fn decode_base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in text.bytes().filter(|b| *b != b'=') {
        let Some(value) = ALPHABET.iter().position(|a| *a == byte) else {
            continue;
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}
