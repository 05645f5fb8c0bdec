//! Any text as a schedule list, audited against a policy set: every entry is either judged or an
//! error with its index, never a panic; the result's JSON is JSON and counts what it says.
#![no_main]
use libfuzzer_sys::fuzz_target;

const POLICIES: &str = r##"{"value": [{"roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10", "scopeId": "/",
 "policy": {"rules": [
  {"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", "id": "Expiration_Admin_Eligibility",
   "isExpirationRequired": true, "maximumDuration": "P365D", "target": {"caller": "Admin", "level": "Eligibility"}},
  {"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", "id": "Expiration_Admin_Assignment",
   "isExpirationRequired": false, "maximumDuration": "P180D", "target": {"caller": "Admin", "level": "Assignment"}},
  {"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", "id": "Expiration_EndUser_Assignment",
   "isExpirationRequired": true, "maximumDuration": "PT8H", "target": {"caller": "EndUser", "level": "Assignment"}}]}}]}"##;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(policy) = pimcheck::Policy::from_json(POLICIES) else { return };
    let Ok(now) = pimcheck::parse_now("2026-06-01T00:00:00Z") else { return };
    let options = pimcheck::AuditOptions::new(now);
    let report = pimcheck::audit_texts(&policy, &[text], &options);
    let read = pimcheck::read_schedules(text, options.input_limits).count();
    assert_eq!(report.schedules, read);
    for (n, error) in report.errors.iter().enumerate() {
        assert!(error.index().is_some_and(|i| i < report.schedules), "{error:?}");
        assert!(n == 0 || report.errors[n - 1].index() < error.index());
    }
    let written: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap_or_default();
    let findings = written["findings"].as_array().map_or(0, Vec::len);
    assert_eq!(findings, report.findings.len(), "{}", report.to_json());
    assert_eq!(written["summary"]["schedules"], report.schedules);
});
