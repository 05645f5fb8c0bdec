//! `check --redact`, `--format markdown` and `--format junit`, and no colour when piped.

use std::path::PathBuf;
use std::process::{Command, Output};

fn pimcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pimcheck"))
        .args(args)
        .output()
        .unwrap_or_else(|e| unreachable!("cannot start pimcheck: {e}"))
}

fn scratch(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("pimcheck-formats-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path: PathBuf = dir.join(name);
    let _ = std::fs::write(&path, text);
    path.to_string_lossy().into_owned()
}

const POLICY: &str = r#"{"userMemberSettings": [
 {"ruleIdentifier": "ExpirationRule", "setting": "{\"permanentAssignment\":false,\"maximumGrantPeriodInMinutes\":480}"},
 {"ruleIdentifier": "ApprovalRule", "setting": "{\"Enabled\":true,\"Approvers\":[{\"Id\":\"6f60e502\",\"Type\":\"User\",\"DisplayName\":\"Ada Lovelace\"},{\"Id\":\"77aa\",\"Type\":\"Group\",\"DisplayName\":\"Ops\"}]}"}]}"#;

fn request(subject: &str, duration: &str) -> String {
    format!(
        r#"{{"type": "UserAdd", "assignmentState": "Active", "subjectId": "{subject}", "roleDefinitionId": "r-1", "reason": "on call", "linkedEligibleRoleAssignmentId": "e327f4be", "schedule": {{"type": "Once", "duration": "{duration}"}}}}"#
    )
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn redact_changes_only_the_secrets_with_stable_placeholders() {
    let policy = scratch("policy.json", POLICY);
    let lines = [
        request("alice", "PT9H"),
        request("bob", "PT1H"),
        request("alice", "PT2H"),
    ];
    let requests = scratch("requests.ndjson", &(lines.join("\n") + "\n"));
    let now = "2026-01-01T00:00:00Z";
    let base = [
        "check",
        "--policy",
        &policy,
        "--requests",
        &requests,
        "--now",
        now,
        "--format",
        "json",
    ];
    let plain = pimcheck(&base);
    let redacted = pimcheck(&[&base[..], &["--redact"]].concat());
    assert_eq!(plain.status.code(), Some(1));
    assert_eq!(redacted.status.code(), Some(1));
    let expected = text(&plain)
        .replace("\"6f60e502\"", "\"approver-1\"")
        .replace("\"Ada Lovelace\"", "\"<name-1>\"")
        .replace("\"77aa\"", "\"approver-2\"")
        .replace("\"Ops\"", "\"<name-2>\"");
    assert!(text(&plain).contains("Ada Lovelace"));
    assert_eq!(text(&redacted), expected);
    let junit = pimcheck(&[&base[..7], &["--format", "junit", "--redact"]].concat());
    let xml = text(&junit);
    assert!(
        xml.contains("line 1: principal principal-1, role r-1"),
        "{xml}"
    );
    assert!(
        xml.contains("line 2: principal principal-2, role r-1"),
        "{xml}"
    );
    assert!(
        xml.contains("line 3: principal principal-1, role r-1"),
        "{xml}"
    );
    assert!(
        !xml.contains("alice") && !xml.contains("bob") && !xml.contains("Ada"),
        "{xml}"
    );
}

#[test]
fn junit_has_one_case_per_line_failures_and_errors() {
    let policy = scratch("policy-junit.json", POLICY);
    let lines = [
        request("alice", "PT9H"),
        String::new(),
        "{\"type\": 5}".into(),
        request("bob", "PT1H"),
    ];
    let requests = scratch("junit.ndjson", &(lines.join("\n") + "\n"));
    let out = pimcheck(&[
        "check",
        "--policy",
        &policy,
        "--requests",
        &requests,
        "--now",
        "2026-01-01T00:00:00Z",
        "--format",
        "junit",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let xml = text(&out);
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(
        xml.contains(r#"tests="3" failures="1" errors="1""#),
        "{xml}"
    );
    assert!(xml.contains("line 1: principal alice, role r-1"));
    assert!(xml.contains("line 3: principal (none), role (none)"));
    assert!(xml.contains("line 4: principal bob, role r-1"));
    assert!(xml.contains(r#"type="DurationExceedsMaximum""#));
}

#[test]
fn markdown_has_the_verdict_as_a_heading_and_a_row_per_finding() {
    let policy = scratch("policy-md.json", POLICY);
    let denied = scratch("denied.json", &request("alice", "PT9H"));
    let out = pimcheck(&[
        "check",
        "--policy",
        &policy,
        "--request",
        &denied,
        "--now",
        "2026-01-01T00:00:00Z",
        "--format",
        "markdown",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let md = text(&out);
    assert!(
        md.starts_with("### ❌ Denied: `activate` by user at assignment level\n"),
        "{md}"
    );
    assert!(md.contains("| violation | `DurationExceedsMaximum` | `Expiration_EndUser_Assignment` | `/schedule/duration` |"), "{md}");
    assert!(md.contains("| obligation | `ApprovalRequired` |"), "{md}");
}

#[test]
fn piped_text_has_no_colour() {
    let policy = scratch("policy-colour.json", POLICY);
    let denied = scratch("colour.json", &request("alice", "PT9H"));
    let out = pimcheck(&[
        "check",
        "--policy",
        &policy,
        "--request",
        &denied,
        "--now",
        "2026-01-01T00:00:00Z",
        "--format",
        "text",
    ]);
    let words = text(&out);
    assert!(
        words.starts_with("violation DurationExceedsMaximum"),
        "{words}"
    );
    assert!(!words.contains('\u{1b}'), "{words:?}");
}
