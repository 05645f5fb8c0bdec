//! `pimcheck plan`: any bytes as a Terraform plan or an ARM template (split at the first NUL byte
//! into the document and a policy); a clean error or a result per resource whose JSON parses and
//! whose verdict agrees with its entries, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pimcheck::plan::Outcome;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (document, policy) = text.split_once('\0').unwrap_or((text, ""));
    let Ok(now) = pimcheck::parse_now("2026-01-01T00:00:00Z") else { return };
    let policy = pimcheck::Policy::from_json(policy).ok();
    let inputs = pimcheck::PlanInputs {
        policies: policy.as_ref(),
        parameters: None,
    };
    if let Ok(result) = pimcheck::check_plan(document, inputs, &pimcheck::Options::new(now)) {
        assert!(serde_json::from_str::<serde_json::Value>(&result.to_json()).is_ok());
        let denied_or_failed = result.resources.iter().any(|entry| match &entry.outcome {
            Outcome::Checked { report, .. } => !report.allowed,
            Outcome::Failed(_) => true,
            _ => false,
        });
        assert_eq!(result.allowed, !denied_or_failed);
    }
});
