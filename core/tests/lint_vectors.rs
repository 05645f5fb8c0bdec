//! `lint` (issue #17) through the Rust API: every case of `vectors/lint/` (the whole JSON result,
//! from the text and from a parsed value), and every policy of `examples/payloads/` and `vectors/`
//! linted without a panic.
#![allow(clippy::indexing_slicing, clippy::expect_used)] // `Value` indexing gives `Null`

use std::path::{Path, PathBuf};

use pimcheck::lint::Profile;
use pimcheck::{lint, lint_value, LintOptions};
use serde_json::Value;

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn lint_cases() -> Vec<Value> {
    let mut files = Vec::new();
    json_files(&repo("vectors/lint"), &mut files);
    files
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).expect("a vector file");
            match serde_json::from_str::<Value>(&text).expect("vector JSON") {
                Value::Array(cases) => cases,
                single => vec![single],
            }
        })
        .collect()
}

fn options(case: &Value) -> LintOptions {
    let profile = case["lint"]["profile"].as_str().and_then(Profile::parse);
    LintOptions::new().with_profile(profile)
}

#[test]
fn every_lint_vector_gives_its_whole_result() {
    let cases = lint_cases();
    assert!(cases.len() >= 100, "too few lint vectors: {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("?");
        let options = options(case);
        let text = match &case["policyText"] {
            Value::String(text) => text.clone(),
            _ => serde_json::to_string_pretty(&case["policy"]).expect("a policy"),
        };
        let outcomes = [
            ("text", lint(&text, &options)),
            (
                "value",
                match serde_json::from_str::<Value>(&text) {
                    Ok(value) => lint_value(&value, &options),
                    Err(_) => lint(&text, &options),
                },
            ),
        ];
        for (how, outcome) in outcomes {
            let got: Value = match outcome {
                Ok(report) => serde_json::from_str(&report.to_json()).expect("the report's JSON"),
                Err(error) => serde_json::json!({"error": error.code().as_str()}),
            };
            let expected = match &case["lint"]["error"] {
                Value::String(code) => serde_json::json!({"error": code}),
                _ => case["lint"]["result"].clone(),
            };
            if got != expected {
                failures.push(format!(
                    "{name} ({how}):\n  expected {expected}\n  got      {got}"
                ));
            }
            let ids: Vec<&str> = got["findings"]
                .as_array()
                .map(|f| f.iter().filter_map(|f| f["id"].as_str()).collect())
                .unwrap_or_default();
            let mut wanted: Vec<&str> = case["lint"]["ids"]
                .as_array()
                .map(|ids| ids.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let mut found = ids.clone();
            found.sort_unstable();
            found.dedup();
            wanted.sort_unstable();
            if got.get("error").is_none() && found != wanted {
                failures.push(format!(
                    "{name} ({how}): lint ids {found:?}, expected {wanted:?}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_lint_of_the_catalogue_has_a_triggering_vector_and_a_clean_one() {
    let cases = lint_cases();
    for entry in pimcheck::lint::CATALOGUE {
        let triggers = cases.iter().any(|c| {
            c["lint"]["ids"]
                .as_array()
                .is_some_and(|ids| ids.iter().any(|id| id == entry.id))
        });
        let near_miss = cases.iter().any(|c| {
            c["name"]
                .as_str()
                .is_some_and(|n| n.contains(&format!("lint {} ", entry.id)))
                && c["lint"]["ids"]
                    .as_array()
                    .is_some_and(|ids| !ids.iter().any(|id| id == entry.id))
        });
        assert!(
            triggers && near_miss,
            "{}: a vector that triggers it and one that does not",
            entry.id
        );
    }
}

#[test]
fn every_policy_of_the_examples_and_vectors_lints_without_a_panic() {
    let mut files = Vec::new();
    json_files(&repo("examples/payloads"), &mut files);
    json_files(&repo("vectors"), &mut files);
    let baseline = LintOptions::new().with_profile(Some(Profile::Baseline));
    let (mut linted, mut refused) = (0usize, 0usize);
    for path in &files {
        let text = std::fs::read_to_string(path).expect("a file");
        let document: Value = serde_json::from_str(&text).expect("JSON");
        let mut policies = vec![document.clone()];
        let cases = match &document {
            Value::Array(cases) => cases.clone(),
            _ => Vec::new(),
        };
        policies.extend(
            cases
                .iter()
                .map(|c| c["policy"].clone())
                .filter(|p| !p.is_null()),
        );
        for policy in policies {
            match lint_value(&policy, &baseline) {
                Ok(report) => {
                    linted += 1;
                    let json: Value = serde_json::from_str(&report.to_json()).expect("report JSON");
                    assert_eq!(json["policies"], report.policies);
                }
                Err(error) => {
                    refused += 1;
                    assert!(!error.message().is_empty());
                }
            }
        }
    }
    assert!(
        linted > 400,
        "linted {linted} policies, refused {refused} documents"
    );
}

#[test]
fn fail_on_and_file_names() {
    let text = r#"{"rules": [{"id": "Expiration_EndUser_Assignment", "ruleType": "RoleManagementPolicyExpirationRule",
        "isExpirationRequired": true, "maximumDuration": "PT10H",
        "target": {"caller": "EndUser", "level": "Assignment"}}]}"#;
    let mut report = lint(text, &LintOptions::new()).expect("a report");
    assert!(report.findings.is_empty());
    report = lint(
        text,
        &LintOptions::new().with_profile(Some(Profile::Baseline)),
    )
    .expect("a report");
    assert_eq!(report.findings.len(), 1);
    assert!(report.fails_at(pimcheck::lint::Severity::Warning));
    assert!(!report.fails_at(pimcheck::lint::Severity::Error));
    report.set_file("dir/p.json");
    assert!(report
        .to_json()
        .contains(r#""policy":{"file":"dir/p.json","index":0}"#));
}
