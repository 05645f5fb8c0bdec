//! What a policy lets each kind of request do (issue #16, section 1): for an activation by a user
//! and an eligible or active assignment by an administrator, the longest and shortest schedule,
//! whether a permanent one is allowed, the latest end from a known start, and what must accompany
//! the request.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

use super::{bool_text, write_optional, MINIMUM_DURATION};
use crate::duration::format_iso8601;
use crate::error::Error;
use crate::json::write_str;
use crate::model::{
    Approver, Caller, Level, Operation, PolicyDocument, Request, RoleSettings, RuleSet,
};
use crate::policy::Policy;
use crate::report::redact::Redactor;
use crate::report::write_approvers;
use crate::time::format_date_time;

/// What a request must satisfy, one entry per kind of request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The entries: the three kinds of request in the order activation, eligible assignment,
    /// active assignment (for each role of a policy set), or the one entry of a given request.
    pub entries: Vec<Limit>,
}

/// What one kind of request (operation, caller, level) must satisfy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    /// The role definition of the policy-set entry this comes from (`None` for a single policy).
    pub role_definition_id: Option<String>,
    /// The scope of the policy-set entry this comes from (`None` for a single policy).
    pub scope: Option<String>,
    /// What the request does.
    pub operation: Operation,
    /// Who asks.
    pub caller: Caller,
    /// Assignment or eligibility.
    pub level: Level,
    /// Whether a request without an end passes (never for an activation).
    pub permanent_allowed: bool,
    /// The longest schedule; `None` where none binds.
    pub maximum: Option<TimeDelta>,
    /// The shortest schedule the service accepts.
    pub minimum: TimeDelta,
    /// The latest end that passes, where a start is known and a maximum binds.
    pub latest_end: Option<DateTime<Utc>>,
    /// What must accompany the request.
    pub requires: Requires,
    /// Who may approve, where approval is required.
    pub approvers: Arc<[Approver]>,
}

/// What must accompany a request of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Requires {
    /// Multi-factor authentication at sign-in.
    pub mfa: bool,
    /// A justification.
    pub justification: bool,
    /// Ticket information.
    pub ticket: bool,
    /// Approval before the request takes effect.
    pub approval: bool,
    /// The authentication context the service asks for: `Some` with the claim value (empty where
    /// the rule names none) when the rule is on.
    pub authentication_context: Option<String>,
}

/// The kinds of request a policy governs, in the order `limits` lists them.
const KINDS: [(Operation, Caller, Level); 3] = [
    (Operation::Activate, Caller::EndUser, Level::Assignment),
    (Operation::Assign, Caller::Admin, Level::Eligibility),
    (Operation::Assign, Caller::Admin, Level::Assignment),
];

impl Policy {
    /// What each kind of request must satisfy under this policy; with `request`, the one entry
    /// that applies to it (none for a removal, a deactivation or a request the service refuses).
    /// `latest_end` is given from the request's start where it has one, else from `now`; a start
    /// before `now` counts from `now`, as the service moves it. A policy set without a request
    /// gives the entries of every role; with one, the entry of the role that matches it (or the
    /// `NoMatchingPolicy` error).
    pub fn limits(
        &self,
        request: Option<&Request>,
        now: Option<DateTime<Utc>>,
    ) -> Result<Limits, Error> {
        let Some(request) = request else {
            let entries = match self.document() {
                PolicyDocument::Single(settings) => kinds(settings, now, false),
                PolicyDocument::Set(set) => set.iter().flat_map(|s| kinds(s, now, true)).collect(),
            };
            return Ok(Limits { entries });
        };
        let settings = self.settings_for(request)?;
        let in_set = matches!(self.document(), PolicyDocument::Set(_));
        let start = request_start(request, now);
        let entries = rules_for(settings, request)
            .map(|rules| {
                limit_of(
                    settings,
                    in_set,
                    (request.operation, request.caller, request.level),
                    rules,
                    start,
                )
            })
            .into_iter()
            .collect();
        Ok(Limits { entries })
    }
}

/// The start `latest_end` counts from: the request's start, or `now`; never before `now`.
fn request_start(request: &Request, now: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    let written = request.schedule.as_ref().and_then(|s| s.start);
    match (written, now) {
        (Some(start), Some(now)) => Some(start.max(now)),
        (start, now) => start.or(now),
    }
}

/// The rule set a request is checked against, as the evaluator picks it (contract 1.4): a user's
/// extension or renewal is decided against the administrator's rules of its level.
fn rules_for<'a>(settings: &'a RoleSettings, request: &Request) -> Option<&'a RuleSet> {
    use Operation::*;
    match (request.operation, request.caller, request.level) {
        (Activate, Caller::EndUser, Level::Assignment) => {
            Some(settings.rules(Caller::EndUser, Level::Assignment))
        }
        (Assign | Update | Extend | Renew, Caller::Admin, level)
        | (Extend | Renew, Caller::EndUser, level) => Some(settings.rules(Caller::Admin, level)),
        _ => None,
    }
}

fn kinds(settings: &RoleSettings, now: Option<DateTime<Utc>>, in_set: bool) -> Vec<Limit> {
    KINDS
        .iter()
        .map(|&(operation, caller, level)| {
            let rules = settings.rules(caller, level);
            limit_of(settings, in_set, (operation, caller, level), rules, now)
        })
        .collect()
}

fn limit_of(
    settings: &RoleSettings,
    in_set: bool,
    (operation, caller, level): (Operation, Caller, Level),
    rules: &RuleSet,
    start: Option<DateTime<Utc>>,
) -> Limit {
    let expiration = rules.expiration.as_ref();
    let maximum = expiration.and_then(|e| e.maximum);
    let permanent_allowed =
        operation != Operation::Activate && expiration.is_none_or(|e| e.permanent_allowed);
    let enablement = rules.enablement.clone().unwrap_or_default();
    let approval = rules.approval.as_ref().filter(|a| a.required);
    Limit {
        role_definition_id: settings.role_definition_id.clone().filter(|_| in_set),
        scope: settings.scope.clone().filter(|_| in_set),
        operation,
        caller,
        level,
        permanent_allowed,
        maximum,
        minimum: MINIMUM_DURATION,
        latest_end: start
            .zip(maximum)
            .and_then(|(start, max)| start.checked_add_signed(max)),
        requires: Requires {
            mfa: enablement.mfa,
            justification: enablement.justification,
            ticket: enablement.ticketing,
            approval: approval.is_some(),
            authentication_context: rules
                .authentication_context
                .as_ref()
                .filter(|a| a.enabled)
                .map(|a| a.claim_value.clone().unwrap_or_default()),
        },
        approvers: approval.map_or_else(|| Arc::from([]), |a| Arc::clone(&a.approvers)),
    }
}

impl Limits {
    /// The limits with every approver's id and display name replaced by `redactor`'s placeholders
    /// (`--redact`); everything else is kept.
    pub fn redacted(&self, redactor: &mut Redactor) -> Limits {
        Limits {
            entries: self
                .entries
                .iter()
                .map(|limit| Limit {
                    approvers: redactor.approvers(&limit.approvers),
                    ..limit.clone()
                })
                .collect(),
        }
    }

    /// The limits as compact JSON (`{"limits": [...]}`): the bytes every interface gives.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(512);
        out.push_str("{\"limits\":[");
        for (i, limit) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            limit.write_json(&mut out);
        }
        out.push_str("]}");
        out
    }
}

impl Limit {
    /// Appends the entry's JSON object to `out`.
    fn write_json(&self, out: &mut String) {
        out.push('{');
        if let Some(role) = &self.role_definition_id {
            out.push_str("\"roleDefinitionId\":");
            write_str(out, role);
            out.push(',');
        }
        if let Some(scope) = &self.scope {
            out.push_str("\"scope\":");
            write_str(out, scope);
            out.push(',');
        }
        out.push_str("\"operation\":");
        write_str(out, self.operation.as_str());
        out.push_str(",\"caller\":");
        write_str(out, self.caller.as_str());
        out.push_str(",\"level\":");
        write_str(out, self.level.as_str());
        out.push_str(",\"permanentAllowed\":");
        out.push_str(bool_text(self.permanent_allowed));
        out.push_str(",\"maximumDuration\":");
        write_optional(out, self.maximum.map(format_iso8601).as_deref());
        out.push_str(",\"minimumDuration\":");
        write_str(out, &format_iso8601(self.minimum));
        out.push_str(",\"latestEnd\":");
        write_optional(out, self.latest_end.map(format_date_time).as_deref());
        out.push_str(",\"requires\":{\"mfa\":");
        out.push_str(bool_text(self.requires.mfa));
        out.push_str(",\"justification\":");
        out.push_str(bool_text(self.requires.justification));
        out.push_str(",\"ticket\":");
        out.push_str(bool_text(self.requires.ticket));
        out.push_str(",\"approval\":");
        out.push_str(bool_text(self.requires.approval));
        out.push_str(",\"authenticationContext\":");
        write_optional(out, self.requires.authentication_context.as_deref());
        out.push_str("},\"approvers\":");
        write_approvers(out, &self.approvers);
        out.push('}');
    }
}
