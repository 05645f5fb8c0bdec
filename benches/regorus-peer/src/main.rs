//! The regorus peer (`benches/CONTRACT.md`, runner `regorus`): pimcheck's iteration-2 checks as the
//! Rego policy `pim.rego`, evaluated by the regorus crate on the manifest's scenarios. Before timing
//! a scenario it checks that the Rego report has the same verdict and codes as pimcheck's, so the
//! two engines are compared doing the same work.
//!
//! `pimcheck-regorus-peer [--manifest PATH] [--only ID,ID...]`

use std::collections::BTreeSet;
use std::hint::black_box;

use pimcheck_benches::{line_ok, line_skipped, measure, Scenario, Suite};
use regorus::{Engine, Value};

const POLICY: &str = include_str!("../pim.rego");
const LISTS: [&str; 4] = [
    "adminEligibleSettings",
    "adminMemberSettings",
    "userEligibleSettings",
    "userMemberSettings",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut manifest, mut only) = (None, None::<Vec<String>>);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--manifest" => manifest = args.next(),
            "--only" => {
                only = args
                    .next()
                    .map(|l| l.split(',').map(str::to_owned).collect())
            }
            other => {
                eprintln!("pimcheck-regorus-peer: unknown argument `{other}`");
                std::process::exit(2);
            }
        }
    }
    let suite = match manifest {
        Some(path) => Suite::load(std::path::Path::new(&path)),
        None => Suite::load_default(),
    }
    .unwrap_or_else(|e| {
        eprintln!("pimcheck-regorus-peer: {e}");
        std::process::exit(2)
    });
    let mut base = Engine::new();
    if let Err(e) = base.add_policy("pim.rego".into(), POLICY.into()) {
        eprintln!("pimcheck-regorus-peer: pim.rego: {e}");
        std::process::exit(2);
    }
    for s in &suite.manifest.scenarios {
        if only.as_ref().is_some_and(|ids| !ids.contains(&s.id)) {
            continue;
        }
        let line =
            run(&suite, s, &base).unwrap_or_else(|reason| line_skipped("regorus", &s.id, &reason));
        println!("{line}");
    }
}

/// The role setting as Rego data: each list as {lower-case ruleIdentifier: parsed setting}.
fn settings_data(policy_text: &str) -> Result<String, String> {
    let policy: serde_json::Value = serde_json::from_str(policy_text).map_err(|e| e.to_string())?;
    if !LISTS.iter().any(|l| policy.get(l).is_some()) {
        return Err("the Rego peer reads iteration-2 role settings only".into());
    }
    let mut settings = serde_json::Map::new();
    for list in LISTS {
        let mut rules = serde_json::Map::new();
        for entry in policy
            .get(list)
            .and_then(|l| l.as_array())
            .into_iter()
            .flatten()
        {
            let id = entry
                .get("ruleIdentifier")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let setting = match entry.get("setting") {
                Some(serde_json::Value::String(text)) => {
                    serde_json::from_str(text).map_err(|e| e.to_string())?
                }
                Some(other) => other.clone(),
                None => serde_json::Value::Null,
            };
            rules.insert(id.to_ascii_lowercase(), setting);
        }
        settings.insert(list.to_owned(), serde_json::Value::Object(rules));
    }
    Ok(serde_json::json!({ "settings": settings }).to_string())
}

fn engine_for(base: &Engine, policy_text: &str) -> Result<Engine, String> {
    let mut engine = base.clone();
    engine
        .add_data_json(&settings_data(policy_text)?)
        .map_err(|e| e.to_string())?;
    Ok(engine)
}

fn input_json(suite: &Suite, s: &Scenario, request_text: &str) -> Result<String, String> {
    let now = suite
        .options(s)?
        .now
        .timestamp_nanos_opt()
        .ok_or("now out of range")?;
    let mfa = s.context.mfa.map_or("null".to_owned(), |m| m.to_string());
    Ok(format!(
        "{{\"request\":{request_text},\"now_ns\":{now},\"mfa\":{mfa}}}"
    ))
}

fn evaluate(engine: &mut Engine, input: Value) -> Result<Value, String> {
    engine.set_input(input);
    engine
        .eval_rule("data.pim.report".into())
        .map_err(|e| e.to_string())
}

/// Verdict and codes of a report (pimcheck's or Rego's), for the same-work check.
fn summary(report: &serde_json::Value) -> (Option<bool>, [BTreeSet<String>; 3]) {
    let codes = |key: &str| {
        report
            .get(key)
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .filter_map(|f| f.get("code").and_then(|c| c.as_str()).map(str::to_owned))
            .collect::<BTreeSet<_>>()
    };
    (
        report.get("allowed").and_then(|a| a.as_bool()),
        [codes("violations"), codes("obligations"), codes("warnings")],
    )
}

fn same_work(suite: &Suite, s: &Scenario, rego: &Value, request_text: &str) -> Result<(), String> {
    let policy_text = suite.policy_text(s)?;
    let ours = pimcheck::check_json(&policy_text, request_text, &suite.options(s)?)
        .map_err(|e| e.one_line())?;
    let ours: serde_json::Value =
        serde_json::from_str(&ours.to_json()).map_err(|e| e.to_string())?;
    let theirs: serde_json::Value =
        serde_json::from_str(&rego.to_json_str().map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    if summary(&ours) != summary(&theirs) {
        return Err(format!(
            "the Rego policy disagrees with pimcheck: {:?} vs {:?}",
            summary(&theirs),
            summary(&ours)
        ));
    }
    Ok(())
}

fn run(suite: &Suite, s: &Scenario, base: &Engine) -> Result<String, String> {
    let (warmup, samples) = suite.counts(s);
    let timed = |call: &mut dyn FnMut()| measure(warmup, samples, s.inner, s.item_count, call);
    match s.kind.as_str() {
        "parse_policy" => {
            let text = suite.policy_text(s)?;
            engine_for(base, &text)?;
            let m = timed(&mut || {
                let _ = black_box(engine_for(base, black_box(&text)));
            });
            Ok(line_ok("regorus", &s.id, &m))
        }
        "check" => {
            let mut engine = engine_for(base, &suite.policy_text(s)?)?;
            let request = suite.request_text(s)?;
            let input = Value::from_json_str(&input_json(suite, s, &request)?)
                .map_err(|e| e.to_string())?;
            let report = evaluate(&mut engine, input.clone())?;
            same_work(suite, s, &report, &request)?;
            let m = timed(&mut || {
                let _ = black_box(evaluate(&mut engine, black_box(input.clone())));
            });
            Ok(line_ok("regorus", &s.id, &m))
        }
        "report_json" => {
            let policy = suite.policy_text(s)?;
            let request = suite.request_text(s)?;
            let once = |policy: &str, request: &str| -> Result<String, String> {
                let mut engine = engine_for(base, policy)?;
                let input = Value::from_json_str(&input_json(suite, s, request)?)
                    .map_err(|e| e.to_string())?;
                evaluate(&mut engine, input)?
                    .to_json_str()
                    .map_err(|e| e.to_string())
            };
            let report =
                Value::from_json_str(&once(&policy, &request)?).map_err(|e| e.to_string())?;
            same_work(suite, s, &report, &request)?;
            let m = timed(&mut || {
                let _ = black_box(once(black_box(&policy), black_box(&request)));
            });
            Ok(line_ok("regorus", &s.id, &m))
        }
        "batch" => {
            let mut engine = engine_for(base, &suite.policy_text(s)?)?;
            let lines = suite.batch_lines(s)?;
            let mut inputs = Vec::with_capacity(lines.len());
            for line in &lines {
                inputs.push(input_json(suite, s, line)?);
            }
            let run_batch = |engine: &mut Engine| -> Result<Vec<Value>, String> {
                inputs
                    .iter()
                    .map(|i| {
                        let input = Value::from_json_str(i).map_err(|e| e.to_string())?;
                        evaluate(engine, input)
                    })
                    .collect()
            };
            run_batch(&mut engine)?;
            // One call takes seconds: fewer samples (CONTRACT.md, "Timing"), said in the line.
            let few = samples.min(5);
            let m = measure(warmup.min(1), few, s.inner, s.item_count, &mut || {
                let _ = black_box(run_batch(&mut engine));
            });
            let mut line: serde_json::Value =
                serde_json::from_str(&line_ok("regorus", &s.id, &m)).map_err(|e| e.to_string())?;
            line["note"] = format!("{few} samples: one call takes seconds").into();
            Ok(line.to_string())
        }
        other => Err(format!("the Rego peer does not run `{other}` scenarios")),
    }
}
