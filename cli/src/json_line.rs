//! The line of a JSON pointer's value in a document's text, for the locations of SARIF results.
//!
//! The core's tree keeps no positions (it does not need them), so this walks the text along the
//! pointer only, skipping the values beside it without building them. It answers `None` where the
//! pointer is not found or the text is not JSON; it never fails otherwise.

/// The 1-based line on which the value at `pointer` (RFC 6901) starts in `text`, or `None`.
///
/// Object keys are compared exactly first and then ignoring ASCII case, as the core reads keys
/// case-blind.
pub(crate) fn line_of_pointer(text: &str, pointer: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut position = skip_space(bytes, 0);
    if !pointer.is_empty() {
        for raw in pointer.strip_prefix('/')?.split('/') {
            let segment = raw.replace("~1", "/").replace("~0", "~");
            position = match bytes.get(position)? {
                b'{' => member(text, position, &segment)?,
                b'[' => element(bytes, position, segment.parse().ok()?)?,
                _ => return None,
            };
        }
    }
    let before = bytes.get(..position)?;
    Some(before.iter().filter(|&&byte| byte == b'\n').count() + 1)
}

/// The start of the value of the member named `name` of the object that starts at `open`.
fn member(text: &str, open: usize, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut position = skip_space(bytes, open + 1);
    let mut case_blind = None;
    while bytes.get(position)? == &b'"' {
        let key_end = string_end(bytes, position)?;
        let key: String = serde_json::from_str(text.get(position..key_end)?).ok()?;
        position = skip_space(bytes, key_end);
        if bytes.get(position)? != &b':' {
            return None;
        }
        let value = skip_space(bytes, position + 1);
        if key == name {
            return Some(value);
        }
        if case_blind.is_none() && key.eq_ignore_ascii_case(name) {
            case_blind = Some(value);
        }
        position = skip_space(bytes, value_end(bytes, value)?);
        if bytes.get(position) == Some(&b',') {
            position = skip_space(bytes, position + 1);
        }
    }
    case_blind
}

/// The start of element `index` of the array that starts at `open`.
fn element(bytes: &[u8], open: usize, index: usize) -> Option<usize> {
    let mut position = skip_space(bytes, open + 1);
    for _ in 0..index {
        if bytes.get(position)? == &b']' {
            return None;
        }
        position = skip_space(bytes, value_end(bytes, position)?);
        if bytes.get(position)? != &b',' {
            return None;
        }
        position = skip_space(bytes, position + 1);
    }
    (bytes.get(position)? != &b']').then_some(position)
}

/// The position just past the value that starts at `start`; containers are skipped by counting
/// brackets outside strings, so a deep document costs no recursion.
fn value_end(bytes: &[u8], start: usize) -> Option<usize> {
    match bytes.get(start)? {
        b'"' => string_end(bytes, start),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut position = start;
            loop {
                match bytes.get(position)? {
                    b'"' => {
                        position = string_end(bytes, position)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(position + 1);
                        }
                    }
                    _ => {}
                }
                position += 1;
            }
        }
        _ => {
            let rest = bytes.get(start..)?;
            let length = rest
                .iter()
                .position(|byte| matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n'))
                .unwrap_or(rest.len());
            Some(start + length)
        }
    }
}

/// The position just past the string whose opening quote is at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut position = start + 1;
    loop {
        match bytes.get(position)? {
            b'"' => return Some(position + 1),
            b'\\' => position += 2,
            _ => position += 1,
        }
    }
}

fn skip_space(bytes: &[u8], mut position: usize) -> usize {
    // A leading byte-order mark is allowed (the core skips it too).
    if position == 0 && bytes.starts_with("\u{feff}".as_bytes()) {
        position = 3;
    }
    while matches!(bytes.get(position), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        position += 1;
    }
    position
}

#[cfg(test)]
mod tests {
    use super::line_of_pointer;

    const DOCUMENT: &str = r#"{
  "id": "Directory_x",
  "a/b": {"~k": 1},
  "rules": [
    {"id": "Expiration_Admin_Eligibility", "note": "a \"quoted\" ] } string"},
    {
      "id": "Enablement_EndUser_Assignment",
      "enabledRules": ["MultiFactorAuthentication",
        "Justification"]
    }
  ],
  "Deep": [[[{"x": [1, 2, {"y": true}]}]]]
}"#;

    #[test]
    fn finds_the_line_of_members_and_elements() {
        assert_eq!(line_of_pointer(DOCUMENT, ""), Some(1));
        assert_eq!(line_of_pointer(DOCUMENT, "/id"), Some(2));
        assert_eq!(line_of_pointer(DOCUMENT, "/rules/0/id"), Some(5));
        assert_eq!(line_of_pointer(DOCUMENT, "/rules/1"), Some(6));
        assert_eq!(
            line_of_pointer(DOCUMENT, "/rules/1/enabledRules/1"),
            Some(9)
        );
        assert_eq!(line_of_pointer(DOCUMENT, "/Deep/0/0/0/x/2/y"), Some(12));
    }

    #[test]
    fn unescapes_pointer_segments_and_falls_back_to_case_blind_keys() {
        assert_eq!(line_of_pointer(DOCUMENT, "/a~1b/~0k"), Some(3));
        assert_eq!(line_of_pointer(DOCUMENT, "/RULES/1/ID"), Some(7));
    }

    #[test]
    fn answers_none_for_what_is_not_there() {
        assert_eq!(line_of_pointer(DOCUMENT, "/rules/2"), None);
        assert_eq!(line_of_pointer(DOCUMENT, "/missing"), None);
        assert_eq!(line_of_pointer(DOCUMENT, "/id/0"), None);
        assert_eq!(line_of_pointer(DOCUMENT, "/rules/x"), None);
        assert_eq!(line_of_pointer(DOCUMENT, "no-slash"), None);
        assert_eq!(line_of_pointer("", "/a"), None);
        assert_eq!(line_of_pointer("{\"a\": \"unterminated", "/b"), None);
        assert_eq!(line_of_pointer("[[[[", "/0/0/0/0"), None);
        assert_eq!(line_of_pointer("{\"a\" 1}", "/a"), None);
    }
}
