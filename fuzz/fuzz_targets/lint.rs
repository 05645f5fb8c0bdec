//! Any bytes as a policy file for `lint` (issue #17): a report or an input error, never a panic; a
//! report's JSON is valid JSON whose findings each point into the document (an empty or `/` path).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = pimcheck::utf8_text(data, "policy") else {
        return;
    };
    for profile in [None, Some(pimcheck::lint::Profile::Baseline)] {
        let options = pimcheck::LintOptions::new().with_profile(profile);
        if let Ok(report) = pimcheck::lint(text, &options) {
            let json: serde_json::Value =
                serde_json::from_str(&report.to_json()).expect("the report's JSON is JSON");
            let findings = json["findings"].as_array().expect("findings");
            assert_eq!(findings.len(), report.findings.len());
            for finding in &report.findings {
                assert!(finding.path.is_empty() || finding.path.starts_with('/'));
            }
        }
    }
});
