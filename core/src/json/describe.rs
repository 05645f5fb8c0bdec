//! Text shown in messages, cut to a length a message can carry.

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
