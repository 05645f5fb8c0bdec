//! A policy in the model: the rules of each (caller, level), one role's settings, or a set of them.

use chrono::TimeDelta;

use super::{Caller, Level, RuleId};

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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Approver {
    /// The approver's object id.
    pub id: Option<String>,
    /// `User` or `Group` (iteration 2 `Type`, iteration 3 `@odata.type` `singleUser` / `groupMembers`).
    pub kind: Option<String>,
    /// The display name or description, where the policy gives one.
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

/// What a policy document holds: one role's settings, or a set to match requests against.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PolicyDocument {
    /// One role's settings.
    Single(Box<RoleSettings>),
    /// Several roles' settings (`{"value": [...]}`); a request is checked against the one that
    /// matches its role and scope.
    Set(Vec<RoleSettings>),
}
