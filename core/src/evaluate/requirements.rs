//! What must accompany a request (justification, ticket, MFA, the eligibility an activation uses)
//! and what the service will still ask for once it passes (approval, an authentication context).

use super::{Context, Findings};
use crate::model::{EligibilityLink, Operation, Request, RuleSet};
use crate::report::{Code, Finding, ServiceRule};

fn is_blank(text: Option<&str>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

pub(super) fn check_enablement(
    rules: &RuleSet,
    request: &Request,
    context: &Context,
    out: &mut Findings,
) {
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
            .with_hint("give the id of the eligible assignment that the request activates"),
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

/// What the service will ask for after the request passes: approval, an authentication context.
pub(super) fn add_obligations(rules: &RuleSet, out: &mut Findings) {
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
