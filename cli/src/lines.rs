//! Reading NDJSON lines with bounded memory. No dependency beyond `std`, so the fuzz target
//! `ndjson_lines` compiles this same file.

use std::io::BufRead;

/// Reads one line, keeping at most `max_line + 1` bytes of it (the rest is skipped), so a huge line
/// costs no more memory than the limit.
pub fn read_line(
    reader: &mut impl BufRead,
    buffer: &mut Vec<u8>,
    max_line: usize,
) -> std::io::Result<usize> {
    let mut total = 0;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(total);
        }
        let (used, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let room = max_line.saturating_add(1).saturating_sub(buffer.len());
        buffer.extend_from_slice(available.get(..used.min(room)).unwrap_or_default());
        reader.consume(used);
        total += used;
        if done {
            return Ok(total);
        }
    }
}
