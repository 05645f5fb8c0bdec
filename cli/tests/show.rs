//! `pimcheck show`: every example payload through the binary in the three formats, byte for byte
//! the core's writers; `--redact`; exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pimcheck::{Policy, ShowFormat};

fn pimcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pimcheck"))
        .args(args)
        .output()
        .unwrap_or_else(|e| unreachable!("cannot start pimcheck: {e}"))
}

fn payloads() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/payloads");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
}

#[test]
fn every_example_policy_is_shown_as_the_core_writes_it() {
    let mut shown = 0;
    for path in payloads() {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let file = path.to_string_lossy();
        let Ok(policy) = Policy::from_json(&text) else {
            let out = pimcheck(&["show", &file]);
            assert_eq!(out.status.code(), Some(2), "{file}");
            assert!(String::from_utf8_lossy(&out.stderr).starts_with("pimcheck: "));
            continue;
        };
        shown += 1;
        let show = policy.show();
        for (name, format) in [
            ("text", ShowFormat::Text),
            ("json", ShowFormat::Json),
            ("markdown", ShowFormat::Markdown),
        ] {
            let out = pimcheck(&["show", "--format", name, &file]);
            assert_eq!(out.status.code(), Some(0), "{file} {name}");
            let mut expected = show.render(format);
            if format == ShowFormat::Json {
                expected.push('\n');
            }
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                expected,
                "{file} {name}"
            );
        }
    }
    assert!(shown >= 6, "only {shown} example policies were shown");
}

#[test]
fn redact_replaces_approvers_and_recipients_and_nothing_else() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/payloads/g2-rolesetting-aadroles-all-rules-assembled.json");
    let file = path.to_string_lossy();
    let plain = String::from_utf8_lossy(&pimcheck(&["show", &file]).stdout).into_owned();
    let redacted =
        String::from_utf8_lossy(&pimcheck(&["show", "--redact", &file]).stdout).into_owned();
    assert!(plain.contains("PIM@jsfjpo.mail.onmicrosoft.com"));
    assert!(plain.contains("pim approvers"));
    let expected = plain
        .replace("PIM@jsfjpo.mail.onmicrosoft.com", "<recipient-1>")
        .replace("pim approvers", "<name-1>");
    assert_eq!(redacted, expected);
}

#[test]
fn an_unreadable_policy_is_exit_2_with_the_error_object_under_json() {
    let dir = std::env::temp_dir().join(format!("pimcheck-show-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("bad.json");
    let _ = std::fs::write(&path, "{\"value\": 5}");
    let out = pimcheck(&["show", "--format", "json", &path.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    let error: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    assert!(
        error.get("error").and_then(|e| e.get("code")).is_some(),
        "{error}"
    );
    let missing = pimcheck(&["show", "/nonexistent/policy.json"]);
    assert_eq!(missing.status.code(), Some(2));
}
