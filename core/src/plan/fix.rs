//! The fix of a denied resource in the document's own words: the Terraform attributes (or the
//! template properties) that would make the provider send a request that passes.

use chrono::{DateTime, TimeDelta, Utc};

use crate::duration::format_iso8601;
use crate::model::{ExpirationType, Request};
use crate::report::{Code, Report};
use crate::time::format_date_time;

/// Which resource sends the request: what its attributes are called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResourceKind {
    /// `azurerm_pim_eligible_role_assignment`, `azurerm_pim_active_role_assignment`.
    Azurerm,
    /// `azuread_privileged_access_group_{eligibility,assignment}_schedule`.
    AzureadGroup,
    /// `azuread_directory_role_eligibility_schedule_request` (always permanent).
    AzureadDirectoryRole,
    /// An ARM template's schedule request.
    Template,
}

/// What a fix is made of besides the report: the rule's maximum and the evaluation time.
pub(crate) struct FixInputs<'a> {
    pub(crate) kind: ResourceKind,
    pub(crate) request: &'a Request,
    pub(crate) maximum: Option<TimeDelta>,
    pub(crate) now: DateTime<Utc>,
}

/// A schedule long enough where the rule sets no maximum.
const DEFAULT_LENGTH_DAYS: i64 = 365;

/// The fix of every violation of `report`, one clause each, joined by `; `; `None` where the
/// report allows.
pub(crate) fn fix_for(report: &Report, inputs: &FixInputs<'_>) -> Option<String> {
    let mut clauses: Vec<String> = Vec::new();
    for finding in &report.violations {
        let clause = match finding.code {
            Code::PermanentNotAllowed
            | Code::DurationExceedsMaximum
            | Code::EndNotAfterStart
            | Code::EndInPast
            | Code::ConflictingExpiration => schedule_fix(inputs, finding.code),
            Code::JustificationRequired => justification_fix(inputs.kind),
            Code::TicketRequired => ticket_fix(inputs.kind),
            _ => continue,
        };
        if !clauses.contains(&clause) {
            clauses.push(clause);
        }
    }
    (!clauses.is_empty()).then(|| clauses.join("; "))
}

fn length(inputs: &FixInputs<'_>) -> TimeDelta {
    inputs
        .maximum
        .filter(|m| *m > TimeDelta::zero())
        .unwrap_or(TimeDelta::days(DEFAULT_LENGTH_DAYS))
}

fn schedule_fix(inputs: &FixInputs<'_>, code: Code) -> String {
    let length = length(inputs);
    let ends_on_a_date = inputs
        .request
        .schedule
        .as_ref()
        .is_some_and(|s| s.expiration == ExpirationType::AfterDateTime || s.end.is_some());
    let start = inputs
        .request
        .schedule
        .as_ref()
        .and_then(|s| s.start)
        .map_or(inputs.now, |start| start.max(inputs.now));
    let latest_end = start.checked_add_signed(length).map(format_date_time);
    match inputs.kind {
        ResourceKind::Azurerm => match (ends_on_a_date, latest_end) {
            (true, Some(end)) => format!("schedule {{ expiration {{ end_date_time = \"{end}\" }} }}"),
            _ => azurerm_duration(length),
        },
        ResourceKind::AzureadGroup => match (ends_on_a_date, latest_end) {
            (true, Some(end)) => format!("expiration_date = \"{end}\""),
            _ if code == Code::PermanentNotAllowed => format!(
                "duration = \"{}\" (and no `permanent_assignment = true`)",
                format_iso8601(length)
            ),
            _ => format!("duration = \"{}\"", format_iso8601(length)),
        },
        ResourceKind::AzureadDirectoryRole => "`azuread_directory_role_eligibility_schedule_request` \
             always asks for a permanent eligibility: allow permanent eligible assignments in the \
             role's policy, or make the eligibility with an expiration outside this resource"
            .to_owned(),
        ResourceKind::Template => format!(
            "\"scheduleInfo\": {{\"expiration\": {{\"type\": \"AfterDuration\", \"duration\": \"{}\"}}}}",
            format_iso8601(length)
        ),
    }
}

/// `duration_days` where the length is whole days, else `duration_hours` (rounded down, at least 1).
fn azurerm_duration(length: TimeDelta) -> String {
    if length.num_seconds() % 86_400 == 0 {
        format!(
            "schedule {{ expiration {{ duration_days = {} }} }}",
            length.num_days()
        )
    } else {
        format!(
            "schedule {{ expiration {{ duration_hours = {} }} }}",
            length.num_hours().max(1)
        )
    }
}

fn justification_fix(kind: ResourceKind) -> String {
    match kind {
        ResourceKind::Template => "\"justification\": \"...\"".to_owned(),
        _ => "justification = \"...\"".to_owned(),
    }
}

fn ticket_fix(kind: ResourceKind) -> String {
    match kind {
        ResourceKind::Azurerm => "ticket { number = \"...\" system = \"...\" }".to_owned(),
        ResourceKind::AzureadGroup => "ticket_number = \"...\", ticket_system = \"...\"".to_owned(),
        ResourceKind::AzureadDirectoryRole => {
            "`azuread_directory_role_eligibility_schedule_request` sends no ticket: turn off the \
             ticket requirement in the role's policy"
                .to_owned()
        }
        ResourceKind::Template => {
            "\"ticketInfo\": {\"ticketNumber\": \"...\", \"ticketSystem\": \"...\"}".to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_length_in_whole_days_is_written_in_days_else_in_hours() {
        assert_eq!(
            azurerm_duration(TimeDelta::days(365)),
            "schedule { expiration { duration_days = 365 } }"
        );
        assert_eq!(
            azurerm_duration(TimeDelta::hours(8)),
            "schedule { expiration { duration_hours = 8 } }"
        );
    }
}
