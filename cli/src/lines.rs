//! Reading NDJSON lines with bounded memory. It depends on `std` and `memchr` only, so the fuzz
//! target `ndjson_lines` compiles this same file.

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
        // memchr searches 16 or 32 bytes per step with the CPU's vector instructions.
        let (used, done) = match memchr::memchr(b'\n', available) {
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

#[cfg(test)]
mod tests {
    use super::read_line;

    /// Lines straddle the refills of a 7-byte buffer; a line over the limit keeps `max_line + 1`
    /// bytes and is consumed whole; the last line needs no newline.
    #[test]
    fn reads_lines_across_refills_and_cuts_a_long_one() {
        let input = format!("short\n{}\nnext\nlast", "x".repeat(1000));
        let mut reader = std::io::BufReader::with_capacity(7, input.as_bytes());
        let mut buffer = Vec::new();
        let mut lines = Vec::new();
        while let Ok(read @ 1..) = read_line(&mut reader, &mut buffer, 10) {
            lines.push((read, String::from_utf8_lossy(&buffer).into_owned()));
            buffer.clear();
        }
        let cut = "x".repeat(11);
        let expected = [
            (6, "short\n"),
            (1001, cut.as_str()),
            (5, "next\n"),
            (4, "last"),
        ];
        assert_eq!(lines, expected.map(|(n, line)| (n, line.to_owned())));
    }
}
