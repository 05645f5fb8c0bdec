//! The hostile schedule lists (`tests/bad-inputs/schedules.json`) through the Rust API: every bad
//! entry is an error with its index (and its path where the case says), every other entry is
//! judged, and nothing panics.
#![allow(clippy::indexing_slicing)] // serde_json `Value` indexing gives `Null`, it does not panic

use std::collections::BTreeMap;
use std::path::Path;

use pimcheck::{audit_texts, parse_now, AuditOptions, AuditReport, Policy};
use serde_json::Value;

#[path = "../../tests/bad-inputs/source.rs"]
mod source;

/// Compares a report with a case's `expect`; the problems found, if any.
fn problems(report: &AuditReport, case: &Value) -> Vec<String> {
    let expect = &case["expect"];
    let mut out = Vec::new();
    if Some(report.schedules as u64) != expect["schedules"].as_u64() {
        out.push(format!("{} schedules", report.schedules));
    }
    let listed = expect["errors"].as_object().cloned().unwrap_or_default();
    let count = expect["errorCount"].as_u64().unwrap_or(listed.len() as u64);
    if report.errors.len() as u64 != count {
        out.push(format!("{} errors, expected {count}", report.errors.len()));
    }
    for error in &report.errors {
        let index = error.index().map(|i| i.to_string()).unwrap_or_default();
        let wanted = &listed.get(&index).cloned().unwrap_or(Value::Null);
        if (wanted.is_string() || count == listed.len() as u64) && wanted != error.code().as_str() {
            out.push(format!(
                "error at {index}: {} ({})",
                error.code(),
                error.message()
            ));
        }
        if let Some(path) = case["paths"][&index].as_str() {
            if error.path() != path {
                out.push(format!("error at {index}: path {}", error.path()));
            }
        }
    }
    let mut findings: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for finding in &report.findings {
        findings
            .entry(finding.schedule.index.to_string())
            .or_default()
            .push(finding.code.as_str());
    }
    let expected: BTreeMap<String, Vec<&str>> = expect["findings"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(i, codes)| {
            let codes = codes.as_array().into_iter().flatten();
            (i.clone(), codes.filter_map(Value::as_str).collect())
        })
        .collect();
    if findings != expected {
        out.push(format!("findings {findings:?}"));
    }
    out
}

#[test]
fn every_hostile_schedule_list_is_judged_around_its_bad_entries() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-inputs/schedules.json");
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_default())
        .unwrap_or_default();
    let policy = Policy::from_json(&manifest["policies"].to_string());
    let now = parse_now(manifest["now"].as_str().unwrap_or_default());
    let (policy, now) = match (policy, now) {
        (Ok(policy), Ok(now)) => (policy, now),
        (policy, now) => return assert!(policy.is_ok() && now.is_ok(), "{policy:?} {now:?}"),
    };
    let options = AuditOptions::new(now);
    let cases = manifest["cases"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() >= 12, "too few cases: {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let bytes = source::source(&case["schedules"], &Value::Null);
        let text = String::from_utf8(bytes).unwrap_or_default();
        let report = audit_texts(&policy, &[text], &options);
        let found = problems(&report, case);
        if !found.is_empty() {
            failures.push(format!("{}: {}", case["name"], found.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
