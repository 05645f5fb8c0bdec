//! The report (contract section 2): serialized once, here, the same bytes from every interface.

mod json;

use std::borrow::Cow;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::duration::{format_iso8601, write_iso8601};
use crate::model::Approver;
use crate::time::write_date_time;

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
    /// The requested length is shorter than the five minutes the service accepts.
    DurationTooShort,
    /// An enabled custom extension will decide the request (an external callout).
    CustomExtensionDecision,
    /// A Graph request carries a `recurrence`, which PIM does not support.
    RecurrenceUnsupported,
    /// An expiration rule exempts a group the principal may belong to; offline, not known.
    ExceptionMembershipUnknown,
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
            Code::DurationTooShort => 11,
            Code::CustomExtensionDecision => 6,
            Code::UnknownRule => 0,
            Code::StartInPast => 1,
            Code::RecurrenceUnsupported => 2,
            Code::ExceptionMembershipUnknown => 3,
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

/// The error code the service answers with for a refusal that is not a policy rule (not a
/// `RoleAssignmentRequestPolicyValidationFailed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// One finding: a violation, an obligation or a warning.
///
/// Its words (`message`, `limit`, `actual`, `hint`) are methods: the findings every denied request
/// carries hold typed values and write their words only when they are read or serialized, so a
/// caller that only needs the verdict and the codes never pays for text.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The stable code.
    pub code: Code,
    /// The policy rule behind it (the iteration-3 id where one exists).
    pub rule: Option<Text>,
    /// A JSON pointer into the request as given.
    pub path: Option<Text>,
    /// The rule name the service would put in its refusal.
    pub service_rule: Option<ServiceRule>,
    /// The error code the service would answer with, for a refusal that is not a policy rule.
    pub service_error: Option<ServiceError>,
    /// Who will be asked to approve (`ApprovalRequired`), where the policy lists them.
    pub approvers: Option<std::sync::Arc<[Approver]>>,
    /// The authentication context asked for (`AuthenticationContextRequired`).
    pub claim_value: Option<String>,
    words: Words,
}

/// What a finding says: written out when it was made, or the typed values its words are made of.
#[derive(Debug, Clone)]
enum Words {
    Written {
        message: Text,
        limit: Option<String>,
        actual: Option<String>,
        hint: Option<Text>,
    },
    /// `DurationExceedsMaximum`: the requested length, the maximum, and the latest end that passes.
    OverMaximum {
        requested: TimeDelta,
        maximum: TimeDelta,
        latest_end: Option<DateTime<Utc>>,
    },
}

impl Finding {
    /// A finding with only a code and a message; fill in the rest with the `with_*` methods.
    pub fn new(code: Code, message: impl Into<Text>) -> Self {
        Finding {
            code,
            rule: None,
            path: None,
            service_rule: None,
            service_error: None,
            approvers: None,
            claim_value: None,
            words: Words::Written {
                message: message.into(),
                limit: None,
                actual: None,
                hint: None,
            },
        }
    }

    /// `DurationExceedsMaximum`: `requested` is longer than `maximum`; `latest_end` is the latest
    /// end that would pass, where the start is known.
    pub(crate) fn over_maximum(
        requested: TimeDelta,
        maximum: TimeDelta,
        latest_end: Option<DateTime<Utc>>,
    ) -> Self {
        Finding {
            words: Words::OverMaximum {
                requested,
                maximum,
                latest_end,
            },
            ..Finding::new(Code::DurationExceedsMaximum, "")
        }
    }

    /// What is wrong, with the values in backticks.
    pub fn message(&self) -> Cow<'_, str> {
        match &self.words {
            Words::Written { message, .. } => Cow::Borrowed(message),
            Words::OverMaximum { .. } => Cow::Owned(self.render(Finding::write_message)),
        }
    }

    /// The limit that was broken (a duration or a time).
    pub fn limit(&self) -> Option<Cow<'_, str>> {
        match &self.words {
            Words::Written { limit, .. } => limit.as_deref().map(Cow::Borrowed),
            Words::OverMaximum { maximum, .. } => Some(Cow::Owned(format_iso8601(*maximum))),
        }
    }

    /// The requested value that broke it.
    pub fn actual(&self) -> Option<Cow<'_, str>> {
        match &self.words {
            Words::Written { actual, .. } => actual.as_deref().map(Cow::Borrowed),
            Words::OverMaximum { requested, .. } => Some(Cow::Owned(format_iso8601(*requested))),
        }
    }

    /// How to fix it (e.g. the longest duration and the latest end that would pass).
    pub fn hint(&self) -> Option<Cow<'_, str>> {
        match &self.words {
            Words::Written { hint, .. } => hint.as_deref().map(Cow::Borrowed),
            Words::OverMaximum { .. } => Some(Cow::Owned(self.render(Finding::write_hint))),
        }
    }

    fn render(&self, write: fn(&Finding, &mut String)) -> String {
        let mut out = String::with_capacity(80);
        write(self, &mut out);
        out
    }

    /// Appends the message to `out` (the JSON writer's way: no string of its own).
    pub(crate) fn write_message(&self, out: &mut String) {
        match &self.words {
            Words::Written { message, .. } => out.push_str(message),
            Words::OverMaximum {
                requested, maximum, ..
            } => {
                out.push_str("requested duration `");
                write_iso8601(out, *requested);
                out.push_str("` exceeds the maximum `");
                write_iso8601(out, *maximum);
                out.push('`');
            }
        }
    }

    /// Appends the hint to `out` (nothing where there is none).
    pub(crate) fn write_hint(&self, out: &mut String) {
        match &self.words {
            Words::Written { hint, .. } => out.push_str(hint.as_deref().unwrap_or_default()),
            Words::OverMaximum {
                maximum,
                latest_end,
                ..
            } => {
                out.push_str("request at most ");
                write_iso8601(out, *maximum);
                if let Some(latest) = latest_end {
                    out.push_str(", ending no later than ");
                    write_date_time(out, *latest);
                }
            }
        }
    }

    pub(crate) fn rule(mut self, rule: &crate::model::RuleId) -> Self {
        self.rule = Some(rule.clone());
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
    pub(crate) fn service_error(mut self, error: ServiceError) -> Self {
        self.service_error = Some(error);
        self
    }
    pub(crate) fn with_limit(mut self, text: String) -> Self {
        if let Words::Written { limit, .. } = &mut self.words {
            *limit = Some(text);
        }
        self
    }
    pub(crate) fn with_actual(mut self, text: String) -> Self {
        if let Words::Written { actual, .. } = &mut self.words {
            *actual = Some(text);
        }
        self
    }
    pub(crate) fn with_hint(mut self, text: impl Into<Text>) -> Self {
        if let Words::Written { hint, .. } = &mut self.words {
            *hint = Some(text.into());
        }
        self
    }
}

/// Findings are equal when they say the same, whether their words were written or are typed.
impl PartialEq for Finding {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
            && self.rule == other.rule
            && self.path == other.path
            && self.service_rule == other.service_rule
            && self.service_error == other.service_error
            && self.approvers == other.approvers
            && self.claim_value == other.claim_value
            && self.message() == other.message()
            && self.limit() == other.limit()
            && self.actual() == other.actual()
            && self.hint() == other.hint()
    }
}

impl Eq for Finding {}

/// A finding as the contract's JSON writes it (the serde form of [`Finding`]).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FindingJson<'a> {
    code: Code,
    #[serde(skip_serializing_if = "Option::is_none", default, borrow)]
    rule: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none", default, borrow)]
    path: Option<Cow<'a, str>>,
    #[serde(borrow)]
    message: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    service_rule: Option<ServiceRule>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    service_error: Option<ServiceError>,
    #[serde(skip_serializing_if = "Option::is_none", default, borrow)]
    limit: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none", default, borrow)]
    actual: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none", default, borrow)]
    hint: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    approvers: Option<Vec<Approver>>,
    #[serde(skip_serializing_if = "Option::is_none", default, borrow)]
    claim_value: Option<Cow<'a, str>>,
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        FindingJson {
            code: self.code,
            rule: self.rule.as_deref().map(Cow::Borrowed),
            path: self.path.as_deref().map(Cow::Borrowed),
            message: self.message(),
            service_rule: self.service_rule,
            service_error: self.service_error,
            limit: self.limit(),
            actual: self.actual(),
            hint: self.hint(),
            approvers: self.approvers.as_deref().map(<[Approver]>::to_vec),
            claim_value: self.claim_value.as_deref().map(Cow::Borrowed),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Finding {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = FindingJson::deserialize(deserializer)?;
        let owned = |text: Option<Cow<'_, str>>| text.map(Cow::into_owned);
        Ok(Finding {
            code: json.code,
            rule: owned(json.rule).map(Cow::Owned),
            path: owned(json.path).map(Cow::Owned),
            service_rule: json.service_rule,
            service_error: json.service_error,
            approvers: json.approvers.map(Into::into),
            claim_value: owned(json.claim_value),
            words: Words::Written {
                message: Cow::Owned(json.message.into_owned()),
                limit: owned(json.limit),
                actual: owned(json.actual),
                hint: owned(json.hint).map(Cow::Owned),
            },
        })
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

/// Puts findings in the contract's order: by the code's place in its table, then by path.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.code.rank(), a.path.as_deref()).cmp(&(b.code.rank(), b.path.as_deref()))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_words_read_and_serialize_as_written_words() {
        let start = crate::time::parse_date_time("2026-01-01T00:00:00Z").ok();
        let latest = start.and_then(|s| s.checked_add_signed(TimeDelta::hours(8)));
        let typed = Finding::over_maximum(TimeDelta::hours(9), TimeDelta::hours(8), latest)
            .path("/schedule/duration");
        let written = Finding::new(
            Code::DurationExceedsMaximum,
            "requested duration `PT9H` exceeds the maximum `PT8H`",
        )
        .path("/schedule/duration")
        .with_limit("PT8H".into())
        .with_actual("PT9H".into())
        .with_hint("request at most PT8H, ending no later than 2026-01-01T08:00:00Z");
        assert_eq!(typed, written);
        assert_eq!(typed.hint(), written.hint());
        let report = |finding: Finding| Report {
            allowed: false,
            request: RequestSummary {
                operation: "activate".into(),
                caller: "user".into(),
                level: "assignment".into(),
            },
            violations: vec![finding],
            obligations: Vec::new(),
            warnings: Vec::new(),
        };
        let (typed, written) = (report(typed), report(written));
        assert_eq!(typed.to_json(), written.to_json());
        assert_eq!(Some(typed.to_json()), serde_json::to_string(&typed).ok());
        let unbounded = Finding::over_maximum(TimeDelta::days(2), TimeDelta::days(1), None);
        assert_eq!(unbounded.hint().as_deref(), Some("request at most P1D"));
        assert_eq!(unbounded.limit().as_deref(), Some("P1D"));
        assert_eq!(unbounded.actual().as_deref(), Some("P2D"));
    }
}
