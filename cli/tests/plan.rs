//! `pimcheck plan`: every case of `vectors/plan/` through the binary (the whole JSON result and the
//! exit status), and the text and markdown forms.
#![allow(clippy::indexing_slicing, clippy::expect_used, clippy::panic)] // `Value` indexing gives `Null`; tests may expect

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn pimcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pimcheck"))
        .args(args)
        .output()
        .expect("pimcheck runs")
}

fn cases() -> Vec<Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors/plan");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    let mut out = Vec::new();
    for file in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let text = std::fs::read_to_string(file).expect("a vector file");
        match serde_json::from_str::<Value>(&text).expect("vector files are JSON") {
            Value::Array(cases) => out.extend(cases),
            case => out.push(case),
        }
    }
    out
}

/// Writes the case's files and returns the arguments of `pimcheck plan`.
fn arguments(case: &Value, dir: &Path, format: &str) -> Vec<String> {
    std::fs::create_dir_all(dir).expect("a scratch folder");
    let write = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("a scratch file");
        path.to_string_lossy().into_owned()
    };
    let plan = match case.get("planText") {
        Some(text) => text.as_str().unwrap_or_default().to_owned(),
        None => case["plan"].to_string(),
    };
    let mut args = vec![
        "plan".to_owned(),
        write("plan.json", plan),
        "--now".to_owned(),
        case["context"]["now"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        "--format".to_owned(),
        format.to_owned(),
    ];
    if let Some(policies) = case.get("policies") {
        args.push("--policies".to_owned());
        args.push(write("policies.json", policies.to_string()));
    }
    if let Some(parameters) = case.get("parameters") {
        args.push("--parameters".to_owned());
        args.push(write("parameters.json", parameters.to_string()));
    }
    args
}

fn scratch(name: usize) -> PathBuf {
    std::env::temp_dir().join(format!("pimcheck-plan-{}-{name}", std::process::id()))
}

#[test]
fn every_plan_vector_gives_its_whole_result_and_exit_status() {
    let cases = cases();
    assert!(cases.len() >= 15, "too few plan vectors: {}", cases.len());
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let args = arguments(case, &scratch(i), "json");
        let output = pimcheck(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let name = case["name"].as_str().unwrap_or_default();
        let got: Value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
        if got != case["expect"] {
            failures.push(format!(
                "{name}\n  expected {}\n  got      {got}",
                case["expect"]
            ));
        }
        if output.status.code() != case["expectExit"].as_i64().map(|c| c as i32) {
            failures.push(format!("{name}: exit {:?}", output.status.code()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn azurerm_22766() -> (usize, Value) {
    cases()
        .into_iter()
        .enumerate()
        .find(|(_, c)| {
            c["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("terraform-provider-azurerm#22766"))
        })
        .expect("the azurerm#22766 vector")
}

#[test]
fn text_names_the_address_the_verdict_and_the_terraform_fix() {
    let (i, case) = azurerm_22766();
    let args = arguments(&case, &scratch(1000 + i), "text");
    let output = pimcheck(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text.starts_with("azurerm_pim_eligible_role_assignment.ops (create): DENIED\n"),
        "{text}"
    );
    assert!(
        text.contains("  fix: schedule { expiration { duration_days = 365 } }\n"),
        "{text}"
    );
    assert!(
        text.ends_with("DENIED: 1 PIM resource, 1 denied, 0 allowed, 0 skipped, 0 errors\n"),
        "{text}"
    );
}

#[test]
fn markdown_is_a_table_with_one_row_per_resource() {
    let (i, case) = azurerm_22766();
    let args = arguments(&case, &scratch(2000 + i), "markdown");
    let output = pimcheck(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("### pimcheck plan: DENIED"), "{text}");
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("| `")).collect();
    assert_eq!(rows.len(), 1, "{text}");
    assert!(
        rows.first().is_some_and(|r| r.contains("| denied |")
            && r.contains("`schedule { expiration { duration_days = 365 } }`")),
        "{text}"
    );
}

#[test]
fn a_document_error_is_exit_2_with_the_error_object() {
    let dir = scratch(3000);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let path = dir.join("plan.json");
    std::fs::write(
        &path,
        "{\"format_version\": \"1.2\", \"resource_changes\": 3}",
    )
    .expect("a file");
    let output = pimcheck(&["plan", &path.to_string_lossy(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    let error: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(error["error"]["code"], "InvalidRequest");
    assert_eq!(error["error"]["path"], "/resource_changes");
    let missing = pimcheck(&[
        "plan",
        &dir.join("nothing.json").to_string_lossy(),
        "--format",
        "json",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    let error: Value = serde_json::from_slice(&missing.stdout).expect("JSON");
    assert_eq!(error["error"]["code"], "Unreadable");
    assert_eq!(error["error"]["path"], "plan");
    assert!(error["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("nothing.json")));
}

#[path = "../../tests/bad-inputs/source.rs"]
mod source;

#[test]
fn every_hostile_plan_is_exit_2_with_a_clean_error_or_a_result_per_resource() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-inputs/plan.json");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the manifest")).expect("JSON");
    let dir = scratch(4000);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let policies = dir.join("policies.json");
    std::fs::write(&policies, manifest["policies"].to_string()).expect("a file");
    let mut failures = Vec::new();
    for (i, case) in manifest["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .enumerate()
    {
        let name = case["name"].as_str().unwrap_or_default();
        let plan = dir.join(format!("plan-{i}.json"));
        std::fs::write(&plan, source::source(&case["plan"], &Value::Null)).expect("a file");
        let limit = case["maxInputBytes"]
            .as_u64()
            .unwrap_or(16 * 1024 * 1024)
            .to_string();
        let (plan, policies) = (plan.to_string_lossy(), policies.to_string_lossy());
        let now = manifest["now"].as_str().unwrap_or_default();
        let output = pimcheck(&[
            "plan",
            &plan,
            "--policies",
            &policies,
            "--now",
            now,
            "--format",
            "json",
            "--max-input-bytes",
            &limit,
        ]);
        let got: Value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
        let expect = &case["expect"];
        let ok = match expect.get("error") {
            Some(code) => {
                output.status.code() == Some(2)
                    && &got["error"]["code"] == code
                    && expect
                        .get("path")
                        .is_none_or(|p| &got["error"]["path"] == p)
            }
            None => {
                let entries = got["resources"].as_array().map_or(0, Vec::len);
                let errors = got["resources"]
                    .as_array()
                    .map_or(0, |r| r.iter().filter(|e| e.get("error").is_some()).count());
                let status = if errors > 0 {
                    2
                } else if got["allowed"] == true {
                    0
                } else {
                    1
                };
                Some(entries as u64) == expect["resources"].as_u64()
                    && Some(errors as u64) == expect["errors"].as_u64()
                    && output.status.code() == Some(status)
            }
        };
        if !ok {
            failures.push(format!(
                "{name}: exit {:?}, {}",
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
