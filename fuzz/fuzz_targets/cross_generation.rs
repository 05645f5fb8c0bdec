//! Differential: a policy that reads is written in each generation (`convert`); wherever the
//! conversion is lossless (no warning), the converted policy reads again and gives the same verdict
//! and the same codes for the request as the original.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pimcheck::convert::{convert_json, Generation};

const POLICY: &str = r#"{"adminEligibleSettings": [
  {"ruleIdentifier": "ExpirationRule", "setting": "{\"permanentAssignment\":false,\"maximumGrantPeriodInMinutes\":525600}"}],
 "userMemberSettings": [
  {"ruleIdentifier": "ExpirationRule", "setting": "{\"permanentAssignment\":false,\"maximumGrantPeriodInMinutes\":480}"},
  {"ruleIdentifier": "MfaRule", "setting": "{\"mfaRequired\":true}"},
  {"ruleIdentifier": "ApprovalRule", "setting": "{\"Enabled\":true,\"Approvers\":[]}"}]}"#;

fn codes(report: &pimcheck::Report) -> Vec<Vec<&'static str>> {
    [&report.violations, &report.obligations, &report.warnings]
        .iter()
        .map(|list| list.iter().map(|f| f.code.as_str()).collect())
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The input is a request, or a policy and a request split at a NUL byte.
    let (policy_text, request) = text.split_once('\0').unwrap_or((POLICY, text));
    let Ok(policy) = pimcheck::Policy::from_json(policy_text) else { return };
    let Ok(now) = pimcheck::parse_now("2026-01-01T00:00:00Z") else { return };
    let options = pimcheck::Options::new(now).with_mfa(Some(false));
    let Ok(original) = policy.check_json(request, &options) else { return };
    for generation in Generation::ALL {
        let Ok(conversion) = convert_json(policy_text, generation) else { continue };
        if !conversion.warnings.is_empty() {
            continue;
        }
        let text = conversion.to_json();
        let converted = pimcheck::Policy::from_json(&text);
        assert!(converted.is_ok(), "{generation:?} output does not read: {text}");
        let Ok(converted) = converted else { return };
        let report = converted.check_json(request, &options);
        assert!(report.is_ok(), "{generation:?}: the request no longer reads");
        let Ok(report) = report else { return };
        assert_eq!(report.allowed, original.allowed, "{generation:?}: {} vs {}", report.to_json(), original.to_json());
        assert_eq!(codes(&report), codes(&original), "{generation:?}: {} vs {}", report.to_json(), original.to_json());
    }
});
