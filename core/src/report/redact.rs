//! Redaction (issue #16, section 4): who asked, who approves, why and under which ticket become
//! stable placeholders, so that a report can be pasted into a ticket or a CI log.
//!
//! One [`Redactor`] lives for one run (a CLI invocation, a batch, one binding call): the same value
//! gets the same placeholder each time it is seen (`principal-1`, `approver-2`, `<name-1>`,
//! `<ticket-1>`, `<recipient-1>`; every justification is `<justification>`), and nothing else
//! changes: codes, paths, limits, durations and times are kept as they are. A report is redacted
//! after it is made (the evaluator never sees a placeholder), in output order, so that the
//! numbering does not depend on threads.
//!
//! Free text (messages, hints, `actual`) carries a user's value in backticks (the error style), so
//! text is redacted span by span: a backtick span that is a value already seen becomes its
//! placeholder, and every span of an error at a field that holds a secret (`/principalId`,
//! `/justification`, `/ticketInfo/ticketNumber`, ...) becomes that field's placeholder. A secret is
//! never searched for outside backticks, where a short one (`a`) would match ordinary words.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use super::finding::Words;
use super::{Finding, Report};
use crate::error::Error;
use crate::model::{Approver, Request};

/// What a redacted value was, which decides its placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Secret {
    /// The principal a request is for (`principalId`, `subjectId`): `principal-N`.
    Principal,
    /// An approver's object id: `approver-N`.
    Approver,
    /// A display name or description of a person or group: `<name-N>`.
    DisplayName,
    /// A justification: `<justification>` (its text is never numbered, it is never an identifier).
    Justification,
    /// A ticket number: `<ticket-N>`.
    Ticket,
    /// A notification's additional recipient (an email address): `<recipient-N>`.
    Recipient,
}

impl Secret {
    /// The secret a request or policy field of this name holds (compared case- and
    /// underscore-blind, as the readers compare keys), where it holds one. `in_approvers` says the
    /// field is in an approver's object, where `id` and `description` name the approver.
    pub fn of_field(name: &str, in_approvers: bool) -> Option<Secret> {
        let key: String = name
            .chars()
            .filter(|c| *c != '_')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match key.as_str() {
            "principalid" | "subjectid" => Some(Secret::Principal),
            "justification" | "reason" => Some(Secret::Justification),
            "ticketnumber" => Some(Secret::Ticket),
            "notificationrecipients" => Some(Secret::Recipient),
            "displayname" => Some(Secret::DisplayName),
            "id" | "userid" if in_approvers => Some(Secret::Approver),
            "description" if in_approvers => Some(Secret::DisplayName),
            _ => None,
        }
    }

    fn placeholder(self, number: usize) -> String {
        match self {
            Secret::Principal => format!("principal-{}", number),
            Secret::Approver => format!("approver-{}", number),
            Secret::DisplayName => format!("<name-{}>", number),
            Secret::Justification => "<justification>".to_owned(),
            Secret::Ticket => format!("<ticket-{}>", number),
            Secret::Recipient => format!("<recipient-{}>", number),
        }
    }
}

/// Gives stable placeholders for the values of one run; see the module's documentation.
#[derive(Debug, Default, Clone)]
pub struct Redactor {
    /// Every value seen, by kind: its place in `order`.
    seen: HashMap<(Secret, String), usize>,
    /// Every value seen and its placeholder, in the order they were seen: text is matched against
    /// them in this order, so that the answer never depends on a hash.
    order: Vec<(String, String)>,
    /// How many values of each kind have been numbered.
    counts: HashMap<Secret, usize>,
}

impl Redactor {
    /// A redactor that has seen nothing yet.
    pub fn new() -> Self {
        Redactor::default()
    }

    /// The placeholder of `value` as a `secret`: the one it was given before, or the next number.
    /// An empty value stays empty (nothing is hidden, and a missing field stays recognizable).
    pub fn placeholder(&mut self, secret: Secret, value: &str) -> String {
        if value.is_empty() {
            return String::new();
        }
        if let Some((_, known)) = self
            .seen
            .get(&(secret, value.to_owned()))
            .and_then(|place| self.order.get(*place))
        {
            return known.clone();
        }
        let count = self.counts.entry(secret).or_insert(0);
        *count += 1;
        let placeholder = secret.placeholder(*count);
        self.seen
            .insert((secret, value.to_owned()), self.order.len());
        self.order.push((value.to_owned(), placeholder.clone()));
        placeholder
    }

    /// Makes the secrets of `request` known, so that text mentioning them is redacted even where
    /// no field says what they are.
    pub fn learn_request(&mut self, request: &Request) {
        let fields = [
            (Secret::Principal, request.principal_id.as_deref()),
            (Secret::Justification, request.justification.as_deref()),
            (Secret::Ticket, request.ticket_number.as_deref()),
        ];
        for (secret, value) in fields {
            if let Some(value) = value {
                self.placeholder(secret, value);
            }
        }
    }

    /// The report with its approvers' ids and names replaced and every value already seen
    /// replaced in its text.
    pub fn report(&mut self, report: &Report) -> Report {
        let mut redact = |findings: &[Finding]| -> Vec<Finding> {
            findings.iter().map(|f| self.finding(f)).collect()
        };
        Report {
            allowed: report.allowed,
            request: report.request.clone(),
            violations: redact(&report.violations),
            obligations: redact(&report.obligations),
            warnings: redact(&report.warnings),
        }
    }

    /// One finding, redacted as [`Redactor::report`] does.
    pub fn finding(&mut self, finding: &Finding) -> Finding {
        let mut out = finding.clone();
        if let Some(approvers) = &finding.approvers {
            out.approvers = Some(self.approvers(approvers));
        }
        if let Words::Written {
            message,
            actual,
            hint,
            ..
        } = &mut out.words
        {
            *message = self.text(message).into();
            if let Some(actual) = actual {
                *actual = self.value_or_text(actual);
            }
            if let Some(hint) = hint {
                *hint = self.text(hint).into();
            }
        }
        out
    }

    /// Approvers with their ids and display names replaced (`kind` kept).
    pub fn approvers(&mut self, approvers: &[Approver]) -> Arc<[Approver]> {
        approvers
            .iter()
            .map(|approver| Approver {
                id: approver
                    .id
                    .as_deref()
                    .map(|id| self.placeholder(Secret::Approver, id)),
                kind: approver.kind.clone(),
                display_name: approver
                    .display_name
                    .as_deref()
                    .map(|name| self.placeholder(Secret::DisplayName, name)),
            })
            .collect()
    }

    /// An input error with the user's values hidden: every backtick span of an error at a field
    /// that holds a secret, and every span that is a value already seen. Code, path and index stay.
    pub fn error(&mut self, error: &Error) -> Error {
        // The value at a secret field is not numbered: the request may not have been read, and a
        // number made here would not be the one the value gets in a report.
        let message = match secret_at(error.path()) {
            Some(secret) => replace_spans(error.message(), |_| Some(hidden(secret))),
            None => self.text(error.message()),
        };
        let hint = error.hint().map(|hint| self.text(hint));
        error.clone().with_texts(message, hint)
    }

    /// `text` with every backtick span that is a value already seen (or its shortened form, as
    /// messages cut long values) replaced by that value's placeholder.
    pub fn text(&self, text: &str) -> String {
        replace_spans(text, |span| self.known(span))
    }

    /// A whole value (`actual`) that was seen is replaced; otherwise its backtick spans are.
    fn value_or_text(&self, value: &str) -> String {
        self.known(value).unwrap_or_else(|| self.text(value))
    }

    fn known(&self, span: &str) -> Option<String> {
        let unquoted = span
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(span);
        let cut = unquoted.strip_suffix('…');
        self.order
            .iter()
            .find(|(value, _)| value == unquoted || cut.is_some_and(|cut| value.starts_with(cut)))
            .map(|(_, placeholder)| placeholder.clone())
    }

    /// A JSON document (a request, a policy, a corrected request) with the values of its secret
    /// fields replaced ([`Secret::of_field`]), its shape and every other value kept.
    pub fn value(&mut self, value: &Value) -> Value {
        self.value_in(value, None, false)
    }

    fn value_in(&mut self, value: &Value, secret: Option<Secret>, in_approvers: bool) -> Value {
        match value {
            Value::String(text) => match secret {
                Some(secret) => Value::String(self.placeholder(secret, text)),
                None => value.clone(),
            },
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.value_in(item, secret, in_approvers))
                    .collect(),
            ),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(key, item)| {
                        let approvers = in_approvers || is_approvers_key(key);
                        let secret = Secret::of_field(key, approvers).or(secret);
                        (key.clone(), self.value_in(item, secret, approvers))
                    })
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

/// Whether an object's key holds approvers (iteration 2 `Approvers`, iteration 3
/// `primaryApprovers` / `escalationApprovers`).
fn is_approvers_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key == "approvers" || key.ends_with("approvers")
}

/// The secret an error's path points at, where its last segment names a secret field.
fn secret_at(path: &str) -> Option<Secret> {
    let field = path.strip_prefix('/')?.rsplit('/').next()?;
    Secret::of_field(field, false)
}

/// What an unnumbered value of `secret` is shown as in an error message.
fn hidden(secret: Secret) -> String {
    match secret {
        Secret::Principal => "<principal>".to_owned(),
        Secret::Approver => "<approver>".to_owned(),
        Secret::DisplayName => "<name>".to_owned(),
        Secret::Justification => "<justification>".to_owned(),
        Secret::Ticket => "<ticket>".to_owned(),
        Secret::Recipient => "<recipient>".to_owned(),
    }
}

/// `text` with the content of each backtick span replaced by `replace`'s answer, where it gives
/// one. An unclosed backtick leaves the rest of the text as it is.
fn replace_spans(text: &str, mut replace: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('`') {
        out.push_str(before);
        out.push('`');
        match after.split_once('`') {
            Some((span, tail)) => {
                out.push_str(&replace(span).unwrap_or_else(|| span.to_owned()));
                out.push('`');
                rest = tail;
            }
            None => {
                rest = after;
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::report::Code;

    #[test]
    fn the_same_value_gets_the_same_placeholder_within_a_run() {
        let mut redactor = Redactor::new();
        assert_eq!(redactor.placeholder(Secret::Principal, "a1"), "principal-1");
        assert_eq!(redactor.placeholder(Secret::Principal, "b2"), "principal-2");
        assert_eq!(redactor.placeholder(Secret::Principal, "a1"), "principal-1");
        assert_eq!(redactor.placeholder(Secret::Approver, "a1"), "approver-1");
        assert_eq!(redactor.placeholder(Secret::Ticket, "INC-7"), "<ticket-1>");
        assert_eq!(
            redactor.placeholder(Secret::Justification, "on call"),
            "<justification>"
        );
        assert_eq!(redactor.placeholder(Secret::Principal, ""), "");
    }

    #[test]
    fn a_report_keeps_everything_but_the_secrets() {
        let approvers: Arc<[Approver]> = vec![Approver {
            id: Some("5c0f".into()),
            kind: Some("User".into()),
            display_name: Some("Ada Lovelace".into()),
        }]
        .into();
        let mut approval = Finding::new(Code::ApprovalRequired, "approval is required");
        approval.approvers = Some(approvers);
        let warning =
            Finding::new(Code::UnknownRule, "about `INC-7` and `a`").with_actual("a".into());
        let report = Report {
            allowed: true,
            request: super::super::RequestSummary {
                operation: "activate".into(),
                caller: "user".into(),
                level: "assignment".into(),
            },
            violations: Vec::new(),
            obligations: vec![approval],
            warnings: vec![warning],
        };
        let mut redactor = Redactor::new();
        redactor.placeholder(Secret::Ticket, "INC-7");
        let redacted = redactor.report(&report).to_json();
        let expected = report
            .to_json()
            .replace("5c0f", "approver-1")
            .replace("Ada Lovelace", "<name-1>")
            .replace("`INC-7`", "`<ticket-1>`");
        assert_eq!(redacted, expected);
        assert!(
            redacted.contains("`a`"),
            "an unknown value stays: {}",
            redacted
        );
    }

    #[test]
    fn an_error_at_a_secret_field_hides_its_value_and_keeps_its_path() {
        let mut redactor = Redactor::new();
        let error = Error::new(
            ErrorCode::InvalidRequest,
            "/ticketInfo/ticketNumber",
            "expected a string, found the number `4711`",
        )
        .with_hint("give the ticket number as a string")
        .at_index(2);
        let redacted = redactor.error(&error);
        assert_eq!(redacted.path(), "/2/ticketInfo/ticketNumber");
        assert_eq!(redacted.index(), Some(2));
        assert_eq!(redacted.code(), ErrorCode::InvalidRequest);
        assert_eq!(
            redacted.message(),
            "expected a string, found the number `<ticket>`"
        );
        assert_eq!(redacted.hint(), Some("give the ticket number as a string"));
        let reason = Error::new(ErrorCode::InvalidRequest, "/reason", "found `secret text`");
        assert_eq!(redactor.error(&reason).message(), "found `<justification>`");
    }

    #[test]
    fn shortened_values_in_messages_are_found() {
        let mut redactor = Redactor::new();
        let long = "x".repeat(80);
        redactor.placeholder(Secret::Justification, &long);
        let shown = format!("found the string `{}…`", "x".repeat(60));
        assert_eq!(redactor.text(&shown), "found the string `<justification>`");
        assert_eq!(redactor.text("unclosed `x"), "unclosed `x");
    }

    #[test]
    fn a_document_keeps_its_shape_and_hides_its_secret_fields() {
        let request = serde_json::json!({
            "principalId": "p-1", "justification": "on call",
            "ticketInfo": {"ticketNumber": "INC-7", "ticketSystem": "SNOW"},
            "roleDefinitionId": "r", "scheduleInfo": {"expiration": {"duration": "PT8H"}},
            "rules": [{"setting": {"primaryApprovers": [{"id": "a-1", "description": "Ops"}]},
                       "notificationRecipients": ["x@contoso.com"], "id": "Approval_EndUser_Assignment"}]
        });
        let mut redactor = Redactor::new();
        let redacted = redactor.value(&request);
        let expected = serde_json::json!({
            "principalId": "principal-1", "justification": "<justification>",
            "ticketInfo": {"ticketNumber": "<ticket-1>", "ticketSystem": "SNOW"},
            "roleDefinitionId": "r", "scheduleInfo": {"expiration": {"duration": "PT8H"}},
            "rules": [{"setting": {"primaryApprovers": [{"id": "approver-1", "description": "<name-1>"}]},
                       "notificationRecipients": ["<recipient-1>"], "id": "Approval_EndUser_Assignment"}]
        });
        assert_eq!(redacted, expected);
    }
}
