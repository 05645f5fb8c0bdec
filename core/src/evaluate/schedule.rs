//! The schedule of a request against the expiration rule: first resolved (the schedule pattern, the
//! effective start, when it ends), then checked: permanence, the end, the duration.

use chrono::{DateTime, TimeDelta, Utc};

use super::{service_refusals, Context, Findings};
use crate::duration::format_iso8601;
use crate::model::{
    ExpirationRule, ExpirationType, Operation, Request, RequestPaths, RuleId, Schedule,
};
use crate::report::{Code, Finding, ServiceRule};
use crate::time::format_date_time;

/// The schedule of a request that gives none: it starts now and says nothing of its end.
const UNSPECIFIED: Schedule = Schedule {
    start: None,
    expiration: ExpirationType::NotSpecified,
    end: None,
    duration: None,
    pattern: None,
    recurrence: false,
};

/// When a schedule ends, once its fields are reconciled.
enum End {
    Permanent,
    /// Ends at a time; the length is measured from the effective start.
    At(DateTime<Utc>),
    /// Lasts a duration from the effective start.
    After(TimeDelta),
    /// The fields disagree (the message says how).
    Conflicting(String, &'static str),
}

/// What the checks of a resolved schedule need: the request's field paths, the effective start,
/// now, and the expiration rule, if any.
struct Resolved<'a> {
    paths: &'static RequestPaths,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    rule: Option<&'a ExpirationRule>,
}

impl Resolved<'_> {
    fn rule_id(&self) -> Option<&RuleId> {
        self.rule.map(|r| &r.id)
    }

    fn maximum(&self) -> Option<TimeDelta> {
        self.rule.and_then(|r| r.maximum)
    }
}

/// Checks the schedule of `request` against `rule` (the expiration rule of its rule set, if any).
pub(super) fn check_schedule(
    rule: Option<&ExpirationRule>,
    request: &Request,
    context: &Context,
    out: &mut Findings,
) {
    let schedule = request.schedule.as_ref().unwrap_or(&UNSPECIFIED);
    check_pattern(schedule, request.paths, out);
    service_refusals::check_recurrence(schedule, request.paths.pattern, out);
    let resolved = Resolved {
        paths: request.paths,
        start: effective_start(schedule, request.paths, context.now, out),
        now: context.now,
        rule,
    };
    match resolve_end(schedule, request.paths, context.now) {
        End::Conflicting(message, path) => out.violations.push(
            Finding::new(Code::ConflictingExpiration, message)
                .path(path)
                .with_hint("give either an end or a duration, matching the expiration type"),
        ),
        End::Permanent => check_permanence(&resolved, request, out),
        End::At(end) => check_end(&resolved, end, out),
        End::After(duration) => check_duration(&resolved, duration, out),
    }
}

/// An iteration-2 schedule type other than `Once` is refused.
fn check_pattern(schedule: &Schedule, paths: &RequestPaths, out: &mut Findings) {
    let Some(pattern) = &schedule.pattern else {
        return;
    };
    if !pattern.eq_ignore_ascii_case("Once") {
        out.violations.push(
            Finding::new(
                Code::InvalidScheduleType,
                format!("the schedule type `{}` is not supported", pattern),
            )
            .path(paths.pattern)
            .with_hint("use the schedule type `Once`"),
        );
    }
}

/// The start the service uses: the requested one, or now where none is given or it is past (with a
/// warning).
fn effective_start(
    schedule: &Schedule,
    paths: &RequestPaths,
    now: DateTime<Utc>,
    out: &mut Findings,
) -> DateTime<Utc> {
    match schedule.start {
        Some(start) if start < now => {
            out.warnings.push(
                Finding::new(
                    Code::StartInPast,
                    format!(
                        "the start `{}` is before now `{}`; the service starts the request now",
                        format_date_time(start),
                        format_date_time(now)
                    ),
                )
                .path(paths.start),
            );
            now
        }
        Some(start) => start,
        None => now,
    }
}

fn resolve_end(schedule: &Schedule, paths: &RequestPaths, now: DateTime<Utc>) -> End {
    let written_start = schedule.start.unwrap_or(now);
    let both = |end: DateTime<Utc>, duration: TimeDelta| {
        if written_start.checked_add_signed(duration) == Some(end) {
            End::After(duration)
        } else {
            End::Conflicting(
                format!(
                    "the end `{}` and the duration `{}` give different ends from the start `{}`",
                    format_date_time(end),
                    format_iso8601(duration),
                    format_date_time(written_start)
                ),
                paths.duration,
            )
        }
    };
    match (schedule.expiration, schedule.end, schedule.duration) {
        (ExpirationType::NoExpiration, None, None) => End::Permanent,
        (ExpirationType::NoExpiration, _, _) => End::Conflicting(
            "the expiration type says `noExpiration` but an end or a duration is given".into(),
            paths.expiration,
        ),
        (ExpirationType::AfterDateTime, None, _) => End::Conflicting(
            "the expiration type says `afterDateTime` but no `endDateTime` is given".into(),
            paths.end,
        ),
        (ExpirationType::AfterDuration, _, None) => End::Conflicting(
            "the expiration type says `afterDuration` but no `duration` is given".into(),
            paths.duration,
        ),
        (_, Some(end), Some(duration)) => both(end, duration),
        (_, Some(end), None) => End::At(end),
        (_, None, Some(duration)) => End::After(duration),
        (ExpirationType::NotSpecified, None, None) => End::Permanent,
    }
}

/// A schedule without an end: refused for an activation, and where the rule requires an end.
fn check_permanence(resolved: &Resolved<'_>, request: &Request, out: &mut Findings) {
    let activation = request.operation == Operation::Activate;
    let end_required = resolved.rule.is_some_and(|r| !r.permanent_allowed);
    if !activation && !end_required {
        return;
    }
    let subject = if activation {
        "an activation must have an end".to_owned()
    } else {
        format!(
            "a permanent {} is not allowed: the rule requires an end",
            request.level.as_str()
        )
    };
    let mut finding = Finding::new(Code::PermanentNotAllowed, subject)
        .path(resolved.paths.expiration)
        .service_rule(ServiceRule::ExpirationRule)
        .with_actual("permanent".into());
    if let Some(id) = resolved.rule_id() {
        finding = finding.rule(id);
    }
    let latest = resolved
        .maximum()
        .and_then(|m| resolved.start.checked_add_signed(m).map(|e| (m, e)));
    finding = match latest {
        Some((max, latest)) => finding.with_limit(format_iso8601(max)).with_hint(format!(
            "request at most {}, ending no later than {}",
            format_iso8601(max),
            format_date_time(latest)
        )),
        None => finding.with_hint("give an end date-time or a duration"),
    };
    out.violations.push(finding);
}

/// A schedule that ends at `end`: after the start, after now, and within the maximum.
fn check_end(resolved: &Resolved<'_>, end: DateTime<Utc>, out: &mut Findings) {
    let (start, now, path) = (resolved.start, resolved.now, resolved.paths.end);
    if end <= start {
        out.violations.push(
            Finding::new(
                Code::EndNotAfterStart,
                format!(
                    "the end `{}` is not after the start `{}`",
                    format_date_time(end),
                    format_date_time(start)
                ),
            )
            .path(path),
        );
    }
    if end <= now {
        out.violations.push(
            Finding::new(
                Code::EndInPast,
                format!(
                    "the end `{}` is not after now `{}`",
                    format_date_time(end),
                    format_date_time(now)
                ),
            )
            .path(path),
        );
    }
    if end > start {
        service_refusals::check_minimum(end - start, start, path, out);
        check_maximum(resolved, end - start, path, out);
    }
}

/// A schedule that lasts `duration`: positive, and within the maximum.
fn check_duration(resolved: &Resolved<'_>, duration: TimeDelta, out: &mut Findings) {
    let path = resolved.paths.duration;
    if duration <= TimeDelta::zero() {
        out.violations.push(
            Finding::new(
                Code::EndNotAfterStart,
                format!(
                    "the duration `{}` is not positive",
                    format_iso8601(duration)
                ),
            )
            .path(path),
        );
    } else {
        service_refusals::check_minimum(duration, resolved.start, path, out);
        check_maximum(resolved, duration, path, out);
    }
}

fn check_maximum(
    resolved: &Resolved<'_>,
    length: TimeDelta,
    path: &'static str,
    out: &mut Findings,
) {
    let Some(max) = resolved.maximum() else {
        return;
    };
    if length <= max {
        return;
    }
    // The words are written only when read: the finding holds the values (the report's hot path).
    let mut finding = Finding::over_maximum(length, max, resolved.start.checked_add_signed(max))
        .path(path)
        .service_rule(ServiceRule::ExpirationRule);
    if let Some(id) = resolved.rule_id() {
        finding = finding.rule(id);
    }
    out.violations.push(finding);
}
