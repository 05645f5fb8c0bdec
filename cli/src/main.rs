//! `pimcheck`: check Azure PIM requests against role settings from the shell.
//!
//! A thin layer over the `pimcheck` crate: arguments, files, standard input, output formats and
//! exit codes. Every decision is the core's.

// The developers' guide's 80-line limit (clippy.toml), enforced here until the workspace lints
// enable it for every crate.
#![warn(clippy::too_many_lines)]

mod audit;
mod batch;
mod colour;
mod convert;
mod fix;
mod input;
mod json_line;
mod junit;
mod limits;
mod lines;
mod lint;
mod markdown;
mod ordered;
mod output;
mod plan;
mod plan_sarif;
mod progress;
mod sarif;
mod show;

use std::io::{IsTerminal, Write};
use std::panic::AssertUnwindSafe;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use pimcheck::{Error, InputLimits, Options, Policy, Report};

/// Check Azure PIM role-assignment requests against role settings, offline.
#[derive(Parser)]
#[command(name = "pimcheck", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check one request (or a batch) against a policy; exit 0 allowed, 1 denied, 2 input error.
    #[command(after_help = "Examples:
  pimcheck check --policy role-settings.json --request activation.json --now 2026-11-24T12:00:00Z
  pimcheck check --policy policy.json --requests requests.ndjson --format json > reports.ndjson
  cat request.json | pimcheck check --policy policy.json --request - --mfa false")]
    Check(CheckArgs),
    /// Write a policy's settings in another generation's JSON; exit 0, or 2 on an input error.
    #[command(after_help = "Examples:
  pimcheck convert --to graph governance-role-setting.json > policy.json
  pimcheck convert --to iteration2 --strict arm-policy.json")]
    Convert(convert::ConvertArgs),
    /// Show a policy's settings as the Entra admin center names them; exit 0, or 2 on an input error.
    #[command(after_help = "Examples:
  pimcheck show role-settings.json
  pimcheck show --format markdown --redact policy-set.json > settings.md")]
    Show(show::ShowArgs),
    /// Audit existing assignments and eligibilities against their role's policy of today; exit 0
    /// clean, 1 findings at `--fail-on`, 2 on an input error.
    #[command(after_help = "Examples:
  pimcheck audit --policies policy-assignments.json --schedules eligibility-schedules.json assignment-instances.json
  pimcheck audit --policies set.json --schedules export.ndjson --now 2026-06-01T00:00:00Z --fail-on warning --format markdown")]
    Audit(audit::AuditArgs),
    /// Find broken and risky settings in policy files; exit 0 clean, 1 findings at --fail-on, 2 input error.
    #[command(after_help = "Examples:
  pimcheck lint policy.json
  pimcheck lint --profile baseline --fail-on warning policies/*.json
  pimcheck lint --format sarif policies/*.json > pimcheck.sarif")]
    Lint(lint::LintArgs),
    /// Check the PIM assignments of a Terraform plan or an ARM/Bicep template before apply; exit
    /// 0 allowed, 1 denied, 2 input error.
    #[command(after_help = "Examples:
  terraform show -json tfplan > plan.json && pimcheck plan plan.json --policies policies.json
  pimcheck plan main.json --parameters main.parameters.json --policies policies.json --format markdown")]
    Plan(plan::PlanArgs),
    /// What each kind of request must satisfy under a policy; exit 0, or 2 on an input error.
    #[command(after_help = "Examples:
  pimcheck limits --policy role-settings.json --now 2026-11-24T12:00:00Z
  pimcheck limits --policy policy.json --request activation.json --format json")]
    Limits(limits::LimitsArgs),
    /// The nearest request the policy accepts; exit 0 passes, 1 passes once the needs (on standard
    /// error) are supplied, 2 input error, 3 no fix.
    #[command(after_help = "Examples:
  pimcheck fix --policy role-settings.json --request activation.json > fixed.json")]
    Fix(fix::FixArgs),
}

#[derive(clap::Args)]
struct CheckArgs {
    /// The role settings (any generation) as a JSON file, or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    policy: String,
    /// One request as a JSON file, or `-` for standard input.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "requests",
        required_unless_present = "requests"
    )]
    request: Option<String>,
    /// Many requests, one JSON object per line (NDJSON); one report per line comes out, in order.
    #[arg(long, value_name = "FILE.ndjson")]
    requests: Option<String>,
    /// The evaluation time (RFC 3339); default: the system clock.
    #[arg(long, value_name = "T")]
    now: Option<String>,
    /// Whether the sign-in satisfied MFA (`true` or `false`); default: unknown.
    #[arg(long, value_name = "true|false")]
    mfa: Option<String>,
    /// The level of an iteration-3 request that does not say it: `assignment` or `eligibility`.
    #[arg(long, value_name = "L")]
    level: Option<String>,
    /// Output format; default: `text` on a terminal, `json` otherwise. `markdown` for a pull-request
    /// comment; `junit` for CI (one test case per request).
    #[arg(long, value_enum)]
    format: Option<ordered::CheckFormat>,
    /// Principal and approver ids, display names, justifications and ticket numbers become
    /// placeholders (`principal-1`, `approver-2`, `<justification>`, `<ticket-1>`).
    #[arg(long)]
    redact: bool,
    /// Threads for `--requests` (default: the available cores); the output keeps the input order.
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// The largest policy or request (one batch line) accepted, in bytes (default: 16 MiB).
    #[arg(long, value_name = "BYTES")]
    max_input_bytes: Option<usize>,
    /// With a denied request, add the nearest request the policy accepts (`suggestion`).
    #[arg(long, conflicts_with = "requests")]
    fix: bool,
}

/// How reports are written.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For people: one line per finding, the verdict last.
    Text,
    /// The contract's JSON report.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let check_format = |args: &CheckArgs| {
        args.format.unwrap_or(if std::io::stdout().is_terminal() {
            ordered::CheckFormat::Text
        } else {
            ordered::CheckFormat::Json
        })
    };
    let (format, what) = match &cli.command {
        Command::Check(args) => (check_format(args).errors(), "running `pimcheck check`"),
        Command::Convert(args) => (args.format, "running `pimcheck convert`"),
        Command::Show(args) => (args.error_format(), "running `pimcheck show`"),
        Command::Audit(args) => (args.error_format(), "running `pimcheck audit`"),
        Command::Lint(args) => (args.error_format(), "running `pimcheck lint`"),
        Command::Plan(args) => (plan::error_format(args), "running `pimcheck plan`"),
        Command::Limits(args) => (
            args.format.unwrap_or_else(default_format),
            "running `pimcheck limits`",
        ),
        Command::Fix(_) => (Format::Text, "running `pimcheck fix`"),
    };
    // The last boundary: a bug anywhere below is one `Internal` error and exit 2, like any other
    // input error, instead of a crash.
    let run = AssertUnwindSafe(|| match &cli.command {
        Command::Check(args) => check(args, check_format(args)),
        Command::Convert(args) => convert::run(args, format),
        Command::Show(args) => show::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Plan(args) => plan::run(args),
        Command::Limits(args) => limits::run(args, format),
        Command::Fix(args) => fix::run(args),
    });
    std::panic::catch_unwind(run).unwrap_or_else(|_| output::fail(&Error::internal(what), format))
}

/// `text` on a terminal, `json` otherwise.
fn default_format() -> Format {
    if std::io::stdout().is_terminal() {
        Format::Text
    } else {
        Format::Json
    }
}

fn check(args: &CheckArgs, format: ordered::CheckFormat) -> ExitCode {
    let setup = || -> Result<(Policy, Options), Error> {
        let options = options(args)?;
        let text = input::read_input(&args.policy, "policy", &options.input_limits)?;
        let policy = Policy::from_json_with_input_limits(&text, &options.input_limits)?;
        Ok((policy, options))
    };
    let (policy, options) = match setup() {
        Ok(ready) => ready,
        Err(error) if args.redact => {
            return output::fail(&pimcheck::Redactor::new().error(&error), format.errors())
        }
        Err(error) => return output::fail(&error, format.errors()),
    };
    if let Some(path) = &args.requests {
        let jobs = args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        // The plain batch writes on the worker threads; redaction, Markdown, JUnit and the
        // progress bar of a terminal need the lines in order on this one.
        return match format.plain() {
            Some(plain) if !args.redact && !std::io::stderr().is_terminal() => {
                batch::run(&policy, &options, path, plain, jobs)
            }
            _ => ordered::run(&policy, &options, path, format, jobs, args.redact),
        };
    }
    let request_path = args.request.as_deref().unwrap_or("-");
    if args.fix {
        return check_with_fix(&policy, &options, request_path, format.errors());
    }
    let result = input::read_input(request_path, "request", &options.input_limits)
        .and_then(|text| check_request(&policy, &text, &options));
    ordered::one(result, format, args.redact)
}

/// `check --fix` of one request: the report with its `suggestion`, in text or JSON.
fn check_with_fix(
    policy: &Policy,
    options: &Options,
    request_path: &str,
    format: Format,
) -> ExitCode {
    let result =
        input::read_input(request_path, "request", &options.input_limits).and_then(|text| {
            let report = check_request(policy, &text, options)?;
            let written = fix::report_with_fix(policy, &text, &report, options, format)?;
            Ok((report, written))
        });
    match result {
        Ok((report, written)) => {
            if write!(std::io::stdout().lock(), "{}", written).is_err() {
                return ExitCode::from(2);
            }
            ExitCode::from(if report.allowed { 0 } else { 1 })
        }
        Err(error) => output::fail(&error, format),
    }
}

/// Checks one request text: the one call of the checker, for `--request` and every batch line.
pub(crate) fn check_request(
    policy: &Policy,
    text: &str,
    options: &Options,
) -> Result<Report, Error> {
    // The test of the `Internal` error needs a bug to catch: with the `bench-hooks` feature (never in
    // a release), this request text panics.
    #[cfg(feature = "bench-hooks")]
    #[allow(clippy::panic)]
    if text.trim() == PANIC_FOR_TESTS {
        panic!("the `bench-hooks` test request");
    }
    policy.check_json(text, options)
}

/// The request text that panics in a `bench-hooks` build (a JSON string, never a valid request).
#[cfg(feature = "bench-hooks")]
const PANIC_FOR_TESTS: &str = r#""pimcheck: panic for tests""#;

fn options(args: &CheckArgs) -> Result<Options, Error> {
    request_options(
        args.now.as_deref(),
        args.mfa.as_deref(),
        args.level.as_deref(),
        args.max_input_bytes,
    )
}

/// The options of a request's check (`--now`, `--mfa`, `--level`, `--max-input-bytes`), shared by
/// `check` and `fix`: the system clock where `--now` is not given.
pub(crate) fn request_options(
    now: Option<&str>,
    mfa: Option<&str>,
    level: Option<&str>,
    max_input_bytes: Option<usize>,
) -> Result<Options, Error> {
    let now = match now {
        Some(text) => pimcheck::parse_now(text)?,
        None => chrono::Utc::now(),
    };
    let mfa = mfa.map(pimcheck::parse_mfa).transpose()?;
    let level = level.map(pimcheck::parse_level).transpose()?;
    let input_limits = InputLimits {
        max_input_bytes: max_input_bytes.unwrap_or(InputLimits::DEFAULT_MAX_INPUT_BYTES),
    };
    Ok(Options::new(now)
        .with_mfa(mfa)
        .with_level(level)
        .with_input_limits(input_limits))
}
