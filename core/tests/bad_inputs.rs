//! The hostile-input suite (`tests/bad-inputs/manifest.json`) through the Rust API: every case
//! gives its input error (with its path) or its verdict, without a panic.
#![allow(clippy::indexing_slicing)] // serde_json `Value` indexing gives `Null`, it does not panic

use std::path::Path;

use pimcheck::{Options, Policy};
use serde_json::Value;

#[path = "../../tests/bad-inputs/source.rs"]
mod source;
use source::source;

/// What the Rust API makes of bytes: text must be UTF-8 first (as for the CLI and the bindings).
fn as_text(bytes: Vec<u8>, what: &str) -> Result<String, pimcheck::Error> {
    String::from_utf8(bytes).map_err(|_| {
        pimcheck::Error::new(
            pimcheck::ErrorCode::InvalidJson,
            "",
            format!("the {what} is not valid JSON: invalid UTF-8"),
        )
    })
}

#[test]
fn every_hostile_input_gets_its_error() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-inputs/manifest.json");
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_default())
        .unwrap_or_default();
    let defaults = &manifest["defaults"];
    let now = pimcheck::parse_now(defaults["context"]["now"].as_str().unwrap_or_default());
    let Ok(now) = now else {
        return assert!(now.is_ok(), "bad default now");
    };
    let options = Options::new(now).with_mfa(defaults["context"]["mfa"].as_bool());
    let cases = manifest["cases"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() >= 40, "too few cases: {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or_default();
        let result = as_text(source(&case["policy"], &defaults["policy"]), "policy")
            .and_then(|p| Policy::from_json(&p))
            .and_then(|policy| {
                as_text(source(&case["request"], &defaults["request"]), "request")
                    .and_then(|r| policy.check_json(&r, &options))
            });
        let expect = &case["expect"];
        match (expect["error"].as_str(), result) {
            (Some(code), Err(e)) => {
                if e.code().as_str() != code {
                    failures.push(format!(
                        "{name}: expected {code}, got {} ({})",
                        e.code(),
                        e.message()
                    ));
                } else if let Some(want) = expect["path"].as_str() {
                    if e.path() != want {
                        failures.push(format!(
                            "{name}: path {:?} != {want:?} ({})",
                            e.path(),
                            e.message()
                        ));
                    }
                }
                if e.message().len() > 400 {
                    failures.push(format!(
                        "{name}: message too long ({} bytes)",
                        e.message().len()
                    ));
                }
            }
            (Some(code), Ok(report)) => {
                failures.push(format!("{name}: expected {code}, got {}", report.to_json()))
            }
            (None, Err(e)) => {
                failures.push(format!("{name}: unexpected {} ({})", e.code(), e.message()))
            }
            (None, Ok(report)) => {
                if expect["allowed"].as_bool() != Some(report.allowed) {
                    failures.push(format!("{name}: {}", report.to_json()));
                }
                if let Some(codes) = expect["violations"].as_array() {
                    let want: Vec<&str> = codes.iter().filter_map(Value::as_str).collect();
                    let got: Vec<&str> =
                        report.violations.iter().map(|v| v.code.as_str()).collect();
                    if want != got {
                        failures.push(format!("{name}: violations {got:?} != {want:?}"));
                    }
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
