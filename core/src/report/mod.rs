//! The report (contract section 2): serialized once, here, the same bytes from every interface.

mod json;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::model::Approver;

/// Text in a report: borrowed where it is fixed (paths, most messages and hints, the rule ids of
/// the model's kinds), owned where it is made for the request. A report is written for every
/// request, so fixed text is never copied.
pub type Text = Cow<'static, str>;

/// Every finding code (contract section 3). `MfaRequired` is a violation when the context says
/// `mfa: false` and an obligation when it does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
            // obligations: ApprovalRequired, MfaRequired, AuthenticationContextRequired
            Code::ApprovalRequired => 0,
            Code::AuthenticationContextRequired => 5,
            // warnings
            Code::UnknownRule => 0,
            Code::StartInPast => 1,
        }
    }
}

/// The name the service itself puts in a `RoleAssignmentRequestPolicyValidationFailed` refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// One finding: a violation, an obligation or a warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The stable code.
    pub code: Code,
    /// The policy rule behind it (the iteration-3 id where one exists).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rule: Option<Text>,
    /// A JSON pointer into the request as given.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub path: Option<Text>,
    /// What is wrong, with the values in backticks.
    pub message: Text,
    /// The rule name the service would put in its refusal.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub service_rule: Option<ServiceRule>,
    /// The limit that was broken (a duration or a time).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<String>,
    /// The requested value that broke it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub actual: Option<String>,
    /// How to fix it (e.g. the longest duration and the latest end that would pass).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hint: Option<Text>,
    /// Who will be asked to approve (`ApprovalRequired`), where the policy lists them.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub approvers: Option<std::sync::Arc<[Approver]>>,
    /// The authentication context asked for (`AuthenticationContextRequired`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub claim_value: Option<String>,
}

impl Finding {
    /// A finding with only a code and a message; fill in the rest with the `with_*` methods.
    pub fn new(code: Code, message: impl Into<Text>) -> Self {
        Finding {
            code,
            rule: None,
            path: None,
            message: message.into(),
            service_rule: None,
            limit: None,
            actual: None,
            hint: None,
            approvers: None,
            claim_value: None,
        }
    }
    pub(crate) fn rule(mut self, rule: &str) -> Self {
        self.rule = Some(match known_rule_id(rule) {
            Some(id) => Cow::Borrowed(id),
            None => Cow::Owned(rule.to_owned()),
        });
        self
    }
    pub(crate) fn path(mut self, path: &'static str) -> Self {
        self.path = Some(Cow::Borrowed(path));
        self
    }
    pub(crate) fn service_rule(mut self, rule: ServiceRule) -> Self {
        self.service_rule = Some(rule);
        self
    }
    pub(crate) fn limit(mut self, limit: String) -> Self {
        self.limit = Some(limit);
        self
    }
    pub(crate) fn actual(mut self, actual: String) -> Self {
        self.actual = Some(actual);
        self
    }
    pub(crate) fn hint(mut self, hint: impl Into<Text>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// What the report says the request was reduced to (contract section 1.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSummary {
    /// `assign`, `activate`, `update`, `extend`, `renew`, `remove` or `deactivate`.
    pub operation: Text,
    /// `admin` or `user`.
    pub caller: Text,
    /// `assignment` or `eligibility`.
    pub level: Text,
}

/// The verdict on one request, with every finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// True exactly when `violations` is empty.
    pub allowed: bool,
    /// What the request was reduced to.
    pub request: RequestSummary,
    /// What the service would refuse.
    pub violations: Vec<Finding>,
    /// What the service will still ask for (approval, an MFA prompt, an authentication context).
    pub obligations: Vec<Finding>,
    /// Things worth knowing that never deny.
    pub warnings: Vec<Finding>,
}

impl Report {
    /// The report as compact JSON: the exact bytes every interface gives (the same as
    /// `serde_json::to_string` of the report).
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(512);
        self.write_json(&mut out);
        out
    }

    /// Appends [`Report::to_json`] to `out`: for writers of many reports, which reuse one buffer.
    pub fn write_json(&self, out: &mut String) {
        json::write_report(out, self);
    }

    /// The report as indented JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The codes of the violations, in order.
    pub fn violation_codes(&self) -> Vec<Code> {
        self.violations.iter().map(|f| f.code).collect()
    }
}

/// The rule id as one of the model's own ids (`Expiration_EndUser_Assignment`, ...), which every
/// iteration-2 setting and the documented iteration-3 policies use, so that it need not be copied.
fn known_rule_id(id: &str) -> Option<&'static str> {
    Some(match id {
        "Expiration_Admin_Eligibility" => "Expiration_Admin_Eligibility",
        "Expiration_Admin_Assignment" => "Expiration_Admin_Assignment",
        "Expiration_EndUser_Eligibility" => "Expiration_EndUser_Eligibility",
        "Expiration_EndUser_Assignment" => "Expiration_EndUser_Assignment",
        "Enablement_Admin_Eligibility" => "Enablement_Admin_Eligibility",
        "Enablement_Admin_Assignment" => "Enablement_Admin_Assignment",
        "Enablement_EndUser_Eligibility" => "Enablement_EndUser_Eligibility",
        "Enablement_EndUser_Assignment" => "Enablement_EndUser_Assignment",
        "Approval_Admin_Eligibility" => "Approval_Admin_Eligibility",
        "Approval_Admin_Assignment" => "Approval_Admin_Assignment",
        "Approval_EndUser_Eligibility" => "Approval_EndUser_Eligibility",
        "Approval_EndUser_Assignment" => "Approval_EndUser_Assignment",
        "AuthenticationContext_Admin_Eligibility" => "AuthenticationContext_Admin_Eligibility",
        "AuthenticationContext_Admin_Assignment" => "AuthenticationContext_Admin_Assignment",
        "AuthenticationContext_EndUser_Eligibility" => "AuthenticationContext_EndUser_Eligibility",
        "AuthenticationContext_EndUser_Assignment" => "AuthenticationContext_EndUser_Assignment",
        _ => return None,
    })
}

/// Puts findings in the contract's order: by the code's place in its table, then by path.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.code.rank(), a.path.as_deref()).cmp(&(b.code.rank(), b.path.as_deref()))
    });
}

#[cfg(test)]
mod tests {
    use super::known_rule_id;
    use crate::model::{Caller, Level, RuleKind};

    #[test]
    fn knows_every_id_of_the_model() {
        for kind in [
            RuleKind::Expiration,
            RuleKind::Enablement,
            RuleKind::Approval,
            RuleKind::AuthenticationContext,
        ] {
            for caller in [Caller::Admin, Caller::EndUser] {
                for level in [Level::Eligibility, Level::Assignment] {
                    let id = kind.static_rule_id(caller, level);
                    assert_eq!(known_rule_id(id), Some(id));
                }
            }
        }
        assert_eq!(known_rule_id("Expiration_EndUser_assignment"), None);
        assert_eq!(known_rule_id("Notification_Admin_Admin_Eligibility"), None);
    }
}
