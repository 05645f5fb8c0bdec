//! The Rust contract runner (`benches/CONTRACT.md`): reads `scenarios.json`, measures every
//! scenario it can with the pimcheck crate (runner `rust`) and serde_json's own parse of the same
//! bytes into a `serde_json::Value` (runner `serde_json`, the yardstick for parsing cost), and
//! prints one JSON line per runner and scenario.
//!
//! `pimcheck-bench [--manifest PATH] [--only ID,ID...]`

use std::hint::black_box;
use std::process::ExitCode;

use pimcheck::Policy;
use pimcheck_benches::{line_ok, line_skipped, measure, Scenario, Suite};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut manifest = None;
    let mut only: Option<Vec<String>> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--manifest" => manifest = args.next(),
            "--only" => {
                only = args
                    .next()
                    .map(|l| l.split(',').map(str::to_owned).collect())
            }
            other => {
                eprintln!("pimcheck-bench: unknown argument `{}`", other);
                return ExitCode::from(2);
            }
        }
    }
    let suite = match manifest {
        Some(path) => Suite::load(std::path::Path::new(&path)),
        None => Suite::load_default(),
    };
    let suite = match suite {
        Ok(suite) => suite,
        Err(e) => {
            eprintln!("pimcheck-bench: {}", e);
            return ExitCode::from(2);
        }
    };
    for scenario in &suite.manifest.scenarios {
        if only.as_ref().is_some_and(|ids| !ids.contains(&scenario.id)) {
            continue;
        }
        for line in run(&suite, scenario) {
            println!("{}", line);
        }
    }
    ExitCode::SUCCESS
}

fn run(suite: &Suite, scenario: &Scenario) -> Vec<String> {
    match try_run(suite, scenario) {
        Ok(lines) => lines,
        Err(reason) => vec![line_skipped("rust", &scenario.id, &reason)],
    }
}

fn try_run(suite: &Suite, s: &Scenario) -> Result<Vec<String>, String> {
    let (warmup, samples) = suite.counts(s);
    let timed = |call: &mut dyn FnMut()| measure(warmup, samples, s.inner, s.item_count, call);
    let id = s.id.as_str();
    let engine = |e: pimcheck::Error| e.one_line();
    match s.kind.as_str() {
        "parse_policy" => {
            let text = suite.policy_text(s)?;
            Policy::from_json(&text).map_err(engine)?;
            let ours = timed(&mut || {
                let _ = black_box(Policy::from_json(black_box(&text)));
            });
            let yardstick = timed(&mut || {
                let _ = black_box(serde_json::from_str::<serde_json::Value>(black_box(&text)));
            });
            Ok(vec![
                line_ok("rust", id, &ours),
                line_ok("serde_json", id, &yardstick),
            ])
        }
        "parse_request" => {
            let text = suite.request_text(s)?;
            let level = suite.options(s)?.level;
            let limits = pimcheck::InputLimits::default();
            let read = |text: &str| pimcheck::Request::from_json(text, level, &limits);
            read(&text).map_err(engine)?;
            let ours = timed(&mut || {
                let _ = black_box(read(black_box(&text)));
            });
            let yardstick = timed(&mut || {
                let _ = black_box(serde_json::from_str::<serde_json::Value>(black_box(&text)));
            });
            Ok(vec![
                line_ok("rust", id, &ours),
                line_ok("serde_json", id, &yardstick),
            ])
        }
        "check" => {
            let policy = Policy::from_json(&suite.policy_text(s)?).map_err(engine)?;
            let options = suite.options(s)?;
            let request = pimcheck::Request::from_json(
                &suite.request_text(s)?,
                options.level,
                &options.input_limits,
            )
            .map_err(engine)?;
            policy.check(&request, &options).map_err(engine)?;
            let ours = timed(&mut || {
                let _ = black_box(black_box(&policy).check(black_box(&request), &options));
            });
            Ok(vec![line_ok("rust", id, &ours)])
        }
        "report_json" => {
            let policy = suite.policy_text(s)?;
            let request = suite.request_text(s)?;
            let options = suite.options(s)?;
            pimcheck::check_json(&policy, &request, &options).map_err(engine)?;
            let ours = timed(&mut || {
                let report =
                    pimcheck::check_json(black_box(&policy), black_box(&request), &options);
                let _ = black_box(report.map(|r| r.to_json()));
            });
            let yardstick = timed(&mut || {
                let _ = black_box(serde_json::from_str::<serde_json::Value>(black_box(
                    &policy,
                )));
                let _ = black_box(serde_json::from_str::<serde_json::Value>(black_box(
                    &request,
                )));
            });
            Ok(vec![
                line_ok("rust", id, &ours),
                line_ok("serde_json", id, &yardstick),
            ])
        }
        "batch" => {
            let policy = Policy::from_json(&suite.policy_text(s)?).map_err(engine)?;
            let options = suite.options(s)?;
            let lines = suite.batch_lines(s)?;
            policy
                .check_many(&lines, &options, 1)
                .into_iter()
                .collect::<Result<Vec<_>, _>>()
                .map_err(engine)?;
            let ours = timed(&mut || {
                let _ = black_box(policy.check_many(black_box(&lines), &options, 1));
            });
            Ok(vec![line_ok("rust", id, &ours)])
        }
        other => Err(format!(
            "the rust runner does not run `{}` scenarios",
            other
        )),
    }
}
