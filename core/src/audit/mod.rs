//! `audit`: existing assignments and eligibilities (schedule lists of any generation) against their
//! role's policy of today. Policies get tightened while assignments made before stay: permanent
//! eligibilities where an end is now required, assignments longer than today's maximum, expired or
//! expiring schedules, active assignments made outside PIM.
//!
//! Each schedule is matched to its policy as a request is (role and scope, [`crate::policy::matches`])
//! and its expiration is checked by the one evaluator, as the request that would create it
//! (`judge.rs`); a list's text is cut into entries (`split.rs`) and each is read on its own
//! (`record.rs`), so one bad entry is an error with its index and the others are still judged.
//! The result ([`AuditReport`]) has one JSON writer (`write.rs`).

mod judge;
mod record;
mod split;
mod write;

use chrono::{DateTime, TimeDelta, Utc};

use crate::error::{Error, ErrorCode};
use crate::json::{At, InputLimits};
use crate::model::Level;
use crate::Policy;
pub use record::ScheduleRecord;

/// The options of an audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditOptions {
    /// The time the schedules are judged at.
    pub now: DateTime<Utc>,
    /// A schedule that ends within this long after `now` is `ExpiresSoon` (default `P14D`, the
    /// window in which PIM lets a user ask to extend).
    pub expiring_within: TimeDelta,
    /// The largest entry of a schedule list accepted, in bytes.
    pub input_limits: InputLimits,
}

impl AuditOptions {
    /// The default `expiring_within`: 14 days.
    pub const DEFAULT_EXPIRING_WITHIN: TimeDelta = TimeDelta::days(14);

    /// Options at `now`, with the default window and limits.
    pub fn new(now: DateTime<Utc>) -> Self {
        AuditOptions {
            now,
            expiring_within: AuditOptions::DEFAULT_EXPIRING_WITHIN,
            input_limits: InputLimits::default(),
        }
    }

    /// The same options with another `expiring_within`.
    pub fn with_expiring_within(mut self, window: TimeDelta) -> Self {
        self.expiring_within = window;
        self
    }

    /// The same options with other input limits.
    pub fn with_input_limits(mut self, limits: InputLimits) -> Self {
        self.input_limits = limits;
        self
    }
}

/// Reads the `expiring within` option (an ISO 8601 duration, e.g. `P14D`), or `InvalidOption`.
pub fn parse_expiring_within(text: &str) -> Result<TimeDelta, Error> {
    match crate::duration::parse_iso8601(text) {
        Ok(window) if window >= TimeDelta::zero() => Ok(window),
        _ => Err(Error::new(
            ErrorCode::InvalidOption,
            "expiringWithin",
            format!(
                "the expiring-within window `{}` is not a duration",
                crate::json::shorten(text)
            ),
        )
        .with_hint("give an ISO 8601 duration such as `P14D` or `PT12H`")),
    }
}

/// The codes of audit findings, in the order findings of one schedule are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum AuditCode {
    /// No policy in the set for the schedule's role and scope (never silently skipped).
    NoMatchingPolicy,
    /// No end, and the policy for its level now requires one (or it is an activation).
    PermanentNotAllowed,
    /// End − start is longer than the policy's maximum for its level.
    DurationExceedsMaximum,
    /// An active assignment with no start: made outside PIM (MS.AAD.7.5).
    AssignedOutsidePim,
    /// Its end is before now, but it is still listed.
    Expired,
    /// It ends within the `expiring_within` window.
    ExpiresSoon,
}

/// All codes, in order.
pub const AUDIT_CODES: [AuditCode; 6] = [
    AuditCode::NoMatchingPolicy,
    AuditCode::PermanentNotAllowed,
    AuditCode::DurationExceedsMaximum,
    AuditCode::AssignedOutsidePim,
    AuditCode::Expired,
    AuditCode::ExpiresSoon,
];

/// How serious a finding is: errors break today's policy, warnings need a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Needs a look (`--fail-on warning` fails on it).
    Warning,
    /// Breaks the policy of today.
    Error,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// Reads `error` or `warning` (the `fail on` option), or `InvalidOption`.
    pub fn parse(text: &str) -> Result<Severity, Error> {
        if text.eq_ignore_ascii_case("error") {
            Ok(Severity::Error)
        } else if text.eq_ignore_ascii_case("warning") {
            Ok(Severity::Warning)
        } else {
            Err(Error::new(
                ErrorCode::InvalidOption,
                "failOn",
                format!(
                    "expected `error` or `warning`, found `{}`",
                    crate::json::shorten(text)
                ),
            ))
        }
    }
}

impl AuditCode {
    /// The code's stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditCode::NoMatchingPolicy => "NoMatchingPolicy",
            AuditCode::PermanentNotAllowed => "PermanentNotAllowed",
            AuditCode::DurationExceedsMaximum => "DurationExceedsMaximum",
            AuditCode::AssignedOutsidePim => "AssignedOutsidePim",
            AuditCode::Expired => "Expired",
            AuditCode::ExpiresSoon => "ExpiresSoon",
        }
    }

    /// The code's severity.
    pub fn severity(self) -> Severity {
        match self {
            AuditCode::NoMatchingPolicy
            | AuditCode::PermanentNotAllowed
            | AuditCode::DurationExceedsMaximum => Severity::Error,
            AuditCode::AssignedOutsidePim | AuditCode::Expired | AuditCode::ExpiresSoon => {
                Severity::Warning
            }
        }
    }
}

/// Which schedule a finding is about, as the report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleRef {
    /// Its position among all schedules given, counted from 0.
    pub index: usize,
    /// The schedule's id.
    pub id: Option<String>,
    /// Who holds it.
    pub principal_id: Option<String>,
    /// The role.
    pub role_definition_id: Option<String>,
    /// The scope.
    pub scope: Option<String>,
    /// An eligibility or an assignment.
    pub level: Level,
    /// The assignment is an activation.
    pub activation: bool,
}

/// One finding of an audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFinding {
    /// The stable code.
    pub code: AuditCode,
    /// The schedule it is about.
    pub schedule: ScheduleRef,
    /// The policy rule behind it (the iteration-3 id).
    pub rule: Option<String>,
    /// The limit that was broken (a duration).
    pub limit: Option<String>,
    /// The schedule's value that broke it.
    pub actual: Option<String>,
    /// What is wrong, with the values in backticks.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl AuditFinding {
    fn new(code: AuditCode, schedule: &ScheduleRef, message: impl Into<String>) -> Self {
        AuditFinding {
            code,
            schedule: schedule.clone(),
            rule: None,
            limit: None,
            actual: None,
            message: message.into(),
            hint: None,
        }
    }

    fn with_rule(mut self, rule: Option<&str>) -> Self {
        self.rule = rule.map(str::to_owned);
        self
    }

    fn with_limit(mut self, limit: Option<String>) -> Self {
        self.limit = limit;
        self
    }

    fn with_actual(mut self, actual: Option<String>) -> Self {
        self.actual = actual;
        self
    }

    fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The code's severity.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// The result of an audit: the findings in schedule order, the entries that could not be read
/// (each error with its `index`), and how many schedules there were.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuditReport {
    /// Every finding, by schedule index, then in the order of [`AUDIT_CODES`].
    pub findings: Vec<AuditFinding>,
    /// The entries that could not be read, each with its index ([`Error::index`]) and its path.
    pub errors: Vec<Error>,
    /// How many entries were given (read or not).
    pub schedules: usize,
}

impl AuditReport {
    /// How many schedules have at least one finding.
    pub fn with_findings(&self) -> usize {
        let mut count = 0;
        let mut last = None;
        for finding in &self.findings {
            if last != Some(finding.schedule.index) {
                count += 1;
                last = Some(finding.schedule.index);
            }
        }
        count
    }

    /// How many findings have `code`.
    pub fn count(&self, code: AuditCode) -> usize {
        self.findings.iter().filter(|f| f.code == code).count()
    }

    /// The report with every principal replaced by its placeholder (`principal-N`, numbered in
    /// schedule order by `redactor`) and the errors' words redacted as `check --redact` does; codes,
    /// roles, scopes, times and durations are kept.
    pub fn redacted(&self, redactor: &mut crate::Redactor) -> AuditReport {
        let findings = self
            .findings
            .iter()
            .map(|finding| {
                let mut finding = finding.clone();
                finding.schedule.principal_id = finding
                    .schedule
                    .principal_id
                    .as_deref()
                    .map(|p| redactor.placeholder(crate::Secret::Principal, p));
                finding.message = redactor.text(&finding.message);
                finding.hint = finding.hint.as_deref().map(|h| redactor.text(h));
                finding
            })
            .collect();
        AuditReport {
            findings,
            errors: self.errors.iter().map(|e| redactor.error(e)).collect(),
            schedules: self.schedules,
        }
    }

    /// Whether any finding is at least as serious as `level`.
    pub fn fails_on(&self, level: Severity) -> bool {
        self.findings.iter().any(|f| f.severity() >= level)
    }
}

/// Reads the entries of a schedule list's text (`{"value": [...]}`, a bare array, NDJSON, or one
/// schedule), in order: each a record, or the error that names its path (`/value/3/endDateTime`;
/// `/3/...` for the fourth line of NDJSON). Entries are parsed one at a time (each within
/// `limits`), so the list itself may be larger than the limit.
pub fn read_schedules(
    text: &str,
    limits: InputLimits,
) -> impl Iterator<Item = Result<ScheduleRecord, Error>> + '_ {
    let pieces = split::pieces(text);
    let context = record::level_from_context(pieces.context);
    pieces.enumerate().map(move |(position, piece)| {
        let prefix = match piece.line {
            Some(_) => format!("/{}", position),
            None => piece.pointer,
        };
        let entry = match piece.text {
            Ok(entry) => entry,
            Err(cut) => return Err(cut_error(cut).under(&prefix)),
        };
        let tree =
            crate::json::parse_tree(entry, "schedule", &limits).map_err(|e| e.under(&prefix))?;
        record::read_record(&tree, &At::ROOT, context).map_err(|e| e.under(&prefix))
    })
}

fn cut_error(cut: split::Cut) -> Error {
    let message = match cut {
        split::Cut::Truncated => "the schedule list ends inside this entry (a truncated file?)",
        split::Cut::Empty => {
            "the schedule list is empty: expected `{\"value\": [...]}`, an array or NDJSON"
        }
        split::Cut::NotAList => {
            "expected a schedule list (`{\"value\": [...]}`, an array or NDJSON)"
        }
    };
    Error::new(ErrorCode::InvalidJson, "", message)
}

/// Audits `schedules` (entries as [`read_schedules`] gives them, from one list or several in
/// order) against `policy` at `options.now`. Memory holds the findings, not the schedules.
pub fn audit<I>(policy: &Policy, schedules: I, options: &AuditOptions) -> AuditReport
where
    I: IntoIterator<Item = Result<ScheduleRecord, Error>>,
{
    let index = judge::PolicyIndex::new(policy);
    let mut report = AuditReport::default();
    for (position, entry) in schedules.into_iter().enumerate() {
        report.schedules += 1;
        match entry {
            Ok(record) => {
                let schedule = ScheduleRef {
                    index: position,
                    id: record.id.clone(),
                    principal_id: record.principal_id.clone(),
                    role_definition_id: record.role_definition_id.clone(),
                    scope: record.scope.clone(),
                    level: record.level,
                    activation: record.activation,
                };
                judge::judge(&index, &record, &schedule, options, &mut report.findings);
            }
            Err(error) => report.errors.push(error.with_index(position)),
        }
    }
    report
}

/// Audits schedule lists given as texts (each as [`read_schedules`] reads it), in order.
pub fn audit_texts<S: AsRef<str>>(
    policy: &Policy,
    texts: &[S],
    options: &AuditOptions,
) -> AuditReport {
    let limits = options.input_limits;
    let entries = texts
        .iter()
        .flat_map(|text| read_schedules(text.as_ref(), limits));
    audit(policy, entries, options)
}
