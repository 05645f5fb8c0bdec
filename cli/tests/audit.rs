//! `pimcheck audit`: every case of `vectors/audit/` through the binary (the whole JSON result, the
//! exit code, one stderr line per unreadable entry naming its file), several files, formats.
#![allow(clippy::indexing_slicing)] // serde_json `Value` indexing gives `Null`, it does not panic

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn pimcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pimcheck"))
        .args(args)
        .output()
        .unwrap_or_else(|e| unreachable!("cannot run pimcheck: {e}"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pimcheck-audit-{}-{name}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| unreachable!("cannot write {name}: {e}"));
    path.to_string_lossy().into_owned()
}

fn cases() -> Vec<Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors/audit");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            serde_json::from_str::<Vec<Value>>(&text).unwrap_or_default()
        })
        .collect()
}

fn schedules_text(case: &Value) -> String {
    match case.get("schedulesText") {
        Some(Value::String(text)) => text.clone(),
        _ => case["schedules"].to_string(),
    }
}

fn args_of(case: &Value, policies: &str, schedules: &str) -> Vec<String> {
    let mut args: Vec<String> = ["audit", "--policies", policies, "--schedules", schedules]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    args.extend([
        "--now".into(),
        case["context"]["now"].as_str().unwrap_or("").to_owned(),
    ]);
    if let Some(window) = case["context"]["expiringWithin"].as_str() {
        args.extend(["--expiring-within".into(), window.to_owned()]);
    }
    args
}

#[test]
fn every_audit_vector_through_the_binary() {
    let dir = scratch("vectors");
    let cases = cases();
    assert!(cases.len() >= 12, "too few audit vectors: {}", cases.len());
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let name = case["name"].as_str().unwrap_or_default();
        let policies = write(&dir, &format!("p{i}.json"), &case["policies"].to_string());
        let schedules = write(&dir, &format!("s{i}.json"), &schedules_text(case));
        let mut args = args_of(case, &policies, &schedules);
        args.extend(["--format".into(), "json".into()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = pimcheck(&args);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let result: Value = serde_json::from_str(stdout.trim()).unwrap_or_default();
        if result != case["output"] {
            failures.push(format!("{name}: output differs: {stdout}"));
        }
        let errors = case["output"]["errors"].as_array().map_or(0, Vec::len);
        let errors_found = case["output"]["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|f| f["severity"] == "error");
        let want = if errors > 0 {
            2
        } else if errors_found {
            1
        } else {
            0
        };
        if output.status.code() != Some(want) {
            failures.push(format!(
                "{name}: exit {:?}, expected {want}",
                output.status.code()
            ));
        }
        let named = stderr.lines().filter(|l| l.contains(&schedules)).count();
        if stderr.lines().count() != errors || named != errors {
            failures.push(format!(
                "{name}: expected {errors} stderr lines naming the file: {stderr}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn several_files_number_their_schedules_on_and_fail_on_warning() {
    let dir = scratch("files");
    let cases = cases();
    let by_name = |wanted: &str| {
        cases
            .iter()
            .find(|c| c["name"].as_str().is_some_and(|n| n.starts_with(wanted)))
            .cloned()
            .unwrap_or_default()
    };
    let eligibility = by_name("graph eligibility schedules");
    let instances = by_name("graph assignment schedule instances");
    let policies = write(&dir, "set.json", &eligibility["policies"].to_string());
    let first = write(&dir, "e.json", &eligibility["schedules"].to_string());
    let second = write(&dir, "a.json", &instances["schedules"].to_string());
    let output = pimcheck(&[
        "audit",
        "--policies",
        &policies,
        "--schedules",
        &first,
        &second,
        "--now",
        "2026-06-01T00:00:00Z",
        "--format",
        "text",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    // The first schedule of the second file is the 11th in all, named by its own file and position.
    assert!(
        stdout.contains(&format!("PermanentNotAllowed {second}:0 (assignment of")),
        "{stdout}"
    );
    assert!(
        stdout.ends_with(
            "17 schedules audited, 12 with findings (6 errors, 7 warnings), 0 unreadable\n"
        ),
        "{stdout}"
    );
    // Only warnings: exit 0 unless --fail-on warning.
    let expiring = by_name("graph bare array");
    let clean = write(&dir, "w.json", &expiring["schedules"][0].to_string());
    let base = [
        "audit",
        "--policies",
        &policies,
        "--schedules",
        &clean,
        "--now",
        "2026-06-01T00:00:00Z",
        "--expiring-within",
        "P30D",
    ];
    assert_eq!(pimcheck(&base).status.code(), Some(0));
    let mut strict = base.to_vec();
    strict.extend(["--fail-on", "warning"]);
    assert_eq!(pimcheck(&strict).status.code(), Some(1));
    let markdown = pimcheck(&[&base[..], &["--format", "markdown"]].concat());
    let table = String::from_utf8_lossy(&markdown.stdout);
    assert!(
        table.starts_with("| severity | code | schedule |"),
        "{table}"
    );
    assert!(table.contains("| warning | `ExpiresSoon` |"), "{table}");
}

#[test]
fn bad_options_and_missing_files_are_input_errors() {
    let dir = scratch("options");
    let policies = write(&dir, "set.json", r#"{"value": []}"#);
    let schedules = write(&dir, "s.json", r#"{"value": []}"#);
    for (option, value, code) in [
        ("--expiring-within", "two weeks", "InvalidOption"),
        ("--fail-on", "note", "InvalidOption"),
        ("--now", "yesterday", "InvalidOption"),
    ] {
        let output = pimcheck(&[
            "audit",
            "--policies",
            &policies,
            "--schedules",
            &schedules,
            option,
            value,
            "--format",
            "json",
        ]);
        let out: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(out["error"]["code"], code, "{option} {value}");
    }
    let missing = dir.join("missing.json").to_string_lossy().into_owned();
    let output = pimcheck(&[
        "audit",
        "--policies",
        &policies,
        "--schedules",
        &missing,
        &schedules,
        "--now",
        "2026-06-01T00:00:00Z",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.starts_with("pimcheck: Unreadable: cannot read the schedules file"),
        "{stderr}"
    );
}

#[test]
fn sarif_validates_and_redact_hides_principals() {
    let dir = scratch("sarif");
    let case = cases()
        .into_iter()
        .find(|c| {
            c["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("graph assignment schedule instances"))
        })
        .unwrap_or_default();
    let policies = write(&dir, "set.json", &case["policies"].to_string());
    let schedules = write(
        &dir,
        "a.json",
        &serde_json::to_string_pretty(&case["schedules"]).unwrap_or_default(),
    );
    let base = [
        "audit",
        "--policies",
        &policies,
        "--schedules",
        &schedules,
        "--now",
        "2026-06-01T00:00:00Z",
    ];
    let output = pimcheck(&[&base[..], &["--format", "sarif"]].concat());
    let log: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-schema-2.1.0.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap_or_default())
            .unwrap_or_default();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema);
    let Ok(validator) = validator else {
        return assert!(validator.is_ok(), "the schema compiles");
    };
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let results = log["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        results.len(),
        case["output"]["findings"].as_array().map_or(0, Vec::len)
    );
    // The first finding is the first entry of the list response: the line of `/value/0`.
    assert_eq!(results[0]["ruleId"], "PermanentNotAllowed");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
    let redacted = pimcheck(&[&base[..], &["--format", "json", "--redact"]].concat());
    let text = String::from_utf8_lossy(&redacted.stdout);
    assert!(!text.contains("0c3e7a5f-1111"), "{text}");
    let result: Value = serde_json::from_str(&text).unwrap_or_default();
    assert_eq!(
        result["findings"][0]["schedule"]["principalId"],
        "principal-1"
    );
    assert_eq!(
        result["findings"][2]["schedule"]["principalId"],
        "principal-2"
    );
}

#[path = "../../tests/bad-inputs/source.rs"]
mod source;

/// The codes of a result's findings by schedule index, and of its errors by index.
fn codes_by_index(result: &Value) -> (Value, Value) {
    let mut findings = serde_json::Map::new();
    for finding in result["findings"].as_array().into_iter().flatten() {
        let index = finding["schedule"]["index"].to_string();
        let entry = findings
            .entry(index)
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(codes) = entry {
            codes.push(finding["code"].clone());
        }
    }
    let errors = result["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| (e["index"].to_string(), e["code"].clone()))
        .collect::<serde_json::Map<_, _>>();
    (Value::Object(findings), Value::Object(errors))
}

#[test]
fn every_hostile_schedule_list_through_the_binary() {
    let dir = scratch("bad");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-inputs/schedules.json");
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_default())
        .unwrap_or_default();
    let policies = write(&dir, "set.json", &manifest["policies"].to_string());
    let now = manifest["now"].as_str().unwrap_or_default();
    let mut failures = Vec::new();
    for (i, case) in manifest["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let file = dir.join(format!("s{i}.json"));
        let _ = std::fs::write(&file, source::source(&case["schedules"], &Value::Null));
        let file = file.to_string_lossy().into_owned();
        let output = pimcheck(&[
            "audit",
            "--policies",
            &policies,
            "--schedules",
            &file,
            "--now",
            now,
            "--format",
            "json",
        ]);
        let result: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        let expect = &case["expect"];
        let (findings, errors) = codes_by_index(&result);
        let listed = expect["errors"].as_object().cloned().unwrap_or_default();
        let count = expect["errorCount"].as_u64().unwrap_or(listed.len() as u64);
        let errors_match = if count == listed.len() as u64 {
            errors == expect["errors"]
        } else {
            listed.iter().all(|(k, v)| errors.get(k) == Some(v))
                && errors.as_object().map_or(0, |e| e.len()) as u64 == count
        };
        // Every finding of these cases is an error (`PermanentNotAllowed`).
        let want_exit = match (count, findings.as_object().is_some_and(|f| !f.is_empty())) {
            (0, false) => 0,
            (0, true) => 1,
            _ => 2,
        };
        if result["summary"]["schedules"] != expect["schedules"]
            || findings != expect["findings"]
            || !errors_match
            || output.status.code() != Some(want_exit)
        {
            failures.push(format!(
                "{}: exit {:?}, {}",
                case["name"],
                output.status.code(),
                result["summary"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
