//! `check --format markdown`: a report as a pull-request comment, the verdict as a heading and the
//! findings as a table.

use pimcheck::{Finding, Report};

/// The report in Markdown: `### ✅ Allowed` or `### ❌ Denied`, what the request was, then one table
/// row per finding (kind, code, rule, path, message, hint).
pub(crate) fn report(report: &Report) -> String {
    let verdict = if report.allowed {
        "✅ Allowed"
    } else {
        "❌ Denied"
    };
    let summary = &report.request;
    let mut out = format!(
        "### {}: `{}` by {} at {} level\n\n",
        verdict, summary.operation, summary.caller, summary.level
    );
    let groups = [
        ("violation", &report.violations),
        ("obligation", &report.obligations),
        ("warning", &report.warnings),
    ];
    if groups.iter().all(|(_, findings)| findings.is_empty()) {
        out.push_str("No findings.\n");
        return out;
    }
    out.push_str("| Kind | Code | Rule | Path | Message | Hint |\n|---|---|---|---|---|---|\n");
    for (kind, findings) in groups {
        for finding in findings {
            row(&mut out, kind, finding);
        }
    }
    out
}

fn row(out: &mut String, kind: &str, finding: &Finding) {
    let code = |text: Option<&str>| text.map_or(String::new(), |t| format!("`{}`", cell(t)));
    let hint = finding.hint().map(|h| cell(&h)).unwrap_or_default();
    out.push_str(&format!(
        "| {} | `{}` | {} | {} | {} | {} |\n",
        kind,
        finding.code.as_str(),
        code(finding.rule.as_deref()),
        code(finding.path.as_deref()),
        cell(&finding.message()),
        hint
    ));
}

/// A table cell: `|` escaped, line breaks as spaces.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}
