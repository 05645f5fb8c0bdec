//! The contract's JSON outputs, written by hand: a report (section 2) and an input error's object
//! (section 3.4). The report's is the one serialization of a report, on the hot path of every
//! interface (a CLI batch writes one per line). Keys in the contract's order,
//! absent optional fields left out; strings escaped by [`write_str`], which copies runs of text
//! with nothing to escape eight bytes at a time. The vectors' test rebuilds every report's JSON
//! field by field from the public accessors and compares.

use super::finding::Words;
use super::{Finding, Report};
use crate::duration::write_iso8601;
use crate::error::Error;
use crate::json::write_str;
use crate::model::Approver;

impl Finding {
    /// The finding as compact JSON, as it appears in the report's JSON ([`crate::Report::to_json`]).
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(256);
        self.write_json(&mut out);
        out
    }

    /// Appends [`Finding::to_json`] to `out`.
    pub fn write_json(&self, out: &mut String) {
        write_finding(out, self);
    }
}

/// Appends the compact JSON of `report` to `out`.
pub(crate) fn write_report(out: &mut String, report: &Report) {
    write_report_fields(out, report);
    out.push('}');
}

/// Appends the compact JSON of `report` without its closing brace, for a writer that adds fields
/// after the contract's (`check --fix`'s `suggestion`).
pub(crate) fn write_report_fields(out: &mut String, report: &Report) {
    out.push_str("{\"allowed\":");
    out.push_str(if report.allowed { "true" } else { "false" });
    out.push_str(",\"request\":{\"operation\":");
    write_str(out, &report.request.operation);
    out.push_str(",\"caller\":");
    write_str(out, &report.request.caller);
    out.push_str(",\"level\":");
    write_str(out, &report.request.level);
    out.push_str("},\"violations\":");
    write_findings(out, &report.violations);
    out.push_str(",\"obligations\":");
    write_findings(out, &report.obligations);
    out.push_str(",\"warnings\":");
    write_findings(out, &report.warnings);
}

fn write_findings(out: &mut String, findings: &[Finding]) {
    write_array(out, findings, write_finding);
}

/// Appends `items` as a JSON array, each written by `write_item`.
fn write_array<T>(out: &mut String, items: &[T], write_item: impl Fn(&mut String, &T)) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_item(out, item);
    }
    out.push(']');
}

fn write_finding(out: &mut String, finding: &Finding) {
    out.push_str("{\"code\":\"");
    out.push_str(finding.code.as_str());
    out.push('"');
    if let Some(rule) = &finding.rule {
        out.push_str(",\"rule\":");
        write_str(out, rule);
    }
    if let Some(path) = &finding.path {
        out.push_str(",\"path\":");
        write_str(out, path);
    }
    out.push_str(",\"message\":");
    match &finding.words {
        Words::Written { message, .. } => write_str(out, message),
        // Typed words are durations, times and fixed text: nothing in them to escape.
        Words::OverMaximum { .. } => {
            out.push('"');
            finding.write_message(out);
            out.push('"');
        }
    }
    if let Some(rule) = finding.service_rule {
        out.push_str(",\"serviceRule\":\"");
        out.push_str(rule.as_str());
        out.push('"');
    }
    if let Some(error) = finding.service_error {
        out.push_str(",\"serviceError\":\"");
        out.push_str(error.as_str());
        out.push('"');
    }
    match &finding.words {
        Words::Written {
            limit,
            actual,
            hint,
            ..
        } => {
            if let Some(limit) = limit {
                out.push_str(",\"limit\":");
                write_str(out, limit);
            }
            if let Some(actual) = actual {
                out.push_str(",\"actual\":");
                write_str(out, actual);
            }
            if let Some(hint) = hint {
                out.push_str(",\"hint\":");
                write_str(out, hint);
            }
        }
        Words::OverMaximum {
            requested, maximum, ..
        } => {
            out.push_str(",\"limit\":\"");
            write_iso8601(out, *maximum);
            out.push_str("\",\"actual\":\"");
            write_iso8601(out, *requested);
            out.push_str("\",\"hint\":\"");
            finding.write_hint(out);
            out.push('"');
        }
    }
    if let Some(approvers) = &finding.approvers {
        out.push_str(",\"approvers\":");
        write_approvers(out, approvers);
    }
    if let Some(claim) = &finding.claim_value {
        out.push_str(",\"claimValue\":");
        write_str(out, claim);
    }
    out.push('}');
}

/// Appends `approvers` as the JSON array a finding's `approvers` holds: `{"id", "kind",
/// "displayName"}` objects, absent fields left out.
pub fn write_approvers(out: &mut String, approvers: &[Approver]) {
    write_array(out, approvers, write_approver);
}

fn write_approver(out: &mut String, approver: &Approver) {
    out.push('{');
    let mut first = true;
    let fields = [
        ("\"id\":", &approver.id),
        ("\"kind\":", &approver.kind),
        ("\"displayName\":", &approver.display_name),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(key);
            write_str(out, value);
        }
    }
    out.push('}');
}

impl Error {
    /// The error as the contract's JSON object `{"error": {"code", "path", "message", "hint"}}`,
    /// with `line` (counted from 1) for a line of a batch.
    pub fn to_json(&self, line: Option<usize>) -> String {
        let mut out = String::with_capacity(64 + self.message().len());
        out.push_str("{\"error\":{\"code\":\"");
        out.push_str(self.code().as_str());
        out.push_str("\",\"path\":");
        write_str(&mut out, self.path());
        out.push_str(",\"message\":");
        write_str(&mut out, self.message());
        if let Some(hint) = self.hint() {
            out.push_str(",\"hint\":");
            write_str(&mut out, hint);
        }
        if let Some(line) = line {
            out.push_str(",\"line\":");
            out.push_str(&line.to_string());
        }
        out.push_str("}}");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn writes_the_contracts_error_object() {
        let error = Error::new(
            ErrorCode::InvalidRequest,
            "/reason",
            "expected a string, found `\"x\"`",
        )
        .with_hint("quote it");
        assert_eq!(
            error.to_json(Some(3)),
            r#"{"error":{"code":"InvalidRequest","path":"/reason","message":"expected a string, found `\"x\"`","hint":"quote it","line":3}}"#
        );
        let parsed: serde_json::Value =
            serde_json::from_str(&error.to_json(None)).unwrap_or_default();
        let body = parsed.get("error");
        assert_eq!(
            body.and_then(|b| b.get("message")).and_then(|m| m.as_str()),
            Some(error.message())
        );
        assert!(body.is_some_and(|b| b.get("line").is_none()));
    }
}
