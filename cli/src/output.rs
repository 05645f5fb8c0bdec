//! What the CLI prints: reports as text for people, errors in either format.

use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

use pimcheck::{Error, Finding, Report};

use crate::Format;

/// A report for people: one line per finding (with its hint), the verdict last.
pub(crate) fn text(report: &Report) -> String {
    let mut out = String::new();
    let groups = [
        ("violation", &report.violations),
        ("obligation", &report.obligations),
        ("warning", &report.warnings),
    ];
    for (kind, findings) in groups {
        for finding in findings {
            line(&mut out, kind, finding);
        }
    }
    let summary = &report.request;
    let _ = writeln!(
        out,
        "{}: {} by {} at {} level ({} violation{}, {} obligation{}, {} warning{})",
        if report.allowed { "ALLOWED" } else { "DENIED" },
        summary.operation,
        summary.caller,
        summary.level,
        report.violations.len(),
        plural(report.violations.len()),
        report.obligations.len(),
        plural(report.obligations.len()),
        report.warnings.len(),
        plural(report.warnings.len()),
    );
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn line(out: &mut String, kind: &str, finding: &Finding) {
    let _ = write!(out, "{} {}", kind, finding.code.as_str());
    match (&finding.rule, finding.service_rule) {
        (Some(rule), Some(service)) => {
            let _ = write!(out, " [{}, the service says {}]", rule, service.as_str());
        }
        (Some(rule), None) => {
            let _ = write!(out, " [{}]", rule);
        }
        (None, Some(service)) => {
            let _ = write!(out, " [the service says {}]", service.as_str());
        }
        (None, None) => {}
    }
    if let Some(error) = finding.service_error {
        let _ = write!(out, " [the service answers {}]", error.as_str());
    }
    if let Some(path) = &finding.path {
        let _ = write!(out, " at {}", path);
    }
    let _ = writeln!(out, ": {}", finding.message());
    if let Some(hint) = finding.hint() {
        let _ = writeln!(out, "  hint: {}", hint);
    }
    if let Some(approvers) = &finding.approvers {
        let names: Vec<String> = approvers
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

/// Reports an input error (exit 2): one line on stderr, and with `--format json` the error object on
/// stdout too.
pub(crate) fn fail(error: &Error, format: Format) -> ExitCode {
    if format == Format::Json {
        let _ = writeln!(std::io::stdout(), "{}", error.to_json(None));
    }
    let _ = writeln!(std::io::stderr(), "pimcheck: {}", error.one_line());
    ExitCode::from(2)
}
