//! End to end: the input split at its first NUL byte into a policy and a request, checked at a
//! fixed time; an error or a consistent report, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (policy, request) = text.split_once('\0').unwrap_or((text, "{}"));
    let Ok(now) = pimcheck::parse_now("2026-01-01T00:00:00Z") else { return };
    if let Ok(report) = pimcheck::check_json(policy, request, &pimcheck::Options::new(now)) {
        assert_eq!(report.allowed, report.violations.is_empty());
    }
});
