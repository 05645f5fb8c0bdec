//! `pimcheck fix` and `check --fix` (issue #16, section 2): the nearest request the policy
//! accepts, from the core's `Policy::fix_json`. `fix` prints the corrected request on standard
//! output in the input's generation and shape, and what only the user can supply on standard
//! error, one per line. Exit 0 when it passes as printed, 1 when it passes once the needs are
//! supplied, 2 on an input error, 3 when no fix exists (the reason on standard error).

use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

use pimcheck::{Error, Fix, Options, Policy, Redactor, Report, Request};

use crate::Format;

/// Arguments of `pimcheck fix`.
#[derive(clap::Args)]
pub(crate) struct FixArgs {
    /// The role settings (any generation) as a JSON file, or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    policy: String,
    /// The request to correct, as a JSON file, or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    request: String,
    /// The evaluation time (RFC 3339); default: the system clock.
    #[arg(long, value_name = "T")]
    now: Option<String>,
    /// Whether the sign-in satisfied MFA (`true` or `false`); default: unknown.
    #[arg(long, value_name = "true|false")]
    mfa: Option<String>,
    /// The level of an iteration-3 request that does not say it: `assignment` or `eligibility`.
    #[arg(long, value_name = "L")]
    level: Option<String>,
    /// The largest policy or request accepted, in bytes (default: 16 MiB).
    #[arg(long, value_name = "BYTES")]
    max_input_bytes: Option<usize>,
    /// Replace principal ids, justification text, ticket numbers and approvers by placeholders.
    #[arg(long)]
    redact: bool,
}

/// Runs `pimcheck fix`; input errors are reported as one line on standard error.
pub(crate) fn run(args: &FixArgs) -> ExitCode {
    let mut redactor = Redactor::new();
    let fixed = options(args).and_then(|options| {
        let text = crate::input::read_input(&args.policy, "policy", &options.input_limits)?;
        let policy = Policy::from_json_with_input_limits(&text, &options.input_limits)?;
        let request = crate::input::read_input(&args.request, "request", &options.input_limits)?;
        if args.redact {
            // Known first, so that a reason quoting one of the request's values hides it.
            if let Ok(read) = Request::from_json(&request, options.level, &options.input_limits) {
                redactor.learn_request(&read);
            }
        }
        policy.fix_json(&request, &options)
    });
    let fix = match (fixed, args.redact) {
        (Ok(fix), false) => fix,
        (Ok(fix), true) => fix.redacted(&mut redactor),
        (Err(error), false) => return crate::output::fail(&error, Format::Text),
        (Err(error), true) => return crate::output::fail(&redactor.error(&error), Format::Text),
    };
    let mut err = std::io::stderr().lock();
    match &fix {
        Fix::Suggested(suggestion) => {
            if writeln!(
                std::io::stdout().lock(),
                "{}",
                suggestion.request_json(true)
            )
            .is_err()
            {
                return ExitCode::from(2);
            }
            for need in &suggestion.needs {
                let _ = writeln!(err, "{}", need.as_str());
            }
        }
        Fix::Unavailable(reason) => {
            let _ = writeln!(err, "pimcheck: no fix: {}", reason);
        }
        _ => {}
    }
    ExitCode::from(fix.exit_code())
}

fn options(args: &FixArgs) -> Result<Options, Error> {
    crate::request_options(
        args.now.as_deref(),
        args.mfa.as_deref(),
        args.level.as_deref(),
        args.max_input_bytes,
    )
}

/// `check --fix`: the report with, where denied, the suggestion (JSON) or its lines (text).
pub(crate) fn report_with_fix(
    policy: &Policy,
    request: &str,
    report: &Report,
    options: &Options,
    format: Format,
) -> Result<String, Error> {
    if report.allowed {
        return Ok(match format {
            Format::Json => format!("{}\n", report.to_json()),
            Format::Text => crate::output::text(report),
        });
    }
    let fix = policy.fix_json(request, options)?;
    Ok(match format {
        Format::Json => format!("{}\n", report.to_json_with_fix(&fix)),
        Format::Text => {
            let mut out = crate::output::text(report);
            suggestion_text(&mut out, &fix);
            out
        }
    })
}

fn suggestion_text(out: &mut String, fix: &Fix) {
    match fix {
        Fix::Suggested(suggestion) => {
            for change in &suggestion.changes {
                let from = change
                    .from
                    .as_ref()
                    .map_or("(absent)".to_owned(), |v| v.to_string());
                let _ = writeln!(
                    out,
                    "suggestion: set {} from {} to {}",
                    change.path, from, change.to
                );
            }
            for need in &suggestion.needs {
                let _ = writeln!(out, "suggestion: supply {}", need.as_str());
            }
        }
        Fix::Unavailable(reason) => {
            let _ = writeln!(out, "suggestion: none ({})", reason);
        }
        _ => {}
    }
}
