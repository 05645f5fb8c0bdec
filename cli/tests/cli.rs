//! The `pimcheck` binary: vectors through the CLI, exit codes, error lines, batches.
#![warn(clippy::too_many_lines)] // the 80-line limit of clippy.toml, as in the binary
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
            // `vectors/audit/` holds the audit's cases (cli/tests/audit.rs), not checks.
            if path.is_dir() && path.file_name().is_some_and(|n| n == "audit") {
                continue;
            }
            // `vectors/plan/` holds `pimcheck plan` cases, in a format of their own (tests/plan.rs).
            if path.is_dir() && path.file_name().is_some_and(|n| n == "plan") {
                continue;
            }
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

/// `pimcheck check --policy POLICY --request REQUEST --format FORMAT --now 2026-01-01T00:00:00Z`.
fn check_files(policy: &str, request: &str, format: &str) -> Output {
    pimcheck(
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
    )
}

/// Bad policies and requests in `dir`: (policy, request, the error code, what the line names).
fn bad_input_cases(dir: &Path) -> Vec<(String, String, &'static str, &'static str)> {
    let policy = temp_file(dir, "policy.json", POLICY);
    let bad_setting = temp_file(
        dir,
        "bad-setting.json",
        r#"{"userMemberSettings": [{"ruleIdentifier": "MfaRule", "setting": "{mfaRequired: true"}]}"#,
    );
    let truncated = temp_file(dir, "truncated.json", &POLICY[..POLICY.len() / 2]);
    let years = temp_file(dir, "years.json", &activation("P1Y"));
    let feb30 = temp_file(
        dir,
        "feb30.json",
        &activation("PT1H").replace("2026-01-01T00:00:00Z", "2026-02-30T00:00:00Z"),
    );
    let number = temp_file(
        dir,
        "number.json",
        r#"{"type": 5, "assignmentState": "Active"}"#,
    );
    let missing = dir.join("missing.json").to_string_lossy().into_owned();
    let directory = dir.to_string_lossy().into_owned();
    vec![
        (truncated.clone(), policy.clone(), "InvalidJson", "line 2"),
        (policy.clone(), truncated, "InvalidJson", "line 2"),
        (
            bad_setting,
            years.clone(),
            "InvalidPolicy",
            "/userMemberSettings/0/setting",
        ),
        (
            policy.clone(),
            years,
            "InvalidDuration",
            "/schedule/duration",
        ),
        (
            policy.clone(),
            feb30,
            "InvalidDateTime",
            "/schedule/startDateTime",
        ),
        (policy.clone(), number, "InvalidRequest", "/type"),
        (
            missing.clone(),
            policy.clone(),
            "Unreadable",
            "the policy file",
        ),
        (policy.clone(), missing, "Unreadable", "the request file"),
        (
            directory.clone(),
            policy.clone(),
            "Unreadable",
            "the policy file",
        ),
        (policy, directory, "Unreadable", "a directory"),
    ]
}

#[test]
fn bad_input_is_exit_2_with_one_line_naming_the_path() {
    let dir = scratch("bad");
    for (policy, request, code, names) in bad_input_cases(&dir) {
        for format in ["text", "json"] {
            let output = check_files(&policy, &request, format);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{code}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{code}: {stderr}");
            assert!(
                stderr.starts_with(&format!("pimcheck: {code}: ")) && stderr.contains(names),
                "{code} {names}: {stderr}"
            );
            let out: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
            let want = if format == "json" {
                json!(code)
            } else {
                Value::Null
            };
            assert_eq!(out["error"]["code"], want, "{code}");
        }
    }
    // P1Y tells the fix.
    let policy = temp_file(&dir, "policy.json", POLICY);
    let years = temp_file(&dir, "years.json", &activation("P1Y"));
    let out: Value =
        serde_json::from_slice(&check_files(&policy, &years, "json").stdout).unwrap_or_default();
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
    let too_long = temp_file(&dir, "too-long.json", &activation("PT9H"));
    let output = check_files(&policy, &too_long, "text");
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
    let within = temp_file(&dir, "within.json", &activation("PT8H"));
    let output = check_files(&policy, &within, "text");
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
}

/// `pimcheck check --policy POLICY --requests - --now 2026-01-01T00:00:00Z` with `lines` on stdin.
fn batch(policy: &str, lines: &[String]) -> Output {
    pimcheck(
        &[
            "check",
            "--policy",
            policy,
            "--requests",
            "-",
            "--now",
            "2026-01-01T00:00:00Z",
        ],
        Some(&lines.join("\n")),
    )
}

#[test]
fn a_batch_exits_1_if_any_is_denied_and_0_if_all_are_allowed() {
    let policy = temp_file(&scratch("batch-exit"), "policy.json", POLICY);
    let denied = batch(&policy, &[activation("PT9H"), activation("PT1H")]);
    assert_eq!(denied.status.code(), Some(1));
    let allowed = batch(&policy, &[activation("PT2H"), activation("PT1H")]);
    assert_eq!(allowed.status.code(), Some(0));
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
}

#[test]
fn a_requests_file_that_cannot_be_read_is_unreadable() {
    let dir = scratch("unreadable");
    let policy = temp_file(&dir, "policy.json", POLICY);
    let missing = dir.join("missing.ndjson").to_string_lossy().into_owned();
    let directory = dir.to_string_lossy().into_owned();
    for (requests, says) in [(&missing, "No such file"), (&directory, "directory")] {
        let output = pimcheck(
            &["check", "--policy", &policy, "--requests", requests],
            None,
        );
        let out: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert_eq!(out["error"]["code"], "Unreadable", "{out}");
        assert_eq!(out["error"]["path"], "requests", "{out}");
        let message = out["error"]["message"].as_str().unwrap_or_default();
        assert_eq!(message.matches(requests.as_str()).count(), 1, "{message}");
        assert!(message.contains(says), "{message}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("pimcheck: Unreadable: "), "{stderr}");
    }
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
fn convert_to_iteration2_notes_once_that_the_api_is_retired() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/demo/role-settings.json");
    let policy = demo.to_string_lossy().into_owned();
    let retired = pimcheck(&["convert", "--to", "iteration2", &policy], None);
    assert_eq!(retired.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&retired.stderr);
    let notes: Vec<&str> = stderr.lines().filter(|l| l.starts_with("note: ")).collect();
    assert_eq!(notes.len(), 1, "{stderr}");
    assert!(notes[0].contains("retired") && notes[0].contains("28 October 2026"));
    let current = pimcheck(&["convert", "--to", "graph", &policy], None);
    assert!(!String::from_utf8_lossy(&current.stderr).contains("note: "));
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
}

#[test]
fn convert_reports_errors_as_check_does() {
    let dir = scratch("convert-errors");
    let policy = temp_file(&dir, "p.json", POLICY);
    let truncated = temp_file(&dir, "truncated.json", &POLICY[..POLICY.len() / 2]);
    let missing = dir.join("missing.json").to_string_lossy().into_owned();
    let cases = [
        (["--to", "yaml", policy.as_str()], "InvalidOption"),
        (["--to", "graph", truncated.as_str()], "InvalidJson"),
        (["--to", "arm", missing.as_str()], "Unreadable"),
    ];
    for (args, code) in cases {
        for format in ["text", "json"] {
            let mut all = vec!["convert", "--format", format];
            all.extend(args);
            let output = pimcheck(&all, None);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{code}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{code}: {stderr}");
            assert!(
                stderr.starts_with(&format!("pimcheck: {code}: ")),
                "{stderr}"
            );
            if format == "text" {
                assert!(output.stdout.is_empty(), "{code}");
                continue;
            }
            let out: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
            assert_eq!(out["error"]["code"], code, "{out}");
            assert!(out["error"]["message"].is_string(), "{out}");
        }
    }
}

/// With the `bench-hooks` feature, the request text `"pimcheck: panic for tests"` panics in the
/// checker: the bug is caught and reported as `Internal`, the batch goes on.
#[cfg(feature = "bench-hooks")]
mod internal {
    use super::*;

    const PANIC: &str = r#""pimcheck: panic for tests""#;

    #[test]
    fn a_panic_checking_one_request_is_internal_exit_2() {
        let dir = scratch("internal");
        let policy = temp_file(&dir, "policy.json", POLICY);
        let request = temp_file(&dir, "request.json", PANIC);
        for format in ["json", "text"] {
            let output = check_files(&policy, &request, format);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{stderr}");
            let last = stderr.lines().last().unwrap_or_default();
            assert!(last.starts_with("pimcheck: Internal: "), "{stderr}");
            assert!(
                last.contains("this is a bug") && last.contains("/issues"),
                "{last}"
            );
            let out: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
            let want = if format == "json" {
                json!("Internal")
            } else {
                Value::Null
            };
            assert_eq!(out["error"]["code"], want);
        }
    }

    #[test]
    fn a_panic_in_a_batch_fails_its_chunk_only() {
        let policy = temp_file(&scratch("internal-batch"), "policy.json", POLICY);
        let chunk = pimcheck::batch::CHUNK;
        let mut lines = vec![activation("PT1H"); 4 * chunk];
        if let Some(line) = lines.get_mut(chunk + 3) {
            *line = PANIC.to_owned();
        }
        for jobs in ["1", "3"] {
            let mut args = vec![
                "check",
                "--policy",
                &policy,
                "--requests",
                "-",
                "--jobs",
                jobs,
            ];
            args.extend(["--now", "2026-01-01T00:00:00Z"]);
            let output = pimcheck(&args, Some(&lines.join("\n")));
            assert_eq!(output.status.code(), Some(2));
            let outputs: Vec<Value> = String::from_utf8_lossy(&output.stdout)
                .lines()
                .map(|l| serde_json::from_str(l).unwrap_or_default())
                .collect();
            assert_eq!(outputs.len(), 4 * chunk);
            for (i, out) in outputs.iter().enumerate() {
                if (chunk..2 * chunk).contains(&i) {
                    assert_eq!(out["error"]["code"], "Internal", "line {}", i + 1);
                    assert_eq!(out["error"]["line"], i + 1);
                } else {
                    assert_eq!(out["allowed"], true, "line {}: {out}", i + 1);
                }
            }
        }
    }
}
