//! The lint bench of issue #17: a 1,000-policy Graph policy set, `lint` against parsing the same
//! text into a policy (`Policy::from_json`), in one run, rounds alternating so that both see the
//! same machine. Prints one JSON line (medians in milliseconds, the ratio) and a line for people.
//!   pimcheck-lint-bench [--policies N] [--rounds N] [--data DIR]

use std::time::Instant;

use serde_json::{json, Value};

fn main() {
    let mut policies = 1000usize;
    let mut rounds = 15usize;
    let mut data = concat!(env!("CARGO_MANIFEST_DIR"), "/data").to_owned();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().unwrap_or_default();
        match arg.as_str() {
            "--policies" => policies = value.parse().unwrap_or(policies),
            "--rounds" => rounds = value.parse().unwrap_or(rounds).max(1),
            "--data" => data = value,
            other => {
                eprintln!("pimcheck-lint-bench: unknown argument `{other}`");
                std::process::exit(2);
            }
        }
    }
    let text = match policy_set(&data, policies) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("pimcheck-lint-bench: {error}");
            std::process::exit(2);
        }
    };
    let options = pimcheck::LintOptions::new();
    let mut findings = 0;
    let (mut parse, mut lint) = (Vec::new(), Vec::new());
    for round in 0..rounds + 3 {
        let started = Instant::now();
        let parsed = pimcheck::Policy::from_json(&text).is_ok();
        let parse_ms = started.elapsed().as_secs_f64() * 1e3;
        let started = Instant::now();
        let report = pimcheck::lint(&text, &options);
        let lint_ms = started.elapsed().as_secs_f64() * 1e3;
        if !parsed || report.is_err() {
            eprintln!("pimcheck-lint-bench: the generated policy set did not read");
            std::process::exit(2);
        }
        findings = report.map(|r| r.findings.len()).unwrap_or_default();
        // The first three rounds warm caches and the allocator.
        if round >= 3 {
            parse.push(parse_ms);
            lint.push(lint_ms);
        }
    }
    let (parse, lint) = (median(&mut parse), median(&mut lint));
    let line = json!({
        "scenario": "lint-policy-set-1000", "policies": policies, "bytes": text.len(),
        "rounds": rounds, "findings": findings,
        "parse_ms_median": parse, "lint_ms_median": lint, "lint_over_parse": lint / parse,
    });
    println!("{line}");
    eprintln!(
        "lint {policies} policies ({} KiB, {findings} findings): lint {lint:.2} ms, parse {parse:.2} ms, ratio {:.2}x",
        text.len() / 1024,
        lint / parse
    );
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples.get(samples.len() / 2).copied().unwrap_or(f64::NAN)
}

/// `{"value": [...]}` of `count` Graph policies made from the documented directory-role rules, a
/// few of them with settings lint reports (so that findings are written too).
fn policy_set(data: &str, count: usize) -> Result<String, String> {
    let path = format!("{data}/g3-policy-rules-list-directoryrole.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read `{path}`: {e}"))?;
    let rules: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let rules = rules.get("value").cloned().unwrap_or(Value::Null);
    let maximums = ["PT8H", "PT4H", "PT10H", "PT0S", "P1D"];
    let set: Vec<Value> = (0..count)
        .map(|index| {
            let mut rules = rules.clone();
            if let Some(list) = rules.as_array_mut() {
                for rule in list.iter_mut() {
                    if rule.get("id").and_then(Value::as_str) == Some("Expiration_EndUser_Assignment") {
                        let maximum = maximums.get(index % maximums.len()).copied().unwrap_or("PT8H");
                        rule["maximumDuration"] = json!(maximum);
                    }
                }
            }
            json!({"id": format!("DirectoryRole_{index:05}"), "scopeId": "/", "scopeType": "DirectoryRole",
                   "rules": rules})
        })
        .collect();
    serde_json::to_string_pretty(&json!({ "value": set })).map_err(|e| e.to_string())
}
