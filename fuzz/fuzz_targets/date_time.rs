//! Any text as a date-time: parsing never panics, and what parses formats and parses back equal.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pimcheck::{format_date_time, parse_date_time};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(time) = parse_date_time(text) {
        let written = format_date_time(time);
        assert_eq!(parse_date_time(&written).ok(), Some(time), "{text:?} -> {written:?}");
    }
});
