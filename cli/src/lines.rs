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
        let (used, done) = match find_newline(available) {
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

/// The index of the first `\n` in `bytes`, looking at eight bytes at a time.
fn find_newline(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut offset = 0;
    for word in words.by_ref() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        // Lanes equal to `\n` become zero; a zero lane sets its high bit below.
        let x = u64::from_le_bytes(eight) ^ (ONES * u64::from(b'\n'));
        if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
            return word.iter().position(|&b| b == b'\n').map(|i| offset + i);
        }
        offset += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| b == b'\n')
        .map(|i| offset + i)
}

#[cfg(test)]
mod tests {
    use super::find_newline;

    #[test]
    #[allow(clippy::indexing_slicing)]
    fn finds_the_first_newline_at_any_position() {
        for len in 0..40 {
            for at in 0..=len {
                let mut bytes = vec![b'x'; len];
                if at < len {
                    bytes[at] = b'\n';
                    bytes.push(b'\n');
                }
                let expected = bytes.iter().position(|&b| b == b'\n');
                assert_eq!(find_newline(&bytes), expected, "len {len}, at {at}");
            }
        }
        assert_eq!(find_newline("é\u{0a}".as_bytes()), Some(2));
        assert_eq!(find_newline(&[0x8a, 0x0b, 0x09, 0x0a]), Some(3));
    }
}
