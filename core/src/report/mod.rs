//! The report (contract section 2): the verdict on one request with every finding, and its one
//! JSON writer ([`Report::to_json`], `write.rs`), the same bytes from every interface.
//!
//! - `code.rs`: the finding codes and the service's rule names;
//! - `finding.rs`: a finding, whose words are written only when read;
//! - `write.rs`: the compact JSON of a report, written by hand;
//! - `redact.rs`: stable placeholders for principals, approvers, justifications and tickets.

mod code;
mod finding;
pub mod redact;
mod write;

use std::borrow::Cow;

pub use code::{Code, ServiceError, ServiceRule};
pub use finding::Finding;
pub use write::write_approvers;
pub(crate) use write::write_report_fields;

/// Text in a report: borrowed where it is fixed (paths, most messages and hints, the rule ids of
/// the model's kinds), owned where it is made for the request. A report is written for every
/// request, so fixed text is never copied.
pub type Text = Cow<'static, str>;

/// What the report says the request was reduced to (contract section 1.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSummary {
    /// `assign`, `activate`, `update`, `extend`, `renew`, `remove` or `deactivate`.
    pub operation: Text,
    /// `admin` or `user`.
    pub caller: Text,
    /// `assignment` or `eligibility`.
    pub level: Text,
}

/// The verdict on one request, with every finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// True exactly when `violations` is empty.
    pub allowed: bool,
    /// What the request was reduced to.
    pub request: RequestSummary,
    /// What the service would refuse.
    pub violations: Vec<Finding>,
    /// What the service will still ask for (approval, an MFA prompt, an authentication context).
    pub obligations: Vec<Finding>,
    /// Things worth knowing that never deny.
    pub warnings: Vec<Finding>,
}

impl Report {
    /// The report as compact JSON (contract section 2): the exact bytes every interface gives.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(512);
        self.write_json(&mut out);
        out
    }

    /// Appends [`Report::to_json`] to `out`: for writers of many reports, which reuse one buffer.
    pub fn write_json(&self, out: &mut String) {
        write::write_report(out, self);
    }

    /// The codes of the violations, in order.
    pub fn violation_codes(&self) -> Vec<Code> {
        self.violations.iter().map(|f| f.code).collect()
    }
}

/// Puts findings in the contract's order: by the code's place in its table, then by path.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.code.rank(), a.path.as_deref()).cmp(&(b.code.rank(), b.path.as_deref()))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn typed_words_read_and_serialize_as_written_words() {
        let start = crate::time::parse_date_time("2026-01-01T00:00:00Z").ok();
        let latest = start.and_then(|s| s.checked_add_signed(TimeDelta::hours(8)));
        let typed = Finding::over_maximum(TimeDelta::hours(9), TimeDelta::hours(8), latest)
            .path("/schedule/duration");
        let written = Finding::new(
            Code::DurationExceedsMaximum,
            "requested duration `PT9H` exceeds the maximum `PT8H`",
        )
        .path("/schedule/duration")
        .with_limit("PT8H".into())
        .with_actual("PT9H".into())
        .with_hint("request at most PT8H, ending no later than 2026-01-01T08:00:00Z");
        assert_eq!(typed, written);
        assert_eq!(typed.hint(), written.hint());
        let report = |finding: Finding| Report {
            allowed: false,
            request: RequestSummary {
                operation: "activate".into(),
                caller: "user".into(),
                level: "assignment".into(),
            },
            violations: vec![finding],
            obligations: Vec::new(),
            warnings: Vec::new(),
        };
        let (typed, written) = (report(typed), report(written));
        assert_eq!(typed.to_json(), written.to_json());
        assert_eq!(
            typed.to_json(),
            concat!(
                r#"{"allowed":false,"request":{"operation":"activate","caller":"user","level":"assignment"},"#,
                r#""violations":[{"code":"DurationExceedsMaximum","path":"/schedule/duration","#,
                r#""message":"requested duration `PT9H` exceeds the maximum `PT8H`","#,
                r#""limit":"PT8H","actual":"PT9H","hint":"request at most PT8H, ending no later than 2026-01-01T08:00:00Z"}],"#,
                r#""obligations":[],"warnings":[]}"#
            )
        );
        let unbounded = Finding::over_maximum(TimeDelta::days(2), TimeDelta::days(1), None);
        assert_eq!(unbounded.hint().as_deref(), Some("request at most P1D"));
        assert_eq!(unbounded.limit().as_deref(), Some("P1D"));
        assert_eq!(unbounded.actual().as_deref(), Some("P2D"));
    }
}
