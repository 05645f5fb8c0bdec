//! One schedule judged against its role's policy of today: matched to its policy as a request is,
//! its expiration checked by the evaluator (as the request that would create it now), then its
//! dates against `now`.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};

use super::{AuditCode, AuditFinding, AuditOptions, ScheduleRecord, ScheduleRef};
use crate::duration::format_iso8601;
use crate::evaluate::{evaluate, Context};
use crate::model::{
    Caller, EligibilityLink, ExpirationType, Level, Operation, PolicyDocument, Request,
    RequestPaths, RoleSettings,
};
use crate::policy::{matches, role_key, scope_key};
use crate::report::Code;
use crate::time::format_date_time;
use crate::Policy;

/// The field paths of the request a schedule stands for (findings of the audit name the schedule,
/// not a path, so these are only what the evaluator needs).
static PATHS: RequestPaths = RequestPaths {
    start: "/startDateTime",
    end: "/endDateTime",
    duration: "/duration",
    expiration: "/endDateTime",
    pattern: "",
    justification: "",
    ticket: "",
    eligibility_link: "",
    operation: "",
};

/// The policy set indexed by role: a schedule's candidates are found without a scan of the set.
pub(super) struct PolicyIndex<'p> {
    policy: &'p Policy,
    by_role: HashMap<String, Vec<&'p RoleSettings>>,
    /// No entry names its role (a list of policies, not of policy assignments).
    no_roles: bool,
}

impl<'p> PolicyIndex<'p> {
    pub(super) fn new(policy: &'p Policy) -> Self {
        let mut by_role: HashMap<String, Vec<&RoleSettings>> = HashMap::new();
        let mut no_roles = true;
        if let PolicyDocument::Set(entries) = policy.document() {
            for entry in entries {
                if let Some(role) = &entry.role_definition_id {
                    no_roles = false;
                    by_role.entry(role_key(role)).or_default().push(entry);
                }
            }
        }
        PolicyIndex {
            policy,
            by_role,
            no_roles,
        }
    }

    /// The settings that govern `request` (as [`Policy::settings_for`] decides), or the finding
    /// `NoMatchingPolicy`.
    fn settings_for(&self, request: &Request) -> Result<&'p RoleSettings, (String, &'static str)> {
        let entries = match self.policy.document() {
            PolicyDocument::Set(entries) => entries,
            PolicyDocument::Single(settings) => return Ok(settings),
        };
        let candidates = request
            .role_definition_id
            .as_deref()
            .and_then(|role| self.by_role.get(&role_key(role)));
        let matching: Vec<&RoleSettings> = candidates
            .map(|c| c.iter().copied().filter(|e| matches(e, request)).collect())
            .unwrap_or_default();
        if let [only] = matching.as_slice() {
            return Ok(only);
        }
        let wanted = format!(
            "the role {} at the scope {}",
            shown(request.role_definition_id.as_deref()),
            shown(request.scope.as_deref().map(scope_key).as_deref())
        );
        let hint = if self.no_roles && !entries.is_empty() {
            "no entry of the set names its role: list policy assignments (Graph with `$expand=policy($expand=rules)`, ARM `roleManagementPolicyAssignments` with `effectiveRules`), not policies"
        } else if matching.is_empty() {
            "add the policy assignment of this role and scope to the policy set"
        } else {
            "keep one policy per role and scope in the set"
        };
        let message = if matching.is_empty() {
            format!(
                "0 of the {} policies in the set match {}",
                entries.len(),
                wanted
            )
        } else {
            format!(
                "{} of the {} policies in the set match {}, expected exactly one",
                matching.len(),
                entries.len(),
                wanted
            )
        };
        Err((message, hint))
    }
}

fn shown(value: Option<&str>) -> String {
    match value {
        Some(v) => format!("`{}`", v),
        None => "(none)".to_owned(),
    }
}

/// The request that would create the schedule now: an administrator's assignment at its level,
/// or a user's activation.
fn as_request(record: &ScheduleRecord) -> Request {
    let (operation, caller, level) = if record.activation {
        (Operation::Activate, Caller::EndUser, Level::Assignment)
    } else {
        (Operation::Assign, Caller::Admin, record.level)
    };
    Request {
        operation,
        caller,
        level,
        schedule: Some(record.schedule.clone()),
        justification: None,
        ticket_number: None,
        eligibility_link: EligibilityLink::FoundByService,
        principal_id: record.principal_id.clone(),
        role_definition_id: record.role_definition_id.clone(),
        scope: record.scope.clone(),
        paths: &PATHS,
    }
}

/// When the schedule ends, where it says: its end, or its start (else now) plus its duration.
fn end_of(record: &ScheduleRecord, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let schedule = &record.schedule;
    if schedule.expiration == ExpirationType::NoExpiration {
        return None;
    }
    schedule.end.or_else(|| {
        schedule
            .duration
            .and_then(|d| schedule.start.unwrap_or(now).checked_add_signed(d))
    })
}

/// What the schedule is, as messages name it.
fn noun(record: &ScheduleRecord) -> &'static str {
    if record.activation {
        "activation"
    } else {
        record.level.as_str()
    }
}

/// Judges one schedule; its findings are appended to `out` in the order of [`AuditCode`].
pub(super) fn judge(
    index: &PolicyIndex<'_>,
    record: &ScheduleRecord,
    schedule: &ScheduleRef,
    options: &AuditOptions,
    out: &mut Vec<AuditFinding>,
) {
    let request = as_request(record);
    match index.settings_for(&request) {
        Ok(settings) => expiration_findings(settings, record, &request, schedule, out),
        Err((message, hint)) => out.push(
            AuditFinding::new(AuditCode::NoMatchingPolicy, schedule, message).with_hint(hint),
        ),
    }
    date_findings(record, schedule, options, out);
}

/// `PermanentNotAllowed` and `DurationExceedsMaximum`, as the evaluator finds them for the request
/// that would create the schedule, checked at its own start. Without a start the evaluator would
/// measure from now, so only permanence is judged then.
fn expiration_findings(
    settings: &RoleSettings,
    record: &ScheduleRecord,
    request: &Request,
    schedule: &ScheduleRef,
    out: &mut Vec<AuditFinding>,
) {
    let start = record.schedule.start;
    let context = Context {
        now: start.unwrap_or(DateTime::UNIX_EPOCH),
        mfa: Some(true),
    };
    let what = noun(record);
    for finding in &evaluate(settings, request, &context).violations {
        let limit = finding.limit().map(|l| l.into_owned());
        let actual = finding.actual().map(|a| a.into_owned());
        let (code, message, hint) = match (finding.code, start) {
            (Code::PermanentNotAllowed, _) => permanent_words(what, limit.as_deref()),
            (Code::DurationExceedsMaximum, Some(start)) => {
                let (limit, actual) = (limit.as_deref().unwrap_or_default(), actual.as_deref());
                (
                    AuditCode::DurationExceedsMaximum,
                    format!(
                        "the {} lasts `{}`, longer than the policy's maximum `{}`",
                        what,
                        actual.unwrap_or_default(),
                        limit
                    ),
                    format!(
                        "shorten it to end no later than {}",
                        latest_end(start, limit)
                    ),
                )
            }
            _ => continue,
        };
        out.push(
            AuditFinding::new(code, schedule, message)
                .with_rule(finding.rule.as_deref())
                .with_limit(limit)
                .with_actual(actual)
                .with_hint(hint),
        );
    }
}

fn permanent_words(what: &str, limit: Option<&str>) -> (AuditCode, String, String) {
    let message = if what == "activation" {
        "the activation has no end: an activation must have one".to_owned()
    } else {
        format!("the {} has no end, and the policy now requires one", what)
    };
    let hint = match limit {
        Some(limit) => format!(
            "give it an end at most `{}` after its start (update it), or remove it",
            limit
        ),
        None => "give it an end (update it), or remove it".to_owned(),
    };
    (AuditCode::PermanentNotAllowed, message, hint)
}

/// The latest end that passes: `start` plus the maximum (written in the service's form).
fn latest_end(start: DateTime<Utc>, maximum: &str) -> String {
    crate::duration::parse_iso8601(maximum)
        .ok()
        .and_then(|m| start.checked_add_signed(m))
        .map(format_date_time)
        .unwrap_or_else(|| format!("`{}` after its start", maximum))
}

/// `Expired`, `ExpiresSoon` and `AssignedOutsidePim`: the schedule's dates against now.
fn date_findings(
    record: &ScheduleRecord,
    schedule: &ScheduleRef,
    options: &AuditOptions,
    out: &mut Vec<AuditFinding>,
) {
    let now = options.now;
    let what = noun(record);
    if let Some(end) = end_of(record, now) {
        if end < now {
            out.push(
                AuditFinding::new(
                    AuditCode::Expired,
                    schedule,
                    format!(
                        "the {} ended at `{}`, before now `{}`, but is still listed",
                        what,
                        format_date_time(end),
                        format_date_time(now)
                    ),
                )
                .with_actual(Some(format_date_time(end)))
                .with_hint("remove it, or renew it if it is still needed"),
            );
        } else if !record.activation && within(now, end, options.expiring_within) {
            let window = format_iso8601(options.expiring_within);
            out.push(
                AuditFinding::new(
                    AuditCode::ExpiresSoon,
                    schedule,
                    format!(
                        "the {} ends at `{}`, within `{}` of now `{}`",
                        what,
                        format_date_time(end),
                        window,
                        format_date_time(now)
                    ),
                )
                .with_limit(Some(window))
                .with_actual(Some(format_date_time(end)))
                .with_hint("extend it before it ends if it is still needed"),
            );
        }
    }
    if record.level == Level::Assignment && !record.activation && record.schedule.start.is_none() {
        out.push(
            AuditFinding::new(
                AuditCode::AssignedOutsidePim,
                schedule,
                "the active assignment has no start: it was made outside PIM (MS.AAD.7.5)",
            )
            .with_hint("remove it and assign the role through PIM (an eligibility, or an assignment with an end)"),
        );
    }
}

fn within(now: DateTime<Utc>, end: DateTime<Utc>, window: TimeDelta) -> bool {
    now.checked_add_signed(window)
        .is_none_or(|limit| end <= limit)
}
