//! Every case of `vectors/audit/` through the Rust API: the codes of each schedule's findings and
//! each unreadable entry's error as the case expects, and the whole JSON result byte for byte as
//! its `output`. `PIMCHECK_BLESS=1` writes the `output` of every case (review the diff).
#![allow(clippy::indexing_slicing)] // serde_json `Value` indexing gives `Null`, it does not panic

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pimcheck::audit::{parse_expiring_within, AuditOptions};
use pimcheck::{audit_texts, parse_now, Policy};
use serde_json::Value;

fn files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors/audit");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
}

/// The schedules of a case as the text a file would hold.
fn schedules_text(case: &Value) -> String {
    match case.get("schedulesText") {
        Some(Value::String(text)) => text.clone(),
        _ => case["schedules"].to_string(),
    }
}

/// The result's JSON for a case, or the input error of its policy or options.
fn run(case: &Value) -> Result<String, pimcheck::Error> {
    let policy = Policy::from_json(&case["policies"].to_string())?;
    let mut options = AuditOptions::new(parse_now(case["context"]["now"].as_str().unwrap_or(""))?);
    if let Some(window) = case["context"]["expiringWithin"].as_str() {
        options = options.with_expiring_within(parse_expiring_within(window)?);
    }
    Ok(audit_texts(&policy, &[schedules_text(case)], &options).to_json())
}

/// What the result says, in the form of the case's `expect`.
fn observed(result: &Value) -> Value {
    let mut by_index: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for finding in result["findings"].as_array().into_iter().flatten() {
        let index = finding["schedule"]["index"].to_string();
        by_index
            .entry(index)
            .or_default()
            .push(finding["code"].clone());
    }
    let mut errors = serde_json::Map::new();
    for error in result["errors"].as_array().into_iter().flatten() {
        errors.insert(error["index"].to_string(), error["code"].clone());
    }
    serde_json::json!({"byIndex": by_index, "errors": errors})
}

/// The expectation with empty lists left out (a schedule expected to have no finding).
fn expected(expect: &Value) -> Value {
    let mut by_index = serde_json::Map::new();
    for (index, codes) in expect["byIndex"].as_object().into_iter().flatten() {
        if codes.as_array().is_some_and(|c| !c.is_empty()) {
            by_index.insert(index.clone(), codes.clone());
        }
    }
    serde_json::json!({"byIndex": by_index, "errors": expect["errors"]})
}

#[test]
fn every_audit_vector_passes() {
    let bless = std::env::var_os("PIMCHECK_BLESS").is_some();
    let (mut total, mut failures) = (0, Vec::new());
    for file in files() {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let mut cases: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
        for case in &mut cases {
            total += 1;
            let name = case["name"].as_str().unwrap_or_default().to_owned();
            let json = match run(case) {
                Ok(json) => json,
                Err(e) => {
                    failures.push(format!("{name}: {}", e.one_line()));
                    continue;
                }
            };
            let result: Value = serde_json::from_str(&json).unwrap_or_default();
            if observed(&result) != expected(&case["expect"]) {
                failures.push(format!(
                    "{name}: expected {}, got {}",
                    expected(&case["expect"]),
                    observed(&result)
                ));
            }
            if bless {
                case["output"] = result;
            } else if case["output"] != result {
                failures.push(format!("{name}: output differs: {json}"));
            }
        }
        if bless {
            let written = serde_json::to_string_pretty(&cases).unwrap_or_default();
            let _ = std::fs::write(&file, written + "\n");
        }
    }
    assert!(total >= 12, "too few audit vectors: {total}");
    assert!(
        failures.is_empty(),
        "{} of {total} audit vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
