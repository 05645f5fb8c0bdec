//! `pimcheck limits`, `pimcheck fix` and `check --fix` through the binary: the limits vectors'
//! whole JSON, the fix outcome (exit code, needs on standard error) of every denied vector, and
//! the corrected request passing `check` once its needs are supplied.
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

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors")
}

fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pimcheck-explain-{}-{name}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| unreachable!("cannot write {name}: {e}"));
    path.to_string_lossy().into_owned()
}

/// The text of a vector's document (`policyText` / `requestText` as given, else the JSON).
fn document(case: &Value, key: &str) -> String {
    match case[format!("{key}Text")].as_str() {
        Some(text) => text.to_owned(),
        None => case[key].to_string(),
    }
}

/// `--now`, `--mfa`, `--level` from a vector's context.
fn context_args(context: &Value) -> Vec<String> {
    let mut args = Vec::new();
    for key in ["now", "mfa", "level"] {
        match &context[key] {
            Value::Null => {}
            Value::String(text) => args.extend([format!("--{key}"), text.clone()]),
            other => args.extend([format!("--{key}"), other.to_string()]),
        }
    }
    args
}

#[test]
fn limits_vectors_through_the_cli() {
    let dir = scratch("limits");
    let cases = read(&root().join("limits/limits.json"));
    let cases = cases.as_array().cloned().unwrap_or_default();
    assert!(cases.len() >= 12, "too few limits cases");
    let mut failures = Vec::new();
    for case in &cases {
        let policy = write(&dir, "policy.json", &document(case, "policy"));
        let mut args = vec![
            "limits".to_owned(),
            "--policy".into(),
            policy,
            "--format".into(),
            "json".into(),
        ];
        if case.get("request").is_some() {
            args.extend([
                "--request".into(),
                write(&dir, "request.json", &document(case, "request")),
            ]);
        }
        args.extend(context_args(&case["context"]));
        let out = pimcheck(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let got: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        if out.status.code() != Some(0) || got != case["expectLimits"] {
            failures.push(format!("{}: {:?} {}", case["name"], out.status.code(), got));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn denied_cases() -> Vec<Value> {
    fn walk(dir: &Path, out: &mut Vec<Value>) {
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
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                match read(&path) {
                    Value::Array(cases) => out.extend(cases),
                    case => out.push(case),
                }
            }
        }
    }
    let mut cases = Vec::new();
    walk(&root(), &mut cases);
    cases.retain(|c| c["expect"]["allowed"] == Value::Bool(false));
    cases
}

#[test]
fn fix_outcomes_through_the_cli() {
    let dir = scratch("fix");
    let outcomes = read(&root().join("limits/fix.json"));
    let cases = denied_cases();
    assert!(cases.len() > 100, "too few denied vectors");
    let mut failures = Vec::new();
    for case in &cases {
        let policy = write(&dir, "policy.json", &document(case, "policy"));
        let request = write(&dir, "request.json", &document(case, "request"));
        let mut args = vec![
            "fix".to_owned(),
            "--policy".into(),
            policy.clone(),
            "--request".into(),
            request,
        ];
        args.extend(context_args(&case["context"]));
        let out = pimcheck(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let code = out.status.code().unwrap_or(-1);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let needs: Vec<&str> = if code == 3 {
            Vec::new()
        } else {
            stderr.split_whitespace().collect()
        };
        let got = serde_json::json!({"exit": code, "needs": needs});
        let name = case["name"].as_str().unwrap_or_default();
        if got != outcomes["fix"][name] {
            failures.push(format!(
                "{name}: got {got}, expected {}",
                outcomes["fix"][name]
            ));
            continue;
        }
        if code == 0 {
            // What `fix` prints passes `check` as it is.
            let fixed = write(&dir, "fixed.json", &String::from_utf8_lossy(&out.stdout));
            let mut check = vec![
                "check".to_owned(),
                "--policy".into(),
                policy,
                "--request".into(),
                fixed,
            ];
            check.extend(context_args(&case["context"]));
            let checked = pimcheck(&check.iter().map(String::as_str).collect::<Vec<_>>());
            if checked.status.code() != Some(0) {
                failures.push(format!(
                    "{name}: the fixed request is denied: {}",
                    String::from_utf8_lossy(&checked.stdout)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn check_fix_adds_the_suggestion_only_to_a_denied_report() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/demo");
    let policy = demo
        .join("role-settings.json")
        .to_string_lossy()
        .into_owned();
    let run = |request: &str, fix: bool| {
        let request = demo.join(request).to_string_lossy().into_owned();
        let mut args = vec![
            "check",
            "--policy",
            &policy,
            "--request",
            &request,
            "--now",
            "2026-11-24T12:00:00Z",
            "--format",
            "json",
        ];
        if fix {
            args.push("--fix");
        }
        let out = pimcheck(&args);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    assert_eq!(
        run("activation-ok.json", true),
        run("activation-ok.json", false)
    );
    let (code, plain) = run("activation-too-long.json", false);
    let (fixed_code, fixed) = run("activation-too-long.json", true);
    assert_eq!((code, fixed_code), (Some(1), Some(1)));
    let mut plain: Value = serde_json::from_str(&plain).unwrap_or(Value::Null);
    let mut fixed: Value = serde_json::from_str(&fixed).unwrap_or(Value::Null);
    let suggestion = fixed.as_object_mut().and_then(|o| o.remove("suggestion"));
    assert_eq!(
        fixed,
        plain.take(),
        "the report besides the suggestion is the same"
    );
    let suggestion = suggestion.unwrap_or(Value::Null);
    assert_eq!(suggestion["needs"], serde_json::json!(["justification"]));
    assert_eq!(
        suggestion["changes"],
        serde_json::json!([{"path": "/schedule/duration", "from": "PT9H", "to": "PT8H"}])
    );
    assert_eq!(suggestion["request"]["schedule"]["duration"], "PT8H");
}

#[test]
fn fix_reports_an_input_error_with_exit_2() {
    let dir = scratch("fix-error");
    let policy = write(&dir, "policy.json", "{\"userMemberSettings\": []}");
    let request = write(&dir, "request.json", "{\"type\": ");
    let out = pimcheck(&[
        "fix",
        "--policy",
        &policy,
        "--request",
        &request,
        "--now",
        "2026-01-01T00:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("pimcheck: "));
    assert!(out.stdout.is_empty());
}

#[test]
fn redact_hides_the_secrets_of_fix_and_limits_and_nothing_else() {
    let dir = scratch("redact");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/demo");
    let policy = demo
        .join("role-settings.json")
        .to_string_lossy()
        .into_owned();
    let request = write(
        &dir,
        "request.json",
        r#"{"type": "UserAdd", "assignmentState": "Active", "subjectId": "918e54be",
            "roleDefinitionId": "8b4d1d51-08e9-4254-b0a6-b16177aae376", "reason": "incident 42",
            "ticketInfo": {"ticketNumber": "INC-9"}, "linkedEligibleRoleAssignmentId": "e327f4be",
            "schedule": {"type": "Once", "startDateTime": "2026-11-24T12:00:00Z", "duration": "PT9H"}}"#,
    );
    let now = "2026-11-24T12:00:00Z";
    let out = pimcheck(&[
        "fix",
        "--redact",
        "--policy",
        &policy,
        "--request",
        &request,
        "--now",
        now,
    ]);
    assert_eq!(out.status.code(), Some(0));
    let fixed: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert_eq!(fixed["subjectId"], "principal-1");
    assert_eq!(fixed["reason"], "<justification>");
    assert_eq!(fixed["ticketInfo"]["ticketNumber"], "<ticket-1>");
    assert_eq!(fixed["schedule"]["duration"], "PT8H");
    let out = pimcheck(&[
        "limits", "--redact", "--policy", &policy, "--now", now, "--format", "json",
    ]);
    let plain = pimcheck(&[
        "limits", "--policy", &policy, "--now", now, "--format", "json",
    ]);
    let redacted: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let mut plain: Value = serde_json::from_slice(&plain.stdout).unwrap_or(Value::Null);
    assert_eq!(
        redacted["limits"][0]["approvers"][0],
        serde_json::json!({"id": "approver-1", "kind": "User", "displayName": "<name-1>"})
    );
    plain["limits"][0]["approvers"] = redacted["limits"][0]["approvers"].clone();
    assert_eq!(redacted, plain, "only the approvers change");
}
