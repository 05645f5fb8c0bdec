//! The `pimcheck` binary: vectors through the CLI, exit codes, error lines, batches.
#![allow(clippy::indexing_slicing)] // serde_json `Value` indexing gives `Null`, it does not panic

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

fn pimcheck(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pimcheck"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| unreachable!("cannot start pimcheck: {e}"));
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.unwrap_or_default().as_bytes());
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| unreachable!("pimcheck did not finish: {e}"))
}

fn temp_file(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| unreachable!("cannot write {name}: {e}"));
    path.to_string_lossy().into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pimcheck-cli-{}-{name}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn vectors() -> Vec<Value> {
    fn walk(dir: &Path, out: &mut Vec<Value>) {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                match serde_json::from_str::<Value>(&text).unwrap_or(Value::Null) {
                    // A case without `expect` belongs to an extension of the format
                    // (vectors/README.md), run by its own test.
                    Value::Array(cases) => {
                        out.extend(cases.into_iter().filter(|c| c.get("expect").is_some()))
                    }
                    Value::Null => {}
                    case if case.get("expect").is_some() => out.push(case),
                    _ => {}
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors"),
        &mut out,
    );
    out
}

fn codes(report: &Value, key: &str) -> Vec<String> {
    let mut codes: Vec<String> = report[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f["code"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    codes.sort();
    codes.dedup();
    codes
}

fn write_input(dir: &Path, case: &Value, key: &str, name: &str) -> String {
    let text = match case.get(format!("{key}Text").as_str()) {
        Some(Value::String(text)) => text.clone(),
        _ => case[key].to_string(),
    };
    temp_file(dir, name, &text)
}

#[test]
fn every_vector_through_the_binary() {
    let dir = scratch("vectors");
    let cases = vectors();
    assert!(cases.len() >= 40, "too few vectors: {}", cases.len());
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let name = case["name"].as_str().unwrap_or("(unnamed)");
        let policy = write_input(&dir, case, "policy", &format!("p{i}.json"));
        let request = write_input(&dir, case, "request", &format!("r{i}.json"));
        let mut args = vec![
            "check".to_owned(),
            "--policy".into(),
            policy,
            "--request".into(),
            request,
            "--format".into(),
            "json".into(),
        ];
        for option in ["now", "mfa", "level"] {
            match &case["context"][option] {
                Value::Null => {}
                Value::String(s) => args.extend([format!("--{option}"), s.clone()]),
                other => args.extend([format!("--{option}"), other.to_string()]),
            }
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = pimcheck(&args, None);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let Ok(out) = serde_json::from_str::<Value>(stdout.trim()) else {
            failures.push(format!("{name}: stdout is not one JSON value: {stdout:?}"));
            continue;
        };
        let expect = &case["expect"];
        let code = output.status.code();
        if let Some(error) = expect["error"].as_str() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            if code != Some(2)
                || out["error"]["code"] != json!(error)
                || stderr.lines().count() != 1
            {
                failures.push(format!("{name}: expected error {error} (exit 2, one stderr line), got {code:?} {stdout} {stderr}"));
            }
            continue;
        }
        let allowed = expect["allowed"].as_bool().unwrap_or(true);
        let want_exit = if allowed { 0 } else { 1 };
        if code != Some(want_exit) || out["allowed"] != json!(allowed) {
            failures.push(format!(
                "{name}: expected exit {want_exit}, got {code:?}: {stdout}"
            ));
        }
        for key in ["violations", "obligations", "warnings"] {
            if let Some(list) = expect[key].as_array() {
                let mut want: Vec<String> = list
                    .iter()
                    .filter_map(|c| c.as_str().map(str::to_owned))
                    .collect();
                want.sort();
                want.dedup();
                if codes(&out, key) != want {
                    failures.push(format!("{name}: {key} {:?} != {want:?}", codes(&out, key)));
                }
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

const POLICY: &str = r#"{"userMemberSettings": [
  {"ruleIdentifier": "ExpirationRule", "setting": "{\"permanentAssignment\":false,\"maximumGrantPeriodInMinutes\":480}"},
  {"ruleIdentifier": "JustificationRule", "setting": "{\"required\":true}"}]}"#;

fn activation(duration: &str) -> String {
    json!({"type": "UserAdd", "assignmentState": "Active", "reason": "incident 42",
           "linkedEligibleRoleAssignmentId": "e327f4be",
           "schedule": {"type": "Once", "startDateTime": "2026-01-01T00:00:00Z", "duration": duration}})
    .to_string()
}

#[test]
fn bad_input_is_exit_2_with_one_line_naming_the_path() {
    let dir = scratch("bad");
    let policy = temp_file(&dir, "policy.json", POLICY);
    let bad_setting = temp_file(
        &dir,
        "bad-setting.json",
        r#"{"userMemberSettings": [{"ruleIdentifier": "MfaRule", "setting": "{mfaRequired: true"}]}"#,
    );
    let truncated = temp_file(&dir, "truncated.json", &POLICY[..POLICY.len() / 2]);
    let years = temp_file(&dir, "years.json", &activation("P1Y"));
    let feb30 = temp_file(
        &dir,
        "feb30.json",
        &activation("PT1H").replace("2026-01-01T00:00:00Z", "2026-02-30T00:00:00Z"),
    );
    let number = temp_file(
        &dir,
        "number.json",
        r#"{"type": 5, "assignmentState": "Active"}"#,
    );
    let cases = [
        (truncated.as_str(), policy.as_str(), "InvalidJson", "line 2"),
        (policy.as_str(), truncated.as_str(), "InvalidJson", "line 2"),
        (
            bad_setting.as_str(),
            years.as_str(),
            "InvalidPolicy",
            "/userMemberSettings/0/setting",
        ),
        (
            policy.as_str(),
            years.as_str(),
            "InvalidDuration",
            "/schedule/duration",
        ),
        (
            policy.as_str(),
            feb30.as_str(),
            "InvalidDateTime",
            "/schedule/startDateTime",
        ),
        (policy.as_str(), number.as_str(), "InvalidRequest", "/type"),
    ];
    for (policy, request, code, names) in cases {
        for format in ["text", "json"] {
            let output = pimcheck(
                &[
                    "check",
                    "--policy",
                    policy,
                    "--request",
                    request,
                    "--format",
                    format,
                    "--now",
                    "2026-01-01T00:00:00Z",
                ],
                None,
            );
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{code}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{code}: {stderr}");
            assert!(
                stderr.contains(code) && stderr.contains(names),
                "{code} {names}: {stderr}"
            );
            assert!(!stderr.contains("panicked"), "{stderr}");
        }
    }
    // P1Y tells the fix.
    let output = pimcheck(
        &[
            "check",
            "--policy",
            &policy,
            "--request",
            &years,
            "--format",
            "json",
        ],
        None,
    );
    let out: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    assert_eq!(out["error"]["path"], "/schedule/duration");
    assert!(out["error"]["hint"]
        .as_str()
        .unwrap_or_default()
        .contains("P365D"));
}

#[test]
fn text_output_puts_the_verdict_last_with_hints() {
    let dir = scratch("text");
    let policy = temp_file(&dir, "policy.json", POLICY);
    let output = pimcheck(
        &[
            "check",
            "--policy",
            &policy,
            "--request",
            "-",
            "--now",
            "2026-01-01T00:00:00Z",
            "--format",
            "text",
        ],
        Some(&activation("PT9H")),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines
            .first()
            .is_some_and(|l| l.starts_with("violation DurationExceedsMaximum")),
        "{stdout}"
    );
    assert!(
        stdout.contains("hint: request at most PT8H, ending no later than 2026-01-01T08:00:00Z"),
        "{stdout}"
    );
    assert!(
        lines
            .last()
            .is_some_and(|l| l.starts_with("DENIED: activate by user")),
        "{stdout}"
    );
    let output = pimcheck(
        &[
            "check",
            "--policy",
            &policy,
            "--request",
            "-",
            "--now",
            "2026-01-01T00:00:00Z",
            "--format",
            "text",
        ],
        Some(&activation("PT8H")),
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("ALLOWED"));
}

#[test]
fn batches_keep_order_skip_blank_lines_and_survive_bad_lines() {
    let dir = scratch("batch");
    let policy = temp_file(&dir, "policy.json", POLICY);
    let mut lines = Vec::new();
    for i in 0..3000 {
        lines.push(match i % 5 {
            0 => activation("PT9H"),
            1 => activation("PT1H"),
            2 => String::new(),
            3 => "{not json".to_owned(),
            _ => activation("P1Y"),
        });
    }
    let input = lines.join("\n");
    let run = |jobs: &str| {
        pimcheck(
            &[
                "check",
                "--policy",
                &policy,
                "--requests",
                "-",
                "--now",
                "2026-01-01T00:00:00Z",
                "--jobs",
                jobs,
            ],
            Some(&input),
        )
    };
    let one = run("1");
    let four = run("4");
    assert_eq!(one.status.code(), Some(2));
    assert_eq!(one.stdout, four.stdout, "output depends on --jobs");
    let out = String::from_utf8_lossy(&one.stdout);
    let outputs: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_default())
        .collect();
    assert_eq!(
        outputs.len(),
        2400,
        "one output line per non-blank input line"
    );
    for (i, value) in outputs.iter().enumerate() {
        let input_line = i / 4 * 5 + [1, 2, 4, 5][i % 4];
        match i % 4 {
            0 => assert_eq!(value["allowed"], false, "{value}"),
            1 => assert_eq!(value["allowed"], true, "{value}"),
            2 => {
                assert_eq!(value["error"]["code"], "InvalidJson", "{value}");
                assert_eq!(value["error"]["line"], input_line, "{value}");
            }
            _ => {
                assert_eq!(value["error"]["code"], "InvalidDuration", "{value}");
                assert_eq!(value["error"]["line"], input_line, "{value}");
            }
        }
    }
    // Denied but no input errors: exit 1. All allowed: exit 0.
    let denied = [activation("PT9H"), activation("PT1H")].join("\n");
    let output = pimcheck(
        &[
            "check",
            "--policy",
            &policy,
            "--requests",
            "-",
            "--now",
            "2026-01-01T00:00:00Z",
        ],
        Some(&denied),
    );
    assert_eq!(output.status.code(), Some(1));
    let allowed = [activation("PT2H"), activation("PT1H")].join("\n");
    let output = pimcheck(
        &[
            "check",
            "--policy",
            &policy,
            "--requests",
            "-",
            "--now",
            "2026-01-01T00:00:00Z",
        ],
        Some(&allowed),
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_bad_policy_stops_the_batch_and_bad_options_are_input_errors() {
    let dir = scratch("options");
    let policy = temp_file(&dir, "policy.json", POLICY);
    let output = pimcheck(
        &["check", "--policy", "-", "--requests", "/nonexistent"],
        Some("[1, 2"),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        output.stdout.is_empty() || String::from_utf8_lossy(&output.stdout).lines().count() == 1
    );
    for (flag, value, path) in [
        ("--now", "yesterday", "now"),
        ("--mfa", "yes", "mfa"),
        ("--level", "3", "level"),
    ] {
        let output = pimcheck(
            &[
                "check",
                "--policy",
                &policy,
                "--request",
                "-",
                flag,
                value,
                "--format",
                "json",
            ],
            Some(&activation("PT1H")),
        );
        let out: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(out["error"]["code"], "InvalidOption");
        assert_eq!(out["error"]["path"], path);
    }
    let output = pimcheck(
        &[
            "check",
            "--policy",
            "/nonexistent/policy.json",
            "--request",
            "-",
        ],
        Some("{}"),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("InvalidOption"));
}

#[test]
fn convert_round_trips_the_demo_policy_through_every_generation() {
    let dir = scratch("convert");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/demo");
    let policy = demo
        .join("role-settings.json")
        .to_string_lossy()
        .into_owned();
    let request = demo
        .join("activation-too-long.json")
        .to_string_lossy()
        .into_owned();
    let check = |policy: &str| {
        let output = pimcheck(
            &[
                "check",
                "--policy",
                policy,
                "--request",
                &request,
                "--now",
                "2026-11-24T12:00:00Z",
                "--format",
                "json",
            ],
            None,
        );
        let mut report: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        // Rule ids may differ between generations; the verdict and every finding must not.
        for key in ["violations", "obligations", "warnings"] {
            if let Some(list) = report[key].as_array_mut() {
                for finding in list {
                    if let Some(f) = finding.as_object_mut() {
                        f.remove("rule");
                    }
                }
            }
        }
        (output.status.code(), report)
    };
    let original = check(&policy);
    assert_eq!(original.0, Some(1));
    for to in ["graph", "arm", "iteration2"] {
        let output = pimcheck(&["convert", "--to", to, &policy], None);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{to}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let converted = temp_file(
            &dir,
            &format!("{to}.json"),
            &String::from_utf8_lossy(&output.stdout),
        );
        assert_eq!(check(&converted), original, "{to}");
        // And back to iteration 2 from there.
        let output = pimcheck(&["convert", "--to", "iteration2", &converted], None);
        let back = temp_file(
            &dir,
            &format!("{to}-back.json"),
            &String::from_utf8_lossy(&output.stdout),
        );
        assert_eq!(check(&back), original, "{to} and back");
    }
}

#[test]
fn convert_strict_refuses_what_the_target_cannot_express() {
    let dir = scratch("convert-strict");
    // End-user eligibility settings exist only in iteration 2.
    let policy = temp_file(
        &dir,
        "p.json",
        r#"{"userEligibleSettings": [{"ruleIdentifier": "ExpirationRule", "setting": "{\"permanentAssignment\":false,\"maximumGrantPeriodInMinutes\":60}"}]}"#,
    );
    let lenient = pimcheck(&["convert", "--to", "graph", &policy], None);
    assert_eq!(lenient.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&lenient.stderr).starts_with("warning: "));
    let strict = pimcheck(&["convert", "--to", "graph", "--strict", &policy], None);
    assert_eq!(strict.status.code(), Some(2));
    assert!(strict.stdout.is_empty());
    let bad = pimcheck(&["convert", "--to", "yaml", &policy], None);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("InvalidOption"));
}
