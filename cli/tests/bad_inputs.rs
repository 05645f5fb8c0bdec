//! The hostile-input suite through the binary: exit 2, one stderr line, the contract's code; and a
//! 1 GB NDJSON line that costs no more memory than the input limit.
#![warn(clippy::too_many_lines)] // the 80-line limit of clippy.toml, as in the binary
#![allow(clippy::indexing_slicing, clippy::expect_used)] // `Value` indexing gives `Null`; tests may expect

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

#[path = "../../tests/bad-inputs/source.rs"]
mod source;
use source::source;

#[test]
fn every_hostile_input_through_the_binary() {
    let manifest_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-inputs/manifest.json");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(manifest_path).unwrap_or_default())
            .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("pimcheck-bad-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let cases = manifest["cases"].as_array().cloned().unwrap_or_default();
    let failures: Vec<String> = cases
        .iter()
        .enumerate()
        .flat_map(|(i, case)| run_case(&dir, i, case, &manifest["defaults"]))
        .collect();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Runs one case of the manifest through `pimcheck check`; returns what did not match.
fn run_case(dir: &Path, i: usize, case: &Value, defaults: &Value) -> Vec<String> {
    let name = case["name"].as_str().unwrap_or_default();
    let policy = dir.join(format!("p{i}.json"));
    let request = dir.join(format!("r{i}.json"));
    let _ = std::fs::write(&policy, source(&case["policy"], &defaults["policy"]));
    let _ = std::fs::write(&request, source(&case["request"], &defaults["request"]));
    let output = Command::new(env!("CARGO_BIN_EXE_pimcheck"))
        .args(["check", "--format", "json", "--now", "2026-01-01T00:00:00Z"])
        .args(["--mfa", "true", "--policy"])
        .arg(&policy)
        .arg("--request")
        .arg(&request)
        .output();
    let _ = std::fs::remove_file(&policy);
    let _ = std::fs::remove_file(&request);
    let Ok(output) = output else {
        return vec![format!("{name}: could not run")];
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    let out: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    if stderr.contains("panicked") || output.status.code().is_none() {
        return vec![format!("{name}: crashed: {stderr}")];
    }
    let mut failures = Vec::new();
    match case["expect"]["error"].as_str() {
        Some(code) => {
            if output.status.code() != Some(2)
                || out["error"]["code"] != code
                || stderr.lines().count() != 1
            {
                failures.push(format!(
                    "{name}: expected {code}: exit {:?} {out} {stderr}",
                    output.status.code()
                ));
            }
            if let Some(path) = case["expect"]["path"].as_str() {
                if out["error"]["path"] != path {
                    failures.push(format!("{name}: path {} != {path}", out["error"]["path"]));
                }
            }
        }
        None => {
            let allowed = case["expect"]["allowed"].as_bool().unwrap_or(false);
            if out["allowed"].as_bool() != Some(allowed)
                || output.status.code() != Some(if allowed { 0 } else { 1 })
            {
                failures.push(format!("{name}: {out} {stderr}"));
            }
        }
    }
    failures
}

#[test]
fn a_one_gigabyte_line_is_one_error_line_and_the_batch_goes_on() {
    let policy = r#"{"userMemberSettings": [{"ruleIdentifier": "ExpirationRule", "setting": "{\"permanentAssignment\":false,\"maximumGrantPeriodInMinutes\":480}"}]}"#;
    let dir = std::env::temp_dir().join(format!("pimcheck-gb-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let policy_path = dir.join("policy.json");
    let _ = std::fs::write(&policy_path, policy);
    let good = r#"{"type": "UserAdd", "assignmentState": "Active", "linkedEligibleRoleAssignmentId": "x", "schedule": {"duration": "PT1H"}}"#;
    let child = Command::new(env!("CARGO_BIN_EXE_pimcheck"))
        .args([
            "check",
            "--now",
            "2026-01-01T00:00:00Z",
            "--requests",
            "-",
            "--policy",
        ])
        .arg(&policy_path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        return assert!(child.is_ok(), "could not start");
    };
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        stdin.write_all(format!("{good}\n{{\"reason\": \"").as_bytes())?;
        let block = vec![b'x'; 1 << 20];
        for _ in 0..1024 {
            stdin.write_all(&block)?;
        }
        stdin.write_all(format!("\"}}\n{good}\n").as_bytes())
    });
    let output = child.wait_with_output();
    assert!(writer.join().is_ok_and(|r| r.is_ok()), "the writer failed");
    let output = output.expect("pimcheck finishes");
    let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_default())
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["allowed"], true);
    assert_eq!(lines[1]["error"]["code"], "InputTooLarge");
    assert_eq!(lines[1]["error"]["line"], 2);
    assert_eq!(lines[2]["allowed"], true);
    assert_eq!(output.status.code(), Some(2));
}
