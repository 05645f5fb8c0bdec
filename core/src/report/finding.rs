//! A finding: its code, where it points, and its words, written when read or serialized.

use std::borrow::Cow;

use chrono::{DateTime, TimeDelta, Utc};

use super::{Code, ServiceError, ServiceRule, Text};
use crate::duration::{format_iso8601, write_iso8601};
use crate::model::Approver;
use crate::time::write_date_time;

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
    pub(super) words: Words,
}

/// What a finding says: written out when it was made, or the typed values its words are made of.
#[derive(Debug, Clone)]
pub(super) enum Words {
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
