//! A request in the model: what it does, who asks, at which level, its schedule as written.

use chrono::{DateTime, TimeDelta, Utc};

use super::{Caller, Level, Operation};

/// How an iteration-3 expiration says when a schedule ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExpirationType {
    /// Not said (iteration 2, Graph `notSpecified`, or no expiration object): the fields tell.
    NotSpecified,
    /// `noExpiration`: permanent.
    NoExpiration,
    /// `afterDateTime`: ends at `end`.
    AfterDateTime,
    /// `afterDuration`: ends `duration` after the start.
    AfterDuration,
}

/// A requested schedule, as written (nothing resolved or checked yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// The requested start; `None` means now.
    pub start: Option<DateTime<Utc>>,
    /// What the expiration type says.
    pub expiration: ExpirationType,
    /// The requested end, where given.
    pub end: Option<DateTime<Utc>>,
    /// The requested duration, where given.
    pub duration: Option<TimeDelta>,
    /// An iteration-2 `schedule.type` as written (the service knows only `Once`).
    pub pattern: Option<String>,
    /// A Graph `recurrence` is given and not null (PIM does not support one).
    pub recurrence: bool,
}

/// Whether the request names the eligibility it activates.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EligibilityLink {
    /// The service finds the eligibility itself (Graph and ARM).
    FoundByService,
    /// The request names it (iteration 2 `linkedEligibleRoleAssignmentId`).
    Given(String),
    /// The request must name it and does not.
    Missing,
}

/// JSON pointers, into the request as given, of the fields findings point at. Each reader has one
/// static table for its dialect.
#[derive(Debug, PartialEq, Eq)]
pub struct RequestPaths {
    /// The requested start.
    pub start: &'static str,
    /// The requested end.
    pub end: &'static str,
    /// The requested duration.
    pub duration: &'static str,
    /// Where the request says whether and how it ends (the end, or the expiration object).
    pub expiration: &'static str,
    /// The iteration-2 schedule pattern (`schedule.type`).
    pub pattern: &'static str,
    /// The justification.
    pub justification: &'static str,
    /// The ticket number.
    pub ticket: &'static str,
    /// The link to the eligibility being activated.
    pub eligibility_link: &'static str,
    /// What says which operation this is (`type`, `action`, `requestType`).
    pub operation: &'static str,
}

/// A proposed request, whatever generation it was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// What the request does.
    pub operation: Operation,
    /// Who asks.
    pub caller: Caller,
    /// Assignment or eligibility.
    pub level: Level,
    /// The schedule; `None` where the request has none (permanent, or a removal).
    pub schedule: Option<Schedule>,
    /// The justification (`reason`, `justification`).
    pub justification: Option<String>,
    /// The ticket number (`ticketInfo.ticketNumber`).
    pub ticket_number: Option<String>,
    /// The eligibility an activation uses.
    pub eligibility_link: EligibilityLink,
    /// Who receives the role (`subjectId`, `principalId`).
    pub principal_id: Option<String>,
    /// The role (`roleDefinitionId`).
    pub role_definition_id: Option<String>,
    /// Where (`resourceId`, `directoryScopeId`, the ARM scope).
    pub scope: Option<String>,
    /// Where each field is in the request as given.
    pub paths: &'static RequestPaths,
}
