//! The evaluator: the only place a rule is decided. It sees the model only, never JSON, and does not
//! know which API generation a policy or request came from: where a finding names a field, it is
//! by the path the reader recorded ([`crate::model::RequestPaths`]).
//!
//! [`evaluate`] picks the rules that apply to the request (contract 1.4), then checks the schedule
//! ([`schedule`]) and the requirements ([`requirements`]), and sorts the findings into a report.

mod newer_rules;
mod requirements;
mod schedule;
pub(crate) mod service_refusals;

use chrono::{DateTime, Utc};

use crate::model::{Caller, Level, Operation, Request, RoleSettings, RuleSet};
use crate::report::{sort_findings, Code, Finding, Report, RequestSummary};
use requirements::{add_obligations, check_enablement};
use schedule::check_schedule;

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
            check_enablement(rules, request, context, &mut out);
            add_obligations(rules, &mut out);
            newer_rules::custom_extension_obligations(rules, &mut out);
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
            "activate with a request at assignment level".into()
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
