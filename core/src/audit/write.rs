//! The one JSON writer of an audit's result: `{"findings", "errors", "summary"}`, keys in the
//! contract's order, absent optional fields left out, strings escaped by [`write_str`].

use super::{AuditFinding, AuditReport, ScheduleRef, AUDIT_CODES};
use crate::json::write_str;

impl AuditReport {
    /// The result as compact JSON (contract section 7): the same bytes from every interface.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(256 + 512 * self.findings.len());
        out.push_str("{\"findings\":[");
        for (i, finding) in self.findings.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_finding(&mut out, finding);
        }
        out.push_str("],\"errors\":[");
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_error(&mut out, error);
        }
        out.push_str("],\"summary\":{\"schedules\":");
        out.push_str(&self.schedules.to_string());
        out.push_str(",\"withFindings\":");
        out.push_str(&self.with_findings().to_string());
        out.push_str(",\"unreadable\":");
        out.push_str(&self.errors.len().to_string());
        out.push_str(",\"byCode\":{");
        let mut first = true;
        for code in AUDIT_CODES {
            let count = self.count(code);
            if count == 0 {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            out.push('"');
            out.push_str(code.as_str());
            out.push_str("\":");
            out.push_str(&count.to_string());
        }
        out.push_str("}}}");
        out
    }
}

fn write_finding(out: &mut String, finding: &AuditFinding) {
    out.push_str("{\"code\":\"");
    out.push_str(finding.code.as_str());
    out.push_str("\",\"severity\":\"");
    out.push_str(finding.severity().as_str());
    out.push_str("\",\"schedule\":");
    write_schedule(out, &finding.schedule);
    let optional = [
        ("rule", &finding.rule),
        ("limit", &finding.limit),
        ("actual", &finding.actual),
    ];
    write_optional(out, &optional);
    out.push_str(",\"message\":");
    write_str(out, &finding.message);
    write_optional(out, &[("hint", &finding.hint)]);
    out.push('}');
}

fn write_optional(out: &mut String, fields: &[(&str, &Option<String>)]) {
    for (key, value) in fields {
        if let Some(value) = value {
            out.push_str(",\"");
            out.push_str(key);
            out.push_str("\":");
            write_str(out, value);
        }
    }
}

fn write_schedule(out: &mut String, schedule: &ScheduleRef) {
    out.push_str("{\"index\":");
    out.push_str(&schedule.index.to_string());
    let optional = [
        ("id", &schedule.id),
        ("principalId", &schedule.principal_id),
        ("roleDefinitionId", &schedule.role_definition_id),
        ("scope", &schedule.scope),
    ];
    write_optional(out, &optional);
    out.push_str(",\"level\":\"");
    out.push_str(schedule.level.as_str());
    out.push('"');
    if schedule.activation {
        out.push_str(",\"activation\":true");
    }
    out.push('}');
}

/// An unreadable entry: the contract's error fields (section 3.4) and its `index`.
fn write_error(out: &mut String, error: &crate::Error) {
    out.push_str("{\"code\":\"");
    out.push_str(error.code().as_str());
    out.push_str("\",\"path\":");
    write_str(out, error.path());
    out.push_str(",\"message\":");
    write_str(out, error.message());
    if let Some(hint) = error.hint() {
        out.push_str(",\"hint\":");
        write_str(out, hint);
    }
    if let Some(index) = error.index() {
        out.push_str(",\"index\":");
        out.push_str(&index.to_string());
    }
    out.push('}');
}
