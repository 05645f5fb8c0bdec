//! `pimcheck plan` on a generated 5,000-resource Terraform plan (`plan_gen.rs`), beside reading the
//! same JSON into a `serde_json::Value` and the core's strict parse of it: the ratio of the check
//! to the read is in `benches/RESULTS.md`. `cargo test -p pimcheck-benches --benches` runs each once.

#![allow(missing_docs)] // criterion_group! and criterion_main! generate undocumented items

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pimcheck::{check_plan, InputLimits, Options, PlanInputs, Policy};
use pimcheck_benches::plan_gen::{plan_policies, terraform_plan};

const RESOURCES: usize = 5_000;

fn plan(c: &mut Criterion) {
    let text = terraform_plan(RESOURCES);
    let (Ok(policies), Ok(now)) = (
        Policy::from_json(&plan_policies()),
        pimcheck::parse_now("2026-11-24T12:00:00Z"),
    ) else {
        eprintln!("benches: the generated policies or the time do not parse");
        std::process::exit(2);
    };
    let limits = InputLimits {
        max_input_bytes: usize::MAX,
    };
    let options = Options::new(now).with_input_limits(limits);
    let mut group = c.benchmark_group("plan-5000");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("serde_json-read", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&text)).is_ok())
    });
    group.bench_function("core-parse", |b| {
        b.iter(|| pimcheck::json::parse_value(black_box(&text), "plan", &limits).is_ok())
    });
    group.bench_function("check_plan", |b| {
        b.iter(|| {
            let inputs = PlanInputs {
                policies: Some(&policies),
                parameters: None,
            };
            check_plan(black_box(&text), inputs, &options).map(|p| p.resources.len())
        })
    });
    group.bench_function("check_plan-and-json", |b| {
        b.iter(|| {
            let inputs = PlanInputs {
                policies: Some(&policies),
                parameters: None,
            };
            check_plan(black_box(&text), inputs, &options).map(|p| p.to_json().len())
        })
    });
    group.finish();
}

criterion_group!(benches, plan);
criterion_main!(benches);
