//! `pimcheck audit`: existing assignments and eligibilities (schedule lists) against their role's
//! policy of today. Exit 0 without findings at the `--fail-on` severity, 1 with some, 2 where an
//! input (a file, an entry of a list) could not be read; the readable entries are judged anyway.

use std::cell::{Cell, RefCell};
use std::fmt::Write as _;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::ValueEnum;
use pimcheck::audit::{
    parse_expiring_within, AuditCode, AuditFinding, AuditReport, Severity, AUDIT_CODES,
};
use pimcheck::{AuditOptions, Error, ErrorCode, InputLimits, Policy};

/// How an audit is written.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AuditFormat {
    /// For people: one line per finding (with its hint), the summary last.
    Text,
    /// The contract's JSON result (section 7).
    Json,
    /// A Markdown table, for a ticket or a pull request.
    Markdown,
    /// A SARIF 2.1.0 log, for code-scanning tools.
    Sarif,
}

/// The arguments of `pimcheck audit`.
#[derive(clap::Args)]
pub(crate) struct AuditArgs {
    /// The policy set (any generation, as `check --policy` reads it), or `-` for standard input.
    #[arg(long, value_name = "SET")]
    policies: String,
    /// Schedule lists (`{"value": [...]}`, an array, or NDJSON) of any generation; several files
    /// may follow, their schedules are numbered on from one file to the next.
    #[arg(long, value_name = "FILE", num_args = 1.., required = true)]
    schedules: Vec<String>,
    /// The time the schedules are judged at (RFC 3339); default: the system clock.
    #[arg(long, value_name = "T")]
    now: Option<String>,
    /// A schedule ending within this long after now is `ExpiresSoon` (ISO 8601; default `P14D`).
    #[arg(long, value_name = "DURATION")]
    expiring_within: Option<String>,
    /// Exit 1 on findings of this severity or worse: `error` (default) or `warning`.
    #[arg(long, value_name = "error|warning")]
    fail_on: Option<String>,
    /// Output format; default: `text` on a terminal, `json` otherwise.
    #[arg(long, value_enum)]
    format: Option<AuditFormat>,
    /// Replace principals by stable placeholders (`principal-N`) in every output.
    #[arg(long)]
    redact: bool,
    /// The largest policy set, and the largest entry of a schedule list, accepted in bytes
    /// (default: 16 MiB); a schedule list itself may be larger.
    #[arg(long, value_name = "BYTES")]
    max_input_bytes: Option<usize>,
}

impl AuditArgs {
    /// The format an error is written in: JSON where the output is JSON, else text.
    pub(crate) fn error_format(&self) -> crate::Format {
        match self.chosen_format() {
            AuditFormat::Json => crate::Format::Json,
            _ => crate::Format::Text,
        }
    }

    fn chosen_format(&self) -> AuditFormat {
        self.format.unwrap_or(if std::io::stdout().is_terminal() {
            AuditFormat::Text
        } else {
            AuditFormat::Json
        })
    }
}

/// Runs `pimcheck audit`.
pub(crate) fn run(args: &AuditArgs) -> ExitCode {
    let format = args.chosen_format();
    let (policy, options, fail_on) = match setup(args) {
        Ok(ready) => ready,
        Err(error) => return crate::output::fail(&error, args.error_format()),
    };
    let mut unreadable_files = 0;
    let mut texts = Vec::with_capacity(args.schedules.len());
    for path in &args.schedules {
        match read_list(path) {
            Ok(text) => texts.push((path.as_str(), text)),
            Err(error) => {
                unreadable_files += 1;
                let _ = writeln!(std::io::stderr(), "pimcheck: {}", error.one_line());
            }
        }
    }
    let (report, starts) = audit_files(&policy, &texts, &options);
    let report = if args.redact {
        report.redacted(&mut pimcheck::Redactor::new())
    } else {
        report
    };
    for error in &report.errors {
        let (file, local) = locate(&starts, error.index().unwrap_or(0));
        let _ = writeln!(
            std::io::stderr(),
            "pimcheck: `{}`, schedule {}: {}",
            file,
            local,
            error.one_line()
        );
    }
    let written = match format {
        AuditFormat::Json => writeln!(std::io::stdout(), "{}", report.to_json()),
        AuditFormat::Text => write!(std::io::stdout(), "{}", text(&report, &starts)),
        AuditFormat::Markdown => write!(std::io::stdout(), "{}", markdown(&report, &starts)),
        AuditFormat::Sarif => match sarif(&report, &starts, &texts) {
            Ok(log) => writeln!(std::io::stdout(), "{}", log),
            Err(e) => Err(std::io::Error::other(e)),
        },
    };
    if written.is_err() || unreadable_files > 0 || !report.errors.is_empty() {
        ExitCode::from(2)
    } else if report.fails_on(fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn setup(args: &AuditArgs) -> Result<(Policy, AuditOptions, Severity), Error> {
    let now = match &args.now {
        Some(text) => pimcheck::parse_now(text)?,
        None => chrono::Utc::now(),
    };
    let limits = InputLimits {
        max_input_bytes: args
            .max_input_bytes
            .unwrap_or(InputLimits::DEFAULT_MAX_INPUT_BYTES),
    };
    let mut options = AuditOptions::new(now).with_input_limits(limits);
    if let Some(window) = &args.expiring_within {
        options = options.with_expiring_within(parse_expiring_within(window)?);
    }
    let fail_on = match &args.fail_on {
        Some(text) => Severity::parse(text)?,
        None => Severity::Error,
    };
    let text = crate::input::read_input(&args.policies, "policy", &limits)?;
    let policy = Policy::from_json_with_input_limits(&text, &limits)?;
    Ok((policy, options, fail_on))
}

/// A whole schedule list (or standard input for `-`) as UTF-8 text: no size limit on the list,
/// each entry is held to the limit when it is read.
fn read_list(path: &str) -> Result<String, Error> {
    let mut bytes = Vec::new();
    let read = if path == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    read.map_err(|e| {
        Error::new(
            ErrorCode::Unreadable,
            "schedules",
            format!("cannot read the schedules file `{}`: {}", path, e),
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorCode::InvalidJson,
            "schedules",
            format!(
                "the schedules file `{}` is not UTF-8 text: invalid UTF-8 at byte {}",
                path,
                e.utf8_error().valid_up_to()
            ),
        )
        .with_hint("save the file as UTF-8")
    })
}

/// Audits the files in order; also gives where each file's schedules start (its first index).
fn audit_files<'f>(
    policy: &Policy,
    texts: &'f [(&'f str, String)],
    options: &AuditOptions,
) -> (AuditReport, Vec<(&'f str, usize)>) {
    let read = Cell::new(0usize);
    let starts = RefCell::new(Vec::with_capacity(texts.len()));
    let entries = texts
        .iter()
        .flat_map(|(file, text)| {
            starts.borrow_mut().push((*file, read.get()));
            pimcheck::read_schedules(text, options.input_limits)
        })
        .inspect(|_| read.set(read.get() + 1));
    let report = pimcheck::audit(policy, entries, options);
    (report, starts.into_inner())
}

/// The file of the schedule at `index`, and its position in that file.
fn locate<'f>(starts: &[(&'f str, usize)], index: usize) -> (&'f str, usize) {
    starts
        .iter()
        .rev()
        .find(|(_, start)| *start <= index)
        .map_or(("-", index), |(file, start)| (*file, index - start))
}

/// Who holds what, where: `eligibility of P for role R at S`.
fn subject(finding: &AuditFinding) -> String {
    let schedule = &finding.schedule;
    let kind = if schedule.activation {
        "activation"
    } else {
        schedule.level.as_str()
    };
    let or_none = |value: &Option<String>| value.clone().unwrap_or_else(|| "?".to_owned());
    format!(
        "{} of {} for role {} at {}",
        kind,
        or_none(&schedule.principal_id),
        or_none(&schedule.role_definition_id),
        or_none(&schedule.scope)
    )
}

fn text(report: &AuditReport, starts: &[(&str, usize)]) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        let (file, local) = locate(starts, finding.schedule.index);
        let _ = write!(
            out,
            "{} {} {}:{} ({})",
            finding.severity().as_str(),
            finding.code.as_str(),
            file,
            local,
            subject(finding)
        );
        if let Some(rule) = &finding.rule {
            let _ = write!(out, " [{}]", rule);
        }
        let _ = writeln!(out, ": {}", finding.message);
        if let Some(hint) = &finding.hint {
            let _ = writeln!(out, "  hint: {}", hint);
        }
    }
    let _ = writeln!(out, "{}", summary(report));
    out
}

fn summary(report: &AuditReport) -> String {
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity() == Severity::Error)
        .count();
    format!(
        "{} schedules audited, {} with findings ({} errors, {} warnings), {} unreadable",
        report.schedules,
        report.with_findings(),
        errors,
        report.findings.len() - errors,
        report.errors.len()
    )
}

fn markdown(report: &AuditReport, starts: &[(&str, usize)]) -> String {
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    let mut out = String::from(
        "| severity | code | schedule | what | rule | message | hint |\n|---|---|---|---|---|---|---|\n",
    );
    for finding in &report.findings {
        let (file, local) = locate(starts, finding.schedule.index);
        let _ = writeln!(
            out,
            "| {} | `{}` | {}:{} | {} | {} | {} | {} |",
            finding.severity().as_str(),
            finding.code.as_str(),
            cell(file),
            local,
            cell(&subject(finding)),
            finding.rule.as_deref().map(cell).unwrap_or_default(),
            cell(&finding.message),
            finding.hint.as_deref().map(cell).unwrap_or_default()
        );
    }
    let _ = writeln!(out, "\n{}", summary(report));
    out
}

/// What each audit code finds, for the SARIF rule catalogue.
fn describe(code: AuditCode) -> (&'static str, &'static str) {
    match code {
        AuditCode::NoMatchingPolicy => ("no policy in the set for the schedule's role and scope", "The schedule could not be judged: the policy set has no entry (or more than one) for its role and scope. Add the role's policy assignment to the set."),
        AuditCode::PermanentNotAllowed => ("a permanent schedule where the policy now requires an end", "The assignment or eligibility has no end, but its role's policy now requires one (an activation always needs one). Give it an end within the maximum, or remove it."),
        AuditCode::DurationExceedsMaximum => ("a schedule longer than the policy's maximum", "End minus start is longer than the maximum its role's policy now allows for its level. Shorten it."),
        AuditCode::AssignedOutsidePim => ("an active assignment made outside PIM", "An active assignment with no start was made outside PIM (MS.AAD.7.5). Assign the role through PIM instead."),
        AuditCode::Expired => ("an ended schedule that is still listed", "Its end is before now but it is still listed. Remove it, or renew it if it is needed."),
        _ => ("a schedule that ends soon", "It ends within the expiring-within window (default 14 days). Extend it if it is still needed."),
    }
}

/// The line of the schedule at `position` in `text`, where the file is small enough to look it up
/// per finding (the lookup walks the text from its start).
fn line_of(text: &str, position: usize) -> Option<usize> {
    const LOOKUP_LIMIT: usize = 4 * 1024 * 1024;
    if text.len() > LOOKUP_LIMIT {
        return None;
    }
    crate::json_line::line_of_pointer(text, &format!("/value/{}", position))
        .or_else(|| crate::json_line::line_of_pointer(text, &format!("/{}", position)))
}

fn sarif(
    report: &AuditReport,
    starts: &[(&str, usize)],
    texts: &[(&str, String)],
) -> Result<String, serde_json::Error> {
    let uri = crate::sarif::help_uri("contract.md", "7-audit-pimcheck-audit-issue-18");
    let rules: Vec<crate::sarif::Rule<'_>> = AUDIT_CODES
        .iter()
        .map(|code| {
            let (short, full) = describe(*code);
            crate::sarif::Rule {
                id: code.as_str(),
                name: code.as_str(),
                short_description: short,
                full_description: full,
                help_uri: &uri,
                default_level: level(code.severity()),
            }
        })
        .collect();
    let places: Vec<(String, String, Option<usize>)> = report
        .findings
        .iter()
        .map(|finding| {
            let (file, local) = locate(starts, finding.schedule.index);
            let text = texts.iter().find(|(name, _)| *name == file);
            let name = match &finding.schedule.id {
                Some(id) => format!("{} ({})", id, subject(finding)),
                None => format!("schedule {} ({})", local, subject(finding)),
            };
            let message = match &finding.hint {
                Some(hint) => format!("{}; hint: {}", finding.message, hint),
                None => finding.message.clone(),
            };
            (name, message, text.and_then(|(_, t)| line_of(t, local)))
        })
        .collect();
    let results: Vec<crate::sarif::Finding<'_>> = report
        .findings
        .iter()
        .zip(&places)
        .map(|(finding, (name, message, line))| crate::sarif::Finding {
            rule_id: finding.code.as_str(),
            level: level(finding.severity()),
            message,
            file: Some(locate(starts, finding.schedule.index).0).filter(|f| *f != "-"),
            line: *line,
            logical: Some(crate::sarif::LogicalPlace {
                fully_qualified_name: name,
                kind: "object",
            }),
        })
        .collect();
    crate::sarif::log(&rules, &results)
}

fn level(severity: Severity) -> crate::sarif::Level {
    match severity {
        Severity::Error => crate::sarif::Level::Error,
        Severity::Warning => crate::sarif::Level::Warning,
    }
}
