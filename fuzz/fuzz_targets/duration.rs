//! Any text as a duration: parsing never panics, and what parses formats and parses back equal.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pimcheck::{format_iso8601, parse_iso8601, parse_timespan};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(duration) = parse_iso8601(text) {
        let written = format_iso8601(duration);
        assert_eq!(parse_iso8601(&written).ok(), Some(duration), "{text:?} -> {written:?}");
    }
    if let Ok(duration) = parse_timespan(text) {
        let written = format_iso8601(duration);
        assert_eq!(parse_iso8601(&written).ok(), Some(duration), "{text:?} -> {written:?}");
    }
});
