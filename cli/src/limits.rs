//! `pimcheck limits`: what a policy lets each kind of request do (issue #16, section 1). Reads the
//! policy (and a request), calls the core's `Policy::limits`, and writes its JSON or a text for
//! people. Exit 0, or 2 on an input error.

use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

use pimcheck::{Error, InputLimits, Limit, Limits, Policy, Redactor, Request};

use crate::Format;

/// Arguments of `pimcheck limits`.
#[derive(clap::Args)]
pub(crate) struct LimitsArgs {
    /// The role settings (any generation) as a JSON file, or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    policy: String,
    /// A request: only the entry that applies to it, with the latest end from its start.
    #[arg(long, value_name = "FILE")]
    request: Option<String>,
    /// The time the latest end counts from where the request gives no start (RFC 3339); without
    /// it (and without a request's start), no latest end is given.
    #[arg(long, value_name = "T")]
    now: Option<String>,
    /// The level of an iteration-3 request that does not say it: `assignment` or `eligibility`.
    #[arg(long, value_name = "L")]
    level: Option<String>,
    /// Output format; default: `text` on a terminal, `json` otherwise.
    #[arg(long, value_enum)]
    pub(crate) format: Option<Format>,
    /// Replace approvers' ids and names (and values of the request in errors) by placeholders.
    #[arg(long)]
    redact: bool,
}

/// Runs `pimcheck limits`.
pub(crate) fn run(args: &LimitsArgs, format: Format) -> ExitCode {
    let mut redactor = Redactor::new();
    let limits = match (limits(args, &mut redactor), args.redact) {
        (Ok(limits), false) => limits,
        (Ok(limits), true) => limits.redacted(&mut redactor),
        (Err(error), false) => return crate::output::fail(&error, format),
        (Err(error), true) => return crate::output::fail(&redactor.error(&error), format),
    };
    let text = match format {
        Format::Json => format!("{}\n", limits.to_json()),
        Format::Text => text(&limits),
    };
    if write!(std::io::stdout().lock(), "{}", text).is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

fn limits(args: &LimitsArgs, redactor: &mut Redactor) -> Result<Limits, Error> {
    let input_limits = InputLimits::default();
    let now = args.now.as_deref().map(pimcheck::parse_now).transpose()?;
    let level = args
        .level
        .as_deref()
        .map(pimcheck::parse_level)
        .transpose()?;
    let text = crate::input::read_input(&args.policy, "policy", &input_limits)?;
    let policy = Policy::from_json_with_input_limits(&text, &input_limits)?;
    let request = match &args.request {
        Some(path) => {
            let text = crate::input::read_input(path, "request", &input_limits)?;
            let request = Request::from_json(&text, level, &input_limits)?;
            redactor.learn_request(&request);
            Some(request)
        }
        None => None,
    };
    policy.limits(request.as_ref(), now)
}

/// The limits for people: a heading per kind of request, one line per limit.
fn text(limits: &Limits) -> String {
    let mut out = String::new();
    if limits.entries.is_empty() {
        out.push_str("no rule applies to this request (a removal, a deactivation, or a request the service refuses)\n");
    }
    for limit in &limits.entries {
        entry(&mut out, limit);
    }
    out
}

fn entry(out: &mut String, limit: &Limit) {
    let _ = write!(
        out,
        "{} by {} at {} level",
        limit.operation.as_str(),
        limit.caller.as_str(),
        limit.level.as_str()
    );
    if let Some(role) = &limit.role_definition_id {
        let _ = write!(out, " (role {}", role);
        if let Some(scope) = &limit.scope {
            let _ = write!(out, " at {}", scope);
        }
        out.push(')');
    }
    out.push('\n');
    let duration = |d: chrono::TimeDelta| pimcheck::format_iso8601(d);
    let _ = writeln!(
        out,
        "  maximum duration: {}",
        limit.maximum.map_or("none".to_owned(), duration)
    );
    let _ = writeln!(out, "  minimum duration: {}", duration(limit.minimum));
    if let Some(end) = limit.latest_end {
        let _ = writeln!(out, "  latest end: {}", pimcheck::format_date_time(end));
    }
    let permanent = if limit.permanent_allowed {
        "allowed"
    } else {
        "not allowed"
    };
    let _ = writeln!(out, "  permanent: {}", permanent);
    let requires = &limit.requires;
    let mut required: Vec<String> = [
        (requires.mfa, "MFA"),
        (requires.justification, "justification"),
        (requires.ticket, "ticket"),
        (requires.approval, "approval"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, name)| (*name).to_owned())
    .collect();
    if let Some(claim) = &requires.authentication_context {
        required.push(format!("authentication context `{}`", claim));
    }
    let required = if required.is_empty() {
        "nothing".to_owned()
    } else {
        required.join(", ")
    };
    let _ = writeln!(out, "  requires: {}", required);
    if !limit.approvers.is_empty() {
        let names: Vec<String> = limit
            .approvers
            .iter()
            .map(|a| {
                let name = a.display_name.as_deref().or(a.id.as_deref()).unwrap_or("?");
                match &a.kind {
                    Some(kind) => format!("{} ({})", name, kind),
                    None => name.to_owned(),
                }
            })
            .collect();
        let _ = writeln!(out, "  approvers: {}", names.join(", "));
    }
}
