//! Judging the requests of a plan: the policy of each (a policy resource of the document laid over
//! the matching `--policies` entry, else that entry), the one evaluator, and the findings set aside
//! because they depend on a value only apply will know.

use std::borrow::Cow;

use super::fix::{fix_for, FixInputs};
use super::overlay::Overlay;
use super::values::{Depends, Unknown};
use super::{Outcome, PlanEntry, PlanReport, Planned, Reading, SkipReason};
use crate::evaluate::{evaluate, Context};
use crate::model::{ExpirationType, PolicyDocument, Request, RoleSettings, RuleSet};
use crate::options::Options;
use crate::policy::Policy;
use crate::report::{sort_findings, Code, Finding, Report};

/// Judges every candidate of `reading`, in the document's order; the policy resources that could
/// not be read come last.
pub(crate) fn judge(reading: Reading, policies: Option<&Policy>, options: &Options) -> PlanReport {
    let context = options.context();
    let overlays = reading.overlays;
    let resources: Vec<PlanEntry> = reading
        .candidates
        .into_iter()
        .chain(reading.failed_policies)
        .map(|candidate| PlanEntry {
            outcome: match candidate.planned {
                Ok(planned) => judge_one(&planned, &overlays, policies, &context),
                Err(unplanned) => unplanned.into(),
            },
            address: candidate.address,
            resource_type: candidate.resource_type,
            actions: candidate.actions,
            pointer: candidate.pointer,
        })
        .collect();
    let allowed = resources.iter().all(|entry| match &entry.outcome {
        Outcome::Checked { report, .. } => report.allowed,
        Outcome::Failed(_) => false,
        Outcome::Skipped(_) => true,
    });
    PlanReport { resources, allowed }
}

fn judge_one(
    planned: &Planned,
    overlays: &[Overlay],
    policies: Option<&Policy>,
    context: &Context,
) -> Outcome {
    let request = &planned.request;
    let target_unknown = planned.unknown.iter().any(|u| u.depends == Depends::Target);
    // A set is matched by role and scope: with either unknown, a match would be a guess.
    let live = policies
        .filter(|p| !(target_unknown && matches!(p.document(), PolicyDocument::Set(_))))
        .and_then(|p| p.settings_for(request).ok());
    let overlay = overlays.iter().find(|o| o.governs(request));
    let settings: Cow<'_, RoleSettings> = match (overlay, live) {
        (Some(overlay), live) => Cow::Owned(overlay.lay_over(live)),
        (None, Some(live)) => Cow::Borrowed(live),
        (None, None) if target_unknown => return Outcome::Skipped(SkipReason::UnknownAtPlanTime),
        (None, None) => return Outcome::Skipped(SkipReason::NoPolicyForResource),
    };
    let mut unknown: Vec<Unknown> = planned.unknown.clone();
    if let Some(overlay) = overlay {
        unknown.extend(overlay.unknown_for(request.caller, request.level).cloned());
    }
    let mut report = evaluate(&settings, request, context);
    let rules = settings.rules(request.caller, request.level);
    set_aside_unknown(&mut report, &unknown, rules, request);
    let fix = fix_for(
        &report,
        &FixInputs {
            kind: planned.kind,
            request,
            maximum: rules.expiration.as_ref().and_then(|e| e.maximum),
            now: context.now,
        },
    );
    Outcome::Checked { report, fix }
}

/// What a value of `depends` can change: the codes of the findings that rest on it.
fn rests_on(depends: Depends, code: Code, ends_on_a_date: bool) -> bool {
    match depends {
        Depends::Start => {
            code == Code::StartInPast
                || (ends_on_a_date
                    && matches!(code, Code::DurationExceedsMaximum | Code::EndNotAfterStart))
        }
        Depends::Expiration => matches!(
            code,
            Code::PermanentNotAllowed
                | Code::DurationExceedsMaximum
                | Code::EndNotAfterStart
                | Code::EndInPast
                | Code::ConflictingExpiration
        ),
        Depends::Justification => code == Code::JustificationRequired,
        Depends::Ticket => code == Code::TicketRequired,
        Depends::Target => false,
    }
}

/// Whether a rule of `rules` reads a value of `depends`, so that an unknown value leaves it
/// unchecked.
fn is_read_by_a_rule(depends: Depends, rules: &RuleSet, ends_on_a_date: bool) -> bool {
    let enablement = rules.enablement.as_ref();
    match depends {
        Depends::Expiration => rules.expiration.is_some(),
        Depends::Start => {
            ends_on_a_date
                && rules
                    .expiration
                    .as_ref()
                    .is_some_and(|e| e.maximum.is_some())
        }
        Depends::Justification => enablement.is_some_and(|e| e.justification),
        Depends::Ticket => enablement.is_some_and(|e| e.ticketing),
        Depends::Target => false,
    }
}

/// Sets aside every finding that rests on an unknown value and warns `UnknownAtPlanTime` for each
/// unknown value a rule reads: never a guess.
fn set_aside_unknown(report: &mut Report, unknown: &[Unknown], rules: &RuleSet, request: &Request) {
    if unknown.is_empty() {
        return;
    }
    let ends_on_a_date = request
        .schedule
        .as_ref()
        .is_some_and(|s| s.expiration == ExpirationType::AfterDateTime);
    let mut set_aside: Vec<Depends> = Vec::new();
    let mut keep = |finding: &Finding| match unknown
        .iter()
        .find(|u| rests_on(u.depends, finding.code, ends_on_a_date))
    {
        Some(u) => {
            set_aside.push(u.depends);
            false
        }
        None => true,
    };
    report.violations.retain(&mut keep);
    report.warnings.retain(&mut keep);
    let mut warned: Vec<&str> = Vec::new();
    for value in unknown {
        let relevant = set_aside.contains(&value.depends)
            || is_read_by_a_rule(value.depends, rules, ends_on_a_date);
        if relevant && !warned.contains(&value.attribute.as_str()) {
            warned.push(&value.attribute);
            report.warnings.push(unknown_finding(value, rules));
        }
    }
    sort_findings(&mut report.warnings);
    report.allowed = report.violations.is_empty();
}

fn unknown_finding(value: &Unknown, rules: &RuleSet) -> Finding {
    let (what, rule) = match value.depends {
        Depends::Start => (
            "the start is not checked",
            rules.expiration.as_ref().map(|e| &e.id),
        ),
        Depends::Expiration => (
            "the expiration rule is not checked",
            rules.expiration.as_ref().map(|e| &e.id),
        ),
        Depends::Justification => (
            "the justification requirement is not checked",
            rules.enablement.as_ref().map(|e| &e.id),
        ),
        Depends::Ticket => (
            "the ticket requirement is not checked",
            rules.enablement.as_ref().map(|e| &e.id),
        ),
        Depends::Target => ("the policy cannot be matched", None),
    };
    let mut finding = Finding::new(
        Code::UnknownAtPlanTime,
        format!("`{}` is not known until apply: {what}", value.attribute),
    )
    .with_hint("give it a value known at plan time, or check the plan again once it is known");
    if let Some(rule) = rule {
        finding = finding.rule(rule);
    }
    if !value.path.is_empty() {
        finding.path = Some(Cow::Owned(value.path.clone()));
    }
    finding
}
