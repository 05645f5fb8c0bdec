//! `pimcheck lint` through the binary: every case of `vectors/lint/` (the whole JSON result, the
//! file named, the exit status at both `--fail-on` levels), SARIF validated against the SARIF 2.1.0
//! schema, the text and Markdown forms, and input errors that leave the other files' findings.
#![allow(clippy::indexing_slicing, clippy::expect_used)] // `Value` indexing gives `Null`

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn cases() -> Vec<Value> {
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo("vectors/lint"))
        .expect("vectors/lint")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("a vector file");
        if let Value::Array(cases) = serde_json::from_str(&text).expect("JSON") {
            out.extend(cases);
        }
    }
    out
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pimcheck-lint-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

fn pimcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pimcheck"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Writes each case's policy to a file (pretty, as people write them) and returns the paths.
fn write_cases(dir: &Path, cases: &[Value]) -> Vec<String> {
    cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let path = dir.join(format!("case-{i}.json"));
            let text = match &case["policyText"] {
                Value::String(text) => text.clone(),
                _ => serde_json::to_string_pretty(&case["policy"]).expect("a policy"),
            };
            std::fs::write(&path, text).expect("written");
            path.to_string_lossy().into_owned()
        })
        .collect()
}

#[test]
fn every_lint_vector_through_the_binary() {
    let cases = cases();
    let dir = scratch("vectors");
    let files = write_cases(&dir, &cases);
    let mut failures = Vec::new();
    for (case, file) in cases.iter().zip(&files) {
        let name = case["name"].as_str().unwrap_or("?");
        let mut args = vec!["lint", "--format", "json", file.as_str()];
        if let Some(profile) = case["lint"]["profile"].as_str() {
            args.extend(["--profile", profile]);
        }
        let output = pimcheck(&args);
        let got: Value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
        let status = output.status.code();
        if let Some(code) = case["lint"]["error"].as_str() {
            if got["error"]["code"] != code || status != Some(2) {
                failures.push(format!(
                    "{name}: expected {code} and exit 2, got {got} ({status:?})"
                ));
            }
            continue;
        }
        let mut expected = case["lint"]["result"].clone();
        for finding in expected["findings"].as_array_mut().into_iter().flatten() {
            let policy = finding["policy"].as_object().cloned().unwrap_or_default();
            let mut with_file = serde_json::Map::new();
            with_file.insert("file".into(), Value::String(file.clone()));
            with_file.extend(policy);
            finding["policy"] = Value::Object(with_file);
        }
        let errors = expected["findings"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["severity"] == "error"));
        if got != expected || status != Some(i32::from(errors)) {
            failures.push(format!(
                "{name}: exit {status:?}\n  expected {expected}\n  got      {got}"
            ));
        }
        args.extend(["--fail-on", "warning"]);
        let any = expected["findings"]
            .as_array()
            .is_some_and(|f| !f.is_empty());
        if pimcheck(&args).status.code() != Some(i32::from(any)) {
            failures.push(format!(
                "{name}: --fail-on warning should exit {}",
                i32::from(any)
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo("cli/tests/schemas/sarif-schema-2.1.0.json"))
            .expect("schema"),
    )
    .expect("schema JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

#[test]
fn sarif_of_every_lint_vector_validates_and_locates_lines() {
    let cases: Vec<Value> = cases()
        .into_iter()
        .filter(|c| c["lint"]["error"].is_null())
        .collect();
    let dir = scratch("sarif");
    let files = write_cases(&dir, &cases);
    let mut args = vec!["lint", "--format", "sarif", "--profile", "baseline"];
    args.extend(files.iter().map(String::as_str));
    let output = pimcheck(&args);
    let log: Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), pimcheck::lint::CATALOGUE.len());
    for rule in rules {
        let id = rule["id"].as_str().expect("an id").to_ascii_lowercase();
        assert!(rule["helpUri"]
            .as_str()
            .is_some_and(|u| u.ends_with(&format!("docs/lints.md#{id}"))));
        assert!(
            rule["shortDescription"]["text"].is_string()
                && rule["fullDescription"]["text"].is_string()
        );
    }
    let results = run["results"].as_array().expect("results");
    assert!(results.len() > 50);
    for result in results {
        let location = &result["locations"][0]["physicalLocation"];
        let line = location["region"]["startLine"]
            .as_u64()
            .expect("every pointer has a line");
        let uri = location["artifactLocation"]["uri"]
            .as_str()
            .expect("a file");
        assert!(
            line >= 2,
            "{uri}: a finding's field is below the first line"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn text_and_markdown_name_the_file_line_and_hint() {
    let policy = repo("examples/payloads/arm-policy-patch-partial-request.json");
    let policy = policy.to_string_lossy();
    let text = pimcheck(&["lint", "--format", "text", &policy]);
    let shown = String::from_utf8_lossy(&text.stdout);
    assert_eq!(text.status.code(), Some(1));
    assert!(shown.contains(&format!("{policy}:6: error PIM003 MaximumWithPermanent [Expiration_Admin_Eligibility] at /properties/rules/0/maximumDuration:")), "{shown}");
    assert!(
        shown.contains("  hint: remove `maximumDuration`, or set `isExpirationRequired` to true")
    );
    assert!(
        shown
            .trim_end()
            .ends_with("1 policy linted: 1 error, 0 warnings"),
        "{shown}"
    );
    let markdown = pimcheck(&["lint", "--format", "markdown", &policy]);
    let shown = String::from_utf8_lossy(&markdown.stdout);
    assert!(
        shown.starts_with("| Severity | Lint | Where | Rule | Message |"),
        "{shown}"
    );
    assert!(shown.contains(&format!("| error | PIM003 MaximumWithPermanent | {policy}:6 `/properties/rules/0/maximumDuration` |")), "{shown}");
}

#[test]
fn a_bad_file_is_an_input_error_and_the_others_are_still_reported() {
    let dir = scratch("errors");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"rules\": [").expect("written");
    let good = repo("examples/payloads/arm-policy-patch-partial-request.json");
    let output = pimcheck(&[
        "lint",
        "--format",
        "json",
        &bad.to_string_lossy(),
        &good.to_string_lossy(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let report: Value = serde_json::from_slice(&output.stdout).expect("the good file's report");
    assert_eq!(report["policies"], 1);
    assert_eq!(report["findings"][0]["id"], "PIM003");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(&format!(
            "pimcheck: {}: InvalidJson:",
            bad.to_string_lossy()
        )),
        "{stderr}"
    );
    let alone = pimcheck(&["lint", "--format", "json", &bad.to_string_lossy()]);
    assert_eq!(alone.status.code(), Some(2));
    let error: Value = serde_json::from_slice(&alone.stdout).expect("the error object");
    assert_eq!(error["error"]["code"], "InvalidJson");
    let profile = pimcheck(&["lint", "--profile", "strict", &good.to_string_lossy()]);
    assert_eq!(profile.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&profile.stderr)
        .contains("option `--profile` must be `baseline`, found `strict`"));
    let _ = std::fs::remove_dir_all(&dir);
}
