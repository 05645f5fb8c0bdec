//! The nearest request a policy accepts (issue #16, section 2), in the generation and JSON shape of
//! the request as given: the evaluator's findings are answered one by one at the paths they name
//! (a length clamped to the maximum or raised to the minimum, keeping the end or the duration the
//! request used; an expiration added where an end is required), and the corrected request is
//! checked again until nothing is left that the fix may change. What only the user can supply is
//! never invented: it is listed as a [`Need`].

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::Value;

use super::{pointer, write_optional, MINIMUM_DURATION};
use crate::duration::{format_iso8601, parse_iso8601};
use crate::error::Error;
use crate::json::{write_json, write_str, Json};
use crate::model::{Request, Schedule};
use crate::options::Options;
use crate::policy::Policy;
use crate::report::redact::Redactor;
use crate::report::{Code, Finding, Report};
use crate::time::format_date_time;

/// How many times a corrected request is checked again before the fix gives up: each round
/// answers every finding it can, and a change can only bring up a finding of another kind (an
/// added expiration over the maximum, a clamped length under the minimum).
const ROUNDS: usize = 4;

/// What only the user can supply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Need {
    /// A justification text.
    Justification,
    /// A ticket number.
    Ticket,
    /// Multi-factor authentication at sign-in.
    Mfa,
    /// The authentication context the service asks for.
    AuthenticationContext,
    /// The id of the eligible assignment an iteration-2 activation uses.
    LinkedEligibility,
}

impl Need {
    /// The need as `pimcheck fix` prints it: `justification`, `ticket`, `mfa`,
    /// `authenticationContext`, `linkedEligibility`.
    pub fn as_str(self) -> &'static str {
        match self {
            Need::Justification => "justification",
            Need::Ticket => "ticket",
            Need::Mfa => "mfa",
            Need::AuthenticationContext => "authenticationContext",
            Need::LinkedEligibility => "linkedEligibility",
        }
    }
}

/// One field the fix changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The field's JSON pointer, with the keys as the request wrote them.
    pub path: String,
    /// The value it had (`None`: absent or `null`).
    pub from: Option<Value>,
    /// The value it has now.
    pub to: Value,
}

/// The corrected request, with what it still needs from the user and what was changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The request as given with the changes made.
    pub request: Value,
    /// What the user must still supply for the request to pass (sorted, none twice).
    pub needs: Vec<Need>,
    /// The fields changed, in the order first changed.
    pub changes: Vec<Change>,
}

/// The outcome of a fix.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Fix {
    /// A request the policy accepts (once its `needs` are supplied).
    Suggested(Suggestion),
    /// No request the fix may make passes; the reason says why.
    Unavailable(String),
}

impl Fix {
    /// `pimcheck fix`'s exit code: 0 when the request passes as printed, 1 when it passes once the
    /// needs are supplied, 3 when no fix exists.
    pub fn exit_code(&self) -> u8 {
        match self {
            Fix::Suggested(s) if s.needs.is_empty() => 0,
            Fix::Suggested(_) => 1,
            Fix::Unavailable(_) => 3,
        }
    }

    /// The fix with the secrets of its request (principal, justification, ticket, ...) replaced by
    /// `redactor`'s placeholders (`--redact`), and values already seen hidden in its reason and in
    /// the changes; needs, paths and schedule values are kept.
    pub fn redacted(&self, redactor: &mut Redactor) -> Fix {
        match self {
            Fix::Suggested(suggestion) => Fix::Suggested(Suggestion {
                request: redactor.value(&suggestion.request),
                needs: suggestion.needs.clone(),
                changes: suggestion
                    .changes
                    .iter()
                    .map(|change| Change {
                        path: change.path.clone(),
                        from: change.from.as_ref().map(|from| redactor.value(from)),
                        to: redactor.value(&change.to),
                    })
                    .collect(),
            }),
            Fix::Unavailable(reason) => Fix::Unavailable(redactor.text(reason)),
        }
    }

    /// The suggestion as compact JSON (`{"request": ..., "needs": [...], "changes": [...]}`), or
    /// `null` where no fix exists.
    pub fn suggestion_json(&self) -> String {
        let mut out = String::with_capacity(256);
        write_suggestion(&mut out, self);
        out
    }
}

impl Suggestion {
    /// The corrected request as JSON text, indented where `pretty` (keys in byte order, as
    /// serde_json writes them).
    pub fn request_json(&self, pretty: bool) -> String {
        let mut out = String::with_capacity(256);
        write_json(&mut out, &Json::from_value(&self.request), pretty);
        out
    }
}

impl Report {
    /// The report's JSON ([`Report::to_json`]) with, for a denied request, the fix's `suggestion`
    /// (and `suggestionUnavailable`, the reason, where there is none); an allowed report is written
    /// as it is.
    pub fn to_json_with_fix(&self, fix: &Fix) -> String {
        let mut out = String::with_capacity(1024);
        crate::report::write_report_fields(&mut out, self);
        if !self.allowed {
            out.push_str(",\"suggestion\":");
            write_suggestion(&mut out, fix);
            if let Fix::Unavailable(reason) = fix {
                out.push_str(",\"suggestionUnavailable\":");
                write_str(&mut out, reason);
            }
        }
        out.push('}');
        out
    }
}

fn write_suggestion(out: &mut String, fix: &Fix) {
    let Fix::Suggested(suggestion) = fix else {
        out.push_str("null");
        return;
    };
    out.push_str("{\"request\":");
    write_json(out, &Json::from_value(&suggestion.request), false);
    out.push_str(",\"needs\":[");
    for (i, need) in suggestion.needs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, need.as_str());
    }
    out.push_str("],\"changes\":[");
    for (i, change) in suggestion.changes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"path\":");
        write_str(out, &change.path);
        out.push_str(",\"from\":");
        match &change.from {
            Some(from) => write_json(out, &Json::from_value(from), false),
            None => write_optional(out, None),
        }
        out.push_str(",\"to\":");
        write_json(out, &Json::from_value(&change.to), false);
        out.push('}');
    }
    out.push_str("]}");
}

impl Policy {
    /// The nearest request this policy accepts, in the shape of `request` (JSON text, read within
    /// the options' input limits). An unreadable request, or a policy set with no entry for it, is
    /// the input error; a request no fix makes pass is [`Fix::Unavailable`].
    pub fn fix_json(&self, request: &str, options: &Options) -> Result<Fix, Error> {
        let value = crate::json::parse_value(request, "request", &options.input_limits)?;
        self.fix_value(&value, options)
    }

    /// [`Policy::fix_json`] for a request given as a parsed JSON value.
    pub fn fix_value(&self, request: &Value, options: &Options) -> Result<Fix, Error> {
        let mut model = Request::from_value(request, options.level)?;
        let mut fixing = Fixing {
            request: request.clone(),
            changes: Vec::new(),
            now: options.now,
        };
        for _ in 0..ROUNDS {
            let report = self.check(&model, options)?;
            let mut needs = Vec::new();
            let mut changed = false;
            for finding in &report.violations {
                match answer(finding, &model) {
                    Answer::Need(need) => needs.push(need),
                    Answer::Length(length) => changed |= fixing.set_length(&model, finding, length),
                    Answer::Expire(length) => changed |= fixing.add_expiration(&model, length),
                    Answer::Pattern => changed |= fixing.set(model.paths.pattern, "Once".into()),
                    Answer::None(reason) => return Ok(Fix::Unavailable(reason)),
                }
            }
            if !changed {
                needs.sort_unstable();
                needs.dedup();
                return Ok(Fix::Suggested(Suggestion {
                    request: fixing.request,
                    needs,
                    changes: fixing.changes,
                }));
            }
            model = match Request::from_value(&fixing.request, options.level) {
                Ok(model) => model,
                Err(error) => return Ok(Fix::Unavailable(error.one_line())),
            };
        }
        Ok(Fix::Unavailable(
            "no request within the policy's limits was found: the changes keep bringing up findings"
                .into(),
        ))
    }
}

/// How the fix answers one violation.
enum Answer {
    /// Only the user can supply it.
    Need(Need),
    /// The schedule's length becomes this, at the finding's path.
    Length(TimeDelta),
    /// The permanent schedule gets an end this long after its start.
    Expire(TimeDelta),
    /// The iteration-2 schedule type becomes `Once`.
    Pattern,
    /// No fix: the reason.
    None(String),
}

fn answer(finding: &Finding, request: &Request) -> Answer {
    let limit = || finding.limit().and_then(|l| parse_iso8601(&l).ok());
    match finding.code {
        Code::JustificationRequired => Answer::Need(Need::Justification),
        Code::TicketRequired => Answer::Need(Need::Ticket),
        Code::MfaRequired => Answer::Need(Need::Mfa),
        Code::AuthenticationContextRequired => Answer::Need(Need::AuthenticationContext),
        Code::LinkedEligibilityRequired => Answer::Need(Need::LinkedEligibility),
        Code::InvalidScheduleType => Answer::Pattern,
        Code::DurationExceedsMaximum => limit().map_or_else(|| no_fix(finding), Answer::Length),
        // The nearest schedule that ends after its start (and after now), or that the service does
        // not refuse as too short, is the shortest one it accepts.
        Code::EndNotAfterStart | Code::EndInPast | Code::DurationTooShort => {
            Answer::Length(MINIMUM_DURATION)
        }
        Code::PermanentNotAllowed => match limit() {
            Some(maximum) => Answer::Expire(maximum),
            None => Answer::None(format!(
                "{}; the policy sets no maximum duration to end the {} at: give an end",
                finding.message(),
                if request.operation == crate::model::Operation::Activate {
                    "activation"
                } else {
                    "request"
                }
            )),
        },
        _ => no_fix(finding),
    }
}

fn no_fix(finding: &Finding) -> Answer {
    Answer::None(format!("{}: {}", finding.code.as_str(), finding.message()))
}

/// The request being corrected and the changes made so far.
struct Fixing {
    request: Value,
    changes: Vec<Change>,
    now: DateTime<Utc>,
}

impl Fixing {
    /// Sets the field at `path` to `to`; a field changed before keeps its first `from`. Whether
    /// anything changed.
    fn set(&mut self, path: &str, to: Value) -> bool {
        let Some((written, from)) = pointer::set(&mut self.request, path, to.clone()) else {
            return false;
        };
        if from.as_ref() == Some(&to) {
            return false;
        }
        match self.changes.iter_mut().find(|c| c.path == written) {
            Some(change) => change.to = to,
            None => self.changes.push(Change {
                path: written,
                from,
                to,
            }),
        }
        true
    }

    /// Makes the schedule `length` long, in the form the finding names: the duration (and an end
    /// given beside it, which must agree), or the end, counted from the start the service uses.
    fn set_length(&mut self, request: &Request, finding: &Finding, length: TimeDelta) -> bool {
        let paths = request.paths;
        let schedule = request.schedule.as_ref();
        let written_start = schedule.and_then(|s| s.start).unwrap_or(self.now);
        if finding.path.as_deref() == Some(paths.duration) {
            let mut changed = self.set(paths.duration, format_iso8601(length).into());
            if schedule.and_then(|s| s.end).is_some() {
                changed |= self.set_end(paths.end, written_start, length);
            }
            changed
        } else if finding.path.as_deref() == Some(paths.end) {
            self.set_end(paths.end, effective_start(schedule, self.now), length)
        } else {
            false
        }
    }

    fn set_end(&mut self, path: &str, start: DateTime<Utc>, length: TimeDelta) -> bool {
        match start.checked_add_signed(length) {
            Some(end) => self.set(path, format_date_time(end).into()),
            None => false,
        }
    }

    /// Gives a permanent schedule a duration of `length` from its start: the iteration-2
    /// `duration`, or an iteration-3 expiration of type `afterDuration` (spelt as the request
    /// spells its enumerations).
    fn add_expiration(&mut self, request: &Request, length: TimeDelta) -> bool {
        let paths = request.paths;
        let mut changed = self.set(paths.duration, format_iso8601(length).into());
        if paths.expiration != paths.end {
            let type_path = format!("{}/type", paths.expiration);
            let pascal = pointer::get(&self.request, &type_path)
                .or_else(|| pointer::get(&self.request, paths.operation))
                .and_then(Value::as_str)
                .and_then(|t| t.chars().next())
                .is_some_and(char::is_uppercase);
            let after_duration = if pascal {
                "AfterDuration"
            } else {
                "afterDuration"
            };
            changed |= self.set(&type_path, after_duration.into());
        }
        changed
    }
}

/// The start the service uses: the requested one, or now where none is given or it is past.
fn effective_start(schedule: Option<&Schedule>, now: DateTime<Utc>) -> DateTime<Utc> {
    schedule
        .and_then(|s| s.start)
        .map_or(now, |start| start.max(now))
}
