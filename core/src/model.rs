//! The normalized model: plain typed values that every reader produces and the evaluator consumes.
//! No JSON and no API generation appear here; a rule is known by its kind and its target
//! (caller, level), as in iteration 3.

use chrono::{DateTime, TimeDelta, Utc};

/// Who makes a request: an administrator for someone else, or the user for themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Caller {
    /// An administrator (`Admin*` requests, iteration-3 `adminAssign` ...).
    Admin,
    /// The user themselves (`User*` requests, iteration-3 `self*`); Microsoft's `EndUser`.
    EndUser,
}

/// What a request creates or changes: an eligibility, or an active assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// An eligible assignment, to be activated later.
    Eligibility,
    /// An active assignment (including a user's activation).
    Assignment,
}

/// What a request does (contract section 1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// An administrator creates an assignment or eligibility.
    Assign,
    /// A user activates an eligibility.
    Activate,
    /// An administrator changes an existing assignment or eligibility.
    Update,
    /// An existing assignment or eligibility is extended.
    Extend,
    /// An expired assignment or eligibility is renewed.
    Renew,
    /// An administrator removes an assignment or eligibility.
    Remove,
    /// A user deactivates an activation or gives up an eligibility.
    Deactivate,
}

impl Caller {
    /// The name used in reports: `admin` or `user`.
    pub fn as_str(self) -> &'static str {
        match self {
            Caller::Admin => "admin",
            Caller::EndUser => "user",
        }
    }
    /// The name used in iteration-3 rule ids: `Admin` or `EndUser`.
    pub fn rule_id_part(self) -> &'static str {
        match self {
            Caller::Admin => "Admin",
            Caller::EndUser => "EndUser",
        }
    }
}

impl Level {
    /// The name used in reports: `assignment` or `eligibility`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Eligibility => "eligibility",
            Level::Assignment => "assignment",
        }
    }
    /// The name used in iteration-3 rule ids: `Eligibility` or `Assignment`.
    pub fn rule_id_part(self) -> &'static str {
        match self {
            Level::Eligibility => "Eligibility",
            Level::Assignment => "Assignment",
        }
    }
    /// Reads `assignment` or `eligibility` (any case), as the `level` option and iteration-3
    /// targets write them.
    pub fn parse(text: &str) -> Option<Level> {
        if text.eq_ignore_ascii_case("assignment") {
            Some(Level::Assignment)
        } else if text.eq_ignore_ascii_case("eligibility") {
            Some(Level::Eligibility)
        } else {
            None
        }
    }
}

impl Operation {
    /// The name used in reports (`assign`, `activate`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Assign => "assign",
            Operation::Activate => "activate",
            Operation::Update => "update",
            Operation::Extend => "extend",
            Operation::Renew => "renew",
            Operation::Remove => "remove",
            Operation::Deactivate => "deactivate",
        }
    }
}

/// The kinds of rule the model knows, in iteration-3 terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleKind {
    /// How long an assignment may last and whether it may be permanent.
    Expiration,
    /// MFA, justification and ticket requirements.
    Enablement,
    /// Approval before activation.
    Approval,
    /// A Conditional Access authentication context on activation.
    AuthenticationContext,
}

impl RuleKind {
    /// The iteration-3 id of the rule of this kind for `(caller, level)`, e.g.
    /// `Expiration_EndUser_Assignment`. Iteration-2 settings are reported under these ids.
    pub fn rule_id(self, caller: Caller, level: Level) -> RuleId {
        RuleId::Borrowed(self.static_rule_id(caller, level))
    }

    /// [`RuleKind::rule_id`] without an allocation.
    pub fn static_rule_id(self, caller: Caller, level: Level) -> &'static str {
        use Caller::{Admin, EndUser};
        use Level::{Assignment, Eligibility};
        match (self, caller, level) {
            (RuleKind::Expiration, Admin, Eligibility) => "Expiration_Admin_Eligibility",
            (RuleKind::Expiration, Admin, Assignment) => "Expiration_Admin_Assignment",
            (RuleKind::Expiration, EndUser, Eligibility) => "Expiration_EndUser_Eligibility",
            (RuleKind::Expiration, EndUser, Assignment) => "Expiration_EndUser_Assignment",
            (RuleKind::Enablement, Admin, Eligibility) => "Enablement_Admin_Eligibility",
            (RuleKind::Enablement, Admin, Assignment) => "Enablement_Admin_Assignment",
            (RuleKind::Enablement, EndUser, Eligibility) => "Enablement_EndUser_Eligibility",
            (RuleKind::Enablement, EndUser, Assignment) => "Enablement_EndUser_Assignment",
            (RuleKind::Approval, Admin, Eligibility) => "Approval_Admin_Eligibility",
            (RuleKind::Approval, Admin, Assignment) => "Approval_Admin_Assignment",
            (RuleKind::Approval, EndUser, Eligibility) => "Approval_EndUser_Eligibility",
            (RuleKind::Approval, EndUser, Assignment) => "Approval_EndUser_Assignment",
            (RuleKind::AuthenticationContext, Admin, Eligibility) => {
                "AuthenticationContext_Admin_Eligibility"
            }
            (RuleKind::AuthenticationContext, Admin, Assignment) => {
                "AuthenticationContext_Admin_Assignment"
            }
            (RuleKind::AuthenticationContext, EndUser, Eligibility) => {
                "AuthenticationContext_EndUser_Eligibility"
            }
            (RuleKind::AuthenticationContext, EndUser, Assignment) => {
                "AuthenticationContext_EndUser_Assignment"
            }
        }
    }

    /// The kind's part of an iteration-3 rule id: `Expiration`, `Enablement`, ...
    pub fn id_part(self) -> &'static str {
        match self {
            RuleKind::Expiration => "Expiration",
            RuleKind::Enablement => "Enablement",
            RuleKind::Approval => "Approval",
            RuleKind::AuthenticationContext => "AuthenticationContext",
        }
    }
}

/// A rule's id as a policy names it. The ids of the model's own kinds
/// (`Expiration_EndUser_Assignment`, ...), which every iteration-2 setting and the documented
/// iteration-3 policies use, are borrowed: a finding names its rule without copying it.
pub type RuleId = std::borrow::Cow<'static, str>;

/// The [`RuleId`] of an id as written: borrowed where it is one of the model's own.
pub fn rule_id(written: &str) -> RuleId {
    match crate::report::known_rule_id(written) {
        Some(id) => RuleId::Borrowed(id),
        None => RuleId::Owned(written.to_owned()),
    }
}

/// How long an assignment may last (`ExpirationRule`, `unifiedRoleManagementPolicyExpirationRule`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpirationRule {
    /// The rule's id as the policy names it (iteration 2: the iteration-3 equivalent).
    pub id: RuleId,
    /// Whether a request without an end is allowed (`permanentAssignment`, `!isExpirationRequired`).
    pub permanent_allowed: bool,
    /// The longest allowed assignment with an end; `None` where the policy sets none.
    pub maximum: Option<TimeDelta>,
    /// The users and groups the rule does not bind (ARM 2024-09-01-preview `exceptionMembers`).
    pub exception_members: Vec<Approver>,
}

/// What must accompany a request (`MfaRule`, `JustificationRule`, `TicketingRule`,
/// `unifiedRoleManagementPolicyEnablementRule`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EnablementRule {
    /// The rule's id as the policy names it.
    pub id: RuleId,
    /// Multi-factor authentication is required.
    pub mfa: bool,
    /// A justification is required.
    pub justification: bool,
    /// Ticket information is required.
    pub ticketing: bool,
}

/// Someone who may approve a request.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Approver {
    /// The approver's object id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<String>,
    /// `User` or `Group` (iteration 2 `Type`, iteration 3 `@odata.type` `singleUser` / `groupMembers`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kind: Option<String>,
    /// The display name or description, where the policy gives one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub display_name: Option<String>,
}

/// Whether an activation waits for approval (`ApprovalRule`, `...ApprovalRule`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApprovalRule {
    /// The rule's id as the policy names it.
    pub id: RuleId,
    /// Approval is required (`Enabled`, `isApprovalRequired`).
    pub required: bool,
    /// Approval is required for extensions (`isApprovalRequiredForExtension`; iteration 3 only).
    pub required_for_extension: bool,
    /// The approvers of every stage, in order. Shared: every report that lists them refers to this
    /// one list instead of copying it.
    pub approvers: std::sync::Arc<[Approver]>,
}

/// A Conditional Access authentication context required on activation (`AcrsRule`,
/// `...AuthenticationContextRule`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuthenticationContextRule {
    /// The rule's id as the policy names it.
    pub id: RuleId,
    /// The rule is on.
    pub enabled: bool,
    /// The authentication context class reference, e.g. `c1`.
    pub claim_value: Option<String>,
}

/// A notification rule: kept so conversions keep it, never evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct NotificationRule {
    /// The rule's id as the policy names it.
    pub id: String,
    /// The rule's settings as the policy wrote them.
    pub settings: serde_json::Value,
}

/// A custom extension rule (Graph `unifiedRoleManagementPolicyCustomExtensionRule`): an external
/// callout that approves or denies the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomExtensionRule {
    /// The rule's id as the policy names it (`CustomExtension_PreApproval_EndUser_Assignment`).
    pub id: RuleId,
    /// The `roleManagementCustomCalloutExtension` the service calls, where the rule names one.
    pub extension_id: Option<String>,
    /// The rule is on (`isEnabled`).
    pub enabled: bool,
}

/// A rule that is read and kept for conversions but never affects a request: an ARM
/// `RoleManagementPolicyPimOnlyModeRule`, or an iteration-2 rule such as `AttributeConditionRule`.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptRule {
    /// The rule's id (iteration 3) or `ruleIdentifier` (iteration 2) as the policy names it.
    pub id: String,
    /// The rule's settings as the policy wrote them (without `id`, type and `target`).
    pub settings: serde_json::Value,
}

/// The rules that apply to one (caller, level): one of each kind at most.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RuleSet {
    /// The expiration rule.
    pub expiration: Option<ExpirationRule>,
    /// The enablement rule (MFA, justification, ticket).
    pub enablement: Option<EnablementRule>,
    /// The approval rule.
    pub approval: Option<ApprovalRule>,
    /// The authentication-context rule.
    pub authentication_context: Option<AuthenticationContextRule>,
    /// Notification rules (not evaluated).
    pub notifications: Vec<NotificationRule>,
    /// Custom extension rules (Graph), each an external decision.
    pub custom_extensions: Vec<CustomExtensionRule>,
    /// ARM PIM-only-mode rules (not evaluated: they govern role assignments made outside PIM).
    pub pim_only_mode: Vec<KeptRule>,
    /// Documented iteration-2 rules that never affect a request (not evaluated).
    pub iteration2_kept: Vec<KeptRule>,
    /// Ids of rules the engine does not know (warned about, not evaluated).
    pub unknown: Vec<String>,
}

/// One role's settings (a policy), whatever generation it was written in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoleSettings {
    /// The policy's id, where given.
    pub id: Option<String>,
    /// The role definition the settings belong to, where the document says.
    pub role_definition_id: Option<String>,
    /// The scope (resource id, directory scope, ARM scope), where the document says.
    pub scope: Option<String>,
    /// Rules for an administrator making someone eligible.
    pub admin_eligibility: RuleSet,
    /// Rules for an administrator assigning directly (active).
    pub admin_assignment: RuleSet,
    /// Rules for a user activating.
    pub end_user_assignment: RuleSet,
    /// Rules for users at eligibility level (iteration 2 `userEligibleSettings`; unused by the service).
    pub end_user_eligibility: RuleSet,
    /// Rules whose target names no known caller or level (warned about as unknown).
    pub untargeted: Vec<String>,
}

impl RoleSettings {
    /// The rule set for `(caller, level)`.
    pub fn rules(&self, caller: Caller, level: Level) -> &RuleSet {
        match (caller, level) {
            (Caller::Admin, Level::Eligibility) => &self.admin_eligibility,
            (Caller::Admin, Level::Assignment) => &self.admin_assignment,
            (Caller::EndUser, Level::Assignment) => &self.end_user_assignment,
            (Caller::EndUser, Level::Eligibility) => &self.end_user_eligibility,
        }
    }

    /// The rule set for `(caller, level)`, to fill in.
    pub fn rules_mut(&mut self, caller: Caller, level: Level) -> &mut RuleSet {
        match (caller, level) {
            (Caller::Admin, Level::Eligibility) => &mut self.admin_eligibility,
            (Caller::Admin, Level::Assignment) => &mut self.admin_assignment,
            (Caller::EndUser, Level::Assignment) => &mut self.end_user_assignment,
            (Caller::EndUser, Level::Eligibility) => &mut self.end_user_eligibility,
        }
    }
}

/// How an iteration-3 expiration says when a schedule ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
