//! Criterion benches of the engine on the documented payloads of `scenarios.json`: parsing a
//! policy of each generation and a request, checking a parsed request, JSON text to report end to
//! end, and a batch of 10,000 requests; serde_json's parse of the same bytes into a `Value` is
//! measured beside each parse as the yardstick.
//!
//! A scenario whose reader has not landed yet (the engine refuses its policy) is left out with a
//! note on stderr. `cargo test -p pimcheck-benches --benches` runs each bench once.

#![allow(missing_docs)] // criterion_group! and criterion_main! generate undocumented items

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pimcheck::Policy;
use pimcheck_benches::Suite;

fn load() -> Suite {
    match Suite::load_default() {
        Ok(suite) => suite,
        Err(e) => {
            eprintln!("benches: {}", e);
            std::process::exit(2);
        }
    }
}

fn skip(id: &str, why: impl std::fmt::Display) {
    eprintln!("benches: `{}` left out: {}", id, why);
}

fn parse(c: &mut Criterion) {
    let suite = load();
    let mut group = c.benchmark_group("parse");
    for s in suite.manifest.scenarios.iter() {
        let text = match s.kind.as_str() {
            "parse_policy" => suite.policy_text(s),
            "parse_request" => suite.request_text(s),
            _ => continue,
        };
        let Ok(text) = text else {
            skip(&s.id, "payload missing");
            continue;
        };
        group.throughput(Throughput::Bytes(text.len() as u64));
        if s.kind == "parse_policy" {
            if let Err(e) = Policy::from_json(&text) {
                skip(&s.id, e.one_line());
                continue;
            }
            group.bench_function(format!("{}/pimcheck", s.id), |b| {
                b.iter(|| Policy::from_json(black_box(&text)))
            });
        } else {
            let Ok(options) = suite.options(s) else {
                continue;
            };
            group.bench_function(format!("{}/pimcheck", s.id), |b| {
                b.iter(|| {
                    pimcheck::Request::from_json(
                        black_box(&text),
                        options.level,
                        &options.input_limits,
                    )
                })
            });
        }
        group.bench_function(format!("{}/serde_json-value", s.id), |b| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&text)))
        });
    }
    group.finish();
}

fn check(c: &mut Criterion) {
    let suite = load();
    let mut group = c.benchmark_group("check");
    for s in suite
        .manifest
        .scenarios
        .iter()
        .filter(|s| s.kind == "check")
    {
        let ready = || -> Result<_, String> {
            let policy = Policy::from_json(&suite.policy_text(s)?).map_err(|e| e.one_line())?;
            let options = suite.options(s)?;
            let request = pimcheck::Request::from_json(
                &suite.request_text(s)?,
                options.level,
                &options.input_limits,
            )
            .map_err(|e| e.one_line())?;
            Ok((policy, request, options))
        };
        match ready() {
            Ok((policy, request, options)) => {
                group.bench_function(&s.id, |b| {
                    b.iter(|| black_box(&policy).check(black_box(&request), &options))
                });
            }
            Err(e) => skip(&s.id, e),
        }
    }
    group.finish();
}

fn report_json(c: &mut Criterion) {
    let suite = load();
    let mut group = c.benchmark_group("report_json");
    for s in suite
        .manifest
        .scenarios
        .iter()
        .filter(|s| s.kind == "report_json")
    {
        let ready = || -> Result<_, String> {
            let policy = suite.policy_text(s)?;
            let request = suite.request_text(s)?;
            let options = suite.options(s)?;
            pimcheck::check_json(&policy, &request, &options).map_err(|e| e.one_line())?;
            Ok((policy, request, options))
        };
        match ready() {
            Ok((policy, request, options)) => {
                group.bench_function(&s.id, |b| {
                    b.iter(|| {
                        pimcheck::check_json(black_box(&policy), black_box(&request), &options)
                            .map(|r| r.to_json())
                    })
                });
            }
            Err(e) => skip(&s.id, e),
        }
    }
    group.finish();
}

fn batch(c: &mut Criterion) {
    let suite = load();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    for s in suite
        .manifest
        .scenarios
        .iter()
        .filter(|s| s.kind == "batch")
    {
        let ready = || -> Result<_, String> {
            let policy = Policy::from_json(&suite.policy_text(s)?).map_err(|e| e.one_line())?;
            Ok((policy, suite.options(s)?, suite.batch_lines(s)?))
        };
        match ready() {
            Ok((policy, options, lines)) => {
                group.throughput(Throughput::Elements(lines.len() as u64));
                group.bench_function(&s.id, |b| {
                    b.iter(|| policy.check_many(black_box(&lines), &options, 1))
                });
            }
            Err(e) => skip(&s.id, e),
        }
    }
    group.finish();
}

criterion_group!(benches, parse, check, report_json, batch);
criterion_main!(benches);
