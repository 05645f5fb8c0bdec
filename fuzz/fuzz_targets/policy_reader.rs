//! Any text as a policy: an error or a policy, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = pimcheck::Policy::from_json(text);
    }
});
