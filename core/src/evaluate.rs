//! The evaluator: the only place a rule is decided. It sees the model only, never JSON, and does not
//! know which API generation a policy or request came from.

mod newer_rules;
mod service_refusals;

use chrono::{DateTime, TimeDelta, Utc};

use crate::duration::format_iso8601;
use crate::model::{
    Caller, EligibilityLink, ExpirationRule, ExpirationType, Level, Operation, Request,
    RoleSettings, RuleSet, Schedule,
};
use crate::report::{sort_findings, Code, Finding, Report, RequestSummary, ServiceRule};
use crate::time::format_date_time;

/// The context a request is checked in (contract section 1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// The evaluation time. The core never reads a clock: callers pass it in.
    pub now: DateTime<Utc>,
    /// Whether the caller's sign-in satisfied MFA; `None` is unknown.
    pub mfa: Option<bool>,
}

/// Which rules a request is checked against (contract section 1.4).
enum Applies<'a> {
    /// Removal and deactivation: nothing is checked.
    Nothing,
    /// A combination the service refuses.
    Unsupported,
    /// The full rule set of one (caller, level).
    RuleSet(&'a RuleSet),
    /// A user's extend or renew: the admin expiration rule of that level, decided by an admin.
    AdminDecides(&'a RuleSet),
}

fn applicable<'a>(settings: &'a RoleSettings, request: &Request) -> Applies<'a> {
    use Operation::*;
    match (request.operation, request.caller, request.level) {
        (Remove, _, _) | (Deactivate, _, _) => Applies::Nothing,
        (Activate, Caller::EndUser, Level::Assignment) => {
            Applies::RuleSet(settings.rules(Caller::EndUser, Level::Assignment))
        }
        (Assign | Update | Extend | Renew, Caller::Admin, level) => {
            Applies::RuleSet(settings.rules(Caller::Admin, level))
        }
        (Extend | Renew, Caller::EndUser, level) => {
            Applies::AdminDecides(settings.rules(Caller::Admin, level))
        }
        _ => Applies::Unsupported,
    }
}

/// Checks a request against one role's settings at `context` and explains every finding.
pub fn evaluate(settings: &RoleSettings, request: &Request, context: &Context) -> Report {
    let mut out = Findings::default();
    match applicable(settings, request) {
        Applies::Nothing => {}
        Applies::Unsupported => out.violations.push(
            Finding::new(
                Code::UnsupportedRequest,
                format!(
                    "the service does not accept `{}` by a {} at {} level",
                    request.operation.as_str(),
                    request.caller.as_str(),
                    request.level.as_str()
                ),
            )
            .path(request.paths.operation)
            .with_hint(unsupported_hint(request)),
        ),
        Applies::RuleSet(rules) => {
            out.unknown_rules(rules, settings);
            let expiration =
                newer_rules::binding_expiration(rules.expiration.as_ref(), request, &mut out);
            check_schedule(expiration, request, context, &mut out);
            newer_rules::custom_extension_obligations(rules, &mut out);
            check_enablement(rules, request, context, &mut out);
            if let Some(approval) = rules.approval.as_ref().filter(|a| a.required) {
                let mut finding = Finding::new(
                    Code::ApprovalRequired,
                    "the request will wait for approval before it takes effect",
                )
                .rule(&approval.id);
                if !approval.approvers.is_empty() {
                    finding.approvers = Some(std::sync::Arc::clone(&approval.approvers));
                }
                out.obligations.push(finding);
            }
            if let Some(acrs) = rules.authentication_context.as_ref().filter(|a| a.enabled) {
                let mut finding = Finding::new(
                    Code::AuthenticationContextRequired,
                    match &acrs.claim_value {
                        Some(claim) => format!(
                            "the service will ask for the authentication context `{}`",
                            claim
                        ),
                        None => "the service will ask for an authentication context".to_owned(),
                    },
                )
                .rule(&acrs.id);
                finding.claim_value = acrs.claim_value.clone();
                out.obligations.push(finding);
            }
        }
        Applies::AdminDecides(rules) => {
            out.unknown_rules(rules, settings);
            let expiration =
                newer_rules::binding_expiration(rules.expiration.as_ref(), request, &mut out);
            check_schedule(expiration, request, context, &mut out);
            out.obligations.push(Finding::new(
                Code::ApprovalRequired,
                format!(
                    "a user's request to {} is decided by an administrator",
                    request.operation.as_str()
                ),
            ));
        }
    }
    out.into_report(request)
}

fn unsupported_hint(request: &Request) -> String {
    match (request.operation, request.level) {
        (Operation::Activate, Level::Eligibility) => {
            "activate with an assignment request (iteration 2: `assignmentState` `Active`)".into()
        }
        _ => "see which operations each caller may request in the contract's section 1.4".into(),
    }
}

#[derive(Default)]
struct Findings {
    violations: Vec<Finding>,
    obligations: Vec<Finding>,
    warnings: Vec<Finding>,
}

impl Findings {
    fn unknown_rules(&mut self, rules: &RuleSet, settings: &RoleSettings) {
        for id in rules.unknown.iter().chain(settings.untargeted.iter()) {
            self.warnings.push(
                Finding::new(
                    Code::UnknownRule,
                    format!(
                        "the rule `{}` is not known to pimcheck and was not evaluated",
                        id
                    ),
                )
                .rule(&crate::model::rule_id(id)),
            );
        }
    }

    fn into_report(mut self, request: &Request) -> Report {
        sort_findings(&mut self.violations);
        sort_findings(&mut self.obligations);
        sort_findings(&mut self.warnings);
        Report {
            allowed: self.violations.is_empty(),
            request: RequestSummary {
                operation: request.operation.as_str().into(),
                caller: request.caller.as_str().into(),
                level: request.level.as_str().into(),
            },
            violations: self.violations,
            obligations: self.obligations,
            warnings: self.warnings,
        }
    }
}

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

fn resolve_end(schedule: &Schedule, request: &Request, now: DateTime<Utc>) -> End {
    let paths = request.paths;
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

fn check_schedule(
    rule: Option<&ExpirationRule>,
    request: &Request,
    context: &Context,
    out: &mut Findings,
) {
    let paths = request.paths;
    let now = context.now;
    let activation = request.operation == Operation::Activate;
    let default_schedule;
    let schedule = match &request.schedule {
        Some(schedule) => schedule,
        None => {
            default_schedule = Schedule {
                start: None,
                expiration: ExpirationType::NotSpecified,
                end: None,
                duration: None,
                pattern: None,
                recurrence: false,
            };
            &default_schedule
        }
    };
    if let Some(pattern) = &schedule.pattern {
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
    service_refusals::check_recurrence(schedule, paths.pattern, out);
    let start = match schedule.start {
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
    };
    let rule_id = rule.map(|r| &r.id);
    let maximum = rule.and_then(|r| r.maximum);
    match resolve_end(schedule, request, now) {
        End::Conflicting(message, path) => out.violations.push(
            Finding::new(Code::ConflictingExpiration, message)
                .path(path)
                .with_hint("give either an end or a duration, matching the expiration type"),
        ),
        End::Permanent => {
            let forbidden = activation || rule.is_some_and(|r| !r.permanent_allowed);
            if forbidden {
                let subject = if activation {
                    "an activation must have an end".to_owned()
                } else {
                    format!(
                        "a permanent {} is not allowed: the rule requires an end",
                        request.level.as_str()
                    )
                };
                let mut finding = Finding::new(Code::PermanentNotAllowed, subject)
                    .path(paths.expiration)
                    .service_rule(ServiceRule::ExpirationRule)
                    .with_actual("permanent".into());
                if let Some(id) = rule_id {
                    finding = finding.rule(id);
                }
                finding = match maximum.and_then(|m| start.checked_add_signed(m).map(|e| (m, e))) {
                    Some((max, latest)) => {
                        finding.with_limit(format_iso8601(max)).with_hint(format!(
                            "request at most {}, ending no later than {}",
                            format_iso8601(max),
                            format_date_time(latest)
                        ))
                    }
                    None => finding.with_hint("give an end date-time or a duration"),
                };
                out.violations.push(finding);
            }
        }
        End::At(end) => {
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
                    .path(paths.end),
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
                    .path(paths.end),
                );
            }
            if end > start {
                service_refusals::check_minimum(end - start, start, paths.end, out);
                check_maximum(end - start, start, maximum, rule_id, paths.end, out);
            }
        }
        End::After(duration) => {
            if duration <= TimeDelta::zero() {
                out.violations.push(
                    Finding::new(
                        Code::EndNotAfterStart,
                        format!(
                            "the duration `{}` is not positive",
                            format_iso8601(duration)
                        ),
                    )
                    .path(paths.duration),
                );
            } else {
                service_refusals::check_minimum(duration, start, paths.duration, out);
                check_maximum(duration, start, maximum, rule_id, paths.duration, out);
            }
        }
    }
}

fn check_maximum(
    length: TimeDelta,
    start: DateTime<Utc>,
    maximum: Option<TimeDelta>,
    rule_id: Option<&crate::model::RuleId>,
    path: &'static str,
    out: &mut Findings,
) {
    let Some(max) = maximum else { return };
    if length <= max {
        return;
    }
    // The words are written only when read: the finding holds the values (the report's hot path).
    let mut finding = Finding::over_maximum(length, max, start.checked_add_signed(max))
        .path(path)
        .service_rule(ServiceRule::ExpirationRule);
    if let Some(id) = rule_id {
        finding = finding.rule(id);
    }
    out.violations.push(finding);
}

fn is_blank(text: Option<&str>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

fn check_enablement(rules: &RuleSet, request: &Request, context: &Context, out: &mut Findings) {
    let paths = request.paths;
    if request.operation == Operation::Activate
        && request.eligibility_link == EligibilityLink::Missing
    {
        out.violations.push(
            Finding::new(
                Code::LinkedEligibilityRequired,
                "an activation must name the eligible assignment it activates",
            )
            .path(paths.eligibility_link)
            .service_rule(ServiceRule::EligibilityRule)
            .with_hint("set `linkedEligibleRoleAssignmentId` to the id of the eligible assignment"),
        );
    }
    let Some(rule) = &rules.enablement else {
        return;
    };
    if rule.justification && is_blank(request.justification.as_deref()) {
        out.violations.push(
            Finding::new(Code::JustificationRequired, "a justification is required")
                .rule(&rule.id)
                .path(paths.justification)
                .service_rule(ServiceRule::JustificationRule)
                .with_hint("say why the role is needed"),
        );
    }
    if rule.ticketing && is_blank(request.ticket_number.as_deref()) {
        out.violations.push(
            Finding::new(Code::TicketRequired, "ticket information is required")
                .rule(&rule.id)
                .path(paths.ticket)
                .service_rule(ServiceRule::TicketingRule)
                .with_hint("give `ticketInfo` with a `ticketNumber` (and a `ticketSystem`)"),
        );
    }
    if rule.mfa {
        match context.mfa {
            Some(true) => {}
            Some(false) => out.violations.push(
                Finding::new(
                    Code::MfaRequired,
                    "multi-factor authentication is required and the sign-in did not satisfy it",
                )
                .rule(&rule.id)
                .service_rule(ServiceRule::MfaRule)
                .with_hint("sign in again with multi-factor authentication"),
            ),
            None => out.obligations.push(
                Finding::new(
                    Code::MfaRequired,
                    "multi-factor authentication is required; the service will ask for it if the sign-in did not satisfy it",
                )
                .rule(&rule.id),
            ),
        }
    }
}
