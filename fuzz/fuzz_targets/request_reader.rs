//! Any text as a request, against a policy with every kind of rule: an error or a report whose
//! verdict agrees with its findings, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

const POLICY: &str = r#"{"adminEligibleSettings": [
  {"ruleIdentifier": "ExpirationRule", "setting": "{\"permanentAssignment\":false,\"maximumGrantPeriodInMinutes\":525600}"}],
 "adminMemberSettings": [
  {"ruleIdentifier": "ExpirationRule", "setting": "{\"permanentAssignment\":true,\"maximumGrantPeriodInMinutes\":43200}"},
  {"ruleIdentifier": "TicketingRule", "setting": "{\"ticketingRequired\":true}"}],
 "userMemberSettings": [
  {"ruleIdentifier": "ExpirationRule", "setting": "{\"permanentAssignment\":false,\"maximumGrantPeriodInMinutes\":480}"},
  {"ruleIdentifier": "MfaRule", "setting": "{\"mfaRequired\":true}"},
  {"ruleIdentifier": "JustificationRule", "setting": "{\"required\":true}"},
  {"ruleIdentifier": "ApprovalRule", "setting": "{\"Enabled\":true,\"Approvers\":[]}"},
  {"ruleIdentifier": "AcrsRule", "setting": "{\"acrsRequired\":true,\"acrs\":\"c1\"}"},
  {"ruleIdentifier": "SomeFutureRule", "setting": "{}"}]}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(policy) = pimcheck::Policy::from_json(POLICY) else { return };
    let Ok(now) = pimcheck::parse_now("2026-01-01T00:00:00Z") else { return };
    for mfa in [None, Some(false)] {
        let options = pimcheck::Options::new(now).with_mfa(mfa);
        if let Ok(report) = policy.check_json(text, &options) {
            assert_eq!(report.allowed, report.violations.is_empty());
            // The report's JSON is JSON, and each finding is written as it is alone.
            let written: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap_or_default();
            let listed = written.get("violations").and_then(|v| v.as_array()).map_or(0, Vec::len);
            assert_eq!(listed, report.violations.len(), "{}", report.to_json());
            for (entry, finding) in written["violations"].as_array().into_iter().flatten().zip(&report.violations) {
                let alone: serde_json::Value = serde_json::from_str(&finding.to_json()).unwrap_or_default();
                assert_eq!(entry, &alone);
            }
        }
    }
});
