//! The limits and fix vectors (vectors/limits/, vectors/README.md "Limits and fix") through the
//! Rust API: every limits case's whole JSON, and the fix outcome (exit code, needs) of every denied
//! case of the other vector files.

#![allow(clippy::indexing_slicing)] // serde_json `Value` indexing gives `Null`, it does not panic

use std::path::{Path, PathBuf};

use pimcheck::{parse_level, parse_now, Fix, Options, Policy, Request};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors")
}

fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// Every check case (with `expect`) of every file outside vectors/limits/.
fn check_cases(dir: &Path, out: &mut Vec<Value>) {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    for path in paths {
        // audit/, plan/ and lint/ hold cases of their own commands, not checks.
        if path.is_dir()
            && path
                .file_name()
                .is_some_and(|n| n == "audit" || n == "plan" || n == "lint")
        {
            continue;
        }
        if path.is_dir() {
            check_cases(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            match read(&path) {
                Value::Array(cases) => out.extend(cases),
                case => out.push(case),
            }
        }
    }
    out.retain(|c| c.get("expect").is_some());
}

fn level(context: &Value) -> Option<pimcheck::model::Level> {
    context["level"].as_str().and_then(|l| parse_level(l).ok())
}

#[test]
fn every_limits_case_gives_its_whole_json() {
    let cases = read(&root().join("limits/limits.json"));
    let cases = cases.as_array().cloned().unwrap_or_default();
    assert!(cases.len() >= 12, "too few limits cases: {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let context = &case["context"];
        let now = context["now"].as_str().and_then(|t| parse_now(t).ok());
        let result = Policy::from_value(&case["policy"]).and_then(|policy| {
            let request = match case.get("request") {
                Some(request) => Some(Request::from_value(request, level(context))?),
                None => None,
            };
            policy.limits(request.as_ref(), now)
        });
        let got = result.map(|l| serde_json::from_str::<Value>(&l.to_json()).unwrap_or_default());
        if got.as_ref().ok() != Some(&case["expectLimits"]) {
            failures.push(format!("{}: got {got:?}", case["name"]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn fix(case: &Value) -> Result<Fix, pimcheck::Error> {
    let context = &case["context"];
    let now = context["now"]
        .as_str()
        .map(parse_now)
        .transpose()?
        .unwrap_or_default();
    let options = Options::new(now)
        .with_mfa(context["mfa"].as_bool())
        .with_level(level(context));
    let policy = match case["policyText"].as_str() {
        Some(text) => Policy::from_json(text)?,
        None => Policy::from_value(&case["policy"])?,
    };
    match case["requestText"].as_str() {
        Some(text) => policy.fix_json(text, &options),
        None => policy.fix_value(&case["request"], &options),
    }
}

#[test]
fn every_denied_case_has_its_fix_outcome() {
    let outcomes = read(&root().join("limits/fix.json"));
    let mut cases = Vec::new();
    check_cases(&root(), &mut cases);
    let denied: Vec<&Value> = cases
        .iter()
        .filter(|c| c["expect"]["allowed"] == Value::Bool(false))
        .collect();
    assert!(denied.len() > 100, "too few denied cases: {}", denied.len());
    let mut failures = Vec::new();
    for case in &denied {
        let name = case["name"].as_str().unwrap_or_default();
        let expected = &outcomes["fix"][name];
        let got = match fix(case) {
            Ok(fix) => {
                let needs: Vec<&str> = match &fix {
                    Fix::Suggested(s) => s.needs.iter().map(|n| n.as_str()).collect(),
                    _ => Vec::new(),
                };
                serde_json::json!({"exit": fix.exit_code(), "needs": needs})
            }
            Err(error) => serde_json::json!({"exit": 2, "error": error.code().as_str()}),
        };
        if &got != expected {
            failures.push(format!("{name}: got {got}, expected {expected}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
