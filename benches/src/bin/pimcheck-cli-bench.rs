//! The CLI contract runner (`benches/CONTRACT.md`, runner `cli`): times the `pimcheck` binary as a
//! user runs it. `report_json` scenarios start one process per sample (process start-up included);
//! `cli_batch` scenarios write their NDJSON to a temporary file once, then time
//! `pimcheck check --requests FILE --format json --jobs N` with the output thrown away.
//!
//! `pimcheck-cli-bench --pimcheck PATH [--manifest PATH] [--only ID,ID...]`

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use pimcheck_benches::{line_ok, line_skipped, summarize, Scenario, Suite};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut manifest, mut binary, mut only) = (None, None, None::<Vec<String>>);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--manifest" => manifest = args.next(),
            "--pimcheck" => binary = args.next().map(PathBuf::from),
            "--only" => {
                only = args
                    .next()
                    .map(|l| l.split(',').map(str::to_owned).collect())
            }
            other => {
                eprintln!("pimcheck-cli-bench: unknown argument `{}`", other);
                return ExitCode::from(2);
            }
        }
    }
    let Some(binary) = binary else {
        eprintln!("pimcheck-cli-bench: give the binary with --pimcheck PATH");
        return ExitCode::from(2);
    };
    let suite = match manifest {
        Some(path) => Suite::load(Path::new(&path)),
        None => Suite::load_default(),
    };
    let suite = match suite {
        Ok(suite) => suite,
        Err(e) => {
            eprintln!("pimcheck-cli-bench: {}", e);
            return ExitCode::from(2);
        }
    };
    for s in &suite.manifest.scenarios {
        if only.as_ref().is_some_and(|ids| !ids.contains(&s.id)) {
            continue;
        }
        let line = match run(&suite, s, &binary) {
            Ok(Some(line)) => line,
            Ok(None) => continue,
            Err(reason) => line_skipped("cli", &s.id, &reason),
        };
        println!("{}", line);
    }
    ExitCode::SUCCESS
}

fn context_args(s: &Scenario) -> Vec<String> {
    let mut args = Vec::new();
    if let Some(now) = &s.context.now {
        args.extend(["--now".to_owned(), now.clone()]);
    }
    if let Some(mfa) = s.context.mfa {
        args.extend(["--mfa".to_owned(), mfa.to_string()]);
    }
    if let Some(level) = &s.context.level {
        args.extend(["--level".to_owned(), level.clone()]);
    }
    args
}

/// Runs the binary once with its output thrown away; an exit status other than 0, 1 (allowed,
/// denied) is an error.
fn run_once(binary: &Path, args: &[String]) -> Result<u128, String> {
    let started = Instant::now();
    let status = Command::new(binary)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run `{}`: {}", binary.display(), e))?;
    let elapsed = started.elapsed().as_nanos();
    match status.code() {
        Some(0 | 1) => Ok(elapsed),
        other => Err(format!(
            "`pimcheck {}` exited with {:?}",
            args.join(" "),
            other
        )),
    }
}

fn run(suite: &Suite, s: &Scenario, binary: &Path) -> Result<Option<String>, String> {
    let (warmup, samples) = suite.counts(s);
    let policy = || {
        s.policy
            .as_deref()
            .map(|p| suite.root.join(p).display().to_string())
            .ok_or_else(|| format!("scenario `{}` has no policy", s.id))
    };
    let (args, samples) = match s.kind.as_str() {
        "report_json" => {
            let request = s
                .request
                .as_deref()
                .map(|p| suite.root.join(p).display().to_string())
                .ok_or("no request")?;
            let mut args = vec![
                "check".to_owned(),
                "--policy".to_owned(),
                policy()?,
                "--request".to_owned(),
                request,
                "--format".to_owned(),
                "json".to_owned(),
            ];
            args.extend(context_args(s));
            // One process per sample: process start-up dominates, fewer samples suffice.
            (args, samples.min(100))
        }
        "cli_batch" => {
            let lines = suite.batch_lines(s)?;
            let path = std::env::temp_dir().join(format!("pimcheck-bench-{}.ndjson", s.id));
            let mut file = std::io::BufWriter::new(
                std::fs::File::create(&path).map_err(|e| format!("{}: {}", path.display(), e))?,
            );
            for line in &lines {
                writeln!(file, "{}", line).map_err(|e| e.to_string())?;
            }
            file.flush().map_err(|e| e.to_string())?;
            let mut args = vec![
                "check".to_owned(),
                "--policy".to_owned(),
                policy()?,
                "--requests".to_owned(),
                path.display().to_string(),
                "--format".to_owned(),
                "json".to_owned(),
                "--jobs".to_owned(),
                s.jobs.unwrap_or(1).to_string(),
            ];
            args.extend(context_args(s));
            (args, samples)
        }
        _ => return Ok(None),
    };
    for _ in 0..warmup {
        run_once(binary, &args)?;
    }
    let mut times = Vec::with_capacity(samples);
    for _ in 0..samples {
        times.push(run_once(binary, &args)? as f64);
    }
    let m = summarize(&mut times, samples, s.item_count);
    Ok(Some(line_ok("cli", &s.id, &m)))
}
