//! Writes the generated Terraform plan of N PIM resources (`benches/src/plan_gen.rs`) to a file,
//! and its policies beside it, for measuring `pimcheck plan` (time, peak memory) by hand:
//! `pimcheck-plan-gen 5000 plan.json policies.json`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), Some(plan), Some(policies)) = (args.first(), args.get(1), args.get(2)) else {
        eprintln!("usage: pimcheck-plan-gen RESOURCES PLAN.json POLICIES.json");
        return ExitCode::from(2);
    };
    let Ok(count) = count.parse::<usize>() else {
        eprintln!("pimcheck-plan-gen: `{count}` is not a number of resources");
        return ExitCode::from(2);
    };
    let written = std::fs::write(plan, pimcheck_benches::plan_gen::terraform_plan(count))
        .and_then(|()| std::fs::write(policies, pimcheck_benches::plan_gen::plan_policies()));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pimcheck-plan-gen: {error}");
            ExitCode::from(2)
        }
    }
}
