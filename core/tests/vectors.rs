//! Runs every case of every `*.json` file below `vectors/` through the Rust API (contract 6).
#![allow(clippy::indexing_slicing)] // serde_json `Value` indexing gives `Null`, it does not panic

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pimcheck::{Error, ErrorCode, Finding, Options, Policy, Report};
use serde_json::{json, Value};

fn vector_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        // `vectors/audit/` holds the audit's cases (core/tests/audit_vectors.rs), not checks.
        if path.is_dir() && path.file_name().is_some_and(|n| n == "audit") {
            continue;
        }
        // `vectors/plan/` holds `pimcheck plan` cases, in a format of their own (tests/plan_vectors.rs).
        if path.is_dir() && path.file_name().is_some_and(|n| n == "plan") {
            continue;
        }
        if path.is_dir() {
            vector_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn options(context: &Value) -> Result<Options, Error> {
    let invalid = |name: &str, value: &Value| {
        Error::new(
            ErrorCode::InvalidOption,
            name,
            format!("option `{}` has the wrong type: `{}`", name, value),
        )
    };
    let now = match context.get("now") {
        Some(Value::String(text)) => pimcheck::parse_now(text)?,
        Some(other) => return Err(invalid("now", other)),
        None => pimcheck::parse_now("2026-01-01T00:00:00Z")?,
    };
    let mfa = match context.get("mfa") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(text)) => Some(pimcheck::parse_mfa(text)?),
        Some(other) => return Err(invalid("mfa", other)),
    };
    let level = match context.get("level") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(pimcheck::parse_level(text)?),
        Some(other) => return Err(invalid("level", other)),
    };
    Ok(Options::new(now).with_mfa(mfa).with_level(level))
}

fn text_of(case: &Value, key: &str) -> String {
    match case.get(format!("{key}Text").as_str()) {
        Some(Value::String(text)) => text.clone(),
        _ => case.get(key).map(Value::to_string).unwrap_or_default(),
    }
}

fn run(case: &Value) -> Result<Report, Error> {
    let options = options(case.get("context").unwrap_or(&Value::Null))?;
    let policy = Policy::from_json(&text_of(case, "policy"))?;
    policy.check_json(&text_of(case, "request"), &options)
}

fn codes(findings: &[pimcheck::Finding]) -> BTreeSet<String> {
    findings
        .iter()
        .map(|f| f.code.as_str().to_owned())
        .collect()
}

fn expected_codes(expect: &Value, key: &str) -> BTreeSet<String> {
    expect
        .get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The contract's JSON of a report (section 2), built field by field from its public accessors:
/// what the one writer must write, whatever it is made of.
fn report_json(report: &Report) -> Value {
    let findings = |findings: &[Finding]| -> Value { findings.iter().map(finding_json).collect() };
    json!({
        "allowed": report.allowed,
        "request": {
            "operation": report.request.operation,
            "caller": report.request.caller,
            "level": report.request.level,
        },
        "violations": findings(&report.violations),
        "obligations": findings(&report.obligations),
        "warnings": findings(&report.warnings),
    })
}

fn finding_json(finding: &Finding) -> Value {
    let mut object = serde_json::Map::new();
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            object.insert(key.to_owned(), value);
        }
    };
    put("code", Some(json!(finding.code.as_str())));
    put("rule", finding.rule.as_deref().map(|r| json!(r)));
    put("path", finding.path.as_deref().map(|p| json!(p)));
    put("message", Some(json!(finding.message())));
    put(
        "serviceRule",
        finding.service_rule.map(|r| json!(r.as_str())),
    );
    put(
        "serviceError",
        finding.service_error.map(|e| json!(e.as_str())),
    );
    put("limit", finding.limit().map(|l| json!(l)));
    put("actual", finding.actual().map(|a| json!(a)));
    put("hint", finding.hint().map(|h| json!(h)));
    let approver = |a: &pimcheck::model::Approver| {
        let mut object = serde_json::Map::new();
        for (key, value) in [
            ("id", &a.id),
            ("kind", &a.kind),
            ("displayName", &a.display_name),
        ] {
            if let Some(value) = value {
                object.insert(key.to_owned(), json!(value));
            }
        }
        Value::Object(object)
    };
    put(
        "approvers",
        finding
            .approvers
            .as_deref()
            .map(|list| list.iter().map(approver).collect()),
    );
    put(
        "claimValue",
        finding.claim_value.as_deref().map(|c| json!(c)),
    );
    Value::Object(object)
}

/// Checks one case; returns a description of the mismatch, if any.
fn verify(case: &Value) -> Option<String> {
    let expect = case.get("expect")?;
    let result = run(case);
    if let Some(error) = expect.get("error").and_then(Value::as_str) {
        return match result {
            Err(e) if e.code().as_str() == error => {
                // The contract: an error message names the value and is one lowercase line.
                if e.message().contains('\n') || e.message().ends_with('.') {
                    Some(format!("badly formed message: {:?}", e.message()))
                } else {
                    None
                }
            }
            Err(e) => Some(format!(
                "expected error {error}, got error {} ({})",
                e.code(),
                e.message()
            )),
            Ok(report) => Some(format!(
                "expected error {error}, got report {}",
                report.to_json()
            )),
        };
    }
    let report = match result {
        Ok(report) => report,
        Err(e) => return Some(format!("unexpected error {}: {}", e.code(), e.message())),
    };
    let mut problems = Vec::new();
    // The report's one JSON writer writes every field the report holds, as the contract names it.
    let written: Value = serde_json::from_str(&report.to_json()).unwrap_or_default();
    let expected = report_json(&report);
    if written != expected {
        problems.push(format!(
            "to_json differs from the report's fields:\n  {}\n  {}",
            report.to_json(),
            expected
        ));
    }
    if let Some(allowed) = expect.get("allowed").and_then(Value::as_bool) {
        if allowed != report.allowed {
            problems.push(format!(
                "allowed {} != expected {}",
                report.allowed, allowed
            ));
        }
    }
    if report.allowed != report.violations.is_empty() {
        problems.push("allowed disagrees with violations".to_owned());
    }
    for (key, findings) in [
        ("violations", &report.violations),
        ("obligations", &report.obligations),
        ("warnings", &report.warnings),
    ] {
        if expect.get(key).is_some() && codes(findings) != expected_codes(expect, key) {
            problems.push(format!(
                "{key} {:?} != expected {:?}",
                codes(findings),
                expected_codes(expect, key)
            ));
        }
    }
    (!problems.is_empty())
        .then(|| format!("{}\n    report: {}", problems.join("; "), report.to_json()))
}

#[test]
fn every_vector_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors");
    let mut files = Vec::new();
    vector_files(&root, &mut files);
    assert!(
        !files.is_empty(),
        "no vector files under {}",
        root.display()
    );
    let (mut total, mut failures) = (0, Vec::new());
    let mut names = BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let value: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{}: not JSON: {e}", file.display()));
                continue;
            }
        };
        let cases = match value {
            Value::Array(cases) => cases,
            single => vec![single],
        };
        // A case without `expect` belongs to an extension of the format (vectors/README.md), run
        // by its own test.
        for case in cases.iter().filter(|c| c.get("expect").is_some()) {
            total += 1;
            let name = case
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("(unnamed)");
            if !names.insert(name.to_owned()) {
                failures.push(format!("{}: duplicate name {name:?}", file.display()));
            }
            if let Some(problem) = verify(case) {
                failures.push(format!("{}: {name}: {problem}", file.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{total} vectors passed");
}
