//! The CLI's NDJSON line reader: whatever the bytes and the line limit, it consumes the whole input,
//! keeps at most the limit plus one byte of a line, and gives back every line whole when none is
//! over the limit; then each line through the checker never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../cli/src/lines.rs"]
#[allow(dead_code)]
mod lines;

fuzz_target!(|data: &[u8]| {
    let Some((&limit_byte, input)) = data.split_first() else { return };
    let max_line = usize::from(limit_byte) % 64 + 1;
    // A tiny buffer, so lines straddle refills.
    let mut reader = std::io::BufReader::with_capacity(7, input);
    let (mut consumed, mut rebuilt, mut buffer, mut truncated) = (0, Vec::new(), Vec::new(), false);
    loop {
        buffer.clear();
        let read = lines::read_line(&mut reader, &mut buffer, max_line)
            .expect("reading from memory cannot fail");
        if read == 0 {
            break;
        }
        assert!(buffer.len() <= max_line + 1);
        assert!(buffer.len() <= read);
        truncated |= buffer.len() < read;
        consumed += read;
        rebuilt.extend_from_slice(&buffer);
        if let Ok(text) = std::str::from_utf8(&buffer) {
            if let (Ok(policy), Ok(now)) = (
                pimcheck::Policy::from_json(r#"{"userMemberSettings": []}"#),
                pimcheck::parse_now("2026-01-01T00:00:00Z"),
            ) {
                let _ = policy.check_json(text.trim(), &pimcheck::Options::new(now));
            }
        }
    }
    assert_eq!(consumed, input.len());
    if !truncated {
        assert_eq!(rebuilt, input);
    }
});
