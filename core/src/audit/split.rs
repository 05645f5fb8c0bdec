//! A schedule list's text cut into its entries without parsing the whole document: a list
//! response (`{"value": [...]}`), a bare array, or NDJSON (one schedule per line). Each entry is
//! then parsed on its own, so one bad entry (even a truncated last one) never loses the others,
//! and memory holds one entry's tree at a time.
//!
//! The cut only follows strings and brackets; whether an entry is valid JSON is the strict parse's
//! to say ([`crate::json::parse_tree`]).

/// One entry of a list: its text, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece<'t> {
    /// The entry's text, or why there is none (the list ends inside it).
    pub(crate) text: Result<&'t str, Cut>,
    /// The JSON pointer of the entry in the document (`/value/3`, `/3`; empty for a line).
    pub(crate) pointer: String,
    /// The line (counted from 1) of an NDJSON entry.
    pub(crate) line: Option<usize>,
}

/// Why a list could not be cut further.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cut {
    /// The text ends inside the list (a truncated file).
    Truncated,
    /// The text is empty or only whitespace.
    Empty,
    /// The document is not a list, a list response or NDJSON (a number, a string, ...).
    NotAList,
}

/// The pieces of `text` in order, and the `@odata.context` of a list response, if any.
pub(crate) struct Pieces<'t> {
    text: &'t str,
    state: State,
    /// `@odata.context` of a list response (it may tell what the entries are).
    pub(crate) context: Option<&'t str>,
}

enum State {
    /// Inside an array at this byte, whose entries' pointers start with `prefix`; `index` entries
    /// were cut so far.
    Array {
        at: usize,
        prefix: &'static str,
        index: usize,
    },
    /// NDJSON from this byte, at this line.
    Lines {
        at: usize,
        line: usize,
    },
    /// One object that is the only entry.
    Single,
    /// An error to give as the only entry.
    Fail(Cut),
    Done,
}

/// Cuts `text` (a leading byte-order mark is skipped).
pub(crate) fn pieces(text: &str) -> Pieces<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bytes = text.as_bytes();
    let start = skip_space(bytes, 0);
    let (state, context) = match bytes.get(start) {
        None => (State::Fail(Cut::Empty), None),
        Some(b'[') => (array_at(start + 1, ""), None),
        Some(b'{') => object_layout(bytes, start),
        // A first line that is not an object may still be one of NDJSON's (`null`, a string).
        Some(_) if more_lines(bytes, start) => (State::Lines { at: 0, line: 1 }, None),
        Some(_) => (State::Fail(Cut::NotAList), None),
    };
    Pieces {
        text,
        state,
        context: context.and_then(|(a, b)| text.get(a..b)),
    }
}

fn array_at(at: usize, prefix: &'static str) -> State {
    State::Array {
        at,
        prefix,
        index: 0,
    }
}

/// A document that starts with `{`: NDJSON where more follows its first value, else a list
/// response where it has a `value` array, else one schedule.
fn object_layout(bytes: &[u8], start: usize) -> (State, Option<(usize, usize)>) {
    if more_lines(bytes, start) {
        return (State::Lines { at: 0, line: 1 }, None);
    }
    let mut context = None;
    let mut at = start + 1;
    // The members of the top-level object: `"key": value,`.
    loop {
        at = skip_space(bytes, at);
        if bytes.get(at) != Some(&b'"') {
            break;
        }
        let key_end = string_end(bytes, at);
        let key = bytes
            .get(at + 1..key_end.saturating_sub(1))
            .unwrap_or_default();
        at = skip_space(bytes, key_end);
        if bytes.get(at) != Some(&b':') {
            break;
        }
        at = skip_space(bytes, at + 1);
        if key == b"value" && bytes.get(at) == Some(&b'[') {
            return (array_at(at + 1, "/value"), context);
        }
        let member_end = value_end(bytes, at, false);
        if key == b"@odata.context" && bytes.get(at) == Some(&b'"') {
            context = Some((at + 1, member_end.saturating_sub(1)));
        }
        at = skip_space(bytes, member_end);
        if bytes.get(at) != Some(&b',') {
            break;
        }
        at += 1;
    }
    (State::Single, context)
}

impl<'t> Iterator for Pieces<'t> {
    type Item = Piece<'t>;

    fn next(&mut self) -> Option<Piece<'t>> {
        let bytes = self.text.as_bytes();
        match std::mem::replace(&mut self.state, State::Done) {
            State::Done => None,
            State::Fail(cut) => Some(piece(Err(cut), String::new(), None)),
            State::Single => Some(piece(Ok(self.text), String::new(), None)),
            State::Lines { at, line } => self.next_line(at, line),
            State::Array { at, prefix, index } => {
                let start = skip_space(bytes, at);
                match bytes.get(start) {
                    None => Some(piece(Err(Cut::Truncated), pointer(prefix, index), None)),
                    Some(b']') => None,
                    Some(_) => {
                        let end = value_end(bytes, start, false);
                        let next = skip_space(bytes, end);
                        let text = match (self.text.get(start..end), bytes.get(next)) {
                            (Some(entry), Some(b',')) => {
                                self.state = array_at(next + 1, prefix);
                                if let State::Array { index: i, .. } = &mut self.state {
                                    *i = index + 1;
                                }
                                Ok(entry)
                            }
                            (Some(entry), Some(b']')) => Ok(entry),
                            // A stray `}`: the entry with it, for the parse to refuse; the cut
                            // stops there.
                            (Some(_), Some(_)) => {
                                Ok(self.text.get(start..=next).unwrap_or_default())
                            }
                            // The text ends inside this entry or after it.
                            _ => Err(Cut::Truncated),
                        };
                        Some(piece(text, pointer(prefix, index), None))
                    }
                }
            }
        }
    }
}

impl<'t> Pieces<'t> {
    fn next_line(&mut self, mut at: usize, mut line: usize) -> Option<Piece<'t>> {
        let text = self.text;
        while at < text.len() {
            let rest = text.get(at..).unwrap_or_default();
            let length = rest.find('\n').unwrap_or(rest.len());
            let entry = rest.get(..length).unwrap_or_default();
            at += length + 1;
            line += 1;
            if !entry.trim().is_empty() {
                self.state = State::Lines { at, line };
                return Some(piece(Ok(entry), String::new(), Some(line - 1)));
            }
        }
        None
    }
}

/// Whether more follows the first value (which starts at `start`) on later lines: NDJSON.
fn more_lines(bytes: &[u8], start: usize) -> bool {
    let end = value_end(bytes, start, true);
    end < bytes.len() && skip_space(bytes, end) < bytes.len()
}

fn piece(text: Result<&str, Cut>, pointer: String, line: Option<usize>) -> Piece<'_> {
    Piece {
        text,
        pointer,
        line,
    }
}

fn pointer(prefix: &str, index: usize) -> String {
    format!("{}/{}", prefix, index)
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
        at += 1;
    }
    at
}

/// The byte after the string that starts at `at` (its closing quote), or the text's length.
fn string_end(bytes: &[u8], at: usize) -> usize {
    let mut i = at + 1;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The byte after the value that starts at `at`: where a `,`, `]` or `}` follows it at its own
/// level (or, with `line`, the end of its line), without the whitespace before, or the text's
/// length. Garbage after a value stays in it, for the parse to refuse.
fn value_end(bytes: &[u8], at: usize, line: bool) -> usize {
    let mut depth = 0usize;
    let mut i = at;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'"' => {
                i = string_end(bytes, i);
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return trim_end(bytes, at, i),
            b'}' | b']' => depth -= 1,
            b',' if depth == 0 => return trim_end(bytes, at, i),
            b'\n' if line && depth == 0 => return trim_end(bytes, at, i),
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// `end` with the whitespace before it taken off (not before `start`).
fn trim_end(bytes: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && bytes.get(end - 1).is_some_and(|b| b.is_ascii_whitespace()) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<(Result<&str, Cut>, String, Option<usize>)> {
        pieces(text).map(|p| (p.text, p.pointer, p.line)).collect()
    }

    #[test]
    fn cuts_a_list_response_an_array_and_ndjson() {
        let list = r#"{"@odata.context": "x#roleEligibilitySchedules", "value": [{"a": "],"}, [1], 2 ], "@odata.nextLink": "n"}"#;
        assert_eq!(pieces(list).context, Some("x#roleEligibilitySchedules"));
        assert_eq!(
            cut(list),
            vec![
                (Ok(r#"{"a": "],"}"#), "/value/0".to_owned(), None),
                (Ok("[1]"), "/value/1".to_owned(), None),
                (Ok("2"), "/value/2".to_owned(), None),
            ]
        );
        assert_eq!(cut("[]"), vec![]);
        assert_eq!(
            cut("{\"a\": 1}\n\n{\"b\": 2}\n"),
            vec![
                (Ok("{\"a\": 1}"), String::new(), Some(1)),
                (Ok("{\"b\": 2}"), String::new(), Some(3)),
            ]
        );
        assert_eq!(
            cut(r#"{"principalId": "p"}"#),
            vec![(Ok(r#"{"principalId": "p"}"#), String::new(), None)]
        );
    }

    #[test]
    fn a_truncated_list_keeps_the_entries_before_the_cut() {
        assert_eq!(
            cut(r#"{"value": [{"a": 1}, {"b": "#),
            vec![
                (Ok(r#"{"a": 1}"#), "/value/0".to_owned(), None),
                (Err(Cut::Truncated), "/value/1".to_owned(), None),
            ]
        );
        assert_eq!(
            cut("[1, 2,"),
            vec![
                (Ok("1"), "/0".to_owned(), None),
                (Ok("2"), "/1".to_owned(), None),
                (Err(Cut::Truncated), "/2".to_owned(), None),
            ]
        );
        assert_eq!(cut("  "), vec![(Err(Cut::Empty), String::new(), None)]);
        assert_eq!(cut("12"), vec![(Err(Cut::NotAList), String::new(), None)]);
        // Garbage after an entry stays in it, for the parse to refuse; the next entry is cut.
        assert_eq!(
            cut(r#"[{"a": 1} x, 3]"#),
            vec![
                (Ok(r#"{"a": 1} x"#), "/0".to_owned(), None),
                (Ok("3"), "/1".to_owned(), None)
            ]
        );
    }
}
