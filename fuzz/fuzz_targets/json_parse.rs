//! Any text through the reader's JSON parse (its own parser for the common case, serde_json for
//! the rest): it never accepts what serde_json refuses, builds what serde_json builds, and refuses
//! exactly the texts serde_json refuses or that repeat a key in an object.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pimcheck::InputLimits;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let ours = pimcheck::json::parse_value(text, "request", &InputLimits::default());
    let theirs = serde_json::from_str::<serde_json::Value>(text.strip_prefix('\u{feff}').unwrap_or(text));
    match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => assert_eq!(ours, theirs, "{text:?}"),
        (Ok(ours), Err(e)) => panic!("accepted what serde_json refuses ({e}): {text:?} -> {ours}"),
        (Err(e), Ok(_)) => assert!(e.message().contains("appears twice"), "{text:?}: {}", e.message()),
        (Err(_), Err(_)) => {}
    }
});
