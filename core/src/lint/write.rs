//! The one JSON writer of a lint report (issue #17's shape): compact, keys in the order,
//! absent optional fields left out, as the check report's writer does.

use super::{LintFinding, LintReport, PolicyRef};
use crate::json::write_str;

impl LintReport {
    /// The report as compact JSON: `{"findings": [...], "policies": N}`.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(64 + 384 * self.findings.len());
        out.push_str("{\"findings\":[");
        for (index, finding) in self.findings.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            write_finding(&mut out, finding);
        }
        out.push_str("],\"policies\":");
        out.push_str(&self.policies.to_string());
        out.push('}');
        out
    }
}

fn write_finding(out: &mut String, finding: &LintFinding) {
    out.push_str("{\"id\":");
    write_str(out, finding.lint.id);
    out.push_str(",\"name\":");
    write_str(out, finding.lint.name);
    out.push_str(",\"severity\":");
    write_str(out, finding.severity.as_str());
    out.push_str(",\"policy\":");
    write_policy(out, &finding.policy);
    if let Some(rule) = &finding.rule {
        out.push_str(",\"rule\":");
        write_str(out, rule);
    }
    out.push_str(",\"path\":");
    write_str(out, &finding.path);
    out.push_str(",\"message\":");
    write_str(out, &finding.message);
    if let Some(hint) = &finding.hint {
        out.push_str(",\"hint\":");
        write_str(out, hint);
    }
    out.push('}');
}

fn write_policy(out: &mut String, policy: &PolicyRef) {
    out.push('{');
    if let Some(file) = &policy.file {
        out.push_str("\"file\":");
        write_str(out, file);
        out.push(',');
    }
    out.push_str("\"index\":");
    out.push_str(&policy.index.to_string());
    for (key, value) in [
        ("id", &policy.id),
        ("roleDefinitionId", &policy.role_definition_id),
        ("scope", &policy.scope),
    ] {
        if let Some(value) = value {
            out.push_str(",\"");
            out.push_str(key);
            out.push_str("\":");
            write_str(out, value);
        }
    }
    out.push('}');
}
