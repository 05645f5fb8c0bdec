//! The one byte scan both JSON directions need: where in a string's bytes the next `"`, `\` or
//! control character is. The report writer escapes there; the reader ends a string or unescapes
//! there. Eight bytes at a time (no `unsafe`, no dependency), since most text has none of them.

/// Whether `byte` ends or escapes a JSON string's run of plain bytes.
pub(crate) fn is_special(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// The index of the first byte at or after `from` that [`is_special`].
pub(crate) fn first_special(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const QUOTES: u64 = ONES * b'"' as u64;
    const BACKSLASHES: u64 = ONES * b'\\' as u64;
    let mut rest = bytes.get(from..)?;
    let mut offset = from;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        let x = u64::from_le_bytes(*word);
        // A lane below 0x20, or equal to `"` or `\` (a zero lane after the xor), gets its high
        // bit set here. Lanes above a true hit may too (a borrow), but the lowest set bit is
        // always a true hit, and the lowest lane comes first in a little-endian load.
        let control = x.wrapping_sub(ONES * 0x20) & !x;
        let quote = (x ^ QUOTES).wrapping_sub(ONES) & !(x ^ QUOTES);
        let backslash = (x ^ BACKSLASHES).wrapping_sub(ONES) & !(x ^ BACKSLASHES);
        let hits = (control | quote | backslash) & HIGHS;
        if hits != 0 {
            return Some(offset + (hits.trailing_zeros() / 8) as usize);
        }
        offset += 8;
        rest = tail;
    }
    rest.iter().position(|b| is_special(*b)).map(|i| offset + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn finds_what_a_byte_loop_finds(bytes in proptest::collection::vec(prop_oneof![any::<u8>(), Just(b'a'), Just(0xff), Just(b'"')], 0..64), from in 0usize..70) {
            let expected = bytes.get(from..).and_then(|rest| rest.iter().position(|b| is_special(*b)).map(|i| from + i));
            prop_assert_eq!(first_special(&bytes, from), expected);
        }
    }
}
