//! The stable codes of findings (contract section 3) and the service's own rule names.

/// Every finding code (contract section 3). `MfaRequired` is a violation when the context says
/// `mfa: false` and an obligation when it does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Code {
    /// A request without an end where the rule requires one, or an activation without an end.
    PermanentNotAllowed,
    /// The requested length is longer than the rule's maximum.
    DurationExceedsMaximum,
    /// A justification is required and missing or blank.
    JustificationRequired,
    /// Ticket information is required and missing or blank.
    TicketRequired,
    /// MFA is required (a violation with `mfa: false`, an obligation with `mfa` unknown).
    MfaRequired,
    /// The end is not after the effective start, or the duration is not positive.
    EndNotAfterStart,
    /// The end is at or before now.
    EndInPast,
    /// An iteration-2 schedule type other than `Once`.
    InvalidScheduleType,
    /// The schedule's fields disagree with each other.
    ConflictingExpiration,
    /// An iteration-2 activation that does not name its eligibility.
    LinkedEligibilityRequired,
    /// A combination of operation, caller and level that the service does not accept.
    UnsupportedRequest,
    /// The service will route the request to approvers.
    ApprovalRequired,
    /// The service will ask for a Conditional Access authentication context.
    AuthenticationContextRequired,
    /// A rule the engine does not know was present and not evaluated.
    UnknownRule,
    /// The start is before now; the service moves it to now.
    StartInPast,
    /// The requested length is shorter than the five minutes the service accepts.
    DurationTooShort,
    /// An enabled custom extension will decide the request (an external callout).
    CustomExtensionDecision,
    /// A Graph request carries a `recurrence`, which PIM does not support.
    RecurrenceUnsupported,
    /// An expiration rule exempts a group the principal may belong to; offline, not known.
    ExceptionMembershipUnknown,
    /// `plan`: a value a rule reads is not known until apply; the rule is not checked on it.
    UnknownAtPlanTime,
}

impl Code {
    /// The code's stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::PermanentNotAllowed => "PermanentNotAllowed",
            Code::DurationExceedsMaximum => "DurationExceedsMaximum",
            Code::JustificationRequired => "JustificationRequired",
            Code::TicketRequired => "TicketRequired",
            Code::MfaRequired => "MfaRequired",
            Code::EndNotAfterStart => "EndNotAfterStart",
            Code::EndInPast => "EndInPast",
            Code::InvalidScheduleType => "InvalidScheduleType",
            Code::ConflictingExpiration => "ConflictingExpiration",
            Code::LinkedEligibilityRequired => "LinkedEligibilityRequired",
            Code::UnsupportedRequest => "UnsupportedRequest",
            Code::ApprovalRequired => "ApprovalRequired",
            Code::AuthenticationContextRequired => "AuthenticationContextRequired",
            Code::UnknownRule => "UnknownRule",
            Code::StartInPast => "StartInPast",
            Code::DurationTooShort => "DurationTooShort",
            Code::CustomExtensionDecision => "CustomExtensionDecision",
            Code::RecurrenceUnsupported => "RecurrenceUnsupported",
            Code::ExceptionMembershipUnknown => "ExceptionMembershipUnknown",
            Code::UnknownAtPlanTime => "UnknownAtPlanTime",
        }
    }

    /// The position of the code in its table of contract section 3, which orders findings.
    pub(crate) fn rank(self) -> u8 {
        match self {
            Code::PermanentNotAllowed => 0,
            Code::DurationExceedsMaximum => 1,
            Code::JustificationRequired => 2,
            Code::TicketRequired => 3,
            Code::MfaRequired => 4,
            Code::EndNotAfterStart => 5,
            Code::EndInPast => 6,
            Code::InvalidScheduleType => 7,
            Code::ConflictingExpiration => 8,
            Code::LinkedEligibilityRequired => 9,
            Code::UnsupportedRequest => 10,
            Code::DurationTooShort => 11,
            // obligations: ApprovalRequired, MfaRequired, AuthenticationContextRequired,
            // CustomExtensionDecision
            Code::ApprovalRequired => 0,
            Code::AuthenticationContextRequired => 5,
            Code::CustomExtensionDecision => 6,
            // warnings
            Code::UnknownRule => 0,
            Code::StartInPast => 1,
            Code::RecurrenceUnsupported => 2,
            Code::ExceptionMembershipUnknown => 3,
            Code::UnknownAtPlanTime => 4,
        }
    }
}

/// The name the service itself puts in a `RoleAssignmentRequestPolicyValidationFailed` refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ServiceRule {
    /// Permanence and maximum duration.
    ExpirationRule,
    /// Multi-factor authentication.
    MfaRule,
    /// Justification.
    JustificationRule,
    /// Ticket information.
    TicketingRule,
    /// The link to an eligibility.
    EligibilityRule,
}

impl ServiceRule {
    /// The name as the service writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceRule::ExpirationRule => "ExpirationRule",
            ServiceRule::MfaRule => "MfaRule",
            ServiceRule::JustificationRule => "JustificationRule",
            ServiceRule::TicketingRule => "TicketingRule",
            ServiceRule::EligibilityRule => "EligibilityRule",
        }
    }
}

/// The error code the service answers with for a refusal that is not a policy rule (not a
/// `RoleAssignmentRequestPolicyValidationFailed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ServiceError {
    /// A schedule shorter than five minutes.
    ActiveDurationTooShort,
}

impl ServiceError {
    /// The code as the service writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceError::ActiveDurationTooShort => "ActiveDurationTooShort",
        }
    }
}
